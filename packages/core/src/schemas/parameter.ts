import * as z from 'zod';

/** A parameter's dotted name: `employer.name`, `personalUse.dailyQuotaMinutes`. */
export const parameterNameSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/, 'use camelCase words joined by dots, such as personalUse.dailyQuotaMinutes');

export const parameterTypes = ['string', 'integer', 'boolean', 'time', 'date', 'month', 'list', 'choice'] as const;
export type ParameterType = (typeof parameterTypes)[number];

/** One of the alternatives a `choice` parameter offers, each choosing its own wording of some clauses. */
export const optionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case letters and digits joined by hyphens'),
  description: z.string().min(1),
});
export type ParameterOption = z.output<typeof optionSchema>;

/** One entry of a model's parameter schema: what a publisher or school fills in. */
export const parameterSchema = z
  .strictObject({
    name: parameterNameSchema,
    type: z.enum(parameterTypes),
    /**
     * Whether a publisher or school must give a value (unless it has a default). It must only where
     * its policy uses the parameter: in the parts and clauses of its edition and of the modules
     * switched on, or in a condition that chooses between them.
     */
    required: z.boolean(),
    /**
     * Who gives the value: the publisher once for all its schools, or each school. A publisher may
     * also give a school-scope value, as the default its schools start from.
     */
    scope: z.enum(['publisher', 'school']),
    description: z.string().min(1),
    example: z.unknown(),
    /** For a choice: the alternatives, each with what it means. */
    options: z.array(optionSchema).min(2).optional(),
    default: z.unknown().optional(),
    /** Defaults that depend on the governance variant, such as "governing body" or "trust board". */
    defaultByVariant: z.strictObject({ la: z.unknown().optional(), trust: z.unknown().optional(), mat: z.unknown().optional() }).optional(),
    /** What the publisher's blank template shows where a school fills this in, such as "insert school name". */
    blank: z.string().min(1).optional(),
    /**
     * When an optional parameter becomes required: `requiredWhen: { personalUse.atWork: set-hours }`.
     * A template may use it inside `{{#is personalUse.atWork "set-hours"}}` without `{{#if}}`.
     */
    requiredWhen: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
    /** For an integer: the least value allowed (0 unless given, so that no count or quota is negative) and the greatest. */
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    /**
     * That the value must be later (or, for an integer, greater) than another parameter's of the
     * same type, such as the end of a period after its start: `after: personalUse.closedFrom`.
     */
    after: parameterNameSchema.optional(),
  })
  .superRefine((parameter, context) => {
    if (parameter.type === 'choice' && !parameter.options) {
      context.addIssue({ code: 'custom', path: ['options'], message: 'a choice needs its options, each with an id and a description' });
    }
    if (parameter.type !== 'choice' && parameter.options) {
      context.addIssue({ code: 'custom', path: ['options'], message: 'only a choice has options' });
    }
    for (const bound of ['min', 'max'] as const) {
      if (parameter[bound] !== undefined && parameter.type !== 'integer') context.addIssue({ code: 'custom', path: [bound], message: `only an integer has a ${bound}` });
    }
    if (parameter.min !== undefined && parameter.max !== undefined && parameter.min > parameter.max) {
      context.addIssue({ code: 'custom', path: ['max'], message: `max is less than min, ${parameter.min}` });
    }
    if (parameter.after !== undefined && !orderedTypes.includes(parameter.type)) {
      context.addIssue({ code: 'custom', path: ['after'], message: `only a ${orderedTypes.join(', ')} can come after another` });
    }
  });
export type Parameter = z.output<typeof parameterSchema>;

export const parameterFileSchema = z.array(parameterSchema).min(1);

/** The types whose values come in an order, so that one parameter can be required to come after another. */
export const orderedTypes: readonly ParameterType[] = ['integer', 'time', 'date', 'month'];

const singleLine = z
  .string()
  .trim()
  .min(1, 'it is empty')
  .refine((text) => !/[\r\n]/.test(text), 'it must be on one line');

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export const dateSchema = z
  .string({ error: 'expected a date written year-month-day, such as 2017-11-01' })
  .refine(isRealDate, 'expected a real date written year-month-day, such as 2017-11-01');

