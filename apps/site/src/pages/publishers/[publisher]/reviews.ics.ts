import type { APIRoute, GetStaticPaths } from 'astro';
import { renderCalendar, type Calendar } from '@school-policy/generator';
import { publisherReviewCalendars } from '../../../lib/feeds';

/** Each publisher's calendar of when its open schools' policies are next due for review. */
export const getStaticPaths = (() =>
  publisherReviewCalendars().map(({ publisher, calendar }) => ({ params: { publisher: publisher.id }, props: { calendar } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(renderCalendar((props as { calendar: Calendar }).calendar), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
