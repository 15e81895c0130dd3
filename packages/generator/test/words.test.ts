import { describe, expect, it } from 'vitest';
import { phrase } from '../src/words.js';

describe('phrase', () => {
  it('fills every placeholder', () => {
    expect(phrase('{count} schools: {status}', { count: 4, status: 'current' })).toBe('4 schools: current');
  });

  it('refuses a placeholder with no value, so that no page shows a raw {name}', () => {
    expect(() => phrase('Every release as {publisher} publishes it', { policy: 'Social Media Policy' })).toThrow(
      'The phrase "Every release as {publisher} publishes it" needs a value for {publisher}, and none was given',
    );
  });
});
