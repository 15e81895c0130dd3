import { pdfFontData, type PdfFontName } from '@school-policy/core';
import * as fontkit from 'fontkit';

/**
 * Fonts parsed once and shared by every PDF a process (or worker thread) writes, and the words
 * laid out in them.
 *
 * Left to itself, pdfkit parses a font file anew in every document that registers it
 * (`doc.registerFont(name, buffer)`), and shapes every word of every document afresh through
 * fontkit's OpenType layout. Both cost far more than the rest of writing a PDF, and both give the
 * same answer in every document: the same clause text recurs in every school's policy.
 *
 * pdfkit's `registerFont` and `font` accept, as well as a file or its bytes, a fontkit font
 * (anything with a `layout` method), and wrap it, in each document, in an EmbeddedFont of their
 * own. The EmbeddedFont keeps what belongs to that document alone: the glyphs it uses (its subset,
 * numbered in the order the document first uses them), their widths and the text each stands for.
 * Of the font it asks only its metrics and tables, a new subset, and `layout(text)`. So each
 * document is given, for each font, the same `SharedFont`, parsed once per process. Then, in
 * `speedUp`, three of the EmbeddedFont's methods (`layout`, `widthOfString`, `encode`) are given
 * faster versions that lay out each word once per process, not once per document, and give the
 * same results to the last bit: the package's tests compare them with pdfkit's own. pdfkit is
 * pinned to one version in package.json; `speedUp` checks that its EmbeddedFont has the shape
 * this expects and stops with an error if not. Besides, the subset font files last made are kept
 * for documents that use the same glyphs in the same order, and each glyph's outline is read from
 * the font file once.
 *
 * What is shared must never change a document's bytes, whatever was rendered before it in the same
 * process, so:
 *
 * - A laid-out word is a function of its text alone. What every document shares is frozen; what a
 *   document may change (pdfkit scales the positions of a run in place) is made anew.
 * - fontkit keeps one glyph object per glyph id, and stores in it the characters it was first
 *   asked for. Where two characters share a glyph (such as U+FB01 "ﬁ" and the ligature that "fi"
 *   becomes), which characters a glyph stands for, and so the text a PDF reader copies or reads
 *   aloud, would depend on which word the process met first. `prepareGlyphs` makes fontkit hand
 *   out glyphs carrying the characters asked for in each call instead.
 * - The caches are bounded, and forgetting a word only means laying it out again.
 */

/** A glyph as pdfkit uses it: its id, the characters it stands for, its advance in font units. */
interface LaidOutGlyph {
  readonly id: number;
  readonly codePoints: readonly number[];
  readonly advanceWidth: number;
}

/** Where a glyph goes, as fontkit gives it in font units, or as pdfkit keeps it in thousandths of an em. */
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface ScaledPosition extends Readonly<Position> {
  /** The glyph's own advance, before any kerning. */
  readonly advanceWidth: number;
}

/** A word as pdfkit's EmbeddedFont holds it once it has scaled fontkit's run to thousandths of an em. */
interface ScaledWord {
  readonly glyphs: readonly LaidOutGlyph[];
  readonly positions: readonly ScaledPosition[];
  /** The sum of the positions' x advances, added up in their order, as pdfkit adds them up. */
  readonly advanceWidth: number;
}

/** What `layout` gives pdfkit: a new run, shaped like fontkit's, whose positions pdfkit may scale in place. */
class Run {
  constructor(
    readonly glyphs: readonly LaidOutGlyph[],
    readonly positions: Position[],
  ) {}

