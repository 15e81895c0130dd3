import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, resolvePolicy } from '@school-policy/core';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeText, escapeXml, fillPolicy, renderCalendar, renderDocx, renderHtmlBody, renderHtmlDocument, renderPdf } from '../src/index.js';
import { fixtureProject } from './policy.js';

/**
 * Characters that `policy check` refuses but that reach the outputs all the same (say, through
 * code that forgets to check): no output may be left unreadable by them.
 */

/** Anything outside XML 1.0's Char production: what makes a parser (and Word) refuse a file. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** A character reference to a character outside that production. */
const badReference = /&#(x0*(?:[0-8bcef]|1[0-9a-f]|d[89a-f][0-9a-f]{2}|fff[ef])|0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]|6553[45]));/i;

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The demo school's policy with its name changed after the check, as if a value had slipped past it. */
function policyNamed(name: string) {
  const { project } = loadProject(fixtureProject());
  const school = project.schools.get('first-school')!;
  school.name = name;
  school.policies.get('demo')!.name = name;
  return fillPolicy(resolvePolicy(project, 'first-school', 'demo'));
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-chars-'));
  temporary.push(dir);
  const file = join(dir, 'policy.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function pdfFonts(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-chars-'));
  temporary.push(dir);
  const file = join(dir, 'policy.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

describe('characters no output may hold', () => {
  const dirty = 'First\uFFFE School\uFFFF\u0000 of St\u0007 Mary';

  it('leaves out of a Word document U+FFFE, U+FFFF and control characters in a value, keeping the words around them, so Word opens it', async () => {
    const files = unzipSync(await renderDocx(policyNamed(dirty)));
    for (const [path, data] of Object.entries(files)) {
      if (!/\.(xml|rels)$/.test(path)) continue;
      const text = strFromU8(data);
      expect(notXmlChar.exec(text)?.[0], `${path} holds a character XML 1.0 forbids`).toBeUndefined();
      expect(badReference.exec(text)?.[0], `${path} refers to a character XML 1.0 forbids`).toBeUndefined();
    }
    const words = [...strFromU8(files['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('');
    expect(words).toContain('First School of St Mary');
  });

  it('keeps a Chinese school name in a Word document as written, for Word to draw in its own fonts', async () => {
    const files = unzipSync(await renderDocx(policyNamed('圣玛丽学校 First School')));
    const words = [...strFromU8(files['word/document.xml']!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('');
    expect(words).toContain('圣玛丽学校 First School');
  });

  it('leaves them out of the HTML of a policy', () => {
    const policy = policyNamed(dirty);
    for (const html of [renderHtmlBody(policy), renderHtmlDocument(policy)]) expect(notXmlChar.exec(html)?.[0]).toBeUndefined();
    expect(renderHtmlDocument(policy)).toContain('First School of St Mary');
  });

  it('leaves them out of feeds, sitemaps and calendars', () => {
    expect(escapeXml(dirty)).toBe('First School of St Mary');
    expect(escapeText(`${dirty}\u001B[31m`)).toBe('First School of St Mary[31m');
    const calendar = renderCalendar({
      productId: '-//Test//EN',
      name: `Reviews\u0000`,
      events: [{ uid: 'a\u0001@example.org', date: '2027-01', stamp: '2026-01', summary: dirty, description: 'Due\u0008', url: 'https://example.org/\u0000', alarm: { trigger: '-P13W', description: 'Soon\u007F' } }],
    });
    expect(calendar).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/);
    expect(calendar).toContain('SUMMARY:First School of St Mary\r\n');
  });

  it('never prints a value holding the private-use characters that mark a blank as a highlighted blank', () => {
    const html = renderHtmlBody(policyNamed('First \uE0000\uE001 School'));
    expect(html).not.toContain('class="blank"');
    expect(html).toContain('First 0 School');
  });

  it("still highlights every blank of a publisher's blank template, a school's details among them", () => {
    const { project } = loadProject(fixtureProject());
    const html = renderHtmlBody(fillPolicy(resolvePolicy(project, 'demo-council-template', 'demo')));
    expect(html).toContain('<mark class="blank">[insert the minutes]</mark>');
    expect(html).toContain('<mark class="blank">[insert open from]</mark>');
  });

  it('leaves them out of a PDF and its title, which keep the words around them', async () => {
    const bytes = await renderPdf(policyNamed(dirty));
    expect(pdfText(bytes)).toContain('First School of St Mary');
    const dir = mkdtempSync(join(tmpdir(), 'policy-chars-'));
    temporary.push(dir);
    writeFileSync(join(dir, 'policy.pdf'), bytes);
    expect(execFileSync('pdfinfo', [join(dir, 'policy.pdf')], { encoding: 'utf8' })).toMatch(/^Title: +Demo Policy – First School of St Mary$/m);
  });
});

describe('the fonts of a PDF', () => {
  it('draws a Chinese school name in Noto Sans Hans, so that it reads back as written', async () => {
    const bytes = await renderPdf(policyNamed('圣玛丽学校 First School'));
    const text = pdfText(bytes);
    expect(text).toContain('圣玛丽学校 First School');
    expect(pdfFonts(bytes)).toMatch(/\+NotoSansHans-Regular +CID Type 0C +Identity-H +yes yes yes/);
  });

  it('draws Japanese kana and full-width punctuation, and bold Chinese in the bold weight', async () => {
    const bytes = await renderPdf(policyNamed('さくら学園、東京'));
    expect(pdfText(bytes)).toContain('さくら学園、東京');
    // The cover's running header is regular, its title bold.
    expect(pdfFonts(bytes)).toMatch(/\+NotoSansHans-Bold /);
  });

  it('gives byte-identical files for a policy with Chinese in it', async () => {
    const policy = policyNamed('圣玛丽学校');
    const [first, second] = await Promise.all([renderPdf(policy), renderPdf(policy)]);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });

  it('embeds only DejaVu Sans in a policy written in Latin letters, Welsh ones included', async () => {
    const bytes = await renderPdf(policyNamed('Ysgol Gynradd Ŵyr a Ŷd'));
    expect(pdfText(bytes)).toContain('Ysgol Gynradd Ŵyr a Ŷd');
    const fonts = pdfFonts(bytes);
    expect(fonts).toContain('+DejaVuSans ');
    expect(fonts).not.toContain('NotoSans');
  });
});
