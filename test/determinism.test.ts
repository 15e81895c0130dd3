import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprints } from './support/fingerprints.js';
import { policy } from './support/policy-cli.js';
import { temporaryFolder } from './support/project-copy.js';

describe('deterministic output', () => {
  it('builds byte-identical sites, pages, PDFs and Word documents alike, from the same inputs', () => {
    const [first, second] = [join(temporaryFolder(), 'dist'), join(temporaryFolder(), 'dist')];
    // Review statuses are worked out for the build's date: SOURCE_DATE_EPOCH fixes it, as reproducible builds do.
    // Neither reuses a document rendered before: the first renders without the cache, the second into a new, empty one.
    const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) };
    expect(policy(['build', '--out', first, '--no-cache'], { env }).code).toBe(0);
    expect(policy(['build', '--out', second, '--cache', temporaryFolder()], { env }).code).toBe(0);
    const a = fingerprints(first);
    expect(Object.keys(a)).toContain('schools/laughton-cps/social-media/laughton-cps-social-media.pdf');
    expect(Object.keys(a)).toContain('schools/laughton-cps/social-media/laughton-cps-social-media.docx');
    expect(Object.keys(a).filter((path) => path.endsWith('.docx')).length).toBeGreaterThan(20);
    expect(fingerprints(second)).toEqual(a);
  });
});
