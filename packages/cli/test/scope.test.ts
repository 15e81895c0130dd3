import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type Io } from '../src/index.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// The day the commands run, so that an approval date is never one still to come.
beforeEach(() => vi.stubEnv('SOURCE_DATE_EPOCH', String(Date.UTC(2026, 11, 1) / 1000)));
afterEach(() => vi.unstubAllEnvs());

const laughton = 'schools/east-sussex-cc/laughton-cps.yaml';
/** Another school of the same publisher, and one of another publisher, each a file that is not valid YAML. */
const broken = ['schools/east-sussex-cc/broken-school.yaml', 'schools/twiss-green/another-broken-school.yaml'];
const notYaml = 'name: [Broken School\npolicies: {\n';

/** A copy of this repository's templates/, schools/ and site.yaml in a temporary folder, with files written into it. */
function projectCopy(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-scope-'));
  made.push(dir);
  for (const path of ['templates', 'schools', 'site.yaml']) cpSync(join(repository, path), join(dir, path), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: { write: (chunk) => (stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')) }, stderr: { write: (chunk) => (stderr += chunk) }, cwd: repository };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('commands about one school read no other school', () => {
  const root = projectCopy(Object.fromEntries(broken.map((file) => [file, notYaml])));

  it('policy check reports the broken files', async () => {
    const result = await run(['check', '--root', root]);
    expect(result.code).toBe(1);
    for (const file of broken) expect(result.stderr).toContain(`${file}:`);
  });

  it('policy render renders a school, and says nothing of the broken files', async () => {
    const result = await run(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'txt', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Laughton Community Primary School');
  });

  it("policy render renders a publisher's blank template", async () => {
    const result = await run(['render', 'east-sussex-cc-template', '--policy', 'complaints', '--format', 'txt', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('East Sussex County Council');
  });

  it('policy history and policy diff work', async () => {
    const history = await run(['history', 'laughton-cps', '--policy', 'social-media', '--root', root]);
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('v2 (current)');
    const diff = await run(['diff', 'laughton-cps', '--policy', 'social-media', 'v1', 'v2', '--root', root]);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect(diff.stdout.length).toBeGreaterThan(0);
  });

  it('policy adopt records a version', async () => {
    const copy = projectCopy(Object.fromEntries(broken.map((file) => [file, notYaml])));
    const result = await run(['adopt', 'laughton-cps', '--policy', 'complaints', '--approved', '2026-11-25', '--root', copy]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Recorded laughton-cps complaints v2: release 2026-11, approved 25 November 2026.');
    expect(readFileSync(join(copy, laughton), 'utf8')).toContain('approved: 2026-11-25');
    expect(existsSync(join(copy, 'schools/east-sussex-cc/laughton-cps/complaints-v2.json'))).toBe(true);
    // The record it wrote reads back as a whole check reads it: only the broken files are at fault.
    const check = await run(['check', '--root', copy]);
    const files = [...check.stderr.matchAll(/^(schools\/[^:\s]+):/gm)].map((match) => match[1]);
    expect(new Set(files)).toEqual(new Set(broken));
  });

  it('still suggests the id a user probably meant', async () => {
    const school = await run(['render', 'laughton-cs', '--format', 'txt', '--root', root]);
    expect(school.code).toBe(1);
    expect(school.stderr).toContain('There is no school with the id "laughton-cs".\n    Did you mean "laughton-cps"?');
    const adopt = await run(['adopt', 'laughton-cs', '--approved', '2026-11-25', '--root', root]);
    expect(adopt.code).toBe(1);
    expect(adopt.stderr).toContain('Did you mean "laughton-cps"?');
  });
});

describe('a command about a school whose own file is broken', () => {
  const root = projectCopy({ [laughton]: `${readFileSync(join(repository, laughton), 'utf8')}\n${notYaml}` });

  it('reports its problem and renders nothing', async () => {
    const result = await run(['render', 'laughton-cps', '--policy', 'social-media', '--format', 'txt', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${laughton}:`);
    expect(result.stderr).toContain('Mend them to render laughton-cps.');
  });

  it('policy history reports its problem, and policy adopt records nothing', async () => {
    const before = readFileSync(join(root, laughton), 'utf8');
    const result = await run(['history', 'laughton-cps', '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${laughton}:`);
    const adopt = await run(['adopt', 'laughton-cps', '--policy', 'complaints', '--approved', '2026-11-25', '--root', root]);
    expect(adopt.code).not.toBe(0);
    expect(readFileSync(join(root, laughton), 'utf8')).toBe(before);
  });
});
