import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detailsProblemsInRelease, loadProject, resolvePolicy } from '../src/index.js';
import { fixtureProject, publisherFile, rulesFile, schoolFile } from './fixture.js';

function problemsOf(root: string): string[] {
  return loadProject(root).problems.map((p) => p.format());
}

describe('loading a valid project', () => {
  it('reads the model, the publisher and the school into typed objects with no problems', () => {
    const { project, problems } = loadProject(fixtureProject());
    expect(problems).toEqual([]);
    const model = project.models.get('demo')!;
    expect(model.title).toBe('Demo Policy');
    expect(model.parts.map((part) => `${part.kind}:${part.id}`)).toEqual(['section:opening', 'section:rules', 'appendix:forms', 'appendix:extras']);
    expect(model.parameters.map((p) => p.name)).toEqual(['employer.name', 'quotaMinutes', 'openFrom', 'extraPolicies', 'strictness']);
    expect(model.modules.map((module) => module.id)).toEqual(['extras']);
    const publisher = project.publishers.get('demo-council')!;
    expect(publisher).toMatchObject({ name: 'Demo County Council', variant: 'la' });
    expect([...publisher.policies.keys()]).toEqual(['demo']);
    expect(publisher.policies.get('demo')).toMatchObject({ model: 'demo', release: '2024-06', published: '2024-06', releases: [{ release: '2024-06', since: '2024-06' }] });
    const school = project.schools.get('first-school')!;
    expect(school).toMatchObject({ name: 'First School', publisher: 'demo-council', details: {} });
    expect([...school.policies.keys()]).toEqual(['demo']);
    expect(school.policies.get('demo')).toMatchObject({ model: 'demo', reviewed: '2024-09', details: { quotaMinutes: 20, openFrom: '16:00' } });
  });

  it('records which parameters each clause template uses, and where it starts', () => {
    const { project } = loadProject(fixtureProject());
    const rules = project.models.get('demo')!.parts[1]!;
    const quota = rules.children[0]!;
    expect(quota.type).toBe('clause');
    if (quota.type !== 'clause') return;
    expect(quota.id).toBe('quota');
    expect(quota.template.parameters).toEqual(['openFrom', 'quotaMinutes']);
    expect(quota.template.file).toBe(rulesFile);
    expect(quota.template.line).toBe(9);
  });
});

describe('school files', () => {
  it('names the file, the line and the field of a misspelt field, and the field it probably meant', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('quotaMinutes', 'quotaMinuets') });
    expect(problemsOf(root)).toEqual([
      `${schoolFile}:5:5 policies.demo.details.quotaMinutes is required but missing.\n    Add it: Minutes a day. For example: 30.`,
      `${schoolFile}:6:7 policies.demo.details.quotaMinuets is not a known field of the Demo Policy's school details.\n    Did you mean policies.demo.details.quotaMinutes? Field names are case-sensitive.`,
    ]);
  });

  it('names the file, the line and the field when a required field is missing', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace(/ {6}openFrom: "16:00"\n/, '') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:5:5 policies.demo.details.openFrom is required but missing.\n    Add it: Opening time. For example: "08:45".`]);
  });

  it('names a misspelt top-level field and suggests the right one', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('reviewed:', 'reveiwed:') });
    // The review date is optional, so the misspelt field is the only problem.
    expect(problemsOf(root)).toEqual([`${schoolFile}:4:5 policies.demo.reveiwed is not a known field of a school file.\n    Did you mean policies.demo.reviewed? Field names are case-sensitive.`]);
  });

  it('says what a good value looks like when a value has the wrong form', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('"16:00"', '4pm') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:7:17 policies.demo.details.openFrom is not valid: expected a 24-hour time, such as "08:45" or "16:00".`]);
  });

  it('tells a school that a publisher-scope detail is set in the publisher file', () => {
    const root = fixtureProject({ [schoolFile]: (text) => `${text}      employer:\n        name: Someone Else\n` });
    expect(problemsOf(root)).toEqual([
      `${schoolFile}:9:9 policies.demo.details.employer.name is set by the publisher, not by each school.\n    Remove it here; to change it for every school, edit ${publisherFile}.`,
    ]);
  });

  it('reports a YAML syntax error at its line', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('name: First School', 'name: First School: Juniors') });
    const [first] = problemsOf(root);
    expect(first).toMatch(new RegExp(`^${schoolFile}:1:\\d+ This is not valid YAML: `));
  });
});

