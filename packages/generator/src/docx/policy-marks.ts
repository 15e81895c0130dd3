import { createHash } from 'node:crypto';
import type { FilledPolicy } from '../filled-policy.js';

/**
 * What a policy's Word document carries so that an edited copy can come back: a hidden bookmark
 * at each clause, named after its id, and document properties saying whose policy, which version
 * and which release it is. Word and LibreOffice keep both when a document is edited and saved.
 */

/** The custom document properties' names (File > Properties > Custom in Word). */
export const propertyNames = {
  school: 'Policy school',
  policy: 'Policy model',
  version: 'Policy version',
  release: 'Policy release',
} as const;

export type PolicyDocumentProperties = Record<keyof typeof propertyNames, string>;

/** The document properties of a policy's Word document: its school (or template), model, version (`draft`, `v2`) and release. */
export function documentProperties(policy: FilledPolicy): { name: string; value: string }[] {
  const values: PolicyDocumentProperties = { school: policy.school.id, policy: policy.model.id, version: policy.approval?.name ?? 'draft', release: policy.release };
  return (Object.keys(propertyNames) as (keyof typeof propertyNames)[]).map((key) => ({ name: propertyNames[key], value: values[key] }));
}

/**
 * A clause's bookmark name: Word's rules allow letters, digits and underscores, at most 40 of
 * them, and a name that starts with an underscore is hidden from the Bookmarks list. An id (a
 * slug, with no underscore) gives `_` and the id with its hyphens as underscores; a longer one is
 * cut short and ends in a hash of the whole id, so no two clauses share a name.
 */
export function bookmarkName(id: string): string {
  const name = `_${id.replace(/-/g, '_')}`;
  if (name.length <= 40) return name;
  return `${name.slice(0, 31)}_${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}
