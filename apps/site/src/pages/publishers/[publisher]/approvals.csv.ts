import type { APIRoute, GetStaticPaths } from 'astro';
import { approvalsTemplate, type Publisher } from '@school-policy/core';
import { loadSiteProject } from '../../../lib/policies';

/**
 * Each publisher's form for recording many approvals at once, as `policy adopt --template
 * --publisher ID` writes it: a row for each open school's each policy, to fill in and record with
 * `policy adopt --from`.
 */
export const getStaticPaths = (() =>
  [...loadSiteProject().publishers.values()].map((publisher) => ({ params: { publisher: publisher.id }, props: { publisher } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(approvalsTemplate(loadSiteProject(), (props as { publisher: Publisher }).publisher.id), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
