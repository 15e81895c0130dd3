import { buildDate, byUrgency, loadProject, policyStatus, statusColumns, statusCsv, statusWords, suggest, type ProjectScope, type StatusRow } from '@school-policy/core';
import { formatMonthOrDate } from '@school-policy/generator';
import { plural, UsageError, type Io } from '../io.js';
import { defaultCacheDir, projectRoot, reportWarnings, requirePublisher, schoolIdsOf } from '../project.js';

const formats = ['text', 'csv', 'json'];

/**
 * `policy status [--publisher ID] [--format text|csv|json]`: every school's every policy, with its
 * current version, when it was approved, when it is next due for review, and where that stands
 * today (overdue, due soon, current, no review date, never adopted). A file with problems does not
 * stop it: what loaded is listed, the problems follow as warnings, and the exit code is 1.
 */
export async function status(io: Io, options: { publisher: string | undefined; format: string | undefined; root: string | undefined }): Promise<number> {
  const format = options.format ?? 'text';
  if (!formats.includes(format)) {
    const guess = suggest(format, formats);
    throw new UsageError(`--format ${format} is not a format.${guess ? ` Did you mean ${guess}?` : ''} The formats are: ${formats.join(', ')}.`);
  }
  const root = projectRoot(io, options.root);
  let scope: ProjectScope | undefined;
  if (options.publisher !== undefined) {
    requirePublisher(root, options.publisher);
    // Only that publisher's schools are read.
    scope = { publishers: [options.publisher], schools: schoolIdsOf(root, options.publisher) };
  }
  const { project, problems } = loadProject(root, scope, { cache: defaultCacheDir(), lazySnapshots: true });
  const on = buildDate();
  const { rows, closed } = policyStatus(project, on, options.publisher);
  if (format === 'csv') io.stdout.write(statusCsv(rows));
  else if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ date: on, closedSchools: closed, policies: rows.map((row) => Object.fromEntries(statusColumns.map((column) => [column, column === 'status' ? row.status : (row[column] ?? null)]))) }, null, 2)}\n`);
  } else writeText(io, rows, closed, on);
  reportWarnings(io, problems, 'a school whose files have problems is not listed');
  return problems.length > 0 ? 1 : 0;
}

/** The status as a reader wants it: the most urgent first, each status with its count. */
function writeText(io: Io, rows: readonly StatusRow[], closed: number, on: string): void {
  const schools = new Set(rows.map((row) => row.school)).size;
  io.stdout.write(`${plural(rows.length, 'policy', 'policies')} of ${plural(schools, 'school')}, on ${formatMonthOrDate(on)}${closed > 0 ? ` (${plural(closed, 'closed school')} left out)` : ''}.\n`);
  const table = [['status', 'school', 'policy', 'version', 'approved', 'next review']];
  for (const row of byUrgency(rows)) {
    table.push([
      statusWords[row.status],
      `${row.schoolName} (${row.school})`,
      row.policy,
      // A made-up record is never shown as real.
      row.version === undefined ? (row.example ? '(example)' : '') : `v${row.version}${row.example ? ' (example)' : ''}`,
      row.approved ? formatMonthOrDate(row.approved) : '',
      row.nextReview ? formatMonthOrDate(row.nextReview) : '',
    ]);
  }
  const counts = new Map<string, number>();
  for (const row of byUrgency(rows)) counts.set(statusWords[row.status], (counts.get(statusWords[row.status]) ?? 0) + 1);
  io.stdout.write(`${[...counts].map(([word, count]) => `${word}: ${count}`).join(', ')}\n\n`);
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)));
  for (const cells of table) io.stdout.write(`${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`);
}
