import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, PolicyProblems } from '../src/index.js';

const repository = new URL('../../../', import.meta.url).pathname;
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of this repository's seed project, to change. */
function seedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-lazy-'));
  copies.push(dir);
  for (const path of ['templates', 'schools', 'site.yaml']) cpSync(join(repository, path), join(dir, path), { recursive: true });
  return dir;
}

describe('a load that lets snapshots go', () => {
  it('gives every adopted version the same snapshot as a load that keeps them, read again on asking', () => {
    const root = seedCopy();
    const kept = loadProject(root);
    const lazy = loadProject(root, undefined, { lazySnapshots: true });
    expect(lazy.problems.map((p) => p.format())).toEqual(kept.problems.map((p) => p.format()));
    const versions = (project: typeof kept.project) => [...project.schools.values()].flatMap((school) => [...school.policies.values()].flatMap((policy) => policy.adoptions));
    expect(versions(lazy.project).length).toBeGreaterThan(5);
    for (const [index, adopted] of versions(lazy.project).entries()) {
      const eager = versions(kept.project)[index]!;
      expect(adopted.snapshotFile).toBe(eager.snapshotFile);
      expect(adopted.snapshot).toEqual(eager.snapshot);
      // Read once, then kept.
      expect(adopted.snapshot).toBe(adopted.snapshot);
    }
  });

  it('refuses a snapshot changed after it was checked, naming it, rather than give words its governors did not approve', () => {
    const root = seedCopy();
    const { project } = loadProject(root, undefined, { lazySnapshots: true });
    const adopted = [...project.schools.values()].flatMap((school) => [...school.policies.values()].flatMap((policy) => policy.adoptions))[0]!;
    const file = join(root, adopted.snapshotFile);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace('"text": "', '"text": "Altered. ');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    let thrown: unknown;
    try {
      void adopted.snapshot;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyProblems);
    expect((thrown as PolicyProblems).problems.map((p) => p.format()).join('\n')).toContain(`${adopted.snapshotFile}`);
    expect((thrown as PolicyProblems).problems.map((p) => p.format()).join('\n')).toContain('it changed while the command ran');
  });
});
