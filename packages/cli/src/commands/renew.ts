import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  blocksWithId,
  FileChangedMeanwhile,
  LockHeld,
  recheckSchool,
  publisherWordingFile,
  schoolWordingFile,
  type PolicyError,
  lockOf,
  mergeWording,
  modelRelease,
  PolicyProblems,
  problem,
  resolveWith,
  textBlocks,
  type MergeConflict,
  type MergeNote,
  type OwnWording,
  type Project,
  type PublisherPolicy,
  type ReleaseClause,
  type SchoolPolicy,
  type WordingRecord,
} from '@school-policy/core';
import { resolvedText } from '@school-policy/generator';
import { Document } from 'yaml';
import { UsageError, type Io } from '../io.js';
import { checkProject, choosePolicy, projectRoot, reportProblems, scopeFor } from '../project.js';
import { takeLock } from '../take-lock.js';
import { writeFileAtomic } from '../write-project-file.js';

export interface RenewOptions {
  school: string | undefined;
  policy: string | undefined;
  release: string | undefined;
  /** `--resolve <clause>`: the conflict to resolve, with `take`. */
  resolve: string | undefined;
  /** `--take ours|theirs|merged`: whose words resolve it. */
  take: string | undefined;
  dryRun: boolean | undefined;
  root: string | undefined;
}

const usage = 'policy renew <school-id> [--policy ID] [--release ID] [--dry-run]  |  policy renew <school-id> [--policy ID] --resolve <clause> --take ours|theirs|merged';

/**
 * `policy renew <school-id>`: carries the school's own wording of a policy onto the release its
 * publisher now publishes (or --release), by a three-way merge, clause by clause (see merge.ts),
 * and writes the merged wording, with every conflict the school must resolve, in place of the old.
 * `--resolve <clause> --take …` resolves one conflict with the school's words, the model's, or the merged words.
 */
export async function renew(io: Io, options: RenewOptions): Promise<number> {
  if (!options.school) throw new UsageError(`Name the school. Usage: ${usage}`);
  const root = projectRoot(io, options.root);
  const loaded = policyToWord(io, root, options.school, options.policy, 'renew');
  if (typeof loaded === 'number') return loaded;
  const { project, school, publisher } = loaded;
  const model = school.model;
  const record = school.wording;
  if (!record) {
    io.stdout.write(`${school.name} has no own wording of its ${model} policy (no ${wordingFileLabel(school)}): its draft is the model's words, so there is nothing to carry over.\n`);
    return 0;
  }
  const before = readFileSync(join(root, record.file), 'utf8');
  if (options.resolve !== undefined || options.take !== undefined) {
    if (options.release !== undefined) throw new UsageError('--resolve and --take resolve a conflict of the last renewal: leave out --release.');
    return take(io, root, project, school, record, options.resolve, options.take, options.dryRun ?? false, before);
  }

  const target = options.release ?? publisher.release;
  const takenUp = publisher.releases.map((entry) => entry.release);
  if (!takenUp.includes(target)) throw new UsageError(`${publisher.name} has not taken up release ${target} of ${model}. The releases it publishes are: ${takenUp.join(', ')}.`);
  if (target < record.wording.release) throw new UsageError(`${record.file} is written against release ${record.wording.release}, which is newer than ${target}: a school's wording is carried forward, never back.`);
  if (record.wording.release === target) {
    const left = record.conflicts.length;
    io.stdout.write(`${record.file} is already written against release ${target}${left > 0 ? `, with ${left === 1 ? 'a conflict' : `${left} conflicts`} still to resolve: ${record.conflicts.map((c) => c.id).join(', ')}` : ': nothing to carry over'}.\n`);
    return 0;
  }
  if (record.conflicts.length > 0) {
    throw new UsageError(`${record.file} still has conflicts from its last renewal (${record.conflicts.map((c) => c.id).join(', ')}): resolve them before carrying the wording onto another release.`);
  }

  const result = mergeOnto(project, school, publisher, record.wording, target);
  const text = wordingYaml(result.wording, result.conflicts, school);
  const report = renewalReport(result.notes, result.conflicts, record.wording.release, target);
  if (options.dryRun) {
    io.stdout.write(`${report}\nThis was a dry run: ${record.file} is unchanged.\n`);
    return 0;
  }
  const problemsAfter = writeWording(root, project, record.file, text, school, before);
  if (problemsAfter.length > 0) {
    reportProblems(io, problemsAfter, `Nothing was written: ${record.file} is as it was.`);
    return 1;
  }
  io.stdout.write(`${report}\nWrote ${record.file}, written against release ${target}.\n${nextStep(school, result.conflicts)}`);
  return 0;
}

