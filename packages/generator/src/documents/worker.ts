import { createHash } from 'node:crypto';
import type { FilledPolicy } from '../filled-policy.js';
import { renderDocx } from '../docx/render-docx.js';
import { renderPdfWithPages } from '../pdf/render-pdf.js';
import { renderRedlinePdf } from '../pdf/render-redline.js';
import { renderRedlineDocx } from '../docx/render-redline-docx.js';
import type { VersionDiff } from '../versions.js';
import { writeWhole, type DocumentInfo, type DocumentKind } from './cache.js';

/** One document for a worker to render and write to `path`. */
export type DocumentJob = { kind: 'pdf' | 'docx'; input: FilledPolicy; path: string } | { kind: Extract<DocumentKind, 'redline' | 'redline-docx'>; input: VersionDiff; path: string };

/**
 * Renders one document in a worker thread of the document stage's pool and writes it to its path
 * in the cache; gives back its size, page count and hash. The bytes never leave the worker.
 */
export default async function renderDocument(job: DocumentJob): Promise<DocumentInfo> {
  const { bytes, pages } = await render(job);
  writeWhole(job.path, bytes);
  return { bytes: bytes.length, pages, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function render(job: DocumentJob): Promise<{ bytes: Uint8Array; pages: number }> {
  switch (job.kind) {
    case 'pdf':
      return renderPdfWithPages(job.input);
    case 'redline':
      return renderRedlinePdf(job.input);
    case 'redline-docx':
      return { bytes: await renderRedlineDocx(job.input), pages: 0 };
    case 'docx':
      return { bytes: await renderDocx(job.input), pages: 0 };
  }
}
