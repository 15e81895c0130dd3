import type { APIRoute, GetStaticPaths } from 'astro';
import { sitePdf, sitePolicies, type SitePolicy } from '../../../../lib/policies';

export const getStaticPaths = (() =>
  sitePolicies().map((entry) => ({
    params: { school: entry.school.id, policy: entry.policy.model.id, file: entry.pdfFileName.replace(/\.pdf$/, '') },
    props: { entry },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { bytes } = await sitePdf((props as { entry: SitePolicy }).entry);
  return new Response(bytes as BodyInit, { headers: { 'Content-Type': 'application/pdf' } });
};
