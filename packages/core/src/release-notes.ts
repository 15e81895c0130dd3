import { matches, type ConditionNames, type ConditionSubject } from './conditions.js';
import { problem, type PolicyError } from './problem.js';
import { UnknownNoteEdition } from './problem-kinds.js';
import type { Note } from './schemas/model.js';
import { suggest } from './suggest.js';
import { locate, type FieldPath, type YamlSource } from './yaml-source.js';

/** The parameter whose values name the editions a note may be written for. */
const editionParameter = 'edition';

/**
 * The words of a changelog note for one school or template: the text written for its edition or
 * its variant (the first key that matches, in the order written), or else the default.
 */
export function noteFor(note: Note, subject: ConditionSubject): string {
  if (typeof note === 'string') return note;
  const edition = subject.values.get(editionParameter);
  for (const [key, text] of Object.entries(note)) {
    if (key === 'default') continue;
    if (matches(key, subject.variant) || (typeof edition === 'string' && matches(key, edition))) return text;
  }
  return note.default!;
}

/** Each text of a note with what it is for: `default`, or the edition or variant it names. */
export function noteTexts(note: Note): { for: string; text: string }[] {
  if (typeof note === 'string') return [{ for: 'default', text: note }];
  return [...Object.entries(note).filter(([key]) => key === 'default'), ...Object.entries(note).filter(([key]) => key !== 'default')].map(([key, text]) => ({ for: key, text }));
}

/** Every note of a release names only editions and variants the model has. */
export function checkNoteKeys(changes: readonly { what: Note; why: Note }[], names: ConditionNames, source: YamlSource): PolicyError[] {
  const allowed = [...(names.get(editionParameter) ?? []), ...(names.get('variant') ?? [])];
  const problems: PolicyError[] = [];
  changes.forEach((change, index) => {
    for (const field of ['what', 'why'] as const) {
      const note = change[field];
      if (typeof note === 'string') continue;
      for (const key of Object.keys(note)) {
        if (key === 'default' || allowed.some((value) => matches(key, value))) continue;
        const path: FieldPath = ['changes', index, field, key];
        problems.push(problem(UnknownNoteEdition, locate(source, path, 'key'), [`changes[${index}].${field}`, key], [suggest(key, allowed), allowed]));
      }
    }
  });
  return problems;
}