  /** As fontkit's runs: the sum of the advances, read after pdfkit has scaled them. */
  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

/** The part of pdfkit's EmbeddedFont (one per font per document) that `speedUp` reads and replaces. */
interface EmbeddedFont {
  font: unknown;
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: (number | undefined)[];
  unicode: (readonly number[] | undefined)[];
  layout(text: string, features?: unknown, onlyWidth?: boolean): { readonly glyphs: readonly LaidOutGlyph[] | null; readonly positions: readonly ScaledPosition[] | null; readonly advanceWidth: number };
  widthOfString(text: string, size: number, features?: unknown): number;
  encode(text: string, features?: unknown): [string[], readonly ScaledPosition[]];
}

/**
 * How many words, strings' widths, lines and subset font files each font keeps. A policy has a few
 * thousand different words and a few hundred lines in each font, and most recur in every school's.
 * Past this many, the words and widths kept longest, and the lines and files used least lately,
 * are forgotten first.
 */
const kept = { words: 20_000, widths: 20_000, lines: 5_000, subsets: 32 };

/** A font file parsed once, as pdfkit's `registerFont` takes it, laying out each word once. */
export class SharedFont {
  private readonly font: fontkit.Font;
  private readonly words = new Map<string, ScaledWord>();
  private readonly widths = new Map<string, number>();
  private readonly lines = new Map<string, ScaledWord>();
  private readonly subsets = new Map<string, Uint8Array>();
  // Glyphs and positions recur in many words, so each is kept once: as many as the font has glyphs, and kerned pairs.
  private readonly glyphs = new Map<string, LaidOutGlyph>();
  private readonly positions = new Map<string, ScaledPosition>();
  /** What pdfkit multiplies font units by to give thousandths of an em. */
  private readonly scale: number;

  // What pdfkit's EmbeddedFont reads of a fontkit font, besides the methods below.
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: unknown;
  readonly head: unknown;
  readonly post: unknown;
  readonly 'OS/2': unknown;

  constructor(data: Uint8Array) {
    const font = fontkit.create(data);
    prepareGlyphs(font);
    this.font = font;
    this.postscriptName = font.postscriptName;
    this.unitsPerEm = font.unitsPerEm;
    this.ascent = font.ascent;
    this.descent = font.descent;
    this.lineGap = font.lineGap;
    this.capHeight = font.capHeight;
    this.xHeight = font.xHeight;
    this.italicAngle = font.italicAngle;
    this.bbox = font.bbox;
    this.head = font.head;
    this.post = font.post;
    this['OS/2'] = font['OS/2'];
    this.scale = 1000 / font.unitsPerEm;
  }

  /**
   * A new subset for one document: the glyphs it uses, in the order it first uses them. The font
   * file it makes depends on those glyphs and their order alone, and documents often share them
   * (most of the bold type is the model's headings), so the last few files made are kept.
   */
  createSubset(): unknown {
    const subset = this.font.createSubset() as { glyphs: number[]; encode(): Uint8Array };
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      let file = this.subsets.get(key);
      if (file) this.subsets.delete(key);
      else {
        file = encode();
        if (this.subsets.size >= kept.subsets) this.subsets.delete(this.subsets.keys().next().value!);
      }
      this.subsets.set(key, file);
      return file;
    };
    return subset;
  }

  getGlyph(id: number): fontkit.Glyph {
    return this.font.getGlyph(id);
  }

