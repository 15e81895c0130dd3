import type { GetStaticPaths } from 'astro';
import { docxPaths, redlineDocxResponse } from '../../../../../../lib/docx-route';
import { lastSegment } from '../../../../../../lib/pdf-route';
import { siteRedlines } from '../../../../../../lib/policies';

/** Each comparison's Word document with tracked changes, beside its page and PDF. */
export const getStaticPaths = (() =>
  docxPaths(
    siteRedlines().filter((entry) => !entry.school),
    (entry) => ({ publisher: entry.publisher.id, policy: entry.publisher.model, change: lastSegment(entry.href) }),
  )) satisfies GetStaticPaths;

export const GET = redlineDocxResponse;
