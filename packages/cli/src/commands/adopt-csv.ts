import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  approvalColumns,
  approvalsTemplate,
  CsvBadValue,
  CsvColumnMissing,
  CsvSyntax,
  csvEncodingNames,
  loadProject,
  problem,
  suggest,
  type ApprovalColumn,
  type CsvRow,
  type PolicyError,
} from '@school-policy/core';
import { formatMonthOrDate } from '@school-policy/generator';
import { parse } from 'yaml';
import { plural, readGivenCsv, UsageError, type Io } from '../io.js';
import { checkProject, defaultCacheDir, projectRoot, reportProblems, requirePublisher, schoolIdsOf } from '../project.js';
import { prepareAdoption, recordAdoptions, type Approval, type PreparedAdoption } from './versions.js';

/** The largest approvals file read: a row is about 150 bytes, so this is tens of thousands of rows. */
const maxApprovalsBytes = 16 * 1024 * 1024;

/** The column of an approvals CSV that gives each part of an approval. */
const columnOf: Record<keyof Approval, ApprovalColumn> = { release: 'release', approved: 'approved', by: 'approvedBy', minute: 'minute', signed: 'signedBy', cycle: 'reviewCycle', nextReview: 'nextReview' };

/** The columns that hold the approval itself: a row with all of them empty is not yet filled in, and is left. */
const approvalFields: readonly ApprovalColumn[] = ['approved', 'approvedBy', 'minute', 'signedBy', 'reviewCycle', 'nextReview'];

/**
 * `policy adopt --template [--publisher ID] [--policy ID]`: a CSV of approvals to fill in, with a row
 * for each open school's each policy, on standard output.
 */
export async function approvalsTemplateCommand(io: Io, options: { publisher: string | undefined; policy: string | undefined; root: string | undefined }): Promise<number> {
  const root = projectRoot(io, options.root);
  if (options.publisher !== undefined) requirePublisher(root, options.publisher);
  const scope = options.publisher === undefined ? undefined : { publishers: [options.publisher], schools: schoolIdsOf(root, options.publisher) };
  const { project } = loadProject(root, scope, { cache: defaultCacheDir(), lazySnapshots: true });
  if (options.policy !== undefined && ![...project.publishers.values()].some((publisher) => publisher.policies.has(options.policy!))) {
    const known = [...new Set([...project.publishers.values()].flatMap((publisher) => [...publisher.policies.keys()]))];
    const guess = suggest(options.policy, known);
    throw new UsageError(`--policy ${options.policy}: no publisher here publishes a policy "${options.policy}".${guess ? ` Did you mean ${guess}?` : ''} The policies are: ${known.join(', ')}.`);
  }
  io.stdout.write(approvalsTemplate(project, options.publisher, options.policy));
  return 0;
}

/** Each school's URN, as its file's establishment: records it, by URN: for rows that name a school by its URN alone. */
function schoolsByUrn(root: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const publisher of readdirSync(join(root, 'schools'), { withFileTypes: true })) {
    if (!publisher.isDirectory()) continue;
    for (const id of schoolIdsOf(root, publisher.name)) {
      let urn: unknown;
      try {
        urn = (parse(readFileSync(join(root, 'schools', publisher.name, `${id}.yaml`), 'utf8')) as { establishment?: { urn?: unknown } } | null)?.establishment?.urn;
      } catch {
        continue;
      }
      if (typeof urn !== 'string' && typeof urn !== 'number') continue;
      const ids = found.get(String(urn));
      if (ids) ids.push(id);
      else found.set(String(urn), [id]);
    }
  }
  return found;
}

/**
 * `policy adopt --from approvals.csv [--dry-run]`: records many approvals at once, as a clerk filled
 * them in, all or nothing: every bad row is reported, by its line and column, before anything is
 * written, and then nothing is. A row whose approval is left empty is not yet approved, and is left.
 */
