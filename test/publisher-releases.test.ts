import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

const buildDay = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) };

/** Every file under a folder, by its path inside it. */
function files(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(root, path) : [relative(root, path)];
  });
}

/**
 * A copy of the project with a new release of the social media model, 2026-11, that rewords one
 * clause, published; East Sussex County Council takes it up only when `takenUp` says so.
 */
function projectWithNewRelease(takenUp: boolean): string {
  const root = projectCopy();
  const folder = join(root, 'templates/social-media/2026-11');
  cpSync(join(root, 'templates/social-media/2026-09'), folder, { recursive: true });
  rmSync(join(folder, 'release.lock'));
  const part = join(folder, 'parts/breaches.md');
  writeFileSync(part, readFileSync(part, 'utf8').replace('Any breach of this policy may lead to disciplinary action', 'Any breach of this policy, wherever it is posted, may lead to disciplinary action'));
  writeFileSync(
    join(folder, 'release.yaml'),
    [
      'title: Breaches wherever they are posted',
      'summary: A breach of the policy is a breach wherever the post is made.',
      'changes:',
      '  - ids: [disciplinary-action]',
      '    weight: update',
      '    what: A breach may lead to disciplinary action wherever it is posted.',
      '    why: Staff asked whether posts on private accounts count.',
      '',
    ].join('\n'),
  );
  const published = policy(['publish', 'social-media', '2026-11', '--root', root], { env: buildDay });
  expect(published.stderr).toBe('');
  expect(published.code).toBe(0);
  if (takenUp) {
    const file = join(root, 'schools/east-sussex-cc/publisher.yaml');
    const text = readFileSync(file, 'utf8');
    const after = text.replace('      - release: 2026-09\n        since: 2026-09\n', '      - release: 2026-09\n        since: 2026-09\n      - release: 2026-11\n        since: 2026-11-16\n');
    expect(after).not.toBe(text);
    writeFileSync(file, after);
  }
  return root;
}

