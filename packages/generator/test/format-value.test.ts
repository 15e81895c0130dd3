import { describe, expect, it } from 'vitest';
import { formatDate, formatMonth, formatTime, formatValue } from '../src/index.js';

describe('formatting typed values for reading', () => {
  it('writes 24-hour times on a 12-hour clock with am or pm', () => {
    expect(formatTime('08:45')).toBe('8:45am');
    expect(formatTime('16:00')).toBe('4:00pm');
    expect(formatTime('12:30')).toBe('12:30pm');
    expect(formatTime('00:05')).toBe('12:05am');
  });

  it('writes dates and months the British way', () => {
    expect(formatDate('2020-09-01')).toBe('1 September 2020');
    expect(formatMonth('2017-11')).toBe('November 2017');
  });

  it('leaves lists and booleans as they are, for {{#each}} and {{#if}}', () => {
    expect(formatValue('list', ['a'])).toEqual(['a']);
    expect(formatValue('boolean', false)).toBe(false);
    expect(formatValue('integer', 30)).toBe('30');
  });
});
