import { safeUrl, withoutUnsafeCharacters } from '@school-policy/core';
import PDFDocument from 'pdfkit';
import { fontFor, fontSegments, measurableText, registerMainFonts, useFont } from './fonts.js';
import type { Run } from './runs.js';

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

export const margins = { top: 62, bottom: 72, left: 62, right: 62 };
export const size = { body: 10.5, small: 8.5, h1: 22, school: 13, h2: 14, h3: 11.5, formTitle: 11, cover: 30, coverSchool: 16 };
export const colour = { insert: '#005a30', delete: '#942514', text: '#0b0c0c', muted: '#484949', link: '#1d70b8', rule: '#505a5f', shade: '#f3f2f1', blank: '#7a3d00' };
export const lineGap = 2.5;
export const paragraphGap = 6;
export const clauseIndent = 40;
export const listIndent = 16;
export const cellPadding = 5;

/** `2017` → 1 January 2017, `2017-11` → 1 November 2017, `2017-11-14` → that day; midnight UTC. */
export function reviewDate(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number) as [number, number | undefined, number | undefined];
  return new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
}

/**
 * A new A4 document, tagged, in the given language, with DejaVu Sans embedded and its dates fixed
 * (never the clock, so the same input gives the same bytes); `finish` ends it and gives the bytes.
 */
