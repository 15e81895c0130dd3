import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  adoptionSchema,
  buildDate,
  impossibleAdoptionDates,
  detailsProblemsInRelease,
  FileChangedMeanwhile,
  LockHeld,
  publisherWordingFile,
  schoolWordingFile,
  StaleWording,
  WordingConflicts,
  formatFieldPath,
  listedIds,
  loadProject,
  nextReviewDate,
  parseSignatory,
  PolicyProblems,
  problem,
  snapshotJson,
  publisherModel,
  publisherPolicies,
  recheckSchool,
  suggest,
  UnknownSchool,
  type AdoptedVersion,
  type Project,
  type ProjectScope,
  type PolicyError,
  type PolicySnapshot,
  type SchoolPolicy,
} from '@school-policy/core';
import {
  adoptionSnapshot,
  diffSchoolVersions,
  diffTemplateReleases,
  findVersion,
  formatMonthOrDate,
  renderDiffHtml,
  renderDiffText,
  renderRedlineDocx,
  renderRedlinePdf,
  type VersionDiff,
} from '@school-policy/generator';
import { isMap, isSeq, parseDocument } from 'yaml';
import { UsageError, writeOutFile, type Io } from '../io.js';
import { checkProject, choosePolicy, defaultCacheDir, isSchoolsOwnFile, projectRoot, reportProblems, reportWarnings, scopeFor } from '../project.js';
import { takeLock } from '../take-lock.js';
import { writeFileAtomic, writeProjectFile } from '../write-project-file.js';

/**
 * One policy of a school: the school named, and the policy --policy names (or its only one). The
 * project holds only that school (see scopeFor): an id that is no school's is compared with every
 * school file's name.
 */
function schoolOf(project: Project, id: string | undefined, policy: string | undefined, usage: string, example: (id: string, policy: string) => string): SchoolPolicy {
  if (!id) throw new UsageError(`Name the school. Usage: ${usage}`);
  const school = project.schools.get(id);
  if (!school) throw new PolicyProblems([problem(UnknownSchool, { file: '' }, [id], [suggest(id, listedIds(project.root, id).schools)])]);
  return school.policies.get(choosePolicy(project, id, policy, (model) => example(id, model)))!;
}

/** The record of an adopted version as JSON: what `history --format json` prints. */
function record(school: SchoolPolicy, adoption: AdoptedVersion) {
  return {
    version: adoption.version,
    id: adoption.name,
    current: adoption === school.adoptions.at(-1),
    release: adoption.release,
    approved: adoption.approved,
    approvedBy: adoption.approvedBy ?? null,
    minute: adoption.minute ?? null,
    signedBy: adoption.signedBy.map((signer) => ({ name: signer.name ?? null, role: signer.role })),
    reviewCycle: adoption.reviewCycle ?? null,
    nextReview: nextReviewDate(adoption) ?? null,
    example: adoption.example,
    snapshot: adoption.snapshotFile,
    hash: adoption.hash,
  };
}

/**
 * `policy history <school-id>`: every version the governors adopted, oldest first. Problems in
 * the school's own files stop it (exit 1); problems elsewhere are warnings after the history.
 */
