import type { AdoptedVersion } from '@school-policy/core';
import { sitePolicies, type SitePolicy } from './policies';

/**
 * Lookups into the site's policy documents, built once from `sitePolicies()` and shared by every
 * page, so that a page finds the documents it links to without reading through every document of
 * every school. Each list keeps the order of `sitePolicies()`, and each single lookup gives the
 * first document that matches, as a search through the whole list would.
 */
interface PolicyIndexes {
  byHref: Map<string, SitePolicy>;
  /** By owner (a school's id, or a template's) and model: every document of that policy of that owner. */
  byOwner: Map<string, SitePolicy[]>;
  /** A version's own page (not the current address), by the adopted version it shows. */
  versionPages: Map<AdoptedVersion, SitePolicy>;
  /** By publisher and model: every release of the publisher's template. */
  templates: Map<string, SitePolicy[]>;
  /** By publisher: the templates at their own (current) address, for each policy it publishes. */
  currentTemplates: Map<string, SitePolicy[]>;
  /** By model and release: each publisher's template in that release. */
  releaseTemplates: Map<string, SitePolicy[]>;
  /** By publisher: each version its schools adopted, at the version's own address. */
  adoptedVersions: Map<string, SitePolicy[]>;
}

const none: readonly SitePolicy[] = Object.freeze([]);

// Kept with the list it was built from: a new list of documents (another project) gets new indexes.
let built: { from: SitePolicy[]; indexes: PolicyIndexes } | undefined;

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

function append<K>(map: Map<K, SitePolicy[]>, at: K, entry: SitePolicy): void {
  const list = map.get(at);
  if (list) list.push(entry);
  else map.set(at, [entry]);
}

function indexes(): PolicyIndexes {
  const policies = sitePolicies();
  if (built?.from === policies) return built.indexes;
  const made: PolicyIndexes = {
    byHref: new Map(),
    byOwner: new Map(),
    versionPages: new Map(),
    templates: new Map(),
    currentTemplates: new Map(),
    releaseTemplates: new Map(),
    adoptedVersions: new Map(),
  };
  for (const entry of policies) {
    if (!made.byHref.has(entry.href)) made.byHref.set(entry.href, entry);
    append(made.byOwner, key(entry.id, entry.model), entry);
    if (entry.adoption && !entry.current && !made.versionPages.has(entry.adoption)) made.versionPages.set(entry.adoption, entry);
    if (entry.kind === 'template') {
      append(made.templates, key(entry.publisher.id, entry.model), entry);
      if (entry.current) append(made.currentTemplates, entry.publisher.id, entry);
      append(made.releaseTemplates, key(entry.model, entry.release), entry);
    }
    if (entry.kind === 'school' && entry.adoption && !entry.current) append(made.adoptedVersions, entry.publisher.id, entry);
  }
  built = { from: policies, indexes: made };
  return made;
}

/** The document at an address, if the site has one there. */
export function policyAt(href: string): SitePolicy | undefined {
  return indexes().byHref.get(href);
}

/** Every document of one policy of one owner (a school, or a publisher's template), in the site's order. */
export function policiesOf(ownerId: string, model: string): readonly SitePolicy[] {
  return indexes().byOwner.get(key(ownerId, model)) ?? none;
}

/** A school's adopted versions of one policy at their own addresses, oldest first. */
export function adoptedVersionsOf(schoolId: string, model: string): SitePolicy[] {
  return policiesOf(schoolId, model).filter((entry) => !entry.current && entry.adoption);
}

/** A school's draft of one policy for its next review, if it has one. */
export function draftOf(schoolId: string, model: string): SitePolicy | undefined {
  return policiesOf(schoolId, model).find((entry) => entry.draft);
}

/** The page an adopted version keeps when a later version replaces it. */
export function versionPageOf(adoption: AdoptedVersion): SitePolicy | undefined {
  return indexes().versionPages.get(adoption);
}

/** Every release of a publisher's template of one policy, oldest first. */
export function templatesOf(publisherId: string, model: string): readonly SitePolicy[] {
  return indexes().templates.get(key(publisherId, model)) ?? none;
}

/** A publisher's template of one policy in one release. */
export function templateIn(publisherId: string, model: string, release: string): SitePolicy | undefined {
  return templatesOf(publisherId, model).find((entry) => entry.release === release);
}

/** A publisher's current templates, one for each policy it publishes. */
export function currentTemplatesOf(publisherId: string): readonly SitePolicy[] {
  return indexes().currentTemplates.get(publisherId) ?? none;
}

/** Each publisher's template of a model in one release. */
export function releaseTemplates(model: string, release: string): readonly SitePolicy[] {
  return indexes().releaseTemplates.get(key(model, release)) ?? none;
}

/** Each version a publisher's schools adopted, at the version's own address. */
export function adoptedVersionsUnder(publisherId: string): readonly SitePolicy[] {
  return indexes().adoptedVersions.get(publisherId) ?? none;
}
