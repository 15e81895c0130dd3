import type { APIRoute } from 'astro';
import { redlinePdf, sitePdf, type SitePolicy, type SiteRedline } from './policies';

/** Static paths for some PDFs, each beside its page: the page's own params, and `file`. */
export function pdfPaths<T extends SitePolicy | SiteRedline>(entries: T[], params: (entry: T) => Record<string, string>) {
  return entries.map((entry) => ({ params: { ...params(entry), file: entry.pdfFileName.replace(/\.pdf$/, '') }, props: { entry } }));
}

/** Serves a policy's PDF. */
export const pdfResponse: APIRoute = async ({ props }) => {
  const { bytes } = await sitePdf((props as { entry: SitePolicy }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': 'application/pdf' } });
};

/** Serves a redline's PDF. */
export const redlinePdfResponse: APIRoute = async ({ props }) => {
  const { bytes } = await redlinePdf((props as { entry: SiteRedline }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': 'application/pdf' } });
};

/** The last folder of an address: `/schools/x/social-media/versions/v1/` → `v1`. */
export function lastSegment(href: string): string {
  return href.split('/').filter(Boolean).at(-1)!;
}
