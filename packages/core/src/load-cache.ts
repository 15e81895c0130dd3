import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Model } from './model.js';
import type { PolicyError } from './problem.js';

// What loading a project keeps between runs, in a cache folder: each release of a model as it was
// read and checked, and (see markdown.ts) the syntax trees of part files. Reading a release is
// most of the time a command about one school takes, and a published release never changes.
//
// Everything kept is filed by a hash of exactly what it is made from, checked whole before it is
// used, and only saves time: an entry that is missing, cut short or changed is made again.

/** The folder of releases in a cache folder. */
const releasesFolder = 'releases';

/** The packages the code that reads a release is made of, besides its own. */
const loaderPackages = ['yaml', 'zod', 'handlebars', 'unified', 'remark-parse', 'remark-frontmatter', 'remark-directive', 'micromark', 'mdast-util-from-markdown', 'fontkit', 'dejavu-fonts-ttf', '@embedpdf/fonts-sc'];

let loader: string | undefined;

/**
 * What a release as read depends on besides its files: this package's code (every module of it)
 * and the version of each package that code uses.
 */
function loaderFingerprint(): string {
  if (loader === undefined) {
    const hash = createHash('sha256');
    const folder = dirname(fileURLToPath(import.meta.url));
    for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
      if (!['.js', '.ts'].includes(extname(name)) || name.endsWith('.d.ts')) continue;
      hash.update(`${name}\0`).update(readFileSync(join(folder, name))).update('\0');
    }
    for (const name of loaderPackages) hash.update(`${name}@${installedVersion(name)}\0`);
    loader = hash.digest('hex');
  }
  return loader;
}

/** The version of an installed package, found from its entry point up to its package.json; `unknown` if it cannot be. */
export function installedVersion(name: string): string {
  try {
    let dir = fileURLToPath(import.meta.resolve(name));
    for (let up = 0; up < 8; up++) {
      dir = dirname(dir);
      try {
        const found = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (found.name === name) return found.version ?? 'unknown';
      } catch {
        // No package.json here: look one folder up.
      }
    }
  } catch {
    // Not installed where this package can see it.
  }
  return 'unknown';
}

/**
 * A hash of a release folder as it is: the name, kind and (for a file) content of everything in
 * it, at any depth. Undefined when it holds anything but plain files and folders (a link, a named
 * pipe), or cannot be read: such a release is always read afresh, so that its problems are found.
 */
function folderHash(path: string): string | undefined {
  const hash = createHash('sha256');
  const walk = (folder: string, shown: string): boolean => {
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch {
      return false;
    }
    for (const name of names) {
      const full = join(folder, name);
      let entry;
      try {
        entry = lstatSync(full);
      } catch {
        return false;
      }
      if (entry.isDirectory()) {
        hash.update(`d ${shown}${name}\0`);
        if (!walk(full, `${shown}${name}/`)) return false;
      } else if (entry.isFile()) {
        let content: Buffer;
        try {
          content = readFileSync(full);
        } catch {
          return false;
        }
        hash.update(`f ${shown}${name} ${content.length}\0`).update(content);
      } else return false;
    }
    return true;
  };
  return walk(path, '') ? hash.digest('hex') : undefined;
}

/**
 * A release as `load` reads and checks it, kept in `cacheFolder` when it has no problems: the
 * next run that finds the release's folder exactly as it was (every file's name and content) and
 * the same code reading it takes the kept one instead of reading it again. A release with
 * problems is never kept, so that they are reported every time. Without a cache folder, or for a
 * folder that holds anything but plain files, it is read every time.
 */
export function cachedRelease(
  root: string,
  dir: string,
  cacheFolder: string | undefined,
  load: () => { model?: Model; problems: PolicyError[] },
): { model?: Model; problems: PolicyError[] } {
  const folder = cacheFolder === undefined ? undefined : folderHash(join(root, dir));
  if (cacheFolder === undefined || folder === undefined) return load();
  const key = createHash('sha256').update(`${loaderFingerprint()}\0${dir}\0${folder}`).digest('hex');
  const file = join(cacheFolder, releasesFolder, key.slice(0, 2), `${key}.bin`);
  const kept = readEntry(file) as Model | undefined;
  if (kept) {
    fingerprints.set(kept, key);
    return { model: kept, problems: [] };
  }
  const loaded = load();
  if (loaded.model && loaded.problems.length === 0) {
    writeEntry(file, loaded.model);
    fingerprints.set(loaded.model, key);
  }
  return loaded;
}

/** The key each release read through the cache is filed under, by the release as loaded. */
const fingerprints = new WeakMap<Model, string>();

/**
 * A hash of everything a release as loaded is made from (its folder's every file, and the code
 * that read it), for a release loaded through a cache folder without problems; undefined for any
 * other. What is worked out from the release alone may be kept under it.
 */
export function releaseFingerprint(model: Model): string | undefined {
  return fingerprints.get(model);
}

/** A kept value: its sha-256 (32 bytes), then the value as node:v8 serialises it. Undefined when there is none or it is not whole. */
export function readEntry(file: string): unknown {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return undefined;
  }
  if (content.length <= 32) return undefined;
  const body = content.subarray(32);
  if (!createHash('sha256').update(body).digest().equals(content.subarray(0, 32))) return undefined;
  try {
    return deserialize(body);
  } catch {
    return undefined;
  }
}

/** Keeps a value: written beside its place and renamed into it, so that a reader never sees half of one. */
export function writeEntry(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const body = serialize(value);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, Buffer.concat([createHash('sha256').update(body).digest(), body]));
    renameSync(temporary, file);
  } catch {
    // The cache only saves time: without the entry, the next run makes it again.
    rmSync(temporary, { force: true });
  }
}
