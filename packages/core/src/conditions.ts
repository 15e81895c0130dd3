import { problem, type Location, type PolicyError } from './problem.js';
import { UnknownCondition, UnknownConditionValue } from './problem-kinds.js';
import type { Module, When } from './schemas/model.js';
import type { Parameter } from './schemas/parameter.js';
import { suggest } from './suggest.js';

export const variants = ['la', 'trust', 'mat'] as const;

/**
 * A condition on a part or block: it applies when `name` has one of `values`. The names are
 * `variant` (la, trust, mat), `document` (school, or template: the publisher's blank template),
 * `module` (any of the listed modules switched on), and any choice or true-or-false parameter. A value ending in `*` matches every value that starts with what comes
 * before it: `edition=county-*`.
 */
export interface Condition {
  name: string;
  values: string[];
}

/** What conditions are tested against: one school's (or one publisher template's) settings. */
export interface ConditionSubject {
  variant: string;
  /** A school's own policy, or a publisher's blank template (for notes only a template shows). */
  document: 'school' | 'template';
  modules: ReadonlySet<string>;
  /** Parameter values by dotted name. */
  values: ReadonlyMap<string, unknown>;
}

/** The names a condition may test, each with its allowed values. */
export type ConditionNames = ReadonlyMap<string, readonly string[]>;

export function conditionNames(parameters: readonly Parameter[], modules: readonly Module[]): ConditionNames {
  const names = new Map<string, readonly string[]>([
    ['variant', variants],
    ['document', ['school', 'template']],
    ['module', modules.map((module) => module.id)],
  ]);
  for (const parameter of parameters) {
    if (parameter.type === 'choice') names.set(parameter.name, (parameter.options ?? []).map((option) => option.id));
    if (parameter.type === 'boolean') names.set(parameter.name, ['true', 'false']);
  }
  return names;
}

/** Conditions from a part's front matter `when:` mapping. */
export function conditionsFromWhen(when: When | undefined): Condition[] {
  return Object.entries(when ?? {}).map(([name, value]) => ({ name, values: (Array.isArray(value) ? value : [value]).map(String) }));
}

/** A block's attributes that say what a school may do with it, not when it applies: `{#id editable optional}`. */
export const markAttributes = ['editable', 'locked', 'optional'] as const;

/** Conditions from a block's attributes, `{#id variant=la edition="county-council|statement"}`: all but id, class and the marks. */
export function conditionsFromAttributes(attributes: Record<string, string | null | undefined>): Condition[] {
  return Object.entries(attributes)
    .filter(([name]) => name !== 'id' && name !== 'class' && !(markAttributes as readonly string[]).includes(name))
    .map(([name, value]) => ({ name, values: String(value ?? '').split(/[|\s]+/).filter(Boolean) }));
}

/** Checks that each condition names something testable, with values it can have. */
export function checkConditions(conditions: readonly Condition[], names: ConditionNames, at: Location): PolicyError[] {
  const problems: PolicyError[] = [];
  for (const condition of conditions) {
    const allowed = names.get(condition.name);
    if (!allowed) {
      problems.push(problem(UnknownCondition, at, [condition.name], [suggest(condition.name, names.keys()), [...names.keys()]]));
      continue;
    }
    if (condition.values.length === 0) problems.push(problem(UnknownConditionValue, at, [condition.name, ''], [undefined, allowed]));
    for (const value of condition.values) {
      if (!allowed.some((candidate) => matches(value, candidate))) {
        problems.push(problem(UnknownConditionValue, at, [condition.name, value], [suggest(value, allowed), allowed]));
      }
    }
  }
  return problems;
}

/** Whether every condition holds for the subject. */
export function holds(conditions: readonly Condition[], subject: ConditionSubject): boolean {
  return conditions.every((condition) => {
    if (condition.name === 'module') return [...subject.modules].some((module) => condition.values.some((value) => matches(value, module)));
    const actual = condition.name === 'variant' ? subject.variant : condition.name === 'document' ? subject.document : String(subject.values.get(condition.name));
    return condition.values.some((value) => matches(value, actual));
  });
}

/** Whether a condition's value matches an actual value: equal, or a prefix ending in `*`. */
export function matches(value: string, actual: string): boolean {
  return value.endsWith('*') ? actual.startsWith(value.slice(0, -1)) : value === actual;
}

/** A stable text form of conditions, to compare two wordings' conditions and to show them: `edition=statement variant=la`. */
export function describeConditions(conditions: readonly Condition[]): string {
  return conditions
    .map((condition) => `${condition.name}=${[...condition.values].sort().join('|')}`)
    .sort()
    .join(' ');
}
