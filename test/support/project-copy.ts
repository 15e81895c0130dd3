import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { afterAll } from 'vitest';
import { repositoryRoot } from './paths.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary copy of this repository's templates/, schools/ and site.yaml, with files added or replaced. */
export function projectCopy(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-project-'));
  made.push(dir);
  for (const path of ['templates', 'schools', 'site.yaml']) cpSync(join(repositoryRoot, path), join(dir, path), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** A temporary folder that is removed after the tests. */
export function temporaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-out-'));
  made.push(dir);
  return dir;
}
