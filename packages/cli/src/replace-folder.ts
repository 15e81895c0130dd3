import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, type Dirent } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, parse, relative, resolve, sep } from 'node:path';
import { LockHeld, OutFolderNotASite, OutFolderProtected, OutNotAFolder, PolicyProblems, problem } from '@school-policy/core';
import { takeLock } from './take-lock.js';
import { writeFileAtomic } from './write-project-file.js';

/** Folders a build must never replace, whatever they hold. */
export interface FolderGuards {
  /** The folder holding templates/ and schools/. */
  projectRoot?: string;
  /** The folder holding the policy program itself (this repository). */
  programRoot?: string;
  /** The folder the command runs in. */
  cwd?: string;
  /** The user's home folder. */
  home?: string;
}

export interface ReplaceFolderOptions {
  guards?: FolderGuards;
  /** The name of the file that lists every file of the folder's contents: how a folder this wrote is recognised. */
  manifestName?: string;
  /** How a message names a path (relative to the current folder, say). */
  shown?: (path: string) => string;
  /** What the lock file says the holder is doing, as in "building into site". */
  doing?: string;
  /** Replace the folder's contents inside it, as for a mount point, rather than the folder itself. */
  inPlace?: boolean;
}

/** The names replaceFolder gives its own files in a mount point it replaces the contents of. */
const inPlace = { prefix: '.policy-build', staging: /^\.policy-build-new-[A-Za-z0-9]{6}$/, old: '.policy-build-old', journal: '.policy-build-swap', lock: '.policy-build-lock' };

/**
 * Builds a folder's new contents in a temporary folder beside it, then swaps it in, so that the
 * folder holds at every moment either its earlier contents or the new ones, never half of each.
 * If building fails, the temporary folder is removed and the folder keeps its earlier contents.
 *
 * It replaces only a folder that is missing, empty, or that it made before (its manifest lists
 * every file in it), and never one in `guards`; it refuses anything else, naming the folder, before
 * writing or deleting anything. A symbolic link is kept: the folder it points at is replaced. A
 * lock file beside the folder keeps two builds from replacing it at once (the second refuses),
 * and what a killed build left is cleaned up (or, if the folder itself is missing, its earlier
 * contents restored) before the next one starts. A folder that is a mount point cannot be
 * swapped whole: its contents are moved aside and the new ones moved in, and a swap that a kill
 * interrupted is completed, or undone, by the next build.
 */
export async function replaceFolder(requested: string, write: (temporary: string) => Promise<void>, options: ReplaceFolderOptions = {}): Promise<void> {
  const shown = options.shown ?? ((path: string) => path);
  const manifestName = options.manifestName ?? 'manifest.json';
  const at = { file: shown(requested) };
  const { target, mountPoint } = checkReplaceable(requested, { ...options, strays: false });
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });

  const names = mountPoint ? undefined : besideNames(target);
  const lockPath = mountPoint ? join(target, inPlace.lock) : names!.lock;
  const taken = takeLock(lockPath);
  if ('heldBy' in taken) {
    throw new PolicyProblems([problem(LockHeld, { file: shown(lockPath) }, ['build', taken.heldBy, options.doing ?? `replacing ${shown(requested)}`], [taken.heldBy])]);
  }
  try {
    if (mountPoint) recoverInPlace(target);
    else recoverBeside(target, names!);
    const strays = straysIn(target, manifestName, mountPoint);
    if (strays.length > 0) throw new PolicyProblems([problem(OutFolderNotASite, at, [strays.join(', ')], [])]);

    const temporary = await mkdtemp(mountPoint ? join(target, `${inPlace.prefix}-new-`) : names!.stagingPrefix);
    try {
      await write(temporary);
      await chmod(temporary, 0o755);
    } catch (error) {
      await rm(temporary, { recursive: true, force: true });
      throw error;
    }
    if (mountPoint) swapInPlace(target, basename(temporary));
    else swapBeside(target, temporary);
  } finally {
    taken.lock.release();
  }
}

/**
 * Refuses, before anything is built, a folder replaceFolder would refuse: one it must never
 * replace, something that is not a folder, or (unless `strays` is false) a folder holding files
 * it did not make. Gives the folder it would replace (through any symbolic link) and whether it
 * is a mount point, whose contents are replaced in place.
 */
