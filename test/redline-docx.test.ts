import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { diffPolicies, type PolicySnapshot, type PolicyText, type TextBlock } from '@school-policy/core';
import { renderRedlineDocx, type VersionDiff } from '@school-policy/generator';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, siteDist } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { temporaryFolder } from './support/project-copy.js';
import { openDocx } from './support/word.js';

/**
 * The comparison of two versions as a Word document with real tracked changes: every seed
 * school's renewal has one on the site beside its redline PDF, and, read from its XML, its
 * insertions accepted give the newer version's words and its deletions rejected the older's.
 */

/** Each seed school's renewal of its Social Media Policy, v1 to v2: its snapshots and its comparison's page on the site. */
const renewals = [
  { school: 'laughton-cps', publisher: 'east-sussex-cc' },
  { school: 'evendons-primary', publisher: 'bellevue-place' },
  { school: 'life-mat', publisher: 'life' },
  { school: 'twiss-green-cps', publisher: 'twiss-green' },
];

const snapshot = (publisher: string, school: string, version: number): PolicyText =>
  (JSON.parse(readFileSync(join(repositoryRoot, 'schools', publisher, school, `social-media-v${version}.json`), 'utf8')) as PolicySnapshot).text;

/** A version's words in reading order: each part's, subsection's and block's number (where it has one), then its title or text. */
function versionWords(text: PolicyText): string[] {
  const pieces: (string | undefined)[] = [];
  for (const part of text.parts) {
    pieces.push(part.number || undefined, part.title);
    for (const child of part.children) {
      if (child.type === 'subsection') {
        pieces.push(child.number, child.title);
        for (const block of child.children) pieces.push(block.number, block.text);
      } else pieces.push(child.number, child.text);
    }
  }
  return pieces.filter((piece): piece is string => piece !== undefined).flatMap((piece) => piece.split(/\s+/)).filter(Boolean);
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/**
 * The words of a Word document's body with every tracked change accepted (insertions kept,
 * deletions dropped) or rejected (insertions dropped, deleted text restored), read from its XML.
 */
function wordsWith(xml: string, choice: 'accept' | 'reject'): string[] {
  let inserted = 0;
  let deleted = 0;
  let text = '';
  for (const [token, tag, body] of xml.matchAll(/<(w:ins|\/w:ins|w:del|\/w:del|w:t|w:delText)\b[^>]*?(?:\/>|>([^<]*)<\/w:(?:t|delText)>|>)|<w:tab\/>|<w:br\/>|<\/w:p>/g)) {
    if (token === '<w:tab/>' || token === '<w:br/>' || token === '</w:p>') text += ' ';
    else if (tag === 'w:ins' && !token.endsWith('/>')) inserted++;
    else if (tag === '/w:ins') inserted--;
    else if (tag === 'w:del' && !token.endsWith('/>')) deleted++;
    else if (tag === '/w:del') deleted--;
    else if (tag === 'w:t' && body !== undefined) {
      if (choice === 'accept' ? deleted === 0 : inserted === 0) text += body;
    } else if (tag === 'w:delText' && body !== undefined && choice === 'reject') text += body;
  }
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => entities[entity]!).split(/\s+/).filter(Boolean);
}