  /**
   * A word's glyphs and positions, as fontkit's `layout` gives them, made anew. Once `speedUp` has
   * given pdfkit the words it needs, it asks for these only with OpenType features, which nothing
   * here uses.
   */
  layout(text: string, features?: unknown): Run {
    const run = this.font.layout(text, features);
    const glyphs = run.glyphs.map((glyph) => this.glyph(glyph));
    return new Run(glyphs, run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset })));
  }

  /** One frozen record for each glyph and the characters it stands for, shared by every word that has it. */
  private glyph(glyph: fontkit.Glyph): LaidOutGlyph {
    const key = `${glyph.id} ${glyph.codePoints.join(' ')}`;
    let record = this.glyphs.get(key);
    if (!record) {
      record = Object.freeze({ id: glyph.id, codePoints: Object.freeze([...glyph.codePoints]), advanceWidth: glyph.advanceWidth });
      this.glyphs.set(key, record);
    }
    return record;
  }

  /** One frozen position for each set of values, shared by every word that has it. */
  private position(values: ScaledPosition): ScaledPosition {
    const key = `${values.xAdvance} ${values.yAdvance} ${values.xOffset} ${values.yOffset} ${values.advanceWidth}`;
    let position = this.positions.get(key);
    if (!position) {
      position = Object.freeze(values);
      this.positions.set(key, position);
    }
    return position;
  }

  /**
   * Gives pdfkit's EmbeddedFont for this font, in one document, faster versions of the methods
   * that measure every word it wraps (`widthOfString`, through `layout`) and give the glyphs of
   * every line it writes (`encode`, through `layout`). Each does what pdfkit's own does, with the
   * words and lines laid out and scaled once per process: text is cut into words after each space
   * or tab, each word is laid out on its own, and the words are joined. With OpenType features
   * asked for, pdfkit's own are used.
   */
  speedUp(embedded: EmbeddedFont): void {
    const expected =
      embedded.font === this &&
      embedded.scale === this.scale &&
      typeof embedded.subset?.includeGlyph === 'function' &&
      Array.isArray(embedded.widths) &&
      Array.isArray(embedded.unicode) &&
      [embedded.layout, embedded.widthOfString, embedded.encode].every((method) => typeof method === 'function');
    if (!expected) throw new Error(`pdfkit did not open the font ${this.postscriptName} as this project expects (see shared-fonts.ts): has pdfkit been upgraded?`);
    const own = { layout: embedded.layout.bind(embedded), widthOfString: embedded.widthOfString.bind(embedded), encode: embedded.encode.bind(embedded) };

    embedded.layout = (text, features, onlyWidth) => {
      if (features) return own.layout(text, features, onlyWidth);
      return onlyWidth ? { glyphs: null, positions: null, advanceWidth: this.widthOf(text) } : this.line(text);
    };

    // As pdfkit's: the width in thousandths of an em, times the size in thousandths.
    embedded.widthOfString = (text, size, features) => (features ? own.widthOfString(text, size, features) : this.widthOf(text) * (size / 1000));

    // pdfkit's own gives each glyph the code of its place in the document's subset, adding it to
    // the subset, with its width and the characters it stands for, the first time the document
    // uses it. So the codes, by glyph id, are this document's, and are kept for it.
    const codes: (string | undefined)[] = new Array<string | undefined>(this.font.numGlyphs);
    const code = (glyph: LaidOutGlyph): string => {
      const gid = embedded.subset.includeGlyph(glyph.id);
      if (embedded.widths[gid] == null) embedded.widths[gid] = glyph.advanceWidth * embedded.scale;
      if (embedded.unicode[gid] == null) embedded.unicode[gid] = glyph.codePoints;
      return (codes[glyph.id] = `0000${gid.toString(16)}`.slice(-4));
    };
    embedded.encode = (text, features) => {
      if (features) return own.encode(text, features);
      const { glyphs, positions } = this.line(text);
      const encoded = new Array<string>(glyphs.length);
      for (let index = 0; index < glyphs.length; index++) {
        const glyph = glyphs[index]!;
        encoded[index] = codes[glyph.id] ?? code(glyph);
      }
      return [encoded, positions];
    };
  }

  /** A string's advance in thousandths of an em: its words' advances, added up in order. */
  private widthOf(text: string): number {
    let width = this.widths.get(text);
    if (width === undefined) {
      width = 0;
      for (const word of this.wordsOf(text)) width += word.advanceWidth;
      keep(this.widths, text, width, kept.widths);
    }
    return width;
  }

  /** A line's glyphs and positions: its words', one after another. Every document shares them, so they are frozen. */
  private line(text: string): ScaledWord {
    let line = this.lines.get(text);
    if (line) {
      // Kept as the line used most lately.
      this.lines.delete(text);
    } else {
      const words = this.wordsOf(text);
      if (words.length === 1) line = words[0]!;
      else {
        let advanceWidth = 0;
        for (const word of words) advanceWidth += word.advanceWidth;
        line = Object.freeze({ glyphs: Object.freeze(words.flatMap((word) => word.glyphs)), positions: Object.freeze(words.flatMap((word) => word.positions)), advanceWidth });
      }
      if (this.lines.size >= kept.lines) this.lines.delete(this.lines.keys().next().value!);
    }
    this.lines.set(text, line);
    return line;
  }

  /** The words of a text, as pdfkit cuts them: each up to and including a space or tab, then the rest. */
  private wordsOf(text: string): ScaledWord[] {
    const words: ScaledWord[] = [];
    let start = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 0x20 || code === 0x09) {
        words.push(this.word(text.slice(start, index + 1)));
        start = index + 1;
      }
    }
    if (start < text.length) words.push(this.word(start === 0 ? text : text.slice(start)));
    return words;
  }

  /**
   * A word as pdfkit's EmbeddedFont would scale and keep it (its `layoutRun`), laid out once per
   * process. Every document shares it, so it is frozen.
   */
  private word(text: string): ScaledWord {
    let word = this.words.get(text);
    if (!word) {
      const run = this.layout(text);
      const positions = run.positions.map((position, index) =>
        this.position({
          xAdvance: position.xAdvance * this.scale,
          yAdvance: position.yAdvance * this.scale,
          xOffset: position.xOffset * this.scale,
          yOffset: position.yOffset * this.scale,
          advanceWidth: run.glyphs[index]!.advanceWidth * this.scale,
        }),
      );
      let advanceWidth = 0;
      for (const position of positions) advanceWidth += position.xAdvance;
      word = Object.freeze({ glyphs: Object.freeze(run.glyphs), positions: Object.freeze(positions), advanceWidth });
      keep(this.words, text, word, kept.words);
    }
    return word;
  }
}

