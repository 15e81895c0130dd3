import { describe, expect, it } from 'vitest';
import { buildDate, reviewState } from '../src/review.js';

describe('reviewState', () => {
  const adopted = { approved: '2026-10-14', reviewCycle: '2 years' };

  it('is current while the next review is more than three months away', () => {
    expect(reviewState(adopted, '2026-11-22')).toEqual({ status: 'current', due: '2028-10-14' });
    expect(reviewState(adopted, '2028-07-13')).toEqual({ status: 'current', due: '2028-10-14' });
  });

  it('is due from three months before the review date, and overdue the day after it', () => {
    expect(reviewState(adopted, '2028-07-14').status).toBe('due');
    expect(reviewState(adopted, '2028-10-14').status).toBe('due');
    expect(reviewState(adopted, '2028-10-15').status).toBe('overdue');
  });

  it('counts a month-only review date as due from three months before the month and overdue after it ends', () => {
    const monthOnly = { approved: '2017-06', reviewCycle: '2 years', nextReview: '2019-03' };
    expect(reviewState(monthOnly, '2018-11-30').status).toBe('current');
    expect(reviewState(monthOnly, '2018-12-01').status).toBe('due');
    expect(reviewState(monthOnly, '2019-03-31').status).toBe('due');
    expect(reviewState(monthOnly, '2019-04-01')).toEqual({ status: 'overdue', due: '2019-03' });
  });

  it('keeps the end of a short month when counting three months ahead', () => {
    expect(reviewState({ approved: '2025-02-28', reviewCycle: '2 years' }, '2026-11-30').status).toBe('due');
    expect(reviewState({ approved: '2025-03-01', reviewCycle: '2 years' }, '2026-11-30').status).toBe('current');
  });

  it('says when there is no review date or no adoption', () => {
    expect(reviewState({ approved: '2017-11' }, '2026-11-22')).toEqual({ status: 'no-date', due: undefined });
    expect(reviewState(undefined, '2026-11-22')).toEqual({ status: 'not-adopted', due: undefined });
  });
});

describe('buildDate', () => {
  it('reads SOURCE_DATE_EPOCH, so that builds can be reproduced', () => {
    expect(buildDate({ SOURCE_DATE_EPOCH: '1795305600' })).toBe('2026-11-22');
  });

  it("is today's date in UTC without it", () => {
    expect(buildDate({}, () => new Date('2027-01-05T23:30:00Z'))).toBe('2027-01-05');
  });

  it('refuses a value that is not whole seconds, and says what to do', () => {
    expect(() => buildDate({ SOURCE_DATE_EPOCH: '2026-11-22' })).toThrow(
      'The environment variable SOURCE_DATE_EPOCH is "2026-11-22", which is not a whole number of seconds: it must give the build\'s date as whole seconds since 1970-01-01 00:00 UTC, up to the end of 9999.',
    );
  });

  it('refuses seconds that would make a date past the year 9999, rather than failing on an invalid time', () => {
    expect(() => buildDate({ SOURCE_DATE_EPOCH: '99999999999999' })).toThrow('SOURCE_DATE_EPOCH is "99999999999999", which is a moment after the year 9999');
    expect(buildDate({ SOURCE_DATE_EPOCH: String(Date.UTC(9999, 11, 31) / 1000) })).toBe('9999-12-31');
  });
});
