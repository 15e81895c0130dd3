import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { problem, type PolicyError } from './problem.js';
import { ReleaseChanged, ReleaseLockOutdated, ReleaseLockUnreadable } from './problem-kinds.js';

/** The file in a release folder that records, when the release is published, the fingerprint of each of its files. */
export const releaseLockName = 'release.lock';

/** The format of the lock `policy publish` writes, named on its first line. */
export const releaseLockFormat = 2;

const lockHeader = (format: number) => `# policy release.lock, format ${format}`;
const headerPattern = /^# policy release\.lock, format (\d+)\s*$/;
const entryPattern = /^(sha256:[0-9a-f]{64}) {2}(.+)$/;

/**
 * What an operating system or an editor leaves in a folder (`.DS_Store`, `Thumbs.db`, a `.swp` or
 * a `~` backup, the temporary file of a killed write of the lock): hidden files and backups, which
 * nothing reads, so never part of a release.
 */
const notReleaseFile = (name: string) => name.startsWith('.') || name.endsWith('~') || ['Thumbs.db', 'desktop.ini'].includes(name);

/** The files a release is made of, relative to its folder, sorted: every file in it and its subfolders but release.lock itself. */
export function releaseFiles(root: string, dir: string): string[] {
  const files: string[] = [];
  const visit = (relative: string) => {
    const entries = readdirSync(join(root, dir, relative), { withFileTypes: true });
    for (const entry of entries) {
      if (notReleaseFile(entry.name)) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (path === releaseLockName) continue;
      let folder = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          folder = statSync(join(root, dir, path)).isDirectory();
        } catch {
          folder = false;
        }
      }
      // A link to a folder is fingerprinted as a file (where it points), so that a loop cannot trap the walk.
      if (folder && !entry.isSymbolicLink()) visit(path);
      else files.push(path);
    }
  };
  if (existsSync(join(root, dir))) visit('');
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `sha256:…` of a file's bytes, with Windows line endings read as Unix ones so a checkout on
 * either gives the same. A file that cannot be read (a link to nowhere, a folder) has a
 * fingerprint that matches no file's.
 */
export function fileFingerprint(path: string): string {
  let bytes: Buffer;
  try {
    // Only an ordinary file is opened: a named pipe or a device would never finish reading.
    if (!statSync(path).isFile()) return 'unreadable:not-a-file';
    bytes = readFileSync(path);
  } catch (error) {
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  return `sha256:${createHash('sha256').update(withUnixLineEndings(bytes)).digest('hex')}`;
}

function withUnixLineEndings(bytes: Buffer): Buffer {
  if (!bytes.includes(13)) return bytes;
  const out = Buffer.alloc(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) continue;
    out[length++] = bytes[i]!;
  }
  return out.subarray(0, length);
}

/** The text of a release's lock: the format line, a comment, then a line per file, `sha256:…  parts/scope.md`. */
export function releaseLock(root: string, dir: string, releaseId: string): string {
  const lines = releaseFiles(root, dir).map((file) => `${fileFingerprint(join(root, dir, file))}  ${file}`);
  return `${lockHeader(releaseLockFormat)}\n# Release ${releaseId} as published by "policy publish": the fingerprint of every file in its folder. A published release never changes.\n${lines.join('\n')}\n`;
}

/** The files the first format of the lock fingerprinted: the rest of a release was left out of it. */
function inFirstFormat(file: string): boolean {
  return file === 'model.yaml' || file === 'parameters.yaml' || /^parts\/[^/]+\.md$/.test(file);
}

export interface ReleaseLockCheck {
  /** Whether the folder has a lock, so the release is published. */
  published: boolean;
  /** The lock's format, 1 for a lock without a format line; undefined without a lock. */
  format: number | undefined;
  problems: PolicyError[];
}

/**
 * Whether a release is published (its folder has a lock), and every way its files differ from
 * what was published: each changed, added or removed file is a problem at that file.
 */
export function checkReleaseLock(root: string, dir: string, releaseId: string, modelId = dir.split('/').at(-2) ?? ''): ReleaseLockCheck {
  const lockFile = `${dir}/${releaseLockName}`;
  const lockPath = join(root, lockFile);
  if (!existsSync(lockPath)) return { published: false, format: undefined, problems: [] };
  const problems: PolicyError[] = [];
  let text = '';
  try {
    if (!statSync(lockPath).isFile()) throw Object.assign(new Error('not a file'), { code: 'not an ordinary file' });
    text = readFileSync(lockPath, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    problems.push(problem(ReleaseLockUnreadable, { file: lockFile }, [lockFile, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`], [releaseId]));
    return { published: true, format: undefined, problems };
  }
  const lines = text.split(/\r?\n/);
  const header = headerPattern.exec(lines[0] ?? '');
  const format = header ? Number(header[1]) : 1;
  if (format !== 1 && format !== releaseLockFormat) {
    problems.push(problem(ReleaseLockUnreadable, { file: lockFile, line: 1 }, [lockFile, `it is in format ${format}, which this version of policy does not read (it reads formats 1 and ${releaseLockFormat})`], [releaseId]));
    return { published: true, format, problems };
  }
  const locked = new Map<string, string>();
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = entryPattern.exec(line);
    if (match) locked.set(match[2]!, match[1]!);
    else problems.push(problem(ReleaseLockUnreadable, { file: lockFile, line: index + 1 }, [lockFile, `line ${index + 1} is not a fingerprint and a file ("sha256:…  parts/scope.md")`], [releaseId]));
  });
  const present = releaseFiles(root, dir);
  const unlocked: string[] = [];
  for (const file of present) {
    const expected = locked.get(file);
    if (expected === undefined) {
      if (format === 1 && !inFirstFormat(file)) unlocked.push(file);
      else problems.push(problem(ReleaseChanged, { file: `${dir}/${file}`, line: 1 }, [`${dir}/${file}`, releaseId, 'was added'], [releaseId]));
    } else if (expected !== fileFingerprint(join(root, dir, file))) {
      problems.push(problem(ReleaseChanged, { file: `${dir}/${file}`, line: 1 }, [`${dir}/${file}`, releaseId, 'has changed'], [releaseId]));
    }
  }
  for (const file of locked.keys()) {
    if (!present.includes(file)) {
      const line = lines.findIndex((text) => text.endsWith(`  ${file}`)) + 1;
      problems.push(problem(ReleaseChanged, { file: lockFile, line }, [`${dir}/${file}`, releaseId, 'was removed'], [releaseId]));
    }
  }
  if (format === 1) {
    problems.push(problem(ReleaseLockOutdated, { file: lockFile, line: 1 }, [lockFile, unlocked.map((file) => `${dir}/${file}`)], [modelId, releaseId]));
  }
  return { published: true, format, problems };
}

/**
 * A lock in the current format for a release whose lock is in the first format, once every file
 * that lock fingerprinted is as it was; otherwise the problems that stand in the way.
 */
export function upgradedReleaseLock(root: string, dir: string, releaseId: string): { lock?: string; problems: PolicyError[] } {
  const checked = checkReleaseLock(root, dir, releaseId);
  if (checked.format !== 1) return { problems: checked.problems };
  const problems = checked.problems.filter((p) => p.kind !== ReleaseLockOutdated.name);
  return problems.length > 0 ? { problems } : { lock: releaseLock(root, dir, releaseId), problems: [] };
}
