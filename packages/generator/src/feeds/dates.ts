/**
 * Dates in the data are a year (`2017`), a month (`2026-09`) or a day (`2026-10-14`), with no time
 * of day. Feeds and calendars need a precise moment: the first day of a month or year, at
 * midnight UTC. Never the clock, so the same data gives the same files.
 */

const pattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** `2026-09` → `2026-09-01`: the first day of a year, month or date. */
export function firstDay(value: string): string {
  const match = pattern.exec(value);
  if (!match) throw new Error(`"${value}" is not a year, a month or a date written year-month-day`);
  return `${match[1]}-${match[2] ?? '01'}-${match[3] ?? '01'}`;
}

/** `2026-09` → `2026-09-01T00:00:00Z`, as Atom's dates are written (RFC 3339). */
export function atomTimestamp(value: string): string {
  return `${firstDay(value)}T00:00:00Z`;
}

/** `2026-09` → `20260901`, an iCalendar DATE. */
export function calendarDate(value: string): string {
  return firstDay(value).replaceAll('-', '');
}

/** `2026-10-14` → `20261014T000000Z`, an iCalendar DATE-TIME in UTC. */
export function calendarTimestamp(value: string): string {
  return `${calendarDate(value)}T000000Z`;
}

/** `2026-10-14` → `2026-10-15`: the day after, for the end of an all-day event. */
export function nextDay(value: string): string {
  const [year, month, day] = firstDay(value).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}
