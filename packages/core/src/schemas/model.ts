import * as z from 'zod';
import { slugSchema } from './ids.js';

/** An optional module: a part or clauses a publisher or school switches on, such as the parents' code of conduct. */
export const moduleSchema = z.strictObject({
  id: slugSchema,
  title: z.string().trim().min(1),
  description: z.string().trim().min(1),
});
export type Module = z.output<typeof moduleSchema>;

/**
 * When a part or block applies: each key is `variant`, `module` or a choice or true-or-false
 * parameter, each value one or more of its values. All keys must hold.
 */
export const whenSchema = z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1), z.boolean()]));
export type When = z.output<typeof whenSchema>;

/** `templates/<model>/model.yaml`: what the model is and the order of its parts. */
export const modelFileSchema = z.strictObject({
  id: slugSchema.describe("The model's id, the same as its folder's name: id: social-media"),
  title: z.string().trim().min(1).describe("The policy's title as schools publish it: title: Social Media Policy"),
  description: z.string().trim().min(1).optional().describe('One or two sentences on what the policy covers.'),
  language: z.string().default('en-GB').describe('The language the model is written in, as a language tag: language: en-GB'),
  parts: z
    .array(slugSchema)
    .min(1, 'a model needs at least one part')
    .describe('The part ids in document order, each a file parts/<id>.md: parts: [introduction, scope]'),
  modules: z
    .array(moduleSchema)
    .default([])
    .describe('The optional modules publishers and schools may switch on, each with an id, a title and a description.'),
});
export type ModelFile = z.output<typeof modelFileSchema>;

/** The front matter of a part file: whether it is a numbered section or a lettered appendix, and its title. */
export const partFrontMatterSchema = z.strictObject({
  kind: z
    .enum(['preamble', 'section', 'appendix'])
    .describe('preamble (unnumbered, before the sections), section (numbered 1, 2, …) or appendix (lettered A, B, …): kind: section'),
  title: z.string().trim().min(1).describe("The part's heading, which may use parameters: title: Using social media on behalf of {{school.name}}"),
  when: whenSchema.optional().describe('When the part applies: when: { edition: county-council, module: model-letters }'),
  editable: z
    .boolean()
    .optional()
    .describe(
      "Whether schools and publishers may word this part's clauses and texts their own way (a clause marked {#id locked} stays locked). Without it, only clauses marked {#id editable} may be reworded: editable: true",
    ),
});
export type PartFrontMatter = z.output<typeof partFrontMatterSchema>;

/** How much a reviewer must read for a change: wording only, meaning, or the structure of the policy. */
export const changeWeightSchema = z.enum(['correction', 'update', 'new-edition']);
export type ChangeWeight = z.output<typeof changeWeightSchema>;

/**
 * A changelog note: one text for every reader, or a text for each edition or variant it names
 * (`county-merthyr-2017`, `trust`, or a prefix such as `county-*`) with a `default` for the rest,
 * so that each school reads only what applies to its own policy.
 */
export const noteSchema = z.union([
  z.string().trim().min(1),
  z
    .record(z.string(), z.string().trim().min(1))
    .refine((notes) => typeof notes.default === 'string', {
      message: 'a note written by edition or variant needs a default: the words for every edition and variant it does not name',
    }),
]);
export type Note = z.output<typeof noteSchema>;

/** One reason for change in a release, and the ids of the parts and clauses it changed. */
export const releaseChangeSchema = z.strictObject({
  ids: z
    .array(slugSchema)
    .min(1, 'name at least one part, subsection or clause id')
    .describe('The ids of every part, subsection, clause, text or form this change adds, removes or rewords: ids: [data-protection-law]'),
  weight: changeWeightSchema.describe(
    'correction (wording only, the meaning is unchanged), update (the meaning changes) or new-edition (the structure changes): weight: update',
  ),
  what: noteSchema.describe(
    'What changed, in a sentence a governor can read: what: Replaces the Data Protection Act 1998 with the UK GDPR. Or, where editions or variants changed differently, a sentence for each and a default for the rest: what: { default: …, county-merthyr-2017: … }',
  ),
  why: noteSchema.describe(
    'Why, naming the law or guidance that caused it: why: The Data Protection Act 1998 was repealed in 2018. Or a sentence per edition or variant, with a default: why: { default: …, trust: … }',
  ),
});
export type ReleaseChange = z.output<typeof releaseChangeSchema>;

/** `templates/<model>/<release>/release.yaml`: a dated release of a model and what it changed. */
export const releaseFileSchema = z.strictObject({
  title: z.string().trim().min(1).describe('A short title for the release: title: Up to date with the law in force in September 2026'),
  summary: z.string().trim().min(1).describe('Two to four sentences for governors: what the release changes and how much to read.'),
  changes: z
    .array(releaseChangeSchema)
    .default([])
    .describe("Each change since the previous release, with the ids it changed, its weight, what changed and why. A model's first release has none."),
});
export type ReleaseFile = z.output<typeof releaseFileSchema>;
