import type { BlockContent, DefinitionContent, List, RootContent, Table } from 'mdast';
import { headingText, ownMark, partLabel, type FilledBlock, type FilledForm, type FilledNode, type FilledPart, type FilledPolicy, type FormItem } from '../filled-policy.js';
import { documentAuthor, documentSubject, documentTitle } from '../render-html.js';
import { isDraft, signatories } from '../approval.js';
import { phrase } from '../words.js';
import { runsOf, toRuns, type Run } from './runs.js';
import { formatMonthOrDate } from '../format-value.js';
import { cellPadding, clauseIndent, colour, listIndent, margins, paragraphGap, PdfWriter, reviewDate, size, startPdf, type Doc, type Struct } from './writer.js';

type Content = BlockContent | DefinitionContent | RootContent;

/** The draft stamp on a draft's cover: its type size and the room inside its box, in points. */
const draftStamp = { size: 20, padding: 6 };

/**
 * The policy as an A4 PDF: tagged (headings, paragraphs, lists, tables in a structure tree),
 * language set, title shown in the viewer, DejaVu Sans embedded, bookmarks for every part,
 * numbered clauses with hanging indents, forms as bordered tables, and "Page X of Y" on every
 * page. Dates come from the policy, never the clock, so the same input gives the same bytes.
 */
export async function renderPdf(policy: FilledPolicy): Promise<Uint8Array> {
  return (await renderPdfWithPages(policy)).bytes;
}

/** The PDF and how many pages it has, for download links that say "PDF, 105 KB, 15 pages". */
export async function renderPdfWithPages(policy: FilledPolicy): Promise<{ bytes: Uint8Array; pages: number }> {
  // An adopted version is dated by its approval; anything else by its review or publication date.
  const date = reviewDate(policy.approval?.approved ?? policy.date.iso);
  const { doc, finish } = startPdf({
    title: documentTitle(policy),
    author: documentAuthor(policy),
    subject: documentSubject(policy),
    language: policy.language,
    date,
  });
  const writer = new PolicyPdf(doc, policy);
  writer.policy();
  const pages = writer.footers(versionLine(policy), (page, count) => phrase(policy.words.page, { page, pages: count }), {
    left: policy.school.name,
    right: policy.model.title,
  });
  if (isDraft(policy)) writer.draftMarks(policy.words.draftMark);
  return { bytes: await finish(), pages };
}

/** What the running footer says about the version: `Version 2, approved 14 October 2026`, or the date line. */
function versionLine(policy: FilledPolicy): string {
  if (policy.approval) return phrase(policy.words.versionLine, { version: policy.approval.version, date: formatMonthOrDate(policy.approval.approved, policy.words.months) });
  return policy.kind === 'template' ? policy.dateLine : `${policy.dateLine} · ${policy.words.draftLine}`;
}

/** A contents entry waiting for its page number: the part, its element in the structure tree, and where it was written. */
interface ContentsEntry {
  part: string;
  element: Struct;
  page: number;
  y: number;
}

/** The contents list, open in the structure tree, its entries, and the column their page numbers go in. */
interface Contents {
  toc: Struct;
  entries: ContentsEntry[];
  x: number;
  width: number;
}

class PolicyPdf extends PdfWriter {
  /** The page each part starts on, by id, as laid out. */
  readonly starts = new Map<string, number>();
  private readonly filled: FilledPolicy;

  constructor(doc: Doc, policy: FilledPolicy) {
    super(doc);
    this.filled = policy;
  }

  policy(): void {
    const policy = this.filled;
    const root = this.doc.struct('Document');
    this.doc.addStructure(root);
    this.cover(root);
    this.doc.addPage();
    const contents = this.contents(root);
    this.doc.addPage();
    policy.parts.forEach((part, index) => this.part(part, root, index === 0));
    this.contentsPages(contents);
    root.end();
  }

