import { strFromU8, unzipSync } from 'fflate';
import { propertyNames, type PolicyDocumentProperties } from './policy-marks.js';
import { style } from './styles.js';

/**
 * Reads back a policy's Word document, as the school edited and saved it in Word or LibreOffice:
 * its document properties (whose policy, which version and release) and its body cut into the
 * clauses its hidden bookmarks mark, each clause's paragraphs as Markdown. Tracked changes are
 * read accepted (an insertion kept, a deletion left out), as the school would see its words once
 * it accepted them. Only what a school can change in a policy's words is read: paragraphs, their
 * bold and italic runs, links and list items; tables (forms) and headings end a clause.
 */

/** One stretch of the body: a bookmarked clause's paragraphs, or a heading. */
export type DocxPiece =
  | { kind: 'clause'; bookmark: string; paragraphs: string[] }
  /** A numbered paragraph with no bookmark: a clause the school added in Word. */
  | { kind: 'new-clause'; paragraphs: string[] }
  | { kind: 'heading'; text: string };

export interface PolicyDocx {
  properties: PolicyDocumentProperties;
  pieces: DocxPiece[];
}

/**
 * The Word document's properties and clauses, or why it is not a policy's Word document this
 * program made: not a zip, not a Word document, or without the properties it writes.
 */
export function readPolicyDocx(bytes: Uint8Array): PolicyDocx | { notOurs: string } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => ['word/document.xml', 'word/_rels/document.xml.rels', 'docProps/custom.xml'].includes(file.name) });
  } catch {
    return { notOurs: 'it is not a Word document (.docx): it cannot be opened as one' };
  }
  const document = files['word/document.xml'];
  if (!document) return { notOurs: 'it is not a Word document (.docx): it has no word/document.xml' };
  const custom = files['docProps/custom.xml'] ? strFromU8(files['docProps/custom.xml']) : '';
  const values: Partial<PolicyDocumentProperties> = {};
  for (const key of Object.keys(propertyNames) as (keyof typeof propertyNames)[]) {
    const match = new RegExp(`<property\\b[^>]*\\bname="${propertyNames[key]}"[^>]*>\\s*<vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom);
    if (match) values[key] = unescapeXml(match[1]!);
  }
  if (!values.school || !values.policy || !values.version || !values.release) {
    return { notOurs: `it is not a policy's Word document made by policy render or the site: it does not have the document properties "${Object.values(propertyNames).join('", "')}"` };
  }
  const links = relationships(files['word/_rels/document.xml.rels'] ? strFromU8(files['word/_rels/document.xml.rels']) : '');
  return { properties: values as PolicyDocumentProperties, pieces: pieces(strFromU8(document), links) };
}

/** A paragraph of the body as read: its style, whether it is numbered, its bookmarks, its text as Markdown. */
interface ReadParagraph {
  style: string | undefined;
  numbered: boolean;
  bookmarks: string[];
  markdown: string;
  inTable: boolean;
}

const headingStyles = new Set<string>([style.heading1, style.heading2, style.title]);
const clauseStyles = new Set<string>([style.clause, style.subclause]);

function pieces(xml: string, links: Map<string, string>): DocxPiece[] {
  const out: DocxPiece[] = [];
  let current: DocxPiece | undefined;
  let started = false;
  for (const paragraph of paragraphs(xml, links)) {
    if (paragraph.inTable) {
      current = undefined;
      continue;
    }
    const clauseBookmark = paragraph.bookmarks.find((name) => name.startsWith('_') && !/^_(Toc|Ref|GoBack|Hlk)/.test(name));
    if (paragraph.style && headingStyles.has(paragraph.style)) {
      out.push({ kind: 'heading', text: paragraph.markdown });
      current = undefined;
      started = true;
    } else if (clauseBookmark) {
      current = { kind: 'clause', bookmark: clauseBookmark, paragraphs: paragraph.markdown ? [paragraph.markdown] : [] };
      out.push(current);
    } else if (started && paragraph.style && clauseStyles.has(paragraph.style) && paragraph.markdown) {
      current = { kind: 'new-clause', paragraphs: [paragraph.markdown] };
      out.push(current);
    } else if (current && current.kind !== 'heading' && paragraph.markdown) {
      current.paragraphs.push(paragraph.markdown);
    }
  }
  return out;
}

