import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprints } from './support/fingerprints.js';
import { policy } from './support/policy-cli.js';
import { repositoryRoot } from './support/paths.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

interface BuildReport {
  documents: { rendered: number; reused: number; renderedFiles: string[] };
}

/** Review statuses are worked out for the build's date: fixed, so that every build here agrees. */
const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) };

function build(root: string, ...options: string[]): { out: string; report: BuildReport } {
  const out = join(temporaryFolder(), 'site');
  const reportFile = join(temporaryFolder(), 'report.json');
  const result = policy(['build', '--root', root, '--out', out, '--report', reportFile, ...options], { env });
  expect(result.code, result.stderr).toBe(0);
  return { out, report: JSON.parse(readFileSync(reportFile, 'utf8')) as BuildReport };
}

describe('the document cache', () => {
  it("re-renders only the documents of the school whose details changed, gives the same site as a build without the cache, and rebuilds a damaged entry rather than publish it", () => {
    const root = projectCopy();
    const cache = temporaryFolder();
    const cold = build(root, '--cache', cache);
    expect(cold.report.documents.reused).toBe(0);
    expect(cold.report.documents.rendered).toBeGreaterThan(50);

    const unchanged = build(root, '--cache', cache);
    expect(unchanged.report.documents).toMatchObject({ rendered: 0, reused: cold.report.documents.rendered, renderedFiles: [] });
    expect(fingerprints(unchanged.out)).toEqual(fingerprints(cold.out));

    // Laughton's headteacher is now its headteacher, not its executive headteacher: a detail both its policies use.
    const file = join(root, 'schools/east-sussex-cc/laughton-cps.yaml');
    const before = readFileSync(file, 'utf8');
    expect(before).toContain('title: executive headteacher');
    writeFileSync(file, before.replace('title: executive headteacher', 'title: headteacher'));
    const changed = build(root, '--cache', cache);
    const { rendered, reused, renderedFiles } = changed.report.documents;
    expect(rendered).toBeGreaterThan(0);
    expect(renderedFiles.length).toBeGreaterThanOrEqual(rendered);
    // Only Laughton's documents: its drafts for the next review of each policy, and their comparisons with the adopted versions.
    for (const href of renderedFiles) expect(href).toMatch(/^\/schools\/laughton-cps\/(social-media|complaints)\//);
    expect(renderedFiles).toContain('/schools/laughton-cps/social-media/versions/draft/laughton-cps-social-media-draft.pdf');
    expect(renderedFiles).toContain('/schools/laughton-cps/social-media/changes/v2-to-draft/laughton-cps-social-media-v2-to-draft-changes.pdf');
    expect(reused).toBeGreaterThan(50);
    // The adopted versions never change, whatever the school's details now.
    expect(renderedFiles.filter((href) => /\/versions\/v\d+\//.test(href))).toEqual([]);

    const clean = build(root, '--no-cache');
    expect(clean.report.documents.reused).toBe(0);
    const site = fingerprints(changed.out);
    expect(fingerprints(clean.out)).toEqual(site);

    // A cache entry cut short (a full disk, a killed copy) is found out and rendered again, never published.
    const pdf = 'schools/laughton-cps/social-media/laughton-cps-social-media.pdf';
    const cached = readdirSync(cache, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.pdf'))
      .map((entry) => join(entry.parentPath, entry.name))
      .find((path) => createHash('sha256').update(readFileSync(path)).digest('hex') === site[pdf]);
    expect(cached, 'the cache holds the PDF').toBeDefined();
    truncateSync(cached!, 1000);
    const mended = build(root, '--cache', cache);
    expect(mended.report.documents.rendered).toBe(1);
    expect(mended.report.documents.renderedFiles).toContain(`/${pdf}`);
    expect(fingerprints(mended.out)).toEqual(site);
    expect(createHash('sha256').update(readFileSync(cached!)).digest('hex')).toBe(site[pdf]);
  }, 900_000);

  it("keeps the site's compiled stylesheet, and compiles it again from its Sass when the kept file was damaged", () => {
    const root = projectCopy();
    const first = build(root, '--no-cache');
    const kept = join(repositoryRoot, 'apps/site/node_modules/.cache/school-policy-styles');
    const files = readdirSync(kept).filter((name) => name.endsWith('.css'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) writeFileSync(join(kept, name), `${readFileSync(join(kept, name), 'utf8')}\nbody { display: none }\n`);
    const second = build(root, '--no-cache');
    const styles = (out: string) => Object.entries(fingerprints(out)).filter(([path]) => path.endsWith('.css'));
    expect(styles(first.out).length).toBeGreaterThan(0);
    expect(styles(second.out)).toEqual(styles(first.out));
    for (const name of files) expect(readFileSync(join(kept, name), 'utf8')).not.toContain('display: none }');
  }, 900_000);

  it('builds nothing when its folder already holds the site its files build, and builds again when a file there or in the project changed', () => {
    const root = projectCopy();
    const cache = temporaryFolder();
    const out = join(temporaryFolder(), 'site');
    const reportFile = join(temporaryFolder(), 'report.json');
    const run = () => {
      const result = policy(['build', '--root', root, '--out', out, '--cache', cache, '--report', reportFile], { env });
      expect(result.code, result.stderr).toBe(0);
      return { stdout: result.stdout, report: JSON.parse(readFileSync(reportFile, 'utf8')) as BuildReport & { upToDate?: boolean } };
    };
    const first = run();
    expect(first.stdout).not.toContain('Nothing changed');
    const site = fingerprints(out);

    const again = run();
    expect(again.stdout).toContain(`Nothing changed: ${out} holds the site these files build, every file as its manifest lists it.`);
    expect(again.report.upToDate).toBe(true);
    expect(again.report.documents).toMatchObject({ rendered: 0, reused: first.report.documents.rendered, renderedFiles: [] });
    expect(fingerprints(out)).toEqual(site);

    // A page of the built site changed by hand: the site is built again, and the page is as it was.
    const page = join(out, 'index.html');
    writeFileSync(page, `${readFileSync(page, 'utf8')}<!-- edited -->`);
    const mended = run();
    expect(mended.stdout).not.toContain('Nothing changed');
    expect(fingerprints(out)).toEqual(site);

    // A school's detail changed: built again.
    const file = join(root, 'schools/east-sussex-cc/laughton-cps.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: executive headteacher', 'title: headteacher'));
    const changed = run();
    expect(changed.stdout).not.toContain('Nothing changed');
    expect(changed.report.documents.rendered).toBeGreaterThan(0);
  }, 900_000);
});
