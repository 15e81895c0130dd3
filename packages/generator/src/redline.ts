import type { ChangeKind, ChangeSource, ChangeWeight, ItemDiff, WordChange } from '@school-policy/core';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { formatMonthOrDate } from './format-value.js';
import type { VersionDiff, VersionLabel } from './versions.js';

/**
 * A comparison as the governors read it, whatever the format: who and what, a summary to say how
 * much to read, then each section's changes with the words marked. Text, HTML and PDF all render
 * this one view, so they cannot disagree.
 */
export interface RedlineView {
  title: string;
  subject: string;
  from: string;
  to: string;
  /** How insertions and deletions are marked. */
  key: string;
  /** Sentences that say what to read first. */
  guidance: string[];
  kinds: [string, number][];
  weights: [string, number][];
  sources: [string, number][];
  sections: RedlineSection[];
}

export interface RedlineSection {
  anchor: string;
  heading: string;
  /** `2 changed, 1 added, 4 renumbered`. */
  counts: string;
  changes: RedlineChange[];
  /** Items whose words did not change but whose number or place did. */
  renumbered: string[];
}

export interface RedlineChange {
  anchor: string;
  /** `6.13 (was 6.12)`, or the id of an unnumbered block. */
  heading: string;
  kind: string;
  /** `The model`, `The school's details`, `Both`. */
  source: string;
  weight: string | undefined;
  reasons: { what: string; why: string; release: string }[];
  words: WordChange[];
}

export const markers = { insertStart: '[Added: ', insertEnd: ']', deleteStart: '[Removed: ', deleteEnd: ']' } as const;

const kindLabels: Record<ChangeKind, string> = { changed: 'Changed', added: 'Added', removed: 'Removed', moved: 'Moved', renumbered: 'Renumbered only', unchanged: 'Unchanged' };
const weightLabels: Record<ChangeWeight | 'none', string> = {
  'new-edition': 'New edition (structure changes)',
  update: 'Update (meaning changes)',
  correction: 'Correction (wording only)',
  none: 'No changelog weight',
};
const sourceLabels: Record<ChangeSource, string> = { model: 'The model', school: "The school's details", both: "Both the model and the school's details" };
const typeWords: Record<ItemDiff['type'], string> = { part: 'Section', subsection: 'Subsection', clause: 'Clause', text: 'Text', form: 'Form' };

function describeVersion(diff: VersionDiff, side: VersionLabel): string {
  const release = `model release ${formatMonthOrDate(side.release)}`;
  if (diff.policy.kind === 'template') return `${formatMonthOrDate(side.release)} release (${side.release})`;
  if (side.adoption) {
    const by = side.adoption.approvedBy ? ` by ${side.adoption.approvedBy}` : '';
    return `Version ${side.adoption.version} (${side.name}), approved${by} ${formatMonthOrDate(side.date)}, ${release}`;
  }
  return `Draft for the next review, from the ${release} and the school's details now`;
}

function counted(entries: [string, number][]): string {
  return entries.filter(([, n]) => n > 0).map(([label, n]) => `${n} ${label.toLowerCase()}`).join(', ') || 'no changes';
}

/** The plain words of where an item was and is: `6.13 (was 6.12)`, `Added as 3.4`, `Moved from 6 to 7`. */
function placeHeading(item: ItemDiff): string {
  const now = item.to?.number;
  const was = item.from?.number;
  const label = `${typeWords[item.type]} ${now ?? was ?? ''}`.trim();
  const parts = [label];
  if (item.from && item.to && was !== now && was) parts.push(`(was ${was})`);
  if (item.moved && item.from && item.to && item.from.part !== item.to.part) parts.push(`(moved from "${item.from.partHeading}")`);
  return `${parts.join(' ')}: ${item.id}`;
}