export function startPdf(meta: { title: string; author: string; subject: string; language: string; date: Date }): { doc: Doc; finish: () => Promise<Uint8Array> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    tagged: true,
    lang: meta.language,
    displayTitle: true,
    pdfVersion: '1.7',
    // No default font: pdfkit would otherwise load Helvetica's metrics in every document, unused.
    font: '',
    info: { Title: withoutUnsafeCharacters(meta.title), Author: withoutUnsafeCharacters(meta.author), Subject: withoutUnsafeCharacters(meta.subject), Creator: 'school-policy', CreationDate: meta.date, ModDate: meta.date },
  });
  registerMainFonts(doc);
  doc.font('regular');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  return {
    doc,
    finish: async () => {
      doc.end();
      await finished;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

/** The heights `measure` has found, by font, size, width and text; the oldest forgotten first past this many. */
const heights = new Map<string, number>();
const heightsKept = 20_000;

/** What every PDF this project writes shares: styled runs, headings kept with what follows, page furniture. */
export class PdfWriter {
  protected readonly doc: Doc;
  protected readonly left = margins.left;
  protected readonly width: number;

  constructor(doc: Doc) {
    this.doc = doc;
    this.width = doc.page.width - margins.left - margins.right;
  }

  /**
   * Page furniture, marked as such for assistive technology: at the foot of every page a line of
   * text and "Page X of Y"; with `header`, at the top of every page but the first, the document's
   * owner on the left and its title on the right. Returns the page count.
   */
  footers(text: string, pageWords: (page: number, pages: number) => string, header?: { left: string; right: string }): number {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let index = 0; index < range.count; index++) {
      doc.switchToPage(range.start + index);
      const bottom = doc.page.margins.bottom;
      const top = doc.page.margins.top;
      doc.page.margins.bottom = 0;
      doc.page.margins.top = 0;
      const y = doc.page.height - 44;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.moveTo(this.left, y - 8).lineTo(this.left + this.width, y - 8).lineWidth(0.5).stroke(colour.rule);
      doc.font('regular').fontSize(size.small).fillColor(colour.muted);
      this.line(text, this.left, y, { width: this.width - 90, height: size.small * 1.3, ellipsis: true, lineBreak: false });
      doc.text(pageWords(index + 1, range.count), this.left, y, { width: this.width, align: 'right', lineBreak: false });
      if (header && index > 0) {
        const headerY = 30;
        const half = this.width / 2 - 6;
        this.line(header.left, this.left, headerY, { width: half, height: size.small * 1.3, ellipsis: true, lineBreak: false });
        this.line(header.right, this.left + this.width - half, headerY, { width: half, height: size.small * 1.3, ellipsis: true, align: 'right', lineBreak: false });
        doc.moveTo(this.left, headerY + 14).lineTo(this.left + this.width, headerY + 14).lineWidth(0.5).stroke(colour.rule);
      }
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
      doc.page.margins.top = top;
    }
    return range.count;
  }

  /**
   * One line of page furniture in the regular font at the current size, cut short with an
   * ellipsis. Text with Chinese or Japanese is written in pieces, each in the font that draws it,
   * and cut at the line's end (pdfkit cannot put an ellipsis after pieces in several fonts).
   */
  private line(text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
    const { doc } = this;
    const segments = fontSegments(text, 'regular');
    if (segments.length <= 1) {
      useFont(doc, segments[0]?.font ?? 'regular').text(segments[0]?.text ?? '', x, y, options);
      doc.font('regular');
      return;
    }
    const { ellipsis: _ellipsis, lineBreak: _lineBreak, ...rest } = options;
    segments.forEach((segment, index) => {
      const pieceOptions = { ...rest, continued: index < segments.length - 1 } as PDFKit.Mixins.TextOptions;
      if (index === 0) useFont(doc, segment.font).text(segment.text, x, y, pieceOptions);
      else useFont(doc, segment.font).text(segment.text, pieceOptions);
    });
    doc.font('regular');
  }

  /** A heading kept with what follows it; optionally a bookmark and a link target. */
  protected heading(
    type: 'H2' | 'H3' | 'H4',
    runs: Run[],
    parent: Struct,
    fontSize: number,
    options: { bookmark?: string; parentBookmark?: PDFKit.PDFOutline | undefined; destination?: string } = {},
  ): PDFKit.PDFOutline | undefined {
    const { doc } = this;
    this.keep(this.measure(runs, this.width, fontSize) + 4 * this.lineHeight());
    const bookmark = options.bookmark ? (options.parentBookmark ?? doc.outline).addItem(withoutUnsafeCharacters(options.bookmark)) : undefined;
    parent.add(doc.struct(type, {}, () => this.write(runs, this.left, this.width, { size: fontSize, destination: options.destination })));
    doc.y += type === 'H2' ? 8 : 5;
    return bookmark;
  }

  /** Writes styled runs as one wrapped paragraph at x, from `y` or the current position. */
  protected write(
    runs: Run[],
    x: number,
    width: number,
    options: { y?: number; size?: number; colour?: string; goTo?: string; destination?: string | undefined } = {},
  ): void {
    const { doc } = this;
    // Each run is cut where the font that draws it changes (Chinese and Japanese have their own).
    const pieces = runs.flatMap((run) => fontSegments(run.text, fontFor({ bold: run.bold || run.blank, italic: run.italic })).map((segment) => ({ run, segment })));
    if (pieces.length === 0) return;
    pieces.forEach(({ run, segment }, index) => {
      const linked = run.link !== undefined;
      const fill = run.blank ? colour.blank : run.insert ? colour.insert : run.delete ? colour.delete : linked ? colour.link : (options.colour ?? colour.text);
      useFont(doc, segment.font).fontSize(options.size ?? size.body).fillColor(fill);
      const textOptions: PDFKit.Mixins.TextOptions = {
        width,
        lineGap,
        continued: index < pieces.length - 1,
        underline: linked || !!run.blank || !!run.insert,
        strike: !!run.delete,
        link: safeUrl(run.link, { inSite: false }) ?? null,
        ...(index === 0 && options.goTo ? { goTo: options.goTo } : {}),
        ...(index === 0 && options.destination ? { destination: options.destination } : {}),
      } as PDFKit.Mixins.TextOptions;
      if (index === 0) doc.text(segment.text, x, options.y ?? doc.y, textOptions);
      else doc.text(segment.text, textOptions);
    });
    doc.font('regular');
  }

  /**
   * Writes a short label (a clause's number, a list item's marker) at x, y in the current font and
   * size. One that fits the width is written as it is, without pdfkit's line wrapping, which would
   * only cost time; one too wide for it (such as 10.3.1) is wrapped within the width.
   */
  protected label(text: string, x: number, y: number, width: number): void {
    const { doc } = this;
    doc.text(text, x, y, doc.widthOfString(text) > width ? { width, lineBreak: false } : { lineBreak: false });
  }

  /** How tall the runs are when wrapped to the width: measured once per process for each text, font, size and width. */
  protected measure(runs: Run[], width: number, fontSize = size.body): number {
    const { doc } = this;
    const text = measurableText(runs.map((run) => run.text).join(''));
    if (!text) return 0;
    const font = runs.some((run) => run.bold) ? 'bold' : 'regular';
    doc.font(font).fontSize(fontSize);
    // pdfkit wraps the text as it would write it, from any place on any page, so the height
    // depends on these alone.
    const key = `${font} ${fontSize} ${width} ${text}`;
    let height = heights.get(key);
    if (height === undefined) {
      height = doc.heightOfString(text, { width, lineGap });
      if (heights.size >= heightsKept) heights.delete(heights.keys().next().value!);
      heights.set(key, height);
    }
    return height;
  }

  protected lineHeight(): number {
    return this.doc.font('regular').fontSize(size.body).currentLineHeight(true) + lineGap;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  protected keep(height: number): void {
    const limit = this.doc.page.height - margins.bottom;
    if (this.doc.y + height > limit) this.doc.addPage();
  }
}
