import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { resolveAdopted, resolvePolicy } from '@school-policy/core';
import {
  atomTimestamp,
  blockText,
  documentTitle,
  fillPolicy,
  withApproval,
  firstDay,
  renderDocx,
  renderText,
  type FilledBlock,
  type FilledForm,
  type FilledPolicy,
} from '@school-policy/generator';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import mammoth from 'mammoth';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { elements } from './support/hast.js';
import { siteDist } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { repositoryProject } from './support/project.js';
import { temporaryFolder } from './support/project-copy.js';
import { wordSimilarity } from './support/similarity.js';
import { openDocx, wordLinks, wordParagraphs, type WordParagraph } from './support/word.js';

/**
 * The Word documents: each seed policy as it is now (a school's current version, Merthyr Tydfil's
 * template in the latest release), read back with mammoth and by reading the package itself, and
 * the .docx beside every policy PDF on the built site.
 */
const seeds = [
  { id: 'laughton-cps', site: 'schools/laughton-cps/social-media/laughton-cps-social-media.docx' },
  { id: 'merthyr-tydfil-template', site: 'publishers/merthyr-tydfil/social-media/merthyr-tydfil-template-social-media.docx' },
  { id: 'evendons-primary', site: 'schools/evendons-primary/social-media/evendons-primary-social-media.docx' },
  { id: 'life-mat', site: 'schools/life-mat/social-media/life-mat-social-media.docx' },
  { id: 'twiss-green-cps', site: 'schools/twiss-green-cps/social-media/twiss-green-cps-social-media.docx' },
];

const project = repositoryProject();

/** A school's current adopted version of its social media policy, or a template in its publisher's current release: what `policy render <id> --policy social-media` gives. */
function currentPolicy(id: string): FilledPolicy {
  const school = project.schools.get(id)?.policies.get('social-media');
  if (!school) return fillPolicy(resolvePolicy(project, id, 'social-media'));
  const adoption = school.adoptions.at(-1)!;
  return withApproval(fillPolicy(resolveAdopted(project, school, adoption)), adoption);
}

/** The policy's plain text (the txt render) without its contents list, which the Word document leaves to Word's navigation pane. */
function policyWords(filled: FilledPolicy): string {
  const text = renderText(filled);
  const withoutContents = text.replace(/^Contents\n(?:.+\n)+\n/m, '');
  expect(withoutContents.length).toBeLessThan(text.length);
  return withoutContents;
}

/**
 * The document without an adopted version's approval record (its heading, any note, its table and the rows to sign,
 * before the first part), which the plain text does not have; the generator's tests check the record.
 */
function withoutApproval(root: Root): Root {
  const start = root.children.findIndex((node) => node.type === 'element' && node.tagName === 'p' && toText(node) === 'Approval');
  if (start < 0) return root;
  const tableAfter = (from: number) => root.children.findIndex((node, index) => index > from && node.type === 'element' && node.tagName === 'table');
  // The record, then the rows to sign under their heading.
  const signatures = root.children.findIndex((node, index) => index > start && node.type === 'element' && node.tagName === 'p' && toText(node) === 'Signatures');
  const end = tableAfter(signatures < 0 ? start : signatures);
  return { ...root, children: [...root.children.slice(0, start), ...root.children.slice(end + 1)] };
}

/** mammoth's HTML for a Word document, the title paragraph marked by its style. */
async function mammothHtml(bytes: Uint8Array): Promise<Root> {
  const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { styleMap: ["p[style-name='Title'] => p.policy-title:fresh"] });
  return fromHtml(result.value, { fragment: true });
}

/** Text with its runs of white space made one space, cut to its start: enough to tell one paragraph from another. */
const head = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 30);

/** What Word shows at the start of a numbered paragraph: its style, its number and its first words. */
interface Outline {
  style: string | undefined;
  label: string | undefined;
  text: string;
}

/** Every heading and numbered clause of a policy, with the number the policy gives it, in order. */
function policyOutline(filled: FilledPolicy): Outline[] {
  const out: Outline[] = [];
  const blocks = (children: readonly (FilledBlock | FilledForm)[], numbered: boolean, inSubsection: boolean) => {
    for (const block of children) {
      if (block.type !== 'clause' || !numbered || !block.number) continue;
      const first = block.content[0]?.type === 'paragraph' ? blockText(block).split('\n')[0]! : '';
      out.push({ style: inSubsection ? 'Subclause' : 'Clause', label: block.number, text: head(first) });
    }
  };
  for (const part of filled.parts) {
    const numbered = part.kind !== 'preamble';
    out.push({ style: 'Heading1', label: part.kind === 'appendix' ? `${part.label}:` : part.label || undefined, text: head(part.title.text) });
    for (const child of part.children) {
      if (child.type === 'subsection') {
        out.push({ style: 'Heading2', label: numbered ? child.number : undefined, text: head(numbered ? child.title.text : `${child.number} ${child.title.text}`) });
        blocks(child.children, numbered, true);
      } else {
        blocks([child], numbered, false);
      }
    }
  }
  return out;
}

