import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillPolicy, renderText } from '@school-policy/generator';
import { policiesOf, resolvePolicy, templateOwner, type Project } from '@school-policy/core';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './support/paths.js';
import { policyIds, repositoryProject } from './support/project.js';

const project = repositoryProject();
/** Each school's and blank template's text of each of its policies, by id and then by model. */
const texts = new Map(policyIds(project).map((id) => [id, new Map(policiesOf(project, id).map((model) => [model, renderText(fillPolicy(resolvePolicy(project, id, model)))]))]));

/**
 * The names that identify each policy's owner: the school's name and short name, and its
 * publisher's name, employer name and acronym (an all-capitals short name such as MTCBC).
 * Generic words such as "County Council" or "the Trust" identify nobody.
 */
function ownNames(current: Project, id: string): string[] {
  const school = current.schools.get(id);
  const publisher = school ? current.publishers.get(school.publisher)! : templateOwner(current, id)!;
  const employers = [...publisher.policies.values()].map((policy) => (policy.details.employer ?? {}) as { name?: string; short?: string });
  const shorts = school ? [...school.policies.values()].map((policy) => policy.details.schoolShortName) : [];
  return [
    ...new Set([
      ...(school ? [school.name] : []),
      ...shorts.filter((short): short is string => typeof short === 'string'),
      publisher.name,
      ...employers.flatMap((employer) => [
        ...(employer.name ? [employer.name] : []),
        ...(employer.short && /^[A-Z]{3,}$/.test(employer.short) ? [employer.short] : []),
      ]),
    ]),
  ];
}

describe('no leaks between schools', () => {
  const ids = [...texts.keys()];
  it.each(ids)("%s's policies name no other school or publisher", (id) => {
    const own = new Set(ownNames(project, id));
    const others = ids.flatMap((other) => ownNames(project, other)).filter((name) => !own.has(name) && ![...own].some((mine) => mine.includes(name)));
    for (const [model, text] of texts.get(id)!) {
      expect([...new Set(others)].filter((name) => text.includes(name)), model).toEqual([]);
    }
  });
});

describe('one sentence, one place', () => {
  it('has no sentence of 12 words or more twice in the template sources', () => {
    const folder = join(repositoryRoot, 'templates/social-media/2016-06/parts');
    const seen = new Map<string, string[]>();
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.md'))) {
      const body = readFileSync(join(folder, file), 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
      // Sentences end at . ! ? ; or :, at a line break, and where a {{#is}}, {{#if}}, {{else}} or
      // closing tag switches wording; Markdown markers and case do not count.
      for (const piece of body.split(/\{\{[#/^]?(?:is|if|unless|each|else)[^}]*\}\}|\n|(?<=[.!?;:])\s/)) {
        const sentence = piece.replace(/^\s*(?:[-*>]|\d+\.)\s+/, '').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
        if (sentence.startsWith(':::') || sentence.split(' ').length < 12) continue;
        seen.set(sentence, [...(seen.get(sentence) ?? []), file]);
      }
    }
    const repeated = [...seen].filter(([, files]) => files.length > 1).map(([sentence, files]) => `${files.join(', ')}: ${sentence}`);
    expect(repeated).toEqual([]);
    expect(seen.size).toBeGreaterThan(300);
  });
});

describe('new schools of each variant', () => {
  const seedSchools = ['Laughton', 'Evendons', 'Twiss Green', 'LiFE'];
  const examples = [...project.schools.values()].filter((school) => school.example);

  it('has an example school for each variant', () => {
    const variants = examples.map((school) => project.publishers.get(school.publisher)!.variant).sort();
    expect(new Set(variants)).toEqual(new Set(['la', 'trust', 'mat']));
  });

  it.each(examples.map((school) => school.id))('makes %s from a school file of 25 lines or fewer, with no blanks and no seed school\'s name', (id) => {
    const school = project.schools.get(id)!;
    const lines = readFileSync(join(repositoryRoot, school.file), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(25);
    expect([...texts.get(id)!.keys()]).toEqual([...project.publishers.get(school.publisher)!.policies.keys()]);
    for (const [model, text] of texts.get(id)!) {
      expect(text.startsWith(`${school.name}\n`), model).toBe(true);
      expect(text, model).not.toMatch(/\[insert|\[add /);
      expect(seedSchools.filter((name) => text.includes(name)), model).toEqual([]);
    }
  });
});
