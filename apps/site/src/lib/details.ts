import type { School, SchoolPolicy } from '@school-policy/core';
import { words } from './words';

/** One detail a school filled in, as its file names it (`headteacher.title`) and as the policy shows it. */
export interface SchoolDetail {
  name: string;
  value: string;
}

/** Everything in the school's `details:` (or, given a policy, that policy's own `details:`), flattened to dotted names, in the order of its file. */
export function schoolDetails(school: School, policy?: SchoolPolicy): SchoolDetail[] {
  if (!policy) return flatten(school.details, '');
  const shared = new Set(flatten(school.details, '').map((detail) => detail.name));
  return flatten(policy.details, '').filter((detail) => !shared.has(detail.name));
}

function flatten(value: unknown, name: string): SchoolDetail[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(inner, name ? `${name}.${key}` : key));
  }
  return [{ name, value: shown(value) }];
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.map(shown).join('; ');
  if (typeof value === 'boolean') return value ? words.school.yes : words.school.no;
  return String(value);
}