export function checkReplaceable(requested: string, options: ReplaceFolderOptions & { strays?: boolean } = {}): { target: string; mountPoint: boolean } {
  const shown = options.shown ?? ((path: string) => path);
  const at = { file: shown(requested) };
  const target = resolveFolder(requested);
  const reason = protectedReason(target, options.guards ?? {});
  if (reason) throw new PolicyProblems([problem(OutFolderProtected, at, [reason], [])]);
  const kind = entryKind(target);
  if (kind !== 'missing' && kind !== 'folder') throw new PolicyProblems([problem(OutNotAFolder, at, [kind], [])]);
  const mountPoint = kind === 'folder' && (options.inPlace === true || statSync(target).dev !== statSync(dirname(target)).dev);
  if (options.strays !== false) {
    const strays = straysIn(target, options.manifestName ?? 'manifest.json', mountPoint);
    if (strays.length > 0) throw new PolicyProblems([problem(OutFolderNotASite, at, [strays.join(', ')], [])]);
  }
  return { target, mountPoint };
}

/** The folder a path names, through any symbolic links (a link to a folder that does not exist yet names that folder). */
export function resolveFolder(path: string, depth = 0): string {
  if (depth > 40) return resolve(path);
  const absolute = resolve(path);
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch {
    const up = dirname(absolute);
    return up === absolute ? absolute : join(resolveFolder(up, depth + 1), basename(absolute));
  }
  if (stat.isSymbolicLink()) {
    try {
      return realpathSync(absolute);
    } catch {
      return resolveFolder(resolve(dirname(absolute), readlinkSync(absolute)), depth + 1);
    }
  }
  return realpathSync(absolute);
}

/**
 * Why a folder must never be replaced, whatever it holds, or undefined if it may be: the root of
 * the file system, the home folder, a folder holding templates/ or schools/ (or inside them), a
 * folder holding the project, the policy program or the current folder.
 */
export function protectedReason(target: string, guards: FolderGuards): string | undefined {
  const folder = resolveFolder(target);
  const real = (path: string | undefined) => (path === undefined ? undefined : resolveFolder(path));
  const within = (inner: string | undefined, outer: string) => inner !== undefined && (inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : `${outer}${sep}`));
  if (parse(folder).root === folder) return 'is the root of the file system';
  const home = real(guards.home ?? homedir());
  if (home !== undefined && folder === home) return 'is your home folder';
  if (within(home, folder)) return 'holds your home folder';
  const project = real(guards.projectRoot);
  if (project === folder) return "is the project's folder, holding its templates/ and schools/";
  if (project !== undefined && within(project, folder)) return "holds the project's templates/ and schools/";
  if (isFolder(join(folder, 'templates'))) return 'holds a templates/ folder, where model policies are kept';
  if (project !== undefined && (within(folder, join(project, 'templates')) || within(folder, join(project, 'schools')))) return "is inside the project's templates/ or schools/";
  if (within(real(guards.programRoot), folder)) return 'holds the policy program itself';
  const cwd = real(guards.cwd);
  if (cwd === folder) return 'is the folder you are in';
  if (within(cwd, folder)) return 'holds the folder you are in';
  return undefined;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function entryKind(path: string): 'missing' | 'folder' | 'a file' | 'a device, socket or pipe' {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return stat.isDirectory() ? 'folder' : stat.isFile() ? 'a file' : 'a device, socket or pipe';
}

/**
 * Up to three files in the folder that the previous build did not make: none when the folder is
 * missing, empty, or holds only what its manifest lists. In a mount point, replaceFolder's own
 * files and `lost+found` do not count.
 */
function straysIn(target: string, manifestName: string, mountPoint: boolean): string[] {
  if (!existsSync(target)) return [];
  let listed: Set<string> | undefined;
  try {
    const manifest = JSON.parse(readFileSync(join(target, manifestName), 'utf8')) as { files?: { path?: unknown }[] };
    if (Array.isArray(manifest.files) && manifest.files.every((file) => typeof file?.path === 'string')) listed = new Set(manifest.files.map((file) => file.path as string));
  } catch {
    // No manifest, or not one a build wrote.
  }
  const strays: string[] = [];
  const visit = (dir: string, prefix: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      strays.push(prefix ? `${prefix}/` : './');
      return;
    }
    for (const entry of entries) {
      if (strays.length >= 3) return;
      if (mountPoint && prefix === '' && (entry.name.startsWith(inPlace.prefix) || entry.name === 'lost+found')) continue;
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(join(dir, entry.name), path);
      else if (!(listed && (listed.has(path) || path === manifestName))) strays.push(path);
    }
  };
  visit(target, '');
  return strays;
}

