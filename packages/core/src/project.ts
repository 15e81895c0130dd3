import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { conditionsFromWhen, holds } from './conditions.js';
import { cachedRelease } from './load-cache.js';
import { loadModel, type Model } from './model.js';
import { problem, PolicyProblems, type Location, type PolicyError } from './problem.js';
import { BadId, DetailNotInRelease, DuplicateId, ImpossibleDate, InvalidValue, MissingFile, NotAFile, NotInRelease, OneModelLayout, OutOfOrder, PolicyNotPublished, StaleWording, ReleaseLockMissing, SetByPublisher, SnapshotAltered, UnknownModule, UnknownReference, UnknownSharedDetail, VariantMismatch, WrongExtension } from './problem-kinds.js';
import { maxSnapshotFileBytes, projectEntry, readProjectFile } from './read-project-file.js';
import { buildDateOf } from './review.js';
import { releaseLockName } from './release-lock.js';
import { slugPattern } from './schemas/ids.js';
import { detailsSchema, type Parameter } from './schemas/parameter.js';
import { publisherFileSchema, type Variant } from './schemas/publisher.js';
import { schoolFileSchema, type Adoption } from './schemas/school.js';
import { registerDetails, type Establishment } from './schemas/establishment.js';
import { loadSite, type Site } from './site.js';
import { nextReviewDate, snapshotFile, snapshotHash, versionName, type PolicySnapshot } from './snapshot.js';
import { templateId } from './resolve.js';
import { blocksWithId, loadWording, publisherWordingFile, schoolWordingFile, type WordingRecord } from './own-wording.js';
import type { PublisherLock } from './schemas/wording.js';
import { suggest } from './suggest.js';
import { parametersInUse, subjectOf } from './usage.js';
import { formatFieldPath, locate, parseYaml, validateYaml, valueAt, type FieldPath, type YamlSource } from './yaml-source.js';

/** A publisher: a local authority or trust, and each policy it publishes. */
export interface Publisher {
  id: string;
  file: string;
  name: string;
  variant: Variant;
  /** A made-up publisher that shows how a publisher file works. */
  example: boolean;
  /** Each policy it publishes, by model id, in the order its file lists them. */
  policies: Map<string, PublisherPolicy>;
}

/**
 * One policy a publisher publishes: its model, the releases of it the publisher took up, and the
 * publisher's settings for it. It is what a school's policy is resolved with, and what an adopted
 * version freezes of the publisher.
 */
export interface PublisherPolicy {
  id: string;
  file: string;
  name: string;
  variant: Variant;
  model: string;
  /** The release the publisher publishes now: the last it took up. */
  release: string;
  /** Since when it publishes that release: what its blank template is dated. */
  published: string;
  /** Every release it took up, oldest first, each with the date it did. */
  releases: { release: string; since: string }[];
  /** A made-up publisher that shows how a publisher file works. */
  example: boolean;
  modules: string[];
  details: Record<string, unknown>;
  /** Clauses the model lets schools change that the publisher locks for its schools, each with why. */
  locks: PublisherLock[];
  /** The publisher's own wording of clauses for all its schools, from `schools/<publisher>/<model>.wording.yaml`, if it has any. */
  wording: WordingRecord | undefined;
}

/** A school: its own details, given once, and each of its publisher's policies as the school has it. */
export interface School {
  id: string;
  file: string;
  publisher: string;
  name: string;
  /** A made-up school that shows how a school file works. */
  example: boolean;
  motto: string | undefined;
  /** What the DfE's register of schools records of it, as `policy import gias` copied it; undefined for a school not imported from it. */
  establishment: Establishment | undefined;
  /** The details given once, for every policy whose model has them. */
  details: Record<string, unknown>;
  /** Each policy, by model id, in its publisher's order. */
  policies: Map<string, SchoolPolicy>;
}

/** One policy of one school: the unit that is filled, adopted, reviewed and renewed. */
export interface SchoolPolicy {
  id: string;
  file: string;
  publisher: string;
  model: string;
  name: string;
  /** When the governors last reviewed the policy, if the school's file says: the date line of its draft. */
  reviewed: string | undefined;
  modules: string[];
  /** A made-up school that shows how a school file works. */
  example: boolean;
  motto: string | undefined;
  /** The details this policy is filled with: the school's shared details that its model has, then the policy's own. */
  details: Record<string, unknown>;
  /** Each version the governors approved, oldest first, with its frozen snapshot. */
  adoptions: AdoptedVersion[];
  /**
   * The school's own wording of clauses the model lets it change, clauses of its own and optional
   * clauses it leaves out, from `schools/<publisher>/<school>/<model>.wording.yaml`, if it has any.
   * It is used for the release it was written against; `policy renew` carries it onto a newer one.
   */
  wording?: WordingRecord | undefined;
}

/** An adoption record with where it is written and the snapshot it fingerprints. */
export interface AdoptedVersion extends Omit<Adoption, 'snapshot'> {
  /** The fingerprint of the frozen text, `sha256:…`. */
  hash: string;
  /** `v2`. */
  name: string;
  /** The school file and the line of this record. */
  recordFile: string;
  recordLine: number;
  snapshotFile: string;
  snapshot: PolicySnapshot;
}

/** A release folder's name: the month or date it was published, `2026-09` or `2026-09-01`. */
export const releaseIdPattern = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** Everything in a project folder: the models in `templates/`, the publishers and schools in `schools/`, and the site in `site.yaml`. */
export interface Project {
  root: string;
  /** Each model's latest published release (or, before any is published, its latest draft), by model id. */
  models: Map<string, Model>;
  /** Every release of each model, oldest first, by model id. */
  releases: Map<string, Model[]>;
  publishers: Map<string, Publisher>;
  schools: Map<string, School>;
  /** The published site's name and address, from `site.yaml`; undefined when there is none. */
  site: Site | undefined;
}

export const publisherFileName = 'publisher.yaml';

/** Whether a file in a publisher's folder is a school's: every `.yaml` but publisher.yaml and the publisher's own wording (`<model>.wording.yaml`). */
export function isSchoolFileName(name: string): boolean {
  return name.endsWith('.yaml') && name !== publisherFileName && !name.endsWith('.wording.yaml');
}

/**
 * What a command about one school, or one publisher's blank template, needs of a project: the
 * schools it names, their publishers (and any others it names), the models those publishers
 * publish (and any others it names), with every release of each, and site.yaml. No other
 * school's file is read (but see loadProject on a release that has lost its lock), so that such a
 * command takes as long with 20,000 schools as with ten. Each school is found by its file's name,
 * `schools/<publisher>/<id>.yaml`, in every publisher's folder, so that a school id that two
 * publishers use is still reported.
 */
export interface ProjectScope {
  /** Schools, by id. */
  schools?: readonly string[];
  /** Publishers besides the schools' own, by id (for their blank templates), or every publisher. */
  publishers?: readonly string[] | 'all';
  /** Models besides those the publishers publish, by id, or every model. */
  models?: readonly string[] | 'all';
}

/** How a project is loaded. */
export interface LoadOptions {
  /**
   * Whether each adopted version's snapshot is let go once it is checked, and read again (and
   * checked against its fingerprint again) only if it is asked for: for a command that needs the
   * adoption records of many schools but not the words they froze, which then take no memory.
   */
  lazySnapshots?: boolean;
  /**
   * A folder to keep each release of a model in between runs, as it was read and checked (and the
   * syntax trees of its part files): reading the releases is most of the time a command about one
   * school takes, and a published release never changes. Each is filed by a hash of its folder's
   * every file and of the code that reads it, checked whole before it is used, and kept only if it
   * had no problems (see load-cache.ts); without it, every release is read.
   */
  cache?: string;
}

