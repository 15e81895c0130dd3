import { PolicyProblems, problem, InvalidValue, type ChangeKind, type ChangeSource, type ChangeWeight, type ItemDiff } from '@school-policy/core';

/** A phrase in each plural form a language has (`one`, `other`, …); every language has `other`. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * The words of a redline, the comparison governors read at renewal, in text, HTML and PDF alike.
 * Counts are plural forms, chosen by the language's plural rules.
 */
export interface RedlineWords {
  title: string;
  templateSubject: string;
  from: string;
  to: string;
  /** One side of the comparison. */
  templateVersion: string;
  adoptedVersion: string;
  adoptedVersionBy: string;
  draftVersion: string;
  summary: string;
  /** A release between the two versions: `Release September 2026: Up to date with the law`. */
  release: string;
  noChange: string;
  /** How many items of a type: `3 clauses`. */
  types: Record<ItemDiff['type'], PluralForms>;
  /** What happened to them: `3 clauses changed`, or after the first, `1 added`. */
  kinds: Record<Exclude<ChangeKind, 'unchanged'>, string>;
  /** The counts, then the rest: `3 clauses changed and 1 added; the other 80 are unchanged.` */
  counts: string;
  countsAllChanged: string;
  unchanged: PluralForms;
  readFirst: PluralForms;
  /** The weights named in `readFirst`, lower case. */
  weightNames: Record<ChangeWeight, string>;
  corrections: PluralForms;
  noReason: PluralForms;
  fromSchool: PluralForms;
  key: string;
  /** What the Word document with tracked changes says of them. */
  trackedKey: string;
  keyLabel: string;
  sectionsHeading: string;
  noSection: string;
  changesHeading: string;
  renumberedHeading: string;
  what: string;
  why: string;
  by: string;
  weight: string;
  kindLabels: Record<Exclude<ChangeKind, 'unchanged'>, string>;
  weightLabels: Record<ChangeWeight | 'none', string>;
  sourceLabels: Record<ChangeSource, string>;
  /** Who made a change where own wording is in the clause: the school's or the publisher's, alone or with the other side. */
  ownSourceLabels: { school: string; modelAndSchool: string; publisher: string; publisherAndSchool: string };
  fromOwnWording: PluralForms;
  /** What an item is, before its number: `Clause 6.6`. */
  typeLabels: Record<ItemDiff['type'], string>;
  was: string;
  movedFrom: string;
  /** An item by its number and its first words: `Clause 6.6: “Staff members must decline…”`. */
  itemWords: string;
  itemTitle: string;
  firstWords: string;
  allWords: string;
  /** How insertions and deletions are marked in words, for greyscale print and for reading aloud. */
  markers: { insertStart: string; insertEnd: string; deleteStart: string; deleteEnd: string };
}

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
  /** What marks a clause in its own words, not the model's: the school's, or its publisher's for all its schools. */
  ownMarks: { school: string; publisher: string };
  redline: RedlineWords;
}

