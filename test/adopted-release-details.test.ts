import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadProject, snapshotJson, textBlocks } from '@school-policy/core';
import { adoptionSnapshot } from '@school-policy/generator';
import { policy } from './support/policy-cli.js';
import { projectCopy } from './support/project-copy.js';

const laughtonFile = 'schools/east-sussex-cc/laughton-cps.yaml';
const snapshotFile = 'schools/east-sussex-cc/laughton-cps/social-media-v3.json';

function edit(root: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(root, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  writeFileSync(join(root, file), text.replace(from, to));
}

/**
 * A copy of the project with a release 2026-11, published, that offers a fourth choice of when
 * staff may use social media at work, and Laughton choosing it. Release 2026-09 has no words for
 * that choice. East Sussex takes it up.
 */
function laterChoice(): string {
  const root = projectCopy();
  const folder = 'templates/social-media/2026-11';
  cpSync(join(root, 'templates/social-media/2026-09'), join(root, folder), { recursive: true });
  rmSync(join(root, folder, 'release.lock'));
  writeFileSync(join(root, folder, 'release.yaml'), 'title: A later release\nsummary: A fourth choice of when staff may use social media at work.\n');
  edit(root, `${folder}/parameters.yaml`, '    - id: not-at-work\n', '    - id: own-devices\n      description: Only on their own devices, and not when pupils are present.\n    - id: not-at-work\n');
  edit(
    root,
    `${folder}/parts/personal-use.md`,
    '{{#is personalUse.atWork "not-at-work"}}',
    "{{#is personalUse.atWork \"own-devices\"}}{{school.name}} permits personal use of social media at work only on staff members' own devices. Staff{{/is}}{{#is personalUse.atWork \"not-at-work\"}}",
  );
  const published = policy(['publish', 'social-media', '2026-11', '--root', root]);
  if (published.code !== 0) throw new Error(published.stderr);
  // East Sussex takes up the new release, so Laughton's policy is filled from it.
  edit(root, 'schools/east-sussex-cc/publisher.yaml', '        since: 2026-09\n', '        since: 2026-09\n      - release: 2026-11\n        since: 2026-11\n');
  edit(root, laughtonFile, '      personalUse:\n', '      personalUse:\n        atWork: own-devices\n');
  return root;
}

describe('an adopted version is checked against the release it was adopted from', () => {
  it('fails policy check and policy render for a version frozen with a choice only a later release offers, naming the snapshot, the field and both releases', () => {
    const root = laterChoice();
    // Freeze version 3 from release 2026-09 with the school's details as they are, as policy adopt did before it checked them.
    const { project } = loadProject(root);
    const { snapshot, file, hash } = adoptionSnapshot(project, project.schools.get('laughton-cps')!.policies.get('social-media')!, '2026-09');
    expect(file).toBe(snapshotFile);
    // What that freezes: a clause that begins mid-sentence.
    const clause = textBlocks(snapshot.text).find(({ block }) => block.id === 'personal-use-at-work')!.block;
    expect(clause.text).toMatch(/^ ?members are expected to devote their contracted hours/);
    const json = snapshotJson(snapshot);
    writeFileSync(join(root, file), json);
    const record = parseDocument(readFileSync(join(root, laughtonFile), 'utf8'));
    record.addIn(['policies', 'social-media', 'adoptions'], { version: 3, release: '2026-09', approved: '2026-12-01', snapshot: hash });
    writeFileSync(join(root, laughtonFile), record.toString());

    const lines = json.split('\n');
    const line = lines.findIndex((text) => text.includes('"atWork": "own-devices"')) + 1;
    const column = lines[line - 1]!.indexOf('"atWork"') + 1;
    const expected = `${snapshotFile}:${line}:${column} inputs.school.details.personalUse.atWork is "own-devices", a choice that release 2026-09 of the Social Media Policy does not offer: it was added in release 2026-11.`;

    const check = policy(['check', '--root', root]);
    expect(check.stderr).toContain(expected);
    expect(check.stderr).toContain(`Version 3 of laughton-cps was frozen with settings release 2026-09 cannot fill, so its words are not what its governors meant. Remove its record from ${laughtonFile} and its snapshot, then record the approval again from release 2026-11`);
    expect(check.code).toBe(1);

    const render = policy(['render', 'laughton-cps', '--policy', 'social-media', '--version', 'v3', '--format', 'txt', '--root', root]);
    expect(render.stderr).toContain(expected);
    expect(render.stdout).toBe('');
    expect(render.code).toBe(1);
  });

  it('adopts the later release that offers the choice, and policy check passes', () => {
    const root = laterChoice();
    const adopted = policy(['adopt', 'laughton-cps', '--policy', 'social-media', '--approved', '2026-12-01', '--root', root]);
    expect(adopted.stderr).toBe('');
    expect(adopted.stdout).toContain('Recorded laughton-cps social-media v3: release 2026-11, approved 1 December 2026.');
    const frozen = readFileSync(join(root, snapshotFile), 'utf8');
    expect(frozen).toContain("Laughton Community Primary School permits personal use of social media at work only on staff members' own devices. Staff members are expected");
    expect(policy(['check', '--root', root]).code).toBe(0);
  });
});
