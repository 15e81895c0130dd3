import * as z from 'zod';
import { slugSchema } from './ids.js';

/** `templates/<model>/model.yaml`: what the model is and the order of its parts. */
export const modelFileSchema = z.strictObject({
  id: slugSchema,
  title: z.string().trim().min(1),
  description: z.string().trim().min(1).optional(),
  /** The publishing language, as a BCP 47 tag. */
  language: z.string().default('en-GB'),
  /** Part ids in document order; each is a file `parts/<id>.md`. */
  parts: z.array(slugSchema).min(1, 'a model needs at least one part'),
});
export type ModelFile = z.output<typeof modelFileSchema>;

/** The front matter of a part file: whether it is a numbered section or a lettered appendix, and its title. */
export const partFrontMatterSchema = z.strictObject({
  kind: z.enum(['section', 'appendix']),
  title: z.string().trim().min(1),
});
export type PartFrontMatter = z.output<typeof partFrontMatterSchema>;