export async function history(io: Io, options: { school: string | undefined; format: string | undefined; root: string | undefined; policy?: string | undefined }): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format} is not a format here: use text or json.`);
  const { project, problems } = loadProject(projectRoot(io, options.root), scopeFor(options.school), { cache: defaultCacheDir() });
  const own = options.school === undefined ? [] : problems.filter((p) => isSchoolsOwnFile(p.location.file, options.school!));
  if (own.length > 0 && !project.schools.has(options.school!)) {
    reportProblems(io, own, `Mend them to see the history of ${options.school}.`);
    return 1;
  }
  const school = schoolOf(project, options.school, options.policy, 'policy history <school-id> [--policy ID] [--format json]', (id, policy) => `policy history ${id} --policy ${policy}`);
  const warn = () => reportWarnings(io, problems.filter((p) => !isSchoolsOwnFile(p.location.file, school.id)), `they are in other files, so ${school.id}'s history is as its file records it`);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ school: school.id, name: school.name, policy: school.model, versions: school.adoptions.map((adoption) => record(school, adoption)) }, null, 2)}\n`);
    warn();
    return 0;
  }
  if (school.adoptions.length === 0) {
    io.stdout.write(`${school.name} has adopted no version of its ${policyTitle(project, school)} yet. Record one with: policy adopt ${school.id} --policy ${school.model} --approved DATE\n`);
    warn();
    return 0;
  }
  const rows = school.adoptions.map((adoption) => {
    const next = nextReviewDate(adoption);
    return [
      `${adoption.name}${adoption === school.adoptions.at(-1) ? ' (current)' : ''}`,
      formatMonthOrDate(adoption.approved),
      adoption.release,
      adoption.approvedBy ?? 'not recorded',
      adoption.minute ?? 'not recorded',
      next ? formatMonthOrDate(next) : 'not set',
    ];
  });
  const table = [['version', 'approved', 'release', 'approved by', 'minute', 'next review'], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  io.stdout.write(`${school.name} (${school.id}), ${policyTitle(project, school)} (${school.model}): adopted versions, oldest first\n\n`);
  for (const row of table) io.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
  warn();
  return 0;
}

/** The title of a school's policy, from the release its publisher publishes: "Complaints Procedure". */
function policyTitle(project: Project, school: SchoolPolicy): string {
  return publisherModel(project, project.publishers.get(school.publisher)!.policies.get(school.model)!).title;
}

const diffFormats = ['text', 'json', 'html', 'pdf', 'docx'];

