import { loadProject, PolicyProblems, type Project } from '@school-policy/core';
import { renderDocx, renderPdfWithPages, renderRedlineDocx, renderRedlinePdf, siteBuild, siteEntries, type SiteEntries, type SitePolicy, type SiteRedline } from '@school-policy/generator';

export { policyBase, type SitePolicy, type SiteRedline } from '@school-policy/generator';

let project: Project | undefined;
let entries: SiteEntries | undefined;

/**
 * The project: the one `policy build` loaded and checked, or, when the site runs on its own
 * (`astro dev`), the one in POLICY_ROOT (set by astro.config.mjs), loaded once.
 */
export function loadSiteProject(): Project {
  const build = siteBuild();
  if (build) return build.project;
  if (!project) {
    const loaded = loadProject(process.env.POLICY_ROOT!);
    if (loaded.problems.length > 0) throw new PolicyProblems(loaded.problems);
    project = loaded.project;
  }
  return project;
}

function loadEntries(): SiteEntries {
  const build = siteBuild();
  if (build) return build.entries;
  entries ??= siteEntries(loadSiteProject());
  return entries;
}

/**
 * Every policy document, publisher by publisher: each release of the publisher's blank template
 * (the latest at the template's own address), then each school's current policy and each version
 * it adopted, at its own stable address.
 */
export function sitePolicies(): SitePolicy[] {
  return loadEntries().policies;
}

/** Each school's policy at its current address: the entries behind a school's page, its PDF and its history. */
export function currentSchoolPolicies(): SitePolicy[] {
  return sitePolicies().filter((entry) => entry.kind === 'school' && entry.current);
}

/** Every comparison the site publishes: each school's renewals, and each publisher's template between releases. */
export function siteRedlines(): SiteRedline[] {
  return loadEntries().redlines;
}

/** A document's size in bytes and page count, as its download link gives them. */
export interface DocumentFacts {
  bytes: number;
  pages: number;
}

/**
 * Whether the PDFs and Word documents are made by `policy build`'s document stage, which puts
 * them into the site itself: then the pages that would serve them make none.
 */
export function documentsMadeByBuild(): boolean {
  return siteBuild() !== undefined;
}

/**
 * The entries behind the schools' own pages (everything under /schools/<id>/): all of them, or
 * none when `policy assemble` builds only the pages for the whole site, the shards having made
 * each school's.
 */
export function schoolPages<T>(entries: T[]): T[] {
  return siteBuild()?.schoolPages === false ? [] : entries;
}

const rendered = new Map<string, Promise<{ bytes: Uint8Array; pages: number }>>();

/**
 * A document at an address: in a build, what the document stage made; when the site runs on its
 * own, rendered on first asking and kept.
 */
function document(href: string, render: () => Promise<{ bytes: Uint8Array; pages: number }>): Promise<{ bytes: Uint8Array; pages: number }> {
  let file = rendered.get(href);
  if (!file) rendered.set(href, (file = render()));
  return file;
}

function facts(href: string, render: () => Promise<{ bytes: Uint8Array; pages: number }>): Promise<DocumentFacts> | DocumentFacts {
  const made = siteBuild()?.documents.get(href);
  if (made) return { bytes: made.bytes, pages: made.pages };
  if (siteBuild()) throw new Error(`The document stage made no document at ${href}.`);
  return document(href, render).then(({ bytes, pages }) => ({ bytes: bytes.length, pages }));
}

/** A policy's PDF: its size and page count. */
export async function sitePdf(entry: SitePolicy): Promise<DocumentFacts> {
  return facts(entry.pdfHref, () => renderPdfWithPages(entry.policy));
}

/** A policy's Word document: its size. */
export async function siteDocx(entry: SitePolicy): Promise<DocumentFacts> {
  return facts(entry.docxHref, async () => ({ bytes: await renderDocx(entry.policy), pages: 0 }));
}

/** A redline's PDF: its size and page count. */
export async function redlinePdf(entry: SiteRedline): Promise<DocumentFacts> {
  return facts(entry.pdfHref, () => renderRedlinePdf(entry.diff));
}

/** A redline's Word document with tracked changes: its size. */
export async function redlineDocx(entry: SiteRedline): Promise<DocumentFacts> {
  return facts(entry.docxHref, async () => ({ bytes: await renderRedlineDocx(entry.diff), pages: 0 }));
}

/** A redline's Word document bytes, for `astro dev`. */
export async function redlineDocxBytes(entry: SiteRedline): Promise<Uint8Array> {
  return (await document(entry.docxHref, async () => ({ bytes: await renderRedlineDocx(entry.diff), pages: 0 }))).bytes;
}

/** A policy's PDF bytes, for `astro dev`. */
export async function sitePdfBytes(entry: SitePolicy): Promise<Uint8Array> {
  return (await document(entry.pdfHref, () => renderPdfWithPages(entry.policy))).bytes;
}

/** A policy's Word document bytes, for `astro dev`. */
export async function siteDocxBytes(entry: SitePolicy): Promise<Uint8Array> {
  return (await document(entry.docxHref, async () => ({ bytes: await renderDocx(entry.policy), pages: 0 }))).bytes;
}

/** A redline's PDF bytes, for `astro dev`. */
export async function redlinePdfBytes(entry: SiteRedline): Promise<Uint8Array> {
  return (await document(entry.pdfHref, () => renderRedlinePdf(entry.diff))).bytes;
}

/** `107 KB`, `1.2 MB`: a file size as GOV.UK shows it. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
