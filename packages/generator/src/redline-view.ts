import { changeWeights, type ChangeKind, type ItemDiff, type Placement, type WordChange } from '@school-policy/core';
import { formatMonthOrDate } from './format-value.js';
import type { VersionDiff, VersionLabel } from './versions.js';
import { documentWords, phrase, pluralPhrase, type RedlineWords } from './words.js';

/**
 * A comparison as the governors read it, whatever the format: who and what, a summary (each
 * release's summary for governors, then how much changed and what to read first), then each
 * section's changes with the words marked. Text, HTML and PDF all render this one view, so they
 * cannot disagree. Items are named by their numbers and first words; their ids are only anchors.
 */
export interface RedlineView {
  title: string;
  subject: string;
  from: string;
  to: string;
  /** Each release between the two versions, with its summary for governors. */
  releases: { heading: string; summary: string }[];
  /** How much changed and what to read first: only counts that are not zero. */
  guidance: string[];
  /** How insertions and deletions are marked. */
  key: string;
  sections: RedlineSection[];
  /** The words around the changes, in the policy's language. */
  words: RedlineWords;
}

export interface RedlineSection {
  anchor: string;
  heading: string;
  /** `3 clauses changed, 1 added and 2 renumbered only`. */
  counts: string;
  changes: RedlineChange[];
  /** Items whose words did not change but whose number or place did. */
  renumbered: string[];
}

export interface RedlineChange {
  /** The anchor of the change, made from the item's id: `change-friend-requests`. */
  anchor: string;
  /** `Clause 6.13 (was 6.12): “Staff members must decline…”`. */
  heading: string;
  kind: string;
  /** `The model`, `The school's details`, `Both …`. */
  source: string;
  weight: string | undefined;
  reasons: { what: string; why: string; release: string }[];
  words: WordChange[];
}

/** The words of a redline in a language, English when it has none of its own. */
export function redlineWords(language: string): RedlineWords {
  return (documentWords[language] ?? documentWords['en-GB']!).redline;
}

/** How insertions and deletions are marked in words: `[Added: …]`, `[Removed: …]`. */
export const markers = redlineWords('en-GB').markers;

const changeKinds: Exclude<ChangeKind, 'unchanged'>[] = ['changed', 'added', 'removed', 'moved', 'renumbered'];
const itemTypes: ItemDiff['type'][] = ['clause', 'subsection', 'part', 'text', 'form'];

function describeVersion(diff: VersionDiff, side: VersionLabel, words: RedlineWords): string {
  const release = formatMonthOrDate(side.release);
  if (diff.policy.kind === 'template') return phrase(words.templateVersion, { date: release, release: side.release });
  if (side.adoption) {
    const values = { version: side.adoption.version, name: side.name, date: formatMonthOrDate(side.date), release };
    return side.adoption.approvedBy ? phrase(words.adoptedVersionBy, { ...values, by: side.adoption.approvedBy }) : phrase(words.adoptedVersion, values);
  }
  return phrase(words.draftVersion, { release });
}

/**
 * Counts of changed items, only those that are not zero, in words: `3 clauses changed, 1 added and
 * 2 renumbered only` when every item is of one type; `2 clauses and 1 paragraph changed; 1 clause
 * added` when not.
 */
function countPhrase(items: readonly ItemDiff[], language: string, words: RedlineWords): string {
  const list = new Intl.ListFormat(language, { type: 'conjunction' });
  const changed = items.filter((item) => item.kind !== 'unchanged');
  const types = new Set(changed.map((item) => item.type));
  const byKind = changeKinds
    .map((kind) => [kind, changed.filter((item) => item.kind === kind)] as const)
    .filter(([, found]) => found.length > 0);
  if (types.size === 1) {
    const [type] = types;
    return list.format(
      byKind.map(([kind, found], index) => phrase(words.kinds[kind], { items: index === 0 ? pluralPhrase(words.types[type!], found.length, {}, language) : String(found.length) })),
    );
  }
  return byKind
    .map(([kind, found]) => {
      const counted = itemTypes
        .map((type) => [type, found.filter((item) => item.type === type).length] as const)
        .filter(([, n]) => n > 0)
        .map(([type, n]) => pluralPhrase(words.types[type], n, {}, language));
      return phrase(words.kinds[kind], { items: list.format(counted) });
    })
    .join('; ');
}

