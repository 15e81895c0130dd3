import { holds, type ConditionSubject } from './conditions.js';
import type { Model } from './model.js';
import type { Block, BlockType, Part, Subsection } from './part.js';
import { problem, PolicyProblems, type PolicyError } from './problem.js';
import { NoDefaultForTemplate, TwoWordings, UnknownSchool } from './problem-kinds.js';
import { publisherModel, takenUpSince, type AdoptedVersion, type Project, type Publisher, type PublisherPolicy, type SchoolPolicy } from './project.js';
import type { Variant } from './schemas/publisher.js';
import { suggest } from './suggest.js';
import type { Template } from './template.js';
import type { OwnWording } from './merge.js';
import type { WordingRecord } from './own-wording.js';
import type { AdoptedPublisher, AdoptedSchool, OwnSource } from './snapshot.js';
import { parametersInUse, subjectOf } from './usage.js';
import { valueAt } from './yaml-source.js';

export interface ResolvedBlock {
  type: BlockType;
  id: string;
  /** The computed number of a clause (`6.4`, `A.1.3`); text and form blocks have none. */
  number: string | undefined;
  template: Template;
  /** Whose own words it has, when not the model's (see own-wording.ts). */
  own?: OwnSource;
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
  kind: 'preamble' | 'section' | 'appendix';
  /** `1`, `2`, … for sections; `A`, `B`, … for appendices; empty for a preamble, whose clauses are unnumbered too. */
  number: string;
  title: Template;
  file: string;
  children: (ResolvedBlock | ResolvedSubsection)[];
}

/**
 * One school's policy, or a publisher's blank template: the model's parts and clauses that apply
 * (by variant, modules and choices), in order, numbered, with the values to fill them.
 */
export interface ResolvedPolicy {
  /** A school's own policy, or the publisher's blank template that schools complete. */
  kind: 'school' | 'template';
  model: Model;
  publisher: PublisherPolicy;
  /** The school's policy; for a template, a stand-in with the template's id, no name, and the publisher's date. */
  school: SchoolPolicy;
  variant: Variant;
  /** The optional modules switched on, by the publisher and the school. */
  modules: string[];
  /** The values templates see: built-ins, defaults, the publisher's details, then the school's. */
  values: Record<string, unknown>;
  /** In a template, the parameters left for the school to fill in, with what the blank says. */
  blanks: Map<string, string>;
  parts: ResolvedPart[];
  /** The number of every numbered part, subsection and clause, by id. */
  numbers: Map<string, string>;
  /** What its parts' and blocks' conditions were tested against: its variant, modules and choices. */
  subject: ConditionSubject;
}

/** The id under which a publisher's blank template is published: `merthyr-tydfil-template`. */
export function templateId(publisherId: string): string {
  return `${publisherId}-template`;
}

/** Every school and blank template a project publishes: each publisher's blank template, then each school. */
export function policyIds(project: Project): string[] {
  return [...[...project.publishers.keys()].map(templateId), ...project.schools.keys()];
}

/** The publisher whose blank template has this id, if any. */
export function templateOwner(project: Project, id: string): Publisher | undefined {
  return [...project.publishers.values()].find((publisher) => templateId(publisher.id) === id);
}

/** The policies a school or a blank template's publisher has, by model id, in its publisher's order; none for an unknown id. */
export function policiesOf(project: Project, id: string): string[] {
  const school = project.schools.get(id);
  if (school) return [...school.policies.keys()];
  return [...(templateOwner(project, id)?.policies.keys() ?? [])];
}

/** What a blank template shows for the school's name. */
export const schoolNameBlank = 'insert school name';

/**
 * Resolves one policy of a school from its publisher's current release and the school's details
 * as they are now, or with a template id a publisher's blank template (of the publisher's current
 * release, or of the release given): selects the parts and wordings whose conditions hold and
 * numbers them.
 */