describe('the comparison as a Word document with tracked changes', () => {
  it.each(renewals)("is on the site beside $school's redline PDF, linked from the comparison's page", ({ school }) => {
    const folder = join(siteDist, 'schools', school, 'social-media/changes/v1-to-v2');
    const pdf = `${school}-social-media-v1-to-v2-changes.pdf`;
    const docx = pdf.replace(/\.pdf$/, '.docx');
    expect(existsSync(join(folder, pdf))).toBe(true);
    expect(existsSync(join(folder, docx))).toBe(true);
    expect(readFileSync(join(folder, 'index.html'), 'utf8')).toContain(`href="/schools/${school}/social-media/changes/v1-to-v2/${docx}" download>Download this comparison as a Word document with tracked changes</a>`);
  });

  it('is offered on every comparison\'s page, after its PDF, with its size', () => {
    const comparisons = (readdirSync(siteDist, { recursive: true, encoding: 'utf8' }) as string[]).map((path) => path.split(sep).join('/')).filter((path) => path.includes('/changes/') && path.endsWith('.docx')).sort();
    expect(comparisons.length).toBeGreaterThan(5);
    for (const path of comparisons) {
      const page = readFileSync(join(siteDist, dirname(path), 'index.html'), 'utf8');
      const kilobytes = Math.max(1, Math.round(readFileSync(join(siteDist, path)).length / 1024));
      const pdfLink = page.indexOf(`href="/${path.replace(/\.docx$/, '.pdf')}" download>`);
      expect(pdfLink, path).toBeGreaterThan(-1);
      expect(page.indexOf(`href="/${path}" download>Download this comparison as a Word document with tracked changes</a>`), path).toBeGreaterThan(pdfLink);
      expect(page, path).toContain(`(Word document, ${kilobytes} KB: each change tracked, to accept or reject, as Word and LibreOffice show them)`);
    }
  });

  it.each(renewals)("gives $school's v2 with every change accepted and its v1 with every change rejected", async ({ school, publisher }) => {
    const bytes = readFileSync(join(siteDist, 'schools', school, `social-media/changes/v1-to-v2/${school}-social-media-v1-to-v2-changes.docx`));
    const xml = await (await openDocx(bytes)).part('word/document.xml');
    const [older, newer] = [versionWords(snapshot(publisher, school, 1)), versionWords(snapshot(publisher, school, 2))];
    const [accepted, rejected] = [wordsWith(xml, 'accept'), wordsWith(xml, 'reject')];
    // The body ends the document; before it, the same heading and key whichever way the changes go.
    expect(accepted.slice(-newer.length)).toEqual(newer);
    expect(rejected.slice(-older.length)).toEqual(older);
    expect(accepted.slice(0, -newer.length)).toEqual(rejected.slice(0, -older.length));
    // Real changes, each with an id of its own, an author and a date.
    const marks = [...xml.matchAll(/<w:(ins|del) w:id="(\d+)" w:author="([^"]+)" w:date="([^"]+)">/g)];
    expect(marks.length).toBeGreaterThan(10);
    expect(new Set(marks.map((mark) => mark[2])).size).toBe(marks.length);
    expect(marks.every((mark) => ['The model', 'The school&apos;s details', 'Both the model and the school&apos;s details'].includes(mark[3]!))).toBe(true);
    expect(marks.every((mark) => /^\d{4}-\d{2}-\d{2}T00:00:00Z$/.test(mark[4]!))).toBe(true);
  });

  it('deletes a clause that moved where it was and inserts it where it is, and tracks one added and one removed', async () => {
    const clause = (id: string, number: string, text: string): TextBlock => ({ type: 'clause', id, number, markdown: text, text });
    const version = (blocks: TextBlock[][]): PolicyText => ({
      title: 'Test Policy',
      school: 'Test School',
      dateLine: '',
      parts: blocks.map((children, index) => ({ id: `part-${index + 1}`, kind: 'section', number: String(index + 1), label: String(index + 1), title: `Part ${index + 1}`, children })),
    });
    const older = version([[clause('a', '1.1', 'Alpha stays.'), clause('b', '1.2', 'Bravo moves later.'), clause('c', '1.3', 'Charlie goes.')], [clause('d', '2.1', 'Delta stays.'), clause('f', '2.2', 'Foxtrot stays.')]]);
    const newer = version([[clause('a', '1.1', 'Alpha stays.')], [clause('d', '2.1', 'Delta stays, reworded.'), clause('f', '2.2', 'Foxtrot stays.'), clause('b', '2.3', 'Bravo moves later.'), clause('e', '2.4', 'Echo is new.')]]);
    const side = (name: string) => ({ name, release: '2026-09', date: '2026-10-01', adoption: undefined });
    const diff: VersionDiff = {
      ...diffPolicies(older, newer),
      policy: { id: 'test-school', name: 'Test School', title: 'Test Policy', kind: 'school', publisher: 'test', language: 'en-GB' },
      from: side('v1'),
      to: side('v2'),
      releases: [],
    };
    expect(diff.items.find((item) => item.id === 'b')).toMatchObject({ kind: 'moved', followed: 'a' });
    expect(diff.items.filter((item) => item.followed !== undefined).map((item) => item.id)).toEqual(['b']);
    const xml = await (await openDocx(await renderRedlineDocx(diff))).part('word/document.xml');
    const [accepted, rejected] = [wordsWith(xml, 'accept'), wordsWith(xml, 'reject')];
    expect(accepted.slice(-versionWords(newer).length)).toEqual(versionWords(newer));
    expect(rejected.slice(-versionWords(older).length)).toEqual(versionWords(older));
  });

  it('is what policy diff --format docx writes, byte for byte', () => {
    const out = join(temporaryFolder(), 'changes.docx');
    const made = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v1', 'v2', '--format', 'docx', '--out', out]);
    expect(made.code).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(join(siteDist, 'schools/laughton-cps/social-media/changes/v1-to-v2/laughton-cps-social-media-v1-to-v2-changes.docx')));
  });
});