export async function adoptFromCsv(io: Io, options: { from: string; dryRun: boolean | undefined; root: string | undefined }): Promise<number> {
  const root = projectRoot(io, options.root);
  const shown = options.from;
  const { encoding, ...parsed } = readGivenCsv(io, shown, maxApprovalsBytes, 'a file of approvals');
  if (!parsed.table) {
    reportProblems(io, parsed.problems, 'Nothing was recorded.');
    return 1;
  }
  const { headers, headerColumns, rows } = parsed.table;
  const bad: PolicyError[] = [];
  headers.forEach((header, index) => {
    if ((approvalColumns as readonly string[]).includes(header)) return;
    const guess = suggest(header, approvalColumns);
    bad.push(problem(CsvSyntax, { file: shown, line: 1, column: headerColumns[index] }, [`"${header}" is not a column of a file of approvals`], [`${guess ? `Did you mean ${guess}? ` : ''}The columns are: ${approvalColumns.join(', ')}; "policy adopt --template" writes a file with them.`]));
  });
  for (const needed of ['policy', 'approved'] as const) {
    if (!headers.includes(needed)) bad.push(problem(CsvColumnMissing, { file: shown, line: 1 }, [`The header row of ${shown}`, needed], ['"policy adopt --template" writes a file with every column.']));
  }
  if (!headers.includes('school') && !headers.includes('urn')) bad.push(problem(CsvColumnMissing, { file: shown, line: 1 }, [`The header row of ${shown}`, 'school'], ['Name each school by its id in a column "school", or by its URN in a column "urn".']));
  if (bad.length > 0) {
    reportProblems(io, bad, 'Nothing was recorded.');
    return 1;
  }

  const filled = rows.filter((row) => approvalFields.some((column) => (row.get(column) ?? '').trim() !== ''));
  const value = (row: CsvRow, column: ApprovalColumn) => (row.get(column) ?? '').trim();
  const at = (row: CsvRow, column: ApprovalColumn) => ({ file: shown, line: row.line, column: row.column(column), field: column });
  const byUrn = filled.some((row) => value(row, 'urn') !== '') ? schoolsByUrn(root) : new Map<string, string[]>();

  // Each row's school: by its id, or by its URN.
  const named = new Map<CsvRow, string>();
  for (const row of filled) {
    const id = value(row, 'school');
    const urn = value(row, 'urn');
    const withUrn = urn === '' ? undefined : byUrn.get(urn);
    if (urn !== '' && (!withUrn || withUrn.length !== 1)) {
      bad.push(problem(CsvBadValue, at(row, 'urn'), ['urn', urn, withUrn ? `the schools ${withUrn.join(' and ')} both have this URN` : 'no school file records this URN'], [withUrn ? 'Give each school its own URN in its file.' : 'Give the school by its id in the school column, or import it from the register first (policy import gias).']));
      continue;
    }
    if (id !== '' && withUrn && withUrn[0] !== id) {
      bad.push(problem(CsvBadValue, at(row, 'urn'), ['urn', urn, `it is the URN of ${withUrn[0]}, not of ${id}`], ['Correct the school or the URN.']));
      continue;
    }
    const school = id || withUrn?.[0];
    if (!school) {
      bad.push(problem(CsvBadValue, at(row, 'school'), ['school', '', 'each row needs the school, by its id or its URN'], ['Give the school\'s id (its file\'s name) or its URN.']));
      continue;
    }
    named.set(row, school);
  }
  const { project, problems } = checkProject(root, { schools: [...new Set(named.values())] });
  const prepared: PreparedAdoption[] = [];
  const seen = new Map<string, number>();
  for (const [row, id] of named) {
    const school = project.schools.get(id);
    if (!school) {
      const own = problems.filter((p) => p.location.file.endsWith(`/${id}.yaml`));
      bad.push(problem(CsvBadValue, at(row, value(row, 'school') ? 'school' : 'urn'), [value(row, 'school') ? 'school' : 'urn', value(row, 'school') || value(row, 'urn'), own.length > 0 ? `the school's file has problems: ${own.map((p) => p.format()).join('; ')}` : 'there is no school with this id'], [own.length > 0 ? `Mend ${own[0]!.location.file}, then record its approvals.` : 'Give the id of a school file, as policy list shows it.']));
      continue;
    }
    const policies = [...school.policies.keys()];
    const model = value(row, 'policy') || (policies.length === 1 ? policies[0]! : '');
    const policy = model ? school.policies.get(model) : undefined;
    if (!policy) {
      const guess = model ? suggest(model, policies) : undefined;
      bad.push(problem(CsvBadValue, at(row, 'policy'), ['policy', model, model ? `${school.name}'s publisher does not publish this policy` : `${school.name} has more than one policy`], [`${guess ? `Did you mean ${guess}? ` : ''}Its policies are: ${policies.join(', ')}.`]));
      continue;
    }
    const key = `${school.id} ${policy.model}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      bad.push(problem(CsvBadValue, at(row, 'policy'), ['policy', policy.model, `line ${earlier} records an approval of ${school.id}'s ${policy.model} already`], ['Record one approval of a policy at a time: one row for each school and policy.']));
      continue;
    }
    seen.set(key, row.line);
    const signed = value(row, 'signedBy')
      .split(';')
      .map((one) => one.trim())
      .filter(Boolean);
    const given: Approval = {
      release: value(row, 'release') || undefined,
      approved: value(row, 'approved') || undefined,
      by: value(row, 'approvedBy') || undefined,
      minute: value(row, 'minute') || undefined,
      signed: signed.length > 0 ? signed : undefined,
      cycle: value(row, 'reviewCycle') || undefined,
      nextReview: value(row, 'nextReview') || undefined,
    };
    const result = prepareAdoption(project, problems, policy, given);
    if ('kind' in result) {
      if (result.kind === 'problems') {
        bad.push(problem(CsvBadValue, at(row, 'school'), ['school', school.id, `its approval of ${policy.model} cannot be recorded while these files have problems:\n${result.problems.map((p) => `    ${p.format()}`).join('\n')}`], ['Mend them, then run this again.']));
      } else {
        const column = columnOf[result.field ?? 'approved'];
        bad.push(problem(CsvBadValue, at(row, column), [column, value(row, column), result.message((field) => columnOf[field]).replace(`${column}: `, '').replace(/\.$/, '')], [`Correct line ${row.line}, or empty its approval to leave that school's policy for later.`]));
      }
      continue;
    }
    prepared.push(result);
  }
  io.stdout.write(`Read ${shown} as ${csvEncodingNames[encoding]}: ${plural(rows.length, 'row')}, ${filled.length} with an approval filled in.\n`);
  if (bad.length > 0) {
    reportProblems(io, bad.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0)), `Nothing was recorded: mend ${bad.length === 1 ? 'this row' : 'these rows'} of ${shown} and run this again.`);
    return 1;
  }
  if (prepared.length === 0) {
    io.stdout.write('No row has an approval filled in, so there is nothing to record.\n');
    return 0;
  }
  const lines = prepared.map(({ school, entry, file }) => `  ${school.id} ${school.model} v${entry.version}: release ${entry.release}, approved ${formatMonthOrDate(entry.approved)} (${file})`);
  if (options.dryRun) {
    io.stdout.write(`\nA dry run: nothing was recorded. Without --dry-run, this records ${plural(prepared.length, 'approval')}:\n${lines.join('\n')}\n`);
    return 0;
  }
  const after = recordAdoptions(root, project, prepared);
  if (after.length > 0) {
    reportProblems(io, after, 'Nothing was recorded: every school file is as it was.');
    return 1;
  }
  io.stdout.write(`\nRecorded ${plural(prepared.length, 'approval')}, each with its text frozen in a snapshot:\n${lines.join('\n')}\n`);
  return 0;
}
