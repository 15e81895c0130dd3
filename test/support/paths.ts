import { fileURLToPath } from 'node:url';

/** The repository's root folder, and the places tests read from. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The built site the page and browser tests read: apps/site/dist/, or the folder SITE_DIST names (a build made with --out). */
export const siteDist = process.env.SITE_DIST ? `${process.env.SITE_DIST.replace(/\/$/, '')}/` : fileURLToPath(new URL('../../apps/site/dist/', import.meta.url));
export const seeds = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));
export const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
