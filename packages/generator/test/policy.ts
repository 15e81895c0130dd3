import { loadProject, resolvePolicy, type ResolvedPolicy } from '@school-policy/core';
import { expect } from 'vitest';
import { fixtureProject } from '../../core/test/fixture.js';
import { fillPolicy } from '../src/index.js';

export { fixtureProject };
export const schoolFile = 'schools/demo-council/first-school.yaml';

/** The demo fixture's school, resolved, after applying edits to the fixture's files. */
export function resolvedDemo(edits: Parameters<typeof fixtureProject>[0] = {}): ResolvedPolicy {
  const { project, problems } = loadProject(fixtureProject(edits));
  expect(problems.map((p) => p.format())).toEqual([]);
  return resolvePolicy(project, 'first-school', 'demo');
}

export function filledDemo(edits: Parameters<typeof fixtureProject>[0] = {}) {
  return fillPolicy(resolvedDemo(edits));
}

/** Values a school might type that look like markup or template code; each must come out as typed. */
export const hostileValues = ['<script>alert(1)</script>', '[x](javascript:alert(1))', '**bold**', '{{name}}'];

/** A school file for the demo fixture whose name and list details carry the hostile values. */
export function hostileSchool(text: string): string {
  return text
    .replace('name: First School', `name: "${hostileValues[0]} Primary"`)
    .concat(`      extraPolicies:\n${hostileValues.map((value) => `        - "${value}"`).join('\n')}\n`);
}
