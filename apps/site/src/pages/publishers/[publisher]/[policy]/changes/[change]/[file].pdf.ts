import type { GetStaticPaths } from 'astro';
import { lastSegment, pdfPaths, redlinePdfResponse } from '../../../../../../lib/pdf-route';
import { siteRedlines } from '../../../../../../lib/policies';

export const getStaticPaths = (() =>
  pdfPaths(
    siteRedlines().filter((entry) => !entry.school),
    (entry) => ({ publisher: entry.publisher.id, policy: entry.publisher.model, change: lastSegment(entry.href) }),
  )) satisfies GetStaticPaths;

export const GET = redlinePdfResponse;