/** The Word document's headings and numbered clauses: every paragraph in a heading or clause style, or numbered in the headings' lists. */
function wordOutline(paragraphs: WordParagraph[]): Outline[] {
  const outlineStyles = ['Heading1', 'Heading2', 'Clause', 'Subclause'];
  const outlineLists = new Set(paragraphs.filter((paragraph) => paragraph.style === 'Heading1' && paragraph.list).map((paragraph) => paragraph.list!.numId));
  return paragraphs
    .filter((paragraph) => outlineStyles.includes(paragraph.style ?? '') || (paragraph.list && outlineLists.has(paragraph.list.numId)))
    .map((paragraph) => ({ style: paragraph.style, label: paragraph.label, text: head(paragraph.text) }));
}

/** Every node of a policy of one type (`link`, `blank`), in its title and its parts. */
function policyNodes<T>(filled: FilledPolicy, type: string): T[] {
  const found: T[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      if ((value as { type?: unknown }).type === type) found.push(value as T);
      Object.values(value).forEach(visit);
    }
  };
  visit([filled.school.nodes, filled.parts]);
  return found;
}

const rendered = new Map<string, Uint8Array>();

beforeAll(() => {
  for (const { id } of seeds) {
    const file = join(temporaryFolder(), `${id}.docx`);
    const result = policy(['render', id, '--policy', 'social-media', '--format', 'docx', '--out', file]);
    expect(result.stderr).toBe(`Wrote ${file}\n`);
    expect(result.code).toBe(0);
    rendered.set(id, new Uint8Array(readFileSync(file)));
  }
});

describe.each(seeds)('the Word document of $id, as policy render --format docx writes it', ({ id }) => {
  const filled = currentPolicy(id);
  const bytes = () => rendered.get(id)!;

  it('is a zip that Word can open: a package with its content types, its document, styles and lists', async () => {
    const docx = await openDocx(bytes());
    expect(await docx.part('[Content_Types].xml')).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');
    for (const path of ['_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'docProps/core.xml']) expect(docx.files.file(path), path).not.toBeNull();
  });

  it('reads as the policy: word-level similarity of at least 0.99 to its plain text', async () => {
    const text = toText(withoutApproval(await mammothHtml(bytes())));
    const similarity = wordSimilarity(policyWords(filled), text);
    console.log(`${id}: word-level similarity of the Word document's text to the policy's = ${similarity.toFixed(4)}`);
    expect(similarity).toBeGreaterThanOrEqual(0.99);
  });

  it("has the school and the policy in Word's Title style, each part a Heading 1 and each subsection a Heading 2", async () => {
    const html = elements(await mammothHtml(bytes()));
    const title = html.filter((element) => element.tagName === 'p' && String(element.properties.className) === 'policy-title').map((element) => toText(element));
    expect(title).toEqual([`${filled.school.name}\n${filled.model.title}`]);
    expect(html.filter((element) => element.tagName === 'h1').map((element) => toText(element))).toEqual(filled.parts.map((part) => part.title.text));
    const subsections = filled.parts.flatMap((part) => part.children.flatMap((child) => (child.type === 'subsection' ? [part.kind === 'preamble' ? `${child.number} ${child.title.text}` : child.title.text] : [])));
    expect(html.filter((element) => element.tagName === 'h2').map((element) => toText(element))).toEqual(subsections);
    const paragraphs = await wordParagraphs(await openDocx(bytes()));
    expect(paragraphs[0]!.style).toBe('Title');
    expect(paragraphs.filter((paragraph) => paragraph.style === 'Title')).toHaveLength(1);
  });

  it.each([
    { how: "each paragraph's own list", throughStyles: false },
    { how: 'the styles alone where a style numbers the paragraph', throughStyles: true },
  ])("numbers every part, subsection and clause exactly as the policy does, as Word counts through $how", async ({ throughStyles }) => {
    const expected = policyOutline(filled);
    expect(expected.filter((item) => item.style === 'Clause').length).toBeGreaterThan(20);
    expect(wordOutline(await wordParagraphs(await openDocx(bytes()), { throughStyles }))).toEqual(expected);
  });

  it("makes every link a hyperlink to the policy's address", async () => {
    const expected = policyNodes<{ url: string }>(filled, 'link').map((link) => link.url).sort();
    const links = await wordLinks(await openDocx(bytes()));
    expect(links.every((link) => link.external && link.text.trim().length > 0)).toBe(true);
    expect(links.map((link) => link.target).sort()).toEqual(expected);
    // Each clause's hidden bookmark is an anchor with no address (an id a link could go to), not a link.
    const anchors = elements(await mammothHtml(bytes())).filter((element) => element.tagName === 'a' && element.properties.href !== undefined).map((element) => String(element.properties.href));
    expect(anchors.sort()).toEqual(expected);
  });

  it(filled.kind === 'template' ? "highlights each blank for the school to fill in, and nothing else" : 'highlights nothing, having no blanks', async () => {
    const paragraphs = await wordParagraphs(await openDocx(bytes()));
    const highlighted = paragraphs.flatMap((paragraph) => paragraph.highlighted);
    const blanks = policyNodes<{ label: string }>(filled, 'blank').map((blank) => `[${blank.label}]`);
    expect(highlighted.sort()).toEqual(blanks.sort());
    if (filled.kind === 'template') {
      expect(blanks.length).toBeGreaterThan(10);
      expect(paragraphs[0]!.highlighted).toEqual(['[insert school name]']);
    }
  });

  it("gives its title, creator, language and dates from the policy, and dates each zip entry from the policy's date", async () => {
    const docx = await openDocx(bytes());
    const core = await docx.part('docProps/core.xml');
    const owner = filled.kind === 'template' ? filled.publisher.name : filled.school.name;
    const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll("'", '&apos;');
    expect(core).toContain(`<dc:title>${escaped(documentTitle(filled))}</dc:title>`);
    expect(core).toContain(`<dc:creator>${escaped(owner)}</dc:creator>`);
    expect(core).toContain(`<cp:lastModifiedBy>${escaped(owner)}</cp:lastModifiedBy>`);
    expect(core).toContain('<dc:language>en-GB</dc:language>');
    // An adopted version is dated by its approval; a template by its publication.
    const date = filled.approval?.approved ?? filled.date.iso;
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${atomTimestamp(date)}</dcterms:created>`);
    expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${atomTimestamp(date)}</dcterms:modified>`);
    const dates = new Set(Object.values(docx.files.files).map((entry) => entry.date.toISOString()));
    expect(dates).toEqual(new Set([`${firstDay(date)}T12:00:00.000Z`]));
  });
});

describe('the same policy gives the same Word document', () => {
  afterEach(() => vi.useRealTimers());

  it('byte for byte, with the clock moved on between two renders', async () => {
    const filled = currentPolicy('laughton-cps');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
    const first = await renderDocx(filled);
    vi.setSystemTime(new Date('2041-07-08T09:10:11Z'));
    const second = await renderDocx(filled);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(rendered.get('laughton-cps')!))).toBe(true);
  });
});