export function resolvePolicy(project: Project, id: string, modelId: string, release?: string): ResolvedPolicy {
  const school = project.schools.get(id);
  const owner = school ? project.publishers.get(school.publisher)! : templateOwner(project, id);
  if (!owner) throw new PolicyProblems([problem(UnknownSchool, { file: '' }, [id], [suggest(id, policyIds(project))])]);
  const publisher = owner.policies.get(modelId);
  if (!publisher) throw new Error(`${owner.name} does not publish the ${modelId} policy.`);
  const model = release === undefined ? publisherModel(project, publisher) : modelRelease(project, modelId, release);
  if (school) return resolveWith(model, publisher, school.policies.get(modelId)!, 'school');
  const published = laterDate(takenUpSince(publisher, model.release.id) ?? publisher.published, model.release.id);
  const standIn: SchoolPolicy = { id, file: publisher.file, publisher: publisher.id, model: modelId, name: '', reviewed: published, modules: [], example: false, motto: undefined, details: {}, adoptions: [] };
  return resolveWith(model, publisher, standIn, 'template');
}

/** One release of a model, by its id. */
export function modelRelease(project: Project, model: string, release: string): Model {
  const found = project.releases.get(model)?.find((candidate) => candidate.release.id === release);
  if (!found) throw new Error(`No release ${release} of the ${model} model.`);
  return found;
}

/** A version a school adopted, resolved again from its release and the settings frozen with it. */
export function resolveAdopted(project: Project, school: SchoolPolicy, adoption: AdoptedVersion): ResolvedPolicy {
  const current = project.publishers.get(school.publisher)!.policies.get(school.model)!;
  const { publisher, school: adopted } = adoption.snapshot.inputs;
  return resolveWith(modelRelease(project, publisher.model, adoption.release), adoptedPublisherPolicy(current, publisher, adoption.release), adoptedSchoolPolicy(school, adopted), 'school');
}

/** A publisher's settings as a version froze them, over its settings now: its own wording is the frozen one, or none. */
export function adoptedPublisherPolicy(current: PublisherPolicy, frozen: AdoptedPublisher | PublisherPolicy, release: string): PublisherPolicy {
  const { ownWording, ...settings } = frozen as AdoptedPublisher;
  const wording = 'locks' in frozen ? frozen.wording : frozenWording(current.file, ownWording);
  return { ...current, ...settings, release, file: current.file, example: current.example, wording };
}

/** A school's settings as a version froze them: its own wording is the frozen one, or none. */
export function adoptedSchoolPolicy(school: SchoolPolicy, frozen: AdoptedSchool | SchoolPolicy): SchoolPolicy {
  const { ownWording, ...settings } = frozen as AdoptedSchool;
  const wording = 'adoptions' in frozen ? frozen.wording : frozenWording(school.wording?.file ?? school.file, ownWording);
  return { ...settings, file: school.file, publisher: school.publisher, model: school.model, example: school.example, adoptions: [], wording };
}

function frozenWording(file: string, wording: OwnWording | undefined): WordingRecord | undefined {
  return wording ? { file, wording, conflicts: [] } : undefined;
}

/** Own wording as a snapshot freezes it: none when there is none, so that a version without keeps the fingerprint it always had. */
export function ownWordingOf(record: WordingRecord | undefined, release: string): OwnWording | undefined {
  const wording = record?.wording;
  if (!wording || wording.release !== release) return undefined;
  const empty = Object.keys(wording.reworded).length === 0 && wording.added.length === 0 && wording.omitted.length === 0;
  return empty ? undefined : wording;
}

/** The later of two years, months or dates (`2017` and `2016-06` give `2017`). */
function laterDate(a: string, b: string): string {
  return a.padEnd(10, '-') >= b.padEnd(10, '-') ? a : b;
}

