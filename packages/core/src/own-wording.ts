import type { Root, RootContent } from 'mdast';
import { textCharacterProblems } from './character-problems.js';
import { linkProblems, plainMarkdown, refusedLinks } from './links.js';
import type { MergeConflict, OwnWording } from './merge.js';
import type { Model } from './model.js';
import { maxMarkdownDepth, nestedTooDeep, type Block } from './part.js';
import { problem, type Location, type PolicyError } from './problem.js';
import { DuplicateId, LockedClause, NotOptional, OwnWordingMarkup, UnknownReference } from './problem-kinds.js';
import { readProjectFile } from './read-project-file.js';
import type { PublisherLock } from './schemas/wording.js';
import { wordingFileSchema } from './schemas/wording.js';
import { suggest } from './suggest.js';
import { locate, parseYaml, validateYaml, type FieldPath, type YamlSource } from './yaml-source.js';

/**
 * Own wording: the words a school (or its publisher, for all its schools) gives a clause the model
 * lets be changed, kept in a file of its own beside the school's (or publisher's) file, per clause
 * id, against one release of the model. It is the words as they are, in Markdown: no {{ }}, no
 * HTML, only the links a model may have, so it can never put markup in a policy.
 */

/** `social-media.wording.yaml`: a model's own-wording file, named so that it is never taken for a school's file. */
export function wordingFileName(model: string): string {
  return `${model}.wording.yaml`;
}

/** Where a school's own wording of a policy is kept: in its folder, beside its adopted versions. */
export function schoolWordingFile(publisher: string, school: string, model: string): string {
  return `schools/${publisher}/${school}/${wordingFileName(model)}`;
}

/** Where a publisher's own wording of a policy, for all its schools, is kept: beside its publisher.yaml. */
export function publisherWordingFile(publisher: string, model: string): string {
  return `schools/${publisher}/${wordingFileName(model)}`;
}

/** Own wording as read from its file: the wording, any conflicts `policy renew` left, and the line of each text. */
export interface WordingRecord {
  file: string;
  wording: OwnWording;
  conflicts: MergeConflict[];
}

/** Whose wording it is, for messages: a school's, or a publisher's for all its schools. */
export interface WordingOwner {
  kind: 'school' | 'publisher';
  name: string;
  /** The publisher's locks on clauses the model lets be changed (none for a publisher's own wording). */
  locks: readonly PublisherLock[];
  publisherName: string;
  publisherFile: string;
}

/** Every block of a model with the given id, in document order (one id may have several wordings, under conditions). */
export function blocksWithId(model: Model, id: string): Block[] {
  const found: Block[] = [];
  for (const part of model.parts) {
    for (const child of part.children) {
      if (child.type === 'subsection') found.push(...child.children.filter((block) => block.id === id));
      else if (child.id === id) found.push(child);
    }
  }
  return found;
}

/** Every block id of a model, once each, in document order. */
function blockIds(model: Model): string[] {
  const ids = new Set<string>();
  for (const part of model.parts) {
    for (const child of part.children) {
      if (child.type === 'subsection') child.children.forEach((block) => ids.add(block.id));
      else ids.add(child.id);
    }
  }
  return [...ids];
}

/** Every id of a model: parts, subsections and blocks. */
function allIds(model: Model): Set<string> {
  const ids = new Set(blockIds(model));
  for (const part of model.parts) {
    ids.add(part.id);
    for (const child of part.children) if (child.type === 'subsection') ids.add(child.id);
  }
  return ids;
}

/** Where a block is declared, for a message: `templates/social-media/2026-12/parts/personal-use.md:14`. */
function declaredAt(model: Model, block: Block): string {
  const part = model.parts.find((candidate) => candidate.children.some((child) => child === block || (child.type === 'subsection' && child.children.includes(block))));
  return `${part?.file ?? model.dir}:${block.line}`;
}

/** A clause as a message names it: `"personal-use-hours" (templates/…/personal-use.md:14)`. */
function clauseName(model: Model, id: string): string {
  const block = blocksWithId(model, id)[0];
  return block ? `the clause "${id}" (${declaredAt(model, block)})` : `"${id}"`;
}

