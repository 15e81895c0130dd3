import type { ParameterType } from '@school-policy/core';
import { documentWords } from './words.js';

const englishMonths = documentWords['en-GB']!.months;

/** `08:45` → `8:45am`, `16:00` → `4:00pm`, `12:30` → `12:30pm`. */
export function formatTime(value: string): string {
  const [hours, minutes] = value.split(':').map(Number) as [number, number];
  const suffix = hours < 12 ? 'am' : 'pm';
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}:${String(minutes).padStart(2, '0')}${suffix}`;
}

/** `2020-09-01` → `1 September 2020`. */
export function formatDate(value: string, months: readonly string[] = englishMonths): string {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return `${day} ${months[month - 1]} ${year}`;
}

/** `2017-11` → `November 2017`. */
export function formatMonth(value: string, months: readonly string[] = englishMonths): string {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return `${months[month - 1]} ${year}`;
}

/** `2017`, `2017-11` or `2017-11-14`, as a person reads it. */
export function formatMonthOrDate(value: string, months: readonly string[] = englishMonths): string {
  if (value.length === 4) return value;
  return value.length === 7 ? formatMonth(value, months) : formatDate(value, months);
}

/** A parameter's value as text, the way it reads in the policy. Lists and booleans are not text. */
export function formatValue(type: ParameterType, value: unknown, months: readonly string[] = englishMonths): unknown {
  switch (type) {
    case 'time':
      return formatTime(String(value));
    case 'date':
      return formatDate(String(value), months);
    case 'month':
      return formatMonth(String(value), months);
    case 'integer':
      return String(value);
    default:
      return value;
  }
}
