import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/index.js';
import { fixtureProject, schoolFile } from './fixture.js';

const parametersFile = 'templates/demo/2024-06/parameters.yaml';
const problemsOf = (root: string) => loadProject(root).problems.map((p) => p.format());

/** The demo model with a closing time that must come after its opening time. */
const withClosing = (after = 'openFrom') => (text: string) =>
  `${text}\n- name: openUntil\n  type: time\n  required: false\n  scope: school\n  description: Closing time.\n  example: "17:00"\n  after: ${after}\n`;

describe('rules a parameter gives its values', () => {
  it('refuses a negative integer unless the parameter allows one', () => {
    const root = fixtureProject({ [schoolFile]: (text) => text.replace('quotaMinutes: 20', 'quotaMinutes: -5') });
    expect(problemsOf(root)).toEqual([`${schoolFile}:6:21 policies.demo.details.quotaMinutes is not valid: expected a whole number 0 or more.`]);
  });

  it("keeps an integer within the parameter's min and max", () => {
    const root = fixtureProject({
      [parametersFile]: (text) => text.replace('  example: 30\n', '  example: 30\n  min: 5\n  max: 60\n'),
      [schoolFile]: (text) => text.replace('quotaMinutes: 20', 'quotaMinutes: 90'),
    });
    expect(problemsOf(root)).toEqual([`${schoolFile}:6:21 policies.demo.details.quotaMinutes is not valid: expected a whole number from 5 to 60.`]);
  });

  it('refuses a value that must come after another but does not, at the value the file sets', () => {
    const root = fixtureProject({ [parametersFile]: withClosing(), [schoolFile]: (text) => `${text}      openUntil: "09:00"\n` });
    expect(problemsOf(root)).toEqual([
      `${schoolFile}:8:18 policies.demo.details.openUntil is "09:00", which is not after policies.demo.details.openFrom, "16:00".\n    ${parametersFile} says policies.demo.details.openUntil comes after policies.demo.details.openFrom: are the two the wrong way round?`,
    ]);
  });

  it('accepts values in order', () => {
    const root = fixtureProject({ [parametersFile]: withClosing(), [schoolFile]: (text) => `${text}      openUntil: "17:30"\n` });
    expect(problemsOf(root)).toEqual([]);
  });

  it('names an "after" that is not a parameter of the same type', () => {
    const root = fixtureProject({ [parametersFile]: withClosing('quotaMinutes') });
    expect(problemsOf(root)).toEqual([
      `${parametersFile}:49:10 [5].after is not valid: "quotaMinutes" names an integer, but this is a time; a value comes after another of the same type.`,
    ]);
  });
});
