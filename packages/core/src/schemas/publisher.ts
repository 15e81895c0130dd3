import * as z from 'zod';
import { slugSchema } from './ids.js';

/** The governance model a publisher works under: a local authority, an academy trust, a multi-academy trust. */
export const variantSchema = z.enum(['la', 'trust', 'mat']);
export type Variant = z.output<typeof variantSchema>;

/** `schools/<publisher>/publisher.yaml`: a local authority or trust and the model it publishes. */
export const publisherFileSchema = z.strictObject({
  name: z.string().trim().min(1).describe("The publisher's full name: name: East Sussex County Council"),
  variant: variantSchema.describe('The governance model: la (local authority), trust (academy trust) or mat (multi-academy trust).'),
  model: slugSchema.describe('The id of the model in templates/ that this publisher publishes: model: social-media'),
  details: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Values of the model's publisher-scope parameters, the same for all its schools."),
});
export type PublisherFile = z.output<typeof publisherFileSchema>;
