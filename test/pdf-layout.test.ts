import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot, seeds, siteDist } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { poppler } from './support/poppler.js';
import { temporaryFolder } from './support/project-copy.js';
import { withoutPageFurniture, wordSimilarity } from './support/similarity.js';

/** The seed policies and the versions of them the first release reproduces: as in the fidelity suite. */
const seedCases = [
  { id: 'laughton-cps', version: ['--version', 'v1'], seed: '000_3994b7c6b0d01155.txt' },
  { id: 'merthyr-tydfil-template', version: ['--release', '2016-06'], seed: '001_673c99b9c62fd00a.txt' },
  { id: 'evendons-primary', version: ['--version', 'v1'], seed: '002_8dbd7ecd8ee13656.txt' },
  { id: 'life-mat', version: ['--version', 'v1'], seed: '003_b674f73ffc637800.txt' },
  { id: 'twiss-green-cps', version: ['--version', 'v1'], seed: '004_ab9e210f6df4472f.txt' },
];

/** A4 in points, and the bands the running header and footer take at the top and foot of each page. */
const page = { width: 595, height: 842, header: 50, footer: 62 };

/** pdftotext's options to read only the part of each page between the running header and footer. */
const bodyCrop = ['-x', '0', '-y', String(page.header), '-W', String(page.width), '-H', String(page.height - page.header - page.footer)];

/** The text of a PDF's pages between the running header and footer: what a reader reads as the policy. */
function bodyText(file: string, first = 1, last?: number): string {
  const args = ['-enc', 'UTF-8', '-f', String(first), ...(last ? ['-l', String(last)] : []), ...bodyCrop, file, '-'];
  return poppler('pdftotext', args);
}

function renderPdf(id: string, extra: string[]): string {
  const file = join(temporaryFolder(), `${id}.pdf`);
  const result = policy(['render', id, '--policy', 'social-media', '--format', 'pdf', '--out', file, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return file;
}

describe('the PDF of each seed policy', () => {
  it.each(seedCases)('$id reads like its seed, word for word (similarity at least 0.95)', ({ id, version, seed }) => {
    const file = renderPdf(id, version);
    const similarity = wordSimilarity(withoutPageFurniture(readFileSync(join(seeds, seed), 'utf8')), bodyText(file));
    console.log(`${id}: PDF word-level similarity to ${seed} = ${similarity.toFixed(4)}`);
    expect(similarity).toBeGreaterThanOrEqual(0.95);
  });
});

/** Every policy PDF at a current address on the site: each school's policy and each publisher's blank template. */
function currentPdfs(): { file: string; page: string }[] {
  const found: { file: string; page: string }[] = [];
  for (const kind of ['schools', 'publishers']) {
    for (const owner of readdirSync(join(siteDist, kind))) {
      const folder = join(siteDist, kind, owner, 'social-media');
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder)) if (name.endsWith('.pdf')) found.push({ file: join(folder, name), page: join(folder, 'index.html') });
    }
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** The bookmarks of a PDF, as poppler's pdftohtml reads them: each title, its page, and its depth. */
function bookmarks(file: string): { title: string; page: number; depth: number }[] {
  const xml = poppler('pdftohtml', ['-xml', '-stdout', '-i', '-q', file]);
  const outline = xml.slice(xml.indexOf('<outline>'));
  const found: { title: string; page: number; depth: number }[] = [];
  let depth = 0;
  for (const [tag] of outline.matchAll(/<outline>|<\/outline>|<item page="\d+">[^<]*<\/item>/g)) {
    if (tag === '<outline>') depth += 1;
    else if (tag === '</outline>') depth -= 1;
    else {
      const [, page, title] = /<item page="(\d+)">([^<]*)<\/item>/.exec(tag)!;
      found.push({ title: decodeEntities(title!), page: Number(page), depth });
    }
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'");
}

/** The contents page's entries, as a reader sees them: each title and the page number printed beside it. */
function contentsEntries(file: string): { title: string; page: number }[] {
  const lines = poppler('pdftotext', ['-enc', 'UTF-8', '-layout', '-f', '2', '-l', '2', ...bodyCrop, file, '-']).split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Contents');
  const entries: { title: string; page: number }[] = [];
  for (const line of lines.slice(start + 1)) {
    const numbered = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
    if (numbered) entries.push({ title: numbered[1]!, page: Number(numbered[2]) });
    else if (line.trim() && entries.length > 0) entries.at(-1)!.title += ` ${line.trim()}`;
  }
  return entries;
}

/** The contents list of the policy's web page: what the PDF's contents must agree with. */
function webContents(page: string): string[] {
  const nav = /<nav class="policy-contents"[\s\S]*?<\/nav>/.exec(readFileSync(page, 'utf8'))![0];
  return [...nav.matchAll(/<a href="#[^"]+">([^<]*)<\/a>/g)].map(([, text]) => decodeEntities(text!));
}

const normalised = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('every current policy PDF on the site', () => {
  const pdfs = currentPdfs();

  it('covers every school and every publisher', () => {
    expect(pdfs.length).toBe(readdirSync(join(siteDist, 'schools')).filter((name) => existsSync(join(siteDist, 'schools', name, 'social-media'))).length + readdirSync(join(siteDist, 'publishers')).filter((name) => existsSync(join(siteDist, 'publishers', name, 'social-media'))).length);
    expect(pdfs.length).toBeGreaterThanOrEqual(13);
  });

  it.each(pdfs.map(({ file, page }) => ({ name: file.slice(siteDist.length + 1), file, page })))('$name is tagged, titled, with only embedded fonts', ({ file, page }) => {
    const info = poppler('pdfinfo', [file]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    // The page's title is the PDF's, then the site's name.
    const siteName = (parse(readFileSync(join(repositoryRoot, 'site.yaml'), 'utf8')) as { name: string }).name;
    const title = /<title[^>]*>([^<]*)<\/title>/.exec(readFileSync(page, 'utf8'))![1]!.slice(0, -` – ${siteName}`.length);
    expect(info).toMatch(new RegExp(`^Title:\\s+${decodeEntities(title).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const fonts = poppler('pdffonts', [file]).split('\n').slice(2).filter((line) => line.trim());
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font.split(/\s+/).at(-5), font).toBe('yes');
  });

  it.each(pdfs.map(({ file, page }) => ({ name: file.slice(siteDist.length + 1), file, page })))(
    '$name has a bookmark for every section, and contents whose page numbers are where each section starts',
    ({ file, page }) => {
      const parts = webContents(page);
      const top = bookmarks(file).filter((bookmark) => bookmark.depth === 1);
      expect(top.map((bookmark) => bookmark.title)).toEqual(parts);
      const contents = contentsEntries(file);
      expect(contents.map((entry) => normalised(entry.title))).toEqual(parts.map(normalised));
      contents.forEach((entry, index) => {
        expect(entry.page, entry.title).toBe(top[index]!.page);
        const text = normalised(poppler('pdftotext', ['-enc', 'UTF-8', '-f', String(entry.page), '-l', String(entry.page), file, '-']));
        expect(text, `page ${entry.page} starts ${entry.title}`).toContain(normalised(entry.title));
        if (entry.page > 3) {
          const before = normalised(bodyText(file, entry.page - 1, entry.page - 1));
          expect(before.endsWith(normalised(entry.title)), `${entry.title} is not stranded at the foot of page ${entry.page - 1}`).toBe(false);
        }
      });
    },
  );
});
