import { describe, expect, it } from 'vitest';
import { loadProject, PolicyProblems, resolvePolicy, type ResolvedPolicy } from '../src/index.js';
import { fixtureProject, publisherFile, rulesFile, schoolFile } from './fixture.js';

function ids(policy: ResolvedPolicy): string[] {
  return policy.parts.flatMap((part) => [part.id, ...part.children.flatMap((child) => [child.id, ...(child.type === 'subsection' ? child.children.map((block) => block.id) : [])])]);
}

function problemsResolving(root: string, id: string): string[] {
  const { project } = loadProject(root);
  try {
    resolvePolicy(project, id, 'demo');
  } catch (error) {
    if (error instanceof PolicyProblems) return error.problems.map((p) => p.format());
    throw error;
  }
  return [];
}

describe('resolving a school', () => {
  const { project } = loadProject(fixtureProject());
  const policy = resolvePolicy(project, 'first-school', 'demo');

  it('numbers sections 1, 2 and appendices A, B', () => {
    expect(policy.parts.map((part) => [part.id, part.kind, part.number])).toEqual([
      ['opening', 'section', '1'],
      ['rules', 'section', '2'],
      ['forms', 'appendix', 'A'],
    ]);
  });

  it('numbers clauses within their part, and subsections and their clauses within an appendix', () => {
    const numbers = Object.fromEntries(policy.numbers);
    expect(numbers).toEqual({
      opening: '1',
      welcome: '1.1',
      'see-rules': '1.2',
      rules: '2',
      quota: '2.1',
      'read-also': '2.2',
      tone: '2.3',
      forms: 'A',
      asking: 'A.1',
      'ask-first': 'A.1.1',
      'ask-again': 'A.1.2',
      approving: 'A.2',
      approve: 'A.2.1',
    });
  });

  it('leaves forms and text blocks unnumbered', () => {
    const approving = policy.parts[2]!.children[1]!;
    expect(approving.type).toBe('subsection');
    if (approving.type !== 'subsection') return;
    expect(approving.children.map((block) => [block.type, block.number])).toEqual([
      ['clause', 'A.2.1'],
      ['form', undefined],
    ]);
  });

  it("gives templates the publisher's details, the school's details and the built-in names", () => {
    expect(policy.values).toEqual({
      employer: { name: 'Demo County Council' },
      quotaMinutes: 20,
      openFrom: '16:00',
      strictness: 'strict',
      school: { id: 'first-school', name: 'First School' },
      publisher: { id: 'demo-council', name: 'Demo County Council' },
      variant: 'la',
      module: [],
      document: 'school',
    });
  });

  it('names the closest school id when asked for one that does not exist', () => {
    let error: unknown;
    try {
      resolvePolicy(project, 'frist-school', 'demo');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyProblems);
    expect((error as PolicyProblems).problems[0]!.format()).toBe(
      `There is no school with the id "frist-school".\n    Did you mean "first-school"? Run "policy list" to see every school's id.`,
    );
  });
});

describe('choosing wordings', () => {
  it("takes the wording the publisher's default chooses, and leaves out what another variant needs", () => {
    const { project } = loadProject(fixtureProject());
    const policy = resolvePolicy(project, 'first-school', 'demo');
    const tone = policy.parts[1]!.children.find((child) => child.id === 'tone')!;
    expect(tone.type === 'clause' && tone.template.text).toBe('Staff must follow these rules.');
    expect(ids(policy)).not.toContain('trust-board');
  });

  it("takes the wording the school chooses over its publisher's default", () => {
    const { project } = loadProject(fixtureProject({ [schoolFile]: (text) => `${text}      strictness: relaxed\n` }));
    const tone = resolvePolicy(project, 'first-school', 'demo').parts[1]!.children.find((child) => child.id === 'tone')!;
    expect(tone.type === 'clause' && tone.template.text).toBe('Staff should follow these rules.');
  });

  it('includes a module the school switches on, numbered after the other appendices', () => {
    const { project } = loadProject(fixtureProject({ [schoolFile]: (text) => text.replace('    reviewed: 2024-09\n', '    reviewed: 2024-09\n    modules:\n      - extras\n') }));
    const policy = resolvePolicy(project, 'first-school', 'demo');
    expect(policy.modules).toEqual(['extras']);
    expect(policy.numbers.get('extras')).toBe('B');
    expect(policy.numbers.get('extra-advice')).toBe('B.1');
  });

  it('includes a clause for its variant only', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('variant: la', 'variant: trust') });
    const { project } = loadProject(root);
    expect(resolvePolicy(project, 'first-school', 'demo').numbers.get('trust-board')).toBe('2.4');
  });

  it('stops when two wordings of one clause would both apply, naming both', () => {
    const root = fixtureProject({ [rulesFile]: (text) => text.replace('{#tone strictness=relaxed}', '{#tone variant=la}') });
    expect(problemsResolving(root, 'first-school')).toEqual([
      `${rulesFile}:25 Two wordings of "tone" apply to First School.\n    They are at ${rulesFile}:21 and ${rulesFile}:25. Give them conditions that cannot both hold, such as different values of one choice.`,
    ]);
  });
});

describe("a publisher's blank template", () => {
  it('leaves the school\'s own details as labelled blanks, and keeps the publisher\'s', () => {
    const { project } = loadProject(fixtureProject());
    const template = resolvePolicy(project, 'demo-council-template', 'demo');
    expect(template.kind).toBe('template');
    expect(template.school.reviewed).toBe('2024-06');
    expect(Object.fromEntries(template.blanks)).toEqual({
      'school.name': 'insert school name',
      quotaMinutes: 'insert the minutes',
      openFrom: 'insert open from',
      extraPolicies: 'insert extra policies',
    });
    expect(template.values.employer).toEqual({ name: 'Demo County Council' });
  });

  it('cannot leave a choice blank: the publisher must give a default', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('      strictness: strict\n', '') });
    expect(problemsResolving(root, 'demo-council-template')).toEqual([
      `${publisherFile} The publisher's blank template needs a value for strictness: a choice decides which wording to print, so it cannot be left blank.\n    Give a default for it in ${publisherFile} under policies.demo.details:.`,
    ]);
  });
});
