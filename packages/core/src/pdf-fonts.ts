import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);
/** The package exports no paths to its font files, which sit in its fonts/ folder beside dist/. */
const cjkFolder = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');

/**
 * The fonts every PDF embeds, as files installed with the project (never the machine's own fonts):
 * DejaVu Sans for Latin (Welsh ŵ and ŷ included), Greek, Cyrillic and most symbols; Noto Sans
 * Hans for what it lacks of Chinese and Japanese (Han characters, kana, full-width punctuation).
 */
export const pdfFontFiles = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  italic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
  boldItalic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf'),
  cjk: join(cjkFolder, 'NotoSansHans-Regular.otf'),
  cjkBold: join(cjkFolder, 'NotoSansHans-Bold.otf'),
} as const;

export type PdfFontName = keyof typeof pdfFontFiles;

/** Which of the embedded fonts draws a character: `main` (DejaVu Sans), `cjk` (Noto Sans Hans), or undefined for none. */
export type PdfFontFamily = 'main' | 'cjk';

const fontData = new Map<PdfFontName, Buffer>();

/** A font file's bytes, read once per process, and only when first asked for. */
export function pdfFontData(name: PdfFontName): Buffer {
  let data = fontData.get(name);
  if (!data) {
    data = readFileSync(pdfFontFiles[name]);
    fontData.set(name, data);
  }
  return data;
}

const opened = new Map<PdfFontName, Fontkit.Font>();
let fontkit: typeof Fontkit | undefined;

/**
 * A font's character map. fontkit is loaded only then (it takes a sixth of a second to load), so
 * that reading a project whose text is all in the characters DejaVu Sans surely draws never loads it.
 */
function characterMap(name: PdfFontName): Fontkit.Font {
  let font = opened.get(name);
  if (!font) {
    fontkit ??= require('fontkit') as typeof Fontkit;
    font = fontkit.create(pdfFontData(name));
    opened.set(name, font);
  }
  return font;
}

/** Whether one of the font files has a glyph for a character (DejaVu Sans's styles do not all have the same). */
export function pdfFontHasGlyph(name: PdfFontName, codePoint: number): boolean {
  return characterMap(name).hasGlyphForCodePoint(codePoint);
}

/**
 * Characters DejaVu Sans is known to draw, tested before its character map is read: printable
 * ASCII, Latin-1, Latin Extended-A (Welsh ŵ ŷ) and the common punctuation (’ “ ” – — • …).
 */
const surelyMain = /^[\u0020-\u007E\u00A0-\u017F\u2010-\u2027\u2030-\u205E]$/u;

/**
 * The embedded font that draws a character: DejaVu Sans where it has a glyph, else Noto Sans Hans
 * (read only when such a character is first met, so a Latin-only policy never loads it), else none.
 */
export function pdfFontFamilyFor(codePoint: number): PdfFontFamily | undefined {
  if (surelyMain.test(String.fromCodePoint(codePoint))) return 'main';
  if (pdfFontHasGlyph('regular', codePoint)) return 'main';
  if (pdfFontHasGlyph('cjk', codePoint)) return 'cjk';
  return undefined;
}
