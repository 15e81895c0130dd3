import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../src/index.js';

describe('suggest', () => {
  it('finds a name with a swapped, missing or extra letter', () => {
    const known = ['reviewed', 'name', 'details'];
    expect(suggest('reveiwed', known)).toBe('reviewed');
    expect(suggest('nme', known)).toBe('name');
    expect(suggest('detailss', known)).toBe('details');
  });

  it('ignores case when comparing', () => {
    expect(suggest('DailyQuotaMinutes', ['dailyQuotaMinutes'])).toBe('dailyQuotaMinutes');
  });

  it('suggests nothing when no name is close', () => {
    expect(suggest('colour', ['reviewed', 'name', 'details'])).toBeUndefined();
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
