import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { running } from './take-lock.js';

/**
 * Writes a file whole or not at all: into a temporary file beside it, flushed to the disk, then
 * renamed over it, so that a command killed while writing leaves the file as it was. A symbolic
 * link is kept: the file it points at is replaced. The file keeps its permissions.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = realTarget(path);
  const dir = dirname(target);
  const name = basename(target);
  removeStaleTemporaries(dir, name);
  let mode = 0o644;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    // A new file.
  }
  const temporary = join(dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = openSync(temporary, 'wx', mode);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    const folder = openSync(dir, 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
  } catch {
    // Not every file system can flush a folder; the rename is done either way.
  }
}

/**
 * Writes a project file (a school's or publisher's YAML, a release lock) atomically, keeping what
 * its author's editor chose: a byte-order mark at the start and Windows (CRLF) line endings stay
 * as they were. `text` is written with `\n` line endings and no byte-order mark.
 */
export function writeProjectFile(path: string, text: string): void {
  let previous: string | undefined;
  try {
    previous = readFileSync(realTarget(path), 'utf8');
  } catch {
    // A new file: written as given.
  }
  writeFileAtomic(path, inStyleOf(previous, text));
}

/** `text` (with `\n` line endings, no byte-order mark) in the style of `previous`: its byte-order mark and its line endings. */
export function inStyleOf(previous: string | undefined, text: string): string {
  let result = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (previous === undefined) return text;
  const crlf = (previous.match(/\r\n/g) ?? []).length;
  const lf = (previous.match(/\n/g) ?? []).length - crlf;
  if (crlf > 0 && crlf >= lf) result = result.replace(/\n/g, '\r\n');
  if (previous.startsWith('\uFEFF')) result = `\uFEFF${result}`;
  return result;
}

/** The file a path names, through any symbolic links; the path itself if it does not exist yet. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** Temporary files beside `name` left by a command that was killed while writing (its process has ended). */
function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.tmp-`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (!running(pid)) {
      try {
        unlinkSync(join(dir, entry));
      } catch {
        // Gone already.
      }
    }
  }
}