  /** The first page: what the policy is, whose it is, which release and version, and its approval with room to sign. */
  private cover(root: Struct): void {
    const { doc, filled: policy } = this;
    const words = policy.words.cover;
    doc.y = margins.top + 36;
    // A template's date line already says who published it.
    if (policy.kind === 'school') root.add(doc.struct('P', {}, () => this.write(runsOf(phrase(words.publishedBy, { publisher: policy.publisher.name })), this.left, this.width, { size: 11, colour: colour.muted })));
    doc.y += 28;
    const y = doc.y;
    root.add(doc.struct('H1', {}, () => {
      this.write(toRuns(policy.school.nodes), this.left, this.width, { y, size: size.coverSchool, colour: colour.muted });
      doc.y += 6;
      this.write(runsOf(policy.model.title, { bold: true }), this.left, this.width, { size: size.cover });
    }));
    doc.y += 8;
    if (policy.school.motto) {
      root.add(doc.struct('P', {}, () => this.write(runsOf(policy.school.motto!, { italic: true }), this.left, this.width, { size: 12 })));
      doc.y += 4;
    }
    root.add(doc.struct('P', {}, () => this.write(runsOf(policy.dateLine), this.left, this.width, { size: 12, colour: colour.muted })));
    doc.y += 36;

    const labelWidth = Math.round(this.width * 0.35);
    const facts = doc.struct('Table');
    root.add(facts);
    const fact = (label: string, value: string | undefined) =>
      this.row(facts, Math.max(this.measure(runsOf(value ?? ''), this.width - labelWidth - 2 * cellPadding) + 2 * cellPadding, 24), [
        { kind: 'TH', x: this.left, width: labelWidth, runs: runsOf(label, { bold: true }) },
        { kind: 'TD', x: this.left + labelWidth, width: this.width - labelWidth, runs: value ? runsOf(value) : undefined },
      ]);
    const approval = policy.approval;
    const date = (iso: string | undefined) => (iso ? formatMonthOrDate(iso, policy.words.months) : undefined);
    fact(words.release, formatMonthOrDate(policy.release, policy.words.months));
    if (approval) fact(words.version, phrase(words.versionValue, { version: approval.version, name: approval.name }));
    facts.end();
    doc.y += 20;

    this.heading('H2', runsOf(words.approvalHeading, { bold: true }), root, size.h2);
    if (!approval) root.add(doc.struct('P', {}, () => this.write(runsOf(policy.kind === 'template' ? words.template : words.draft), this.left, this.width)));
    if (approval?.example) root.add(doc.struct('P', {}, () => this.write(runsOf(words.exampleRecord, { italic: true }), this.left, this.width, { colour: colour.muted })));
    doc.y += 6;
    const record = doc.struct('Table');
    root.add(record);
    const recordRow = (label: string, value: string | undefined) =>
      this.row(record, Math.max(this.measure(runsOf(value ?? ''), this.width - labelWidth - 2 * cellPadding) + 2 * cellPadding, 26), [
        { kind: 'TH', x: this.left, width: labelWidth, runs: runsOf(label, { bold: true }) },
        { kind: 'TD', x: this.left + labelWidth, width: this.width - labelWidth, runs: value ? runsOf(value) : undefined },
      ]);
    recordRow(words.approvedBy, approval?.approvedBy);
    recordRow(words.approved, date(approval?.approved));
    recordRow(words.minute, approval?.minute);
    recordRow(words.nextReview, date(approval?.nextReview));
    record.end();
    doc.y += 16;

    const signatures = doc.struct('Table');
    root.add(signatures);
    const columns = [0.34, 0.22, 0.28, 0.16].map((share) => Math.round(this.width * share));
    const at = (index: number) => this.left + columns.slice(0, index).reduce((total, width) => total + width, 0);
    const cells = (texts: (string | undefined)[], kind: 'TH' | 'TD', bold: boolean) =>
      texts.map((text, index) => ({ kind: index === 0 || kind === 'TH' ? ('TH' as const) : ('TD' as const), x: at(index), width: index === columns.length - 1 ? this.left + this.width - at(index) : columns[index]!, runs: text ? runsOf(text, { bold }) : undefined, shade: kind === 'TH' }));
    this.row(signatures, 22, cells([words.signedBy, words.name, words.signature, words.date], 'TH', true));
    for (const signer of signatories(policy)) {
      const height = Math.max(this.measure(runsOf(signer.role), columns[0]! - 2 * cellPadding), this.measure(runsOf(signer.name ?? ''), columns[1]! - 2 * cellPadding)) + 2 * cellPadding;
      this.row(signatures, Math.max(height, 40), cells([signer.role, signer.name, undefined, undefined], 'TD', false));
    }
    signatures.end();
  }

