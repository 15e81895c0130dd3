import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

/**
 * Faults: a command killed at different moments, two at once, output cut off. Nothing is lost and
 * nothing is left half-done: the site is the earlier one or the new one, whole; a school's file is
 * the earlier one or the new one, whole, and a record never names a snapshot that is not there.
 */

const bin = join(repositoryRoot, 'packages/cli/bin/policy.js');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs policy, and kills it (with everything it started) after `killAfter` milliseconds if it is still running. */
function run(args: string[], options: { cwd: string; killAfter?: number }): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer =
      options.killAfter === undefined
        ? undefined
        : setTimeout(() => {
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              // It had finished.
            }
          }, options.killAfter);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file of a folder by its path, with forward slashes. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}

/** Asserts a built site is whole: its manifest lists exactly the files there, each with its sha-256. Gives the manifest's own hash. */
function expectWholeSite(dir: string): string {
  const manifestText = readFileSync(join(dir, 'manifest.json'));
  const manifest = JSON.parse(manifestText.toString('utf8')) as { files: { path: string; sha256: string }[] };
  expect(filesIn(dir)).toEqual([...manifest.files.map((file) => file.path), 'manifest.json'].sort());
  for (const file of manifest.files) expect(sha256(readFileSync(join(dir, file.path))), file.path).toBe(file.sha256);
  return sha256(manifestText);
}

describe('a build killed at any moment', () => {
  it('leaves the earlier site whole or the new one, and the next build succeeds', async () => {
    const root = projectCopy();
    const parent = temporaryFolder();
    const out = join(parent, 'site');
    const started = Date.now();
    const first = await run(['build', '--root', root, '--out', out], { cwd: root });
    expect(first.code, first.stderr).toBe(0);
    // Kill points spread over a build as long as the first one took: checking, Astro, the search index, the manifest, the swap.
    const took = Date.now() - started;
    const earlier = expectWholeSite(out);
    // A change, so that the new site differs from the earlier one.
    const school = join(root, 'schools/east-sussex-cc/laughton-cps.yaml');
    writeFileSync(school, readFileSync(school, 'utf8').replace('name: Laughton Community Primary School', 'name: Laughton Community Primary Academy'));
    for (const delay of [0.02, 0.15, 0.35, 0.55, 0.75, 0.9, 0.97, 1.05].map((share) => Math.round(share * took))) {
      const killed = await run(['build', '--root', root, '--out', out], { cwd: root, killAfter: delay });
      expect(killed.stderr, `a stack trace after ${delay}ms`).not.toMatch(/^\s+at /m);
      const now = expectWholeSite(out);
      if (now !== earlier) expect(readFileSync(join(out, 'schools/laughton-cps/index.html'), 'utf8')).toContain('Laughton Community Primary Academy');
    }
    const next = await run(['build', '--root', root, '--out', out], { cwd: root });
    expect(next.code, next.stderr).toBe(0);
    expectWholeSite(out);
    expect(readdirSync(parent)).toEqual(['site']);
    expect(readdirSync(root).sort()).toEqual(['schools', 'site.yaml', 'templates']);
    const work = join(repositoryRoot, 'apps/site/node_modules/.policy-build');
    expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
  }, 1_200_000);
});

