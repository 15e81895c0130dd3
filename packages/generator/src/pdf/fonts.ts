import { pdfFontFamilyFor, pdfFontHasGlyph, withoutUnsafeCharacters, type PdfFontName } from '@school-policy/core';
import { sharedFont } from './shared-fonts.js';

/**
 * The embedded fonts: DejaVu Sans in four styles, which covers Latin (Welsh accents too), Greek,
 * Cyrillic and most symbols; and Noto Sans Hans, regular and bold, for Chinese and Japanese, added
 * to a PDF only when its text has a character DejaVu Sans lacks. `policy check` refuses any
 * character neither draws.
 */
export type FontName = 'regular' | 'bold' | 'italic' | 'boldItalic';

const mainFonts: readonly FontName[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** Adds a font to a document under its name, parsed once per process and shared by every PDF, and selects it (see shared-fonts.ts). */
function register(doc: PDFKit.PDFDocument, font: PdfFontName): void {
  const shared = sharedFont(font);
  // pdfkit takes a fontkit font where its types say only a file, its bytes or a path.
  doc.registerFont(font, shared as unknown as PDFKit.Mixins.PDFFontSource);
  // Selecting it makes pdfkit open it in this document, as the document's current font.
  doc.font(font);
  shared.speedUp((doc as unknown as { _font: Parameters<typeof shared.speedUp>[0] })._font);
}

/** Adds DejaVu Sans, in its four styles, to a new document. */
export function registerMainFonts(doc: PDFKit.PDFDocument): void {
  for (const name of mainFonts) register(doc, name);
}

export function fontFor(style: { bold?: boolean; italic?: boolean }): FontName {
  if (style.bold && style.italic) return 'boldItalic';
  if (style.bold) return 'bold';
  if (style.italic) return 'italic';
  return 'regular';
}

/** A stretch of text and the registered font that draws it. */
export interface FontSegment {
  text: string;
  font: PdfFontName;
}

/** Text DejaVu Sans surely draws, found with one match: most of every policy. */
const plainText = /^[\t\n\r\u0020-\u007E\u00A0-\u017F\u2010-\u2027\u2030-\u205E]*$/u;

/**
 * Text cut where the font that draws it changes: DejaVu Sans in the run's style (or its regular
 * style, for a character the others lack), or Noto Sans Hans (bold for a bold run) for a character
 * DejaVu Sans lacks. A character neither font has stays with
 * DejaVu Sans (`policy check` refuses such characters). Characters no file may hold are removed.
 */
export function fontSegments(text: string, font: FontName): FontSegment[] {
  const clean = withoutUnsafeCharacters(text);
  if (plainText.test(clean)) return clean ? [{ text: clean, font }] : [];
  const cjk: PdfFontName = font === 'bold' || font === 'boldItalic' ? 'cjkBold' : 'cjk';
  const segments: FontSegment[] = [];
  for (const character of clean) {
    const codePoint = character.codePointAt(0)!;
    // DejaVu Sans's bold and oblique lack a few of the characters its regular style draws.
    const use = pdfFontFamilyFor(codePoint) === 'cjk' ? cjk : font === 'regular' || pdfFontHasGlyph(font, codePoint) ? font : 'regular';
    const last = segments.at(-1);
    if (last && last.font === use) last.text += character;
    else segments.push({ text: character, font: use });
  }
  return segments;
}

const registered = new WeakMap<object, Set<PdfFontName>>();

/** Selects a font in a document, adding it to the document first when it is Noto Sans Hans, used for the first time there. */
export function useFont(doc: PDFKit.PDFDocument, font: PdfFontName): PDFKit.PDFDocument {
  if (font === 'cjk' || font === 'cjkBold') {
    let fonts = registered.get(doc);
    if (!fonts) registered.set(doc, (fonts = new Set()));
    if (!fonts.has(font)) {
      register(doc, font);
      fonts.add(font);
    }
  }
  return doc.font(font);
}

/**
 * Text as DejaVu Sans would measure it: each character Noto Sans Hans draws stands for a "W" (about
 * as wide as an ideograph) after which a line may break, as it may after an ideograph.
 */
export function measurableText(text: string): string {
  if (plainText.test(text)) return text;
  let out = '';
  for (const character of withoutUnsafeCharacters(text)) out += pdfFontFamilyFor(character.codePointAt(0)!) === 'cjk' ? 'W\u200B' : character;
  return out;
}
