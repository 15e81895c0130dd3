import * as z from 'zod';
import { dateSchema, monthSchema } from './parameter.js';
import { slugSchema } from './ids.js';
import { variantSchema } from './publisher.js';

/** `schools/<publisher>/<school-id>.yaml`: one school's own details. */
export const schoolFileSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .refine((text) => !/[\r\n]/.test(text), 'it must be on one line')
    .describe("The school's full name, as it appears in its policies: name: Laughton Community Primary School"),
  reviewed: z
    .union([monthSchema, dateSchema], { error: 'expected a month such as 2017-11, or a date such as 2017-11-14' })
    .describe("When the school's governors last reviewed the policy, as a month or a date: reviewed: 2017-11"),
  motto: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe("The school's motto, shown under its name at the top of its policies: motto: Nurture, inspire, flourish"),
  variant: variantSchema
    .optional()
    .describe("The school's governance, which must be its publisher's: la (local authority), trust or mat (multi-academy trust)."),
  modules: z.array(slugSchema).default([]).describe("Optional modules this school switches on, besides its publisher's: modules: [parents-code]"),
  example: z.boolean().default(false).describe('true for a made-up school that shows how a school file works; the site marks it as an example.'),
  details: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Values of the model's school-scope parameters; run policy check to see which are required."),
});
export type SchoolFile = z.output<typeof schoolFileSchema>;