/** Resolves a policy from one release of a model with the publisher's and the school's settings given. */
export function resolveWith(model: Model, publisher: PublisherPolicy, school: SchoolPolicy, kind: ResolvedPolicy['kind']): ResolvedPolicy {
  const modules = [...new Set([...publisher.modules, ...school.modules])].sort();
  const { values, blanks, problems } = mergeValues(model, publisher, school, kind);
  if (problems.length > 0) throw new PolicyProblems(problems);
  values.variant = publisher.variant;
  values.module = modules;
  values.document = kind;
  const subject: ConditionSubject = {
    variant: publisher.variant,
    document: kind,
    modules: new Set(modules),
    values: new Map(model.parameters.map((parameter) => [parameter.name, valueAt(values, parameter.name.split('.'))])),
  };

  const numbers = new Map<string, string>();
  const seen = new Map<string, string>();
  const duplicates: PolicyError[] = [];
  const include = <T extends { id: string; when: Block['when'] }>(item: T, file: string, line: number): boolean => {
    if (!holds(item.when, subject)) return false;
    const where = `${file}:${line}`;
    const earlier = seen.get(item.id);
    if (earlier) duplicates.push(problem(TwoWordings, { file, line }, [item.id, kind === 'school' ? school.name : `${publisher.name}'s template`], [earlier, where]));
    seen.set(item.id, where);
    return true;
  };

  const own = ownWordingFor(model, publisher, kind === 'school' ? school : undefined);
  let sections = 0;
  let appendices = 0;
  const parts = model.parts
    .filter((part) => include(part, part.file, 1))
    .map((part): ResolvedPart => {
      const number = part.kind === 'preamble' ? '' : part.kind === 'section' ? String(++sections) : appendixLetter(appendices++);
      if (number) numbers.set(part.id, number);
      return { id: part.id, kind: part.kind, number, title: part.title, file: part.file, children: numberChildren(part, number, numbers, include, own) };
    });
  if (duplicates.length > 0) throw new PolicyProblems(duplicates);
  return { kind, model, publisher, school, variant: publisher.variant, modules, values, blanks, parts, numbers, subject };
}

type Include = <T extends { id: string; when: Block['when'] }>(item: T, file: string, line: number) => boolean;

/** The own wording a policy is resolved with: the publisher's, then the school's over it, each only for the release it was written against. */
interface OwnWordingInUse {
  /** Each reworded clause's words, and whose they are. */
  reworded: Map<string, { template: Template; own: OwnSource }>;
  /** The school's own clauses, by the id of the clause each follows. */
  added: Map<string, { id: string; template: Template }[]>;
  omitted: Set<string>;
}

function ownWordingFor(model: Model, publisher: PublisherPolicy, school: SchoolPolicy | undefined): OwnWordingInUse {
  const release = model.release.id;
  const reworded = new Map<string, { template: Template; own: OwnSource }>();
  const added = new Map<string, { id: string; template: Template }[]>();
  const omitted = new Set<string>();
  const ownTemplate = (record: WordingRecord, text: string): Template => ({ text, file: record.file, line: 1, column: 1, parameters: [], refs: [] });
  for (const [record, own] of [[publisher.wording, 'publisher'], [school?.wording, 'school']] as const) {
    if (!record || record.wording.release !== release) continue;
    for (const [id, text] of Object.entries(record.wording.reworded)) reworded.set(id, { template: ownTemplate(record, text), own });
    if (own !== 'school') continue;
    for (const clause of record.wording.added) added.set(clause.after ?? '', [...(added.get(clause.after ?? '') ?? []), { id: clause.id, template: ownTemplate(record, clause.text) }]);
    for (const id of record.wording.omitted) omitted.add(id);
  }
  return { reworded, added, omitted };
}

/**
 * Numbers a part's clauses and subsections (`6.1`, `A.1`) and the clauses inside subsections
 * (`A.1.1`), with own wording in place: reworded clauses take their own words, left-out optional
 * clauses go, and a school's own clauses follow the clause each names, numbered in sequence.
 */
