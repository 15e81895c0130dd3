import { describe, expect, it } from 'vitest';
import { noteFor, noteTexts, type ConditionSubject } from '../src/index.js';

function reader(variant: string, edition: string): ConditionSubject {
  return { variant, document: 'school', modules: new Set(), values: new Map([['edition', edition]]) };
}

const note = {
  default: 'Corrects the year of the Malicious Communications Act.',
  'county-merthyr-2017': 'Corrects the years of the Malicious Communications Act and the Criminal Justice and Public Order Act.',
  trust: "Corrects the year of the Malicious Communications Act in the trust's wording.",
};

describe('noteFor', () => {
  it('gives every reader a note written once', () => {
    expect(noteFor('Corrects a year.', reader('la', 'county-east-sussex-2017'))).toBe('Corrects a year.');
  });

  it("gives each reader the words written for its edition or variant, and the default to the rest", () => {
    expect(noteFor(note, reader('la', 'county-merthyr-2017'))).toBe(note['county-merthyr-2017']);
    expect(noteFor(note, reader('trust', 'county-bellevue-2020'))).toBe(note.trust);
    expect(noteFor(note, reader('la', 'county-east-sussex-2017'))).toBe(note.default);
  });

  it('takes the first key that matches, in the order written, and a prefix ending in * matches every edition it starts', () => {
    expect(noteFor({ default: 'Other.', 'county-*': 'County.', 'county-merthyr-2017': 'Merthyr.' }, reader('la', 'county-merthyr-2017'))).toBe('County.');
    expect(noteFor({ default: 'Other.', 'county-*': 'County.' }, reader('mat', 'traded-services-2016'))).toBe('Other.');
  });

  it('lists the default first, then each edition or variant, for the release page', () => {
    expect(noteTexts({ trust: 'T.', default: 'D.', 'county-*': 'C.' })).toEqual([
      { for: 'default', text: 'D.' },
      { for: 'trust', text: 'T.' },
      { for: 'county-*', text: 'C.' },
    ]);
  });
});
