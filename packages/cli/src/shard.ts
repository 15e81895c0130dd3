import { createHash } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildDate, type Project } from '@school-policy/core';
import { generatorFingerprint } from '@school-policy/generator';
import { UsageError } from './io.js';

/** Which of N shards a build makes: `--shard 2/5`. */
export interface Shard {
  index: number;
  count: number;
}

/** What a shard's output says of itself, in `shard.json` beside its files. */
export interface ShardRecord {
  format: 1;
  shard: number;
  of: number;
  /** The generator that made it, and the project's models, publishers and site settings it was made from. */
  generator: string;
  project: string;
  /** The day review statuses were worked out for (SOURCE_DATE_EPOCH, or the day it was built). */
  date: string;
  /** The schools whose pages and documents it holds, sorted. */
  schools: string[];
}

export const shardFileName = 'shard.json';

/** `2/5` → shard 2 of 5; anything else is a usage error saying what is wanted. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 10_000 || index < 1 || index > count) {
    throw new UsageError(`--shard ${text}: give K/N, the shard to build and how many there are, with 1 ≤ K ≤ N (at most 10000), for example --shard 2/5.`);
  }
  return { index, count };
}

/**
 * The shard (1 to N) a school belongs to: from a hash of its id alone, so that it stays in the same
 * shard however many other schools are added or removed, and every machine agrees.
 */
export function shardOf(schoolId: string, count: number): number {
  return (createHash('sha256').update(schoolId).digest().readUInt32BE(0) % count) + 1;
}

/** The project with only the schools of one shard: what a shard's pages and documents are made from. */
export function shardView(project: Project, shard: Shard): Project {
  return { ...project, schools: new Map([...project.schools].filter(([id]) => shardOf(id, shard.count) === shard.index)) };
}

/**
 * Which part of a built site a file belongs to: the school whose folder it is in (`schools/<id>/…`),
 * or, for every other file (the home page, the lists, the publishers' and models' pages, the
 * templates and their documents, the feeds, the styles and scripts), the site as a whole.
 */
export function ownerOf(path: string, schools: ReadonlySet<string>): string | undefined {
  const match = /^schools\/([^/]+)\/./.exec(path);
  return match && schools.has(match[1]!) ? match[1] : undefined;
}

/**
 * A hash of what every shard of a build must share besides its own schools: the models (every
 * file of every release), the publishers' files and site.yaml. Shards made from different
 * versions of these are refused when they are assembled.
 */
export function sharedInputs(root: string): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    hash.update(path).update('\0').update(readFileSync(join(root, path))).update('\0');
  };
  if (existsSync(join(root, 'site.yaml'))) add('site.yaml');
  for (const path of filesUnder(root, 'templates')) add(path);
  for (const entry of readdirSync(join(root, 'schools'), { withFileTypes: true }).filter((one) => one.isDirectory()).map((one) => one.name).sort()) {
    if (existsSync(join(root, 'schools', entry, 'publisher.yaml'))) add(`schools/${entry}/publisher.yaml`);
  }
  return hash.digest('hex');
}

function filesUnder(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${folder}/${join(entry.parentPath, entry.name).slice(join(root, folder).length + 1).split('\\').join('/')}`)
    .sort();
}

/** A shard's output as `policy assemble` reads it: its record and the files its manifest lists. */
export interface BuiltShard {
  dir: string;
  shown: string;
  record: ShardRecord;
  files: { path: string; bytes: number; sha256: string }[];
}

/** Reads what `policy build --shard K/N --out DIR` wrote into DIR; a folder that is not one is a usage error naming it. */
export function readShard(dir: string, cwd: string): BuiltShard {
  const shown = relative(cwd, dir) || '.';
  const read = (name: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new UsageError(
        `${shown} is not a shard's output: ${missing ? `it has no ${name}` : `its ${name} cannot be read (${error instanceof Error ? error.message : String(error)})`}. Build each shard with "policy build --shard K/N --out DIR", then assemble those folders.`,
      );
    }
  };
  const record = read(shardFileName) as ShardRecord;
  const manifest = read('manifest.json') as { files?: { path: string; bytes: number; sha256: string }[] };
  if (record?.format !== 1 || !Number.isInteger(record.shard) || !Number.isInteger(record.of) || !Array.isArray(record.schools) || !Array.isArray(manifest?.files)) {
    throw new UsageError(`${shown}/${shardFileName} is not a shard record this version of policy understands. Build the shard again with "policy build --shard K/N".`);
  }
  return { dir, shown, record, files: manifest.files.filter((file) => file.path !== shardFileName) };
}

/**
 * Checks that the shards are the whole of one build of this project: every shard of N once, made
 * by this generator from these models, publishers and site settings, together holding each school
 * of the project exactly once. Anything else is a usage error saying what is wrong and what to do.
 */