/**
 * Loads and validates a whole project, or with a scope only the part of it the scope names (see
 * ProjectScope). Never throws for bad content: every problem found is returned, each naming its
 * file and line, and what is valid is still loaded.
 *
 * A scoped load finds every problem a whole load finds in the files it reads, but for one case.
 * A release without its release.lock is taken as published, and reported, when any school has
 * adopted it. When a release the scope's publishers took up, or its schools adopted, has no lock,
 * a scoped load reads every school's adoptions to know, as a whole load does; it does not for a
 * release that neither uses, which it takes as the draft it looks like even if some other school
 * adopted it. `policy check` reports such a release.
 */
export function loadProject(root: string, scope?: ProjectScope, options: LoadOptions = {}): { project: Project; problems: PolicyError[] } {
  const problems: PolicyError[] = [];
  const project: Project = { root, models: new Map(), releases: new Map(), publishers: new Map(), schools: new Map(), site: loadSite(root, problems) };

  // The publishers' folders are listed first, to know what a scope covers; their problems are reported after the models'.
  const listing: PolicyError[] = [];
  const publisherIds = subfolders(root, 'schools', listing);
  const covered = scope && coveredBy(root, scope, publisherIds);

  // Who adopted each release matters only for a release without its lock, so the schools' files
  // and snapshots are read for it only when such a release is met (reading every one takes long).
  let adopters: Map<string, Set<string>> | undefined;
  const adoptersNow = (): Map<string, Set<string>> => {
    if (!adopters) {
      const own = adoptersByRelease(root, covered?.schools);
      adopters = covered && needsEveryAdopter(root, [...covered.releases, ...own.keys()]) ? adoptersByRelease(root) : own;
    }
    return adopters;
  };
  const modelDirs = subfolders(root, 'templates', problems);
  const loadModelFolder = (dir: string) => {
    const releases = loadReleases(root, dir, problems, options.cache);
    if (releases.length === 0) return;
    project.releases.set(dir, releases);
    // A release that a school has adopted is published, lock or not: without its lock, nothing shows it is as adopted.
    for (const model of releases) {
      if (model.release.published) continue;
      const schools = adoptersNow().get(`${dir}/${model.release.id}`);
      if (!schools) continue;
      model.release.published = true;
      const lockFile = `${model.dir}/${releaseLockName}`;
      problems.push(problem(ReleaseLockMissing, { file: lockFile }, [lockFile, model.release.id, [...schools].sort()], [lockFile]));
    }
    // Schools and publishers work from the latest published release; drafts are for their authors.
    project.models.set(dir, releases.filter((model) => model.release.published).at(-1) ?? releases.at(-1)!);
  };
  const wanted = covered?.models;
  for (const dir of modelDirs) if (wanted === undefined || wanted === 'all' || wanted.has(dir)) loadModelFolder(dir);
  if (wanted !== undefined && wanted !== 'all' && [...wanted].some((id) => !project.releases.has(id))) {
    // A model named that is not there is reported with every model there is: each is loaded, in the order a whole load reads them.
    for (const dir of modelDirs) if (!wanted.has(dir)) loadModelFolder(dir);
    for (const map of [project.releases, project.models] as Map<string, unknown>[]) {
      const entries = [...map].sort(([a], [b]) => modelDirs.indexOf(a) - modelDirs.indexOf(b));
      map.clear();
      for (const [key, value] of entries) map.set(key, value);
    }
  }

  problems.push(...listing);
  // Every publisher's blank template id, known before any school is read, whatever order they load in.
  const templateIds = new Map(publisherIds.map((id) => [templateId(id), `schools/${id}/${publisherFileName}`]));
  const today = buildDateOf();
  if (today.problem) problems.push(today.problem);
  const isCovered = covered && ((name: string) => covered.schools.has(schoolIdOf(name)));
  for (const publisherId of publisherIds) {
    if (covered && !covered.publishers.has(publisherId)) continue;
    const publisher = loadPublisher(root, publisherId, project, problems);
    if (!publisher) continue;
    for (const name of schoolFileNames(root, publisherId, problems, isCovered)) {
      loadSchool(root, publisher, name, project, problems, { templateIds, today: today.date, lazySnapshots: options.lazySnapshots ?? false });
    }
  }
  return { project, problems: inReadingOrder(problems) };
}

/**
 * The problems in one school's file as it is now, read and checked again against the models and
 * publishers a load of the project found (the school's own earlier reading aside): what that load
 * would now find in it. What `policy adopt` reads back once it has written a record and its
 * snapshot, without reading every model again.
 */
export function recheckSchool(project: Project, id: string): PolicyError[] {
  const school = project.schools.get(id);
  const publisher = school && project.publishers.get(school.publisher);
  if (!school || !publisher) return [];
  const problems: PolicyError[] = [];
  const others: Project = { ...project, schools: new Map([...project.schools].filter(([key]) => key !== id)) };
  const templateIds = new Map(subfolders(project.root, 'schools', []).map((one) => [templateId(one), `schools/${one}/${publisherFileName}`]));
  loadSchool(project.root, publisher, school.file.slice(school.file.lastIndexOf('/') + 1), others, problems, { templateIds, today: buildDateOf().date });
  const folder = `schools/${school.publisher}/${id}/`;
  return inReadingOrder(problems).filter((p) => p.location.file === school.file || p.location.file.startsWith(folder));
}

/** The id a name in a publisher's folder would give a school: `laughton-cps.yaml` (or `.yml`, `.YAML`), or its folder of snapshots, `laughton-cps`. */
const schoolIdOf = (name: string) => name.replace(/\.ya?ml$/i, '');

/**
 * The schools, publishers and models a scope covers. A school's publishers are those whose folder
 * holds a file (or folder) by its name: usually one, but every one of them, so that a school id
 * two publishers use is reported as a whole load reports it. The models are those the covered
 * publishers' files name, and the releases (`<model>/<release>`) those their files say they took
 * up, read without checking them (they are checked when they are loaded).
 */
function coveredBy(
  root: string,
  scope: ProjectScope,
  publisherIds: readonly string[],
): { schools: Set<string>; publishers: Set<string>; models: Set<string> | 'all'; releases: Set<string> } {
  const schools = new Set(scope.schools ?? []);
  const named = scope.publishers ?? [];
  const publishers = new Set(
    publisherIds.filter((id) => named === 'all' || named.includes(id) || (schools.size > 0 && folderNames(join(root, 'schools', id)).some((name) => schools.has(schoolIdOf(name))))),
  );
  const models = new Set(scope.models === 'all' ? [] : (scope.models ?? []));
  const releases = new Set<string>();
  for (const id of publishers) {
    const file = `schools/${id}/${publisherFileName}`;
    const read = readProjectFile(root, file);
    const data = read.status === 'read' ? parseYaml(file, read.text).source.data : undefined;
    if (!data || typeof data !== 'object' || Array.isArray(data)) continue;
    const { policies, model } = data as { policies?: unknown; model?: unknown };
    if (policies && typeof policies === 'object' && !Array.isArray(policies)) {
      for (const [key, settings] of Object.entries(policies)) {
        models.add(key);
        const takenUp = (settings as { releases?: unknown } | null)?.releases;
        if (Array.isArray(takenUp)) for (const entry of takenUp) releases.add(`${key}/${String((entry as { release?: unknown } | null)?.release)}`);
      }
    }
    // A file in the layout of one policy names its model at the top: the hint for moving it names the model's latest release.
    if (typeof model === 'string') models.add(model);
  }
  return { schools, publishers, models: scope.models === 'all' ? 'all' : models, releases };
}

/**
 * Whether a scoped load must read every school's adoptions after all: when a release that its
 * publishers took up, or its schools adopted, has no release.lock. Such a release is published
 * if any school adopted it, and is reported with every school that did, as a whole load reports
 * it; only then does it matter which other schools did.
 */
