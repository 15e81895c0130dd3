import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../src/search-index.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A site of `marked` pages marked for search and `plain` pages that are not. */
function site(marked: number, plain: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-search-'));
  made.push(dir);
  const page = (path: string, body: string) => {
    mkdirSync(join(dir, path), { recursive: true });
    writeFileSync(join(dir, path, 'index.html'), `<!doctype html><html lang="en-GB"><head><title>${path}</title></head><body>${body}</body></html>`);
  };
  for (let index = 0; index < marked; index++) page(`schools/school-${index}`, `<main data-pagefind-body><h1>School ${index}</h1><p>Policy words ${index}</p></main>`);
  for (let index = 0; index < plain; index++) page(`schools/school-${index}/history`, `<main><h1>History ${index}</h1></main>`);
  return dir;
}

/** The index files, each with its content, as two indexes are compared. */
function indexFiles(dir: string): Record<string, string> {
  const folder = join(dir, 'pagefind');
  return Object.fromEntries(readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort().filter((name) => name.includes('.')).map((name) => [name, readFileSync(join(folder, name)).toString('base64')]));
}

describe('the search index', () => {
  it('gives Pagefind only the marked pages of a site', async () => {
    const few = site(30, 30);
    expect(await writeSearchIndex(few)).toBe(30);
    expect(Object.keys(indexFiles(few)).length).toBeGreaterThan(3);
  });

  it('indexes a site of more marked pages than one glob can name', async () => {
    const many = site(2_100, 10);
    // Every page is given to Pagefind then, and it counts each it read.
    expect(await writeSearchIndex(many)).toBe(2_110);
    expect(Object.keys(indexFiles(many)).length).toBeGreaterThan(3);
  });
});
