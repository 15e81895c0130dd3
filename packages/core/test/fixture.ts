import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const fixtures = new URL('./fixtures/', import.meta.url);
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A fresh copy of a fixture project in a temporary folder, with some files edited: each edit
 * maps a path to a function of the file's text; returning undefined deletes the file.
 */
export function fixtureProject(edits: Record<string, (text: string) => string | undefined> = {}, name = 'demo'): string {
  const dir = mkdtempSync(join(tmpdir(), `policy-${name}-`));
  made.push(dir);
  cpSync(new URL(name, fixtures), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      // A new file.
    }
    const next = edit(text);
    if (next === undefined) rmSync(path);
    else writeFileSync(path, next);
  }
  return dir;
}

export const schoolFile = 'schools/demo-council/first-school.yaml';
export const publisherFile = 'schools/demo-council/publisher.yaml';
export const rulesFile = 'templates/demo/2024-06/parts/rules.md';
