import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mergeWording, mergeWords, type OwnWording, type ReleaseClause } from '../src/merge.js';

/**
 * The three-way merge of own wording, case by case: each folder of test/fixtures/merge holds the
 * base release's clauses, the new release's (theirs), the own wording (ours), and what the merge
 * must give: the wording carried onto the new release, the conflicts, and a note for each clause.
 */
const fixtures = join(import.meta.dirname, '../../../test/fixtures/merge');
const read = <T>(name: string, file: string): T => parse(readFileSync(join(fixtures, name, file), 'utf8')) as T;

describe('merging own wording onto a new release', () => {
  const cases = readdirSync(fixtures).sort();
  it('has the cases the design asks for', () => {
    expect(cases).toEqual(expect.arrayContaining(['a-clause-the-model-removed-that-the-school-reworded', 'a-clause-the-model-moved', 'a-clause-of-its-own-next-to-one-the-model-removed']));
  });

  it.each(cases)('%s', (name) => {
    const base = read<{ release: string; clauses: ReleaseClause[] }>(name, 'base.yaml');
    const theirs = read<{ release: string; clauses: ReleaseClause[] }>(name, 'theirs.yaml');
    const ours = read<OwnWording>(name, 'ours.yaml');
    expect(ours.release).toBe(base.release);
    expect(mergeWording(base.clauses, theirs.clauses, ours, theirs.release)).toEqual(read(name, 'expected.yaml'));
  });

  it('merges word by word, keeping the spaces and punctuation of each side', () => {
    expect(mergeWords('Staff may, at lunchtime, use it.', 'Staff may use it.', 'Staff may use it, with care.')).toEqual({ text: 'Staff may, at lunchtime, use it, with care.', clean: true });
    expect(mergeWords('one two three', 'one two three', 'one two three')).toEqual({ text: 'one two three', clean: true });
  });
});