function needsEveryAdopter(root: string, releases: Iterable<string>): boolean {
  for (const key of releases) {
    const [model, release, ...rest] = key.split('/');
    if (!model || !release || rest.length > 0 || !releaseIdPattern.test(release) || litter(model)) continue;
    const dir = join(root, 'templates', model, release);
    if (existsSync(dir) && !existsSync(join(dir, releaseLockName))) return true;
  }
  return false;
}

/** The names in a folder, or none if it cannot be read. */
function folderNames(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * Every blank template's and school's id, as the folders and files of schools/ name them, in the
 * order a whole load reads them, without reading any file: what a command about one school
 * suggests from when the id it was given is no school's. A school whose file has problems is
 * among them, as its file names it; `except`, the id given, is not.
 */
export function listedIds(root: string, except?: string): { templates: string[]; schools: string[] } {
  const publishers = subfolders(root, 'schools', []);
  const schools = new Set<string>();
  for (const publisher of publishers) {
    for (const name of folderNames(join(root, 'schools', publisher)).sort()) {
      if (!litter(name) && isSchoolFileName(name) && schoolIdOf(name) !== except) schools.add(schoolIdOf(name));
    }
  }
  return { templates: publishers.map(templateId).filter((id) => id !== except), schools: [...schools] };
}

/**
 * The schools that have adopted each release, by `<model>/<release>`: those whose file records an
 * adoption of it, and those with a snapshot frozen from it. Read from the files as they are, so
 * that a school file with other problems still counts. With `only`, only those schools' files
 * and snapshots are read.
 */
function adoptersByRelease(root: string, only?: ReadonlySet<string>): Map<string, Set<string>> {
  const adopters = new Map<string, Set<string>>();
  const add = (model: unknown, release: unknown, school: string) => {
    if (typeof model !== 'string' || (typeof release !== 'string' && typeof release !== 'number')) return;
    const key = `${model}/${String(release)}`;
    adopters.set(key, (adopters.get(key) ?? new Set()).add(school));
  };
  // Read as every file of the project is (a named pipe or a link out of it is never opened); its problems are reported when it is loaded.
  const read = (path: string): unknown => {
    const file = relative(root, path).split(sep).join('/');
    const found = readProjectFile(root, file, { limit: file.endsWith('.json') ? maxSnapshotFileBytes : undefined });
    if (found.status !== 'read') return undefined;
    // A snapshot is JSON, and far larger than a school's file: read as JSON, as loading it does.
    if (file.endsWith('.json')) {
      try {
        return JSON.parse(found.text) as unknown;
      } catch {
        return undefined;
      }
    }
    return parseYaml(file, found.text).source.data;
  };
  const schools = join(root, 'schools');
  const entries = (path: string) => {
    try {
      return readdirSync(path, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const publisher of entries(schools)) {
    if (!publisher.isDirectory()) continue;
    const folder = join(schools, publisher.name);
    for (const entry of entries(folder)) {
      if (only && !only.has(entry.isDirectory() ? entry.name : entry.name.slice(0, -'.yaml'.length))) continue;
      if (entry.isFile() && isSchoolFileName(entry.name)) {
        const policies = (read(join(folder, entry.name)) as { policies?: unknown } | undefined)?.policies;
        if (!policies || typeof policies !== 'object') continue;
        for (const [model, settings] of Object.entries(policies as Record<string, unknown>)) {
          const records = (settings as { adoptions?: unknown } | null)?.adoptions;
          if (Array.isArray(records)) for (const record of records) add(model, (record as { release?: unknown } | null)?.release, entry.name.slice(0, -'.yaml'.length));
        }
      } else if (entry.isDirectory()) {
        for (const file of entries(join(folder, entry.name))) {
          if (!file.isFile() || !file.name.endsWith('.json')) continue;
          const snapshot = read(join(folder, entry.name, file.name)) as { model?: unknown; release?: unknown } | undefined;
          add(snapshot?.model, snapshot?.release, entry.name);
        }
      }
    }
  }
  return adopters;
}

/** The schools that have adopted a release of a model (by their files and snapshots), sorted. */
export function releaseAdopters(root: string, model: string, release: string): string[] {
  return [...(adoptersByRelease(root).get(`${model}/${release}`) ?? [])].sort();
}

/** Names in a folder that the operating system or an editor leaves there: never a project's files. */
const litter = (name: string) => name.startsWith('.') || name.endsWith('~') || ['Thumbs.db', 'desktop.ini'].includes(name);

/**
 * The school files in `schools/<publisher>/`, sorted: every `<id>.yaml` but publisher.yaml. A
 * file named `.yml`, `.YAML` or anything else is reported (never silently skipped), and so is a
 * folder named like a file, a named pipe, or a link that leaves the project or leads nowhere. The
 * folders beside the school files hold their adopted versions. With `only`, the names it passes
 * over are neither looked at nor reported.
 */
function schoolFileNames(root: string, publisherId: string, problems: PolicyError[], only?: (name: string) => boolean): string[] {
  const names: string[] = [];
  for (const name of readdirSync(join(root, 'schools', publisherId)).sort()) {
    if (litter(name) || name === publisherFileName || name.endsWith('.wording.yaml') || (only && !only(name))) continue;
    const file = `schools/${publisherId}/${name}`;
    const entry = projectEntry(root, file);
    if (entry.kind === 'refused') problems.push(entry.problem);
    else if (entry.kind === 'folder') {
      if (/\.ya?ml$/i.test(name)) problems.push(problem(NotAFile, { file }, ['a folder'], []));
    } else if (entry.kind === 'file') {
      if (name.endsWith('.yaml')) names.push(name);
      else problems.push(problem(WrongExtension, { file }, [], [/\.ya?ml$/i.test(name) ? `${name.replace(/\.ya?ml$/i, '')}.yaml` : undefined]));
    }
  }
  return names;
}

/** Problems grouped by file (in the order files were read), each file's in line order. */
function inReadingOrder(problems: PolicyError[]): PolicyError[] {
  const files = [...new Set(problems.map((p) => p.location.file))];
  const position = (p: PolicyError) => [files.indexOf(p.location.file), p.location.line ?? 0, p.location.column ?? 0];
  return problems
    .map((p, index) => ({ p, index, key: position(p) }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || a.index - b.index)
    .map(({ p }) => p);
}

/** Every release of the model in `templates/<dir>/`, oldest first: each a folder named by its date. */
function loadReleases(root: string, dir: string, problems: PolicyError[], cache: string | undefined): Model[] {
  const modelDir = `templates/${dir}`;
  if (projectEntry(root, `${modelDir}/model.yaml`).kind !== 'missing') {
    problems.push(problem(NotInRelease, { file: `${modelDir}/model.yaml` }, [`${modelDir}/`], [dir]));
    return [];
  }
  const releases: Model[] = [];
  for (const name of readdirSync(join(root, modelDir)).sort()) {
    if (litter(name)) continue;
    const entry = projectEntry(root, `${modelDir}/${name}`);
    if (entry.kind === 'refused') problems.push(entry.problem);
    if (entry.kind !== 'folder') continue;
    if (!releaseIdPattern.test(name)) {
      problems.push(problem(NotInRelease, { file: `${modelDir}/${name}/` }, [`${modelDir}/${name}/`], [dir]));
      continue;
    }
    const release = `${modelDir}/${name}`;
    const loaded = cachedRelease(root, release, cache, () => loadModel(root, release, { cache }));
    problems.push(...loaded.problems);
    if (loaded.model) releases.push(loaded.model);
  }
  return releases;
}

function subfolders(root: string, name: string, problems: PolicyError[]): string[] {
  const folder = projectEntry(root, name);
  if (folder.kind !== 'folder') {
    problems.push(
      folder.kind === 'refused'
        ? folder.problem
        : problem(MissingFile, { file: `${name}/` }, [`The ${name}/ folder`], [`Run policy commands from the project's root folder, or pass --root with the folder that holds templates/ and schools/.`]),
    );
    return [];
  }
  const folders: string[] = [];
  for (const entry of readdirSync(join(root, name)).sort()) {
    if (litter(entry)) continue;
    const found = projectEntry(root, `${name}/${entry}`);
    if (found.kind === 'refused') problems.push(found.problem);
    else if (found.kind === 'folder') folders.push(entry);
  }
  return folders;
}

/** A YAML file of the project, read and parsed; undefined (with the problems) if it cannot be, or is not there. */
function readSource(root: string, file: string, problems: PolicyError[]): YamlSource | undefined {
  const read = readProjectFile(root, file);
  if (read.status === 'refused') problems.push(read.problem);
  if (read.status !== 'read') return undefined;
  const { source, problems: syntax } = parseYaml(file, read.text);
  problems.push(...syntax);
  return syntax.length === 0 ? source : undefined;
}

/**
 * A file's top-level keys that belong, since a publisher publishes several policies, under
 * policies:<model>: reported with the layout to move them to, rather than as unknown fields.
 */
function oneModelLayout(source: YamlSource, keys: readonly string[], example: string): PolicyError | undefined {
  const data = source.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const found = keys.filter((key) => key in (data as Record<string, unknown>));
  if (found.length === 0 || 'policies' in (data as Record<string, unknown>)) return undefined;
  return problem(OneModelLayout, locate(source, [found[0]!], 'key'), [source.file, found], [example]);
}

function loadPublisher(root: string, id: string, project: Project, problems: PolicyError[]): Publisher | undefined {
  const file = `schools/${id}/${publisherFileName}`;
  if (projectEntry(root, file).kind === 'missing') {
    problems.push(problem(MissingFile, { file }, [file], [`Each folder in schools/ is a publisher: create ${file} with its name, variant (la, trust or mat) and the policies it publishes.`]));
    return undefined;
  }
  if (!slugPattern.test(id)) problems.push(problem(BadId, { file }, ['publisher', id], []));
  const source = readSource(root, file, problems);
  if (!source) return undefined;
  const named = (source.data as { model?: unknown; published?: unknown } | undefined) ?? {};
  const oldModel = typeof named.model === 'string' ? named.model : '<model-id>';
  const oldSince = typeof named.published === 'string' || typeof named.published === 'number' ? String(named.published) : '<date>';
  const latest = project.models.get(oldModel)?.release.id ?? '<release>';
  const layout = oneModelLayout(source, ['model', 'published', 'modules', 'details'], `policies:\n  ${oldModel}:\n    releases:\n      - release: ${latest}\n        since: ${oldSince}\n    modules: [...]\n    details: {...}`);
  if (layout) {
    problems.push(layout);
    return undefined;
  }
  const checked = validateYaml(publisherFileSchema, source, { context: 'a publisher file' });
  problems.push(...checked.problems);
  if (!checked.value) return undefined;
  const { name, variant, example, policies: settings } = checked.value;
  const own: PolicyError[] = [];
  const policies = new Map<string, PublisherPolicy>();
  for (const [modelId, { releases: takenUp, modules, details, locked }] of Object.entries(settings)) {
    const releases = project.releases.get(modelId);
    if (!releases) {
      const known = [...project.models.keys()];
      own.push(problem(UnknownReference, locate(source, ['policies', modelId], 'key'), [`policies.${modelId}`, modelId, 'a model in templates/'], [suggest(modelId, known), known]));
      continue;
    }
    const count = own.length;
    own.push(...checkTakenUp(source, modelId, takenUp, releases));
    if (own.length > count) continue;
    const current = takenUp.at(-1)!;
    const model = releases.find((candidate) => candidate.release.id === current.release)!;
    const at: FieldPath = ['policies', modelId];
    own.push(
      ...checkModules(source, modules, model, at),
      ...checkDetails(source, details, model, { scope: 'publisher', variant, publisherFile: file, publisherDetails: {}, modules }, [...at, 'details']),
      ...checkLocks(source, locked, model, at),
    );
    const wording = loadWording(
      root,
      publisherWordingFile(id, modelId),
      { kind: 'publisher', name, locks: [], publisherName: name, publisherFile: file },
      (release) => releases.find((candidate) => candidate.release.id === release),
      takenUp.map((entry) => entry.release),
    );
    own.push(...wording.problems);
    if (wording.record && wording.record.wording.release !== current.release) {
      const changed = Object.keys(wording.record.wording.reworded).filter((clause) => blockWords(wording.model!, clause) !== blockWords(model, clause));
      own.push(
        problem(StaleWording, locate(wording.source!, ['release']), [wording.record.wording.release, current.release, `which ${name} now publishes`], [
          changed.length > 0
            ? `Release ${current.release} changes clauses it rewords: ${changed.join(', ')}. Compare them with the model's new words (policy diff --publisher ${id} --policy ${modelId}), bring your words up to date, then set release: ${current.release}.`
            : `Release ${current.release} changes none of the clauses it rewords: check them, then set release: ${current.release}.`,
        ]),
      );
    }
    policies.set(modelId, {
      id,
      file,
      name,
      variant,
      model: modelId,
      release: current.release,
      published: current.since,
      releases: takenUp.map(({ release, since }) => ({ release, since })),
      example,
      modules,
      details,
      locks: locked,
      wording: wording.record,
    });
  }
  problems.push(...own);
  const publisher: Publisher = { id, file, name, variant, example, policies };
  project.publishers.set(id, publisher);
  return own.length === 0 ? publisher : undefined;
}

/**
 * The releases a publisher says it took up: each a published release of the model, in order,
 * each taken up on or after it was published and after the one before.
 */
function checkTakenUp(source: YamlSource, modelId: string, takenUp: readonly { release: string; since: string }[], releases: readonly Model[]): PolicyError[] {
  const problems: PolicyError[] = [];
  const known = releases.filter((model) => model.release.published).map((model) => model.release.id);
  takenUp.forEach(({ release, since }, index) => {
    const field = `policies.${modelId}.releases[${index}]`;
    const at = (key: string) => locate(source, ['policies', modelId, 'releases', index, key]);
    const model = releases.find((candidate) => candidate.release.id === release);
    if (!model) {
      problems.push(problem(UnknownReference, at('release'), [`${field}.release`, release, `a release of the ${modelId} model`], [suggest(release, known), known]));
      return;
    }
    if (!model.release.published) {
      problems.push(problem(InvalidValue, at('release'), [`${field}.release`, `release ${release} of the ${modelId} model is a draft, not yet published; a publisher takes up only a published release (policy publish ${modelId} ${release})`]));
      return;
    }
    if (dateKey(since).slice(0, 7) < dateKey(release).slice(0, 7)) {
      problems.push(problem(InvalidValue, at('since'), [`${field}.since`, `${since} is before release ${release} was published`]));
    }
    const previous = takenUp[index - 1];
    if (previous && (release <= previous.release || dateKey(since) < dateKey(previous.since))) {
      problems.push(
        problem(InvalidValue, at(release <= previous.release ? 'release' : 'since'), [
          field,
          `it takes up release ${release} since ${since} after release ${previous.release} since ${previous.since}: list the releases taken up oldest first, each later than the one before`,
        ]),
      );
    }
  });
  return problems;
}

function loadSchool(
  root: string,
  publisher: Publisher,
  fileName: string,
  project: Project,
  problems: PolicyError[],
  known: { templateIds: ReadonlyMap<string, string>; today: string | undefined; lazySnapshots?: boolean },
): void {
  const id = fileName.slice(0, -'.yaml'.length);
  const file = `schools/${publisher.id}/${fileName}`;
  if (!slugPattern.test(id)) {
    problems.push(problem(BadId, { file }, ['school', id], []));
    return;
  }
  const earlier = project.schools.get(id);
  if (earlier) {
    problems.push(problem(DuplicateId, { file }, ['school', id], [earlier.file]));
    return;
  }
  const templateOf = known.templateIds.get(id);
  if (templateOf) {
    problems.push(problem(DuplicateId, { file }, ['school', id], [`${templateOf}, whose blank template has this id`]));
    return;
  }
  const source = readSource(root, file, problems);
  if (!source) return;
  const first = [...publisher.policies.keys()][0] ?? '<model-id>';
  const layout = oneModelLayout(source, ['reviewed', 'modules', 'adoptions'], `details: {...}      # given once, for every policy that uses them\npolicies:\n  ${first}:\n    reviewed: ...\n    modules: [...]\n    details: {...}  # this policy's own\n    adoptions: [...]`);
  if (layout) {
    problems.push(layout);
    return;
  }
  const checked = validateYaml(schoolFileSchema, source, { context: 'a school file' });
  problems.push(...checked.problems);
  if (!checked.value) return;
  const { name, variant, example, motto, establishment, details: shared, policies: settings } = checked.value;
  const fromRegister = registerDetails(establishment);
  const own: PolicyError[] = [];
  if (variant !== undefined && variant !== publisher.variant) {
    own.push(problem(VariantMismatch, locate(source, ['variant']), [variant, publisher.variant, publisher.name], [publisher.variant]));
  }
  const offered = [...publisher.policies.keys()];
  for (const modelId of Object.keys(settings)) {
    if (!publisher.policies.has(modelId)) {
      own.push(problem(PolicyNotPublished, locate(source, ['policies', modelId], 'key'), [`policies.${modelId}`, modelId, publisher.name], [suggest(modelId, offered), offered]));
    }
  }
  const modelOf = (policy: PublisherPolicy) => project.releases.get(policy.model)!.find((candidate) => candidate.release.id === policy.release)!;
  const models = [...publisher.policies.values()].map(modelOf);
  own.push(...checkSharedDetails(source, shared, models, publisher));
  const policies = new Map<string, SchoolPolicy>();
  for (const policy of publisher.policies.values()) {
    const model = modelOf(policy);
    const { reviewed, modules, details: ownDetails, adoptions: records } = settings[policy.model] ?? { reviewed: undefined, modules: [], details: {}, adoptions: [] };
    // What the register gives (the school's address, its head's title), under what the school gives itself.
    const sharedHere = mergedDetails(registerDetailsFor(fromRegister, model), detailsOf(shared, model));
    const at: FieldPath = ['policies', policy.model];
    const count = own.length;
    own.push(
      ...checkModules(source, modules, model, at),
      ...checkDetails(source, ownDetails, model, {
        scope: 'school',
        variant: publisher.variant,
        publisherFile: publisher.file,
        publisherDetails: mergedDetails(policy.details, sharedHere),
        modules: [...policy.modules, ...modules],
      }, [...at, 'details']),
    );
    // A required detail given only in the shared details is checked there; one given nowhere is reported here.
    const adoptions = loadAdoptions(root, source, records, { publisher: policy, school: id, releases: project.releases.get(policy.model) ?? [], today: known.today, lazySnapshots: known.lazySnapshots ?? false }, own);
    const releases = project.releases.get(policy.model) ?? [];
    const wording = loadWording(
      root,
      schoolWordingFile(publisher.id, id, policy.model),
      { kind: 'school', name, locks: policy.locks, publisherName: publisher.name, publisherFile: publisher.file },
      (release) => releases.find((candidate) => candidate.release.id === release),
      policy.releases.map((entry) => entry.release),
    );
    // A problem in the own wording is reported at its file; the school is still read (without the
    // wording), so that a command about it names those problems rather than losing the school.
    problems.push(...wording.problems);
    if (own.length > count) continue;
    policies.set(policy.model, { id, file, publisher: publisher.id, model: policy.model, name, reviewed, modules, example, motto, details: mergedDetails(sharedHere, ownDetails), adoptions, wording: wording.record });
  }
  problems.push(...own);
  if (own.length > 0) return;
  project.schools.set(id, { id, file, publisher: publisher.id, name, example, motto, establishment, details: shared, policies });
}

/** A publisher's locks name clauses of its current release. */
function checkLocks(source: YamlSource, locks: readonly PublisherLock[], model: Model, at: FieldPath): PolicyError[] {
  const problems: PolicyError[] = [];
  locks.forEach((lock, index) => {
    lock.clauses.forEach((clause, position) => {
      if (blocksWithId(model, clause).length === 0) {
        problems.push(problem(UnknownReference, locate(source, [...at, 'locked', index, 'clauses', position]), [`${formatFieldPath([...at, 'locked', index, 'clauses', position])}`, clause, `a clause of release ${model.release.id}`], [undefined, []]));
      }
    });
  });
  return problems;
}

/** The words of a block in a release, as its template is written (all its wordings): to tell whether a release changed it. */
function blockWords(model: Model, id: string): string {
  return blocksWithId(model, id).map((block) => block.template.text).join('\u0000');
}

/** The school's shared details that a model has parameters for (whole groups where the model has one of their parameters). */
export function detailsOf(shared: Record<string, unknown>, model: Model, takes: (parameter: Parameter) => boolean = () => true): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const path of leafPaths(shared)) {
    const name = path.join('.');
    if (!model.parameters.some((p) => (p.name === name || name.startsWith(`${p.name}.`)) && takes(p))) continue;
    setAt(result, path, valueAt(shared, path));
  }
  return result;
}

/** The details the register gives a school (see registerDetails) that a model has, as parameters that take text. */
function registerDetailsFor(fromRegister: Record<string, unknown>, model: Model): Record<string, unknown> {
  return detailsOf(fromRegister, model, (parameter) => parameter.type === 'string');
}

/** Two details mappings as one, the second's values over the first's. */
export function mergedDetails(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const result = structuredClone(base);
  for (const path of leafPaths(over)) setAt(result, path, valueAt(over, path));
  return result;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/**
 * Checks the details a school gives once: each must be a school detail of at least one of its
 * policies, with a value of the right kind for each policy that has it. Required values are
 * checked per policy, where the shared ones count as given. `models` are the release each of the
 * publisher's policies uses, in the publisher's order.
 */
function checkSharedDetails(source: YamlSource, shared: Record<string, unknown>, models: readonly Model[], publisher: Publisher): PolicyError[] {
  const problems: PolicyError[] = [];
  const names = [...new Set(models.flatMap((model) => model.parameters.map((p) => p.name)))];
  for (const path of leafPaths(shared)) {
    const name = path.join('.');
    if (names.some((known) => known === name || name.startsWith(`${known}.`))) continue;
    problems.push(problem(UnknownSharedDetail, locate(source, ['details', ...path], 'key'), [formatFieldPath(['details', ...path]), models.map((model) => model.id)], [suggest(name, names)]));
  }
  if (problems.length > 0) return problems;
  const seen = new Set<string>();
  // Each model is its publisher's policy's, in the publisher's order: found by place, not by the id its file gives, which may not be its folder's.
  const policies = [...publisher.policies.values()];
  for (const [index, model] of models.entries()) {
    const policy = policies[index]!;
    const found = checkDetails(source, detailsOf(shared, model), model, { scope: 'school', variant: publisher.variant, publisherFile: publisher.file, publisherDetails: policy.details, modules: policy.modules }, ['details'], `the school's shared details`, false);
    for (const one of found) {
      const key = `${one.location.line}:${one.location.column}:${one.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(one);
    }
  }
  return problems;
}

/** The first month (or day) of a year, month or date, for comparing dates of different precision. */
function dateKey(value: string): string {
  return value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value;
}

/** The last day a review can fall on: a calendar's all-day event ends the day after, and no date is written past 9999. */
const lastReviewDay = '9999-12-30';

/**
 * The dates of one adoption record that cannot be right: an approval after the build's date
 * (`today`: SOURCE_DATE_EPOCH or the day it runs), a next review that is not after the approval,
 * and a review cycle (or next review) that takes the review past the last date that can be written.
 */
function checkAdoptionDates(record: Adoption, label: string, at: (field: string) => Location, today: string | undefined): PolicyError[] {
  return impossibleAdoptionDates(record, today).map(({ field, detail, todo }) => problem(ImpossibleDate, at(field), [`${label}.${field}`, detail], [todo]));
}

/** What is impossible about an adoption record's dates (see checkAdoptionDates), field by field: what `policy adopt` also refuses. */
export function impossibleAdoptionDates(
  record: Pick<Adoption, 'approved' | 'nextReview' | 'reviewCycle'>,
  today: string | undefined,
): { field: 'approved' | 'nextReview' | 'reviewCycle'; detail: string; todo: string }[] {
  const found: ReturnType<typeof impossibleAdoptionDates> = [];
  if (today !== undefined && dateKey(record.approved) > today) {
    found.push({
      field: 'approved',
      detail: `${record.approved} is after today, ${today}, and a policy is recorded as approved only once its governors have approved it`,
      todo: 'Give the date of the meeting that approved it. (Today is the build date: SOURCE_DATE_EPOCH when it is set, otherwise the date the command runs.)',
    });
  }
  if (record.nextReview !== undefined) {
    const precision = Math.min(record.nextReview.length, record.approved.length);
    if (record.nextReview.slice(0, precision) <= record.approved.slice(0, precision)) {
      found.push({
        field: 'nextReview',
        detail: `${record.nextReview} is not after the approval, ${record.approved}`,
        todo: 'Give the date the governors will next review it, after the approval; or leave it out, and the review falls a reviewCycle after the approval.',
      });
      return found;
    }
  }
  const next = nextReviewDate(record);
  if (next !== undefined && !(/^\d{4}-\d{2}(-\d{2})?$/.test(next) && dateKey(next) <= lastReviewDay)) {
    const field = record.nextReview !== undefined ? 'nextReview' : 'reviewCycle';
    const shown = /^\d+-\d{2}(-\d{2})?$/.test(next) ? next : 'a date in a year of more than four digits';
    found.push({
      field,
      detail: `it makes the next review ${shown}, past ${lastReviewDay}, the last date a review can be given`,
      todo: field === 'reviewCycle' ? 'Give the period in which the governors review the policy, such as "2 years".' : 'Give the date the governors will next review it.',
    });
  }
  return found;
}

/**
 * A school's adoption records: numbered 1, 2, … in order of approval, each of a release that
 * exists and was published by then, each with its snapshot, unaltered since "policy adopt" wrote it.
 */
function loadAdoptions(
  root: string,
  source: YamlSource,
  records: Adoption[],
  where: { publisher: PublisherPolicy; school: string; releases: Model[]; today: string | undefined; lazySnapshots: boolean },
  problems: PolicyError[],
): AdoptedVersion[] {
  const adoptions: AdoptedVersion[] = [];
  const known = where.releases.map((model) => model.release.id);
  records.forEach((record, index) => {
    const at = (field: string) => locate(source, ['policies', where.publisher.model, 'adoptions', index, field]);
    const label = `policies.${where.publisher.model}.adoptions[${index}]`;
    const count = problems.length;
    if (record.version !== index + 1) {
      problems.push(problem(InvalidValue, at('version'), [`${label}.version`, `expected ${index + 1}: versions are numbered 1, 2, 3 … in order of approval, oldest first`]));
    }
    if (!known.includes(record.release)) {
      problems.push(problem(UnknownReference, at('release'), [`${label}.release`, record.release, `a release of the ${where.publisher.model} model`], [suggest(record.release, known), known]));
    } else if (!where.releases.find((model) => model.release.id === record.release)!.release.published) {
      problems.push(problem(InvalidValue, at('release'), [`${label}.release`, `release ${record.release} is a draft, not yet published; a school adopts only a published release`]));
    } else if (dateKey(record.approved).slice(0, 7) < dateKey(record.release).slice(0, 7)) {
      problems.push(problem(InvalidValue, at('approved'), [`${label}.approved`, `${record.approved} is before release ${record.release} was published`]));
    }
    const previous = records[index - 1];
    if (previous && dateKey(record.approved) < dateKey(previous.approved)) {
      problems.push(problem(InvalidValue, at('approved'), [`${label}.approved`, `${record.approved} is before the previous version's approval, ${previous.approved}: list adoptions oldest first`]));
    }
    problems.push(...checkAdoptionDates(record, label, at, where.today));
    const file = snapshotFile(where.publisher.id, where.school, where.publisher.model, record.version);
    const read = readProjectFile(root, file, { limit: maxSnapshotFileBytes });
    if (read.status === 'missing') {
      problems.push(problem(MissingFile, at('snapshot'), [`The snapshot ${file}`], [`Restore it from version control; a new adoption is recorded with "policy adopt ${where.school} --policy ${where.publisher.model}".`]));
      return;
    }
    if (read.status === 'refused') {
      problems.push(read.problem);
      return;
    }
    let snapshot: PolicySnapshot;
    const text = read.text;
    try {
      snapshot = JSON.parse(text) as PolicySnapshot;
    } catch (error) {
      problems.push(problem(SnapshotAltered, at('snapshot'), [file, `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`], []));
      return;
    }
    const hash = snapshotHash(snapshot);
    if (hash !== record.snapshot) {
      problems.push(problem(SnapshotAltered, at('snapshot'), [file, `its fingerprint is ${hash}, but the record says ${record.snapshot}`], []));
    } else if (snapshot.version !== record.version || snapshot.release !== record.release || snapshot.school !== where.school) {
      problems.push(problem(SnapshotAltered, locate(source, ['policies', where.publisher.model, 'adoptions', index]), [file, `it is version ${snapshot.version} of ${snapshot.school}, release ${snapshot.release}`], []));
    }
    if (problems.length > count) return;
    // Its frozen settings must be ones its release can fill: a detail only a later release knows leaves a clause half-written.
    const model = where.releases.find((candidate) => candidate.release.id === record.release)!;
    problems.push(
      ...checkSnapshotDetails(file, text, snapshot, model, where.releases, where.publisher.file, (added) =>
        `Version ${record.version} of ${where.school} was frozen with settings release ${record.release} cannot fill, so its words are not what its governors meant. Remove its record from ${source.file} and its snapshot, then record the approval again${added ? ` from release ${added} (policy adopt ${where.school} --policy ${where.publisher.model} --release ${added} --approved DATE)` : ''}.`,
      ),
    );
    if (problems.length > count) return;
    const { snapshot: hashOfRecord, ...details } = record;
    const adopted = { ...details, hash: hashOfRecord, name: versionName(record.version), recordFile: source.file, recordLine: at('version').line ?? 1, snapshotFile: file, snapshot };
    adoptions.push(where.lazySnapshots ? withSnapshotOnDemand(root, adopted) : adopted);
  });
  return adoptions;
}

/**
 * The adopted version with its snapshot let go: read again from its file on first asking, and
 * kept. A file changed since it was checked is refused, as loading it would have refused it.
 */
function withSnapshotOnDemand(root: string, adopted: AdoptedVersion): AdoptedVersion {
  const { snapshot: _checked, ...rest } = adopted;
  // Only these are kept, not the object that holds the snapshot.
  const { snapshotFile: file, hash, recordFile, recordLine } = rest;
  let snapshot: PolicySnapshot | undefined;
  return Object.defineProperty(rest, 'snapshot', {
    enumerable: true,
    get(): PolicySnapshot {
      if (snapshot) return snapshot;
      const read = readProjectFile(root, file, { limit: maxSnapshotFileBytes });
      const again = read.status === 'read' ? (JSON.parse(read.text) as PolicySnapshot) : undefined;
      if (!again || snapshotHash(again) !== hash) {
        throw new PolicyProblems([problem(SnapshotAltered, { file: recordFile, line: recordLine }, [file, 'it changed while the command ran'], [])]);
      }
      snapshot = again;
      return snapshot;
    },
  }) as AdoptedVersion;
}

function checkModules(source: YamlSource, modules: readonly string[], model: Model, at: FieldPath): PolicyError[] {
  const known = model.modules.map((module) => module.id);
  return modules.flatMap((module, index) =>
    known.includes(module) ? [] : [problem(UnknownModule, locate(source, [...at, 'modules', index]), [formatFieldPath([...at, 'modules', index]), module], [suggest(module, known), known])],
  );
}

/** Whether a parameter has a value without this file giving one: a default, a default for the variant, or the publisher's. */
export function hasDefault(parameter: Parameter, variant: Variant, publisherDetails: Record<string, unknown>): boolean {
  return parameter.default !== undefined || parameter.defaultByVariant?.[variant] !== undefined || valueAt(publisherDetails, parameter.name.split('.')) !== undefined;
}

/** The details schemas made for each release, by scope and required names: one is made for a few schools and checks thousands. */
const detailsSchemas = new WeakMap<Model, Map<string, ReturnType<typeof detailsSchema>>>();

/** The schema of a details mapping of one release (see detailsSchema), made once per process for each scope and set of required names. */
function detailsSchemaOf(model: Model, scope: Parameter['scope'], allowed: readonly Parameter[], required: ReadonlySet<string>): ReturnType<typeof detailsSchema> {
  let made = detailsSchemas.get(model);
  if (!made) detailsSchemas.set(model, (made = new Map()));
  const key = `${scope}\0${[...required].sort().join('\0')}`;
  let schema = made.get(key);
  if (!schema) made.set(key, (schema = detailsSchema(allowed, required)));
  return schema;
}

/**
 * Checks a `details:` mapping: unknown and misspelt names, values of the wrong type, required
 * values missing, and, in a school file, values that are the publisher's to set. A publisher
 * file may also give school-scope values, as defaults for its schools.
 */
function checkDetails(
  source: YamlSource,
  details: Record<string, unknown>,
  model: Model,
  where: { scope: Parameter['scope']; variant: Variant; publisherFile: string; publisherDetails: Record<string, unknown>; modules: readonly string[] },
  prefix: FieldPath = ['details'],
  context = `the ${model.title}'s ${where.scope} details`,
  requireValues = true,
): PolicyError[] {
  const problems: PolicyError[] = [];
  const allowed = where.scope === 'publisher' ? model.parameters : model.parameters.filter((p) => p.scope === 'school');
  const publisherOnly = new Set(model.parameters.filter((p) => p.scope === 'publisher').map((p) => p.name));
  const remaining = structuredClone(details);
  if (where.scope === 'school') {
    for (const path of leafPaths(details)) {
      if (!publisherOnly.has(path.join('.'))) continue;
      problems.push(problem(SetByPublisher, locate(source, [...prefix, ...path], 'key'), [formatFieldPath([...prefix, ...path])], [where.publisherFile]));
      deleteAt(remaining, path);
    }
  }
  // A required value is needed only where this policy uses it: in the parts and clauses of its
  // edition and of the modules switched on. An optional one may become required under conditions.
  const subject = subjectOf(model, where.variant, where.modules, where.scope === 'school' ? [where.publisherDetails, details] : [details]);
  const used = parametersInUse(model, subject);
  const needed = (p: Parameter) => (p.required && used.has(p.name)) || (p.requiredWhen !== undefined && holds(conditionsFromWhen(p.requiredWhen), subject));
  const required = new Set(
    requireValues ? allowed.filter((p) => p.scope === where.scope && needed(p) && !hasDefault(p, where.variant, where.publisherDetails)).map((p) => p.name) : [],
  );
  // A required value in a group that is not given at all is named by its own name (lettings.contact), not the group's.
  for (const name of required) {
    let node = remaining;
    for (const key of name.split('.').slice(0, -1)) {
      if (node[key] === undefined) node[key] = {};
      if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) break;
      node = node[key] as Record<string, unknown>;
    }
  }
  const checked = validateYaml(detailsSchemaOf(model, where.scope, allowed, required), source, { data: remaining, prefix, context });
  problems.push(...checked.problems);
  if (checked.problems.length === 0) problems.push(...checkOrder(source, details, model, where, prefix));
  return problems;
}

/**
 * Values the model says come in order (a parameter's `after:`, such as the end of a period after
 * its start): each pair that this file sets at least one of, with the other from this file, the
 * publisher or the defaults, must be in order. Reported at the value this file sets.
 */
function checkOrder(source: YamlSource, details: Record<string, unknown>, model: Model, where: { scope: Parameter['scope']; variant: Variant; publisherDetails: Record<string, unknown> }, prefix: FieldPath): PolicyError[] {
  const problems: PolicyError[] = [];
  const inherited = (parameter: Parameter) =>
    (where.scope === 'school' ? valueAt(where.publisherDetails, parameter.name.split('.')) : undefined) ?? parameter.defaultByVariant?.[where.variant] ?? parameter.default;
  for (const later of model.parameters) {
    const earlier = later.after === undefined ? undefined : model.parameters.find((candidate) => candidate.name === later.after);
    if (!earlier) continue;
    const own = valueAt(details, later.name.split('.'));
    const ownEarlier = valueAt(details, earlier.name.split('.'));
    if (own === undefined && ownEarlier === undefined) continue;
    const value = own ?? inherited(later);
    const earlierValue = ownEarlier ?? inherited(earlier);
    if (value === undefined || earlierValue === undefined) continue;
    const inOrder = typeof value === 'number' && typeof earlierValue === 'number' ? value > earlierValue : String(value) > String(earlierValue);
    if (inOrder) continue;
    const at = own !== undefined ? later : earlier;
    const field = (parameter: Parameter) => formatFieldPath([...prefix, ...parameter.name.split('.')]);
    const shown = (text: unknown) => (typeof text === 'string' ? `"${text}"` : String(text));
    problems.push(
      problem(OutOfOrder, locate(source, [...prefix, ...at.name.split('.')]), [field(later), shown(value), field(earlier), shown(earlierValue)], [field(later), field(earlier), model.parametersFile]),
    );
  }
  return problems;
}

/** Details written in a file, and whose they are: what checkDetailsInRelease reads. */
interface WrittenDetails {
  source: YamlSource;
  /** Where the details are in the file: `details`, or in a snapshot `inputs.school.details`. */
  prefix: FieldPath;
  details: Record<string, unknown>;
  where: { scope: Parameter['scope']; variant: Variant; publisherFile: string; publisherDetails: Record<string, unknown>; modules: readonly string[] };
}

/**
 * Checks details against one release's parameters, as that release will fill them. A detail the
 * release does not have, or a choice it does not offer, is named with the later release that
 * added it: filled from this release, it would leave a clause without the words it chooses (one
 * that begins mid-sentence). Anything else wrong for this release is reported as for any details.
 */
function checkDetailsInRelease(written: WrittenDetails, model: Model, releases: readonly Model[], todo: (added: string | undefined) => string, laterDetails: 'report' | 'ignore' = 'report', requireValues = true): PolicyError[] {
  const { source, prefix, details, where } = written;
  const problems: PolicyError[] = [];
  const remaining = structuredClone(details);
  const later = releases.filter((candidate) => candidate.release.id > model.release.id);
  const release = `release ${model.release.id} of the ${model.title}`;
  const isGroup = (parameters: readonly Parameter[], name: string) => parameters.some((p) => p.name.startsWith(`${name}.`));
  const report = (path: string[], what: string, added: string) => {
    if (what !== '') problems.push(problem(DetailNotInRelease, locate(source, [...prefix, ...path], 'key'), [formatFieldPath([...prefix, ...path]), what], [todo(added)]));
    deleteAt(remaining, path);
  };
  const walk = (value: Record<string, unknown>, path: string[]) => {
    for (const [key, inner] of Object.entries(value)) {
      const at = [...path, key];
      const name = at.join('.');
      const parameter = model.parameters.find((p) => p.name === name);
      if (parameter) {
        if (parameter.type !== 'choice' || typeof inner !== 'string' || parameter.options?.some((option) => option.id === inner)) continue;
        const added = later.find((candidate) => candidate.parameters.find((p) => p.name === name)?.options?.some((option) => option.id === inner));
        if (added) report(at, `is "${inner}", a choice that ${release} does not offer: it was added in release ${added.release.id}`, added.release.id);
      } else if (inner && typeof inner === 'object' && !Array.isArray(inner) && isGroup(model.parameters, name)) {
        walk(inner as Record<string, unknown>, at);
      } else {
        const added = later.find((candidate) => candidate.parameters.some((p) => p.name === name) || isGroup(candidate.parameters, name));
        if (added) report(at, laterDetails === 'ignore' ? '' : `is not a detail of ${release}: it was added in release ${added.release.id}`, added.release.id);
      }
    }
  };
  walk(details, []);
  problems.push(...checkDetails(source, remaining, model, where, prefix, `${release}'s ${where.scope} details`, requireValues));
  return problems;
}

/**
 * The problems with a publisher's details, and a school's if one is given, as they are now, for
 * one release of their model: what "policy adopt --release" and "policy render --release" check
 * before they fill a policy from a release other than the one the files are checked against.
 * With `laterDetails: 'ignore'`, a detail that only a later release has is passed over (a blank
 * template of an older release does not use it); a choice the release does not offer never is.
 */
export function detailsProblemsInRelease(
  project: Project,
  publisherId: string,
  modelId: string,
  schoolId: string | undefined,
  release: string,
  todo: (added: string | undefined) => string,
  laterDetails: 'report' | 'ignore' = 'report',
): PolicyError[] {
  const publisher = project.publishers.get(publisherId)?.policies.get(modelId);
  const releases = project.releases.get(modelId) ?? [];
  const model = releases.find((candidate) => candidate.release.id === release);
  if (!publisher || !model) return [];
  const problems: PolicyError[] = [];
  const sourceOf = (file: string) => readSource(project.root, file, problems);
  const publisherSource = sourceOf(publisher.file);
  const at: FieldPath = ['policies', modelId];
  if (publisherSource) {
    problems.push(
      ...checkDetailsInRelease(
        { source: publisherSource, prefix: [...at, 'details'], details: publisher.details, where: { scope: 'publisher', variant: publisher.variant, publisherFile: publisher.file, publisherDetails: {}, modules: publisher.modules } },
        model,
        releases,
        todo,
        laterDetails,
      ),
    );
  }
  const school = schoolId === undefined ? undefined : project.schools.get(schoolId);
  const policy = school?.policies.get(modelId);
  const schoolSource = school && sourceOf(school.file);
  if (school && policy && schoolSource) {
    // The shared details this policy is filled with are those its publisher's current release has: each is checked against the release.
    const current = publisherModel(project, publisher);
    const shared = detailsOf(school.details, current);
    const fromRegister = registerDetailsFor(registerDetails(school.establishment), current);
    const modules = [...publisher.modules, ...policy.modules];
    const data = schoolSource.data as { policies?: Record<string, { details?: Record<string, unknown> }> } | undefined;
    const own = data?.policies?.[modelId]?.details ?? {};
    const where = { scope: 'school' as const, variant: publisher.variant, publisherFile: publisher.file, modules };
    problems.push(
      ...checkDetailsInRelease({ source: schoolSource, prefix: ['details'], details: shared, where: { ...where, publisherDetails: publisher.details } }, model, releases, todo, laterDetails, false),
      ...checkDetailsInRelease({ source: schoolSource, prefix: [...at, 'details'], details: own, where: { ...where, publisherDetails: mergedDetails(publisher.details, mergedDetails(fromRegister, shared)) } }, model, releases, todo, laterDetails),
    );
  }
  return problems;
}

/** The settings frozen in an adopted version's snapshot, checked against the release it was adopted from. */
function checkSnapshotDetails(file: string, text: string, snapshot: PolicySnapshot, model: Model, releases: readonly Model[], publisherFile: string, todo: (added: string | undefined) => string): PolicyError[] {
  const { publisher, school } = snapshot.inputs ?? {};
  if (!publisher || !school) return [];
  const details = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const modules = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const check = (source: YamlSource): PolicyError[] => [
    ...checkDetailsInRelease(
      { source, prefix: ['inputs', 'publisher', 'details'], details: details(publisher?.details), where: { scope: 'publisher', variant: publisher.variant, publisherFile, publisherDetails: {}, modules: modules(publisher?.modules) } },
      model,
      releases,
      todo,
    ),
    ...checkDetailsInRelease(
      {
        source,
        prefix: ['inputs', 'school', 'details'],
        details: details(school?.details),
        where: { scope: 'school', variant: publisher.variant, publisherFile, publisherDetails: details(publisher?.details), modules: [...modules(publisher?.modules), ...modules(school?.modules)] },
      },
      model,
      releases,
      todo,
    ),
  ];
  // Only a problem needs to say where in the file it is, and parsing a snapshot for the places of
  // its values is most of the cost of loading it: it is checked first without them, and parsed for
  // them only if it has a problem.
  if (check(withoutPlaces(file, snapshot)).length === 0) return [];
  const { source, problems } = parseYaml(file, text);
  if (problems.length > 0) return [];
  return check(source);
}

/** A file's content with no record of where each value is: every problem found in it is put at its start. */
function withoutPlaces(file: string, data: unknown): YamlSource {
  return { file, data, doc: parseDocument(''), lines: new LineCounter(), lineOffset: 0 };
}

function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix.length > 0 ? [prefix] : [];
  return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, [...prefix, key]));
}

