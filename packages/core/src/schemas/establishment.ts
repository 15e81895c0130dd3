import * as z from 'zod';
import { dateSchema } from './parameter.js';

const oneLine = z
  .string()
  .trim()
  .min(1)
  .refine((text) => !/[\r\n]/.test(text), 'it must be on one line');

/** A code the register gives (a URN, an LA code, a trust's code, a telephone number): text, since leading zeros matter. */
const code = (what: string) =>
  z.preprocess((value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value), z.string({ error: `expected ${what} in quotes, such as "0845"` }).trim().min(1));

/**
 * What the DfE's register of establishments in England (Get Information About Schools, GIAS)
 * records of a school, as `policy import gias` copies it from the register's extract into the
 * school's file, under `establishment:`. The URN is the school's identity there: a school keeps
 * its id (its file's name) when the register renames it. A later import updates this block and
 * nothing else in the file.
 */
export const establishmentSchema = z.strictObject({
  urn: z
    .preprocess((value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value), z.string({ error: 'expected the URN in quotes, such as "114502"' }).regex(/^\d{5,7}$/, 'expected a URN of 5 to 7 digits, such as "114502"'))
    .describe('The Unique Reference Number the register gives the school: urn: "114502"'),
  la: z
    .strictObject({ code: code('the local authority\'s code'), name: oneLine })
    .optional()
    .describe('The local authority the school is in, by its code and name: la: { code: "845", name: East Sussex }'),
  number: code('the establishment number').optional().describe('Its establishment number within the local authority: number: "2051"'),
  type: oneLine.optional().describe("The register's type of establishment: type: Community school"),
  typeGroup: oneLine.optional().describe("The register's group of that type: typeGroup: Local authority maintained schools"),
  status: oneLine.optional().describe("The register's status of the establishment: status: Open, or Closed"),
  phase: oneLine.optional().describe('The phase of education: phase: Primary'),
  religiousCharacter: oneLine.optional().describe('Its religious character, where it has one: religiousCharacter: Church of England'),
  trust: z
    .strictObject({ code: code("the trust's code").optional(), name: oneLine.optional() })
    .optional()
    .describe('The academy trust or trust it belongs to: trust: { code: "TR01234", name: Example Learning Trust }'),
  address: z
    .strictObject({
      street: oneLine.optional(),
      locality: oneLine.optional(),
      address3: oneLine.optional(),
      town: oneLine.optional(),
      county: oneLine.optional(),
      postcode: oneLine.optional(),
    })
    .optional()
    .describe('Its postal address: address: { street: School Lane, locality: Laughton, town: Lewes, postcode: BN8 6AH }'),
  website: oneLine.optional().describe('Its website as the register gives it: website: www.laughton.e-sussex.sch.uk'),
  telephone: code('the telephone number').optional().describe('Its telephone number, in quotes: telephone: "01323811271"'),
  head: z
    .strictObject({ title: oneLine.optional(), firstName: oneLine.optional(), lastName: oneLine.optional(), jobTitle: oneLine.optional() })
    .optional()
    .describe("Its head: head: { title: Mrs, firstName: Jane, lastName: Smith, jobTitle: Headteacher }"),
  ages: z
    .strictObject({ low: z.number().int().min(0).max(25), high: z.number().int().min(0).max(25) })
    .optional()
    .describe('The statutory age range of its pupils: ages: { low: 4, high: 11 }'),
  opened: dateSchema.optional().describe('When it opened, where the register says: opened: 2012-09-01'),
  closed: dateSchema.optional().describe('When it closed (or is to close): closed: 2026-08-31'),
});
export type Establishment = z.output<typeof establishmentSchema>;

/** Whether the register has the establishment as closed: a closed school keeps its file and its adopted versions, and is marked, never deleted. */
export function isClosed(establishment: Establishment | undefined): boolean {
  return establishment?.status === 'Closed';
}

/** Its postal address on one line, as a letter is addressed: "School Lane, Laughton, Lewes BN8 6AH". */
export function addressLine(establishment: Establishment | undefined): string | undefined {
  const address = establishment?.address;
  if (!address) return undefined;
  const lines = [address.street, address.locality, address.address3, address.town].filter((part): part is string => part !== undefined);
  const postcode = address.postcode;
  if (lines.length === 0) return postcode;
  return postcode ? `${lines.join(', ')} ${postcode}` : lines.join(', ');
}

/** Its head as the register names them: "Mrs Jane Smith". */
export function headName(establishment: Establishment | undefined): string | undefined {
  const head = establishment?.head;
  const name = [head?.title, head?.firstName, head?.lastName].filter((part) => part !== undefined).join(' ');
  return name || undefined;
}

/** The page of the establishment on the register, by its URN. */
export function registerUrl(urn: string): string {
  return `https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/${encodeURIComponent(urn)}`;
}

/**
 * The school's details the register gives, as the parameters of models name them, for any
 * policy whose model has them: its postal address (`schoolAddress`), what it calls its head in a
 * sentence (`headteacher.title`, from the head's preferred job title, without "acting" or
 * "interim", which do not belong in a policy meant to last), and the age range of its pupils
 * (`pupilAges`). A detail the school gives itself comes before them, and they before the
 * publisher's defaults.
 */
export function registerDetails(establishment: Establishment | undefined): Record<string, unknown> {
  if (!establishment) return {};
  const details: Record<string, unknown> = {};
  const address = addressLine(establishment);
  if (address) details.schoolAddress = address;
  const title = headTitleInSentence(establishment.head?.jobTitle);
  if (title) details.headteacher = { title };
  if (establishment.ages && establishment.ages.high > establishment.ages.low) details.pupilAges = `${establishment.ages.low} - ${establishment.ages.high}`;
  return details;
}

/** "Executive Headteacher" as a sentence has it: "executive headteacher"; "Acting Head Teacher" is "headteacher". */
function headTitleInSentence(jobTitle: string | undefined): string | undefined {
  if (!jobTitle) return undefined;
  const title = jobTitle
    .toLowerCase()
    .replace(/^(acting|interim)\s+/, '')
    .replace(/\bhead\s+teacher\b/g, 'headteacher')
    .replace(/\s+/g, ' ')
    .trim();
  return /^[a-z][a-z -]*$/.test(title) ? title : undefined;
}
