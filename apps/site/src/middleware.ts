import { withoutUnsafeCharacters } from '@school-policy/core';
import type { MiddlewareHandler } from 'astro';

/**
 * Every page without the control characters and noncharacters no page may hold, whatever
 * reached it: `policy check` refuses them in every value and template, and this is the
 * second line of defence.
 */
export const onRequest: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  const html = await response.text();
  return new Response(withoutUnsafeCharacters(html), { status: response.status, statusText: response.statusText, headers: response.headers });
};
