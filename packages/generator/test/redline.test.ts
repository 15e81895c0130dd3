import { diffPolicies, type AdoptedVersion, type PolicyText, type ReaderChange } from '@school-policy/core';
import { describe, expect, it } from 'vitest';
import { renderDiffHtml, renderDiffText, type VersionDiff } from '../src/index.js';

/** A small policy: sections of numbered clauses, given as [part id, title, [clause id, text][]]. */
function policy(parts: [string, string, [string, string][]][]): PolicyText {
  return {
    title: 'Social Media Policy',
    school: 'Hillside Primary School',
    dateLine: 'Reviewed 2026',
    parts: parts.map(([id, title, clauses], index) => ({
      id,
      kind: 'section',
      number: String(index + 1),
      label: String(index + 1),
      title,
      children: clauses.map(([clauseId, text], position) => ({ type: 'clause', id: clauseId, number: `${index + 1}.${position + 1}`, markdown: text, text })),
    })),
  };
}

const before = policy([
  ['introduction', 'Introduction', [['purpose', 'This policy protects pupils and staff.']]],
  [
    'personal-use',
    'Personal use of social media',
    [
      ['friend-requests', "Staff members must decline 'friend requests' from pupils, i.e. anyone on the school roll."],
      ['data-law', 'Personal records are protected by the Data Protection Act 1998.'],
    ],
  ],
]);
const after = policy([
  ['introduction', 'Introduction', [['purpose', 'This policy protects pupils and staff.']]],
  [
    'personal-use',
    'Personal use of social media',
    [
      ['online-safety', 'The school filters and monitors the use of its internet services.'],
      ['friend-requests', "Staff members must decline 'friend requests' and follows from pupils, e.g. anyone on the school roll."],
      ['data-law', 'Personal records are protected by the UK GDPR and the Data Protection Act 2018.'],
    ],
  ],
]);

const changes: ReaderChange[] = [
  { ids: ['online-safety'], weight: 'update', what: 'Adds a clause on filtering and monitoring.', why: 'Keeping children safe in education asks for it.', release: '2026-09' },
  { ids: ['friend-requests', 'data-law'], weight: 'correction', what: 'Names follows as well as friend requests.', why: 'Platforms call them follows.', release: '2026-09' },
];

function versionDiff(): VersionDiff {
  const adoption = (version: number, release: string, approved: string) => ({ version, name: `v${version}`, release, approved, approvedBy: 'Full governing body' }) as AdoptedVersion;
  return {
    ...diffPolicies(before, after, { changes }),
    policy: { id: 'hillside', name: 'Hillside Primary School', title: 'Social Media Policy', kind: 'school', publisher: 'a-council', language: 'en-GB' },
    from: { name: 'v1', release: '2016-06', date: '2017-11', adoption: adoption(1, '2016-06', '2017-11') },
    to: { name: 'v2', release: '2026-09', date: '2026-10-14', adoption: adoption(2, '2026-09', '2026-10-14') },
    releases: [{ id: '2026-09', title: 'Up to date with the law', summary: 'Governors need only read the new clause on filtering and monitoring.' }],
  };
}

/** The words a reader sees on an HTML page: its text without its tags, attributes and styles. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('the redline as text and HTML', () => {
  const text = renderDiffText(versionDiff());
  const html = renderDiffHtml(versionDiff());

  it("puts the release's summary for governors first, before the counts and the changes", () => {
    const summary = text.indexOf('Release September 2026: Up to date with the law\nGovernors need only read the new clause on filtering and monitoring.');
    expect(summary).toBeGreaterThan(text.indexOf('Summary'));
    expect(summary).toBeLessThan(text.indexOf('2 clauses changed and 1 added'));
    expect(text.indexOf('2 clauses changed and 1 added')).toBeLessThan(text.indexOf('Clause 2.1'));
    const page = visibleText(html);
    expect(page).toContain('Summary Release September 2026: Up to date with the law Governors need only read the new clause on filtering and monitoring.');
    expect(page.indexOf('Governors need only read')).toBeLessThan(page.indexOf('Changes, section by section'));
  });

  it('gives only the counts that are not zero, in words', () => {
    expect(text).toContain('2 clauses changed and 1 added; the other 3 are unchanged.');
    expect(text).toContain('Read first the 1 change weighted update: its meaning changed.');
    expect(text).toContain('2 changes are corrections of wording only.');
    expect(text).toContain('2 Personal use of social media (2 clauses changed and 1 added)');
    const summary = (output: string) => output.slice(output.indexOf('Summary'), output.indexOf('Added words are underlined'));
    for (const output of [text, visibleText(html)]) {
      expect(output).not.toMatch(/\b0\b/);
      expect(summary(output)).not.toMatch(/removed|moved|renumbered|new edition|school's own details|no reason/i);
    }
    expect(html).not.toContain('<table');
  });

  it('names each clause by its number and first words, and keeps its id only in anchors', () => {
    expect(text).toContain('Clause 2.1: “The school filters and monitors the use of…”');
    expect(text).toContain("Clause 2.2 (was 2.1): “Staff members must decline 'friend requests' and follows…”");
    expect(text).toContain('Clause 2.3 (was 2.2): “Personal records are protected by the UK GDPR…”');
    expect(html).toContain('<h4>Clause 2.1: “The school filters and monitors the use of…”</h4>');
    expect(html).toContain('id="change-friend-requests"');
    expect(html).toContain('<a href="#section-personal-use">2 Personal use of social media</a>');
    for (const id of ['online-safety', 'friend-requests', 'data-law', 'personal-use']) {
      expect(text).not.toContain(id);
      expect(visibleText(html)).not.toContain(id);
    }
  });

  it('marks whole words with their punctuation, so "i.e." and "e.g." read as words', () => {
    expect(text).toContain("'friend requests' [Added: and follows] from pupils, [Removed: i.e.][Added: e.g.] anyone");
    expect(text).toContain('protected by the [Added: UK GDPR and the] Data Protection Act [Removed: 1998.][Added: 2018.]');
    expect(html).toContain('<del><span class="redline-marker">[Removed: </span>i.e.<span class="redline-marker">]</span></del>');
  });

  it('says how changes are marked, in words that print in greyscale and read aloud', () => {
    expect(text).toContain('Added words are underlined and marked [Added: …]; removed words are struck through and marked [Removed: …].');
  });
});

describe('the redline of a text with characters no page may hold', () => {
  it('leaves control characters and noncharacters out of the HTML, keeping the words around them', () => {
    const dirty = policy([
      ['introduction', 'Introduction', [['purpose', 'This policy\u0000 protects pupils\uFFFE and staff\u0007 online.']]],
      ['personal-use', 'Personal use of social media', []],
    ]);
    const html = renderDiffHtml({ ...versionDiff(), ...diffPolicies(before, dirty, { changes }) });
    expect(html).not.toMatch(/[\u0000-\u0008\uFFFE]/);
    expect(html).toContain('protects pupils');
    expect(html).toContain('online');
  });
});
