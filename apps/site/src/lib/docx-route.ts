import type { APIRoute } from 'astro';
import { documentsMadeByBuild, redlineDocxBytes, siteDocxBytes, type SitePolicy, type SiteRedline } from './policies';

/** The media type of a Word document. */
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Static paths for some policies' (or comparisons') Word documents, each beside its page and PDF: the page's own
 * params, and `file`. In a `policy build` there are none: its document stage makes them.
 */
export function docxPaths<T extends SitePolicy | SiteRedline>(entries: T[], params: (entry: T) => Record<string, string>) {
  if (documentsMadeByBuild()) return [];
  return entries.map((entry) => ({ params: { ...params(entry), file: entry.docxFileName.replace(/\.docx$/, '') }, props: { entry } }));
}

/** Serves a policy's Word document (when the site runs on its own). */
export const docxResponse: APIRoute = async ({ props }) => {
  const bytes = await siteDocxBytes((props as { entry: SitePolicy }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': docxType } });
};

/** Serves a redline's Word document with tracked changes (when the site runs on its own). */
export const redlineDocxResponse: APIRoute = async ({ props }) => {
  const bytes = await redlineDocxBytes((props as { entry: SiteRedline }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': docxType } });
};
