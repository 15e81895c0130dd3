import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './support/paths.js';

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
