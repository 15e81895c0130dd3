import { fileURLToPath } from 'node:url';

/** The repository's root folder, and the places tests read from. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const siteDist = fileURLToPath(new URL('../../apps/site/dist/', import.meta.url));
export const seeds = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));
export const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
