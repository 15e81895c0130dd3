import type { APIRoute, GetStaticPaths } from 'astro';
import { policyStatus, statusCsv, type Publisher } from '@school-policy/core';
import { loadSiteProject } from '../../../lib/policies';
import { statusDate } from '../../../lib/schools';

/**
 * Each publisher's schools' policies and where each stands against its review date on the day the
 * site was built, as `policy status --publisher ID --format csv` prints it: for a spreadsheet.
 */
export const getStaticPaths = (() =>
  [...loadSiteProject().publishers.values()].map((publisher) => ({ params: { publisher: publisher.id }, props: { publisher } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(statusCsv(policyStatus(loadSiteProject(), statusDate, (props as { publisher: Publisher }).publisher.id).rows), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
