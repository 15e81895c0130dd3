import type { BlockContent, DefinitionContent, PhrasingContent, RootContent } from 'mdast';
import type { OwnSource, Signatory } from '@school-policy/core';
import type { DocumentWords } from './words.js';

/**
 * A school's policy with every value filled in and every template parsed: the one document that
 * all the renderers (HTML, Markdown, plain text, PDF) read, so they cannot disagree.
 */
export interface FilledPolicy {
  /** A school's own policy, or a publisher's blank template with fill-in blanks. */
  kind: 'school' | 'template';
  model: { id: string; title: string };
  language: string;
  /** The words around the clauses (Contents, Reviewed …, Page X of Y), in the model's language. */
  words: DocumentWords;
  /** The school; in a template, its name is the blank `[insert school name]`. */
  school: { id: string; name: string; nodes: PhrasingContent[]; motto: string | undefined };
  publisher: { id: string; name: string };
  /** When the school reviewed the policy, or the publisher published the template: ISO and as read. */
  date: { iso: string; text: string };
  /** The line under the title: "Reviewed November 2017", or who published the template and when. */
  dateLine: string;
  /** The release of the model it was made from: `2026-09`. */
  release: string;
  /** The governors' approval, when this is a version a school adopted (see `withApproval`). */
  approval?: Approval;
  parts: FilledPart[];
}

/** The record of the governors' approval of an adopted version, as its cover shows it. */
export interface Approval {
  version: number;
  /** `v2`. */
  name: string;
  /** `2026-10-14`, or `2017-11` when only the month is known. */
  approved: string;
  approvedBy: string | undefined;
  minute: string | undefined;
  /** Who signed it: each one's role, and name when the record gives it. */
  signedBy: Signatory[];
  /** When it is next due for review, as precise as the record gives it. */
  nextReview: string | undefined;
  /** A made-up record that shows how a renewal works. */
  example: boolean;
}

/** A heading's content: Markdown inline nodes, and the same as plain text. */
export interface FilledTitle {
  nodes: PhrasingContent[];
  text: string;
}

export interface FilledPart {
  id: string;
  kind: 'preamble' | 'section' | 'appendix';
  number: string;
  /** `1` or `Appendix A`. */
  label: string;
  title: FilledTitle;
  children: FilledNode[];
}

export type FilledNode = FilledBlock | FilledForm | FilledSubsection;

export interface FilledBlock {
  type: 'clause' | 'text';
  id: string;
  number: string | undefined;
  /** The filled template, as the Markdown it was parsed from. */
  markdown: string;
  content: (BlockContent | DefinitionContent)[];
  /** Whose own words it has, when not the model's: the publisher's or the school's. */
  own?: OwnSource;
}

export interface FilledSubsection {
  type: 'subsection';
  id: string;
  number: string;
  title: FilledTitle;
  children: (FilledBlock | FilledForm)[];
}

export interface FilledForm {
  type: 'form';
  id: string;
  /** The filled template, as the Markdown it was parsed from. */
  markdown: string;
  groups: FormGroup[];
}

/** A group of a form, shown under its heading: guidance, then the items to fill in. */
export interface FormGroup {
  title: FilledTitle | undefined;
  guidance: RootContent[];
  items: FormItem[];
}

export type FormItem =
  /** One answer to write: a line, or a box for a longer answer. */
  | { type: 'field'; label: FilledTitle; size: 'line' | 'box' }
  /** Tick boxes, with an optional question above them. */
  | { type: 'choices'; label: FilledTitle | undefined; options: FilledTitle[] }
  /** One thing answered in several parts, such as a signature block: name, signature, date. */
  | { type: 'parts'; label: FilledTitle; parts: FilledTitle[] };

/** Every part's title as plain text with its label, for contents lists and bookmarks: `1 Introduction`, `Appendix A: …`. */
export function headingText(part: Pick<FilledPart, 'kind' | 'label' | 'title'>): string {
  return labelled(part, part.title.text);
}

/** A part's label before its title: `1 `, `Appendix A: `, or nothing for a preamble. */
export function partLabel(part: Pick<FilledPart, 'kind' | 'label'>): string {
  if (!part.label) return '';
  return part.kind === 'appendix' ? `${part.label}: ` : `${part.label} `;
}

function labelled(part: Pick<FilledPart, 'kind' | 'label'>, title: string): string {
  return `${partLabel(part)}${title}`;
}

/** The mark under a clause in its own words, not the model's: whose they are. */
export function ownMark(policy: Pick<FilledPolicy, 'words' | 'publisher'>, own: NonNullable<FilledBlock['own']>): string {
  return own === 'school' ? policy.words.ownMarks.school : policy.words.ownMarks.publisher.replace('{publisher}', policy.publisher.name);
}
