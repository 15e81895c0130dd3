import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { siteDist } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

interface Change {
  id: string;
  type: string;
  kind: string;
  source: string | null;
  weight: string | null;
  reasons: { release: string; weight: string; what: string; why: string }[];
  from?: { number?: string; part: string };
  to?: { number?: string; part: string };
  words: { op: string; text: string }[] | null;
}

interface DiffJson {
  from: { name: string; release: string };
  to: { name: string; release: string };
  counts: { kinds: Record<string, number>; weights: Record<string, number>; sources: Record<string, number> };
  changes: Change[];
}

function diffJson(args: string[]): DiffJson {
  const result = policy(['diff', ...args, '--format', 'json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DiffJson;
}

const laughtonFile = 'schools/east-sussex-cc/laughton-cps.yaml';

/**
 * A copy of the project with a new release, published: the latest release copied, one file edited,
 * and the ids it changes listed in its changelog as a correction. East Sussex takes it up, so
 * Laughton's draft is filled from it.
 */
function newRelease(id: string, file: string, edit: (text: string) => string, ids: string[]): string {
  const root = projectCopy();
  const folder = join(root, 'templates/social-media', id);
  cpSync(join(root, 'templates/social-media/2026-09'), folder, { recursive: true });
  rmSync(join(folder, 'release.lock'));
  writeFileSync(join(root, file), edit(readFileSync(join(root, file), 'utf8')));
  writeFileSync(
    join(folder, 'release.yaml'),
    `title: A test release\nsummary: A test.\nchanges:\n  - ids: [${ids.join(', ')}]\n    weight: correction\n    what: Reworded.\n    why: A test.\n`,
  );
  const published = policy(['publish', 'social-media', id, '--root', root]);
  if (published.code !== 0) throw new Error(published.stderr);
  takeUp(root, 'east-sussex-cc', id);
  return root;
}

/** A publisher takes up a release of the social media model, since the release's own date. */
function takeUp(root: string, publisher: string, release: string): void {
  const file = join(root, 'schools', publisher, 'publisher.yaml');
  const text = readFileSync(file, 'utf8');
  const last = '      - release: 2026-09\n        since: 2026-09\n';
  if (!text.includes(last)) throw new Error(`${file} has no "${last}"`);
  writeFileSync(file, text.replace(last, `${last}      - release: ${release}\n        since: ${release}\n`));
}

describe("policy diff: Laughton's renewal, clause by clause", () => {
  const diff = diffJson(['laughton-cps', '--policy', 'social-media', 'v1', 'v2']);
  const change = (id: string) => {
    const found = diff.changes.find((item) => item.id === id);
    if (!found) throw new Error(`No change for ${id}; the changes are ${diff.changes.map((item) => item.id).join(', ')}`);
    return found;
  };

  it('compares version 1 (release 2016-06) with version 2 (release 2026-09)', () => {
    expect(diff.from).toMatchObject({ name: 'v1', release: '2016-06' });
    expect(diff.to).toMatchObject({ name: 'v2', release: '2026-09' });
  });

  it("reports the model's changes with their kind, weight and the changelog's reason", () => {
    const laws = change('other-laws');
    expect(laws).toMatchObject({ type: 'clause', kind: 'changed', source: 'model', weight: 'update', from: { number: '3.3' }, to: { number: '3.3' } });
    expect(laws.reasons).toHaveLength(1);
    expect(laws.reasons[0]).toMatchObject({ release: '2026-09', weight: 'update' });
    expect(laws.reasons[0]!.why).toContain('Defamation Act 2013');
    expect(laws.words).toContainEqual({ op: 'delete', text: '1998' });
    expect(laws.words).toContainEqual({ op: 'insert', text: '1988' });
    expect(change('duty-of-confidence')).toMatchObject({ kind: 'changed', source: 'model', weight: 'update' });
    expect(change('filtering-and-monitoring')).toMatchObject({ kind: 'added', source: 'model', weight: 'update', to: { number: '8.1', part: 'monitoring' } });
  });

  it('reports a clause whose number changed but whose words did not as renumbered, not changed', () => {
    expect(change('monitoring-without-notice')).toMatchObject({ kind: 'renumbered', from: { number: '8.1' }, to: { number: '8.2' } });
    expect(change('no-expectation-of-privacy')).toMatchObject({ kind: 'renumbered', from: { number: '8.2' }, to: { number: '8.3' } });
    expect(change('monitoring-without-notice').words).toBeNull();
  });

  it("puts a change of the school's own details (the headteacher's title) down to the school, with no changelog weight", () => {
    const media = change('media-attention');
    expect(media).toMatchObject({ kind: 'changed', source: 'school', weight: null, reasons: [] });
    expect(media.words).toContainEqual({ op: 'insert', text: 'executive' });
  });

  it('lists only what changed, and counts every clause', () => {
    expect(diff.changes.every((item) => item.kind !== 'unchanged')).toBe(true);
    expect(diff.counts.kinds.unchanged).toBeGreaterThan(50);
    expect(diff.counts.kinds).toMatchObject({ added: 1, removed: 0, renumbered: 2 });
    expect(diff.counts.sources.school).toBe(diff.changes.filter((item) => item.source === 'school').length);
  });

  it('says "both" for a clause that the model and the school both changed', () => {
    // A new release rewords the clause on media enquiries, and the school renames its headteacher.
    const root = newRelease('2027-01', 'templates/social-media/2027-01/parts/site-requirements.md', (text) =>
      text.replace('All media enquiries must be forwarded', 'All enquiries from journalists must be forwarded'),
    ['media-attention']);
    const school = join(root, laughtonFile);
    writeFileSync(school, readFileSync(school, 'utf8').replace('title: executive headteacher', 'title: head of school'));
    const result = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v2', 'draft', '--format', 'json', '--root', root]);
    expect(result.stderr).toBe('');
    const draft = JSON.parse(result.stdout) as DiffJson;
    expect(draft.to).toMatchObject({ name: 'draft', release: '2027-01' });
    const byId = new Map(draft.changes.map((item) => [item.id, item]));
    expect(byId.get('media-attention')).toMatchObject({ kind: 'changed', source: 'both', weight: 'correction' });
    expect(byId.get('media-attention')!.words).toEqual(expect.arrayContaining([{ op: 'delete', text: 'media' }, { op: 'insert', text: 'from journalists' }]));
    expect(byId.get('content-approved')).toMatchObject({ source: 'school', weight: null });
    expect(draft.changes.filter((item) => item.source !== 'school').map((item) => item.id)).toEqual(['media-attention']);
  });

  it('marks insertions and deletions in words in the text and HTML forms', () => {
    const text = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v1', 'v2']).stdout;
    expect(text).toContain('Malicious Communications Act [Removed: 1998][Added: 1988]');
    expect(text).toContain('Clause 8.2 (was 8.1): “Laughton Community Primary School monitors usage of its…”');
    expect(text).not.toContain('monitoring-without-notice');
    expect(text).toContain('Why: ');
    const html = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v1', 'v2', '--format', 'html']).stdout;
    expect(html).toContain('<del><span class="redline-marker">[Removed: </span>1998<span class="redline-marker">]</span></del>');
    expect(html).toContain('<ins><span class="redline-marker">[Added: </span>1988<span class="redline-marker">]</span></ins>');
    const pdf = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v1', 'v2', '--format', 'pdf']);
    expect(pdf.code).toBe(0);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('compares two releases of the model in a publisher\'s template, every change the model\'s', () => {
    const merthyr = diffJson(['--model', 'social-media', '2016-06', '2026-09', '--publisher', 'merthyr-tydfil']);
    const byId = new Map(merthyr.changes.map((item) => [item.id, item]));
    expect(byId.get('rate-my-teachers')).toMatchObject({ kind: 'removed', source: 'model', weight: 'new-edition' });
    expect(byId.get('tiktok-reporting')).toMatchObject({ kind: 'added', source: 'model' });
    expect(merthyr.changes.every((item) => item.source === 'model')).toBe(true);
  });

  it('explains a version that does not exist', () => {
    const result = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v1', 'v9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('laughton-cps has no version "v9". Its versions are: v1, v2, current, draft.');
  });
});

describe('policy history', () => {
  it("lists a school's adopted versions with their ids, dates and approvals", () => {
    const result = policy(['history', 'laughton-cps', '--policy', 'social-media', '--format', 'json']);
    expect(result.code).toBe(0);
    const history = JSON.parse(result.stdout) as { versions: Record<string, unknown>[] };
    expect(history.versions).toHaveLength(2);
    expect(history.versions[0]).toMatchObject({ id: 'v1', release: '2016-06', approved: '2017-11', current: false, approvedBy: null });
    expect(history.versions[1]).toMatchObject({
      id: 'v2',
      release: '2026-09',
      approved: '2026-10-14',
      approvedBy: 'Full governing body',
      minute: 'FGB 14 October 2026, item 7',
      reviewCycle: '2 years',
      nextReview: '2028-10-14',
      current: true,
      example: true,
    });
    expect(policy(['history', 'laughton-cps', '--policy', 'social-media']).stdout).toMatch(/v2 \(current\) +14 October 2026 +2026-09 +Full governing body/);
  });
});

/** Every file in a folder with the sha-256 of its content: to show a folder is untouched. */
function fingerprint(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((file) => `${file} ${statSync(file).mtimeMs} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`);
}

describe('an adopted version is frozen', () => {
  it("fails a build that would change it, naming the school, the version and the clause, and leaves apps/site/dist as it was", () => {
    const root = projectCopy();
    const file = join(root, 'templates/social-media/2026-09/parts/legal-framework.md');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('Protection from Harassment Act 1997', 'Protection from Harassment Act 1997 (as amended)'));
    expect(existsSync(join(siteDist, 'index.html'))).toBe(true);
    const before = fingerprint(siteDist);
    const result = policy(['build', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /schools\/east-sussex-cc\/laughton-cps\.yaml:\d+ Clause 3\.3 "other-laws" would change \(templates\/social-media\/2026-09\/parts\/legal-framework\.md:\d+\), in laughton-cps's adopted version v2 \(release 2026-09, approved 2026-10-14\)\./,
    );
    expect(result.stderr).toContain('Nothing was built; apps/site/dist is unchanged.');
    expect(fingerprint(siteDist)).toEqual(before);
  });

  it('is checked again, once its release changes, even where a check before found it unchanged and noted so in the cache', () => {
    const root = projectCopy();
    const env = { XDG_CACHE_HOME: temporaryFolder() };
    const notes = join(env.XDG_CACHE_HOME, 'school-policy/documents/adopted');
    expect(policy(['check', '--root', root], { env }).code).toBe(0);
    const noted = readdirSync(notes, { recursive: true }).length;
    expect(noted).toBeGreaterThan(0);
    expect(policy(['check', '--root', root], { env }).code).toBe(0);
    expect(readdirSync(notes, { recursive: true })).toHaveLength(noted);
    const file = join(root, 'templates/social-media/2026-09/parts/legal-framework.md');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('Protection from Harassment Act 1997', 'Protection from Harassment Act 1997 (as amended)'));
    const result = policy(['check', '--root', root], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/laughton-cps\.yaml:\d+ Clause 3\.3 "other-laws" would change \(templates\/social-media\/2026-09\/parts\/legal-framework\.md:\d+\), in laughton-cps's adopted version v2/);
  });

  it('reports a snapshot edited by hand', () => {
    const root = projectCopy();
    const file = join(root, 'schools/east-sussex-cc/laughton-cps/social-media-v1.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('the Data Protection Act 1998', 'the Data Protection Act 2018'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/laughton-cps\.yaml:\d+:\d+ The snapshot schools\/east-sussex-cc\/laughton-cps\/social-media-v1\.json does not match its record: its fingerprint is sha256:[0-9a-f]{64}, but the record says sha256:/);
  });
});

describe('a published release never changes', () => {
  it('names each file edited since the release was published', () => {
    const root = projectCopy();
    const file = join(root, 'templates/social-media/2026-09/parts/scope.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('fast moving technology', 'fast-moving technology'));
    const result = policy(['check', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/social-media/2026-09/parts/scope.md:1 templates/social-media/2026-09/parts/scope.md has changed since release 2026-09 was published.');
  });

  it('publishes a new release only when its changelog explains every change, and then schools adopt it', () => {
    const root = projectCopy();
    cpSync(join(root, 'templates/social-media/2026-09'), join(root, 'templates/social-media/2027-01'), { recursive: true });
    rmSync(join(root, 'templates/social-media/2027-01/release.lock'));
    writeFileSync(join(root, 'templates/social-media/2027-01/release.yaml'), 'title: A test release\nsummary: One clause reworded.\n');
    const scope = join(root, 'templates/social-media/2027-01/parts/scope.md');
    writeFileSync(scope, readFileSync(scope, 'utf8').replace('fast moving technology', 'fast-moving technology'));

    // A draft: schools cannot adopt it yet, and the site and check work from the latest published release.
    expect(policy(['check', '--root', root]).code).toBe(0);
    const early = policy(['adopt', 'example-primary', '--policy', 'social-media', '--approved', '2027-02-01', '--release', '2027-01', '--root', root]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('Release 2027-01 of social-media is a draft');

    const refused = policy(['publish', 'social-media', '2027-01', '--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('templates/social-media/2027-01/release.yaml "media-covered" is changed in release 2027-01');
    expect(existsSync(join(root, 'templates/social-media/2027-01/release.lock'))).toBe(false);

    writeFileSync(
      join(root, 'templates/social-media/2027-01/release.yaml'),
      'title: A test release\nsummary: One clause reworded.\nchanges:\n  - ids: [media-covered]\n    weight: correction\n    what: Fast-moving takes its hyphen.\n    why: House style.\n',
    );
    const published = policy(['publish', 'social-media', '2027-01', '--root', root]);
    expect(published.stderr).toBe('');
    expect(published.stdout).toContain('Published release 2027-01 of social-media');
    expect(readFileSync(join(root, 'templates/social-media/2027-01/release.lock'), 'utf8')).toMatch(/^sha256:[0-9a-f]{64} {2}parts\/scope\.md$/m);
    // Adopted on 1 February 2027, as of a day after it: an approval is never recorded before it happens.
    const march2027 = { SOURCE_DATE_EPOCH: String(Date.UTC(2027, 2, 1) / 1000) };
    // Its schools adopt it once their publisher takes it up: until then they stay on the publisher's current release.
    const notTakenUp = policy(['adopt', 'example-primary', '--policy', 'social-media', '--approved', '2027-02-01', '--release', '2027-01', '--root', root], { env: march2027 });
    expect(notTakenUp.code).toBe(2);
    expect(notTakenUp.stderr).toContain('Merthyr Tydfil County Borough Council has not taken up release 2027-01 of social-media');
    takeUp(root, 'merthyr-tydfil', '2027-01');
    expect(policy(['adopt', 'example-primary', '--policy', 'social-media', '--approved', '2027-02-01', '--root', root], { env: march2027 }).stdout).toContain('Recorded example-primary social-media v1: release 2027-01');
    const diff = JSON.parse(policy(['diff', '--model', 'social-media', '2026-09', '2027-01', '--publisher', 'east-sussex-cc', '--format', 'json', '--root', root]).stdout) as DiffJson;
    expect(diff.changes.map((item) => [item.id, item.kind, item.weight])).toEqual([['media-covered', 'changed', 'correction']]);
  });
});

describe('policy adopt', () => {
  it('records an approval and freezes the text, so check and history see it', () => {
    const root = projectCopy();
    const school = join(root, 'schools/merthyr-tydfil/example-primary.yaml');
    const result = policy(['adopt', 'example-primary', '--policy', 'social-media', '--approved', '2026-11-02', '--by', 'Governing body', '--minute', 'FGB 2 November 2026, item 3', '--signed', 'Chair of Governors', '--cycle', '3 years', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Recorded example-primary social-media v1: release 2026-09, approved 2 November 2026.');
    const record = readFileSync(school, 'utf8');
    expect(record).toMatch(/\n {4}adoptions:\n {6}- version: 1\n {8}release: 2026-09\n {8}approved: 2026-11-02\n/);
    expect(record).toMatch(/\n {8}snapshot: sha256:[0-9a-f]{64}\n/);
    const recorded = parse(record) as { policies: Record<string, { adoptions?: { version: number; snapshot: string }[] }> };
    expect(recorded.policies['social-media']!.adoptions).toMatchObject([{ version: 1, snapshot: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]);
    const snapshot = JSON.parse(readFileSync(join(root, 'schools/merthyr-tydfil/example-primary/social-media-v1.json'), 'utf8')) as { release: string; text: { school: string } };
    expect(snapshot.release).toBe('2026-09');
    expect(snapshot.text.school).toBe('Example Primary School');
    expect(policy(['check', '--root', root]).code).toBe(0);
    expect(policy(['history', 'example-primary', '--policy', 'social-media', '--root', root]).stdout).toMatch(/v1 \(current\) +2 November 2026 +2026-09 +Governing body +FGB 2 November 2026, item 3 +2 November 2029/);
  });

  it('refuses an approval dated before the current version, and keeps nothing it wrote', () => {
    const root = projectCopy();
    const before = readFileSync(join(root, laughtonFile), 'utf8');
    const result = policy(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2020-01-01', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("2020-01-01 is before the previous version's approval, 2026-10-14");
    expect(result.stderr).toContain(`Nothing was recorded; ${laughtonFile} is as it was.`);
    expect(readFileSync(join(root, laughtonFile), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'schools/east-sussex-cc/laughton-cps/social-media-v3.json'))).toBe(false);
  });

  it('refuses a date that is not a date, and writes nothing', () => {
    const root = projectCopy();
    const school = join(root, 'schools/merthyr-tydfil/example-primary.yaml');
    const before = readFileSync(school, 'utf8');
    const result = policy(['adopt', 'example-primary', '--policy', 'social-media', '--approved', '2026-13-01', '--root', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('approved: expected a date such as 2026-10-14, or a month such as 2017-11 when the day is not known.');
    expect(readFileSync(school, 'utf8')).toBe(before);
    expect(existsSync(join(root, 'schools/merthyr-tydfil/example-primary'))).toBe(false);
  });
});

describe('the built site', () => {
  const seedSchools = ['laughton-cps', 'evendons-primary', 'life-mat', 'twiss-green-cps'];

  it.each(seedSchools)('has a redline page and a redline PDF for %s\'s renewal', (school) => {
    const folder = join(siteDist, 'schools', school, 'social-media', 'changes', 'v1-to-v2');
    const html = readFileSync(join(folder, 'index.html'), 'utf8');
    expect(html).toContain('<ins>');
    expect(readFileSync(join(folder, `${school}-social-media-v1-to-v2-changes.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
    for (const version of ['v1', 'v2']) expect(existsSync(join(siteDist, 'schools', school, 'social-media', 'versions', version, 'index.html'))).toBe(true);
    expect(existsSync(join(siteDist, 'schools', school, 'social-media', 'history', 'index.html'))).toBe(true);
  });

  it('has no draft while every school has adopted the latest release with its details as they are', () => {
    expect(existsSync(join(siteDist, 'schools/laughton-cps/social-media/versions/draft'))).toBe(false);
  });

  it('shows a draft for the next review, and what would change, once a school changes its details', () => {
    const root = projectCopy();
    const school = join(root, laughtonFile);
    writeFileSync(school, readFileSync(school, 'utf8').replace('dailyQuotaMinutes: 30', 'dailyQuotaMinutes: 20'));
    const out = join(temporaryFolder(), 'dist');
    const result = policy(['build', '--root', root, '--out', out]);
    expect(result.stderr).toBe('');
    const base = join(out, 'schools/laughton-cps/social-media');
    expect(readFileSync(join(base, 'index.html'), 'utf8')).toContain('A draft for the next review differs from this version.');
    const draft = readFileSync(join(base, 'versions/draft/index.html'), 'utf8');
    expect(draft).toContain('Draft for the next review of Laughton Community Primary School&#39;s Social Media Policy: not yet approved.');
    expect(draft).toContain('There is a daily quota of 20 minutes');
    const changes = readFileSync(join(base, 'changes/v2-to-draft/index.html'), 'utf8');
    expect(changes).toContain('<del><span class="redline-marker">[Removed: </span>30<span class="redline-marker">]</span></del>');
    expect(changes).toContain("By: The school's details");
    expect(existsSync(join(base, 'changes/v2-to-draft/laughton-cps-social-media-v2-to-draft-changes.pdf'))).toBe(true);
  });

  it("has a redline for Merthyr Tydfil's template between the two releases, and the model's changelog pages", () => {
    expect(existsSync(join(siteDist, 'publishers/merthyr-tydfil/social-media/changes/2016-06-to-2026-09/index.html'))).toBe(true);
    const release = readFileSync(join(siteDist, 'models/social-media/releases/2026-09/index.html'), 'utf8');
    expect(release).toContain('Defamation Act 2013');
    expect(existsSync(join(siteDist, 'models/social-media/releases/index.html'))).toBe(true);
  });
});
