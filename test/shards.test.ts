import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprints } from './support/fingerprints.js';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

/** Review statuses are worked out for the build's date: fixed, so that every build here agrees. */
const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) };

function run(args: string[]) {
  const result = policy(args, { env });
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('a build split into shards', () => {
  it('builds three shards, each of its own schools, which assembled give the same site as one build, byte for byte; and refuses an incomplete or damaged set', () => {
    const cache = temporaryFolder();
    const whole = join(temporaryFolder(), 'site');
    run(['build', '--out', whole, '--cache', cache]);

    const shards = [1, 2, 3].map((index) => {
      const out = join(temporaryFolder(), `shard-${index}`);
      const built = run(['build', '--shard', `${index}/3`, '--out', out, '--cache', cache]);
      expect(built.stdout).toContain(`shard ${index} of 3`);
      const record = JSON.parse(readFileSync(join(out, 'shard.json'), 'utf8')) as { schools: string[] };
      // A shard holds its own schools' pages and documents and nothing of the site as a whole.
      for (const path of Object.keys(fingerprints(out))) {
        if (path === 'shard.json' || path === 'manifest.json') continue;
        expect(record.schools.some((id) => path.startsWith(`schools/${id}/`)), path).toBe(true);
      }
      return { out, schools: record.schools };
    });
    // Every school is in exactly one shard.
    const held = shards.flatMap((shard) => shard.schools).sort();
    expect(held).toEqual([...new Set(held)]);
    expect(held).toContain('laughton-cps');
    expect(held.length).toBe(7);

    const assembled = join(temporaryFolder(), 'site');
    const done = run(['assemble', ...shards.map((shard) => shard.out), '--out', assembled, '--cache', cache]);
    expect(done.stdout).toContain('3 shards assembled');
    expect(fingerprints(assembled)).toEqual(fingerprints(whole));

    // Two shards of three are not the whole site.
    const partial = policy(['assemble', shards[0]!.out, shards[1]!.out, '--out', join(temporaryFolder(), 'site')], { env });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('Shard 3 of 3 is missing');

    // A shard's file changed after it was built is refused, and nothing is published.
    const page = shards.flatMap((shard) => Object.keys(fingerprints(shard.out)).map((path) => join(shard.out, path))).find((path) => path.endsWith('.html'))!;
    writeFileSync(page, `${readFileSync(page, 'utf8')}<!-- changed -->`);
    const target = join(temporaryFolder(), 'site');
    const damaged = policy(['assemble', ...shards.map((shard) => shard.out), '--out', target], { env });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('is not the file its shard');
    expect(damaged.stderr).toContain('Nothing was changed');
  }, 900_000);
});

describe('a build in batches', () => {
  it('builds a project of more schools than a batch holds batch by batch, each in a process of its own, into the same site as one build; a bad school stops it and changes nothing', () => {
    const reports = temporaryFolder();
    const whole = join(temporaryFolder(), 'site');
    run(['build', '--out', whole, '--no-cache', '--report', join(reports, 'whole.json')]);

    const batched = join(temporaryFolder(), 'site');
    const built = run(['build', '--out', batched, '--no-cache', '--batch', '3', '--report', join(reports, 'batched.json')]);
    // Seven schools, at most three a batch: three batches (by a hash of each school's id, as shards are split).
    expect(built.stdout).toMatch(/^Batch 1 of 3: \d schools?, documents \d+ rendered and 0 reused, in [\d.]+s\.$/m);
    expect(built.stdout).toMatch(/^Batch 3 of 3: /m);
    expect(built.stdout).toMatch(/for 7 schools .* in [\d.]+s, in 3 batches of about 3 schools\.$/m);
    expect(fingerprints(batched)).toEqual(fingerprints(whole));

    type Report = { documents: { rendered: number; reused: number; renderedFiles: string[] }; batches: { schools: number }[] };
    const one = JSON.parse(readFileSync(join(reports, 'whole.json'), 'utf8')) as Report;
    const split = JSON.parse(readFileSync(join(reports, 'batched.json'), 'utf8')) as Report;
    // Every document is rendered once, by the batch of its school (the templates' by the first batch), and counted once.
    expect(split.documents.rendered).toBe(one.documents.rendered);
    expect(split.documents.reused).toBe(0);
    expect(split.documents.renderedFiles).toEqual(one.documents.renderedFiles);
    expect(split.batches.map((batch) => batch.schools).reduce((sum, count) => sum + count, 0)).toBe(7);

    // A shard of more schools than a batch holds is built in batches too, into the shard it is built at once.
    const shardAtOnce = join(temporaryFolder(), 'shard');
    const shardInBatches = join(temporaryFolder(), 'shard');
    run(['build', '--shard', '1/2', '--out', shardAtOnce, '--no-cache']);
    const inBatches = run(['build', '--shard', '1/2', '--batch', '2', '--out', shardInBatches, '--no-cache']);
    expect(inBatches.stdout).toMatch(/^Built shard 1 of 2: .* in \d+ batches of about 2 schools\.$/m);
    expect(fingerprints(shardInBatches)).toEqual(fingerprints(shardAtOnce));

    // A school file that cannot be read: the batch that holds it reports it, and the site built before is untouched.
    const root = projectCopy();
    const file = join(root, 'schools', 'east-sussex-cc', 'laughton-cps.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nbroken: [\n`);
    const before = fingerprints(batched);
    const failed = policy(['build', '--root', root, '--out', batched, '--no-cache', '--batch', '3'], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('schools/east-sussex-cc/laughton-cps.yaml');
    expect(failed.stderr).toContain(`Nothing was built; ${batched} is unchanged.`);
    expect(failed.stderr).toMatch(/The build stopped at batch \d of 3, whose schools were checked; "policy check" checks every school\./);
    expect(failed.stderr).not.toContain('policy-batches-');
    expect(fingerprints(batched)).toEqual(before);
  }, 900_000);
});

describe('a build in batches, kept in the cache', () => {
  it('reuses a batch none of whose inputs changed, builds again the batch of a changed school and one whose kept files were damaged, and gives the site a clean build gives', () => {
    const root = projectCopy();
    const cache = temporaryFolder();
    const site = join(temporaryFolder(), 'site');
    const build = (out = site) => run(['build', '--root', root, '--out', out, '--cache', cache, '--batch', '3']);
    const batchLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('Batch '));
    const clean = () => {
      const out = join(temporaryFolder(), 'site');
      run(['build', '--root', root, '--out', out, '--no-cache']);
      return fingerprints(out);
    };

    const first = build();
    expect(batchLines(first.stdout).every((line) => / rendered and 0 reused, in /.test(line))).toBe(true);

    // Nothing changed, into another folder (into the same one, nothing is built at all): every batch is reused, and nothing is rendered.
    const elsewhere = join(temporaryFolder(), 'site');
    const again = build(elsewhere);
    expect(batchLines(again.stdout)).toHaveLength(3);
    expect(batchLines(again.stdout).every((line) => line.endsWith('unchanged since an earlier build: its pages and documents reused.'))).toBe(true);
    expect(again.stdout).toMatch(/^Documents: 0 rendered, \d+ reused/m);
    expect(fingerprints(elsewhere)).toEqual(clean());
    expect(build().stdout).toContain('Nothing changed: ');

    // One school's detail changed: only its batch is built again.
    const file = join(root, 'schools', 'east-sussex-cc', 'laughton-cps.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('  headteacher:\n    title: ');
    writeFileSync(file, text.replace(/( {2}headteacher:\n {4}title: ).*/, '$1head of school'));
    const changed = build();
    const rebuilt = batchLines(changed.stdout).filter((line) => !line.endsWith('its pages and documents reused.'));
    expect(rebuilt).toHaveLength(1);
    expect(rebuilt[0]).toMatch(/documents [1-9]\d* rendered/);
    expect(fingerprints(site)).toEqual(clean());

    // A kept batch's page cut short is found, and that batch built again, never published.
    const kept = join(cache, 'batches');
    const keptPage = readdirSync(kept, { recursive: true, withFileTypes: true }).find((entry) => entry.isFile() && entry.name === 'index.html')!;
    const damaged = join(keptPage.parentPath, keptPage.name);
    writeFileSync(damaged, readFileSync(damaged).subarray(0, 100));
    const another = join(temporaryFolder(), 'site');
    const repaired = build(another);
    expect(batchLines(repaired.stdout).filter((line) => !line.endsWith('its pages and documents reused.'))).toHaveLength(1);
    expect(fingerprints(another)).toEqual(clean());
    // The batches no longer used (before the change, and the damaged one) are pruned: one kept folder a batch.
    expect(readdirSync(kept).length).toBe(3);
  }, 1_200_000);
});