describe('model files', () => {
  it('reports a model whose id is not its folder name, and still checks the schools of its publisher', () => {
    const root = fixtureProject({ 'templates/demo/2024-06/model.yaml': (text) => text.replace(/^id: demo$/m, 'id: demo-renamed') });
    const problems = problemsOf(root);
    expect(problems[0]).toMatch(/^templates\/demo\/2024-06\/model\.yaml:\d+(:\d+)? .*the model id "demo-renamed" must match its folder name "demo"/);
  });

  it('rejects a template that uses an undeclared parameter, suggesting the declared one', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('{{quotaMinutes}}', '{{quotaMinute}}') });
    expect(problemsOf(root)).toEqual([`${rulesFile}:9:19 {{quotaMinute}} is not a parameter of this model.\n    Did you mean {{quotaMinutes}}?`]);
  });

  it('rejects triple braces, which would insert a value without escaping it', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('{{quotaMinutes}}', '{{{quotaMinutes}}}') });
    expect(problemsOf(root)[0]).toMatch(/^templates\/demo\/2024-06\/parts\/rules\.md:9:17 Triple braces \{\{\{…\}\}\} or \{\{&…\}\} is not allowed in a clause template\./);
  });

  it('rejects an optional parameter used outside an {{#if}} that tests it', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('Read also:', 'Read also {{extraPolicies}}:') });
    expect(problemsOf(root)[0]).toMatch(/^templates\/demo\/2024-06\/parts\/rules\.md:13:13 \{\{extraPolicies\}\} is optional/);
  });

  it('accepts an optional parameter inside {{#if}}', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('Read also:', 'Read also{{#if extraPolicies}} {{extraPolicies}}{{/if}}:') });
    expect(problemsOf(root)).toEqual([]);
  });

  it('rejects text outside any block, saying how to wrap it', () => {
    const root = fixtureProject({ [rulesFile]: (text) => `${text}\nA stray paragraph.\n` });
    expect(problemsOf(root)).toEqual([
      `${rulesFile}:33:1 This paragraph is outside any block, so it has no id and cannot be numbered or compared.\n    Wrap it in a block: ":::clause{#some-id}" for a numbered clause, ":::text{#some-id}" for an unnumbered paragraph, each closed by ":::".`,
    ]);
  });

  it('rejects two blocks with the same id, naming both places', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace(':::clause{#read-also}', ':::clause{#welcome}') });
    expect(problemsOf(root)).toEqual([
      `${rulesFile}:12 The clause id "welcome" is used twice.\n    It is also used at templates/demo/2024-06/parts/opening.md:6. Ids identify things across versions: give each its own, or, for another wording of the same clause, give the two different conditions.`,
    ]);
  });

  it('rejects a reference to an id that does not exist', () => {
    const root = fixtureProject({ 'templates/demo/2024-06/parts/opening.md': (text) => text.replace('{{ref "rules"}}', '{{ref "ruls"}}') });
    expect(problemsOf(root)).toEqual([
      'templates/demo/2024-06/parts/opening.md:11:19 {{ref}} names a numbered part or clause "ruls", which does not exist.\n    Did you mean "rules"?',
    ]);
  });

  it('rejects an unknown block type, suggesting the right one', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace(':::clause{#quota}', ':::clasue{#quota}') });
    expect(problemsOf(root)).toEqual([`${rulesFile}:8:1 ":::clasue" is not a block type.\n    Did you mean ":::clause"? The block types are clause, text and form.`]);
  });

  it('rejects a part file that the model does not list', () => {
    const root = fixtureProject({ 'templates/demo/2024-06/parts/extra.md': () => '---\nkind: section\ntitle: Extra\n---\n' });
    expect(problemsOf(root)).toEqual([
      'templates/demo/2024-06/parts/extra.md:1 This part is not listed in templates/demo/2024-06/model.yaml, so it is missing.\n    Add "extra" to the parts list in templates/demo/2024-06/model.yaml where it belongs in the document, or delete the file.',
    ]);
  });

  it('rejects a parameter example that does not fit its type', () => {
    const root = fixtureProject({ 'templates/demo/2024-06/parameters.yaml': (text) => text.replace('example: 30', 'example: thirty') });
    expect(problemsOf(root)).toEqual([
      'templates/demo/2024-06/parameters.yaml:13:12 [1].example is not valid: it does not fit the type integer: expected a whole number, such as 30.',
    ]);
  });
});

