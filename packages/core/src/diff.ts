import { diffArrays } from 'diff';
import type { ChangeWeight, ReleaseChange } from './schemas/model.js';
import type { OwnSource, PolicyText, TextPart } from './snapshot.js';

/** What happened to a part, subsection or block between two versions. */
export type ChangeKind = 'added' | 'removed' | 'moved' | 'renumbered' | 'changed' | 'unchanged';
/**
 * Who made a change: the model (the publisher's release and settings), the school's own details,
 * or both. Where own wording is in the clause (see Placement.own), the publisher's is on the
 * model's side and the school's on the school's.
 */
export type ChangeSource = 'model' | 'school' | 'both';

export const changeKinds: readonly ChangeKind[] = ['changed', 'added', 'removed', 'moved', 'renumbered', 'unchanged'];
export const changeWeights: readonly ChangeWeight[] = ['new-edition', 'update', 'correction'];
export const changeSources: readonly ChangeSource[] = ['model', 'school', 'both'];

/** A run of words kept, inserted or deleted. */
export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Where an item sits in one version: its number and the part (and subsection) it is in. */
export interface Placement {
  number: string | undefined;
  /** The part's id, and its heading as read: `6 Personal use of social media`. */
  part: string;
  partHeading: string;
  /** The id of the part or subsection that holds it. */
  parent: string;
  text: string;
  /** Whose own wording the item has here, when not the model's. */
  own?: OwnSource;
}

/**
 * A reason for change from a release's changelog, as one reader sees it: what changed and why, in
 * the words written for that reader's edition or variant.
 */
export interface ChangeReason extends Omit<ReleaseChange, 'ids' | 'what' | 'why'> {
  what: string;
  why: string;
  release: string;
}

/** A changelog entry with its notes chosen for one reader: the ids it changed, and its reason. */
export type ReaderChange = ChangeReason & { ids: string[] };

export interface ItemDiff {
  id: string;
  type: 'part' | 'subsection' | 'clause' | 'text' | 'form';
  kind: ChangeKind;
  from: Placement | undefined;
  to: Placement | undefined;
  /** Whether it sits somewhere else in the order, or under another heading (also for changed items). */
  moved: boolean;
  /** Word by word, for changed, added and removed items. */
  words: WordChange[] | undefined;
  /** Who made the change; for unchanged items, none. */
  source: ChangeSource | undefined;
  /** The changelog's reasons, when the model made the change. */
  reasons: ChangeReason[];
  /** The heaviest weight among the reasons. */
  weight: ChangeWeight | undefined;
  /**
   * For an item whose place in the order changed (not only its heading), the id of the item it
   * followed in the older version, or null when it came first: where it was, for a document that
   * shows it deleted there. Undefined for every other item.
   */
  followed?: string | null;
}

/** The counts of one section, or of the whole policy. */
export interface DiffCounts {
  kinds: Record<ChangeKind, number>;
  weights: Record<ChangeWeight | 'none', number>;
  sources: Record<ChangeSource, number>;
}

export interface SectionSummary {
  part: string;
  heading: string;
  counts: DiffCounts;
}

export interface PolicyDiff {
  items: ItemDiff[];
  sections: SectionSummary[];
  counts: DiffCounts;
}

export interface DiffOptions {
  /**
   * The newer version's model and publisher settings with the older version's school details:
   * what separates the model's changes from the school's. Without it, every change is the model's.
   */
  counterfactual?: PolicyText;
  /** The changelog entries of the releases between the two versions, newest last, with their notes for this reader. */
  changes?: ReaderChange[];
  /** The optional clauses the newer version's own wording leaves out: each one's removal is the school's own wording. */
  omitted?: ReadonlySet<string>;
}

interface Item {
  id: string;
  type: ItemDiff['type'];
  placement: Placement;
}

/** Every part, subsection and block of a version, in document order. */
function items(text: PolicyText): Item[] {
  const list: Item[] = [];
  const heading = (part: TextPart) => [part.kind === 'appendix' ? `${part.label}:` : part.label, part.title].filter(Boolean).join(' ');
  for (const part of text.parts) {
    const partHeading = heading(part);
    const at = (number: string | undefined, parent: string, itemText: string, own?: OwnSource): Placement => {
      const placement: Placement = { number, part: part.id, partHeading, parent, text: itemText };
      if (own) placement.own = own;
      return placement;
    };
    list.push({ id: part.id, type: 'part', placement: at(part.number || undefined, '', part.title) });
    for (const child of part.children) {
      if (child.type === 'subsection') {
        list.push({ id: child.id, type: 'subsection', placement: at(child.number, part.id, child.title) });
        for (const block of child.children) list.push({ id: block.id, type: block.type, placement: at(block.number, child.id, block.text, block.own) });
      } else {
        list.push({ id: child.id, type: child.type, placement: at(child.number, part.id, child.text, child.own) });
      }
    }
  }
  return list;
}

