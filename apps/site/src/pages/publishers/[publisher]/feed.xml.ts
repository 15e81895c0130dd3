import type { APIRoute, GetStaticPaths } from 'astro';
import type { Publisher } from '@school-policy/core';
import { renderAtomFeed } from '@school-policy/generator';
import { publisherFeed } from '../../../lib/feeds';
import { loadSiteProject } from '../../../lib/policies';

/** Each publisher's Atom feed of its template's releases and its schools' adoptions. */
export const getStaticPaths = (() =>
  [...loadSiteProject().publishers.values()].map((publisher) => ({ params: { publisher: publisher.id }, props: { publisher } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(renderAtomFeed(publisherFeed((props as { publisher: Publisher }).publisher)), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' },
  });
