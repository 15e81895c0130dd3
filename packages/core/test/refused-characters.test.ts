import { describe, expect, it } from 'vitest';
import { loadProject, pdfFontHasGlyph, refusedCharacters, withoutUnsafeCharacters } from '../src/index.js';
import { fixtureProject, rulesFile, schoolFile } from './fixture.js';

const found = (text: string, options?: { lineBreaks?: boolean }) => refusedCharacters(text, options).map(({ code, name, position, why }) => ({ code, name, position, why }));

describe('the characters a value may not hold', () => {
  it('welcomes Latin with Welsh and other accents, Greek, Cyrillic, Chinese, Japanese, the common symbols, tabs and line breaks', () => {
    for (const text of ['Ysgol Gynradd Ŵyr a Ŷd', 'Ærø, Łódź, Ştefan, Nguyễn', 'Αθήνα', 'Москва', '圣玛丽学校', 'さくら学園、東京', '“quotes” – — • … £ € © ☐ ✓', 'one\ttwo\nthree\r\n']) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('names each refused character by its code, its name and its place in the text', () => {
    expect(found('St\u0000 Mary')).toEqual([{ code: 'U+0000', name: 'NULL', position: 3, why: 'control' }]);
    expect(found('a\u007Fb\u0085')).toEqual([
      { code: 'U+007F', name: 'DELETE', position: 2, why: 'control' },
      { code: 'U+0085', name: 'NEXT LINE', position: 4, why: 'control' },
    ]);
    expect(found('x\uFFFE\uFFFF\uFDD0\u{1FFFF}')).toEqual([
      { code: 'U+FFFE', name: 'a noncharacter', position: 2, why: 'noncharacter' },
      { code: 'U+FFFF', name: 'a noncharacter', position: 3, why: 'noncharacter' },
      { code: 'U+FDD0', name: 'a noncharacter', position: 4, why: 'noncharacter' },
      { code: 'U+1FFFF', name: 'a noncharacter', position: 5, why: 'noncharacter' },
    ]);
    expect(found('\uD800x')).toEqual([{ code: 'U+D800', name: 'half of a character (a lone surrogate)', position: 1, why: 'surrogate' }]);
    expect(found('\uE0000\uE001 \u{F0000}')).toEqual([
      { code: 'U+E000', name: 'a private-use character', position: 1, why: 'private-use' },
      { code: 'U+E001', name: 'a private-use character', position: 3, why: 'private-use' },
      { code: 'U+F0000', name: 'a private-use character', position: 5, why: 'private-use' },
    ]);
    expect(found('abc\u202Edef\u2066')).toEqual([
      { code: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE', position: 4, why: 'bidi-control' },
      { code: 'U+2066', name: 'LEFT-TO-RIGHT ISOLATE', position: 8, why: 'bidi-control' },
    ]);
  });

  it('refuses letters written right to left, and characters no embedded font draws, naming their script', () => {
    expect(found('School مدرسة')[0]).toEqual({ code: 'U+0645', name: 'an Arabic letter', position: 8, why: 'right-to-left' });
    expect(found('שלום')[0]).toEqual({ code: 'U+05E9', name: 'a Hebrew letter', position: 1, why: 'right-to-left' });
    expect(found('नमस्ते')[0]).toEqual({ code: 'U+0928', name: 'a Devanagari letter', position: 1, why: 'no-font' });
    expect(found('한국')[0]).toEqual({ code: 'U+D55C', name: 'a Korean character (Hangul)', position: 1, why: 'no-font' });
    expect(found('Fun 🦄')).toEqual([{ code: 'U+1F984', name: 'an emoji', position: 5, why: 'no-font' }]);
  });

  it('takes as printable without reading the font only characters DejaVu Sans draws', () => {
    // The ranges refusedCharacters and the PDF's fonts pass at once: ASCII, Latin-1, Latin Extended-A, punctuation.
    const missing: string[] = [];
    for (const [from, to] of [[0x20, 0x7e], [0xa0, 0x17f], [0x2010, 0x2027], [0x2030, 0x205e]] as const) {
      for (let codePoint = from; codePoint <= to; codePoint++) if (!pdfFontHasGlyph('regular', codePoint)) missing.push(codePoint.toString(16));
    }
    expect(missing).toEqual([]);
  });

  it('refuses a line break where the text must be one line', () => {
    expect(found('one\ntwo', { lineBreaks: false })).toEqual([{ code: 'U+000A', name: 'LINE FEED', position: 4, why: 'control' }]);
  });

  it('lets the outputs strip exactly the control characters, noncharacters and lone surrogates it refuses', () => {
    const stripped = new Set(['control', 'noncharacter', 'surrogate']);
    const differ: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      // Beyond these, the refusals depend on fonts and scripts, never on what a file can hold.
      if (codePoint > 0x3000 && codePoint < 0xd800) continue;
      if (codePoint > 0x20000 && (codePoint & 0xfffe) !== 0xfffe && codePoint < 0xf0000) continue;
      const character = String.fromCodePoint(codePoint);
      const refused = refusedCharacters(character)[0];
      const removed = withoutUnsafeCharacters(character) === '';
      if (removed !== (refused !== undefined && stripped.has(refused.why))) differ.push(codePoint.toString(16));
    }
    expect(differ).toEqual([]);
    expect(withoutUnsafeCharacters('a\u0000b\uFFFEc\u0085d\uD800e\tf\ng')).toBe('abcde\tf\ng');
  });
});

describe('policy check on characters', () => {
  const problems = (edits: Parameters<typeof fixtureProject>[0]) => loadProject(fixtureProject(edits)).problems.map((p) => p.format());

  it('names the file, line, field, character and its place for a value written as it is', () => {
    expect(problems({ [schoolFile]: (text) => text.replace('name: First School', 'name: First\uFFFE School') })).toEqual([
      `${schoolFile}:1:12 name contains U+FFFE (a noncharacter) at character 6: a noncharacter, not text, which XML forbids, so the Word document and the feeds would be unreadable.\n` +
        '    Delete it, or retype the text around it by hand: such characters usually come with text pasted from another program, and are often invisible.',
    ]);
  });

  it('finds a character written as a YAML escape, and counts the others in the same value', () => {
    expect(problems({ [schoolFile]: (text) => text.replace('openFrom: "16:00"', 'openFrom: "16\\0:00\\x01\\u202E"') })).toEqual([
      `${schoolFile}:7:17 policies.demo.details.openFrom contains U+0000 (NULL) at character 3, and 2 more after it that cannot be published either: a control character, not text, which would make the Word document, the feeds and the calendars unreadable.\n` +
        '    Delete it, or retype the text around it by hand: such characters usually come with text pasted from another program, and are often invisible.',
    ]);
  });

  it("names the line and column of a refused character in a template's text", () => {
    const [first] = problems({ [rulesFile]: (text) => `${text}\n:::text{#added}\nA blank \uE0000\uE001 faked.\n:::\n` });
    expect(first).toMatch(new RegExp(`^${rulesFile}:\\d+:9 This line of the template contains U\\+E000 \\(a private-use character\\) at character 9, and 1 more after it`));
  });
});
