import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import type { Element } from 'hast';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { elements } from './support/hast.js';
import { siteDist } from './support/paths.js';
import { pageFile, sitePages } from './support/site-pages.js';

const pages = sitePages();

beforeAll(() => {
  if (!existsSync(`${siteDist}/index.html`)) throw new Error(`${siteDist} has no site: run "npm run build" first (npm test does it for you).`);
});

describe('every page of the built site is valid HTML', () => {
  // Headings go down one level at a time (a page may open with a notice's h2 before its h1). A
  // page's title names the page and then the site, so a school's long name makes it long, not wrong.
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: { 'heading-level': ['error', { minInitialRank: 'h2' }], 'long-title': 'off' },
  });

  it.each(pages)('%s has no html-validate errors', async (path) => {
    const report = await validator.validateFile(pageFile(path));
    const messages = report.results.flatMap((result) => result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`));
    expect(messages).toEqual([]);
  });
});

/**
 * The columns of a table that no cell begins in, as the HTML table model counts them: a cell
 * spanning columns that no other row fills makes a column of nothing, which the HTML standard
 * calls an error and a screen reader announces as an empty column.
 */
function emptyColumns(table: Element): number[] {
  const rows = elements(table).filter((element) => element.tagName === 'tr' && !elements(element).some((inner) => inner.tagName === 'table'));
  const taken: boolean[][] = [];
  const begun = new Set<number>();
  let width = 0;
  rows.forEach((row, y) => {
    let x = 0;
    for (const cell of row.children.filter((child): child is Element => child.type === 'element' && (child.tagName === 'td' || child.tagName === 'th'))) {
      while (taken[y]?.[x]) x++;
      begun.add(x);
      const columns = Math.max(1, Number(cell.properties.colSpan ?? 1));
      const rowsSpanned = Math.max(1, Number(cell.properties.rowSpan ?? 1));
      for (let dy = 0; dy < rowsSpanned; dy++) for (let dx = 0; dx < columns; dx++) (taken[y + dy] ??= [])[x + dx] = true;
      x += columns;
      width = Math.max(width, x);
    }
  });
  return Array.from({ length: width }, (_, column) => column).filter((column) => !begun.has(column)).map((column) => column + 1);
}

describe('every table on the built site has a cell beginning in each of its columns', () => {
  it.each(pages)('%s', (path) => {
    const tables = elements(fromHtml(readFileSync(pageFile(path), 'utf8'))).filter((element) => element.tagName === 'table');
    const problems = tables.flatMap((table) => {
      const empty = emptyColumns(table);
      return empty.length > 0 ? [`table ${String(table.properties.id ?? toText(table).slice(0, 60))}: no cell begins in column ${empty.join(', ')}`] : [];
    });
    expect(problems).toEqual([]);
  });
});

describe('no page shows an unfilled placeholder', () => {
  it.each(pages)('%s reads with no {name} left in it', (path) => {
    const text = `${toText(fromHtml(readFileSync(pageFile(path), 'utf8')))}`;
    expect(text.match(/\{\{?[\w.]+\}?\}/g) ?? []).toEqual([]);
  });
});

/** Each page's ids, parsed once. */
const idsOf = new Map<string, Set<string>>();
function pageIds(file: string): Set<string> {
  let ids = idsOf.get(file);
  if (!ids) {
    ids = new Set(elements(fromHtml(readFileSync(file, 'utf8'))).map((element) => element.properties.id).filter((id): id is string => typeof id === 'string'));
    idsOf.set(file, ids);
  }
  return ids;
}

/**
 * The file a link inside the site points to: a page (folder with index.html) or a file such as a
 * PDF; undefined when there is none.
 */
function target(path: string): string | undefined {
  const file = pageFile(path);
  if (existsSync(file)) return file;
  if (!path.endsWith('/') && existsSync(pageFile(`${path}/`))) return pageFile(`${path}/`);
  return undefined;
}

describe('no broken link or anchor on the built site', () => {
  it.each(pages)('every link, anchor and file on %s is there', (path) => {
    const broken: string[] = [];
    const base = new URL(path, 'https://site.invalid');
    for (const element of elements(fromHtml(readFileSync(pageFile(path), 'utf8')))) {
      const reference = element.properties.href ?? element.properties.src;
      if (typeof reference !== 'string') continue;
      const url = new URL(reference, base);
      if (url.origin !== base.origin) {
        // Outside the site: checked for form only, since a build must not depend on the network.
        if (!['https:', 'http:', 'mailto:', 'tel:'].includes(url.protocol)) broken.push(`${reference} (not a web, mail or phone address)`);
        continue;
      }
      const file = target(decodeURIComponent(url.pathname));
      if (!file) {
        broken.push(`${reference} (no such page or file)`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && file.endsWith('.html') && !pageIds(file).has(anchor)) broken.push(`${reference} (no element with id "${anchor}")`);
    }
    expect(broken).toEqual([]);
  });
});

/** What the manifest calls a file: a page, a PDF, a Word document, a feed or calendar to subscribe to, a spreadsheet, or anything else. */
function fileType(path: string): string {
  if (path.endsWith('.html')) return 'page';
  if (path.endsWith('.pdf')) return 'pdf';
  if (path.endsWith('.docx')) return 'docx';
  if (path.endsWith('/feed.xml') || path.endsWith('.ics')) return 'feed';
  if (path.endsWith('.csv')) return 'csv';
  return 'asset';
}

describe('the build manifest', () => {
  it('lists every file of the built site with its size and sha-256, and nothing else', () => {
    const manifest = JSON.parse(readFileSync(`${siteDist}/manifest.json`, 'utf8')) as { files: { path: string; type: string; bytes: number; sha256: string }[] };
    const files = readdirSync(siteDist, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(siteDist, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((path) => path !== 'manifest.json')
      .sort();
    expect(manifest.files.map((file) => file.path)).toEqual(files);
    for (const file of manifest.files) {
      const bytes = readFileSync(join(siteDist, file.path));
      expect(file).toEqual({ path: file.path, type: fileType(file.path), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    expect(manifest.files.filter((file) => file.type === 'pdf').length).toBeGreaterThan(30);
    expect(manifest.files.filter((file) => file.type === 'docx').map((file) => file.path)).toContain('schools/laughton-cps/social-media/laughton-cps-social-media.docx');
    expect(manifest.files.filter((file) => file.type === 'feed').map((file) => file.path)).toContain('publishers/east-sussex-cc/feed.xml');
    expect(manifest.files.filter((file) => file.type === 'feed').map((file) => file.path)).toContain('schools/laughton-cps/reviews.ics');
    expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining(['sitemap.xml', 'robots.txt']));
  });
});

describe('every school has a page for each of its policies', () => {
  const page = (path: string) => toText(fromHtml(readFileSync(pageFile(path), 'utf8')));
  // Every folder under schools/ is a school's, but for by/, where a site with many schools lists each publisher's.
  const schools = readdirSync(join(siteDist, 'schools'), { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'by').map((entry) => entry.name);

  it.each(schools)("%s: its page lists the Social Media Policy and the Complaints Procedure, each with its status, and each has its page, PDF and Word document", (id) => {
    const html = readFileSync(pageFile(`/schools/${id}/`), 'utf8');
    for (const model of ['social-media', 'complaints']) {
      const card = new RegExp(`<div class="app-policy-card" data-policy="${model}">(.*?)</div>`, 's').exec(html)?.[1];
      expect(card, `${id}'s page lists ${model}`).toBeDefined();
      expect(card).toMatch(/<strong class="govuk-tag[^"]*">(Current|Review due soon|Review overdue|No review date|Not adopted)<\/strong>/);
      expect(card).toContain(`href="/schools/${id}/${model}/"`);
      for (const file of [`${id}-${model}.pdf`, `${id}-${model}.docx`]) {
        expect(card).toContain(`href="/schools/${id}/${model}/${file}"`);
        expect(existsSync(join(siteDist, `schools/${id}/${model}/${file}`)), file).toBe(true);
      }
    }
  });

  it("lists in a policy's history only that policy's versions", () => {
    expect(page('/schools/laughton-cps/social-media/history/')).toMatch(/Read version 2[\s\S]*Read version 1/);
    expect(readFileSync(pageFile('/schools/laughton-cps/social-media/history/'), 'utf8')).not.toContain('/complaints/');
    const complaints = readFileSync(pageFile('/schools/laughton-cps/complaints/history/'), 'utf8');
    expect(complaints).toContain('href="/schools/laughton-cps/complaints/versions/v1/"');
    expect(complaints).not.toContain('/social-media/');
  });

  it("gives the Complaints Procedure of Laughton, an academy of Bellevue Place and Merthyr's template each its own law", () => {
    expect(page('/schools/laughton-cps/complaints/')).toContain('section 29 of the Education Act 2002');
    expect(page('/schools/evendons-primary/complaints/')).toContain('Part 7 of the Schedule to the Education (Independent School Standards) Regulations 2014');
    expect(page('/publishers/merthyr-tydfil/complaints/')).toContain('Public Services Ombudsman for Wales');
  });
});
