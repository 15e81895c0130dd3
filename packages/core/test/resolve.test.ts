import { describe, expect, it } from 'vitest';
import { loadProject, PolicyProblems, resolvePolicy } from '../src/index.js';
import { fixtureProject } from './fixture.js';

describe('resolving a school', () => {
  const { project } = loadProject(fixtureProject());
  const policy = resolvePolicy(project, 'first-school');

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
      school: { id: 'first-school', name: 'First School' },
      publisher: { id: 'demo-council', name: 'Demo County Council' },
    });
  });

  it('names the closest school id when asked for one that does not exist', () => {
    let error: unknown;
    try {
      resolvePolicy(project, 'frist-school');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyProblems);
    expect((error as PolicyProblems).problems[0]!.format()).toBe(
      `There is no school with the id "frist-school".\n    Did you mean "first-school"? Run "policy list" to see every school's id.`,
    );
  });
});
