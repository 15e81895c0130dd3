import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { installedVersion, readEntry, writeEntry } from './load-cache.js';

/** The parser of a part file: Markdown with YAML front matter and container directives. */
const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkDirective);

/** The packages the parser is made of: a tree is kept under their versions too, so that another version of any parses again. */
const parserPackages = ['unified', 'remark-parse', 'remark-frontmatter', 'remark-directive', 'mdast-util-from-markdown', 'mdast-util-frontmatter', 'mdast-util-directive', 'micromark', 'micromark-extension-frontmatter', 'micromark-extension-directive'];

let parserVersion: string | undefined;

/** What a tree depends on besides its text: this file's code (how the parser is put together) and its packages' versions. */
function parserFingerprint(): string {
  if (parserVersion === undefined) {
    const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
    for (const name of parserPackages) hash.update(`\0${name}@${installedVersion(name)}`);
    parserVersion = hash.digest('hex');
  }
  return parserVersion;
}

/**
 * Parses a part file's Markdown. With a cache folder, the syntax tree is kept in its `markdown/`
 * between runs, filed by a hash of the text and of the parser: a release whose files changed is
 * read again, but only its changed parts are parsed again. An entry is checked whole before it is
 * used (see load-cache.ts); one that is not is parsed again.
 */
export function parseMarkdown(text: string, cacheFolder?: string): Root {
  if (cacheFolder === undefined) return parser.parse(text) as Root;
  const key = createHash('sha256').update(parserFingerprint()).update('\0').update(text).digest('hex');
  const file = join(cacheFolder, 'markdown', key.slice(0, 2), `${key}.bin`);
  const kept = readEntry(file) as Root | undefined;
  if (kept) return kept;
  const tree = parser.parse(text) as Root;
  writeEntry(file, tree);
  return tree;
}
