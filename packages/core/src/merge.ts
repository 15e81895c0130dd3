import { diff3Merge } from 'node-diff3';
import { wordTokens } from './diff.js';

/**
 * Carrying a school's (or a publisher's) own wording of a model's clauses onto a new release of
 * the model: a three-way merge, clause by clause and, within a clause, word by word. The base is
 * the model's words at the release the wording was written against; theirs, the new release's;
 * ours, the own wording. Clauses are matched by id, never by number or place, so a clause the
 * model moved keeps its own wording.
 */

/** A clause of a release as the merge reads it: its id and its words (as filled for the school). */
export interface ReleaseClause {
  id: string;
  text: string;
}

/** Own wording of a model, as it was written against one release. */
export interface OwnWording {
  /** The release it was written against. */
  release: string;
  /** Each clause worded its own way, by the model's clause id: the clause's whole new words. */
  reworded: Record<string, string>;
  /** Clauses of its own, each after a clause of the model (by id), or at the start (null), in order. */
  added: { id: string; after: string | null; text: string }[];
  /** Optional clauses of the model it leaves out, by id. */
  omitted: string[];
}

/** A clause the merge could not carry over by itself, with all three texts, for the school to resolve. */
export interface MergeConflict {
  id: string;
  /**
   * `both-changed`: the model and the own wording changed the same words; `removed`: the model
   * took out a clause the wording rewords; `locked`: the new release, or the publisher, no longer
   * lets the clause be changed.
   */
  kind: 'both-changed' | 'removed' | 'locked';
  base: string;
  ours: string;
  /** The new release's words, if it still has the clause. */
  theirs: string | undefined;
  /** The words merged as far as they go, each clash shown with both sides; for `removed`, none. */
  merged: string | undefined;
}

/** What happened to each piece of own wording, in words for a report. */
export interface MergeNote {
  id: string;
  what: 'kept' | 'merged' | 'model-only' | 'conflict' | 'moved-after' | 'omitted-changed' | 'omitted-gone';
  detail?: string;
}

export interface MergeResult {
  /** The own wording carried onto the new release: everything that merged cleanly; conflicting clauses keep the school's words until resolved. */
  wording: OwnWording;
  conflicts: MergeConflict[];
  notes: MergeNote[];
}

/**
 * Merges own wording written against `base` onto `theirs`, the new release (`release` its id):
 * - a clause the model did not change keeps its own words;
 * - a clause only the model changed (the own words are the base's) takes the model's;
 * - a clause both changed is merged word by word where the changes do not overlap, and is a
 *   conflict where they do, with the base, ours and theirs;
 * - a clause the model removed that the wording rewords is a conflict;
 * - a clause of the school's own after one the model removed goes after the nearest clause before
 *   it that the new release still has;
 * - an optional clause left out stays left out (noted if the model changed it; dropped if removed).
 */
export function mergeWording(base: readonly ReleaseClause[], theirs: readonly ReleaseClause[], ours: OwnWording, release: string): MergeResult {
  const baseText = new Map(base.map((clause) => [clause.id, clause.text]));
  const theirText = new Map(theirs.map((clause) => [clause.id, clause.text]));
  const conflicts: MergeConflict[] = [];
  const notes: MergeNote[] = [];
  const reworded: Record<string, string> = {};
  for (const [id, own] of Object.entries(ours.reworded)) {
    const was = baseText.get(id);
    if (was === undefined) throw new Error(`The own wording of "${id}" is of no clause of release ${ours.release}.`);
    const now = theirText.get(id);
    if (now === undefined) {
      conflicts.push({ id, kind: 'removed', base: was, ours: own, theirs: undefined, merged: undefined });
      reworded[id] = own;
      notes.push({ id, what: 'conflict', detail: 'removed' });
      continue;
    }
    if (now === was) {
      reworded[id] = own;
      notes.push({ id, what: 'kept' });
      continue;
    }
    if (own === was) {
      notes.push({ id, what: 'model-only' });
      continue;
    }
    const { text, clean } = mergeWords(own, was, now);
    if (clean) {
      // Where both made the same change, the clause is simply the model's: no own wording is left.
      if (text !== now) reworded[id] = text;
      notes.push({ id, what: 'merged' });
    } else {
      conflicts.push({ id, kind: 'both-changed', base: was, ours: own, theirs: now, merged: text });
      reworded[id] = own;
      notes.push({ id, what: 'conflict', detail: 'both-changed' });
    }
  }
  // A clause of the school's own stays after the clause it followed, or, if the model removed that
  // one, after the nearest clause before it (in the order the wording was written against) that
  // the new release still has.
  const order = base.map((clause) => clause.id);
  const added = ours.added.map((clause) => {
    if (clause.after === null || theirText.has(clause.after) || ours.added.some((other) => other.id === clause.after)) return clause;
    let at = order.indexOf(clause.after);
    while (at >= 0 && !theirText.has(order[at]!)) at--;
    const after = at >= 0 ? order[at]! : null;
    notes.push({ id: clause.id, what: 'moved-after', detail: after ?? undefined });
    return { ...clause, after };
  });
  const omitted = ours.omitted.filter((id) => {
    if (!theirText.has(id)) {
      notes.push({ id, what: 'omitted-gone' });
      return false;
    }
    if (theirText.get(id) !== baseText.get(id)) notes.push({ id, what: 'omitted-changed' });
    return true;
  });
  return { wording: { release, reworded, added, omitted }, conflicts, notes };
}

/**
 * Three texts merged word by word: ours and theirs, each changed from the base. Where the
 * changes do not overlap, both are kept; where they do, the merge is not clean, and the text shows
 * each clash as `[ours ‖ theirs]`.
 */
export function mergeWords(ours: string, base: string, theirs: string): { text: string; clean: boolean } {
  let clean = true;
  const text = diff3Merge(wordTokens(ours), wordTokens(base), wordTokens(theirs), { excludeFalseConflicts: true })
    .map((region) => {
      if (region.ok) return region.ok.join('');
      clean = false;
      return `[${region.conflict!.a.join('')} ‖ ${region.conflict!.b.join('')}]`;
    })
    .join('');
  return { text, clean };
}
