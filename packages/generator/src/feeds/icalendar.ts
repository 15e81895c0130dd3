import { withoutUnsafeCharacters } from '@school-policy/core';
import { calendarDate, calendarTimestamp, nextDay } from './dates.js';

/**
 * iCalendar (RFC 5545) for the review dates schools subscribe to: lines end with CRLF, long
 * lines are folded at 75 octets, and text values are escaped.
 */

/** The longest a content line may be, in octets, not counting its line break (RFC 5545 section 3.1). */
export const maxLineOctets = 75;

/**
 * A TEXT value escaped (RFC 5545 section 3.3.11): backslash, semicolon and comma escaped, each
 * line break written `\n`, and control characters, which RFC 5545 forbids, removed.
 */
export function escapeText(text: string): string {
  return withoutUnsafeCharacters(text)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * A content line folded into lines of at most 75 octets of UTF-8, each after the first starting
 * with a space; never inside a character, however many octets it takes.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    if (octets + size > maxLineOctets) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += character;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

/** `NAME:value` or `NAME;PARAM=x:value`, folded; the value already escaped where its type needs it, and never with a control character. */
function property(name: string, value: string): string {
  return foldLine(`${name}:${withoutUnsafeCharacters(value).replace(/[\r\n]/g, '')}`);
}

/** One all-day event, with a reminder before it. Dates are a month or a day from the data. */
export interface CalendarEvent {
  /** Unique and permanent, so a calendar that subscribes updates the event rather than adding another. */
  uid: string;
  /** The day (or month: its first day) the event is on. */
  date: string;
  /** When the information behind it was recorded: DTSTAMP, at midnight UTC. Never the clock. */
  stamp: string;
  summary: string;
  description: string;
  /** The page the event is about, absolute. */
  url: string;
  /** A reminder, as a negative duration before the day (`-P13W`), with its text. */
  alarm: { trigger: string; description: string };
}

/** A calendar of events, with the name calendar programs show for it. */
export interface Calendar {
  /** Who made it (PRODID): `-//School policies//Policy reviews//EN`. */
  productId: string;
  name: string;
  events: readonly CalendarEvent[];
}

function event(item: CalendarEvent): string[] {
  return [
    'BEGIN:VEVENT',
    property('UID', escapeText(item.uid)),
    property('DTSTAMP', calendarTimestamp(item.stamp)),
    property('DTSTART;VALUE=DATE', calendarDate(item.date)),
    property('DTEND;VALUE=DATE', calendarDate(nextDay(item.date))),
    property('SUMMARY', escapeText(item.summary)),
    property('DESCRIPTION', escapeText(item.description)),
    property('URL;VALUE=URI', item.url),
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    property('TRIGGER', item.alarm.trigger),
    property('DESCRIPTION', escapeText(item.alarm.description)),
    'END:VALARM',
    'END:VEVENT',
  ];
}

/** Events soonest first, and events of the same day in the order of their UIDs, so the order never varies. */
function inDateOrder(events: readonly CalendarEvent[]): CalendarEvent[] {
  const key = (item: CalendarEvent) => `${calendarDate(item.date)} ${item.uid}`;
  return [...events].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The calendar as an iCalendar file: CRLF after every line, the last included. */
export function renderCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    property('PRODID', escapeText(calendar.productId)),
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('X-WR-CALNAME', escapeText(calendar.name)),
    ...inDateOrder(calendar.events).flatMap(event),
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
