import { createHash } from 'node:crypto';
import type { OwnWording } from './merge.js';
import type { PublisherPolicy, SchoolPolicy } from './project.js';
import type { ResolvedPart } from './resolve.js';

/**
 * A policy as its words: every part, subsection and block with its number and its filled text,
 * both as Markdown (what renders) and as plain text (what a reader compares). It is what an
 * adopted version freezes, and what the diff engine compares.
 */
export interface PolicyText {
  title: string;
  school: string;
  dateLine: string;
  parts: TextPart[];
}

export interface TextPart {
  id: string;
  kind: ResolvedPart['kind'];
  number: string;
  /** `1` or `Appendix A`. */
  label: string;
  title: string;
  children: TextNode[];
}

export type TextNode = TextBlock | TextSubsection;

export interface TextBlock {
  type: 'clause' | 'text' | 'form';
  id: string;
  number: string | undefined;
  markdown: string;
  text: string;
  /** Whose own words these are, when not the model's: the publisher's, for all its schools, or the school's. */
  own?: OwnSource;
}

/** Whose own wording a clause has: the publisher's (for all its schools) or the school's. */
export type OwnSource = 'publisher' | 'school';

export interface TextSubsection {
  type: 'subsection';
  id: string;
  number: string;
  title: string;
  children: TextBlock[];
}

/** The publisher's settings a version was resolved with, as they were when it was adopted. */
export type AdoptedPublisher = Pick<PublisherPolicy, 'id' | 'name' | 'variant' | 'model' | 'published' | 'modules' | 'details'> & {
  /** The publisher's own wording it was resolved with; none for a version without, or adopted before own wording was kept. */
  ownWording?: OwnWording;
};
/** The school's settings a version was resolved with, as they were when it was adopted. */
export type AdoptedSchool = Pick<SchoolPolicy, 'id' | 'name' | 'reviewed' | 'motto' | 'modules' | 'details'> & {
  /** The school's own wording it was resolved with; none for a version without. */
  ownWording?: OwnWording;
};

/**
 * An adopted version, frozen: the release and settings it was resolved from, and its words. Its
 * fingerprint is recorded in the school's file; a rebuild must give the same words.
 */
export interface PolicySnapshot {
  format: 1;
  model: string;
  release: string;
  school: string;
  version: number;
  inputs: { publisher: AdoptedPublisher; school: AdoptedSchool };
  text: PolicyText;
}

/** `sha256:…` of the snapshot's content, keys sorted, so the same content always has the same fingerprint. */
export function snapshotHash(snapshot: PolicySnapshot): string {
  return `sha256:${createHash('sha256').update(canonicalJson(snapshot)).digest('hex')}`;
}

/** JSON with every object's keys in sorted order and no spacing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The snapshot as written to disk: readable JSON, keys in a fixed order, ending with a newline. */
export function snapshotJson(snapshot: PolicySnapshot): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(snapshot)), null, 2)}\n`;
}

/** Where a school's adopted version is frozen: beside the school's file, `schools/<publisher>/<school>/<model>-v2.json`. */
export function snapshotFile(publisher: string, school: string, model: string, version: number): string {
  return `schools/${publisher}/${school}/${model}-v${version}.json`;
}

/** `v2`: how a version is named on the command line and in addresses. */
export function versionName(version: number): string {
  return `v${version}`;
}

/** Every block of a policy's text, in document order, with the part or subsection it sits in. */
export function textBlocks(text: PolicyText): { block: TextBlock; parent: string; part: TextPart }[] {
  return text.parts.flatMap((part) =>
    part.children.flatMap((child) =>
      child.type === 'subsection' ? child.children.map((block) => ({ block, parent: child.id, part })) : [{ block: child, parent: part.id, part }],
    ),
  );
}

/**
 * When an adopted version is next due for review: the record's own date if it gives one, else the
 * approval date plus the review cycle, as precise as the approval date. None without a cycle.
 */
export function nextReviewDate(adoption: { approved: string; reviewCycle?: string | undefined; nextReview?: string | undefined }): string | undefined {
  if (adoption.nextReview) return adoption.nextReview;
  const cycle = /^(\d+) (year|month)s?$/.exec(adoption.reviewCycle ?? '');
  if (!cycle) return undefined;
  const months = Number(cycle[1]) * (cycle[2] === 'year' ? 12 : 1);
  const [year, month, day] = adoption.approved.split('-').map(Number) as [number, number, number | undefined];
  const total = year * 12 + (month - 1) + months;
  const next = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  if (day === undefined) return next;
  const lastDay = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return `${next}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}