async function printDiff(io: Io, diffs: VersionDiff[], format: string, out: string | undefined): Promise<void> {
  if (format === 'pdf' || format === 'docx') {
    const bytes = format === 'pdf' ? (await renderRedlinePdf(diffs[0]!)).bytes : await renderRedlineDocx(diffs[0]!);
    if (out) {
      writeOutFile(io, out, bytes);
      io.stderr.write(`Wrote ${out}\n`);
    } else io.stdout.write(bytes);
    return;
  }
  if (out) throw new UsageError('--out is for --format pdf or docx; other formats print to standard output.');
  if (format === 'json') {
    const json = diffs.map((diff) => ({
      policy: diff.policy,
      from: { ...diff.from, adoption: undefined },
      to: { ...diff.to, adoption: undefined },
      releases: diff.releases,
      counts: diff.counts,
      sections: diff.sections,
      changes: diff.items
        .filter((item) => item.kind !== 'unchanged')
        .map((item) => ({ ...item, source: item.source ?? null, weight: item.weight ?? null, words: item.words ?? null })),
    }));
    io.stdout.write(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
  } else if (format === 'html') {
    io.stdout.write(renderDiffHtml(diffs[0]!));
  } else {
    io.stdout.write(diffs.map(renderDiffText).join('\n\n'));
  }
}

/**
 * `policy diff <school-id> <from> <to>`: what changed between two of a school's versions; or with
 * --model, between two releases of a model, in each publisher's blank template.
 */
export async function diff(
  io: Io,
  options: { positionals: string[]; format: string | undefined; model: string | undefined; publisher: string | undefined; out: string | undefined; root: string | undefined; policy?: string | undefined },
): Promise<number> {
  const format = options.format ?? 'text';
  if ((format === 'pdf' || format === 'docx') && !options.out && io.stdout.isTTY) throw new UsageError(`A ${format === 'pdf' ? 'PDF' : 'Word document'} is not text: give --out FILE, or redirect the output to a file (> changes.${format}).`);
  if (!diffFormats.includes(format)) {
    const guess = suggest(format, diffFormats);
    throw new UsageError(`--format ${format} is not a format.${guess ? ` Did you mean ${guess}?` : ''} The formats are: ${diffFormats.join(', ')}.`);
  }
  // Only what is compared is read: the school and its publisher, or for --model every publisher's template; no other school's file.
  const scope: ProjectScope = options.model !== undefined ? { schools: [], publishers: options.publisher !== undefined ? [options.publisher] : 'all', models: 'all' } : scopeFor(options.positionals[0]);
  const { project, problems } = checkProject(projectRoot(io, options.root), scope);
  // Only problems in what is compared stop a comparison: its school, publisher and model.
  const blocking = (files: string[], folders: string[]) => {
    const found = problems.filter((p) => files.includes(p.location.file) || folders.some((folder) => p.location.file.startsWith(`${folder}/`)));
    if (found.length > 0) reportProblems(io, found, 'Mend them to compare versions.');
    return found.length > 0;
  };
  if (options.model !== undefined) {
    const [from, to, extra] = options.positionals;
    const usage = 'policy diff --model <model-id> <release> <release> [--publisher ID]';
    const releases = project.releases.get(options.model);
    if (!releases) throw new UsageError(`There is no model "${options.model}". The models are: ${[...project.releases.keys()].join(', ')}.`);
    const ids = releases.map((release) => release.release.id);
    if (!from || !to || extra) throw new UsageError(`Name two releases of ${options.model}: ${ids.join(', ')}. Usage: ${usage}`);
    for (const id of [from, to]) {
      if (!ids.includes(id)) throw new UsageError(`${options.model} has no release "${id}". Its releases are: ${ids.join(', ')}.`);
    }
    const publishers = publisherPolicies(project).filter((publisher) => publisher.model === options.model && (!options.publisher || publisher.id === options.publisher));
    if (publishers.length === 0) throw new UsageError(`No publisher "${options.publisher}" publishes ${options.model}. Run "policy list" to see the publishers' templates.`);
    if (blocking(publishers.map((p) => p.file), [`templates/${options.model}`])) return 1;
    if ((format === 'html' || format === 'pdf' || format === 'docx') && publishers.length > 1) throw new UsageError(`An HTML, PDF or Word redline is for one publisher: add --publisher ID (one of ${publishers.map((p) => p.id).join(', ')}).`);
    await printDiff(io, publishers.map((publisher) => diffTemplateReleases(project, publisher.id, options.model!, from, to)), format, options.out);
    return 0;
  }
  const [id, fromName, toName, extra] = options.positionals;
  const usage = 'policy diff <school-id> <from> <to> [--format text|json|html], where <from> and <to> are versions (v1, v2, current, draft)';
  const school = schoolOf(project, id, options.policy, usage, (one, policy) => `policy diff ${one} --policy ${policy} ${fromName ?? 'v1'} ${toName ?? 'draft'}`);
  const publisher = project.publishers.get(school.publisher)!;
  if (blocking([school.file, publisher.file], [`templates/${school.model}`])) return 1;
  const names = [...school.adoptions.map((adoption) => adoption.name), 'current', 'draft'];
  if (!fromName || !toName || extra) throw new UsageError(`Name two versions of ${school.id}: ${names.join(', ')}. Run "policy history ${school.id}" to see them. Usage: ${usage}`);
  const [from, to] = [fromName, toName].map((name) => {
    const found = findVersion(school, name);
    if (!found) throw new UsageError(`${school.id} has no version "${name}". Its versions are: ${names.join(', ')}.`);
    return found;
  }) as [AdoptedVersion | 'draft', AdoptedVersion | 'draft'];
  await printDiff(io, [diffSchoolVersions(project, school, from, to)], format, options.out);
  return 0;
}


/**
 * One `--signed` value as the school's file records it: `Chair of Governors` (a role) as it is,
 * `Jane Smith, Chair of Governors` as the name and the role, `{ name: Jane Smith, role: Chair of Governors }`.
 */
function signatoryEntry(value: string): string | { name: string; role: string } {
  const { name, role } = parseSignatory(value);
  return name ? { name, role } : role;
}

/** An approval as a command is given it: by options, or by a row of a CSV file. */
export interface Approval {
  release: string | undefined;
  approved: string | undefined;
  by: string | undefined;
  minute: string | undefined;
  signed: string[] | undefined;
  cycle: string | undefined;
  nextReview: string | undefined;
}

/** What `policy adopt` is given for one approval: the school, the policy and the approval. */
export interface AdoptOptions extends Approval {
  school: string | undefined;
  root: string | undefined;
  policy?: string | undefined;
}

/** The option of policy adopt that gives each part of an approval. */
const optionNames: Record<keyof Approval, string> = { release: '--release', approved: '--approved', by: '--by', minute: '--minute', signed: '--signed', cycle: '--cycle', nextReview: '--next-review' };

/** What an approval would record: the school's new adoption entry and the snapshot that freezes its words. */
export interface PreparedAdoption {
  school: SchoolPolicy;
  entry: Record<string, unknown> & { version: number; release: string; approved: string; snapshot: string };
  snapshot: PolicySnapshot;
  file: string;
}

/** Why an approval cannot be recorded: a mistake in what was given (by the field it is in), or problems in the project's files. */
export type Refusal = { kind: 'given'; field: keyof Approval | undefined; message: (name: (field: keyof Approval) => string) => string } | { kind: 'problems'; problems: PolicyError[]; why: string };

/**
 * Works out what recording an approval of a school's policy would write, without writing it: the
 * release (its publisher's by default) must be one its publisher took up and published, the files
 * the record rests on must have no problems, the school's details must be ones that release can
 * fill, and the dates must be possible. It is the school's next version.
 */
export function prepareAdoption(project: Project, problems: readonly PolicyError[], school: SchoolPolicy, given: Approval): PreparedAdoption | Refusal {
  const version = (school.adoptions.at(-1)?.version ?? 0) + 1;
  const publisher = project.publishers.get(school.publisher)!.policies.get(school.model)!;
  const releases = project.releases.get(publisher.model)!;
  // The publisher's release by default: a school adopts what its own publisher publishes, not the newest release of the model.
  const release = given.release ?? publisher.release;
  const model = releases.find((candidate) => candidate.release.id === release);
  const takenUp = publisher.releases.map((taken) => taken.release);
  if (!model) return { kind: 'given', field: 'release', message: () => `${publisher.model} has no release "${release}". The releases ${publisher.name} publishes are: ${takenUp.join(', ')}.` };
  if (!model.release.published) return { kind: 'given', field: 'release', message: () => `Release ${release} of ${publisher.model} is a draft: its publisher publishes it with "policy publish ${publisher.model} ${release}" before schools adopt it.` };
  if (!takenUp.includes(release)) {
    return {
      kind: 'given',
      field: 'release',
      message: () => `${publisher.name} has not taken up release ${release} of ${publisher.model}, so its schools do not adopt it yet. The releases it publishes are: ${takenUp.join(', ')}; it takes up a release by adding it under policies.${publisher.model}.releases in ${publisher.file}.`,
    };
  }
  const wordingFiles = [schoolWordingFile(publisher.id, school.id, school.model), publisherWordingFile(publisher.id, school.model)];
  const relevant = problems.filter((p) => p.location.file === school.file || p.location.file === publisher.file || wordingFiles.includes(p.location.file) || p.location.file.startsWith(`${model.dir}/`));
  if (relevant.length > 0) return { kind: 'problems', problems: relevant, why: 'Mend them before adopting; nothing was recorded.' };
  // The school's own wording must be of this release, with nothing left to resolve: the governors approve one text.
  const wording = school.wording;
  if (wording && wording.wording.release !== release) {
    const at = { file: wording.file, field: 'release' };
    return {
      kind: 'problems',
      problems: [problem(StaleWording, at, [wording.wording.release, release, 'the release being adopted'], [`Carry the school's own wording onto it first: policy renew ${school.id} --policy ${school.model}${given.release ? ` --release ${release}` : ''}. Then check the draft, and adopt.`])],
      why: 'Nothing was recorded.',
    };
  }
  if (wording && wording.conflicts.length > 0) {
    return {
      kind: 'problems',
      problems: [problem(WordingConflicts, { file: wording.file, field: 'conflicts' }, [wording.conflicts.map((conflict) => conflict.id)], [school.id, school.model])],
      why: 'Nothing was recorded.',
    };
  }
  // The details as they are now must be ones this release can fill: one only a later release knows would leave a clause half-written.
  const unknownInRelease = detailsProblemsInRelease(project, publisher.id, school.model, school.id, release, (added) =>
    added
      ? `Adopt release ${added}, which has it (policy adopt ${school.id} --policy ${school.model} --release ${added}, or leave out --release to adopt the release its publisher publishes), or change the detail to one release ${release} has before adopting it.`
      : `Change it to a value release ${release} accepts before adopting it.`,
  );
  if (unknownInRelease.length > 0) return { kind: 'problems', problems: unknownInRelease, why: `Release ${release} cannot fill ${school.id}'s policy with its details as they are; nothing was recorded.` };
  if (!given.approved) return { kind: 'given', field: 'approved', message: (name) => `Give the date the governors approved the policy: ${name('approved')} 2026-10-14 (or a month, 2026-10, if the day is not known).` };
  const request = {
    version,
    release,
    approved: given.approved,
    ...(given.by ? { approvedBy: given.by } : {}),
    ...(given.minute ? { minute: given.minute } : {}),
    ...(given.signed?.length ? { signedBy: given.signed.map(signatoryEntry) } : {}),
    ...(given.cycle ? { reviewCycle: given.cycle } : {}),
    ...(given.nextReview ? { nextReview: given.nextReview } : {}),
    snapshot: `sha256:${'0'.repeat(64)}`,
  };
  const checked = adoptionSchema.safeParse(request);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = ({ approved: 'approved', approvedBy: 'by', minute: 'minute', signedBy: 'signed', reviewCycle: 'cycle', nextReview: 'nextReview', release: 'release' } as const)[issue.path[0] as string];
    return { kind: 'given', field, message: () => `${formatFieldPath(issue.path as (string | number)[])}: ${issue.message}.` };
  }
  // Dates that cannot be right are refused before anything is written: an approval after today, a review before it or past 9999.
  const fieldOf = { approved: 'approved', nextReview: 'nextReview', reviewCycle: 'cycle' } as const;
  const impossible = impossibleAdoptionDates(checked.data, buildDate());
  if (impossible.length > 0) {
    const [first] = impossible;
    return { kind: 'given', field: fieldOf[first!.field], message: (name) => impossible.map(({ field, detail, todo }) => `${name(fieldOf[field])} is not possible: ${detail}. ${todo}`).join('\n') };
  }
  const { snapshot, file, hash } = adoptionSnapshot(project, school, release, request.approved);
  return { school, entry: { ...request, snapshot: hash }, snapshot, file };
}

