import { rmSync } from 'node:fs';
import { join } from 'node:path';

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
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(dir, searchFolder) });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write the search index: ${written.errors.join('; ')}`);
    for (const file of unusedFiles) rmSync(join(dir, searchFolder, file), { force: true });
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
