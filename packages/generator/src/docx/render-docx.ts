import {
  AlignmentType,
  BookmarkEnd,
  BookmarkStart,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeightRule,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type INumberingOptions,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import { safeUrl } from '@school-policy/core';
import type { BlockContent, DefinitionContent, List, PhrasingContent, RootContent, Table as MdastTable } from 'mdast';
import { ownMark, type FilledBlock, type FilledForm, type FilledNode, type FilledPart, type FilledPolicy, type FilledTitle, type FormGroup, type FormItem } from '../filled-policy.js';
import { toRuns, type Run } from '../pdf/runs.js';
import { documentAuthor, documentSubject, documentTitle } from '../render-html.js';
import { isDraft, signatories } from '../approval.js';
import { formatMonthOrDate } from '../format-value.js';
import { phrase } from '../words.js';
import { strToU8, unzipSync } from 'fflate';
import { fixedPackage } from './package.js';
import { bookmarkName, documentProperties } from './policy-marks.js';
import { answerHeight, clauseIndent, colour, list, listIndent, numbering, orderedList, pageProperties, size, style, styles, textWidth } from './styles.js';

type Content = BlockContent | DefinitionContent | RootContent;
type Block = Paragraph | Table;

/** The list a part's headings and clauses are numbered in: sections, appendices, or none for a preamble. */
type PartList = typeof list.sections | typeof list.appendices | undefined;

/** The box round a draft's mark under its title. */
const draftRule = { style: BorderStyle.SINGLE, size: 12, color: colour.draft, space: 4 };

/** The least height of a row to sign in: 1.4 cm, in twentieths of a point, as the PDF's cover gives. */
const signatureHeight = 800;

/** The room taken by a form's labels, out of its width. */
const labelShare = 0.45;

/**
 * The policy as a Word document (.docx) that a school can open and edit: the title in Word's Title
 * style, each part a Heading 1, each subsection a Heading 2, and each clause a numbered paragraph
 * with a hanging indent. Every number is Word's own multi-level numbering, bound to those styles,
 * so a school that inserts a clause sees the clauses after it renumbered. Forms are tables with
 * room to write, a template's blanks are highlighted, and links are links. Dates come from the
 * policy, never the clock, so the same policy gives the same bytes.
 */
export async function renderDocx(policy: FilledPolicy): Promise<Uint8Array> {
  const writer = new DocxWriter();
  const children = writer.policy(policy);
  const numbers = numbering(phrase(policy.words.appendix, { letter: '%1' }));
  const document = new Document({
    customProperties: documentProperties(policy),
    styles: styles(policy.language),
    numbering: { config: [...numbers.config, ...writer.orderedLists] },
    sections: [
      {
        properties: { page: pageProperties },
        footers: { default: footer(policy) },
        ...(isDraft(policy) ? { headers: { default: draftHeader(policy) } } : {}),
        children,
      },
    ],
  });
  return fixedPackage(await packageFiles(document), {
    title: documentTitle(policy),
    subject: documentSubject(policy),
    creator: documentAuthor(policy),
    language: policy.language,
    date: policy.approval?.approved ?? policy.date.iso,
  });
}

/** What the docx library's Packer compiles a document into, before it zips it: its files' paths and contents. */
interface PackerCompiler {
  compile(file: Document, prettify: undefined, overrides: []): Map<string, string | Uint8Array>;
}

/**
 * A document's package files, taken from the docx library's compiler before it zips them, since
 * fixedPackage zips them again (zipping and unzipping once more took a fifth of a Word document's
 * time); if the library no longer has a compiler, from its zip.
 */
export async function packageFiles(document: Document): Promise<Record<string, Uint8Array>> {
  const compiler = (Packer as unknown as { compiler?: Partial<PackerCompiler> }).compiler;
  if (typeof compiler?.compile !== 'function') return unzipSync(new Uint8Array(await Packer.toBuffer(document)));
  const files: Record<string, Uint8Array> = {};
  for (const [path, data] of compiler.compile(document, undefined, [])) files[path] = typeof data === 'string' ? strToU8(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return files;
}

/** The head of every page of a draft: the word that says it is one, where Word puts page furniture. */
function draftHeader(policy: FilledPolicy): Header {
  return new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: policy.words.draftMark, bold: true, color: colour.draft, size: size.small + 4 })] })] });
}

