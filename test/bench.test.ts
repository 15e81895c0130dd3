import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { temporaryFolder } from './support/project-copy.js';

describe('npm run bench', () => {
  it("times each stage of making a school's PDFs and reports PDFs per second", () => {
    const result = spawnSync(process.execPath, [join(repositoryRoot, 'scripts/bench.mjs'), '--rounds', '1', '--only', 'laughton-cps', '--json'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { documents: number; rounds: number; pages: number; stagesMs: Record<string, number>; totalMs: number; pdfsPerSecond: number; docxPerSecond: number };
    // Laughton has three adopted versions (two of its social media policy, one of its complaints procedure), each a PDF with a cover and contents.
    expect(report.documents).toBe(3);
    expect(report.rounds).toBe(1);
    expect(report.pages).toBeGreaterThan(20);
    expect(Object.keys(report.stagesMs)).toEqual(['resolve', 'fill', 'pdf', 'docx']);
    const { resolve, fill, pdf, docx } = report.stagesMs as Record<'resolve' | 'fill' | 'pdf' | 'docx', number>;
    expect(report.pdfsPerSecond).toBeCloseTo(report.documents / ((resolve + fill + pdf) / 1000), 6);
    expect(report.docxPerSecond).toBeCloseTo(report.documents / (docx / 1000), 6);
  });

  it('refuses a number of rounds that is not a whole number', () => {
    const result = spawnSync(process.execPath, [join(repositoryRoot, 'scripts/bench.mjs'), '--rounds', 'many'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('--rounds must be a whole number of 1 or more, not "many".\n');
  });
});

describe('npm run bench -- --schools N', () => {
  it('makes a project of made-up schools spread over every publisher, each policy adopted twice, which checks clean', async () => {
    const { makeProject } = (await import(join(repositoryRoot, 'scripts/bench/synthetic-project.mjs'))) as { makeProject: (dir: string, options: { schools: number }) => Promise<unknown> };
    const dir = join(temporaryFolder(), 'project');
    await makeProject(dir, { schools: 12 });
    const publishers = readdirSync(join(dir, 'schools'));
    expect(publishers.length).toBe(6);
    const files = publishers.flatMap((publisher) => readdirSync(join(dir, 'schools', publisher)).filter((name) => name.endsWith('.yaml') && name !== 'publisher.yaml').map((name) => join(dir, 'schools', publisher, name)));
    expect(files.length).toBe(12);
    // Two schools for each publisher, and each of a school's policies adopted twice.
    for (const publisher of publishers) expect(files.filter((file) => file.includes(`/${publisher}/`)).length).toBe(2);
    for (const file of files) {
      const school = parse(readFileSync(file, 'utf8')) as { example: boolean; policies: Record<string, { adoptions: unknown[] }> };
      expect(school.example).toBe(true);
      expect(Object.keys(school.policies).sort()).toEqual(['complaints', 'social-media']);
      for (const settings of Object.values(school.policies)) expect(settings.adoptions.length).toBe(2);
    }
    const checked = policy(['check', '--root', dir], { env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) } });
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  }, 300_000);

  it('refuses a number of schools that is not a whole number', () => {
    const result = spawnSync(process.execPath, [join(repositoryRoot, 'scripts/bench.mjs'), '--schools', 'lots'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('--schools must be a whole number of 1 or more, not "lots".\n');
  });
});