/**
 * Records approvals: each school's file gains its new adoption entries and each entry's snapshot
 * is written beside it, all or nothing. Each school's file is locked while it is written, and must
 * still hold the adoptions it held when the project was read. Every file written is read back:
 * if any record and its snapshot disagree, every file is put back as it was. Returns the problems
 * found on reading back (none when all was recorded).
 */
export function recordAdoptions(root: string, project: Project, prepared: readonly PreparedAdoption[]): PolicyError[] {
  const bySchool = new Map<string, PreparedAdoption[]>();
  for (const one of prepared) {
    const list = bySchool.get(one.school.file);
    if (list) list.push(one);
    else bySchool.set(one.school.file, [one]);
  }
  const locks: { release: () => void }[] = [];
  const restore: (() => void)[] = [];
  try {
    const texts = new Map<string, { before: string; after: string }>();
    for (const [schoolFile, entries] of bySchool) {
      const id = entries[0]!.school.id;
      const lockFile = `${dirname(schoolFile)}/.${basename(schoolFile)}.lock`;
      const taken = takeLock(join(root, lockFile));
      if ('heldBy' in taken) throw new PolicyProblems([problem(LockHeld, { file: lockFile }, ['adopt', taken.heldBy, `recording a version of ${id}`], [taken.heldBy])]);
      locks.push(taken.lock);
      const before = readFileSync(join(root, schoolFile), 'utf8');
      const doc = parseDocument(before);
      for (const { school, entry } of entries) {
        const path = ['policies', school.model, 'adoptions'];
        const list = doc.getIn(path);
        const recorded = isSeq(list) ? list.items.length : 0;
        const expected = school.adoptions.length;
        if (recorded !== expected) {
          throw new PolicyProblems([
            problem(
              FileChangedMeanwhile,
              { file: school.file },
              [`it now records ${recorded} adopted ${recorded === 1 ? 'version' : 'versions'} of ${school.model}, not the ${expected} it held when this adopt read it (another policy adopt, or an edit, came first)`],
              [`Nothing was recorded. Run "policy history ${school.id} --policy ${school.model}" to see what is recorded, then run policy adopt again if another version is still wanted.`],
            ),
          ]);
        }
        if (isSeq(list)) list.add(doc.createNode(entry));
        else if (isMap(doc.contents)) doc.setIn(path, doc.createNode([entry]));
      }
      texts.set(schoolFile, { before, after: doc.toString({ lineWidth: 0 }) });
    }
    // Each file is written whole or not at all; the snapshots first, so a record never names a
    // snapshot that is not there (a snapshot a killed adopt left without its record is rewritten
    // by the next adopt).
    for (const { file, snapshot } of prepared) {
      const folder = dirname(join(root, file));
      if (!existsSync(folder)) {
        mkdirSync(folder, { recursive: true });
        restore.push(() => rmSync(folder, { recursive: true, force: true }));
      }
      restore.push(() => rmSync(join(root, file), { force: true }));
      writeFileAtomic(join(root, file), snapshotJson(snapshot));
    }
    for (const [schoolFile, { before, after }] of texts) {
      restore.push(() => writeFileAtomic(join(root, schoolFile), before));
      writeProjectFile(join(root, schoolFile), after);
    }
    // Read back what was written: the records and the snapshots must agree, or none is kept.
    const after = [...new Set(prepared.map(({ school }) => school.id))].flatMap((id) => recheckSchool(project, id));
    if (after.length > 0) {
      for (const undo of restore.reverse()) undo();
      return after;
    }
    return [];
  } catch (error) {
    for (const undo of restore.reverse()) undo();
    throw error;
  } finally {
    for (const lock of locks) lock.release();
  }
}