describe('a build into another file system', () => {
  it('builds into a folder on a memory file system (tmpfs), started from a folder outside the project, and writes nothing there', async () => {
    const root = projectCopy();
    const memory = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const parent = mkdtempSync(join(memory, 'policy-site-'));
    const elsewhere = temporaryFolder();
    try {
      const result = await run(['build', '--root', root, '--out', join(parent, 'site')], { cwd: elsewhere });
      expect(result.code, result.stderr).toBe(0);
      expectWholeSite(join(parent, 'site'));
      expect(readdirSync(parent)).toEqual(['site']);
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(readdirSync(root).sort()).toEqual(['schools', 'site.yaml', 'templates']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 600_000);
});

/** The adoption records of a school file's social media policy. */
function socialMedia(file: unknown): unknown[] {
  return (file as { policies: { 'social-media': { adoptions: unknown[] } } }).policies['social-media'].adoptions;
}

describe('an adopt killed at any moment', () => {
  it("leaves the school's file exactly as it was or exactly with the new record, and the record's snapshot with it", async () => {
    for (const delay of [300, 1_500, 2_500, 3_500, 5_000, 8_000]) {
      const root = projectCopy();
      const file = join(root, 'schools/east-sussex-cc/laughton-cps.yaml');
      const before = readFileSync(file, 'utf8');
      const recorded = socialMedia(parse(before)).length;
      const snapshot = join(root, `schools/east-sussex-cc/laughton-cps/social-media-v${recorded + 1}.json`);
      const killed = await run(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2026-11-16', '--by', 'Full governing body'], { cwd: root, killAfter: delay });
      expect(killed.stderr, `a stack trace after ${delay}ms`).not.toMatch(/^\s+at /m);
      const after = readFileSync(file, 'utf8');
      if (after === before) {
        expect(existsSync(snapshot), `a snapshot without its record after ${delay}ms`).toBe(false);
      } else {
        // Exactly the new content: the earlier records as they were, and one more, whose snapshot is there.
        const adoptions = socialMedia(parse(after));
        expect(adoptions.slice(0, recorded)).toEqual(socialMedia(parse(before)));
        expect(adoptions.length).toBe(recorded + 1);
        expect(existsSync(snapshot), `a record without its snapshot after ${delay}ms`).toBe(true);
        const check = policy(['check'], { cwd: root });
        expect(check.code, check.stderr).toBe(0);
      }
      // Whatever the kill left (a lock, a temporary file), the next adopt records its version and cleans up.
      const next = await run(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2026-11-23'], { cwd: root });
      expect(next.code, next.stderr).toBe(0);
      const check = policy(['check'], { cwd: root });
      expect(check.code, check.stderr).toBe(0);
      expect(readdirSync(join(root, 'schools/east-sussex-cc')).filter((name) => name.startsWith('.'))).toEqual([]);
    }
  }, 900_000);

  it('two adopts of one school at once lose no record: each records its version or refuses, saying why', async () => {
    const root = projectCopy();
    const file = join(root, 'schools/east-sussex-cc/laughton-cps.yaml');
    const recorded = socialMedia(parse(readFileSync(file, 'utf8'))).length;
    const results = await Promise.all([
      run(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2026-11-16', '--minute', 'first'], { cwd: root }),
      run(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2026-11-17', '--minute', 'second'], { cwd: root }),
    ]);
    const succeeded = results.filter((result) => result.code === 0);
    expect(succeeded.length).toBeGreaterThan(0);
    for (const refused of results.filter((result) => result.code !== 0)) {
      expect(refused.code).toBe(1);
      // Run side by side, the second finds the first's lock or its record written meanwhile; started after the first is done, it
      // reads the first's record, and its own approval (the 16th) would come before it (the 17th).
      expect(refused.stderr).toMatch(/Another policy adopt \(process \d+\) is recording a version of laughton-cps|This file changed while the command ran|2026-11-16 is before the previous version's approval, 2026-11-17/);
    }
    const adoptions = (socialMedia(parse(readFileSync(file, 'utf8'))) as { minute?: string }[]);
    expect(adoptions.length).toBe(recorded + succeeded.length);
    expect(adoptions.slice(recorded).map((adoption) => adoption.minute).sort()).toEqual(
      results.flatMap((result, index) => (result.code === 0 ? [index === 0 ? 'first' : 'second'] : [])).sort(),
    );
    const check = policy(['check'], { cwd: root });
    expect(check.code, check.stderr).toBe(0);
  });

  it("keeps the school file's byte-order mark and Windows line endings", () => {
    const root = projectCopy();
    const file = join(root, 'schools/east-sussex-cc/laughton-cps.yaml');
    const unix = readFileSync(file, 'utf8');
    writeFileSync(file, `\uFEFF${unix.replace(/\n/g, '\r\n')}`);
    // The complaints procedure is the file's last section, so its new record comes at the end.
    const result = policy(['adopt', 'laughton-cps', '--policy', 'complaints', '--approved', '2026-11-25'], { cwd: root, env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) } });
    expect(result.code, result.stderr).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(`\uFEFF${unix.replace(/\n/g, '\r\n').trimEnd()}`)).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after).toContain('approved: 2026-11-25\r\n');
  });
});

describe('output cut off', () => {
  it('stops quietly when the program reading its output stops (| head)', async () => {
    const result = await new Promise<Finished>((done, fail) => {
      const child = spawn(process.execPath, [bin, 'render', 'laughton-cps', '--policy', 'social-media', '--format', 'html'], { cwd: projectCopy() });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code, signal) => done({ code, signal, stdout: '', stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
