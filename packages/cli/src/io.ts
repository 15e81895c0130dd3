import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { decodeCsv, FileSystemFailure, parseCsv, problem, UnexpectedFault, type CsvEncoding, type CsvTable, type PolicyError } from '@school-policy/core';
import { writeFileAtomic } from './write-project-file.js';

/** Where a command writes, and where it runs: the real process, or a test's buffers. */
export interface Io {
  stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  cwd: string;
}

/** A mistake in how a command was called: printed with its usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A CSV file a command is given (an extract of the register, a file of approvals), read whole from
 * where the user's folder names it, in the encoding it is in. A file that is not there, cannot be
 * read, or is larger than `maxBytes` (`what` says what it should be) is a usage mistake.
 */
export function readGivenCsv(io: Io, file: string, maxBytes: number, what: string): { table: CsvTable | undefined; problems: PolicyError[]; encoding: CsvEncoding } {
  let bytes: Buffer;
  try {
    const size = statSync(resolve(io.cwd, file)).size;
    if (size > maxBytes) throw new UsageError(`${file} is ${Math.round(size / 1024 / 1024)} MB, more than the ${maxBytes / 1024 / 1024} MB ${what} could be: check that it is the right file.`);
    bytes = readFileSync(resolve(io.cwd, file));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}.`);
  }
  const { text, encoding } = decodeCsv(bytes);
  return { ...parseCsv(text, file), encoding };
}

/**
 * Writes a command's `--out FILE` (a PDF, a Word document, a redline) whole or not at all. A folder,
 * or a file in a folder that does not exist, is a mistake in the command (exit code 2).
 */
export function writeOutFile(io: Io, out: string, data: string | Uint8Array): void {
  const path = resolve(io.cwd, out);
  let kind: 'folder' | 'file' | 'other' | 'missing' = 'missing';
  try {
    const stat = statSync(path);
    kind = stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'other';
  } catch {
    // Not there yet: written below.
  }
  if (kind === 'folder') throw new UsageError(`--out ${out} is a folder; --out names the file to write, such as ${out.replace(/\/+$/, '')}/policy.pdf.`);
  if (kind === 'other') throw new UsageError(`--out ${out} is a device, pipe or socket, not a file; give the name of a file to write, or redirect the output (> policy.pdf).`);
  let parentKind: 'folder' | 'missing' | 'file' = 'missing';
  try {
    parentKind = statSync(dirname(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    // Missing.
  }
  if (parentKind !== 'folder') {
    throw new UsageError(`--out ${out}: ${shown(io.cwd, dirname(path))} ${parentKind === 'file' ? 'is a file, not a folder' : 'does not exist'}. Create the folder first, or give a file in a folder that exists.`);
  }
  writeFileAtomic(path, data);
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** What a file system error means for a user, and what to do about it. */
const fileSystemReasons: Record<string, [reason: string, todo: string]> = {
  EACCES: ['permission was refused', 'Check that you may write there, or choose another folder.'],
  EPERM: ['the operation is not permitted there', 'Check that you may write there, or choose another folder.'],
  EROFS: ['the file system there is read-only', 'Choose a folder on a disk that can be written to.'],
  ENOSPC: ['the disk is full', 'Free some space on the disk, or choose another, then run the command again.'],
  EDQUOT: ['your disk quota is used up', 'Free some space, or choose another disk, then run the command again.'],
  EBUSY: ['it is in use (a mount point, or a file another program holds open)', 'Close the program that is using it, or choose another folder.'],
  EXDEV: ['it is on another file system, and a file cannot be moved across file systems', 'Choose a folder on the same disk, or report this as a fault.'],
  ENOENT: ['a file or folder it needs does not exist (or was removed while the command ran)', 'Check the path, then run the command again.'],
  ENOTDIR: ['part of the path is a file, not a folder', 'Check the path.'],
  EISDIR: ['it is a folder, not a file', 'Give the path of a file.'],
  ENOTEMPTY: ['a folder that should be empty is not', 'Check that no other program is writing there, then run the command again.'],
  EEXIST: ['something is already there', 'Check that no other program is writing there, then run the command again.'],
  EMFILE: ['too many files are open', 'Close other programs, then run the command again.'],
  ENFILE: ['too many files are open on this computer', 'Close other programs, then run the command again.'],
  EIO: ['the disk reported an input/output error', 'Check the disk, then run the command again.'],
  ENAMETOOLONG: ['a file name is too long', 'Choose a shorter path.'],
  ELOOP: ['its path loops through symbolic links', 'Mend the symbolic links, or choose another path.'],
};

const actions: Record<string, string> = {
  open: 'open',
  write: 'write',
  read: 'read',
  rename: 'move',
  mkdir: 'create the folder',
  mkdtemp: 'create a temporary folder in',
  rmdir: 'remove the folder',
  rm: 'remove',
  unlink: 'remove',
  scandir: 'list the folder',
  copyfile: 'copy',
  cp: 'copy',
  chmod: 'set the permissions of',
  stat: 'look at',
  lstat: 'look at',
  fsync: 'save',
  link: 'link',
};

/** A file system error (EACCES, EROFS, ENOSPC, …) as a problem that says what could not be done, why, and what to do; undefined for any other error. */
export function fileSystemProblem(error: unknown, cwd: string): PolicyError | undefined {
  const e = error as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const known = e && typeof e.code === 'string' ? fileSystemReasons[e.code] : undefined;
  if (!known) return undefined;
  const verb = (e!.syscall && actions[e!.syscall]) ?? 'use';
  const path = e!.path ? shown(cwd, e!.path) : undefined;
  const dest = e!.dest ? shown(cwd, e!.dest) : undefined;
  const action = path ? `${verb} ${path}${dest ? ` to ${dest}` : ''}` : `${verb} a file`;
  return problem(FileSystemFailure, { file: '' }, [action, `${known[0]} (${e!.code})`], [known[1]]);
}

/**
 * The last word on an error no command expected: a file system error says what could not be
 * done and why; anything else is one sentence that says what failed and that it is a fault to
 * report. Never a stack trace.
 */
export function describeFailure(error: unknown, command: string, cwd: string): string {
  const fault = fileSystemProblem(error, cwd);
  if (fault) return fault.format();
  const detail = error instanceof Error ? error.message : String(error);
  const sentence = (detail.split('\n')[0] ?? '').trim() || 'no description';
  return problem(UnexpectedFault, { file: '' }, [`policy ${command}`.trim(), /[.!?]$/.test(sentence) ? sentence : `${sentence}.`], []).format();
}