/**
 * `policy adopt <school-id> --approved DATE …`: records that the governors approved the school's
 * policy, from a release of the model (the latest by default) and the school's details now, and
 * freezes its words in a snapshot beside the school's file.
 */
export async function adopt(io: Io, options: AdoptOptions): Promise<number> {
  const root = projectRoot(io, options.root);
  // Only this school, its publisher and their models are read and checked: no other school's file.
  const { project, problems } = checkProject(root, scopeFor(options.school));
  const school = schoolOf(
    project,
    options.school,
    options.policy,
    'policy adopt <school-id> [--policy ID] --approved DATE [--release ID] [--by BODY] [--minute REF] [--signed "NAME, ROLE"]… [--cycle "2 years"]',
    (id, policy) => `policy adopt ${id} --policy ${policy} --approved ${options.approved ?? 'DATE'}`,
  );
  const prepared = prepareAdoption(project, problems, school, options);
  if ('kind' in prepared) {
    if (prepared.kind === 'problems') {
      reportProblems(io, prepared.problems, prepared.why);
      return 1;
    }
    throw new UsageError(prepared.message((field) => optionNames[field]));
  }
  const after = recordAdoptions(root, project, [prepared]);
  if (after.length > 0) {
    reportProblems(io, after, `Nothing was recorded; ${school.file} is as it was.`);
    return 1;
  }
  io.stdout.write(`Recorded ${school.id} ${school.model} v${prepared.entry.version}: release ${prepared.entry.release}, approved ${formatMonthOrDate(prepared.entry.approved)}.\nFroze its text in ${prepared.file} (${prepared.entry.snapshot}).\n`);
  return 0;
}