interface BesideNames {
  stagingPrefix: string;
  staging: RegExp;
  previous: RegExp;
  lock: string;
}

function besideNames(target: string): BesideNames {
  const name = basename(target);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    stagingPrefix: join(dirname(target), `.${name}-new-`),
    staging: new RegExp(`^\\.${escaped}-new-[A-Za-z0-9]{6}$`),
    previous: new RegExp(`^\\.${escaped}-previous-[A-Za-z0-9]{6}$`),
    lock: join(dirname(target), `.${name}-lock`),
  };
}

/** Cleans up after a build killed beside `target`: its half-built folder goes; if it was killed mid-swap, the earlier contents come back. */
function recoverBeside(target: string, names: BesideNames): void {
  const parent = dirname(target);
  const entries = readdirSync(parent);
  for (const entry of entries.filter((name) => names.previous.test(name))) {
    if (!existsSync(target)) renameSync(join(parent, entry), target);
    else rmSync(join(parent, entry), { recursive: true, force: true });
  }
  for (const entry of entries.filter((name) => names.staging.test(name))) rmSync(join(parent, entry), { recursive: true, force: true });
}

/** Old aside, new in, old gone: between the two renames (an instant) a killed build leaves the old contents beside, restored by the next. */
function swapBeside(target: string, temporary: string): void {
  const previous = join(dirname(target), basename(temporary).replace(/-new-([A-Za-z0-9]{6})$/, '-previous-$1'));
  const hadOne = existsSync(target);
  if (hadOne) renameSync(target, previous);
  try {
    renameSync(temporary, target);
  } catch (error) {
    if (hadOne) renameSync(previous, target);
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  if (hadOne) rmSync(previous, { recursive: true, force: true });
}

/** The entries of a mount point that are its contents, not replaceFolder's own files. */
function contentsOf(target: string): string[] {
  return readdirSync(target).filter((name) => !name.startsWith(inPlace.prefix) && name !== 'lost+found');
}

/**
 * Swaps a mount point's contents: the journal says which way a kill is mended. While it says
 * "aside", the old contents are moving into .policy-build-old (undone by moving them back);
 * while it says "in", the new ones are moving in (completed by moving the rest).
 */
function swapInPlace(target: string, staging: string): void {
  const journal = join(target, inPlace.journal);
  const old = join(target, inPlace.old);
  writeFileAtomic(journal, `${JSON.stringify({ phase: 'aside', staging })}\n`);
  mkdirSync(old, { recursive: true });
  for (const name of contentsOf(target)) renameSync(join(target, name), join(old, name));
  writeFileAtomic(journal, `${JSON.stringify({ phase: 'in', staging })}\n`);
  for (const name of readdirSync(join(target, staging))) renameSync(join(target, staging, name), join(target, name));
  rmSync(join(target, staging), { recursive: true, force: true });
  rmSync(journal, { force: true });
  rmSync(old, { recursive: true, force: true });
}

/** Mends what a build killed in a mount point left: completes or undoes its swap, and removes its half-built folder. */
function recoverInPlace(target: string): void {
  const journalPath = join(target, inPlace.journal);
  const old = join(target, inPlace.old);
  let journal: { phase?: string; staging?: string } | undefined;
  try {
    journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { phase?: string; staging?: string };
  } catch {
    journal = undefined;
  }
  if (journal?.phase === 'aside' && existsSync(old)) {
    for (const name of readdirSync(old)) renameSync(join(old, name), join(target, name));
  } else if (journal?.phase === 'in' && typeof journal.staging === 'string' && inPlace.staging.test(journal.staging) && existsSync(join(target, journal.staging))) {
    for (const name of readdirSync(join(target, journal.staging))) renameSync(join(target, journal.staging, name), join(target, name));
  }
  rmSync(old, { recursive: true, force: true });
  for (const name of readdirSync(target).filter((entry) => inPlace.staging.test(entry))) rmSync(join(target, name), { recursive: true, force: true });
  rmSync(journalPath, { force: true });
}

/** A path as a message shows it: relative to `cwd` when inside it, else absolute. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || resolve(rel) === rel ? path : rel;
}