/** The view of a comparison that every redline format renders. */
export function redlineView(diff: VersionDiff): RedlineView {
  const { counts } = diff;
  const total = counts.kinds.changed + counts.kinds.added + counts.kinds.removed + counts.kinds.moved;
  const heavy = counts.weights['new-edition'] + counts.weights.update;
  const guidance = [
    total === 0
      ? 'No clause changed its words or its place.'
      : `${total} ${total === 1 ? 'item changed' : 'items changed'} in words or place; ${counts.kinds.renumbered} only took a new number and ${counts.kinds.unchanged} are unchanged.`,
    ...(heavy > 0 ? [`Read first the ${heavy} ${heavy === 1 ? 'change' : 'changes'} weighted new edition or update: their meaning changed.`] : []),
    ...(counts.weights.correction > 0 ? [`${counts.weights.correction} ${counts.weights.correction === 1 ? 'change is a correction' : 'changes are corrections'} of wording only.`] : []),
    ...(counts.sources.school + counts.sources.both > 0
      ? [`${counts.sources.school + counts.sources.both} ${counts.sources.school + counts.sources.both === 1 ? 'change comes' : 'changes come'} from the school's own details, in whole or in part: check them against the school's records.`]
      : []),
  ];
  const sections = diff.sections
    .filter((section) => section.counts.kinds.unchanged < Object.values(section.counts.kinds).reduce((a, b) => a + b, 0))
    .map((section): RedlineSection => {
      const items = diff.items.filter((item) => (item.to ?? item.from)!.part === section.part && item.kind !== 'unchanged');
      return {
        anchor: `section-${section.part}`,
        heading: section.heading,
        counts: counted((['changed', 'added', 'removed', 'moved', 'renumbered'] as ChangeKind[]).map((kind) => [kindLabels[kind], section.counts.kinds[kind]])),
        changes: items.filter((item) => item.kind !== 'renumbered' && !(item.kind === 'moved' && item.type === 'part')).map(change),
        renumbered: items.filter((item) => item.kind === 'renumbered' || (item.kind === 'moved' && item.type === 'part')).map(placeHeading),
      };
    });
  return {
    title: `${diff.policy.title}: what changed`,
    subject: diff.policy.kind === 'template' ? `${diff.policy.name}'s model policy for its schools` : diff.policy.name,
    from: describeVersion(diff, diff.from),
    to: describeVersion(diff, diff.to),
    key: `Added words are underlined and marked ${markers.insertStart}…${markers.insertEnd}; removed words are struck through and marked ${markers.deleteStart}…${markers.deleteEnd}.`,
    guidance,
    kinds: (['changed', 'added', 'removed', 'moved', 'renumbered', 'unchanged'] as ChangeKind[]).map((kind) => [kindLabels[kind], counts.kinds[kind]]),
    weights: (['new-edition', 'update', 'correction', 'none'] as const).map((weight) => [weightLabels[weight], counts.weights[weight]]),
    sources: (['model', 'school', 'both'] as ChangeSource[]).map((source) => [sourceLabels[source], counts.sources[source]]),
    sections,
  };
}

function change(item: ItemDiff): RedlineChange {
  return {
    anchor: `change-${item.id}`,
    heading: placeHeading(item),
    kind: kindLabels[item.kind],
    source: item.source ? sourceLabels[item.source] : '',
    weight: item.weight ? weightLabels[item.weight] : item.source === 'school' ? undefined : weightLabels.none,
    reasons: item.reasons.map(({ what, why, release }) => ({ what, why, release })),
    words: item.words ?? [],
  };
}

/** The words with insertions and deletions marked in text: `[Added: …]`, `[Removed: …]`. */
export function markedText(words: readonly WordChange[]): string {
  return words
    .map((word) =>
      word.op === 'insert' ? `${markers.insertStart}${word.text}${markers.insertEnd}` : word.op === 'delete' ? `${markers.deleteStart}${word.text}${markers.deleteEnd}` : word.text,
    )
    .join('');
}

