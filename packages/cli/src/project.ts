import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isSchoolFileName, loadProject, missingSiteFile, policiesOf, policyIds, PolicyProblems, resolvePolicy, siteFileName, suggest, templateId, type PolicyError, type Project, type ProjectScope } from '@school-policy/core';
import { checkAdoptedVersions, checkReleaseChanges, fillPolicy, type FilledPolicy } from '@school-policy/generator';
import { plural, UsageError, type Io } from './io.js';

/** The folder holding templates/ and schools/: `--root`, or the nearest one at or above the current folder. */
export function projectRoot(io: Io, root: string | undefined): string {
  if (root !== undefined) {
    const dir = resolve(io.cwd, root);
    if (!isDir(join(dir, 'templates')) || !isDir(join(dir, 'schools'))) {
      throw new UsageError(`--root ${root}: ${dir} has no templates/ and schools/ folders. Give the folder that holds both.`);
    }
    return dir;
  }
  for (let dir = resolve(io.cwd); ; dir = dirname(dir)) {
    if (isDir(join(dir, 'templates')) && isDir(join(dir, 'schools'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new UsageError('No templates/ and schools/ folders here or in any folder above. Run the command in the project folder, or pass --root DIR.');
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export interface CheckedProject {
  project: Project;
  problems: PolicyError[];
  /** Every school's and template's current policy (or, with a scope, every one it covers), by `<id> <model>`. */
  policies: Map<string, FilledPolicy>;
}

/** The suffix of a blank template's id: `<publisher>-template`. */
const templateSuffix = templateId('');

/**
 * What a command about one school or blank template reads of the project: the school of that id,
 * or the publisher whose template it is (and a school that wrongly has its id), never any other
 * school's file.
 */
export function scopeFor(id: string | undefined): ProjectScope {
  if (id === undefined) return { schools: [] };
  const publisher = id.endsWith(templateSuffix) ? id.slice(0, -templateSuffix.length) : undefined;
  return { schools: [id], publishers: publisher ? [publisher] : [] };
}

/**
 * Which of a school's (or a blank template's) policies a command is about: the one --policy names,
 * or, when there is only one, that one. A school with several needs --policy.
 */
export function choosePolicy(project: Project, id: string, given: string | undefined, example: (policy: string) => string): string {
  const policies = policiesOf(project, id);
  const owner = project.schools.get(id)?.name ?? [...project.publishers.values()].find((publisher) => templateId(publisher.id) === id)?.name ?? id;
  if (given !== undefined) {
    if (policies.includes(given)) return given;
    const guess = suggest(given, policies);
    throw new UsageError(`${id} has no policy "${given}".${guess ? ` Did you mean "${guess}"?` : ''} ${owner}'s ${policies.length === 1 ? 'policy is' : 'policies are'}: ${policies.join(', ')}.`);
  }
  if (policies.length === 1) return policies[0]!;
  if (policies.length === 0) throw new UsageError(`${id} has no policies: its publisher's file lists none under policies:.`);
  throw new UsageError(`${id} has ${policies.length} policies (${policies.join(', ')}): name one with --policy, for example: ${example(policies[0]!)}`);
}

/**
 * Where rendered documents are kept between builds unless --cache says otherwise: the user's
 * cache folder (XDG_CACHE_HOME, or ~/.cache), under school-policy/. Every entry is filed by a hash
 * of exactly what it is made from, so one cache serves every project safely; deleting the folder
 * only makes the next build render everything again. Loading a project keeps the models' releases
 * there too, as read and checked (see LoadOptions.cache in the core package).
 */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME.startsWith('/') ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'school-policy', 'documents');
}

/**
 * Loads and validates the project, then fills every template and school policy, collecting every
 * problem. With a scope, only what it covers is loaded, filled and checked (see ProjectScope).
 * With `schools: false`, the schools' files are loaded and validated but their policies are not
 * filled or their adopted versions checked: for the assembly of shards that this build made, each
 * of which did that for its own schools from the same files. With `keepFilled: false`, the policies
 * are filled and checked but not kept (`policies` is empty): for a command that needs only the problems.
 * The releases of the models are kept in `cache` between runs (the default cache folder unless
 * given; `null` for none; see LoadOptions.cache in the core package).
 */
export function checkProject(root: string, scope?: ProjectScope, options: { schools?: boolean; keepFilled?: boolean; cache?: string | null } = {}): CheckedProject {
  const fillSchools = options.schools ?? true;
  // Without their policies filled, the schools' snapshots are let go once checked: the words they froze take no memory.
  const cache = options.cache === null ? undefined : (options.cache ?? defaultCacheDir());
  const { project, problems } = loadProject(root, scope, { lazySnapshots: !fillSchools, cache });
  const policies = new Map<string, FilledPolicy>();
  for (const id of policyIds(project)) {
    if (!fillSchools && project.schools.has(id)) continue;
    for (const model of policiesOf(project, id)) {
      try {
        const filled = fillPolicy(resolvePolicy(project, id, model));
        // Kept for the caller, unless it needs only the problems (then each is let go once checked).
        if (options.keepFilled ?? true) policies.set(`${id} ${model}`, filled);
      } catch (error) {
        if (!(error instanceof PolicyProblems)) throw error;
        problems.push(...error.problems);
      }
    }
  }
  // Every adopted version must still resolve to the words its governors approved (a scoped
  // project holds only its own schools, so only theirs are checked); one found so before, from
  // the same files, is not filled again (see checkAdoptedVersions).
  if (fillSchools) problems.push(...checkAdoptedVersions(project, { cache }));
  // Every published release's changelog explains each change it made (in the templates of the
  // publishers the project holds: with a scope, those it covers).
  problems.push(...checkReleaseChanges(project));
  return { project, problems: dedupe(problems), policies };
}

/**
 * What the published site needs besides valid content: site.yaml, for the absolute addresses of
 * its sitemap, feeds and calendars. Reported by `policy check` and `policy build` (a site.yaml
 * that is there but wrong is reported where it is, with the rest of the content).
 */
export function siteProblems(root: string): PolicyError[] {
  return existsSync(join(root, siteFileName)) ? [] : [missingSiteFile()];
}

function dedupe(problems: PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = p.format();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Problems in files a command does not need, printed after what it printed as warnings, with a
 * count and `what` they mean for its output: one bad file never stops a command about another.
 */
export function reportWarnings(io: Io, problems: readonly PolicyError[], what: string): void {
  if (problems.length === 0) return;
  for (const p of problems) io.stderr.write(`${p.format()}\n`);
  io.stderr.write(`\nWarning: ${countProblems(problems)}; ${what}. Run "policy check" to see every problem.\n`);
}

/** Whether a problem's file is one of a school's own: its YAML file, or a snapshot of an adopted version beside it. */
export function isSchoolsOwnFile(file: string, id: string): boolean {
  return file.startsWith('schools/') && (file.endsWith(`/${id}.yaml`) || file.includes(`/${id}/`));
}

/** Prints problems, each with its place and hint, then a count: what a user reads when a check fails. */
export function reportProblems(io: Io, problems: readonly PolicyError[], after: string): void {
  for (const p of problems) io.stderr.write(`${p.format()}\n`);
  io.stderr.write(`\n${countProblems(problems)}. ${after}\n`);
}

/** `3 problems in 2 files`; a problem in no file (such as the environment's) counts in no file. */
function countProblems(problems: readonly PolicyError[]): string {
  const files = new Set(problems.map((p) => p.location.file).filter((file) => file !== '')).size;
  return `${plural(problems.length, 'problem')}${files > 0 ? ` in ${plural(files, 'file')}` : ''}`;
}

/** Refuses, as a usage mistake with a guess, a publisher id that is no folder of schools/. */
export function requirePublisher(root: string, id: string): void {
  const publishers = readdirSync(join(root, 'schools'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  if (publishers.includes(id)) return;
  const guess = suggest(id, publishers);
  throw new UsageError(`There is no publisher "${id}".${guess ? ` Did you mean ${guess}?` : ''} The publishers are: ${publishers.join(', ')}.`);
}

/** The ids of the schools in a publisher's folder, from their files' names, without reading them. */
export function schoolIdsOf(root: string, publisher: string): string[] {
  return readdirSync(join(root, 'schools', publisher))
    .filter(isSchoolFileName)
    .map((name) => name.slice(0, -'.yaml'.length));
}
