import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { releaseLock, releaseLockName } from '../src/release-lock.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A fresh copy of a fixture project in a temporary folder, with some files edited: each edit
 * maps a path to a function of the file's text (empty for a new file, whose folders are made);
 * returning undefined deletes the file. Each release of the fixture's models is then published,
 * as edited, since a publisher takes up only published releases: its release.lock is written,
 * unless an edit gives that lock (an edit that deletes it leaves the release a draft).
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
    if (next === undefined) rmSync(path, { force: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, next);
    }
  }
  const templates = join(dir, 'templates');
  for (const model of existsSync(templates) ? readdirSync(templates) : []) {
    for (const release of readdirSync(join(templates, model))) {
      const folder = `templates/${model}/${release}`;
      if (`${folder}/${releaseLockName}` in edits) continue;
      writeFileSync(join(dir, folder, releaseLockName), releaseLock(dir, folder, release));
    }
  }
  return dir;
}

export const schoolFile = 'schools/demo-council/first-school.yaml';
export const publisherFile = 'schools/demo-council/publisher.yaml';
export const rulesFile = 'templates/demo/2024-06/parts/rules.md';
