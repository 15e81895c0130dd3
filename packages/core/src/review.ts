import { problem, PolicyProblems, type PolicyError } from './problem.js';
import { BadSourceDateEpoch } from './problem-kinds.js';
import { nextReviewDate } from './snapshot.js';

/**
 * Where a school's policy stands against its review date on a given day: `current` when the next
 * review is more than three months away, `due` when it falls within the next three months,
 * `overdue` once the review date has passed, `no-date` when the adoption record gives neither a
 * review cycle nor a next review, and `not-adopted` when the school has adopted no version yet.
 */
export type ReviewStatus = 'current' | 'due' | 'overdue' | 'no-date' | 'not-adopted';

/** How far ahead a review counts as due: three months, as governors plan their meetings a term ahead. */
export const reviewDueWithinMonths = 3;

/** Every status, in the order a list of schools shows them: the most urgent first. */
export const reviewStatuses: readonly ReviewStatus[] = ['overdue', 'due', 'current', 'no-date', 'not-adopted'];

export interface ReviewState {
  status: ReviewStatus;
  /** The next review date (`2028-10-14`, or `2028-10` when only the month is known). */
  due: string | undefined;
}

/**
 * The review status of a school's current adoption on the day `on` (`2026-11-22`). A review due in
 * a month (`2028-10`) is overdue only once that month has ended, and due from three months before
 * the month begins.
 */
export function reviewState(adoption: Parameters<typeof nextReviewDate>[0] | undefined, on: string): ReviewState {
  if (!adoption) return { status: 'not-adopted', due: undefined };
  const due = nextReviewDate(adoption);
  if (!due) return { status: 'no-date', due };
  const first = due.length === 7 ? `${due}-01` : due;
  const last = due.length === 7 ? lastDayOfMonth(due) : due;
  if (on > last) return { status: 'overdue', due };
  return { status: first <= addMonths(on, reviewDueWithinMonths) ? 'due' : 'current', due };
}

/** `2026-11-30` for `2026-11`. */
function lastDayOfMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The same day some months later, or the month's last day when it is shorter: 2026-11-30 + 3 months is 2027-02-28. */
function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) + months;
  const target = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  const lastDay = Number(lastDayOfMonth(target).slice(-2));
  return `${target}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/**
 * The build's date, `2026-11-22`: from SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
 * convention) when it is set, so that two builds of the same inputs are byte-identical, otherwise
 * today's date in UTC. A SOURCE_DATE_EPOCH that is not a whole number of seconds for a day from
 * 1970-01-01 to 9999-12-31 gives a problem naming the variable instead.
 */
export function buildDateOf(env: Record<string, string | undefined> = process.env, now: () => Date = () => new Date()): { date?: string; problem?: PolicyError } {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return { date: now().toISOString().slice(0, 10) };
  const shown = epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch;
  if (!/^\d+$/.test(epoch.trim())) return { problem: problem(BadSourceDateEpoch, { file: '' }, [shown, 'is not a whole number of seconds'], []) };
  const milliseconds = Number(epoch.trim()) * 1000;
  if (!(milliseconds < Date.UTC(10000, 0, 1))) return { problem: problem(BadSourceDateEpoch, { file: '' }, [shown, 'is a moment after the year 9999'], []) };
  return { date: new Date(milliseconds).toISOString().slice(0, 10) };
}

/** The build's date, as {@link buildDateOf} finds it; a bad SOURCE_DATE_EPOCH throws its problem. */
export function buildDate(env: Record<string, string | undefined> = process.env, now: () => Date = () => new Date()): string {
  const { date, problem: found } = buildDateOf(env, now);
  if (found || date === undefined) throw new PolicyProblems([found!]);
  return date;
}
