import { PolicyProblems, problem, InvalidValue } from '@school-policy/core';

/**
 * The words a policy document uses around its clauses, kept as data per language so that a Welsh
 * edition is a second entry here, not a change to any renderer. `{name}` marks where a value goes.
 */
export interface DocumentWords {
  contents: string;
  reviewed: string;
  published: string;
  appendix: string;
  page: string;
  months: readonly string[];
}

export const documentWords: Record<string, DocumentWords> = {
  'en-GB': {
    contents: 'Contents',
    reviewed: 'Reviewed {date}',
    published: 'Model policy published by {publisher}, {date}',
    appendix: 'Appendix {letter}',
    page: 'Page {page} of {pages}',
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
};

/** The words for a model's language; a language with no words yet is a problem in the model file. */
export function wordsFor(language: string, modelFile: string): DocumentWords {
  const words = documentWords[language];
  if (!words) {
    throw new PolicyProblems([
      problem(InvalidValue, { file: modelFile, field: 'language' }, ['language', `"${language}" has no document words yet; the languages are ${Object.keys(documentWords).join(', ')}`]),
    ]);
  }
  return words;
}

/** Fills `{name}` placeholders, and refuses a phrase whose placeholder has no value. */
export function phrase(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (!(name in values)) throw new Error(`The phrase "${template}" needs a value for {${name}}, and none was given: an unfilled placeholder is never published.`);
    return String(values[name]);
  });
}