export const monthSchema = z
  .string({ error: 'expected a month written year-month, such as 2017-11' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month written year-month, such as 2017-11');

/** A year, a month or a day: how precisely a publisher knows when it published a model. */
export const yearMonthOrDateSchema = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string({ error: 'expected a year (2017), a month (2017-09) or a date (2017-09-11)' })
    .refine((text) => /^\d{4}(-(0[1-9]|1[0-2]))?$/.test(text) || isRealDate(text), 'expected a year (2017), a month (2017-09) or a date (2017-09-11)'),
);

/** The schema of a value of each parameter type, with messages that say what a good value looks like. */
export const valueSchemas: Record<Exclude<ParameterType, 'choice'>, z.ZodType> = {
  string: singleLine,
  integer: z.number({ error: 'expected a whole number, such as 30' }).int('expected a whole number, such as 30'),
  boolean: z.boolean({ error: 'expected true or false' }),
  time: z
    .string({ error: 'expected a 24-hour time in quotes, such as "08:45" or "16:00"' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time, such as "08:45" or "16:00"'),
  date: dateSchema,
  month: monthSchema,
  list: z.array(singleLine, { error: 'expected a list, one "- item" per line' }).min(1, 'the list is empty'),
};

/** The schema of one parameter's values: its type's, or for a choice, one of its options; an integer is 0 or more unless its min says otherwise. */
export function valueSchemaFor(parameter: Pick<Parameter, 'type' | 'options'> & Partial<Pick<Parameter, 'min' | 'max'>>): z.ZodType {
  if (parameter.type === 'integer') {
    const min = parameter.min ?? 0;
    const { max } = parameter;
    const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
    const example = Math.min(Math.max(30, min), max ?? 30);
    const integer = z
      .number({ error: `expected a whole number, such as ${example}` })
      .int(`expected a whole number, such as ${example}`)
      .min(min, `expected a whole number ${range}`);
    return max === undefined ? integer : integer.max(max, `expected a whole number ${range}`);
  }
  if (parameter.type !== 'choice') return valueSchemas[parameter.type];
  const ids = (parameter.options ?? []).map((option) => option.id);
  return z.enum(ids as [string, ...string[]], { error: `expected one of: ${ids.join(', ')}` });
}

export function isRealDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A tree of parameter names, grouped by their dotted prefixes. */
type ShapeTree = { [key: string]: ShapeTree | Parameter };

/**
 * Builds the schema for a `details:` mapping from some of the model's parameters: nested strict
 * objects following the dotted names, so an unknown or misspelt name is an error. `required`
 * names the parameters that must be given here (required, and with no default from elsewhere).
 */
export function detailsSchema(parameters: readonly Parameter[], required: ReadonlySet<string>): z.ZodType {
  const tree: ShapeTree = {};
  for (const parameter of parameters) {
    const parts = parameter.name.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as ShapeTree;
    node[parts.at(-1)!] = parameter;
  }
  return objectFor(tree, required);
}

function objectFor(tree: ShapeTree, required: ReadonlySet<string>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, entry] of Object.entries(tree)) {
    if (isParameter(entry)) {
      const value = valueSchemaFor(entry).describe(`${entry.description} For example: ${JSON.stringify(entry.example)}.`);
      shape[key] = required.has(entry.name) ? value : value.optional();
    } else {
      const inner = objectFor(entry, required);
      shape[key] = hasRequired(entry, required) ? inner : inner.optional();
    }
  }
  return z.strictObject(shape);
}

function hasRequired(tree: ShapeTree, required: ReadonlySet<string>): boolean {
  return Object.values(tree).some((entry) => (isParameter(entry) ? required.has(entry.name) : hasRequired(entry, required)));
}

function isParameter(entry: ShapeTree | Parameter): entry is Parameter {
  return typeof (entry as Parameter).type === 'string' && typeof (entry as Parameter).name === 'string';
}