  /**
   * Marks a draft as one on every page, as page furniture (an artifact, outside the tagged text, as
   * the running header and footer are): a stamp at the top of the cover, and the word at the head
   * of each page after it. The cover's approval section says in its text that it is not yet approved.
   */
  draftMarks(mark: string): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let index = 0; index < range.count; index++) {
      doc.switchToPage(range.start + index);
      const [top, bottom] = [doc.page.margins.top, doc.page.margins.bottom];
      doc.page.margins.top = 0;
      doc.page.margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      if (index === 0) {
        doc.font('bold').fontSize(draftStamp.size);
        const width = doc.widthOfString(mark) + 2 * draftStamp.padding;
        const height = draftStamp.size + 2 * draftStamp.padding;
        const x = this.left + this.width - width;
        doc.rect(x, margins.top - 8, width, height).lineWidth(2).stroke(colour.delete);
        doc.fillColor(colour.delete).text(mark, x, margins.top - 8 + draftStamp.padding + 1, { width, align: 'center', lineBreak: false });
      } else {
        doc.font('bold').fontSize(size.small + 1).fillColor(colour.delete).text(mark, this.left, 14, { width: this.width, align: 'center', lineBreak: false });
      }
      doc.endMarkedContent();
      doc.page.margins.top = top;
      doc.page.margins.bottom = bottom;
    }
  }

  /**
   * The contents: every part, each a link to it, with the page it starts on. That page is known
   * only once the parts are laid out, so each entry's title is written now and its page number
   * later, by `contentsPages`, in a column of its own beside it: writing it moves nothing, and the
   * document is laid out once. The list and its entries stay open in the structure tree until then.
   */
  private contents(root: Struct): Contents {
    const { doc, filled: policy } = this;
    this.heading('H2', runsOf(policy.words.contents, { bold: true }), root, size.h2);
    const toc = doc.struct('TOC');
    root.add(toc);
    const numberWidth = 36;
    const textWidth = this.width - numberWidth - 12;
    const entries: ContentsEntry[] = [];
    for (const part of policy.parts) {
      const runs: Run[] = [{ text: headingText(part), bold: false, italic: false, link: undefined }];
      this.keep(this.measure(runs, textWidth) + 6);
      const y = doc.y;
      const element = doc.struct('TOCI');
      toc.add(element);
      // The entry is in the tree already, so pdfkit writes its title at once, on this page.
      element.add(() => this.write(runs, this.left, textWidth, { y, goTo: part.id, colour: colour.link }));
      entries.push({ part: part.id, element, page: this.currentPage(), y });
      doc.y += 5;
    }
    return { toc, entries, x: this.left + this.width - numberWidth, width: numberWidth };
  }

  /** Writes in each contents entry the page its part starts on, going back to the contents' pages, then closes the list. */
  private contentsPages({ toc, entries, x, width }: Contents): void {
    const { doc } = this;
    const last = this.currentPage();
    const [atX, atY] = [doc.x, doc.y];
    for (const entry of entries) {
      doc.switchToPage(entry.page);
      const page = this.starts.get(entry.part);
      entry.element.add(() => {
        doc.font('regular').fontSize(size.body).fillColor(colour.text).text(page === undefined ? '' : String(page), x, entry.y, { width, align: 'right', lineBreak: false });
      });
      entry.element.end();
    }
    toc.end();
    doc.switchToPage(last);
    [doc.x, doc.y] = [atX, atY];
  }

  /** The index of the page being written, as `switchToPage` takes it. */
  private currentPage(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private part(part: FilledPart, root: Struct, first: boolean): void {
    if (part.kind === 'appendix' && !first) this.doc.addPage();
    else if (!first) this.doc.y += 10;
    const section = this.doc.struct('Sect');
    root.add(section);
    const label = partLabel(part);
    const bookmark = this.heading('H2', [...runsOf(label, { bold: true }), ...toRuns(part.title.nodes, { bold: true })], section, size.h2, {
      bookmark: headingText(part),
      destination: part.id,
    });
    this.starts.set(part.id, this.doc.bufferedPageRange().count);
    for (const child of part.children) this.node(child, section, bookmark);
    section.end();
  }

  private node(child: FilledNode, parent: Struct, bookmark: PDFKit.PDFOutline | undefined): void {
    switch (child.type) {
      case 'subsection': {
        const section = this.doc.struct('Sect');
        parent.add(section);
        this.heading('H3', [...runsOf(`${child.number} `, { bold: true }), ...toRuns(child.title.nodes, { bold: true })], section, size.h3, {
          bookmark: `${child.number} ${child.title.text}`,
          parentBookmark: bookmark,
        });
        for (const inner of child.children) this.node(inner, section, undefined);
        section.end();
        break;
      }
      case 'form':
        this.form(child, parent);
        break;
      case 'text':
        this.keep(2 * this.lineHeight());
        this.blocks(child.content, this.left, this.width, parent);
        this.ownMark(child, this.left, this.width, parent);
        break;
      case 'clause':
        this.clause(child.number ?? '', child.content, parent);
        this.ownMark(child, this.left + clauseIndent, this.width - clauseIndent, parent);
        break;
    }
  }

  /** Under a clause in its own words, not the model's, whose words they are, in small italics. */
  private ownMark(block: FilledBlock, x: number, width: number, parent: Struct): void {
    if (!block.own) return;
    const mark = ownMark(this.filled, block.own);
    this.doc.y -= paragraphGap / 2;
    parent.add(this.doc.struct('P', {}, () => this.write(runsOf(mark, { italic: true }), x, width, { size: size.small + 0.5, colour: colour.muted })));
    this.doc.y += paragraphGap;
  }

  private clause(number: string, content: readonly Content[], parent: Struct): void {
    const { doc } = this;
    const div = doc.struct('Div');
    parent.add(div);
    this.keep(2 * this.lineHeight());
    const x = this.left + clauseIndent;
    const width = this.width - clauseIndent;
    const [first, ...rest] = content;
    const y = doc.y;
    const writeNumber = () => {
      doc.font('bold').fontSize(size.body).fillColor(colour.text);
      this.label(number, this.left, y, clauseIndent - 4);
    };
    if (first?.type === 'paragraph') {
      div.add(doc.struct('P', {}, () => {
        writeNumber();
        this.write(toRuns(first.children), x, width, { y });
      }));
      doc.y += paragraphGap;
      this.blocks(rest, x, width, div);
    } else {
      div.add(doc.struct('P', {}, () => writeNumber()));
      doc.y = y;
      this.blocks(content, x, width, div);
    }
    div.end();
  }

  private blocks(content: readonly Content[], x: number, width: number, parent: Struct): void {
    const { doc } = this;
    for (const block of content) {
      switch (block.type) {
        case 'paragraph':
          parent.add(doc.struct('P', {}, () => this.write(toRuns(block.children), x, width)));
          doc.y += paragraphGap;
          break;
        case 'heading':
          parent.add(doc.struct('P', {}, () => this.write(toRuns(block.children, { bold: true }), x, width)));
          doc.y += paragraphGap;
          break;
        case 'list':
          this.list(block, x, width, parent);
          doc.y += paragraphGap - 2;
          break;
        case 'blockquote':
          this.blocks(block.children, x + listIndent, width - listIndent, parent);
          break;
        case 'code':
          parent.add(doc.struct('P', {}, () => this.write(runsOf(block.value), x + listIndent, width - listIndent)));
          doc.y += paragraphGap;
          break;
        case 'table':
          this.table(block, x, width, parent);
          doc.y += paragraphGap;
          break;
        default:
          break;
      }
    }
  }

  /** A Markdown table as a bordered table: its first row as shaded column headers, columns of equal width. */
  private table(table: Table, x: number, width: number, parent: Struct): void {
    const { doc } = this;
    const element = doc.struct('Table');
    parent.add(element);
    const columns = Math.max(1, ...table.children.map((row) => row.children.length));
    const columnWidth = width / columns;
    table.children.forEach((row, rowIndex) => {
      const header = rowIndex === 0;
      const cells = row.children.map((cell, index) => ({
        kind: header ? ('TH' as const) : ('TD' as const),
        x: x + index * columnWidth,
        width: columnWidth,
        runs: toRuns(cell.children, { bold: header }),
        shade: header,
      }));
      const height = Math.max(...cells.map((cell) => this.measure(cell.runs, columnWidth - 2 * cellPadding))) + 2 * cellPadding;
      this.row(element, height, cells);
    });
    element.end();
  }

  private list(list: List, x: number, width: number, parent: Struct): void {
    const { doc } = this;
    const l = doc.struct('L');
    parent.add(l);
    list.children.forEach((item, index) => {
      const li = doc.struct('LI');
      l.add(li);
      this.keep(1.5 * this.lineHeight());
      const y = doc.y;
      const marker = item.checked === false ? '☐' : item.checked === true ? '☒' : list.ordered ? `${(list.start ?? 1) + index}.` : '•';
      li.add(doc.struct('Lbl', {}, () => {
        doc.font('regular').fontSize(size.body).fillColor(colour.text);
        this.label(marker, x, y, listIndent);
      }));
      const body = doc.struct('LBody');
      li.add(body);
      doc.y = y;
      item.children.forEach((child, childIndex) => {
        if (child.type === 'paragraph') {
          body.add(doc.struct('P', {}, () => this.write(toRuns(child.children), x + listIndent, width - listIndent, childIndex === 0 ? { y } : {})));
          doc.y += 2;
        } else if (child.type === 'list') {
          this.list(child, x + listIndent, width - listIndent, body);
        } else {
          this.blocks([child], x + listIndent, width - listIndent, body);
        }
      });
      body.end();
      li.end();
    });
    l.end();
  }

  /** A form group per table: a caption (title and guidance), then a row per item, with room to write. */
  private form(form: FilledForm, parent: Struct): void {
    const { doc } = this;
    const labelWidth = Math.round(this.width * 0.45);
    for (const group of form.groups) {
      const table = doc.struct('Table');
      parent.add(table);
      const caption = [
        ...(group.title ? [toRuns(group.title.nodes, { bold: true })] : []),
        ...group.guidance.flatMap((node) => (node.type === 'paragraph' ? [toRuns(node.children)] : [])),
      ];
      const captionHeight = caption.reduce((total, runs) => total + this.measure(runs, this.width), 0);
      const firstRow = group.items[0] ? this.rowHeights(group.items[0], labelWidth)[0] ?? 0 : 0;
      this.keep(captionHeight + firstRow + 12);
      if (caption.length > 0) {
        table.add(doc.struct('Caption', {}, () => {
          caption.forEach((runs, index) => this.write(runs, this.left, this.width, { size: index === 0 && group.title ? size.formTitle : size.body }));
        }));
        doc.y += 4;
      }
      for (const item of group.items) this.formItem(item, labelWidth, table);
      table.end();
      doc.y += 12;
    }
  }

  private formItem(item: FormItem, labelWidth: number, table: Struct): void {
    const answerWidth = this.width - labelWidth;
    const heights = this.rowHeights(item, labelWidth);
    switch (item.type) {
      case 'field':
        this.row(table, heights[0]!, [
          { kind: 'TH', x: this.left, width: labelWidth, runs: toRuns(item.label.nodes) },
          { kind: 'TD', x: this.left + labelWidth, width: answerWidth },
        ]);
        break;
      case 'choices':
        if (item.label) {
          this.row(table, heights[0]!, [
            { kind: 'TH', x: this.left, width: labelWidth, runs: toRuns(item.label.nodes) },
            { kind: 'TD', x: this.left + labelWidth, width: answerWidth, choices: item.options.map((option) => toRuns(option.nodes)) },
          ]);
        } else {
          this.row(table, heights[0]!, [{ kind: 'TD', x: this.left, width: this.width, choices: item.options.map((option) => toRuns(option.nodes)) }]);
        }
        break;
      case 'parts':
        this.row(table, heights[0]!, [{ kind: 'TH', x: this.left, width: this.width, runs: toRuns(item.label.nodes, { bold: true }), shade: true }]);
        item.parts.forEach((part, index) => {
          this.row(table, heights[index + 1]!, [
            { kind: 'TH', x: this.left, width: labelWidth, runs: toRuns(part.nodes) },
            { kind: 'TD', x: this.left + labelWidth, width: answerWidth },
          ]);
        });
        break;
    }
  }

  /** The height of each table row an item makes. */
  private rowHeights(item: FormItem, labelWidth: number): number[] {
    const inner = (width: number) => width - 2 * cellPadding;
    const labelHeight = (runs: Run[], width = labelWidth) => this.measure(runs, inner(width)) + 2 * cellPadding;
    const choicesHeight = (options: Run[][], width: number) =>
      options.reduce((total, option) => total + this.measure(option, inner(width) - 14) + 3, 0) + 2 * cellPadding;
    switch (item.type) {
      case 'field':
        return [Math.max(labelHeight(toRuns(item.label.nodes)), item.size === 'box' ? 64 : 26)];
      case 'choices': {
        const options = item.options.map((option) => toRuns(option.nodes));
        return item.label
          ? [Math.max(labelHeight(toRuns(item.label.nodes)), choicesHeight(options, this.width - labelWidth))]
          : [choicesHeight(options, this.width)];
      }
      case 'parts':
        return [labelHeight(toRuns(item.label.nodes, { bold: true }), this.width), ...item.parts.map((part) => Math.max(labelHeight(toRuns(part.nodes)), 32))];
    }
  }

  protected row(table: Struct, height: number, cells: { kind: 'TH' | 'TD'; x: number; width: number; runs?: Run[]; choices?: Run[][]; shade?: boolean }[]): void {
    const { doc } = this;
    this.keep(height);
    const y = doc.y;
    const tickWidth = 14;
    const laidOut = cells.map((cell) => {
      let top = y + cellPadding;
      const choices = (cell.choices ?? []).map((runs) => {
        const at = top;
        top += this.measure(runs, cell.width - 2 * cellPadding - tickWidth) + 3;
        return { runs, top: at };
      });
      return { ...cell, choices };
    });
    doc.markContent('Artifact', { type: 'Layout' });
    for (const cell of laidOut) {
      if (cell.shade) doc.rect(cell.x, y, cell.width, height).fill(colour.shade);
      doc.rect(cell.x, y, cell.width, height).lineWidth(0.75).stroke(colour.rule);
      for (const choice of cell.choices) doc.rect(cell.x + cellPadding, choice.top + 2, 8, 8).lineWidth(0.75).stroke(colour.text);
    }
    doc.endMarkedContent();
    const tr = doc.struct('TR');
    table.add(tr);
    for (const cell of laidOut) {
      tr.add(doc.struct(cell.kind, {}, () => {
        if (cell.runs) this.write(cell.runs, cell.x + cellPadding, cell.width - 2 * cellPadding, { y: y + cellPadding });
        for (const choice of cell.choices) {
          this.write(choice.runs, cell.x + cellPadding + tickWidth, cell.width - 2 * cellPadding - tickWidth, { y: choice.top });
        }
      }));
    }
    tr.end();
    doc.y = y + height;
  }

}
