import type { APIRoute, GetStaticPaths } from 'astro';
import { renderCalendar, type Calendar } from '@school-policy/generator';
import { reviewCalendars } from '../../../lib/feeds';
import { schoolPages } from '../../../lib/policies';

/** Each school's calendar of when its policies are next due for review. */
export const getStaticPaths = (() =>
  schoolPages(reviewCalendars()).map(({ school, calendar }) => ({ params: { school: school.id }, props: { calendar } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(renderCalendar((props as { calendar: Calendar }).calendar), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
