import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, parseMarkdown } from '../src/index.js';

const repository = new URL('../../../', import.meta.url).pathname;
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of this repository's seed project, to change. */
function seedCopy(): string {
  const dir = folder('policy-load-cache-');
  for (const path of ['templates', 'schools', 'site.yaml']) cpSync(join(repository, path), join(dir, path), { recursive: true });
  return dir;
}

/** Every file under a folder, as paths relative to it. */
function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(dir, name)).isFile()).sort();
  } catch {
    return [];
  }
}

/** What a load gives, as far as a test can compare: every release, whole, and every problem as it is reported. */
function loaded(root: string, cache?: string) {
  const { project, problems } = loadProject(root, undefined, { cache });
  return { releases: [...project.releases], models: [...project.models].map(([id, model]) => [id, model.release.id]), problems: problems.map((p) => p.format()) };
}

describe('the cache a load keeps its releases in', () => {
  it('gives every release exactly as reading it does, from the first load that fills it and every load after', () => {
    const root = seedCopy();
    const cache = folder('policy-cache-');
    const fresh = loaded(root);
    const releaseCount = fresh.releases.reduce((total, [, releases]) => total + releases.length, 0);
    expect(releaseCount).toBeGreaterThanOrEqual(3);
    expect(fresh.problems).toEqual([]);
    const first = loaded(root, cache);
    const kept = filesIn(join(cache, 'releases'));
    expect(kept).toHaveLength(releaseCount);
    expect(filesIn(join(cache, 'markdown')).length).toBeGreaterThan(10);
    const second = loaded(root, cache);
    expect(first).toStrictEqual(fresh);
    expect(second).toStrictEqual(fresh);
  });

  it('reads a release again once any file of it changes, and keeps the new one beside the old', () => {
    const root = seedCopy();
    const cache = folder('policy-cache-');
    loaded(root, cache);
    const before = filesIn(join(cache, 'releases'));
    const [model, releases] = loaded(root).releases[0]!;
    const release = releases.at(-1)!;
    const part = release.parts[0]!;
    const path = join(root, part.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^title: .*$/m, 'title: A title changed here'));
    const changed = loaded(root, cache);
    const found = changed.releases.find(([id]) => id === model)![1].at(-1)!;
    expect(found.parts[0]!.title.text).toBe('A title changed here');
    // The release lock no longer matches: a problem, so the changed release is not kept.
    expect(changed.problems.join('\n')).toContain(`${part.file}:1 ${part.file} has changed since release ${release.release.id} was published`);
    expect(filesIn(join(cache, 'releases'))).toEqual(before);
    expect(changed).toStrictEqual(loaded(root));
  });

  it('never keeps a release with problems, so that they are reported every time', () => {
    const root = seedCopy();
    const cache = folder('policy-cache-');
    const [model, releases] = loaded(root).releases[0]!;
    const release = releases.at(-1)!;
    const path = join(root, release.dir, 'model.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(`id: ${model}`, `id: ${model}-renamed`));
    const once = loaded(root, cache);
    const twice = loaded(root, cache);
    expect(once.problems.some((text) => text.includes(`${release.dir}/model.yaml`))).toBe(true);
    expect(twice).toStrictEqual(once);
    expect(twice).toStrictEqual(loaded(root));
  });

  it('reads again a kept release that was cut short, changed or emptied, and mends the entry', () => {
    const root = seedCopy();
    const cache = folder('policy-cache-');
    const fresh = loaded(root);
    loaded(root, cache);
    const entries = filesIn(join(cache, 'releases')).map((name) => join(cache, 'releases', name));
    const [short, changed, empty] = entries as [string, string, string];
    const whole = readFileSync(short);
    writeFileSync(short, whole.subarray(0, whole.length - 100));
    const other = readFileSync(changed);
    other.writeUInt8(other.readUInt8(other.length - 10) ^ 0x01, other.length - 10);
    writeFileSync(changed, other);
    writeFileSync(empty, '');
    expect(loaded(root, cache)).toStrictEqual(fresh);
    expect(readFileSync(short)).toEqual(whole);
    expect(statSync(empty).size).toBeGreaterThan(32);
  });

  it('parses Markdown with a cache as without one, and parses again a tree that was damaged', () => {
    const cache = folder('policy-cache-');
    const text = '---\nkind: section\ntitle: Scope\n---\n\n:::clause{#scope}\nThis policy applies to *all* staff, see [the code](https://example.org).\n:::\n';
    const fresh = parseMarkdown(text);
    expect(parseMarkdown(text, cache)).toStrictEqual(fresh);
    expect(parseMarkdown(text, cache)).toStrictEqual(fresh);
    const [entry] = filesIn(join(cache, 'markdown'));
    writeFileSync(join(cache, 'markdown', entry!), 'not a tree');
    expect(parseMarkdown(text, cache)).toStrictEqual(fresh);
  });
});
