import * as z from 'zod';
import { slugSchema } from './ids.js';

const releaseSchema = z
  .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string({ error: 'expected a release of the model by its date, such as 2026-09' }))
  .describe('The release of the model these words were written against, by its date: release: 2026-09');

const wordsSchema = z.string({ error: 'expected the words, as Markdown' }).trim().min(1, 'expected the words, as Markdown');

/** A clause the merge could not carry onto a new release by itself, as `policy renew` writes it down for the school. */
export const wordingConflictSchema = z.strictObject({
  id: slugSchema.describe("The model's clause id."),
  kind: z
    .enum(['both-changed', 'removed', 'locked'])
    .describe('both-changed: the model and the school changed the same words; removed: the model took the clause out; locked: the clause may no longer be changed.'),
  base: z.string().describe("The model's words at the release the school's wording was written against."),
  ours: z.string().describe("The school's own words."),
  theirs: z.string().optional().describe("The new release's words, if it still has the clause."),
  merged: z.string().optional().describe('The words merged as far as they go, each clash shown as [ours ‖ theirs].'),
});

/**
 * `schools/<publisher>/<school>/<model>.wording.yaml`, or `schools/<publisher>/<model>.wording.yaml`
 * for a publisher's own wording for all its schools: the clauses worded their own way, against one
 * release of the model.
 */
export const wordingFileSchema = z.strictObject({
  release: releaseSchema,
  reworded: z
    .record(slugSchema, wordsSchema)
    .default({})
    .describe('Each clause the model lets be changed, by its id, with its whole new words in Markdown: reworded: { personal-use-hours: "Staff may …" }'),
  added: z
    .array(
      z.strictObject({
        id: slugSchema.describe("An id of the school's own for the clause, used by no clause of the model: id: our-staffroom-phones"),
        after: slugSchema.describe('The id of the clause it follows: an editable clause of the model, or another added clause: after: personal-use-hours'),
        text: wordsSchema.describe("The clause's words in Markdown."),
      }),
    )
    .default([])
    .describe("Clauses of the school's own, each after an editable clause of the model, in order."),
  omitted: z.array(slugSchema).default([]).describe('Optional clauses of the model the school leaves out, by id: omitted: [parents-code-intro]'),
  conflicts: z
    .array(wordingConflictSchema)
    .default([])
    .describe('Written by policy renew: each clause it could not merge. Put the words you want under reworded (or leave the clause out of reworded to take the model\'s), then delete the conflict. A policy with conflicts cannot be adopted.'),
});
export type WordingFile = z.output<typeof wordingFileSchema>;

/** One lock a publisher puts on clauses the model lets schools change: which, and why. */
export const publisherLockSchema = z.strictObject({
  clauses: z.array(slugSchema).min(1, 'name at least one clause id').describe('The ids of the clauses locked: clauses: [disciplinary-action]'),
  reason: z.string().trim().min(1).describe('Why, in a sentence a school can read: reason: Agreed with the recognised unions; changes go through the joint committee.'),
});
export type PublisherLock = z.output<typeof publisherLockSchema>;
