import * as z from 'zod';
import { dateSchema, monthSchema } from './parameter.js';
import { slugSchema } from './ids.js';
import { variantSchema } from './publisher.js';
import { establishmentSchema } from './establishment.js';

const monthOrDate = z.union([monthSchema, dateSchema], { error: 'expected a date such as 2026-10-14, or a month such as 2017-11 when the day is not known' });

/** How often the policy is reviewed: `1 year`, `2 years`, `18 months`. */
export const reviewCycleSchema = z
  .string({ error: 'expected a period such as "2 years" or "18 months"' })
  .regex(/^[1-9]\d* (year|years|month|months)$/, 'expected a period such as "1 year", "2 years" or "18 months"');

/** Someone who signed an adopted version: their role, and their name when the record gives it. */
export interface Signatory {
  name: string | undefined;
  role: string;
}

/**
 * A signatory written as one line: `Chair of Governors` is a role; `Jane Smith, Chair of Governors`
 * is a name, then a role after the first comma. A role with a comma in it is written as a mapping.
 */
export function parseSignatory(text: string): Signatory {
  const comma = text.indexOf(',');
  const name = comma < 0 ? '' : text.slice(0, comma).trim();
  const role = comma < 0 ? text.trim() : text.slice(comma + 1).trim();
  return name && role ? { name, role } : { name: undefined, role: text.trim() };
}

const signatoryLine = z.string().trim().min(1, 'expected a role such as Chair of Governors, or a name and role such as "Jane Smith, Chair of Governors"');

/** `- Chair of Governors`, `- Jane Smith, Chair of Governors` or `- { name: Jane Smith, role: Chair of Governors }`. */
export const signatorySchema = z.union(
  [
    signatoryLine.transform(parseSignatory),
    z
      .strictObject({
        name: z.string().trim().min(1).optional().describe('Who signed: name: Jane Smith'),
        role: z.string().trim().min(1).describe('In what role: role: Chair of Governors'),
      })
      .transform(({ name, role }): Signatory => ({ name, role })),
  ],
  { error: 'expected a role such as Chair of Governors, a name and role such as "Jane Smith, Chair of Governors", or { name: Jane Smith, role: Chair of Governors }' },
);

/**
 * One version of the policy that the school's governors approved: which release of the model,
 * when, by whom, and the fingerprint of the text they approved, frozen in a snapshot beside the
 * school's file. Written by `policy adopt`; the approval details may be corrected by hand.
 */
export const adoptionSchema = z.strictObject({
  version: z.number({ error: 'expected a version number: 1 for the first adoption, 2 for the next' }).int().min(1).describe('The version number, 1 for the first adoption: version: 2'),
  release: z.string().describe("The release of the publisher's model that was adopted, by its date: release: 2026-09"),
  approved: monthOrDate.describe('The date the policy was approved, or the month when the day is not known: approved: 2026-10-14'),
  approvedBy: z.string().trim().min(1).optional().describe('The body that approved it: approvedBy: Full governing body'),
  minute: z.string().trim().min(1).optional().describe("The minute that records the approval: minute: FGB 14 October 2026, item 7"),
  signedBy: z
    .array(signatorySchema)
    .default([])
    .describe('Who signed it: each a role, or a name and a role: signedBy: ["Chair of Governors", { name: Jane Smith, role: Headteacher }]'),
  reviewCycle: reviewCycleSchema.optional().describe('How often it is reviewed: reviewCycle: 2 years'),
  nextReview: monthOrDate.optional().describe('When it is next due for review, if not the approval date plus the review cycle: nextReview: 2028-10'),
  example: z.boolean().default(false).describe('true when this record is made up to show how a renewal works; the site says so.'),
  snapshot: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'expected the fingerprint "policy adopt" wrote, sha256: then 64 hex digits')
    .describe('The fingerprint of the adopted text, written by policy adopt: never edit it.'),
});
export type Adoption = z.output<typeof adoptionSchema>;

/** One policy of a school: its own settings for it and each version its governors adopted. */
export const schoolPolicySchema = z.strictObject({
  reviewed: z
    .union([monthSchema, dateSchema], { error: 'expected a month such as 2017-11, or a date such as 2017-11-14' })
    .optional()
    .describe(
      "Optional: when the governors last reviewed the policy, as a month or a date, for the date line of the draft of its next version (\"Draft\" without it): reviewed: 2026-10. An adopted version is dated by its approval.",
    ),
  modules: z.array(slugSchema).default([]).describe("Optional modules this school switches on in this policy, besides its publisher's: modules: [parents-code]"),
  details: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("Values of this policy's school-scope parameters that belong to this policy alone; run policy check to see which are required."),
  adoptions: z
    .array(adoptionSchema)
    .default([])
    .describe('Each version of the policy the governors approved, oldest first, as "policy adopt" records it.'),
});
export type SchoolPolicyFile = z.output<typeof schoolPolicySchema>;

/** `schools/<publisher>/<school-id>.yaml`: one school's own details, given once, and its settings and adoptions for each policy. */
export const schoolFileSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .refine((text) => !/[\r\n]/.test(text), 'it must be on one line')
    .describe("The school's full name, as it appears in its policies: name: Laughton Community Primary School"),
  motto: z
    .string()
    .trim()
    .min(1)
    .refine((text) => !/[\r\n]/.test(text), 'it must be on one line')
    .optional()
    .describe("The school's motto, shown under its name at the top of its policies: motto: Nurture, inspire, flourish"),
  variant: variantSchema
    .optional()
    .describe("The school's governance, which must be its publisher's: la (local authority), trust or mat (multi-academy trust)."),
  example: z.boolean().default(false).describe('true for a made-up school that shows how a school file works; the site marks it as an example.'),
  establishment: establishmentSchema
    .optional()
    .describe("What the DfE's register of schools (GIAS) records of the school, as policy import gias copies it: its URN, type, phase, address, head and website. A later import updates it."),
  details: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Details the school gives once for every policy that uses them, such as its headteacher\'s title or its clerk: each serves every policy whose model has that parameter.'),
  policies: z
    .record(slugSchema, schoolPolicySchema)
    .default({})
    .describe("The school's own settings and adoptions for each of its publisher's policies, by model id: policies: { <model-id>: { details: {...}, adoptions: [...] } }"),
});
export type SchoolFile = z.output<typeof schoolFileSchema>;
