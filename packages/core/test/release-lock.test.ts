import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReleaseLock, fileFingerprint, releaseFiles, releaseLock, upgradedReleaseLock } from '../src/index.js';
import { fixtureProject } from './fixture.js';

const dir = 'templates/demo/2024-06';

function published(): string {
  const root = fixtureProject();
  writeFileSync(join(root, dir, 'CHANGELOG.md'), '# Demo: changelog\n\nThe first release.\n');
  writeFileSync(join(root, dir, 'release.lock'), releaseLock(root, dir, '2024-06'));
  return root;
}

const problemsOf = (root: string) => checkReleaseLock(root, dir, '2024-06').problems.map((p) => p.format().split('\n')[0]);

describe('the release lock', () => {
  it('names its format on its first line and fingerprints every file of the release, in subfolders too, but itself and the hidden files and backups an editor leaves', () => {
    const root = fixtureProject();
    mkdirSync(join(root, dir, 'images'));
    writeFileSync(join(root, dir, 'images', 'crest.svg'), '<svg/>\n');
    writeFileSync(join(root, dir, 'release.lock'), 'an old lock\n');
    writeFileSync(join(root, dir, 'parts', '.rules.md.swp'), 'an editor\'s swap file');
    writeFileSync(join(root, dir, 'parts', 'rules.md~'), 'an editor\'s backup');
    writeFileSync(join(root, dir, '.DS_Store'), '');
    expect(releaseFiles(root, dir)).toEqual(['images/crest.svg', 'model.yaml', 'parameters.yaml', 'parts/extras.md', 'parts/forms.md', 'parts/opening.md', 'parts/rules.md', 'release.yaml']);
    const lock = releaseLock(root, dir, '2024-06').split('\n');
    expect(lock[0]).toBe('# policy release.lock, format 2');
    expect(lock.slice(2, -1).map((line) => line.replace(/^sha256:[0-9a-f]{64} {2}/, ''))).toEqual(releaseFiles(root, dir));
  });

  it('passes a release as it was published, and names each file of it changed, added or removed', () => {
    const root = published();
    expect(problemsOf(root)).toEqual([]);
    writeFileSync(join(root, dir, 'release.yaml'), readFileSync(join(root, dir, 'release.yaml'), 'utf8').replace(/\n$/, ' \n'));
    writeFileSync(join(root, dir, 'notes.txt'), 'added later\n');
    rmSync(join(root, dir, 'CHANGELOG.md'));
    expect(problemsOf(root)).toEqual([
      `${dir}/notes.txt:1 ${dir}/notes.txt was added since release 2024-06 was published.`,
      `${dir}/release.yaml:1 ${dir}/release.yaml has changed since release 2024-06 was published.`,
      `${dir}/release.lock:3 ${dir}/CHANGELOG.md was removed since release 2024-06 was published.`,
    ]);
  });

  it('reads a file with Windows line endings as the same file', () => {
    const root = fixtureProject();
    const file = join(root, dir, 'model.yaml');
    const unix = fileFingerprint(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(fileFingerprint(file)).toBe(unix);
  });

  it('upgrades a lock of the first format, which left release.yaml and CHANGELOG.md out, only while the files it fingerprinted are as they were', () => {
    const root = published();
    const current = readFileSync(join(root, dir, 'release.lock'), 'utf8');
    const firstFormat = current
      .split('\n')
      .filter((line) => !line.startsWith('# policy release.lock') && !/ {2}(CHANGELOG\.md|release\.yaml)$/.test(line))
      .join('\n');
    writeFileSync(join(root, dir, 'release.lock'), firstFormat);
    expect(problemsOf(root)).toEqual([
      `${dir}/release.lock:1 ${dir}/release.lock is in the first format of the lock, which fingerprints only model.yaml, parameters.yaml and the parts, so ${dir}/CHANGELOG.md, ${dir}/release.yaml could change unnoticed.`,
    ]);
    expect(upgradedReleaseLock(root, dir, '2024-06')).toEqual({ lock: current, problems: [] });

    writeFileSync(join(root, dir, 'parts/rules.md'), `${readFileSync(join(root, dir, 'parts/rules.md'), 'utf8')}\n`);
    const refused = upgradedReleaseLock(root, dir, '2024-06');
    expect(refused.lock).toBeUndefined();
    expect(refused.problems.map((p) => p.format().split('\n')[0])).toEqual([`${dir}/parts/rules.md:1 ${dir}/parts/rules.md has changed since release 2024-06 was published.`]);
  });
});
