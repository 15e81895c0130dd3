import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdfWithPages } from '../src/index.js';
import { filledDemo } from './policy.js';

const folder = mkdtempSync(join(tmpdir(), 'policy-contents-'));
const file = join(folder, 'policy.pdf');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const poppler = (tool: 'pdftotext' | 'pdfinfo', args: string[]) => execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });

let pages: string[] = [];
beforeAll(async () => {
  writeFileSync(file, (await renderPdfWithPages(filledDemo())).bytes);
  pages = poppler('pdftotext', ['-layout']).split('\f');
});

/** The contents as a reader sees them: each line of the contents page that ends in a page number. */
function contents(): { title: string; page: number }[] {
  const lines = pages[1]!.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Contents');
  return lines
    .slice(start + 1)
    .map((line) => /^\s*(\S.*?)\s{2,}(\d+)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ title: match[1]!, page: Number(match[2]) }));
}

describe('the contents of a PDF', () => {
  it('give each part with the page it starts on, on the same line', () => {
    const entries = contents();
    expect(entries.map((entry) => entry.title)).toEqual(['1 Opening', '2 Rules at First School', 'Appendix A: Forms']);
    for (const { title, page } of entries) {
      const body = pages[page - 1]!.split('\n').map((line) => line.trim());
      expect(body, `page ${page} should have the heading "${title}"`).toContain(title);
      // It starts there: no earlier page has its heading.
      for (const earlier of pages.slice(2, page - 1)) expect(earlier.split('\n').map((line) => line.trim())).not.toContain(title);
    }
  });

  it('keep each page number in its entry of the tagged contents list', () => {
    expect(poppler('pdfinfo', [])).toMatch(/^Tagged: +yes$/m);
    const tree = poppler('pdfinfo', ['-struct-text']);
    const entries = [...tree.matchAll(/^ *TOCI\n *"([^"]*)"\n *"(\d+)"$/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(entries).toEqual(contents().map((entry) => `${entry.title} ${entry.page}`));
  });
});