/**
 * Why a clause may not be given own wording by this owner, if it may not: the model does not mark
 * it editable, or the publisher locked it (with its reason). Undefined when it may.
 */
export function lockOf(model: Model, id: string, owner: Pick<WordingOwner, 'kind' | 'locks' | 'publisherName' | 'publisherFile'>): { who: string; why: string; todo: string } | undefined {
  const blocks = blocksWithId(model, id);
  if (!blocks.every((block) => block.editable)) {
    return {
      who: `the ${model.title} model locks`,
      why: `release ${model.release.id} does not mark it editable, so its words are the model's for every school.`,
      todo: `Remove it from this file. Only clauses the model marks {#id editable} (or in a part marked editable: true) may be worded a school's or publisher's own way; ask the model's authors if this one should be.`,
    };
  }
  if (owner.kind === 'school') {
    const lock = owner.locks.find((candidate) => candidate.clauses.includes(id));
    if (lock) {
      return {
        who: `${owner.publisherName} locked for its schools`,
        why: lock.reason.endsWith('.') ? lock.reason : `${lock.reason}.`,
        todo: `Remove it from this file: the publisher's words stand. To ask for a change, speak to ${owner.publisherName} (the lock is under locked: in ${owner.publisherFile}).`,
      };
    }
  }
  return undefined;
}

/**
 * Reads and checks an own-wording file against the release it says it was written against:
 * every reworded clause exists and may be changed by this owner, every added clause follows one
 * that may, every left-out clause is optional, and every text is Markdown a clause may hold.
 * Undefined wording when the file is missing or cannot be used; its problems say why.
 */
export function loadWording(
  root: string,
  file: string,
  owner: WordingOwner,
  releaseOf: (release: string) => Model | undefined,
  releases: readonly string[],
): { record?: WordingRecord; model?: Model; source?: YamlSource; problems: PolicyError[] } {
  const read = readProjectFile(root, file);
  if (read.status === 'missing') return { problems: [] };
  if (read.status === 'refused') return { problems: [read.problem] };
  const { source, problems: syntax } = parseYaml(file, read.text);
  if (syntax.length > 0) return { problems: syntax };
  const checked = validateYaml(wordingFileSchema, source, { context: 'an own-wording file' });
  if (!checked.value) return { problems: checked.problems };
  const problems = [...checked.problems];
  const value = checked.value;
  const model = releaseOf(value.release);
  if (!model || !releases.includes(value.release)) {
    problems.push(problem(UnknownReference, locate(source, ['release']), ['release', value.release, `a release of the model that ${owner.publisherName} took up`], [suggest(value.release, releases), [...releases]]));
    return { problems };
  }
  const ids = allIds(model);
  const at = (path: FieldPath, which: 'value' | 'key' = 'value') => locate(source, path, which);
  for (const [id, text] of Object.entries(value.reworded)) {
    const field = `reworded.${id}`;
    const blocks = blocksWithId(model, id);
    if (blocks.length === 0) {
      const known = blockIds(model).filter((candidate) => blocksWithId(model, candidate).every((block) => block.editable));
      problems.push(problem(UnknownReference, at(['reworded', id], 'key'), [field, id, `a clause of release ${model.release.id}`], [suggest(id, blockIds(model)), known]));
      continue;
    }
    const lock = lockOf(model, id, owner);
    if (lock) problems.push(problem(LockedClause, at(['reworded', id], 'key'), [field, clauseName(model, id), lock.who, lock.why], [lock.todo]));
    problems.push(...textProblems(source, ['reworded', id], text, field));
  }
  if (owner.kind === 'publisher' && (value.added.length > 0 || value.omitted.length > 0 || value.conflicts.length > 0)) {
    const field = value.added.length > 0 ? 'added' : value.omitted.length > 0 ? 'omitted' : 'conflicts';
    problems.push(problem(OwnWordingMarkup, at([field], 'key'), [field, "what only a school's own wording may have"], [`A publisher's own wording rewords clauses for all its schools (reworded:); each school adds or leaves out clauses in its own file. Remove ${field}.`]));
  }
  const added = new Set<string>();
  value.added.forEach((clause, index) => {
    const field = `added[${index}]`;
    if (ids.has(clause.id) || added.has(clause.id)) {
      problems.push(problem(DuplicateId, at(['added', index, 'id']), ['clause', clause.id], [ids.has(clause.id) ? `the model's ${clauseName(model, clause.id)}; choose an id of the school's own, such as our-${clause.id}` : `${field} before it`]));
    }
    if (!added.has(clause.after)) {
      if (blocksWithId(model, clause.after).length === 0) {
        problems.push(problem(UnknownReference, at(['added', index, 'after']), [`${field}.after`, clause.after, `a clause of release ${model.release.id} or an added clause before this one`], [suggest(clause.after, [...blockIds(model), ...added]), []]));
      } else {
        // The model says where a school may add clauses: after one it lets schools change.
        const lock = lockOf(model, clause.after, { ...owner, locks: [] });
        if (lock) {
          problems.push(problem(LockedClause, at(['added', index, 'after']), [`${field}.after`, `what follows ${clauseName(model, clause.after)}`, lock.who, lock.why], [
            'A school adds its own clauses only after a clause the model lets it change: put this one after such a clause.',
          ]));
        }
      }
    }
    added.add(clause.id);
    problems.push(...textProblems(source, ['added', index, 'text'], clause.text, `${field}.text`));
  });
  value.omitted.forEach((id, index) => {
    const blocks = blocksWithId(model, id);
    if (blocks.length === 0) {
      problems.push(problem(UnknownReference, at(['omitted', index]), [`omitted[${index}]`, id, `a clause of release ${model.release.id}`], [suggest(id, blockIds(model)), blockIds(model).filter((candidate) => blocksWithId(model, candidate).every((block) => block.optional))]));
    } else if (!blocks.every((block) => block.optional)) {
      problems.push(problem(NotOptional, at(['omitted', index]), [`omitted[${index}]`, clauseName(model, id), `${model.title} model (release ${model.release.id})`], []));
    }
  });
  if (problems.length > 0) return { problems };
  const wording: OwnWording = { release: value.release, reworded: value.reworded, added: value.added, omitted: value.omitted };
  const conflicts = value.conflicts.map((conflict): MergeConflict => ({ ...conflict, theirs: conflict.theirs, merged: conflict.merged }));
  return { record: { file, wording, conflicts }, model, source, problems: [] };
}

