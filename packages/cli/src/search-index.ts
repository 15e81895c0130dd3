import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Where the search index goes in the built site; the search page loads `/pagefind/pagefind.js`. */
export const searchFolder = 'pagefind';

/** Pagefind's ready-made search interfaces: the site has its own, so these are not published. */
const unusedFiles = ['pagefind-ui.js', 'pagefind-ui.css', 'pagefind-modular-ui.js', 'pagefind-modular-ui.css', 'pagefind-component-ui.js', 'pagefind-component-ui.css', 'pagefind-highlight.js'];

/**
 * Indexes the built pages in `dir` for full-text search, in the browser with no server: the pages
 * marked `data-pagefind-body` (current policies, schools, publishers and model releases). Returns
 * how many pages it indexed. The same pages give byte-identical index files.
 */
export async function writeSearchIndex(dir: string): Promise<number> {
  // Loaded only by a build: a command that makes no site need not load it.
  const pagefind = await import('pagefind');
  try {
    const { errors, index } = await pagefind.createIndex({ keepIndexUrl: false, verbose: false });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    const pages = searchedPages(dir);
    let added = await index.addDirectory({ path: dir, ...pages });
    // A glob Pagefind cannot take (it refused one of about 6,000 pages at 2,000 schools): every page, as it reads them anyway.
    if (added.errors.length > 0 && pages.glob !== undefined) added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(dir, searchFolder) });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write the search index: ${written.errors.join('; ')}`);
    for (const file of unusedFiles) rmSync(join(dir, searchFolder, file), { force: true });
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

/** The most pages given to Pagefind as one glob: it took 6,600 at 200 schools' site, and refused the list at 2,000. */
const maxGlobbedPages = 2_000;

/**
 * The pages Pagefind need read: those marked `data-pagefind-body`, as a glob. Once any page of a
 * site is so marked, Pagefind indexes only those, but it still reads and parses every page to
 * know which (about half of its time with 200 schools): a page that does not hold the words is
 * not marked, so it need not be given. With no page marked, or a path a glob could not name
 * exactly, every page is given, as Pagefind would read them.
 */
function searchedPages(dir: string): { glob?: string } {
  const marked: string[] = [];
  for (const path of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!path.endsWith('.html') || !readFileSync(join(dir, path), 'utf8').includes('data-pagefind-body')) continue;
    const shown = path.split(sep).join('/');
    if (!/^[\w./-]+$/.test(shown)) return {};
    marked.push(shown);
  }
  // Pagefind refuses a glob of too many pages (it refused one at 2,000 schools): past this many, every page is given.
  if (marked.length === 0 || marked.length > maxGlobbedPages) return {};
  return { glob: marked.length === 1 ? marked[0] : `{${marked.join(',')}}` };
}
