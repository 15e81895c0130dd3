import type { Model } from './model.js';
import type { BlockType } from './part.js';
import { problem, PolicyProblems } from './problem.js';
import { UnknownSchool } from './problem-kinds.js';
import type { Project, Publisher, School } from './project.js';
import type { Parameter } from './schemas/parameter.js';
import { suggest } from './suggest.js';
import type { Template } from './template.js';

export interface ResolvedBlock {
  type: BlockType;
  id: string;
  /** The computed number of a clause (`6.4`, `A.1.3`); text and form blocks have none. */
  number: string | undefined;
  template: Template;
}

export interface ResolvedSubsection {
  type: 'subsection';
  id: string;
  number: string;
  title: Template;
  children: ResolvedBlock[];
}

export interface ResolvedPart {
  id: string;
  kind: 'section' | 'appendix';
  /** `1`, `2`, … for sections; `A`, `B`, … for appendices. */
  number: string;
  title: Template;
  file: string;
  children: (ResolvedBlock | ResolvedSubsection)[];
}

/** One school's policy: the model's parts in order, numbered, with the values to fill them. */
export interface ResolvedPolicy {
  model: Model;
  publisher: Publisher;
  school: School;
  /** The values templates see: built-ins, parameter defaults, then the publisher's and school's details. */
  values: Record<string, unknown>;
  parts: ResolvedPart[];
  /** The number of every numbered part, subsection and clause, by id. */
  numbers: Map<string, string>;
}

/** Resolves a school's policy from a loaded project: selects its model's parts and numbers them. */
export function resolvePolicy(project: Project, schoolId: string): ResolvedPolicy {
  const school = project.schools.get(schoolId);
  if (!school) {
    const ids = [...project.schools.keys()];
    throw new PolicyProblems([problem(UnknownSchool, { file: '' }, [schoolId], [suggest(schoolId, ids)])]);
  }
  const publisher = project.publishers.get(school.publisher)!;
  const model = project.models.get(publisher.model)!;
  const numbers = new Map<string, string>();

  let sections = 0;
  let appendices = 0;
  const parts = model.parts.map((part): ResolvedPart => {
    const number = part.kind === 'section' ? String(++sections) : appendixLetter(appendices++);
    numbers.set(part.id, number);
    let count = 0;
    const numberBlock = (prefix: string) => (block: { type: BlockType; id: string; template: Template }): ResolvedBlock => {
      if (block.type !== 'clause') return { type: block.type, id: block.id, number: undefined, template: block.template };
      const blockNumber = `${prefix}.${++count}`;
      numbers.set(block.id, blockNumber);
      return { type: block.type, id: block.id, number: blockNumber, template: block.template };
    };
    const children = part.children.map((child) => {
      if (child.type !== 'subsection') return numberBlock(number)(child);
      const subsectionNumber = `${number}.${++count}`;
      numbers.set(child.id, subsectionNumber);
      const outer = count;
      count = 0;
      const blocks = child.children.map(numberBlock(subsectionNumber));
      count = outer;
      return { type: 'subsection' as const, id: child.id, number: subsectionNumber, title: child.title, children: blocks };
    });
    return { id: part.id, kind: part.kind, number, title: part.title, file: part.file, children };
  });

  const values = mergeValues(model.parameters, publisher, school);
  return { model, publisher, school, values, parts, numbers };
}

/** A, B, … Z, then AA, AB, … */
function appendixLetter(index: number): string {
  let letters = '';
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) letters = String.fromCharCode(65 + (n % 26)) + letters;
  return letters;
}

function mergeValues(parameters: readonly Parameter[], publisher: Publisher, school: School): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (parameter.default !== undefined) setAt(values, parameter.name.split('.'), parameter.default);
  }
  deepAssign(values, publisher.details);
  deepAssign(values, school.details);
  values.school = { id: school.id, name: school.name };
  values.publisher = { id: publisher.id, name: publisher.name };
  return values;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function deepAssign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = (target[key] && typeof target[key] === 'object' ? target[key] : (target[key] = {})) as Record<string, unknown>;
      deepAssign(inner, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}