/** A comparison as plain text, for the terminal or an email. */
export function renderDiffText(diff: VersionDiff): string {
  const view = redlineView(diff);
  const out: string[] = [view.title, view.subject, '', `From: ${view.from}`, `To:   ${view.to}`, '', ...view.guidance, '', view.key, ''];
  out.push(`By kind: ${counted(view.kinds)}.`, `By weight: ${counted(view.weights)}.`, `By source: ${counted(view.sources)}.`, '');
  for (const section of view.sections) {
    out.push('', `${section.heading} (${section.counts})`, '');
    for (const item of section.changes) {
      out.push(`${item.heading}: ${item.kind.toLowerCase()}${item.source ? `, by ${item.source.toLowerCase()}` : ''}${item.weight ? `; ${item.weight.toLowerCase()}` : ''}`);
      for (const reason of item.reasons) out.push(`  What changed (release ${reason.release}): ${reason.what}`, `  Why: ${reason.why}`);
      out.push(...markedText(item.words).split('\n').map((line) => (line ? `  ${line}` : '')), '');
    }
    if (section.renumbered.length > 0) out.push('Same words, new number or place:', ...section.renumbered.map((line) => `  ${line}`), '');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function wordsHtml(words: readonly WordChange[]): ElementContent[] {
  const marker = (text: string) => h('span', { class: 'redline-marker' }, text);
  return words.map((word) =>
    word.op === 'insert'
      ? h('ins', [marker(markers.insertStart), word.text, marker(markers.insertEnd)])
      : word.op === 'delete'
        ? h('del', [marker(markers.deleteStart), word.text, marker(markers.deleteEnd)])
        : { type: 'text', value: word.text },
  );
}

function countsTable(caption: string, column: string, rows: [string, number][]): Element {
  return h('table', { class: 'redline-counts' }, [
    h('caption', caption),
    h('thead', h('tr', [h('th', { scope: 'col' }, column), h('th', { scope: 'col' }, 'Items')])),
    h('tbody', rows.map(([label, n]) => h('tr', [h('th', { scope: 'row' }, label), h('td', String(n))]))),
  ]);
}

/**
 * A comparison as HTML, from the versions compared to the last change: a summary, then each
 * section's changes with insertions underlined and deletions struck through, each also marked in
 * words so the difference survives greyscale print and reads aloud.
 */
export function renderRedlineHtmlBody(view: RedlineView): string {
  const tree: HastRoot = {
    type: 'root',
    children: [
      h('dl', { class: 'redline-versions' }, [h('dt', 'From'), h('dd', view.from), h('dt', 'To'), h('dd', view.to)]),
      h('h2', { id: 'summary' }, 'Summary'),
      h('ul', view.guidance.map((line) => h('li', line))),
      h('p', { class: 'redline-key' }, view.key),
      h('div', { class: 'redline-tables' }, [countsTable('By kind', 'Kind', view.kinds), countsTable('By weight', 'Weight', view.weights), countsTable('By source', 'Source', view.sources)]),
      h('h2', { id: 'sections' }, 'Sections with changes'),
      view.sections.length === 0 ? h('p', 'No section changed.') : h('ul', view.sections.map((section) => h('li', [h('a', { href: `#${section.anchor}` }, section.heading), `: ${section.counts}`]))),
      h('h2', { id: 'changes' }, 'Changes, section by section'),
      ...view.sections.map((section) =>
        h('section', { class: 'redline-section', 'aria-labelledby': section.anchor }, [
          h('h3', { id: section.anchor }, section.heading),
          ...section.changes.map((item) =>
            h('div', { class: 'redline-change', id: item.anchor }, [
              h('h4', item.heading),
              h('p', { class: 'redline-meta' }, [
                h('strong', { class: 'redline-kind' }, item.kind),
                ...(item.source ? [` · By: ${item.source}`] : []),
                ...(item.weight ? [` · Weight: ${item.weight}`] : []),
              ]),
              ...(item.reasons.length > 0
                ? item.reasons.map((reason) =>
                    h('div', { class: 'redline-reason' }, [
                      h('p', [h('strong', `What changed (release ${reason.release}): `), reason.what]),
                      h('p', [h('strong', 'Why: '), reason.why]),
                    ]),
                  )
                : []),
              h('p', { class: 'redline-text' }, wordsHtml(item.words)),
            ]),
          ),
          ...(section.renumbered.length > 0 ? [h('h4', 'Same words, new number or place'), h('ul', { class: 'redline-renumbered' }, section.renumbered.map((line) => h('li', line)))] : []),
        ]),
      ),
    ],
  };
  return toHtml(tree);
}

/** The CSS a redline needs, inside a page or a standalone document. */
export const redlineCss = `
.redline-versions dt { font-weight: 700; }
.redline-versions dd { margin: 0 0 0.5em; }
.redline-tables { display: flex; flex-wrap: wrap; gap: 1.5em; }
.redline-counts { border-collapse: collapse; margin-bottom: 1em; }
.redline-counts caption { font-weight: 700; text-align: left; }
.redline-counts th, .redline-counts td { border-bottom: 1px solid #b1b4b6; padding: 0.25em 0.75em 0.25em 0; text-align: left; }
.redline-change { border-left: 5px solid #b1b4b6; padding-left: 1em; margin: 1.5em 0; }
.redline-reason { background: #f3f2f1; padding: 0.25em 0.75em; margin: 0.5em 0; }
.redline-reason p { margin: 0.25em 0; }
.redline-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.redline-text ins { text-decoration: underline; text-decoration-thickness: 2px; background: #cce2d8; color: #0b0c0c; }
.redline-text del { text-decoration: line-through; text-decoration-thickness: 2px; background: #f4cdc6; color: #0b0c0c; }
.redline-marker { display: inline-block; font-weight: 700; text-decoration: none; }
`;

/** A comparison as a standalone HTML document. */
export function renderDiffHtml(diff: VersionDiff): string {
  const view = redlineView(diff);
  const body = renderRedlineHtmlBody(view);
  const head = toHtml(
    h('head', [
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', `${view.title}: ${view.subject}`),
      h('style', `body { font-family: sans-serif; max-width: 48em; margin: 0 auto; padding: 1em; line-height: 1.5; }${redlineCss}`),
    ]),
  );
  return `<!doctype html>\n<html lang="en-GB">${head}<body><main><h1>${toHtml({ type: 'text', value: view.title })}</h1><p>${toHtml({ type: 'text', value: view.subject })}</p>${body}</main></body></html>\n`;
}
