import type { FilledPolicy } from '../filled-policy.js';
import type { VersionDiff } from '../versions.js';
import type { DocumentStageReport, SiteDocument } from './stage.js';

// The renderers of PDFs and Word documents, each loaded when it is first called. pdfkit, fontkit,
// docx and the worker pool take about a third of a second to load, which a command that makes no
// document (diff, adopt, history, check) should not spend, and a command scoped to one school
// should spend only once it knows it will render.

/** A policy as a PDF (see pdf/render-pdf.ts). */
export async function renderPdf(policy: FilledPolicy): Promise<Uint8Array> {
  return (await import('../pdf/render-pdf.js')).renderPdf(policy);
}

/** A policy as a PDF, with its page count (see pdf/render-pdf.ts). */
export async function renderPdfWithPages(policy: FilledPolicy): Promise<{ bytes: Uint8Array; pages: number }> {
  return (await import('../pdf/render-pdf.js')).renderPdfWithPages(policy);
}

/** A comparison of two versions as a PDF (see pdf/render-redline.ts). */
export async function renderRedlinePdf(diff: VersionDiff): Promise<{ bytes: Uint8Array; pages: number }> {
  return (await import('../pdf/render-redline.js')).renderRedlinePdf(diff);
}

/** A comparison of two versions as a Word document with tracked changes (see docx/render-redline-docx.ts). */
export async function renderRedlineDocx(diff: VersionDiff): Promise<Uint8Array> {
  return (await import('../docx/render-redline-docx.js')).renderRedlineDocx(diff);
}

/** A policy as a Word document (see docx/render-docx.ts). */
export async function renderDocx(policy: FilledPolicy): Promise<Uint8Array> {
  return (await import('../docx/render-docx.js')).renderDocx(policy);
}

/** Every document of a site, made in a pool of worker threads and kept in a cache (see documents/stage.ts). */
export async function renderSiteDocuments(list: readonly SiteDocument[], options: { cacheDir: string; threads?: number }): Promise<DocumentStageReport> {
  return (await import('./stage.js')).renderSiteDocuments(list, options);
}