export const documentWords: Record<string, DocumentWords> = {
  'en-GB': {
    contents: 'Contents',
    reviewed: 'Reviewed {date}',
    published: 'Model policy published by {publisher}, {date}',
    appendix: 'Appendix {letter}',
    page: 'Page {page} of {pages}',
    ownMarks: { school: "The school's own wording, not the model's", publisher: "{publisher}'s own wording, not the model's" },
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
    redline: {
      title: '{policy}: what changed',
      templateSubject: "{publisher}'s model policy for its schools",
      from: 'From',
      to: 'To',
      templateVersion: '{date} release ({release})',
      adoptedVersion: 'Version {version} ({name}), approved {date}, model release {release}',
      adoptedVersionBy: 'Version {version} ({name}), approved by {by} {date}, model release {release}',
      draftVersion: "Draft for the next review, from the model release {release} and the school's details now",
      summary: 'Summary',
      release: 'Release {date}: {title}',
      noChange: 'No clause changed its words or its place.',
      types: {
        part: { one: '{count} section', other: '{count} sections' },
        subsection: { one: '{count} subsection', other: '{count} subsections' },
        clause: { one: '{count} clause', other: '{count} clauses' },
        text: { one: '{count} paragraph', other: '{count} paragraphs' },
        form: { one: '{count} form', other: '{count} forms' },
      },
      kinds: { changed: '{items} changed', added: '{items} added', removed: '{items} removed', moved: '{items} moved', renumbered: '{items} renumbered only' },
      counts: '{counts}; {unchanged}.',
      countsAllChanged: '{counts}.',
      unchanged: { one: 'the other {count} is unchanged', other: 'the other {count} are unchanged' },
      readFirst: {
        one: 'Read first the {count} change weighted {weights}: its meaning changed.',
        other: 'Read first the {count} changes weighted {weights}: their meaning changed.',
      },
      weightNames: { 'new-edition': 'new edition', update: 'update', correction: 'correction' },
      corrections: { one: '{count} change is a correction of wording only.', other: '{count} changes are corrections of wording only.' },
      noReason: { one: '{count} change to the model has no reason in its changelog.', other: '{count} changes to the model have no reason in its changelog.' },
      fromSchool: {
        one: "{count} change comes from the school's own details, in whole or in part: check it against the school's records.",
        other: "{count} changes come from the school's own details, in whole or in part: check them against the school's records.",
      },
      key: 'Added words are underlined and marked {insertStart}…{insertEnd}; removed words are struck through and marked {deleteStart}…{deleteEnd}.',
      trackedKey: 'The changes are tracked, as Word tracks an editor’s: each is shown with what made it, to accept or reject. Accept them all for the newer version’s words; reject them all for the older version’s.',
      keyLabel: 'How changes are marked: ',
      sectionsHeading: 'Sections with changes',
      noSection: 'No section changed.',
      changesHeading: 'Changes, section by section',
      renumberedHeading: 'Same words, new number or place',
      what: 'What changed (release {release}): ',
      why: 'Why: ',
      by: 'By: {source}',
      weight: 'Weight: {weight}',
      kindLabels: { changed: 'Changed', added: 'Added', removed: 'Removed', moved: 'Moved', renumbered: 'Renumbered only' },
      weightLabels: {
        'new-edition': 'New edition (structure changes)',
        update: 'Update (meaning changes)',
        correction: 'Correction (wording only)',
        none: 'No changelog weight',
      },
      sourceLabels: { model: 'The model', school: "The school's details", both: "Both the model and the school's details" },
      ownSourceLabels: {
        school: "The school's own wording",
        modelAndSchool: "Both the model and the school's own wording",
        publisher: "The publisher's own wording",
        publisherAndSchool: "Both the publisher's own wording and the school's details",
      },
      fromOwnWording: {
        one: "{count} change is the school's own wording, in whole or in part: check that it says what the governors mean.",
        other: "{count} changes are the school's own wording, in whole or in part: check that they say what the governors mean.",
      },
      typeLabels: { part: 'Section', subsection: 'Subsection', clause: 'Clause', text: 'Paragraph', form: 'Form' },
      was: '(was {number})',
      movedFrom: '(moved from “{part}”)',
      itemWords: '{place}: {words}',
      itemTitle: '{place} {title}',
      firstWords: '“{words}…”',
      allWords: '“{words}”',
      markers: { insertStart: '[Added: ', insertEnd: ']', deleteStart: '[Removed: ', deleteEnd: ']' },
    },
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

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The form of a phrase for a number, as the language's plural rules choose it, with `{count}` and
 * any other placeholders filled: `pluralPhrase({ one: '{count} clause', other: '{count} clauses' }, 3)`.
 */
export function pluralPhrase(forms: PluralForms, count: number, values: Record<string, string | number> = {}, language = 'en-GB'): string {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return phrase(forms[rules.select(count)] ?? forms.other, { count, ...values });
}

/** Fills `{name}` placeholders, and refuses a phrase whose placeholder has no value. */
export function phrase(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (!(name in values)) throw new Error(`The phrase "${template}" needs a value for {${name}}, and none was given: an unfilled placeholder is never published.`);
    return String(values[name]);
  });
}
