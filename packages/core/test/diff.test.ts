import { describe, expect, it } from 'vitest';
import { diffPolicies, diffWords, heaviest, wordTokens, type PolicyText, type TextBlock, type WordChange } from '../src/index.js';

function clause(id: string, number: string, text: string): TextBlock {
  return { type: 'clause', id, number, markdown: text, text };
}

/** A small policy: sections of numbered clauses, given as [part id, [clause id, text][]]. */
function policy(parts: [string, [string, string][]][]): PolicyText {
  return {
    title: 'Policy',
    school: 'School',
    dateLine: 'Reviewed 2026',
    parts: parts.map(([id, clauses], index) => ({
      id,
      kind: 'section',
      number: String(index + 1),
      label: String(index + 1),
      title: id,
      children: clauses.map(([clauseId, text], position) => clause(clauseId, `${index + 1}.${position + 1}`, text)),
    })),
  };
}

const before = policy([
  ['intro', [['purpose', 'This policy protects pupils.'], ['scope', 'It applies to all staff.']]],
  ['law', [['data', 'The Data Protection Act 1998 applies.'], ['old', 'The Libel Act 1843 applies.'], ['harassment', 'The Protection from Harassment Act 1997 applies.']]],
]);

describe('diffPolicies', () => {
  it('aligns by id: renumbered only, changed word by word, added, removed and unchanged', () => {
    const after = policy([
      ['intro', [['purpose', 'This policy protects pupils.'], ['scope', 'It applies to all staff.']]],
      ['law', [['online', 'The Online Safety Act 2023 applies.'], ['data', 'The UK GDPR and the Data Protection Act 2018 apply.'], ['harassment', 'The Protection from Harassment Act 1997 applies.']]],
    ]);
    const diff = diffPolicies(before, after);
    const byId = new Map(diff.items.map((item) => [item.id, item]));
    expect(byId.get('purpose')?.kind).toBe('unchanged');
    expect(byId.get('online')).toMatchObject({ kind: 'added', to: { number: '2.1' }, words: [{ op: 'insert', text: 'The Online Safety Act 2023 applies.' }] });
    expect(byId.get('old')).toMatchObject({ kind: 'removed', from: { number: '2.2' }, words: [{ op: 'delete', text: 'The Libel Act 1843 applies.' }] });
    expect(byId.get('data')).toMatchObject({ kind: 'changed', from: { number: '2.1' }, to: { number: '2.2' } });
    expect(byId.get('data')!.words).toEqual([
      { op: 'equal', text: 'The ' },
      { op: 'insert', text: 'UK GDPR and the' },
      { op: 'equal', text: ' Data Protection Act ' },
      { op: 'delete', text: '1998 applies.' },
      { op: 'insert', text: '2018 apply.' },
    ]);
    // Same words, same place, same number: unchanged, even though a neighbour was replaced.
    expect(byId.get('harassment')?.kind).toBe('unchanged');
    expect(diff.counts.kinds).toEqual({ changed: 1, added: 1, removed: 1, moved: 0, renumbered: 0, unchanged: 5 });
    // Removed items stay where they were, after the item they followed.
    expect(diff.items.map((item) => item.id)).toEqual(['intro', 'purpose', 'scope', 'law', 'online', 'data', 'old', 'harassment']);
  });

  it('reports a clause whose number changed but whose words did not as renumbered, not changed', () => {
    const after = policy([
      ['intro', [['new-first', 'A new first clause.'], ['purpose', 'This policy protects pupils.'], ['scope', 'It applies to all staff.']]],
      ['law', [['data', 'The Data Protection Act 1998 applies.'], ['old', 'The Libel Act 1843 applies.'], ['harassment', 'The Protection from Harassment Act 1997 applies.']]],
    ]);
    const diff = diffPolicies(before, after);
    const purpose = diff.items.find((item) => item.id === 'purpose')!;
    expect(purpose).toMatchObject({ kind: 'renumbered', moved: false, from: { number: '1.1' }, to: { number: '1.2' }, words: undefined });
    expect(diff.counts.kinds.renumbered).toBe(2);
  });

  it('reports a clause under another heading, or out of order, as moved', () => {
    const after = policy([
      ['intro', [['purpose', 'This policy protects pupils.'], ['data', 'The Data Protection Act 1998 applies.'], ['scope', 'It applies to all staff.']]],
      ['law', [['harassment', 'The Protection from Harassment Act 1997 applies.'], ['old', 'The Libel Act 1843 applies.']]],
    ]);
    const diff = diffPolicies(before, after);
    const byId = new Map(diff.items.map((item) => [item.id, item]));
    expect(byId.get('data')).toMatchObject({ kind: 'moved', moved: true, from: { part: 'law', number: '2.1' }, to: { part: 'intro', number: '1.2' } });
    expect(['moved', 'renumbered']).toContain(byId.get('harassment')!.kind);
    expect(byId.get('scope')).toMatchObject({ kind: 'renumbered', from: { number: '1.2' }, to: { number: '1.3' } });
  });

  it("puts each change down to the model, the school's details or both, from the counterfactual version", () => {
    const from = policy([['intro', [['a', 'The headteacher decides.'], ['b', 'Staff follow the law.'], ['c', 'The headteacher and the law decide.']]]]);
    // The newer model with the older school details: the model reworded b and c.
    const middle = policy([['intro', [['a', 'The headteacher decides.'], ['b', 'Staff follow the law in force.'], ['c', 'The headteacher and the law in force decide.']]]]);
    // The newer model with the newer details: the school calls its headteacher the head of school.
    const to = policy([['intro', [['a', 'The head of school decides.'], ['b', 'Staff follow the law in force.'], ['c', 'The head of school and the law in force decide.']]]]);
    const changes = [{ ids: ['b', 'c'], weight: 'update' as const, what: 'Says the law in force.', why: 'Laws change.', release: '2026-09' }];
    const diff = diffPolicies(from, to, { counterfactual: middle, changes });
    const byId = new Map(diff.items.map((item) => [item.id, item]));
    expect(byId.get('a')).toMatchObject({ source: 'school', reasons: [], weight: undefined });
    expect(byId.get('b')).toMatchObject({ source: 'model', weight: 'update', reasons: [{ release: '2026-09', what: 'Says the law in force.' }] });
    expect(byId.get('c')).toMatchObject({ source: 'both', weight: 'update' });
    expect(diff.counts.sources).toEqual({ model: 1, school: 1, both: 1 });
    expect(diff.counts.weights).toEqual({ 'new-edition': 0, update: 2, correction: 0, none: 0 });
    expect(diff.sections).toEqual([{ part: 'intro', heading: '1 intro', counts: diff.counts }]);
  });

  it('without a counterfactual, every change is the model\'s, and one without a changelog entry has no weight', () => {
    const after = policy([
      ['intro', [['purpose', 'This policy protects all pupils.'], ['scope', 'It applies to all staff.']]],
      ['law', [['data', 'The Data Protection Act 1998 applies.'], ['old', 'The Libel Act 1843 applies.'], ['harassment', 'The Protection from Harassment Act 1997 applies.']]],
    ]);
    const purpose = diffPolicies(before, after).items.find((item) => item.id === 'purpose')!;
    expect(purpose).toMatchObject({ kind: 'changed', source: 'model', weight: undefined, reasons: [] });
  });

  it('weighs a new edition above an update above a correction', () => {
    expect(heaviest(['correction', 'new-edition', 'update'])).toBe('new-edition');
    expect(heaviest(['correction', 'update'])).toBe('update');
    expect(heaviest([])).toBeUndefined();
  });
});