/** Every file of the built site with the ending, by its path in the site. */
function siteFiles(ending: string): string[] {
  return readdirSync(siteDist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ending))
    .map((entry) => relative(siteDist, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

describe('the Word documents on the built site', () => {
  beforeAll(() => {
    if (!existsSync(join(siteDist, 'index.html'))) throw new Error(`${siteDist} has no site: run "npm run build" first (npm test does it for you).`);
  });

  it("has a .docx beside every policy's PDF and every comparison's, and none elsewhere", () => {
    // A comparison's, under changes/, is its redline with tracked changes (see redline-docx.test.ts).
    const pdfs = siteFiles('.pdf');
    expect(pdfs.filter((path) => !path.includes('/changes/')).length).toBeGreaterThan(20);
    expect(pdfs.filter((path) => path.includes('/changes/')).length).toBeGreaterThan(5);
    expect(siteFiles('.docx')).toEqual(pdfs.map((path) => path.replace(/\.pdf$/, '.docx')));
  });

  it('each of which opens as a Word document with its title', async () => {
    for (const path of siteFiles('.docx')) {
      const docx = await openDocx(new Uint8Array(readFileSync(join(siteDist, path))));
      expect(await docx.part('word/document.xml'), path).toContain('<w:pStyle w:val="Title"/>');
      expect(await docx.part('docProps/core.xml'), path).toMatch(/<dc:title>[^<]+<\/dc:title>/);
    }
  });

  it.each(seeds)("serves $id's current policy as the same bytes policy render writes", ({ id, site }) => {
    expect(Buffer.from(readFileSync(join(siteDist, site))).equals(Buffer.from(rendered.get(id)!))).toBe(true);
  });

  it('offers each Word document on its policy page, after the PDF, with its size', () => {
    for (const path of siteFiles('.docx').filter((one) => !one.includes('/changes/'))) {
      const page = readFileSync(join(siteDist, dirname(path), 'index.html'), 'utf8');
      const download = elements(fromHtml(page)).find((element) => String(element.properties.className) === 'app-download');
      expect(download, path).toBeDefined();
      const links = elements(download!).filter((element) => element.tagName === 'a');
      expect(links.map((link) => link.properties.href)).toEqual([`/${path.replace(/\.docx$/, '.pdf')}`, `/${path}`]);
      expect(toText(links[1]!)).toBe('Download as a Word document (.docx)');
      const kilobytes = Math.max(1, Math.round(readFileSync(join(siteDist, path)).length / 1024));
      expect(toText(download!).replace(/\s+/g, ' ')).toContain(`Download as a Word document (.docx) Word document, ${kilobytes} KB, for the school to edit`);
    }
  });
});