/** The ids common to both sequences that keep their relative order: the longest common subsequence. */
function inOrder(before: string[], after: string[]): Set<string> {
  const n = before.length;
  const m = after.length;
  const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (before[i] === after[j]) {
      kept.add(before[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

const weightOrder: Record<ChangeWeight, number> = { correction: 1, update: 2, 'new-edition': 3 };

/** The heaviest of some weights: a new edition outweighs an update, which outweighs a correction. */
export function heaviest(weights: readonly ChangeWeight[]): ChangeWeight | undefined {
  return weights.reduce<ChangeWeight | undefined>((top, weight) => (top === undefined || weightOrder[weight] > weightOrder[top] ? weight : top), undefined);
}

function emptyCounts(): DiffCounts {
  return {
    kinds: { changed: 0, added: 0, removed: 0, moved: 0, renumbered: 0, unchanged: 0 },
    weights: { 'new-edition': 0, update: 0, correction: 0, none: 0 },
    sources: { model: 0, school: 0, both: 0 },
  };
}

function count(counts: DiffCounts, item: ItemDiff): void {
  counts.kinds[item.kind]++;
  if (item.kind === 'unchanged') return;
  // A renumbering follows from another change; the weight belongs to that change.
  if (item.source !== 'school' && item.kind !== 'renumbered') counts.weights[item.weight ?? 'none']++;
  if (item.source) counts.sources[item.source]++;
}

/**
 * Compares two versions of a policy clause by clause. Items are aligned by id, whatever their
 * numbers: each is added, removed, moved (to another place in the order or another heading),
 * renumbered only, changed (compared word by word) or unchanged. Each change is put down to the
 * model, the school's details or both, with the changelog's reasons when the model made it.
 */
export function diffPolicies(from: PolicyText, to: PolicyText, options: DiffOptions = {}): PolicyDiff {
  const before = items(from);
  const after = items(to);
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterById = new Map(after.map((item) => [item.id, item]));
  const middle = options.counterfactual ? new Map(items(options.counterfactual).map((item) => [item.id, item])) : undefined;
  const kept = inOrder(
    before.filter((item) => afterById.has(item.id)).map((item) => item.id),
    after.filter((item) => beforeById.has(item.id)).map((item) => item.id),
  );
  const reasonsById = new Map<string, ChangeReason[]>();
  for (const { ids, ...reason } of options.changes ?? []) {
    for (const id of ids) reasonsById.set(id, [...(reasonsById.get(id) ?? []), reason]);
  }

  const describe = (id: string, type: ItemDiff['type'], a: Placement | undefined, b: Placement | undefined): ItemDiff => {
    const moved = a !== undefined && b !== undefined && (a.parent !== b.parent || !kept.has(id));
    const kind: ChangeKind =
      a === undefined ? 'added' : b === undefined ? 'removed' : a.text !== b.text ? 'changed' : moved ? 'moved' : a.number !== b.number ? 'renumbered' : 'unchanged';
    const words =
      kind === 'changed'
        ? diffWords(a!.text, b!.text)
        : kind === 'added'
          ? [{ op: 'insert' as const, text: b!.text }]
          : kind === 'removed'
            ? [{ op: 'delete' as const, text: a!.text }]
            : undefined;
    const source = kind === 'unchanged' ? undefined : attribute(a, middle?.get(id)?.placement, b, middle !== undefined);
    const reasons = source === 'model' || source === 'both' ? (reasonsById.get(id) ?? []) : [];
    return { id, type, kind, from: a, to: b, moved, words, source, reasons, weight: heaviest(reasons.map((reason) => reason.weight)) };
  };

  // In the newer version's order; each removed item after the item it followed in the older one.
  const result: ItemDiff[] = after.map((item) => describe(item.id, item.type, beforeById.get(item.id)?.placement, item.placement));
  // A clause the newer version's own wording leaves out is shown as the school's own wording where it was.
  const leftOut = (item: Item): Placement => (options.omitted?.has(item.id) && !item.placement.own ? { ...item.placement, own: 'school' } : item.placement);
  let previous: string | undefined;
  for (const item of before) {
    if (afterById.has(item.id)) {
      previous = item.id;
      continue;
    }
    const index = previous === undefined ? 0 : result.findIndex((entry) => entry.id === previous) + 1;
    result.splice(index, 0, describe(item.id, item.type, leftOut(item), undefined));
    previous = item.id;
  }
  // Where each item that changed its place in the order was.
  const byId = new Map(result.map((entry) => [entry.id, entry]));
  before.forEach((item, index) => {
    if (afterById.has(item.id) && !kept.has(item.id)) byId.get(item.id)!.followed = before[index - 1]?.id ?? null;
  });

  const counts = emptyCounts();
  const sections = new Map<string, SectionSummary>();
  for (const item of result) {
    const place = (item.to ?? item.from)!;
    const section = sections.get(place.part) ?? { part: place.part, heading: place.partHeading, counts: emptyCounts() };
    sections.set(place.part, section);
    count(section.counts, item);
    count(counts, item);
  }
  return { items: result, sections: [...sections.values()], counts };
}

/**
 * The words of a text and the spaces between them, in order. A word is everything between two
 * spaces, so it keeps its punctuation: `i.e.`, `pupils'`, `8:45am`, `(KCSIE)` and `e-safety,` are
 * one word each.
 */
export function wordTokens(text: string): string[] {
  return text.match(/\s+|\S+/g) ?? [];
}

/**
 * Two texts compared word by word: each word kept, inserted or deleted whole, with its
 * punctuation, so a changed word reads `[Removed: e.g.][Added: i.e.]` and never splits in two.
 */
export function diffWords(before: string, after: string): WordChange[] {
  const parts = diffArrays(wordTokens(before), wordTokens(after));
  return coalesce(parts.map((part): WordChange => ({ op: part.added ? 'insert' : part.removed ? 'delete' : 'equal', text: part.value.join('') })));
}

/**
 * Joins changes separated only by spaces into one deletion and one insertion, so a rewritten
 * phrase reads as removed words then added words rather than alternating single words. Spaces at
 * the edges of a change stand outside it: `[Added: executive] headteacher`.
 */
function coalesce(words: WordChange[]): WordChange[] {
  const result: WordChange[] = [];
  let group: WordChange[] = [];
  // Spaces within a line join changes; a line break ends them, so each line reads on its own.
  const space = (word: WordChange) => word.op === 'equal' && /^[^\S\n]+$/.test(word.text);
  const flush = () => {
    // Spaces after the group's last change are not part of it.
    const tail: WordChange[] = [];
    while (group.length > 0 && space(group.at(-1)!)) tail.unshift(group.pop()!);
    if (group.length > 0) result.push(...rewritten(group));
    result.push(...tail);
    group = [];
  };
  for (const word of words) {
    if (word.op !== 'equal' || (group.length > 0 && space(word))) group.push(word);
    else {
      flush();
      result.push(word);
    }
  }
  flush();
  // Neighbours of one kind become one run.
  return result.reduce<WordChange[]>((runs, word) => {
    const last = runs.at(-1);
    if (last && last.op === word.op) last.text += word.text;
    else if (word.text) runs.push({ ...word });
    return runs;
  }, []);
}

/** A run of changes and the spaces between them, as the old words removed and the new words added. */
function rewritten(group: WordChange[]): WordChange[] {
  const removed = group.filter((word) => word.op !== 'insert').map((word) => word.text).join('');
  const added = group.filter((word) => word.op !== 'delete').map((word) => word.text).join('');
  const edges = (text: string) => /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!.slice(1) as [string, string, string];
  const [removedLead, removedCore, removedTrail] = edges(removed);
  const [addedLead, addedCore, addedTrail] = edges(added);
  const longer = (a: string, b: string) => (a.length >= b.length ? a : b);
  return [
    { op: 'equal', text: longer(removedLead, addedLead) },
    { op: 'delete', text: removedCore },
    { op: 'insert', text: addedCore },
    { op: 'equal', text: longer(removedTrail, addedTrail) },
  ];
}

/**
 * Who made a change, from three versions: the older (a), the newer model with the older school
 * details (m), and the newer (b). The model changed what differs between a and m; the school what
 * differs between m and b.
 */
function attribute(a: Placement | undefined, m: Placement | undefined, b: Placement | undefined, known: boolean): ChangeSource {
  if (!known) return 'model';
  const key = (p: Placement | undefined) => (p ? `${p.number ?? ''}\u0000${p.parent}\u0000${p.text}` : '');
  const model = key(a) !== key(m);
  const school = key(m) !== key(b);
  return model && school ? 'both' : school ? 'school' : 'model';
}