/** The body's paragraphs in order, each read as Markdown. */
function paragraphs(xml: string, links: Map<string, string>): ReadParagraph[] {
  const out: ReadParagraph[] = [];
  let paragraph: ReadParagraph | undefined;
  let tableDepth = 0;
  let deleted = 0;
  let inText = false;
  let inRunProperties = false;
  let look = { bold: false, italic: false };
  let link: string | undefined;
  let runs: { text: string; bold: boolean; italic: boolean; link: string | undefined }[] = [];
  const tags = /<(\/?)([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let match = tags.exec(xml); match; match = tags.exec(xml)) {
    const [, closing, name, attributes = '', selfClosing, text] = match;
    if (text !== undefined) {
      if (inText && paragraph && deleted === 0) runs.push({ text: unescapeXml(text), ...look, link });
      continue;
    }
    const attribute = (key: string) => new RegExp(`\\s${key}="([^"]*)"`).exec(attributes)?.[1];
    const open = !closing;
    switch (name) {
      case 'w:tbl':
        tableDepth += open ? 1 : -1;
        break;
      case 'w:p':
        if (open && !selfClosing) {
          paragraph = { style: undefined, numbered: false, bookmarks: [], markdown: '', inTable: tableDepth > 0 };
          runs = [];
        } else if (paragraph || selfClosing) {
          const done = paragraph ?? { style: undefined, numbered: false, bookmarks: [], markdown: '', inTable: tableDepth > 0 };
          done.markdown = toMarkdown(runs, done);
          out.push(done);
          paragraph = undefined;
        }
        break;
      case 'w:pStyle':
        if (paragraph) paragraph.style = attribute('w:val');
        break;
      case 'w:numPr':
        if (paragraph && open) paragraph.numbered = true;
        break;
      case 'w:bookmarkStart':
        if (paragraph) paragraph.bookmarks.push(unescapeXml(attribute('w:name') ?? ''));
        break;
      case 'w:del':
      case 'w:moveFrom':
        if (!selfClosing) deleted += open ? 1 : -1;
        break;
      case 'w:r':
        if (open && !selfClosing) look = { bold: false, italic: false };
        break;
      case 'w:rPr':
        inRunProperties = open && !selfClosing;
        break;
      case 'w:b':
      case 'w:i':
        if (inRunProperties) look = { ...look, [name === 'w:b' ? 'bold' : 'italic']: !/^(0|false|off)$/.test(attribute('w:val') ?? '') };
        break;
      case 'w:hyperlink':
        if (open && !selfClosing) link = links.get(attribute('r:id') ?? '') ?? undefined;
        else link = undefined;
        break;
      case 'w:t':
        inText = open && !selfClosing;
        break;
      case 'w:tab':
        if (paragraph && deleted === 0 && !inRunProperties) runs.push({ text: ' ', ...look, link });
        break;
      case 'w:br':
      case 'w:cr':
        if (paragraph && deleted === 0) runs.push({ text: ' ', ...look, link });
        break;
    }
  }
  return out;
}

/** A paragraph's runs as one line of Markdown: bold and italics marked, links as links, a list item (not a clause's own number) as `- `. */
function toMarkdown(runs: { text: string; bold: boolean; italic: boolean; link: string | undefined }[], paragraph: ReadParagraph): string {
  const merged: typeof runs = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && last.bold === run.bold && last.italic === run.italic && last.link === run.link) last.text += run.text;
    else merged.push({ ...run });
  }
  let line = '';
  for (const run of merged) {
    const text = escapeMarkdown(run.text);
    const core = text.trim();
    if (!core) {
      line += text;
      continue;
    }
    const lead = text.slice(0, text.length - text.trimStart().length);
    const tail = text.slice(text.trimEnd().length);
    let marked = run.bold && run.italic ? `***${core}***` : run.bold ? `**${core}**` : run.italic ? `*${core}*` : core;
    if (run.link) marked = `[${marked}](${run.link.replace(/[()\s]/g, encodeURIComponent)})`;
    line += lead + marked + tail;
  }
  line = line.replace(/\s+/g, ' ').trim();
  const listItem = paragraph.numbered && !(paragraph.style && clauseStyles.has(paragraph.style));
  return listItem && line ? `- ${line}` : line;
}

/** Text as Markdown that reads as that text: every character Markdown gives a meaning escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (character) => `\\${character}`).replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3').replace(/^(\s*)([-+])(\s)/, '$1\\$2$3');
}

/** The targets of a part's relationships (its links' addresses), by id. */
function relationships(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\sId="([^"]*)"/.exec(match[1]!)?.[1];
    const target = /\sTarget="([^"]*)"/.exec(match[1]!)?.[1];
    if (id && target && /\sTargetMode="External"/.test(match[1]!)) out.set(id, unescapeXml(target));
  }
  return out;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (whole, name: string, decimal?: string, hex?: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name] ?? whole;
  });
}
