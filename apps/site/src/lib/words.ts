import words from '../words/en-GB.json';

/** The site's own words, kept in one file per language so that a second language is data, not code. */
export { words };

/** Fills `{name}` placeholders in a phrase. */
export { phrase } from '@school-policy/generator';