/** The words as the redline marks them in text. */
function marked(words: WordChange[]): string {
  return words.map((word) => (word.op === 'insert' ? `[Added: ${word.text}]` : word.op === 'delete' ? `[Removed: ${word.text}]` : word.text)).join('');
}

describe('diffWords', () => {
  it('keeps punctuation with its word: i.e., pupils\', 8:45am, (KCSIE) and e-safety, are one word each', () => {
    expect(wordTokens("Records, i.e. pupils' files (KCSIE) at 8:45am for e-safety, too")).toEqual([
      'Records,', ' ', 'i.e.', ' ', "pupils'", ' ', 'files', ' ', '(KCSIE)', ' ', 'at', ' ', '8:45am', ' ', 'for', ' ', 'e-safety,', ' ', 'too',
    ]);
    expect(wordTokens('  two\n  lines ')).toEqual(['  ', 'two', '\n  ', 'lines', ' ']);
  });

  it('shows a changed abbreviation as the whole old word removed and the whole new word added', () => {
    expect(marked(diffWords('Personal records, e.g. pupil files.', 'Personal records, i.e. pupil files.'))).toBe('Personal records, [Removed: e.g.][Added: i.e.] pupil files.');
    expect(marked(diffWords('records, i.e. pupil files', 'records, pupil files'))).toBe('records, [Removed: i.e.] pupil files');
  });

  it('changes a word with its punctuation whole, never a stray mark', () => {
    expect(marked(diffWords("the pupils' records", "the pupils' own records"))).toBe("the pupils' [Added: own] records");
    expect(marked(diffWords("the pupil's records", "the pupils' records"))).toBe("the [Removed: pupil's][Added: pupils'] records");
    expect(marked(diffWords('Closed from 8:45am daily', 'Closed from 9:00am daily'))).toBe('Closed from [Removed: 8:45am][Added: 9:00am] daily');
    expect(marked(diffWords('the guidance (KCSIE) applies', 'the guidance (KCSIE 2025) applies'))).toBe('the guidance [Removed: (KCSIE)][Added: (KCSIE 2025)] applies');
    expect(marked(diffWords('covers e-safety, bullying', 'covers online safety, bullying'))).toBe('covers [Removed: e-safety,][Added: online safety,] bullying');
    expect(marked(diffWords('Facebook, Twitter and YouTube', 'Facebook, X and YouTube'))).toBe('Facebook, [Removed: Twitter][Added: X] and YouTube');
  });

  it('reads a rewritten phrase as the old words removed, then the new words added', () => {
    expect(marked(diffWords('must conform to the guidance', 'must comply with the guidance'))).toBe('must [Removed: conform to][Added: comply with] the guidance');
    expect(diffWords('Act 1998', 'Act 1988')).toEqual([
      { op: 'equal', text: 'Act ' },
      { op: 'delete', text: '1998' },
      { op: 'insert', text: '1988' },
    ]);
  });

  it('gives back both texts: the kept and deleted words are the old text, the kept and inserted the new, space for space', () => {
    const before = "Staff must decline 'friend requests' from pupils, i.e. anyone under 18.\n  - at 8:45am";
    const after = "Staff must decline 'friend requests' and follows from pupils and parents, e.g. anyone under 18.\n  - from 9:00am";
    const words = diffWords(before, after);
    const spaced = (text: string) => text.replace(/ +/g, ' ');
    expect(spaced(words.filter((word) => word.op !== 'insert').map((word) => word.text).join(''))).toBe(spaced(before));
    expect(spaced(words.filter((word) => word.op !== 'delete').map((word) => word.text).join(''))).toBe(spaced(after));
  });
});
