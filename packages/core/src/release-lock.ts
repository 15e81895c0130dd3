import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problem, type PolicyError } from './problem.js';
import { ReleaseChanged } from './problem-kinds.js';

/** The file in a release folder that records, when the release is published, the fingerprint of each of its files. */
export const releaseLockName = 'release.lock';

/** The files a release is made of, relative to its folder: what publishing fingerprints. */
export function releaseFiles(root: string, dir: string): string[] {
  const parts = existsSync(join(root, dir, 'parts')) ? readdirSync(join(root, dir, 'parts')).filter((name) => name.endsWith('.md')).sort().map((name) => `parts/${name}`) : [];
  return ['model.yaml', 'parameters.yaml', ...parts].filter((file) => existsSync(join(root, dir, file)));
}

/** `sha256:…` of a file's text, with Windows line endings read as Unix ones so a checkout on either gives the same. */
export function fileFingerprint(path: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path, 'utf8').replace(/\r\n/g, '\n')).digest('hex')}`;
}

/** The text of a release's lock: a comment, then a line per file, `sha256:…  parts/scope.md`. */
export function releaseLock(root: string, dir: string, releaseId: string): string {
  const lines = releaseFiles(root, dir).map((file) => `${fileFingerprint(join(root, dir, file))}  ${file}`);
  return `# Release ${releaseId} as published, written by "policy publish": a published release never changes.\n${lines.join('\n')}\n`;
}

/**
 * Whether a release is published (its folder has a lock), and every way its files differ from
 * what was published: each changed, added or removed file is a problem at that file.
 */
export function checkReleaseLock(root: string, dir: string, releaseId: string): { published: boolean; problems: PolicyError[] } {
  const lockPath = join(root, dir, releaseLockName);
  if (!existsSync(lockPath)) return { published: false, problems: [] };
  const locked = new Map<string, string>();
  for (const line of readFileSync(lockPath, 'utf8').split(/\r?\n/)) {
    const match = /^(sha256:[0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match) locked.set(match[2]!, match[1]!);
  }
  const problems: PolicyError[] = [];
  const present = releaseFiles(root, dir);
  for (const file of present) {
    const expected = locked.get(file);
    if (expected === undefined) problems.push(problem(ReleaseChanged, { file: `${dir}/${file}`, line: 1 }, [`${dir}/${file}`, releaseId, 'was added'], [releaseId]));
    else if (expected !== fileFingerprint(join(root, dir, file))) problems.push(problem(ReleaseChanged, { file: `${dir}/${file}`, line: 1 }, [`${dir}/${file}`, releaseId, 'has changed'], [releaseId]));
  }
  for (const file of locked.keys()) {
    if (!present.includes(file)) problems.push(problem(ReleaseChanged, { file: `${dir}/${releaseLockName}` }, [`${dir}/${file}`, releaseId, 'was removed'], [releaseId]));
  }
  return { published: true, problems };
}
