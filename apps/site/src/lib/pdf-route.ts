import type { APIRoute } from 'astro';
import { sitePdf, type SitePolicy } from './policies';

/** Static paths for the PDFs of some policies, each beside its page. */
export function pdfPaths(entries: SitePolicy[], params: (entry: SitePolicy) => Record<string, string>) {
  return entries.map((entry) => ({ params: { ...params(entry), file: entry.pdfFileName.replace(/\.pdf$/, '') }, props: { entry } }));
}

/** Serves a policy's PDF. */
export const pdfResponse: APIRoute = async ({ props }) => {
  const { bytes } = await sitePdf((props as { entry: SitePolicy }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': 'application/pdf' } });
};