describe('each publisher on its own releases', () => {
  const waiting = projectWithNewRelease(false);
  const moved = projectWithNewRelease(true);

  it('a new release changes nothing for a publisher until it takes it up: its template, its schools and adopt stay on its own release', () => {
    for (const root of [waiting, moved]) {
      expect(policy(['check', '--root', root], { env: buildDay }).stderr).toBe('');
    }
    const list = (root: string) => policy(['list', '--policy', 'social-media', '--root', root]).stdout;
    expect(list(waiting)).toContain('East Sussex County Council: blank template of its Social Media Policy for its schools, release 2026-09');
    expect(list(moved)).toContain('East Sussex County Council: blank template of its Social Media Policy for its schools, release 2026-11');
    expect(list(moved)).toContain('Bellevue Place Education Trust: blank template of its Social Media Policy for its schools, release 2026-09');

    // A school's draft for its next review comes from its publisher's release.
    const draft = (root: string, school: string) => policy(['render', school, '--policy', 'social-media', '--version', 'draft', '--format', 'txt', '--root', root]).stdout;
    expect(draft(waiting, 'laughton-cps')).not.toContain('wherever it is posted');
    expect(draft(moved, 'laughton-cps')).toContain('Any breach of this policy, wherever it is posted, may lead to disciplinary action');
    expect(draft(moved, 'evendons-primary')).not.toContain('wherever it is posted');

    // adopt takes the publisher's release by default, and refuses one its publisher has not taken up, writing nothing.
    const schoolFile = join(moved, 'schools/bellevue-place/evendons-primary.yaml');
    const before = readFileSync(schoolFile, 'utf8');
    const refused = policy(['adopt', 'evendons-primary', '--policy', 'social-media', '--release', '2026-11', '--approved', '2026-11-20', '--root', moved], { env: buildDay });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Bellevue Place Education Trust has not taken up release 2026-11 of social-media, so its schools do not adopt it yet. The releases it publishes are: 2016-06, 2026-09;');
    expect(readFileSync(schoolFile, 'utf8')).toBe(before);
    expect(existsSync(join(moved, 'schools/bellevue-place/evendons-primary/social-media-v3.json'))).toBe(false);
    const template = policy(['render', 'bellevue-place-template', '--policy', 'social-media', '--release', '2026-11', '--format', 'txt', '--root', moved]);
    // Its template in a release it has not taken up can be read, as a preview, and says so.
    expect(template.code).toBe(0);
    expect(template.stdout).toContain('Any breach of this policy, wherever it is posted, may lead to disciplinary action');
    expect(template.stderr).toBe(
      'Note: Bellevue Place Education Trust has not taken up release 2026-11 of social-media; this is how its template would read if it did. Its schools see 2026-09 until it adds 2026-11 under policies.social-media.releases in schools/bellevue-place/publisher.yaml.\n',
    );
    const adopted = policy(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2026-11-20', '--root', moved], { env: buildDay });
    expect(adopted.stdout).toContain('Recorded laughton-cps social-media v3: release 2026-11, approved 20 November 2026.');
  });

  it('a release taken up by East Sussex alone leaves every other publisher\'s and school\'s built files byte for byte as they were', () => {
    // The adoption above is undone: the two copies differ only by East Sussex taking up the release.
    const laughton = join(moved, 'schools/east-sussex-cc/laughton-cps.yaml');
    writeFileSync(laughton, readFileSync(join(waiting, 'schools/east-sussex-cc/laughton-cps.yaml')));
    rmSync(join(moved, 'schools/east-sussex-cc/laughton-cps/social-media-v3.json'), { force: true });
    const [before, after] = [temporaryFolder(), temporaryFolder()];
    for (const [root, out] of [[waiting, before], [moved, after]] as const) {
      const built = policy(['build', '--root', root, '--out', out], { env: buildDay });
      expect(built.stderr).toBe('');
      expect(built.code).toBe(0);
    }
    const eastSussex = ['publishers/east-sussex-cc/', 'schools/laughton-cps/'];
    const others = (out: string) => files(out).filter((file) => /^(publishers|schools)\/[^/]+\//.test(file) && !eastSussex.some((prefix) => file.startsWith(prefix))).sort();
    expect(others(after)).toEqual(others(before));
    expect(others(before).length).toBeGreaterThan(100);
    for (const file of others(before)) {
      expect(readFileSync(join(after, file)).equals(readFileSync(join(before, file))), file).toBe(true);
    }
    // And East Sussex's own pages did change: its template is of the new release, with the older one's kept, and Laughton has a draft.
    expect(existsSync(join(after, 'publishers/east-sussex-cc/social-media/releases/2026-09/index.html'))).toBe(true);
    expect(existsSync(join(before, 'publishers/east-sussex-cc/social-media/releases/2026-09/index.html'))).toBe(false);
    expect(readFileSync(join(after, 'publishers/east-sussex-cc/social-media/index.html'), 'utf8')).toContain('wherever it is posted');
    expect(existsSync(join(after, 'schools/laughton-cps/social-media/versions/draft/index.html'))).toBe(true);
    expect(existsSync(join(before, 'schools/laughton-cps/social-media/versions/draft/index.html'))).toBe(false);
    // Its other policy is untouched too: Laughton's complaints procedure and East Sussex's template of it, byte for byte.
    const complaints = (out: string) => files(out).filter((file) => file.startsWith('schools/laughton-cps/complaints/') || file.startsWith('publishers/east-sussex-cc/complaints/')).sort();
    expect(complaints(after)).toEqual(complaints(before));
    expect(complaints(before).length).toBeGreaterThan(5);
    for (const file of complaints(before)) expect(readFileSync(join(after, file)).equals(readFileSync(join(before, file))), file).toBe(true);
    // Only East Sussex's template is listed under the new release.
    const release = readFileSync(join(after, 'models/social-media/releases/2026-11/index.html'), 'utf8');
    expect(release).toContain('East Sussex County Council: blank template');
    expect(release).not.toContain('Bellevue Place Education Trust: blank template');
  }, 400_000);
});
