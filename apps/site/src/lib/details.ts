import { registerDetails, type School, type SchoolPolicy } from '@school-policy/core';
import { words } from './words';

/** One detail a school filled in, as its file names it (`headteacher.title`) and as the policy shows it. */
export interface SchoolDetail {
  name: string;
  value: string;
}

/**
 * Everything in the school's `details:`, then what the register of schools gives that the school
 * does not (marked so); or, given a policy, that policy's own `details:`. Flattened to dotted
 * names, in the order of its file.
 */
export function schoolDetails(school: School, policy?: SchoolPolicy): SchoolDetail[] {
  const given = flatten(school.details, '');
  const names = new Set(given.map((detail) => detail.name));
  const fromRegister = flatten(registerDetails(school.establishment), '');
  if (!policy) return [...given, ...fromRegister.filter((detail) => !names.has(detail.name)).map((detail) => ({ ...detail, value: `${detail.value} ${words.school.fromRegister}` }))];
  const registered = new Map(fromRegister.map((detail) => [detail.name, detail.value]));
  return flatten(policy.details, '').filter((detail) => !names.has(detail.name) && registered.get(detail.name) !== detail.value);
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
