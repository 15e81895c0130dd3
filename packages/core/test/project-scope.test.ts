import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listedIds, loadProject, recheckSchool, type ProjectScope } from '../src/index.js';
import { fixtureProject, publisherFile, schoolFile } from './fixture.js';

const otherSchool = 'schools/demo-council/second-school.yaml';
const brokenYaml = (): string => 'name: [Second School\n';
const firstSchool: ProjectScope = { schools: ['first-school'] };

function formatted(problems: readonly { format(): string }[]): string[] {
  return problems.map((p) => p.format());
}

/** The problems a whole load finds in the given files, in its order. */
function wholeProblemsIn(root: string, files: readonly string[]): string[] {
  return formatted(loadProject(root).problems.filter((p) => files.includes(p.location.file)));
}

describe('a load scoped to one school', () => {
  it("reads no other school's file: another school's broken file is not reported, as a whole load reports it", () => {
    const root = fixtureProject({ [otherSchool]: brokenYaml });
    const whole = loadProject(root);
    expect(whole.problems.map((p) => p.location.file)).toContain(otherSchool);

    const { project, problems } = loadProject(root, firstSchool);
    expect(formatted(problems)).toEqual([]);
    expect([...project.schools.keys()]).toEqual(['first-school']);
    expect([...project.publishers.keys()]).toEqual(['demo-council']);
    expect([...project.releases.keys()]).toEqual(['demo']);
  });

  it('reports the problems in the school\'s own file, exactly as a whole load does', () => {
    const root = fixtureProject({ [otherSchool]: brokenYaml, [schoolFile]: (text) => text.replace('quotaMinutes', 'quotaMinuets') });
    const scoped = loadProject(root, firstSchool);
    expect(scoped.project.schools.has('first-school')).toBe(false);
    expect(formatted(scoped.problems)).toEqual(wholeProblemsIn(root, [schoolFile]));
    expect(formatted(scoped.problems).join('\n')).toContain('policies.demo.details.quotaMinuets');
  });

  it('reports a school file that is not valid YAML', () => {
    const root = fixtureProject({ [schoolFile]: () => 'name: [First School\n' });
    const scoped = loadProject(root, firstSchool);
    expect(scoped.project.schools.size).toBe(0);
    expect(scoped.problems.length).toBeGreaterThan(0);
    expect(scoped.problems.every((p) => p.location.file === schoolFile)).toBe(true);
    expect(formatted(scoped.problems)).toEqual(wholeProblemsIn(root, [schoolFile]));
  });

  it("reports its publisher's problems and its model's", () => {
    const root = fixtureProject({
      [publisherFile]: (text) => text.replace('strictness: strict', 'strictness: stritc'),
      'templates/demo/2024-06/parts/rules.md': (text) => `${text}\nText outside any block.\n`,
    });
    const scoped = loadProject(root, firstSchool);
    const files = scoped.problems.map((p) => p.location.file);
    expect(files).toContain(publisherFile);
    expect(files).toContain('templates/demo/2024-06/parts/rules.md');
    expect(formatted(scoped.problems)).toEqual(formatted(loadProject(root).problems));
  });

  it('still reports a school id that another publisher uses too, by the names of their files', () => {
    const copy = 'schools/other-council/first-school.yaml';
    const root = fixtureProject({
      'schools/other-council/publisher.yaml': (text) => text || 'name: Other Council\nvariant: la\npolicies:\n  demo:\n    releases:\n      - release: 2024-06\n        since: 2024-06\n    details:\n      employer:\n        name: Other Council\n      strictness: strict\n',
      [copy]: () => 'name: First School Again\n',
      'schools/other-council/third-school.yaml': brokenYaml,
    });
    const scoped = loadProject(root, firstSchool);
    expect(formatted(scoped.problems)).toEqual(wholeProblemsIn(root, [copy]));
    expect(scoped.problems.map((p) => `${p.location.file} ${p.kind}`)).toEqual([`${copy} DuplicateId`]);
    expect(scoped.project.schools.get('first-school')?.file).toBe(schoolFile);
  });

  it('names every school that adopted a release its publisher took up that has lost its lock, as a whole load does', () => {
    const lock = 'templates/demo/2024-06/release.lock';
    const root = fixtureProject({
      [lock]: () => undefined,
      [otherSchool]: () => 'name: Second School\npolicies:\n  demo:\n    adoptions:\n      - version: 1\n        release: 2024-06\n        approved: 2024-09\n        snapshot: sha256:0000000000000000000000000000000000000000000000000000000000000000\n',
    });
    const scoped = formatted(loadProject(root, firstSchool).problems);
    expect(scoped).toEqual(wholeProblemsIn(root, [lock]));
    expect(scoped.join('\n')).toContain('adopted by one school (second-school)');
  });

  it('loads only the models its publisher publishes', () => {
    const root = fixtureProject({ 'templates/unused/2024-06/model.yaml': () => 'id: [unused\n' });
    expect(loadProject(root).problems.map((p) => p.location.file)).toContain('templates/unused/2024-06/model.yaml');
    const scoped = loadProject(root, firstSchool);
    expect(formatted(scoped.problems)).toEqual([]);
    expect([...scoped.project.releases.keys()]).toEqual(['demo']);
  });

  it('names every model there is when its publisher names one that is not there, as a whole load does', () => {
    const root = fixtureProject({ [publisherFile]: (text) => text.replace('  demo:\n', '  dmeo:\n') });
    const scoped = loadProject(root, firstSchool);
    expect(formatted(scoped.problems)).toEqual(wholeProblemsIn(root, [publisherFile, schoolFile]));
    expect(formatted(scoped.problems).join('\n')).toContain('Did you mean "demo"?');
  });

  it('knows nothing of a school it was not given, and loads nothing for an id that is no school', () => {
    const root = fixtureProject();
    const { project, problems } = loadProject(root, { schools: ['no-such-school'] });
    expect(formatted(problems)).toEqual([]);
    expect(project.schools.size).toBe(0);
    expect(project.publishers.size).toBe(0);
    expect(project.releases.size).toBe(0);
  });
});