/** The foot of every page: whose policy it is, and "Page X of Y" as Word counts the pages. */
function footer(policy: FilledPolicy): Footer {
  const pageWords = policy.words.page.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    if (piece === '{page}') return PageNumber.CURRENT;
    if (piece === '{pages}') return PageNumber.TOTAL_PAGES;
    if (/^\{\w+\}$/.test(piece)) throw new Error(`The page words "${policy.words.page}" have ${piece}, which a Word document's footer cannot fill.`);
    return piece;
  });
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: textWidth }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: colour.rule, space: 6 } },
        children: [
          new TextRun({ text: `${policy.school.name} · ${policy.model.title}`, size: size.small, color: colour.muted }),
          new TextRun({ children: [new Tab(), ...pageWords], size: size.small, color: colour.muted }),
        ],
      }),
    ],
  });
}

/** Walks the filled policy into Word paragraphs and tables, collecting a list definition for each numbered list in the text. */
class DocxWriter {
  /** One list definition per numbered list of the policy's own, so each starts at its own first number. */
  readonly orderedLists: INumberingOptions['config'][number][] = [];
  /** Whose own wording a mark names, for the policy being written. */
  private mark: (own: NonNullable<FilledBlock['own']>) => string = () => '';
  /** The numeric id of the next clause's bookmark, counted in this document alone, so that the same policy gives the same file. */
  private bookmarks = 0;

  policy(policy: FilledPolicy): Block[] {
    this.mark = (own) => ownMark(policy, own);
    const blocks: Block[] = [
      new Paragraph({
        style: style.title,
        children: [...this.inline(policy.school.nodes, { size: size.school, color: colour.muted, bold: false }), new TextRun({ break: 1 }), new TextRun(policy.model.title)],
      }),
    ];
    if (policy.school.motto) blocks.push(new Paragraph({ children: [new TextRun({ text: policy.school.motto, italics: true })] }));
    blocks.push(new Paragraph({ style: style.dateLine, children: [new TextRun(policy.dateLine)] }));
    if (isDraft(policy)) {
      blocks.push(
        new Paragraph({
          border: { top: draftRule, bottom: draftRule, left: draftRule, right: draftRule },
          children: [new TextRun({ text: policy.words.draftMark, bold: true, color: colour.draft, size: size.school }), new TextRun({ text: ` · ${policy.words.draftLine}`, color: colour.draft })],
        }),
      );
    }
    blocks.push(...this.approval(policy));
    for (const part of policy.parts) blocks.push(...this.part(part));
    return blocks;
  }

