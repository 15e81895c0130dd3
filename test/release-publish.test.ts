import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policy } from './support/policy-cli.js';
import { projectCopy } from './support/project-copy.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

function git(root: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe('policy publish and version control', () => {
  it.skipIf(!hasGit)('publishes a draft whose copied lock was committed, but refuses it once its own lock was committed and deleted, naming the commit, and writes nothing', () => {
    const root = projectCopy();
    const folder = 'templates/social-media/2027-01';
    cpSync(join(root, 'templates/social-media/2026-09'), join(root, folder), { recursive: true });
    writeFileSync(join(root, folder, 'release.yaml'), 'title: A test release\nsummary: Nothing changed.\n');
    // The copied folder, with the lock of the release it was copied from, is in version control before that lock is deleted: it is still a draft.
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'A draft release');
    rmSync(join(root, folder, 'release.lock'));
    expect(policy(['publish', 'social-media', '2027-01', '--root', root]).code).toBe(0);
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'Release 2027-01');
    const commit = git(root, 'log', '-1', '--format=%h %as').trim().split(' ');

    rmSync(join(root, folder, 'release.lock'));
    const again = policy(['publish', 'social-media', '2027-01', '--root', root]);
    expect(again.stderr).toContain(
      `${folder}/release.lock Release 2027-01 of social-media was published: ${folder}/release.lock was committed to version control (${commit[0]}, ${commit[1]}) and has been deleted since; a published release never changes, so it is not published again.`,
    );
    expect(again.code).toBe(1);
    expect(existsSync(join(root, folder, 'release.lock'))).toBe(false);
    expect(readFileSync(join(root, folder, 'release.yaml'), 'utf8')).toBe('title: A test release\nsummary: Nothing changed.\n');
  });
});
