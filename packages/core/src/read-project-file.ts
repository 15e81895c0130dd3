import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { problem, type PolicyError } from './problem.js';
import { BrokenLink, FileTooLarge, LinkOutsideProject, NotAFile, NotUtf8 } from './problem-kinds.js';

/**
 * The largest file of text the project reads: 1 MiB. The largest real YAML or Markdown file is a
 * few tens of kilobytes; a file far bigger is a mistake (or an attack), and reading it whole would
 * only slow every command down.
 */
export const maxTextFileBytes = 1024 * 1024;

/** The largest snapshot of an adopted version: 16 MiB. The largest real one is under 100 kB. */
export const maxSnapshotFileBytes = 16 * 1024 * 1024;

/** What a path in the project is, looked at without opening it. */
export type ProjectEntry =
  | { kind: 'missing' }
  | { kind: 'file'; size: number }
  | { kind: 'folder' }
  /** A link out of the project, a broken or looping link, or something that is neither file nor folder. */
  | { kind: 'refused'; problem: PolicyError };

/** What reading a file of the project gave: its text, nothing there, or a problem naming it. */
export type ProjectFile = { status: 'read'; text: string } | { status: 'missing' } | { status: 'refused'; problem: PolicyError };

/** The real paths of project roots, so that each is resolved once. */
const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync(root);
    realRoots.set(root, real);
  }
  return real;
}

/** What kind of thing a stat describes, in words, for one that is neither a file nor a folder. */
function special(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Looks at `file` (relative to the project root, with forward slashes) without opening it: a
 * link is followed only when it leads to a file or folder inside the project; a link that leaves
 * the project, a broken link, a link in a loop, and anything that is neither a file nor a folder
 * (a named pipe, a socket, a device) are refused with a problem naming `file`.
 */
export function projectEntry(root: string, file: string): ProjectEntry {
  const path = join(root, file);
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return { kind: 'missing' };
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'refused', problem: problem(BrokenLink, { file }, [code === 'ELOOP' ? 'it is one of a loop of links that lead to one another' : 'what it leads to does not exist'], []) };
  }
  const inside = relative(realRoot(root), real);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return { kind: 'refused', problem: problem(LinkOutsideProject, { file }, [real], []) };
  }
  if (stats.isSymbolicLink()) {
    try {
      stats = statSync(path);
    } catch {
      return { kind: 'refused', problem: problem(BrokenLink, { file }, ['what it leads to cannot be read'], []) };
    }
  }
  if (stats.isDirectory()) return { kind: 'folder' };
  if (stats.isFile()) return { kind: 'file', size: stats.size };
  return { kind: 'refused', problem: problem(NotAFile, { file }, [special(stats)], []) };
}

/**
 * Reads a text file of the project: the one way every loader reads templates/, schools/ and
 * site.yaml. It refuses, with a problem naming the file and never opening it, a link that leaves
 * the project or leads nowhere, a folder, a named pipe, a socket or a device, and a file larger
 * than `limit` bytes (1 MiB unless given). The text must be UTF-8; a byte-order mark is dropped.
 */
export function readProjectFile(root: string, file: string, options: { limit?: number | undefined } = {}): ProjectFile {
  const limit = options.limit ?? maxTextFileBytes;
  const entry = projectEntry(root, file);
  if (entry.kind === 'missing') return { status: 'missing' };
  if (entry.kind === 'refused') return { status: 'refused', problem: entry.problem };
  if (entry.kind === 'folder') return { status: 'refused', problem: problem(NotAFile, { file }, ['a folder'], []) };
  if (entry.size > limit) return { status: 'refused', problem: problem(FileTooLarge, { file }, [entry.size, limit], []) };
  // Opened without blocking, and checked again once open, in case the file was swapped meanwhile.
  const descriptor = openSync(join(root, file), constants.O_RDONLY | constants.O_NONBLOCK);
  let bytes: Buffer;
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return { status: 'refused', problem: problem(NotAFile, { file }, [stats.isDirectory() ? 'a folder' : special(stats)], []) };
    if (stats.size > limit) return { status: 'refused', problem: problem(FileTooLarge, { file }, [stats.size, limit], []) };
    bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const count = readSync(descriptor, bytes, read, bytes.length - read, read);
      if (count === 0) break;
      read += count;
    }
    bytes = bytes.subarray(0, read);
  } finally {
    closeSync(descriptor);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { line, column } = firstBadByte(bytes);
    return { status: 'refused', problem: problem(NotUtf8, { file, line, column }, [], []) };
  }
  return { status: 'read', text };
}

/** The line and column of the first byte that is not part of valid UTF-8. */
function firstBadByte(bytes: Buffer): { line: number; column: number } {
  // Fed a byte at a time, a strict decoder fails at the first byte that cannot be UTF-8.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bad = bytes.length;
  for (let index = 0; index < bytes.length; index++) {
    try {
      decoder.decode(bytes.subarray(index, index + 1), { stream: true });
    } catch {
      bad = index;
      break;
    }
  }
  const lines = new TextDecoder('utf-8').decode(bytes.subarray(0, bad)).split('\n');
  return { line: lines.length, column: [...lines.at(-1)!].length + 1 };
}