/** Markdown a clause may hold: no {{ }} (own wording is the words as they are), no HTML, headings or refused links. */
function textProblems(source: YamlSource, path: FieldPath, text: string, field: string): PolicyError[] {
  const where: Location = locate(source, path);
  const problems: PolicyError[] = [];
  if (/\{\{|\}\}/.test(text)) {
    problems.push(problem(OwnWordingMarkup, where, [field, '"{{" or "}}"'], ["Own wording is the words as they are, not a template: write the school's name or the value itself, not {{school.name}}."]));
  }
  const tree = plainMarkdown.parse(text) as Root;
  const deep = nestedTooDeep(tree);
  if (deep) {
    problems.push(problem(OwnWordingMarkup, where, [field, `Markdown nested more than ${maxMarkdownDepth} deep`], ['Write the clause as paragraphs and lists of a few levels.']));
    return problems;
  }
  const refused = refusedNode(tree);
  if (refused) problems.push(problem(OwnWordingMarkup, where, [field, refused.what], [refused.todo]));
  problems.push(...linkProblems(refusedLinks(tree), () => where));
  problems.push(...textCharacterProblems(source.file, text, where.line ?? 1, 'This line of the own wording'));
  return problems;
}

/** The first node of a kind a clause's own wording may not have, found without recursion. */
function refusedNode(tree: Root): { what: string; todo: string } | undefined {
  const stack: (Root | RootContent)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'html') return { what: `HTML (${JSON.stringify(node.value.slice(0, 40))})`, todo: 'Write it in Markdown: *emphasis*, **bold**, lists and [links](https://…). HTML is never published.' };
    if (node.type === 'heading') return { what: 'a heading', todo: 'A clause has no headings of its own: write its words as paragraphs or a list.' };
    if ('children' in node) stack.push(...(node.children as RootContent[]));
  }
  return undefined;
}
