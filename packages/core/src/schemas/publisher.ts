import * as z from 'zod';
import { slugSchema } from './ids.js';
import { yearMonthOrDateSchema } from './parameter.js';
import { publisherLockSchema } from './wording.js';

/** The governance model a publisher works under: a local authority, an academy trust, a multi-academy trust. */
export const variantSchema = z.enum(['la', 'trust', 'mat']);
export type Variant = z.output<typeof variantSchema>;

/** One release of a model that a publisher took up, and since when it publishes it. */
export const takenUpReleaseSchema = z.strictObject({
  release: z
    .preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string({ error: 'expected a release of the model by its date, such as 2026-09' }))
    .describe('The release of the model, by its date: release: 2026-09'),
  since: yearMonthOrDateSchema.describe('When the publisher began to publish its policy from this release, as a year, a month or a date: since: 2026-09-01'),
});
export type TakenUpRelease = z.output<typeof takenUpReleaseSchema>;

/** One policy a publisher publishes: the releases of its model it took up, and its settings. */
export const publisherPolicySchema = z.strictObject({
  releases: z
    .array(takenUpReleaseSchema)
    .min(1, 'expected at least one release: the release of the model the publisher publishes, and since when')
    .describe('The releases of the model this publisher took up, oldest first, each with the date it did: releases: [{ release: 2026-09, since: 2026-09-01 }]'),
  modules: z.array(slugSchema).default([]).describe("The model's optional modules this publisher switches on for all its schools: modules: [model-letters]"),
  details: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Values of the model's publisher-scope parameters, and defaults for school-scope ones."),
  locked: z
    .array(publisherLockSchema)
    .default([])
    .describe(
      'Clauses the model lets schools change that this publisher locks for its schools, each group with its reason: locked: [{ clauses: [disciplinary-action], reason: Agreed with the recognised unions. }]',
    ),
});
export type PublisherPolicyFile = z.output<typeof publisherPolicySchema>;

/** `schools/<publisher>/publisher.yaml`: a local authority or trust and the policies it publishes, each from a model in templates/. */
export const publisherFileSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .refine((text) => !/[\r\n]/.test(text), 'it must be on one line')
    .describe("The publisher's full name: name: East Sussex County Council"),
  example: z.boolean().default(false).describe('true for a made-up publisher that shows how a publisher file works; the site marks it as an example.'),
  variant: variantSchema.describe('The governance model: la (local authority), trust (academy trust) or mat (multi-academy trust).'),
  policies: z
    .record(slugSchema, publisherPolicySchema)
    .refine((policies) => Object.keys(policies).length > 0, 'expected at least one policy: the id of a model in templates/, with the releases taken up')
    .describe('Each policy the publisher publishes, by the id of its model in templates/: policies: { <model-id>: { releases: [...], details: {...} } }'),
});
export type PublisherFile = z.output<typeof publisherFileSchema>;