describe('a load scoped to a blank template', () => {
  it('loads the publisher and its models, and no school', () => {
    const root = fixtureProject({ [schoolFile]: brokenYaml });
    const { project, problems } = loadProject(root, { publishers: ['demo-council'] });
    expect(formatted(problems)).toEqual([]);
    expect([...project.publishers.keys()]).toEqual(['demo-council']);
    expect(project.schools.size).toBe(0);
    expect([...project.releases.keys()]).toEqual(['demo']);
  });
});

describe('the ids the files name', () => {
  it('lists each blank template and each school file, whether or not it loads', () => {
    const root = fixtureProject({ [otherSchool]: brokenYaml, 'schools/demo-council/notes.txt': () => 'not a school\n' });
    expect(listedIds(root)).toEqual({ templates: ['demo-council-template'], schools: ['first-school', 'second-school'] });
  });
});

describe('checking a school again', () => {
  it('finds the problems its file has now, with the models already loaded', () => {
    const root = fixtureProject({ [otherSchool]: brokenYaml });
    const { project } = loadProject(root, firstSchool);
    expect(formatted(recheckSchool(project, 'first-school'))).toEqual([]);
    writeFileSync(join(root, schoolFile), 'name: First School\npolicies:\n  demo:\n    reviewed: 2024-09\n    details:\n      quotaMinuets: 20\n      openFrom: "16:00"\n');
    const again = formatted(recheckSchool(project, 'first-school'));
    expect(again).toEqual(wholeProblemsIn(root, [schoolFile]));
    expect(again.join('\n')).toContain('policies.demo.details.quotaMinuets');
  });
});