  /** For an adopted version, its record: the release, the version, who approved it and when, and when it is next reviewed. */
  private approval(policy: FilledPolicy): Block[] {
    const approval = policy.approval;
    if (!approval) return [];
    const words = policy.words.cover;
    const date = (iso: string | undefined) => (iso ? formatMonthOrDate(iso, policy.words.months) : '');
    const label = Math.round(textWidth * labelShare);
    const rows = [
      [words.release, formatMonthOrDate(policy.release, policy.words.months)],
      [words.version, phrase(words.versionValue, { version: approval.version, name: approval.name })],
      [words.approvedBy, approval.approvedBy ?? ''],
      [words.approved, date(approval.approved)],
      [words.minute, approval.minute ?? ''],
      [words.nextReview, date(approval.nextReview)],
    ].map(
      ([key, value]) =>
        new TableRow({
          cantSplit: true,
          children: [
            this.cell([new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text: key!, bold: true })] })], { width: label }),
            this.cell([new Paragraph({ spacing: { after: 0 }, children: [new TextRun(value!)] })], { width: textWidth - label }),
          ],
        }),
    );
    return [
      new Paragraph({ style: style.formTitle, keepNext: true, children: [new TextRun(words.approvalHeading)] }),
      ...(approval.example ? [new Paragraph({ keepNext: true, children: [new TextRun({ text: words.exampleRecord, italics: true })] })] : []),
      this.grid(rows, [label, textWidth - label], 0),
      spacer(),
      new Paragraph({ style: style.formTitle, keepNext: true, children: [new TextRun(words.signatures)] }),
      this.signatures(policy),
      spacer(),
    ];
  }

  /** A row to sign for each signatory the record names (or the usual ones): role, name, signature and date, under a heading row. */
  private signatures(policy: FilledPolicy): Table {
    const words = policy.words.cover;
    const widths = [0.34, 0.22, 0.28].map((share) => Math.round(textWidth * share));
    widths.push(textWidth - widths.reduce((total, width) => total + width, 0));
    const text = (value: string | undefined, bold: boolean) => [new Paragraph({ spacing: { after: 0 }, children: value ? [new TextRun({ text: value, bold })] : [] })];
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [words.signedBy, words.name, words.signature, words.date].map((heading, index) => this.cell(text(heading, true), { width: widths[index]!, shade: true })),
    });
    const rows = signatories(policy).map(
      (signer) =>
        new TableRow({
          cantSplit: true,
          height: { value: signatureHeight, rule: HeightRule.ATLEAST },
          children: [signer.role, signer.name, undefined, undefined].map((value, index) => this.cell(text(value, false), { width: widths[index]! })),
        }),
    );
    return this.grid([header, ...rows], widths, 0);
  }

  /** A part: its heading, numbered as a section or lettered as an appendix (each on a new page), then what it holds. */
  private part(part: FilledPart): Block[] {
    const numbered: PartList = part.kind === 'section' ? list.sections : part.kind === 'appendix' ? list.appendices : undefined;
    const heading = new Paragraph({
      style: style.heading1,
      pageBreakBefore: part.kind === 'appendix',
      ...this.numbering(numbered, 0),
      children: this.inline(part.title.nodes),
    });
    return [heading, ...part.children.flatMap((child) => this.node(child, numbered, false))];
  }

  /**
   * A numbered paragraph's place in its list, given on the paragraph as well as by its style: Word
   * numbers a section's paragraphs through their styles alone, but other word processors read
   * only a paragraph's own. An appendix's paragraphs are in the appendices' list, and a preamble's
   * are not numbered at all.
   */
  private numbering(numbered: PartList, level: number): Pick<IParagraphOptions, 'numbering'> {
    return { numbering: numbered ? { reference: numbered, level, custom: true } : false };
  }

  /** A subsection with what it holds, a form, a text or a clause. */
  private node(child: FilledNode, numbered: PartList, inSubsection: boolean): Block[] {
    switch (child.type) {
      case 'subsection':
        return [
          new Paragraph({
            style: style.heading2,
            ...this.numbering(numbered, 1),
            children: [...(numbered ? [] : [new TextRun(`${child.number} `)]), ...this.inline(child.title.nodes)],
          }),
          ...child.children.flatMap((inner) => this.node(inner, numbered, true)),
        ];
      case 'form':
        return this.form(child);
      case 'text':
        return [...this.bookmarked(child, this.blocks(child.content, 0)), ...this.ownMark(child, 0)];
      case 'clause':
        return [...this.bookmarked(child, this.clause(child, numbered, inSubsection)), ...this.ownMark(child, numbered && child.number ? clauseIndent : 0)];
    }
  }

  /**
   * A clause's or text's paragraphs with a hidden bookmark named after its id in the first, so
   * that an edited copy of the document can be read back clause by clause (see read-docx.ts).
   */
  private bookmarked(block: FilledBlock, blocks: Block[]): Block[] {
    const first = blocks[0] instanceof Paragraph ? blocks[0] : new Paragraph({});
    const id = this.bookmarks++;
    first.addChildElement(new BookmarkStart(bookmarkName(block.id), id));
    first.addChildElement(new BookmarkEnd(id));
    return first === blocks[0] ? blocks : [first, ...blocks];
  }

  /** Under a clause in its own words, not the model's, whose words they are, in small italics. */
  private ownMark(block: FilledBlock, indent: number): Block[] {
    if (!block.own) return [];
    return [new Paragraph({ indent: { left: indent }, children: [new TextRun({ text: this.mark(block.own), italics: true, color: colour.muted, size: size.small + 2 })] })];
  }

  /** A numbered clause: its first paragraph carries the number, with the text at the clause indent; the rest follows at that indent. */
  private clause(clause: FilledBlock, numbered: PartList, inSubsection: boolean): Block[] {
    if (!numbered || !clause.number) return this.blocks(clause.content, 0);
    const [first, ...rest] = clause.content;
    const numberedParagraph = (children: ParagraphChild[]) =>
      new Paragraph({ style: inSubsection ? style.subclause : style.clause, ...this.numbering(numbered, inSubsection ? 2 : 1), children });
    if (first?.type === 'paragraph') return [numberedParagraph(this.inline(first.children)), ...this.blocks(rest, clauseIndent)];
    return [numberedParagraph([]), ...this.blocks(clause.content, clauseIndent)];
  }

  /** Block content as paragraphs, lists and tables, `indent` in from the margin. */
  private blocks(content: readonly Content[], indent: number): Block[] {
    const at = indent === clauseIndent ? { style: style.clauseContinued } : indent > 0 ? { indent: { left: indent } } : {};
    return content.flatMap((block): Block[] => {
      switch (block.type) {
        case 'paragraph':
          return [new Paragraph({ ...at, children: this.inline(block.children) })];
        case 'heading':
          return [new Paragraph({ ...at, keepNext: true, children: this.inline(block.children, { bold: true }) })];
        case 'list':
          return this.list(block, indent, 0);
        case 'blockquote':
          return this.blocks(block.children, indent + listIndent);
        case 'code':
          return block.value.split('\n').map((line) => new Paragraph({ indent: { left: indent + listIndent }, spacing: { after: 0 }, children: [new TextRun({ text: line, font: 'Courier New' })] }));
        case 'thematicBreak':
          return [new Paragraph({ ...at, thematicBreak: true })];
        case 'table':
          return this.table(block, indent);
        default:
          return [];
      }
    });
  }

  /** A bulleted or numbered list, `depth` levels in; tick boxes drawn as ☐ and ☒, as a printed form has them. */
  private list(node: List, indent: number, depth: number): Block[] {
    const reference = node.ordered ? this.orderedList(node.start ?? 1) : list.bullets;
    const left = indent + (depth + 1) * listIndent;
    return node.children.flatMap((item) => {
      const tick = item.checked === true ? '☒' : item.checked === false ? '☐' : undefined;
      const marked = tick !== undefined;
      const [first, ...rest] = item.children;
      const head = first?.type === 'paragraph' ? first : undefined;
      const lead = new Paragraph({
        indent: { left, hanging: listIndent },
        spacing: { after: 60 },
        ...(marked ? {} : { numbering: { reference, level: depth, custom: true } }),
        children: [...(marked ? [tickBox(tick)] : []), ...(head ? this.inline(head.children) : [])],
      });
      const body = (head ? rest : item.children).flatMap((child): Block[] =>
        child.type === 'list' ? this.list(child, indent, depth + 1) : this.blocks([child], left),
      );
      return [lead, ...body];
    });
  }

  /** A new list definition for a numbered list, starting at its first number. */
  private orderedList(start: number): string {
    const reference = `numbered-list-${this.orderedLists.length + 1}`;
    this.orderedLists.push(orderedList(reference, start));
    return reference;
  }

  /** A Markdown table as a Word table, its first row a heading row that repeats on each page. */
  private table(node: MdastTable, indent: number): Block[] {
    const columns = Math.max(1, ...node.children.map((row) => row.children.length));
    const width = textWidth - indent;
    const rows = node.children.map(
      (row, index) =>
        new TableRow({
          tableHeader: index === 0,
          cantSplit: true,
          children: Array.from({ length: columns }, (_, column) => {
            const cell = row.children[column];
            return this.cell([new Paragraph({ children: cell ? this.inline(cell.children, { bold: index === 0 }) : [] })], { width: width / columns });
          }),
        }),
    );
    return [this.grid(rows, Array.from({ length: columns }, () => width / columns), indent), spacer()];
  }

  /** A form, group by group: the group's title and guidance, then a table with a row for each thing to fill in. */
  private form(form: FilledForm): Block[] {
    return form.groups.flatMap((group) => this.formGroup(group));
  }

  /** One group of a form: its title, its guidance, and a table of what to fill in. */
  private formGroup(group: FormGroup): Block[] {
    const blocks: Block[] = [];
    if (group.title) blocks.push(new Paragraph({ style: style.formTitle, children: this.inline(group.title.nodes) }));
    for (const guidance of group.guidance) {
      if (guidance.type === 'paragraph') blocks.push(new Paragraph({ keepNext: true, children: this.inline(guidance.children) }));
      else blocks.push(...this.blocks([guidance], 0));
    }
    const label = Math.round(textWidth * labelShare);
    const answer = textWidth - label;
    const rows = group.items.flatMap((item) => this.formRows(item, label, answer));
    if (rows.length > 0) blocks.push(this.grid(rows, [label, answer], 0), spacer());
    return blocks;
  }

  /** The rows for one thing to fill in: a label and room to write, tick boxes, or a heading over its parts. */
  private formRows(item: FormItem, label: number, answer: number): TableRow[] {
    const labelCell = (title: FilledTitle) => this.cell([new Paragraph({ spacing: { after: 0 }, children: this.inline(title.nodes) })], { width: label });
    const answerCell = () => this.cell([new Paragraph({ spacing: { after: 0 }, children: [] })], { width: answer });
    const row = (cells: TableCell[], height: number | undefined) =>
      new TableRow({ cantSplit: true, children: cells, ...(height ? { height: { value: height, rule: HeightRule.ATLEAST } } : {}) });
    const ticks = (options: FilledTitle[]) => options.map((option) => new Paragraph({ indent: { left: listIndent, hanging: listIndent }, spacing: { after: 60 }, children: [tickBox('☐'), ...this.inline(option.nodes)] }));
    switch (item.type) {
      case 'field':
        return [row([labelCell(item.label), answerCell()], answerHeight[item.size])];
      case 'choices':
        return item.label
          ? [row([labelCell(item.label), this.cell(ticks(item.options), { width: answer })], undefined)]
          : [row([this.cell(ticks(item.options), { width: label + answer, span: 2 })], undefined)];
      case 'parts':
        return [
          row([this.cell([new Paragraph({ spacing: { after: 0 }, keepNext: true, children: this.inline(item.label.nodes, { bold: true }) })], { width: label + answer, span: 2, shade: true })], undefined),
          ...item.parts.map((part) => row([labelCell(part), answerCell()], answerHeight.line)),
        ];
    }
  }

  /** A table cell of a width, spanning columns or shaded as a heading over the rows below it. */
  private cell(children: Paragraph[], options: { width: number; span?: number; shade?: boolean }): TableCell {
    return new TableCell({
      children,
      width: { size: Math.round(options.width), type: WidthType.DXA },
      margins: { top: 80, bottom: 80, left: 100, right: 100 },
      ...(options.span ? { columnSpan: options.span } : {}),
      ...(options.shade ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: colour.shade } } : {}),
    });
  }

  /** A table ruled on every side, `indent` in from the margin. */
  private grid(rows: TableRow[], widths: number[], indent: number): Table {
    const rule = { style: BorderStyle.SINGLE, size: 4, color: colour.rule };
    return new Table({
      rows,
      columnWidths: widths.map(Math.round),
      width: { size: Math.round(widths.reduce((total, width) => total + width, 0)), type: WidthType.DXA },
      ...(indent > 0 ? { indent: { size: indent, type: WidthType.DXA } } : {}),
      borders: { top: rule, bottom: rule, left: rule, right: rule, insideHorizontal: rule, insideVertical: rule },
    });
  }

  /** Inline content as runs: emphasis, bold, line breaks, links as Word hyperlinks, and a template's blanks highlighted. */
  private inline(nodes: readonly PhrasingContent[], base: Partial<RunLook> = {}): ParagraphChild[] {
    const groups: { link: string | undefined; runs: TextRun[] }[] = [];
    for (const run of toRuns(nodes, { bold: base.bold ?? false })) {
      const last = groups.at(-1);
      if (run.link !== undefined && last?.link === run.link) last.runs.push(...textRuns(run, base));
      else groups.push({ link: run.link, runs: textRuns(run, base) });
    }
    return groups.flatMap((group): ParagraphChild[] => {
      const link = safeUrl(group.link, { inSite: false });
      return link === undefined ? group.runs : [new ExternalHyperlink({ link, children: group.runs })];
    });
  }
}

/** How a run looks beyond its own emphasis: its size, colour and weight, for a title's school name. */
interface RunLook {
  size: number;
  color: string;
  bold: boolean;
}

/** One styled stretch of text as Word runs, a line break where the text breaks its line. */
function textRuns(run: Run, base: Partial<RunLook>): TextRun[] {
  return run.text.split('\n').map(
    (text, index) =>
      new TextRun({
        text,
        ...(index > 0 ? { break: 1 } : {}),
        ...(base.size ? { size: base.size } : {}),
        ...(base.color && !run.link ? { color: base.color } : {}),
        bold: run.bold || (base.bold === false ? false : undefined),
        italics: run.italic || undefined,
        ...(run.link ? { style: style.hyperlink } : {}),
        ...(run.blank ? { highlight: 'yellow' as const, bold: true } : {}),
      }),
  );
}

/** A tick box at the start of a line, the text after it at the hanging indent. */
function tickBox(box: '☐' | '☒'): TextRun {
  return new TextRun({ children: [box, new Tab()] });
}

/** A small empty paragraph after a table, so that two tables never run together into one. */
function spacer(): Paragraph {
  return new Paragraph({ spacing: { after: 0 }, children: [] });
}
