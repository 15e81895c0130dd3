import type { APIRoute } from 'astro';
import { documentsMadeByBuild, redlinePdfBytes, sitePdfBytes, type SitePolicy, type SiteRedline } from './policies';

/**
 * Static paths for some PDFs, each beside its page: the page's own params, and `file`. In a
 * `policy build` there are none: its document stage makes every PDF and puts it into the site.
 */
export function pdfPaths<T extends SitePolicy | SiteRedline>(entries: T[], params: (entry: T) => Record<string, string>) {
  if (documentsMadeByBuild()) return [];
  return entries.map((entry) => ({ params: { ...params(entry), file: entry.pdfFileName.replace(/\.pdf$/, '') }, props: { entry } }));
}

/** Serves a policy's PDF (when the site runs on its own). */
export const pdfResponse: APIRoute = async ({ props }) => {
  const bytes = await sitePdfBytes((props as { entry: SitePolicy }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': 'application/pdf' } });
};

/** Serves a redline's PDF (when the site runs on its own). */
export const redlinePdfResponse: APIRoute = async ({ props }) => {
  const bytes = await redlinePdfBytes((props as { entry: SiteRedline }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': 'application/pdf' } });
};

/** The last folder of an address: `/schools/x/social-media/versions/v1/` → `v1`. */
export function lastSegment(href: string): string {
  return href.split('/').filter(Boolean).at(-1)!;
}
