import type { Project } from '@school-policy/core';
import type { RenderedDocument } from '../documents/stage.js';
import type { SiteEntries } from './entries.js';

/**
 * What `policy build` hands the site's pages, which Astro lays out in the same process: the
 * project it loaded and checked, every document and comparison (each policy filled once), and
 * every PDF and Word document the document stage made, by address. The pages read a document's
 * size and page count from here; the build puts the files into the site itself.
 */
export interface SiteBuild {
  project: Project;
  entries: SiteEntries;
  documents: ReadonlyMap<string, RenderedDocument>;
  /**
   * Whether the schools' own pages (everything under /schools/<id>/) are wanted: not when the
   * build only assembles shards, each of which made its schools' pages.
   */
  schoolPages: boolean;
}

/** Kept on the global object, so that the site's pages find it whichever copy of this module they load. */
const slot = Symbol.for('school-policy.site-build');

type WithSiteBuild = typeof globalThis & { [slot]?: SiteBuild };

/** Hands the pages what the build made; `undefined` when the build is done. */
export function setSiteBuild(build: SiteBuild | undefined): void {
  if (build) (globalThis as WithSiteBuild)[slot] = build;
  else delete (globalThis as WithSiteBuild)[slot];
}

/** What `policy build` made, while it builds the pages; none when the site runs on its own (`astro dev`). */
export function siteBuild(): SiteBuild | undefined {
  return (globalThis as WithSiteBuild)[slot];
}