describe('publisher files', () => {
  it('rejects a publisher whose model does not exist, listing the models', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('  demo:', '  dmeo:') });
    expect(problemsOf(root)).toEqual([`${publisherFile}:4:3 policies.dmeo names a model in templates/ "dmeo", which does not exist.\n    Did you mean "demo"?`]);
  });

  it('rejects an unknown variant, listing the valid ones', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('variant: la', 'variant: council') });
    expect(problemsOf(root)[0]).toBe(`${publisherFile}:2:10 variant is not valid: invalid option: expected one of "la"|"trust"|"mat".`);
  });
});

describe('variants, choices and modules', () => {
  it('rejects a school whose variant is not its publisher\'s, naming the valid choices', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('name: First School', 'name: First School\nvariant: trust') });
    expect(problemsOf(root)).toEqual([
      `${schoolFile}:2:10 variant is trust, but the school's publisher, Demo County Council, is la.\n    The variants are la, trust and mat, and a school takes its publisher's: write variant: la, remove the line, or move the school to a publisher of its own variant.`,
    ]);
  });

  it('rejects an unknown variant in a school file, listing the valid ones', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('name: First School', 'name: First School\nvariant: academy') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:2:10 variant is not valid: invalid option: expected one of "la"|"trust"|"mat".`]);
  });

  it('rejects a module the model does not have, naming the file, the field and the valid choices', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('    reviewed: 2024-09\n', '    reviewed: 2024-09\n    modules:\n      - extra\n') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:6:9 policies.demo.modules[0] names the module "extra", which the model does not have.\n    Did you mean "extras"? The modules are: extras.`]);
  });

  it('rejects an alternative the choice does not offer, listing the ones it does', () => {
    const root = fixtureProject({ [schoolFile]: (text) => `${text}      strictness: lenient\n` });
    expect(problemsOf(root)).toEqual([`${schoolFile}:8:19 policies.demo.details.strictness is not valid: expected one of: strict, relaxed.`]);
  });

  it('rejects a condition on something that is not a choice, naming the ones that are', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('{#tone strictness=relaxed}', '{#tone strict=relaxed}') });
    expect(problemsOf(root)).toEqual([
      `${rulesFile}:25:1 "strict" cannot decide whether a part or block applies.\n    A condition names variant, module, or a choice or true-or-false parameter: variant, document, module, strictness.`,
    ]);
  });

  it('rejects a condition value a choice cannot have', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('{#tone strictness=relaxed}', '{#tone strictness=relaxd}') });
    expect(problemsOf(root)).toEqual([`${rulesFile}:25:1 strictness is never "relaxd".\n    Did you mean "relaxed"? The values are: strict, relaxed.`]);
  });

  it('rejects {{#is}} on a value that cannot occur', () => {
    const root = fixtureProject({ 'templates/demo/2024-06/parts/extras.md': (text) => text.replace('{{#is variant "la"}}', '{{#is variant "council"}}') });
    expect(problemsOf(root)).toEqual(['templates/demo/2024-06/parts/extras.md:9:15 variant is never "council".\n    The values are: la, trust, mat.']);
  });
});

