import * as z from 'zod';
import { slugSchema } from './ids.js';
import { yearMonthOrDateSchema } from './parameter.js';

/** The governance model a publisher works under: a local authority, an academy trust, a multi-academy trust. */
export const variantSchema = z.enum(['la', 'trust', 'mat']);
export type Variant = z.output<typeof variantSchema>;

/** `schools/<publisher>/publisher.yaml`: a local authority or trust and the model it publishes. */
export const publisherFileSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .refine((text) => !/[\r\n]/.test(text), 'it must be on one line')
    .describe("The publisher's full name: name: East Sussex County Council"),
  example: z.boolean().default(false).describe('true for a made-up publisher that shows how a publisher file works; the site marks it as an example.'),
  variant: variantSchema.describe('The governance model: la (local authority), trust (academy trust) or mat (multi-academy trust).'),
  model: slugSchema.describe('The id of the model in templates/ that this publisher publishes: model: social-media'),
  published: yearMonthOrDateSchema.describe('When the publisher published this version of its model, as a year, a month or a date: published: 2017-09'),
  modules: z.array(slugSchema).default([]).describe("The model's optional modules this publisher switches on for all its schools: modules: [model-letters]"),
  details: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Values of the model's publisher-scope parameters, and defaults for school-scope ones."),
});
export type PublisherFile = z.output<typeof publisherFileSchema>;