/** The first words of an item's text, for naming it: its first line, up to eight words. */
function firstWords(text: string, words: RedlineWords): string {
  const line = text.split('\n').map((piece) => piece.replace(/^\s*([-*+]|\d+[.)]|#+)\s+/, '').trim()).find(Boolean) ?? '';
  const all = line.split(/\s+/).filter(Boolean);
  const shown = all.slice(0, 8).join(' ').replace(/[,;:.]+$/, '');
  return phrase(all.length > 8 || text.trim() !== line ? words.firstWords : words.allWords, { words: shown });
}

/**
 * An item as a reader finds it, by its number and its title or first words, with where it was:
 * `Clause 6.13 (was 6.12): “Staff members must decline…”`, `Section 8 Monitoring of internet use`.
 */
function placeHeading(item: ItemDiff, words: RedlineWords): string {
  const now = item.to?.number;
  const was = item.from?.number;
  const place: Placement = (item.to ?? item.from)!;
  if (item.type === 'part') {
    // A part's heading is its number and title as the policy prints them: `8 Monitoring`, `Appendix A: …`.
    const heading = /^\d/.test(place.partHeading) ? `${words.typeLabels.part} ${place.partHeading}` : place.partHeading;
    return [heading, ...(was && now && was !== now ? [phrase(words.was, { number: was })] : [])].join(' ');
  }
  const parts = [`${words.typeLabels[item.type]}${now ?? was ? ` ${now ?? was}` : ''}`];
  if (item.from && item.to && was !== now && was) parts.push(phrase(words.was, { number: was }));
  if (item.moved && item.from && item.to && item.from.part !== item.to.part) parts.push(phrase(words.movedFrom, { part: item.from.partHeading }));
  const label = parts.join(' ');
  if (item.type === 'subsection') return phrase(words.itemTitle, { place: label, title: place.text });
  return phrase(words.itemWords, { place: label, words: firstWords(place.text, words) });
}

/** The sentences that say how much changed and what to read first; only counts that are not zero. */
function guidance(diff: VersionDiff, words: RedlineWords): string[] {
  const { counts } = diff;
  const language = diff.policy.language;
  const changed = diff.items.filter((item) => item.kind !== 'unchanged');
  const lines: string[] = [];
  if (changed.length === 0) lines.push(words.noChange);
  else {
    const summary = countPhrase(diff.items, language, words);
    lines.push(
      counts.kinds.unchanged > 0
        ? phrase(words.counts, { counts: capitalise(summary), unchanged: pluralPhrase(words.unchanged, counts.kinds.unchanged, {}, language) })
        : phrase(words.countsAllChanged, { counts: capitalise(summary) }),
    );
  }
  const heavy = changeWeights.filter((weight) => weight !== 'correction' && counts.weights[weight] > 0);
  const heavyCount = heavy.reduce((total, weight) => total + counts.weights[weight], 0);
  if (heavyCount > 0) {
    const weights = new Intl.ListFormat(language, { type: 'disjunction' }).format(heavy.map((weight) => words.weightNames[weight]));
    lines.push(pluralPhrase(words.readFirst, heavyCount, { weights }, language));
  }
  if (counts.weights.correction > 0) lines.push(pluralPhrase(words.corrections, counts.weights.correction, {}, language));
  if (counts.weights.none > 0) lines.push(pluralPhrase(words.noReason, counts.weights.none, {}, language));
  const fromSchool = changed.filter((item) => item.source === 'school' || item.source === 'both');
  const ownWording = fromSchool.filter((item) => (item.to ?? item.from)?.own === 'school' || item.from?.own === 'school');
  const details = fromSchool.length - ownWording.length;
  if (ownWording.length > 0) lines.push(pluralPhrase(words.fromOwnWording, ownWording.length, {}, language));
  if (details > 0) lines.push(pluralPhrase(words.fromSchool, details, {}, language));
  return lines;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The view of a comparison that every redline format renders. */
export function redlineView(diff: VersionDiff): RedlineView {
  const words = redlineWords(diff.policy.language);
  const language = diff.policy.language;
  const sections = diff.sections
    .filter((section) => section.counts.kinds.unchanged < Object.values(section.counts.kinds).reduce((a, b) => a + b, 0))
    .map((section): RedlineSection => {
      const inSection = diff.items.filter((item) => (item.to ?? item.from)!.part === section.part);
      const items = inSection.filter((item) => item.kind !== 'unchanged');
      const sameWords = (item: ItemDiff) => item.kind === 'renumbered' || (item.kind === 'moved' && item.type === 'part');
      return {
        anchor: `section-${section.part}`,
        heading: section.heading,
        counts: countPhrase(inSection, language, words),
        changes: items.filter((item) => !sameWords(item)).map((item) => change(item, words)),
        renumbered: items.filter(sameWords).map((item) => placeHeading(item, words)),
      };
    });
  return {
    title: phrase(words.title, { policy: diff.policy.title }),
    subject: diff.policy.kind === 'template' ? phrase(words.templateSubject, { publisher: diff.policy.name }) : diff.policy.name,
    from: describeVersion(diff, diff.from, words),
    to: describeVersion(diff, diff.to, words),
    releases: diff.releases.map((release) => ({ heading: phrase(words.release, { date: formatMonthOrDate(release.id), title: release.title }), summary: release.summary })),
    guidance: guidance(diff, words),
    key: phrase(words.key, words.markers),
    sections,
    words,
  };
}

function change(item: ItemDiff, words: RedlineWords): RedlineChange {
  return {
    anchor: `change-${item.id}`,
    heading: placeHeading(item, words),
    kind: words.kindLabels[item.kind as Exclude<ChangeKind, 'unchanged'>],
    source: sourceLabel(item, words),
    weight: item.weight ? words.weightLabels[item.weight] : item.source === 'school' ? undefined : words.weightLabels.none,
    reasons: item.reasons.map(({ what, why, release }) => ({ what, why, release })),
    words: item.words ?? [],
  };
}

/**
 * Who made a change, as a reader is told: the model, the school's details or both, or where own
 * wording is in the clause, the school's own wording or the publisher's (alone or with the other side).
 */
export function sourceLabel(item: ItemDiff, words: RedlineWords): string {
  if (!item.source) return '';
  const owns = new Set([item.from?.own, item.to?.own]);
  if (owns.has('school') && item.source !== 'model') return item.source === 'both' ? words.ownSourceLabels.modelAndSchool : words.ownSourceLabels.school;
  if (owns.has('publisher') && item.source !== 'school') return item.source === 'both' ? words.ownSourceLabels.publisherAndSchool : words.ownSourceLabels.publisher;
  return words.sourceLabels[item.source];
}

/** The words with insertions and deletions marked in text: `[Added: …]`, `[Removed: …]`. */
export function markedText(words: readonly WordChange[], marks: RedlineWords['markers'] = markers): string {
  return words
    .map((word) => (word.op === 'insert' ? `${marks.insertStart}${word.text}${marks.insertEnd}` : word.op === 'delete' ? `${marks.deleteStart}${word.text}${marks.deleteEnd}` : word.text))
    .join('');
}