describe('required details, where the policy uses them', () => {
  const extrasFile = 'templates/demo/2024-06/parts/extras.md';
  const parametersFile = 'templates/demo/2024-06/parameters.yaml';
  /** A required school detail that only the extras module's appendix uses. */
  const withAdviser = {
    [parametersFile]: (text: string) => `${text}\n- name: adviser\n  type: string\n  required: true\n  scope: school\n  description: Who gives advice.\n  example: the bursar\n`,
    [extrasFile]: (text: string) => text.replace('for advice.', 'for advice, or the {{adviser}}.'),
  };

  it('does not ask for a detail that only a module the school has not switched on uses', () => {
    expect(problemsOf(fixtureProject(withAdviser))).toEqual([]);
  });

  it('asks for it once the school switches the module on', () => {
    const root = fixtureProject({ ...withAdviser, [schoolFile]: (text) => text.replace('    reviewed: 2024-09\n', '    reviewed: 2024-09\n    modules:\n      - extras\n') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:7:5 policies.demo.details.adviser is required but missing.\n    Add it: Who gives advice. For example: "the bursar".`]);
  });

  it('asks a publisher for a detail only once it switches on the module that uses it', () => {
    const onlyInExtras = {
      [extrasFile]: (text: string) => text.replace('for advice.', 'for advice.\n\n{{employer.name}} can help.'),
      ['templates/demo/2024-06/parts/opening.md']: (text: string) => text.replace(', set by {{employer.name}}', ''),
    };
    const withoutEmployer = (text: string) => text.replace(/ {6}employer:\n {8}name: Demo County Council\n/, '');
    expect(problemsOf(fixtureProject({ ...onlyInExtras, [publisherFile]: withoutEmployer }))).toEqual([]);
    const switchedOn = fixtureProject({ ...onlyInExtras, [publisherFile]: (text) => withoutEmployer(text).replace('    details:\n', '    modules:\n      - extras\n    details:\n') });
    expect(problemsOf(switchedOn)).toEqual([`${publisherFile}:10:5 policies.demo.details.employer.name is required but missing.\n    Add it: The employer's full name. For example: "Demo County Council".`]);
  });

  it('still asks for a choice that decides which clauses apply, though no clause shows its value', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('      strictness: strict\n', '') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:5:5 policies.demo.details.strictness is required but missing.\n    Add it: How firmly the rules are worded. For example: "strict".`]);
  });
});

describe('details required under conditions', () => {
  const parametersFile = 'templates/demo/2024-06/parameters.yaml';
  /** An optional detail that a relaxed school must give, used inside {{#is strictness "relaxed"}}. */
  const withReason = {
    [parametersFile]: (text: string) =>
      `${text}\n- name: relaxedReason\n  type: string\n  required: false\n  requiredWhen:\n    strictness: relaxed\n  scope: school\n  description: Why the rules are relaxed.\n  example: a small staff\n`,
    [rulesFile]: (text: string) => text.replace('Staff should follow these rules.', 'Staff should follow these rules{{#is strictness "relaxed"}}, because of {{relaxedReason}}{{/is}}.'),
  };

  it('lets a template use the detail inside the {{#is}} that makes it required, and asks no other school for it', () => {
    expect(problemsOf(fixtureProject(withReason))).toEqual([]);
  });

  it('asks a school that makes the choice for the detail', () => {
    const root = fixtureProject({ ...withReason, [schoolFile]: (text) => `${text}      strictness: relaxed\n` });
    expect(problemsOf(root)).toEqual([`${schoolFile}:5:5 policies.demo.details.relaxedReason is required but missing.\n    Add it: Why the rules are relaxed. For example: "a small staff".`]);
  });
});

describe('a school has each of its publisher\'s policies', () => {
  it('fills a policy from the details the school gives once, at the top of its file', () => {
    const root = fixtureProject({ [schoolFile]: (text) => `${text.replace('      quotaMinutes: 20\n', '')}details:\n  quotaMinutes: 25\n` });
    const { project, problems } = loadProject(root);
    expect(problems).toEqual([]);
    const school = project.schools.get('first-school')!;
    expect(school.details).toEqual({ quotaMinutes: 25 });
    expect(school.policies.get('demo')!.details).toEqual({ quotaMinutes: 25, openFrom: '16:00' });
  });

  it("lets a policy's own detail win over the same detail given once for every policy", () => {
    const { project } = loadProject(fixtureProject({ [schoolFile]: (text) => `${text}details:\n  quotaMinutes: 25\n` }));
    expect(project.schools.get('first-school')!.policies.get('demo')!.details).toEqual({ quotaMinutes: 20, openFrom: '16:00' });
  });

  it('has every policy its publisher publishes, though its file lists none', () => {
    const root = fixtureProject({ [schoolFile]: () => 'name: First School\ndetails:\n  quotaMinutes: 20\n  openFrom: "16:00"\n' });
    const { project, problems } = loadProject(root);
    expect(problems).toEqual([]);
    expect(project.schools.get('first-school')!.policies.get('demo')).toMatchObject({ reviewed: undefined, modules: [], adoptions: [], details: { quotaMinutes: 20, openFrom: '16:00' } });
  });

  it('rejects a shared detail that none of its policies has, suggesting the one it probably meant', () => {
    const root = fixtureProject({ [schoolFile]: (text) => `${text}details:\n  quotaMinuets: 25\n` });
    expect(problemsOf(root)).toEqual([
      `${schoolFile}:9:3 details.quotaMinuets is not a detail of any of the school's policies (demo), so nothing would use it.\n    Did you mean quotaMinutes? Details under details: serve every policy whose model has that parameter; run "policy params --policy <id>" to see each policy's.`,
    ]);
  });

  it('checks the value of a shared detail against the policy that has it', () => {
    const root = fixtureProject({ [schoolFile]: (text) => `${text.replace('      openFrom: "16:00"\n', '')}details:\n  openFrom: 4pm\n` });
    expect(problemsOf(root)).toEqual([`${schoolFile}:8:13 details.openFrom is not valid: expected a 24-hour time, such as "08:45" or "16:00".`]);
  });

  it('rejects a policy its publisher does not publish, naming the ones it does', () => {
    const root = fixtureProject({ [schoolFile]: () => 'name: First School\ndetails:\n  quotaMinutes: 20\n  openFrom: "16:00"\npolicies:\n  dmeo:\n    reviewed: 2024-09\n' });
    expect(problemsOf(root)).toEqual([
      `${schoolFile}:6:3 policies.dmeo names the policy "dmeo", which Demo County Council does not publish.\n    Did you mean "demo"? It publishes: demo. A school has the policies its publisher lists under policies: in its publisher.yaml.`,
    ]);
  });
});

describe('files in the layout of one policy only', () => {
  it('tells a publisher file with model: and published: at its top level how to move them under policies:', () => {
    const root = fixtureProject({
      [publisherFile]: () => 'name: Demo County Council\nvariant: la\nmodel: demo\npublished: 2024-06\ndetails:\n  employer:\n    name: Demo County Council\n  strictness: strict\n',
    });
    expect(problemsOf(root)).toEqual([
      `${publisherFile}:3:1 ${publisherFile} gives model, published, details at its top level, as files did when a publisher published one policy; each policy's settings now go under policies:, by the id of its model.\n    Move them under policies:, like this:\n      policies:\n        demo:\n          releases:\n            - release: 2024-06\n              since: 2024-06\n          modules: [...]\n          details: {...}`,
    ]);
  });

  it('tells a school file with adoptions: at its top level how to move them under policies:', () => {
    const root = fixtureProject({ [schoolFile]: () => 'name: First School\nreviewed: 2024-09\ndetails:\n  quotaMinutes: 20\n  openFrom: "16:00"\nadoptions: []\n' });
    const [first, ...rest] = problemsOf(root);
    expect(rest).toEqual([]);
    expect(first).toMatch(new RegExp(`^${schoolFile}:2:1 ${schoolFile} gives reviewed, adoptions at its top level, as files did when a publisher published one policy; each policy's settings now go under policies:`));
    expect(first).toContain('\n      policies:\n        demo:\n          reviewed: ...\n');
  });
});