export function checkShards(shards: readonly BuiltShard[], project: Project, root: string): void {
  const count = shards[0]!.record.of;
  const again = 'Build every shard again from this project with the same policy, then assemble them.';
  for (const shard of shards) {
    if (shard.record.of !== count) throw new UsageError(`${shard.shown} is shard ${shard.record.shard} of ${shard.record.of}, but ${shards[0]!.shown} is of ${count}: assemble the shards of one build.`);
  }
  const seen = new Map<number, string>();
  for (const shard of shards) {
    const earlier = seen.get(shard.record.shard);
    if (earlier) throw new UsageError(`${shard.shown} and ${earlier} are both shard ${shard.record.shard} of ${count}: give each shard once.`);
    seen.set(shard.record.shard, shard.shown);
  }
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new UsageError(`Shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${count} ${missing.length === 1 ? 'is' : 'are'} missing: give the folders of all ${count} shards.`);
  const generator = generatorFingerprint();
  const inputs = sharedInputs(root);
  for (const shard of shards) {
    if (shard.record.generator !== generator) throw new UsageError(`${shard.shown} was built by another version of policy. ${again}`);
    if (shard.record.project !== inputs) throw new UsageError(`${shard.shown} was built from other models, publishers or site settings than this project has now. ${again}`);
    if (shard.record.date !== buildDate()) {
      throw new UsageError(
        `${shard.shown} gives review statuses as they stood on ${shard.record.date}, this build as they stand on ${buildDate()}. Build every shard and the assembly for one day: set SOURCE_DATE_EPOCH to the same time for all of them.`,
      );
    }
  }
  const expected = [...project.schools.keys()].sort();
  const held = shards.flatMap((shard) => shard.record.schools).sort();
  const holding = new Set(held);
  const absent = expected.filter((id) => !holding.has(id));
  const extra = held.filter((id) => !project.schools.has(id));
  if (absent.length > 0 || extra.length > 0 || held.length !== expected.length) {
    const said = [absent.length > 0 ? `no shard holds ${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ` and ${absent.length - 5} more` : ''}` : '', extra.length > 0 ? `the shards hold ${extra.slice(0, 5).join(', ')}, not in this project` : '']
      .filter(Boolean)
      .join('; ');
    throw new UsageError(`The shards do not hold this project's schools: ${said}. ${again}`);
  }
}

/**
 * Copies a shard's files into the site being assembled, each checked against the shard's
 * manifest (a file cut short or changed since the shard was built is refused, never published)
 * and each one of the shard's own schools' files. Gives each file's size and hash, by path.
 */
export function copyShard(shard: BuiltShard, into: string, options: { checked?: boolean } = {}): Map<string, { bytes: number; sha256: string }> {
  const schools = new Set(shard.record.schools);
  const copied = new Map<string, { bytes: number; sha256: string }>();
  for (const file of shard.files) {
    if (file.path === 'manifest.json') continue;
    if (ownerOf(file.path, schools) === undefined) throw new Error(`${shard.shown} holds ${file.path}, which is not one of its own schools' files: build the shard again.`);
    const from = join(shard.dir, ...file.path.split('/'));
    const path = join(into, ...file.path.split('/'));
    if (existsSync(path)) throw new Error(`${file.path} is in ${shard.shown} and in another shard or the site's own pages: build the shards again.`);
    mkdirSync(dirname(path), { recursive: true });
    if (options.checked) {
      // Every file was just checked against the manifest (see wholeShard): copied without reading it again.
      copyFileSync(from, path, constants.COPYFILE_FICLONE);
    } else {
      const bytes = readFileSync(from);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (bytes.length !== file.bytes || sha256 !== file.sha256) throw new Error(`${shard.shown}/${file.path} is not the file its shard's manifest lists (it was cut short or changed after the shard was built): build the shard again.`);
      writeFileSync(path, bytes);
    }
    copied.set(file.path, { bytes: file.bytes, sha256: file.sha256 });
  }
  return copied;
}

/**
 * A hash of the files of these schools, by path and content: each one's file in its publisher's
 * folder and every file in its folder of snapshots (in every publisher's folder that has one by its
 * id). With sharedInputs and the build's date, it is everything the schools' pages and documents
 * are made from.
 */
export function schoolInputs(root: string, ids: ReadonlySet<string>): string {
  const hash = createHash('sha256');
  const publishers = readdirSync(join(root, 'schools'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const publisher of publishers) {
    const folder = `schools/${publisher}`;
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!ids.has(entry.name.replace(/\.ya?ml$/i, ''))) continue;
      const paths = entry.isDirectory() ? filesUnder(root, `${folder}/${entry.name}`) : [`${folder}/${entry.name}`];
      for (const path of paths) hash.update(path).update('\0').update(readFileSync(join(root, path))).update('\0');
    }
  }
  return hash.digest('hex');
}

/**
 * Whether a folder holds a whole shard's output: its record and manifest readable, and every file
 * its manifest lists there with that size and hash (a file cut short or changed is not). Used to
 * trust a batch kept from an earlier build.
 */
export function wholeShard(dir: string): boolean {
  let shard: BuiltShard;
  try {
    shard = readShard(dir, dir);
  } catch {
    return false;
  }
  return shard.files.every((file) => {
    try {
      const bytes = readFileSync(join(dir, ...file.path.split('/')));
      return bytes.length === file.bytes && createHash('sha256').update(bytes).digest('hex') === file.sha256;
    } catch {
      return false;
    }
  });
}
