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
  /** The cover: what the document is, and the record of its approval with room to sign. */
  cover: {
    publishedBy: string;
    release: string;
    version: string;
    versionValue: string;
    approvalHeading: string;
    approvedBy: string;
    approved: string;
    minute: string;
    nextReview: string;
    signatures: string;
    signedBy: string;
    signature: string;
    name: string;
    date: string;
    exampleRecord: string;
    template: string;
    draft: string;
    /** Who signs when the record names no one. */
    signers: readonly string[];
  };
  /** The running footer's words about the version: `Version 2, approved 14 October 2026`. */
  versionLine: string;
  draftLine: string;
  /** The mark on every page of a draft, one its governors have not approved. */
  draftMark: string;
  /** The date line of a school's draft when its file gives no review date. */
  draftDateLine: string;
}

export const documentWords: Record<string, DocumentWords> = {
  'en-GB': {
    contents: 'Contents',
    reviewed: 'Reviewed {date}',
    published: 'Model policy published by {publisher}, {date}',
    appendix: 'Appendix {letter}',
    page: 'Page {page} of {pages}',
    cover: {
      publishedBy: 'Made from the model policy published by {publisher}',
      release: 'Model release',
      version: 'Version',
      versionValue: '{version} ({name})',
      approvalHeading: 'Approval',
      approvedBy: 'Approved by',
      approved: 'Date approved',
      minute: 'Minute',
      nextReview: 'Next review',
      signatures: 'Signatures',
      signedBy: 'Role',
      signature: 'Signature',
      name: 'Name',
      date: 'Date',
      exampleRecord: 'These approval details are made up, to show how a renewal is recorded.',
      template: 'Blank template: the school completes each highlighted blank, and records its approval below.',
      draft: 'Draft, not yet approved: record the governors’ approval below.',
      signers: ['Chair of Governors', 'Headteacher'],
    },
    versionLine: 'Version {version}, approved {date}',
    draftLine: 'Not yet approved',
    draftMark: 'DRAFT',
    draftDateLine: 'Draft',
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