/** Deletes the value at `path`, and any mapping that leaves empty. */
function deleteAt(value: Record<string, unknown>, path: string[]): void {
  const [key, ...rest] = path;
  if (key === undefined) return;
  if (rest.length === 0) {
    delete value[key];
    return;
  }
  const inner = value[key] as Record<string, unknown>;
  deleteAt(inner, rest);
  if (Object.keys(inner).length === 0) delete value[key];
}

/** The releases of a model that the public sees, oldest first: the published ones, or, before any is published, the latest draft. */
export function publishedReleases(project: Project, model: string): Model[] {
  const releases = project.releases.get(model) ?? [];
  const published = releases.filter((candidate) => candidate.release.published);
  return published.length > 0 ? published : releases.slice(-1);
}

/** The releases a publisher took up for one policy, oldest first, each with the date it did. */
export function publisherReleases(project: Project, publisher: Pick<PublisherPolicy, 'model' | 'releases'>): Model[] {
  const releases = project.releases.get(publisher.model) ?? [];
  return publisher.releases.map(({ release }) => releases.find((model) => model.release.id === release)!);
}

/** The release a publisher publishes a policy from now: the last it took up. */
export function publisherModel(project: Project, publisher: Pick<PublisherPolicy, 'model' | 'release'>): Model {
  return project.releases.get(publisher.model)!.find((model) => model.release.id === publisher.release)!;
}

/** Since when a publisher published a release of its policy: what its blank template of that release is dated. */
export function takenUpSince(publisher: Pick<PublisherPolicy, 'releases'>, release: string): string | undefined {
  return publisher.releases.find((taken) => taken.release === release)?.since;
}

/** Every policy every publisher publishes, publisher by publisher, each in its file's order. */
export function publisherPolicies(project: Project): PublisherPolicy[] {
  return [...project.publishers.values()].flatMap((publisher) => [...publisher.policies.values()]);
}

/** Every (school, policy), school by school, each school's in its publisher's order. */
export function schoolPolicies(project: Project): SchoolPolicy[] {
  return [...project.schools.values()].flatMap((school) => [...school.policies.values()]);
}
