import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { siteDist } from './paths.js';

/** Every page of the built site, as the path a browser asks for: `/`, `/schools/laughton-cps/social-media/`. */
export function sitePages(): string[] {
  if (!existsSync(siteDist)) return ['/'];
  return readdirSync(siteDist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => {
      const path = `/${relative(siteDist, join(entry.parentPath, entry.name))}`.replace(/\\/g, '/');
      return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
    })
    .sort();
}

/** The file a site path is served from. */
export function pageFile(path: string): string {
  return join(siteDist, path.endsWith('/') ? `${path}index.html` : path);
}