/**
 * The school's policy whose own wording a command changes, its publisher's and the project,
 * checked: or, when the school or any file its wording depends on has problems, the exit code
 * after reporting them (nothing is written then).
 */
export function policyToWord(io: Io, root: string, schoolId: string, policy: string | undefined, command: string): { project: Project; school: SchoolPolicy; publisher: PublisherPolicy } | number {
  const { project, problems } = checkProject(root, scopeFor(schoolId));
  const found = project.schools.get(schoolId);
  if (!found) {
    reportProblems(io, problems, 'Nothing was written.');
    return 1;
  }
  const model = choosePolicy(project, schoolId, policy, (id) => `policy ${command} ${schoolId} --policy ${id}`);
  const school = found.policies.get(model)!;
  const publisher = project.publishers.get(school.publisher)!.policies.get(model)!;
  const ownFiles = new Set([school.file, publisher.file, schoolWordingFile(school.publisher, school.id, model), publisherWordingFile(school.publisher, model)]);
  const blocking = problems.filter((p) => ownFiles.has(p.location.file));
  if (blocking.length > 0) {
    reportProblems(io, blocking, 'Mend them first; nothing was written.');
    return 1;
  }
  return { project, school, publisher };
}

/** The school's policy as the merge reads it: every clause and text by id, with its words as filled for the school, without any own wording of its own. */
function clausesOf(project: Project, school: SchoolPolicy, publisher: PublisherPolicy, release: string): { clauses: ReleaseClause[]; order: string[] } {
  const model = modelRelease(project, publisher.model, release);
  const text = resolvedText(resolveWith(model, { ...publisher, release }, { ...school, wording: undefined }, 'school'));
  const clauses = textBlocks(text).map(({ block }) => ({ id: block.id, text: block.markdown }));
  return { clauses, order: clauses.map((clause) => clause.id) };
}

/**
 * The merge of the school's wording onto a release: the merge itself, then each reworded clause
 * the new release (or the publisher) no longer lets the school change is a conflict too, and an
 * own clause left with nothing before it goes first after the first clause.
 */
export function mergeOnto(project: Project, school: SchoolPolicy, publisher: PublisherPolicy, wording: OwnWording, target: string) {
  const base = clausesOf(project, school, publisher, wording.release);
  const theirs = clausesOf(project, school, publisher, target);
  const result = mergeWording(base.clauses, theirs.clauses, wording, target);
  const model = modelRelease(project, publisher.model, target);
  const owner = { kind: 'school' as const, locks: publisher.locks, publisherName: publisher.name, publisherFile: publisher.file };
  const conflicts: MergeConflict[] = [...result.conflicts];
  for (const id of Object.keys(result.wording.reworded)) {
    if (conflicts.some((conflict) => conflict.id === id) || blocksWithId(model, id).length === 0) continue;
    if (lockOf(model, id, owner)) {
      const theirText = theirs.clauses.find((clause) => clause.id === id)?.text;
      conflicts.push({ id, kind: 'locked', base: base.clauses.find((clause) => clause.id === id)?.text ?? '', ours: result.wording.reworded[id]!, theirs: theirText, merged: undefined });
      result.notes.push({ id, what: 'conflict', detail: 'locked' });
    }
  }
  const first = theirs.order[0] ?? null;
  const added = result.wording.added.map((clause) => (clause.after === null ? { ...clause, after: first } : clause));
  return { wording: { ...result.wording, added }, conflicts, notes: result.notes };
}

