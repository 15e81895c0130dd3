import type { GetStaticPaths } from 'astro';
import { lastSegment, pdfPaths, redlinePdfResponse } from '../../../../../../lib/pdf-route';
import { siteRedlines, schoolPages } from '../../../../../../lib/policies';

export const getStaticPaths = (() =>
  pdfPaths(
    schoolPages(siteRedlines().filter((entry) => entry.school)),
    (entry) => ({ school: entry.school!.id, policy: entry.publisher.model, change: lastSegment(entry.href) }),
  )) satisfies GetStaticPaths;

export const GET = redlinePdfResponse;