function numberChildren(part: Part, number: string, numbers: Map<string, string>, include: Include, own: OwnWordingInUse): (ResolvedBlock | ResolvedSubsection)[] {
  let count = 0;
  const numbered = (type: BlockType, id: string, template: Template, prefix: string, counter: () => number, source: OwnSource | undefined): ResolvedBlock => {
    const result: ResolvedBlock = { type, id, number: undefined, template };
    if (source) result.own = source;
    if (type !== 'clause' || !number) return result;
    result.number = `${prefix}.${counter()}`;
    numbers.set(id, result.number);
    return result;
  };
  const blocks = (items: readonly Block[], prefix: string, counter: () => number): ResolvedBlock[] =>
    items.flatMap((item) => {
      if (own.omitted.has(item.id)) return [];
      const reworded = own.reworded.get(item.id);
      const result = [numbered(item.type, item.id, reworded?.template ?? item.template, prefix, counter, reworded?.own)];
      // The school's own clauses after this one, and after each of those in turn.
      const queue = [...(own.added.get(item.id) ?? [])];
      while (queue.length > 0) {
        const clause = queue.shift()!;
        result.push(numbered('clause', clause.id, clause.template, prefix, counter, 'school'));
        queue.unshift(...(own.added.get(clause.id) ?? []));
      }
      return result;
    });
  const children: (ResolvedBlock | ResolvedSubsection)[] = [];
  let run: Block[] = [];
  const flush = () => {
    children.push(...blocks(run, number, () => ++count));
    run = [];
  };
  for (const child of part.children.filter((item) => include(item, part.file, item.type === 'subsection' ? item.title.line : item.line))) {
    if (child.type !== 'subsection') {
      run.push(child);
      continue;
    }
    flush();
    const subsectionNumber = `${number}.${++count}`;
    numbers.set(child.id, subsectionNumber);
    let inner = 0;
    const inside = blocks((child as Subsection).children.filter((item) => include(item, part.file, item.line)), subsectionNumber, () => ++inner);
    children.push({ type: 'subsection' as const, id: child.id, number: subsectionNumber, title: child.title, children: inside });
  }
  flush();
  return children;
}

/** A, B, … Z, then AA, AB, … */
function appendixLetter(index: number): string {
  let letters = '';
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) letters = String.fromCharCode(65 + (n % 26)) + letters;
  return letters;
}

/**
 * Values in order of precedence: the parameter's default, its default for the variant, the
 * publisher's details, the school's details. In a template, each school-scope value still missing
 * is a blank for the school to fill in; a choice cannot be blank, since it decides the wording.
 */
function mergeValues(model: Model, publisher: PublisherPolicy, school: SchoolPolicy, kind: ResolvedPolicy['kind']) {
  const values: Record<string, unknown> = {};
  const blanks = new Map<string, string>();
  const problems: PolicyError[] = [];
  for (const parameter of model.parameters) {
    const fallback = parameter.defaultByVariant?.[publisher.variant] ?? parameter.default;
    if (fallback !== undefined) setAt(values, parameter.name.split('.'), fallback);
  }
  deepAssign(values, publisher.details);
  deepAssign(values, school.details);
  // Every group of parameters exists, so that a template can test {{#if group.name}} when the group is empty.
  for (const parameter of model.parameters) {
    let node = values;
    for (const key of parameter.name.split('.').slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  }
  if (kind === 'template') {
    blanks.set('school.name', schoolNameBlank);
    const used = parametersInUse(model, subjectOf(model, publisher.variant, publisher.modules, [publisher.details]));
    for (const parameter of model.parameters) {
      if (parameter.scope !== 'school' || !used.has(parameter.name) || valueAt(values, parameter.name.split('.')) !== undefined) continue;
      if (parameter.type === 'choice' || parameter.type === 'boolean') {
        if (parameter.required) problems.push(problem(NoDefaultForTemplate, { file: publisher.file, field: `policies.${publisher.model}.details.${parameter.name}` }, [parameter.name], [publisher.file, publisher.model]));
        continue;
      }
      blanks.set(parameter.name, parameter.blank ?? `insert ${words(parameter.name)}`);
    }
  }
  values.school = { id: school.id, name: school.name };
  values.publisher = { id: publisher.id, name: publisher.name };
  return { values, blanks, problems };
}

/** `personalUse.dailyQuotaMinutes` → `daily quota minutes`. */
function words(name: string): string {
  return name.split('.').at(-1)!.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
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