const noteWords: Record<MergeNote['what'], string> = {
  kept: 'kept: the model did not change this clause, so your words carry over',
  merged: "merged: the model's changes and yours do not overlap, so both are in",
  'model-only': "the model's: your words were the model's, so its new words come in",
  conflict: 'conflict',
  'moved-after': 'your clause follows another: the clause it followed was removed',
  'omitted-changed': 'still left out; the model changed it, so read its new words before you decide',
  'omitted-gone': 'no longer left out: the model removed it',
};

const conflictWords: Record<MergeConflict['kind'], string> = {
  'both-changed': 'CONFLICT: you and the model changed the same words; the merged words show each clash as [yours ‖ the model\'s]',
  removed: 'CONFLICT: the model removed this clause, which you reworded',
  locked: 'CONFLICT: the new release or your publisher no longer lets this clause be changed',
};

function renewalReport(notes: readonly MergeNote[], conflicts: readonly MergeConflict[], from: string, to: string): string {
  const lines = [`Carrying the school's own wording from release ${from} to ${to}:`];
  for (const note of notes) {
    const conflict = note.what === 'conflict' ? conflicts.find((c) => c.id === note.id) : undefined;
    const words = conflict ? conflictWords[conflict.kind] : noteWords[note.what];
    lines.push(`  ${note.id}: ${words}${note.what === 'moved-after' ? ` (now after ${note.detail ?? 'the first clause'})` : ''}.`);
  }
  if (notes.length === 0) lines.push('  nothing to carry: the wording has no clauses.');
  lines.push(conflicts.length === 0 ? 'No conflicts.' : `${conflicts.length === 1 ? '1 conflict' : `${conflicts.length} conflicts`} to resolve before the governors can adopt it.`);
  return lines.join('\n');
}

function nextStep(school: SchoolPolicy, conflicts: readonly MergeConflict[]): string {
  if (conflicts.length === 0) return `Next: read the draft (policy render ${school.id} --policy ${school.model} --version draft), then adopt it once the governors approve it.\n`;
  return [
    'Next, for each conflict, either:',
    `  policy renew ${school.id} --policy ${school.model} --resolve <clause> --take ours     (keep your words)`,
    `  policy renew ${school.id} --policy ${school.model} --resolve <clause> --take theirs   (take the model's new words)`,
    `  policy renew ${school.id} --policy ${school.model} --resolve <clause> --take merged   (the merged words, once you have edited out every [ ‖ ])`,
    `or edit ${school.wording!.file} by hand: put the words under reworded:, then delete the conflict.`,
    'The policy cannot be adopted until every conflict is resolved.',
    '',
  ].join('\n');
}

