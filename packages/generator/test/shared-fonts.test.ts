import { pdfFontData, type PdfFontName } from '@school-policy/core';
import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { useFont } from '../src/pdf/fonts.js';
import { startPdf } from '../src/pdf/writer.js';
import { renderPdf } from '../src/index.js';
import { filledDemo } from './policy.js';

/** What of pdfkit's EmbeddedFont (a font opened in one document) these tests compare. */
interface EmbeddedFont {
  widthOfString(text: string, size: number): number;
  encode(text: string): [string[], object[]];
  widths: unknown[];
  unicode: unknown[];
  subset: { glyphs: number[] };
}

const currentFont = (doc: PDFKit.PDFDocument) => (doc as unknown as { _font: EmbeddedFont })._font;

/** A font opened as pdfkit opens it by itself: from the file's bytes, parsed for this document alone. */
function pdfkitsOwn(name: PdfFontName): EmbeddedFont {
  const doc = new PDFDocument({ font: '' });
  doc.registerFont(name, pdfFontData(name));
  return currentFont(doc.font(name));
}

/** A font opened as the project's PDFs open it: shared by every document, its methods sped up. */
function shared(name: PdfFontName): EmbeddedFont {
  const { doc } = startPdf({ title: 'T', author: 'A', subject: 'S', language: 'en-GB', date: new Date(0) });
  return currentFont(useFont(doc, name));
}

const texts = [
  'The governors’ ﬁnal policy was ﬁled; the first file is final.',
  'Ysgol Gynradd Ŵyr a Ŷd — “quoted” … 10.3.1\ttabbed  double  spaces ',
  'Ελληνικά και Кириллица, e\u0301 and co\u00ADoperate, W\u200BW',
  '',
  ' ',
  'office@school.example.org https://school.example.org/policies/social-media?x=1',
];

describe('fonts shared by every PDF', () => {
  it.each(['regular', 'bold', 'italic', 'boldItalic'] as const)('measure and encode text in %s exactly as pdfkit does by itself', (name) => {
    const own = pdfkitsOwn(name);
    const fast = shared(name);
    for (const text of [...texts, ...texts.map((text) => text.toUpperCase())]) {
      for (const size of [8.5, 10.5, 22]) expect(fast.widthOfString(text, size)).toBe(own.widthOfString(text, size));
      expect(fast.encode(text)).toEqual(own.encode(text));
    }
    // The glyphs the document uses, in the order it first used them, their widths and characters.
    expect(fast.subset.glyphs).toEqual(own.subset.glyphs);
    expect(fast.widths).toEqual(own.widths);
    expect(fast.unicode).toEqual(own.unicode);
  });

  it('measure and encode Chinese and Japanese in Noto Sans Hans exactly as pdfkit does by itself', () => {
    const own = pdfkitsOwn('cjk');
    const fast = shared('cjk');
    for (const text of ['圣玛丽学校 First School', 'さくら学園、東京', '（全角）　句読点。']) {
      expect(fast.widthOfString(text, 10.5)).toBe(own.widthOfString(text, 10.5));
      expect(fast.encode(text)).toEqual(own.encode(text));
    }
    expect(fast.subset.glyphs).toEqual(own.subset.glyphs);
    expect(fast.unicode).toEqual(own.unicode);
  });

  it('give each glyph the characters it stands for in this document, whatever other documents used it for', () => {
    // "ﬁ" (U+FB01) and the ligature "fi" becomes are the same glyph: in a document that has only
    // "fi", the glyph must read back as "fi", even after another document used it for "ﬁ".
    shared('regular').encode('ﬁnal ﬁle');
    const fast = shared('regular');
    fast.encode('first file');
    const own = pdfkitsOwn('regular');
    own.encode('first file');
    expect(fast.unicode).toEqual(own.unicode);
    expect(fast.unicode).toContainEqual([0x66, 0x69]);
  });

  it('give the same bytes for a policy whatever the process rendered before it', async () => {
    const policy = filledDemo();
    const other = filledDemo({ 'schools/demo-council/first-school.yaml': (text) => text.replace('name: First School', 'name: "ﬁrst School 圣玛丽学校"') });
    await renderPdf(other);
    const warm = await renderPdf(policy);
    // A fresh copy of the generator, as a new process or worker thread has, with nothing laid out yet.
    vi.resetModules();
    const fresh = (await import('../src/index.js')) as typeof import('../src/index.js');
    const cold = await fresh.renderPdf(policy);
    expect(Buffer.compare(Buffer.from(warm), Buffer.from(cold))).toBe(0);
  });
});
