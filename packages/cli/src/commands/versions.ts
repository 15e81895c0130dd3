import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  adoptionSchema,
  buildDate,
  impossibleAdoptionDates,
  detailsProblemsInRelease,
  FileChangedMeanwhile,
  LockHeld,
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

const diffFormats = ['text', 'json', 'html', 'pdf'];

async function printDiff(io: Io, diffs: VersionDiff[], format: string, out: string | undefined): Promise<void> {
  if (format === 'pdf') {
    const { bytes } = await renderRedlinePdf(diffs[0]!);
    if (out) {
      writeOutFile(io, out, bytes);
      io.stderr.write(`Wrote ${out}\n`);
    } else io.stdout.write(bytes);
    return;
  }
  if (out) throw new UsageError('--out is for --format pdf; other formats print to standard output.');
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
  if (format === 'pdf' && !options.out && io.stdout.isTTY) throw new UsageError('A PDF is not text: give --out FILE, or redirect the output to a file (> changes.pdf).');
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
    if ((format === 'html' || format === 'pdf') && publishers.length > 1) throw new UsageError(`An HTML or PDF redline is for one publisher: add --publisher ID (one of ${publishers.map((p) => p.id).join(', ')}).`);
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

export interface AdoptOptions {
  school: string | undefined;
  release: string | undefined;
  approved: string | undefined;
  by: string | undefined;
  minute: string | undefined;
  signed: string[] | undefined;
  cycle: string | undefined;
  nextReview: string | undefined;
  root: string | undefined;
  policy?: string | undefined;
}

/**
 * One `--signed` value as the school's file records it: `Chair of Governors` (a role) as it is,
 * `Jane Smith, Chair of Governors` as the name and the role, `{ name: Jane Smith, role: Chair of Governors }`.
 */
function signatoryEntry(value: string): string | { name: string; role: string } {
  const { name, role } = parseSignatory(value);
  return name ? { name, role } : role;
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
  const publisher = project.publishers.get(school.publisher)!.policies.get(school.model)!;
  const releases = project.releases.get(publisher.model)!;
  // The publisher's release by default: a school adopts what its own publisher publishes, not the newest release of the model.
  const release = options.release ?? publisher.release;
  const model = releases.find((candidate) => candidate.release.id === release);
  const takenUp = publisher.releases.map((taken) => taken.release);
  if (!model) throw new UsageError(`${publisher.model} has no release "${release}". The releases ${publisher.name} publishes are: ${takenUp.join(', ')}.`);
  if (!model.release.published) throw new UsageError(`Release ${release} of ${publisher.model} is a draft: its publisher publishes it with "policy publish ${publisher.model} ${release}" before schools adopt it.`);
  if (!takenUp.includes(release)) {
    throw new UsageError(
      `${publisher.name} has not taken up release ${release} of ${publisher.model}, so its schools do not adopt it yet. The releases it publishes are: ${takenUp.join(', ')}; it takes up a release by adding it under policies.${publisher.model}.releases in ${publisher.file}.`,
    );
  }
  const relevant = problems.filter((p) => p.location.file === school.file || p.location.file === publisher.file || p.location.file.startsWith(`${model.dir}/`));
  if (relevant.length > 0) {
    reportProblems(io, relevant, `Mend them before adopting; nothing was recorded.`);
    return 1;
  }
  // The details as they are now must be ones this release can fill: one only a later release knows would leave a clause half-written.
  const unknownInRelease = detailsProblemsInRelease(project, publisher.id, school.model, school.id, release, (added) =>
    added
      ? `Adopt release ${added}, which has it (policy adopt ${school.id} --policy ${school.model} --release ${added}, or leave out --release to adopt the release its publisher publishes), or change the detail to one release ${release} has before adopting it.`
      : `Change it to a value release ${release} accepts before adopting it.`,
  );
  if (unknownInRelease.length > 0) {
    reportProblems(io, unknownInRelease, `Release ${release} cannot fill ${school.id}'s policy with its details as they are; nothing was recorded.`);
    return 1;
  }
  if (!options.approved) throw new UsageError('Give the date the governors approved the policy: --approved 2026-10-14 (or a month, 2026-10, if the day is not known).');
  const request = {
    version: (school.adoptions.at(-1)?.version ?? 0) + 1,
    release,
    approved: options.approved,
    ...(options.by ? { approvedBy: options.by } : {}),
    ...(options.minute ? { minute: options.minute } : {}),
    ...(options.signed?.length ? { signedBy: options.signed.map(signatoryEntry) } : {}),
    ...(options.cycle ? { reviewCycle: options.cycle } : {}),
    ...(options.nextReview ? { nextReview: options.nextReview } : {}),
    snapshot: `sha256:${'0'.repeat(64)}`,
  };
  const checked = adoptionSchema.safeParse(request);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(`${formatFieldPath(issue.path as (string | number)[])}: ${issue.message}.`);
  }
  // Dates that cannot be right are refused before anything is written: an approval after today, a review before it or past 9999.
  const optionOf = { approved: '--approved', nextReview: '--next-review', reviewCycle: '--cycle' } as const;
  const impossible = impossibleAdoptionDates(checked.data, buildDate());
  if (impossible.length > 0) throw new UsageError(impossible.map(({ field, detail, todo }) => `${optionOf[field]} is not possible: ${detail}. ${todo}`).join('\n'));
  const { snapshot, file, hash } = adoptionSnapshot(project, school, release, request.approved);

  // One adopt at a time writes a school's file: a second one refuses until the first is done.
  const schoolPath = join(root, school.file);
  const lockFile = `${dirname(school.file)}/.${basename(school.file)}.lock`;
  const taken = takeLock(join(root, lockFile));
  if ('heldBy' in taken) throw new PolicyProblems([problem(LockHeld, { file: lockFile }, ['adopt', taken.heldBy, `recording a version of ${school.id}`], [taken.heldBy])]);
  try {
    const before = readFileSync(schoolPath, 'utf8');
    const doc = parseDocument(before);
    const path = ['policies', school.model, 'adoptions'];
    const list = doc.getIn(path);
    const recorded = isSeq(list) ? list.items.length : 0;
    if (recorded !== school.adoptions.length) {
      throw new PolicyProblems([
        problem(
          FileChangedMeanwhile,
          { file: school.file },
          [`it now records ${recorded} adopted ${recorded === 1 ? 'version' : 'versions'}, not the ${school.adoptions.length} it held when this adopt read it (another policy adopt, or an edit, came first)`],
          [`Nothing was recorded. Run "policy history ${school.id} --policy ${school.model}" to see what is recorded, then run policy adopt again if another version is still wanted.`],
        ),
      ]);
    }
    const entry = { ...request, snapshot: hash };
    if (isSeq(list)) list.add(doc.createNode(entry));
    else if (isMap(doc.contents)) doc.setIn(path, doc.createNode([entry]));
    // Each file is written whole or not at all; the snapshot first, so a record never names a
    // snapshot that is not there (a snapshot a killed adopt left without its record is rewritten
    // by the next adopt).
    const snapshotFolder = dirname(join(root, file));
    const madeFolder = !existsSync(snapshotFolder);
    mkdirSync(snapshotFolder, { recursive: true });
    writeFileAtomic(join(root, file), snapshotJson(snapshot));
    writeProjectFile(schoolPath, doc.toString({ lineWidth: 0 }));

    // Read back what was written: the record and the snapshot must agree, or neither is kept.
    const after = recheckSchool(project, school.id);
    if (after.length > 0) {
      writeFileAtomic(schoolPath, before);
      rmSync(join(root, file), { force: true });
      if (madeFolder) rmSync(snapshotFolder, { recursive: true, force: true });
      reportProblems(io, after, `Nothing was recorded; ${school.file} is as it was.`);
      return 1;
    }
  } finally {
    taken.lock.release();
  }
  io.stdout.write(`Recorded ${school.id} ${school.model} v${request.version}: release ${release}, approved ${formatMonthOrDate(request.approved)}.\nFroze its text in ${file} (${hash}).\n`);
  return 0;
}
