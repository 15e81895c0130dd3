import * as z from 'zod';

/**
 * Ids of models, publishers, schools, parts and blocks: lower-case words joined by hyphens
 * (`laughton-cps`, `friend-requests`). Block ids are unique within their model, so that a clause
 * keeps its identity when it moves to another section.
 */
export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const slugSchema = z.string().regex(slugPattern, 'use lower-case letters and digits joined by hyphens, such as laughton-cps');