/** `--resolve <clause> --take ours|theirs|merged`: resolves one conflict, and writes the file without it. */
function take(io: Io, root: string, project: Project, school: SchoolPolicy, record: WordingRecord, id: string | undefined, side: string | undefined, dryRun: boolean, before: string): number {
  if (!id || !side || !['ours', 'theirs', 'merged'].includes(side)) throw new UsageError(`Give the clause and whose words to keep: --resolve <clause> --take ours|theirs|merged. Usage: ${usage}`);
  const conflict = record.conflicts.find((candidate) => candidate.id === id);
  if (!conflict) {
    const open = record.conflicts.map((candidate) => candidate.id);
    throw new UsageError(`${record.file} has no conflict over "${id}".${open.length > 0 ? ` Its conflicts are: ${open.join(', ')}.` : ' It has none.'}`);
  }
  const reworded = { ...record.wording.reworded };
  if (side === 'ours') {
    if (conflict.kind !== 'both-changed') throw new UsageError(`"${id}" ${conflict.kind === 'removed' ? 'is no longer in the model' : 'may no longer be changed'}, so your words cannot stay: take theirs (--resolve ${id} --take theirs), or put them in a clause of your own under added: by hand.`);
    reworded[id] = conflict.ours;
  } else if (side === 'theirs') {
    delete reworded[id];
  } else {
    if (!conflict.merged) throw new UsageError(`"${id}" has no merged words: take ours or theirs.`);
    if (/\[[^\]]*‖[^\]]*\]/.test(conflict.merged)) {
      throw new UsageError(`The merged words of "${id}" still show a clash as [yours ‖ the model's]: edit them under conflicts: in ${record.file} until none is left, then take merged again (or take ours or theirs).`);
    }
    reworded[id] = conflict.merged;
  }
  const conflicts = record.conflicts.filter((candidate) => candidate !== conflict);
  const text = wordingYaml({ ...record.wording, reworded }, conflicts, school);
  const words = side === 'ours' ? 'your words' : side === 'theirs' ? "the model's new words" : 'the merged words';
  if (dryRun) {
    io.stdout.write(`Would resolve "${id}" with ${words}. This was a dry run: ${record.file} is unchanged.\n`);
    return 0;
  }
  const problemsAfter = writeWording(root, project, record.file, text, school, before);
  if (problemsAfter.length > 0) {
    reportProblems(io, problemsAfter, `Nothing was written: ${record.file} is as it was.`);
    return 1;
  }
  io.stdout.write(`Resolved "${id}" with ${words}.${conflicts.length > 0 ? ` Still to resolve: ${conflicts.map((c) => c.id).join(', ')}.` : ' No conflicts are left: the policy can be adopted once the governors approve it.'}\n`);
  return 0;
}

function wordingFileLabel(school: SchoolPolicy): string {
  return schoolWordingFile(school.publisher, school.id, school.model);
}

/** The own-wording file as renew writes it: a comment on what it is, then the wording, each text as a block. */
export function wordingYaml(wording: OwnWording, conflicts: readonly MergeConflict[], school: Pick<SchoolPolicy, 'name' | 'model'>): string {
  const doc = new Document({
    release: wording.release,
    reworded: wording.reworded,
    added: wording.added,
    omitted: wording.omitted,
    ...(conflicts.length > 0 ? { conflicts: conflicts.map((conflict) => Object.fromEntries(Object.entries(conflict).filter(([, value]) => value !== undefined))) } : {}),
  });
  doc.commentBefore = ` ${school.name}'s own wording of its ${school.model} policy: clauses the model lets it change, in Markdown, against the release below.`;
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/**
 * Writes the wording file whole, under a lock, if it is still as this command read it (`before`,
 * or missing when undefined); then reads the school back, and puts the file back as it was (or
 * removes it) if it has any problem. Returns those problems.
 */
export function writeWording(root: string, project: Project, file: string, text: string, school: SchoolPolicy, before: string | undefined): PolicyError[] {
  const path = join(root, file);
  const lockFile = `${dirname(file)}/.${school.model}.wording.lock`;
  if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  const taken = takeLock(join(root, lockFile));
  if ('heldBy' in taken) throw new PolicyProblems([problem(LockHeld, { file: lockFile }, ['renew', taken.heldBy, `writing ${file}`], [taken.heldBy])]);
  try {
    const now = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (now !== before) {
      throw new PolicyProblems([problem(FileChangedMeanwhile, { file }, ['another command or an edit changed it after this command read it'], ['Nothing was written. Run the command again.'])]);
    }
    writeFileAtomic(path, text);
    const after = recheckSchool(project, school.id);
    if (after.length > 0) {
      if (before === undefined) rmSync(path);
      else writeFileAtomic(path, before);
    }
    return after;
  } finally {
    taken.lock.release();
  }
}
