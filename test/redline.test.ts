import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policy } from './support/policy-cli.js';
import { projectCopy } from './support/project-copy.js';

/**
 * A copy of the project with a release 2027-01 that rewords a clause three county editions share,
 * its changelog note written once for most editions, once for the county-merthyr-2017 edition and
 * once for trusts, then published; East Sussex takes it up, so Laughton's draft is filled from it.
 */
function releaseWithEditionNotes(): string {
  const root = projectCopy();
  const folder = join(root, 'templates/social-media/2027-01');
  cpSync(join(root, 'templates/social-media/2026-09'), folder, { recursive: true });
  rmSync(join(folder, 'release.lock'));
  const part = join(folder, 'parts/legal-framework.md');
  writeFileSync(part, readFileSync(part, 'utf8').replaceAll('- Protection from Harassment Act 1997', '- Protection from Harassment Act 1997, as amended'));
  writeFileSync(
    join(folder, 'release.yaml'),
    [
      'title: Harassment law as amended',
      'summary: One clause now cites the Protection from Harassment Act as amended; governors need read only that clause.',
      'changes:',
      '  - ids: [other-laws]',
      '    weight: correction',
      '    what:',
      '      default: The list of other laws cites the Protection from Harassment Act 1997 as amended.',
      '      county-merthyr-2017: In the Welsh list of other laws, beside the Protection of Freedoms Act 2012, the Protection from Harassment Act 1997 is cited as amended.',
      '      trust: The trust edition cites the Protection from Harassment Act 1997 as amended.',
      '    why:',
      '      default: The Act has been amended since 1997.',
      '      county-merthyr-2017: The Act has been amended since 1997, in Wales as in England.',
      '',
    ].join('\n'),
  );
  const published = policy(['publish', 'social-media', '2027-01', '--root', root]);
  if (published.code !== 0) throw new Error(published.stderr);
  const eastSussex = join(root, 'schools/east-sussex-cc/publisher.yaml');
  const last = '      - release: 2026-09\n        since: 2026-09\n';
  const text = readFileSync(eastSussex, 'utf8');
  if (!text.includes(last)) throw new Error(`${eastSussex} has no "${last}"`);
  writeFileSync(eastSussex, text.replace(last, `${last}      - release: 2027-01\n        since: 2027-01\n`));
  return root;
}

describe('a changelog note written per edition or variant', () => {
  const root = releaseWithEditionNotes();
  const templateDiff = (publisher: string) => {
    const result = policy(['diff', '--model', 'social-media', '2026-09', '2027-01', '--publisher', publisher, '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };

  it("shows each publisher's redline only the note for its own edition", () => {
    const eastSussex = templateDiff('east-sussex-cc');
    expect(eastSussex).toContain('What changed (release 2027-01): The list of other laws cites the Protection from Harassment Act 1997 as amended.');
    expect(eastSussex).toContain('Why: The Act has been amended since 1997.\n');
    const merthyr = templateDiff('merthyr-tydfil');
    expect(merthyr).toContain('What changed (release 2027-01): In the Welsh list of other laws, beside the Protection of Freedoms Act 2012, the Protection from Harassment Act 1997 is cited as amended.');
    expect(merthyr).toContain('Why: The Act has been amended since 1997, in Wales as in England.');
    for (const [text, others] of [
      [eastSussex, ['Welsh list', 'in Wales as in England', 'trust edition']],
      [merthyr, ['The list of other laws cites', 'trust edition']],
    ] as const) {
      for (const other of others) expect(text).not.toContain(other);
    }
  });

  it("shows a trust's redline the note for its variant, and the default where none is written for it", () => {
    const bellevue = templateDiff('bellevue-place');
    expect(bellevue).toContain('What changed (release 2027-01): The trust edition cites the Protection from Harassment Act 1997 as amended.');
    expect(bellevue).toContain('Why: The Act has been amended since 1997.\n');
    expect(bellevue).not.toContain('Welsh list');
  });

  it("shows a school's redline, with the release's summary first, the note for its edition, in text and JSON", () => {
    const text = policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v2', 'draft', '--root', root]).stdout;
    expect(text).toContain('Summary\n\nRelease January 2027: Harassment law as amended\nOne clause now cites the Protection from Harassment Act as amended; governors need read only that clause.\n\n1 clause changed; the other ');
    expect(text).toContain('Clause 3.3: “Staff members should also be aware that other…”');
    expect(text).toContain('Protection from Harassment Act [Removed: 1997][Added: 1997, as amended]');
    expect(text).toContain('What changed (release 2027-01): The list of other laws cites the Protection from Harassment Act 1997 as amended.');
    expect(text).not.toContain('Welsh list');
    const json = JSON.parse(policy(['diff', 'laughton-cps', '--policy', 'social-media', 'v2', 'draft', '--format', 'json', '--root', root]).stdout) as {
      changes: { id: string; reasons: { what: string; why: string }[] }[];
    };
    expect(json.changes.find((item) => item.id === 'other-laws')!.reasons).toEqual([
      { release: '2027-01', weight: 'correction', what: 'The list of other laws cites the Protection from Harassment Act 1997 as amended.', why: 'The Act has been amended since 1997.' },
    ]);
  });

  it('is accepted by policy check, each note keyed by an edition or a variant of the model', () => {
    const result = policy(['check', '--root', root]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
