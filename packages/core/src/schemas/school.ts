import * as z from 'zod';
import { dateSchema, monthSchema } from './parameter.js';

/** `schools/<publisher>/<school-id>.yaml`: one school's own details. */
export const schoolFileSchema = z.strictObject({
  name: z.string().trim().min(1).refine((text) => !/[\r\n]/.test(text), 'it must be on one line'),
  /** When the school's governors last reviewed the policy: a month (2017-11) or a date (2017-11-14). */
  reviewed: z.union([monthSchema, dateSchema], {
    error: 'expected a month such as 2017-11, or a date such as 2017-11-14',
  }),
  /** Values of the model's school-scope parameters. */
  details: z.record(z.string(), z.unknown()).default({}),
});
export type SchoolFile = z.output<typeof schoolFileSchema>;
