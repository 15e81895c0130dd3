import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seeds } from './support/paths.js';
import { policy } from './support/policy-cli.js';
import { withoutPageFurniture, wordSimilarity } from './support/similarity.js';

/**
 * The seed policies the first release of the model reproduces, by policy id (a school's first
 * adopted version, or a publisher's blank template in that release). The schools' later versions
 * adopt the second release, which brings the law up to date, so they differ from the seeds by design.
 * How similarity is computed: support/similarity.ts.
 */
const cases = [
  { school: 'laughton-cps', version: ['--version', 'v1'], seed: '000_3994b7c6b0d01155.txt', minimum: 0.95 },
  { school: 'merthyr-tydfil-template', version: ['--release', '2016-06'], seed: '001_673c99b9c62fd00a.txt', minimum: 0.95 },
  { school: 'evendons-primary', version: ['--version', 'v1'], seed: '002_8dbd7ecd8ee13656.txt', minimum: 0.95 },
  { school: 'life-mat', version: ['--version', 'v1'], seed: '003_b674f73ffc637800.txt', minimum: 0.95 },
  { school: 'twiss-green-cps', version: ['--version', 'v1'], seed: '004_ab9e210f6df4472f.txt', minimum: 0.95 },
];

describe('seed fidelity: the rendered text of each school against its published policy', () => {
  it.each(cases)('renders $school ($version) with word-level similarity of at least $minimum to seed $seed', ({ school, version, seed, minimum }) => {
    const rendered = policy(['render', school, '--policy', 'social-media', ...version, '--format', 'txt']);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    const similarity = wordSimilarity(withoutPageFurniture(readFileSync(join(seeds, seed), 'utf8')), rendered.stdout);
    console.log(`${school}: word-level similarity to ${seed} = ${similarity.toFixed(4)}`);
    expect(similarity).toBeGreaterThanOrEqual(minimum);
  });
});

describe('the similarity measure', () => {
  it('ignores case, punctuation, bullets and clause numbers', () => {
    expect(wordSimilarity('- 6.13.1 Staff MUST, at all times: act.', '6.2 staff must at all times act')).toBe(1);
  });

  it('counts missing, added and changed words against the score', () => {
    expect(wordSimilarity('one two three four', 'one two three four five six')).toBeCloseTo(0.8, 5);
    expect(wordSimilarity('one two three four', 'one two four')).toBeCloseTo(6 / 7, 5);
  });

  it('removes a clause number alone on its line', () => {
    expect(wordSimilarity('1.1\nThe internet', 'The internet')).toBe(1);
  });

  it('removes contents-page numbers and PAGE fields from a seed', () => {
    expect(withoutPageFurniture('1\tIntroduction\t2\t\t\nPAGE\nText')).toBe('1\tIntroduction\nText');
  });
});