/** Adds to a bounded cache, forgetting the entry added longest ago when it is full. */
function keep<T>(cache: Map<string, T>, key: string, value: T, limit: number): void {
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

/**
 * Makes `font.getGlyph(id, codePoints)` give a glyph carrying the characters asked for. fontkit
 * caches one glyph object per id and keeps in it the characters of the first call; where those
 * differ, this gives a view of the cached glyph (sharing its outline and metrics) with the
 * characters of this call. fontkit's layout asks for glyphs through this method alone, so a word's
 * glyphs say which of its characters they draw, whatever words the font laid out before.
 *
 * It also makes each TrueType glyph read its outline from the font file once per process: fontkit
 * reads it again each time a document's subset takes the glyph, and nothing changes what it reads.
 */
function prepareGlyphs(font: fontkit.Font): void {
  const cached = font.getGlyph.bind(font);
  const trueType = font.directory.tables.glyf !== undefined;
  const decodedOnce = new WeakSet<object>();
  font.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = cached(id, codePoints);
    if (!glyph) return glyph;
    if (trueType && !decodedOnce.has(glyph)) {
      decodedOnce.add(glyph);
      decodeOnce(glyph as unknown as { _decode(): unknown });
    }
    if (codePoints.length === 0 || sameNumbers(glyph.codePoints, codePoints)) return glyph;
    return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as fontkit.Glyph;
  };
}

/** Keeps what a TrueType glyph's `_decode` reads (its contours, or its components), which its callers only read. */
function decodeOnce(glyph: { _decode(): unknown }): void {
  const decode = glyph._decode;
  if (typeof decode !== 'function') return;
  let decoded: { value: unknown } | undefined;
  glyph._decode = () => (decoded ??= { value: decode.call(glyph) }).value;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

const shared = new Map<PdfFontName, SharedFont>();

/** The shared font for one of the embedded font files, parsed the first time any PDF asks for it. */
export function sharedFont(name: PdfFontName): SharedFont {
  let font = shared.get(name);
  if (!font) {
    font = new SharedFont(pdfFontData(name));
    shared.set(name, font);
  }
  return font;
}