describe('the releases a publisher takes up', () => {
  const twoReleases = (text: string) => text.replace('        since: 2024-06\n', '        since: 2024-06\n      - release: 2024-09\n        since: 2024-09\n');
  /** The fixture with a second release of the demo model, 2024-09, a copy of the first. */
  function withSecondRelease(edits: Parameters<typeof fixtureProject>[0] = {}): string {
    const first = fixtureProject();
    return fixtureProject(
      Object.fromEntries([
        ...['model.yaml', 'parameters.yaml', 'release.yaml', 'parts/opening.md', 'parts/rules.md', 'parts/forms.md', 'parts/extras.md'].map((file) => [
          `templates/demo/2024-09/${file}`,
          () => readFileSync(join(first, 'templates/demo/2024-06', file), 'utf8'),
        ]),
        ...Object.entries(edits),
      ]),
    );
  }

  it('publishes its policy from the last release it took up, since the date it did', () => {
    const { project, problems } = loadProject(withSecondRelease({ [publisherFile]: twoReleases }));
    expect(problems).toEqual([]);
    expect(project.publishers.get('demo-council')!.policies.get('demo')).toMatchObject({ release: '2024-09', published: '2024-09', releases: [{ release: '2024-06', since: '2024-06' }, { release: '2024-09', since: '2024-09' }] });
  });

  it('stays on the release it took up when the model publishes a newer one', () => {
    const { project, problems } = loadProject(withSecondRelease());
    expect(problems).toEqual([]);
    expect(project.models.get('demo')!.release.id).toBe('2024-09');
    expect(project.publishers.get('demo-council')!.policies.get('demo')).toMatchObject({ release: '2024-06', published: '2024-06' });
  });

  it('rejects a release that does not exist, naming the published ones', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('release: 2024-06', 'release: 2024-07') });
    expect(problemsOf(root)).toEqual([`${publisherFile}:6:18 policies.demo.releases[0].release names a release of the demo model "2024-07", which does not exist.\n    Did you mean "2024-06"?`]);
  });

  it('rejects a release that is still a draft', () => {
    const root = fixtureProject({ 'templates/demo/2024-06/release.lock': () => undefined });
    expect(problemsOf(root)).toEqual([
      `${publisherFile}:6:18 policies.demo.releases[0].release is not valid: release 2024-06 of the demo model is a draft, not yet published; a publisher takes up only a published release (policy publish demo 2024-06).`,
    ]);
  });

  it('rejects taking up a release before it was published', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('since: 2024-06', 'since: 2024-05-31') });
    expect(problemsOf(root)).toEqual([`${publisherFile}:7:16 policies.demo.releases[0].since is not valid: 2024-05-31 is before release 2024-06 was published.`]);
  });

  it("resolves the school's policy and the publisher's blank template from the publisher's current release, not the model's newest", () => {
    const { project } = loadProject(withSecondRelease());
    expect(resolvePolicy(project, 'first-school', 'demo').model.release.id).toBe('2024-06');
    expect(resolvePolicy(project, 'demo-council-template', 'demo').model.release.id).toBe('2024-06');
    const { project: takenUp } = loadProject(withSecondRelease({ [publisherFile]: twoReleases }));
    expect(resolvePolicy(takenUp, 'first-school', 'demo').model.release.id).toBe('2024-09');
  });

  it('finds, for an older release it took up, a detail the school gives once that only the later release has', () => {
    const adviser = `\n- name: adviser\n  type: string\n  required: false\n  scope: school\n  description: Who gives advice.\n  example: the bursar\n`;
    const root = withSecondRelease({
      'templates/demo/2024-09/parameters.yaml': (text) => `${readFileSync(join(fixtureProject(), 'templates/demo/2024-06/parameters.yaml'), 'utf8')}${text}${adviser}`,
      [publisherFile]: twoReleases,
      [schoolFile]: (text) => `${text}details:\n  adviser: the bursar\n`,
    });
    const { project, problems } = loadProject(root);
    expect(problems).toEqual([]);
    const found = detailsProblemsInRelease(project, 'demo-council', 'demo', 'first-school', '2024-06', () => 'Adopt the later release.');
    expect(found.map((p) => p.format())).toEqual([
      `${schoolFile}:9:3 details.adviser is not a detail of release 2024-06 of the Demo Policy: it was added in release 2024-09.\n    Adopt the later release.`,
    ]);
    expect(detailsProblemsInRelease(project, 'demo-council', 'demo', 'first-school', '2024-09', () => '')).toEqual([]);
  });

  it('rejects releases listed newest first', () => {
    const newestFirst = (text: string) => text.replace('      - release: 2024-06\n        since: 2024-06\n', '      - release: 2024-09\n        since: 2024-09\n      - release: 2024-06\n        since: 2024-06\n');
    const [first] = problemsOf(withSecondRelease({ [publisherFile]: newestFirst }));
    expect(first).toMatch(new RegExp(`^${publisherFile}:8:18 policies\\.demo\\.releases\\[1\\] is not valid: it takes up release 2024-06 since 2024-06 after release 2024-09 since 2024-09: list the releases taken up oldest first`));
  });
});
