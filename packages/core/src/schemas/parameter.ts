import * as z from 'zod';

/** A parameter's dotted name: `employer.name`, `personalUse.dailyQuotaMinutes`. */
export const parameterNameSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/, 'use camelCase words joined by dots, such as personalUse.dailyQuotaMinutes');

export const parameterTypes = ['string', 'integer', 'boolean', 'time', 'date', 'month', 'list'] as const;
export type ParameterType = (typeof parameterTypes)[number];

/** One entry of a model's parameter schema: what a publisher or school fills in. */
export const parameterSchema = z.strictObject({
  name: parameterNameSchema,
  type: z.enum(parameterTypes),
  required: z.boolean(),
  /** Who gives the value: the publisher once for all its schools, or each school. */
  scope: z.enum(['publisher', 'school']),
  description: z.string().min(1),
  example: z.unknown(),
  default: z.unknown().optional(),
});
export type Parameter = z.output<typeof parameterSchema>;

export const parameterFileSchema = z.array(parameterSchema).min(1);

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

/** The schema of a value of each parameter type, with messages that say what a good value looks like. */
export const valueSchemas: Record<ParameterType, z.ZodType> = {
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

function isRealDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A tree of parameter names, grouped by their dotted prefixes. */
type ShapeTree = { [key: string]: ShapeTree | Parameter };

/**
 * Builds the schema for a `details:` mapping from the model's parameters of one scope: nested
 * strict objects following the dotted names, so an unknown or misspelt name is an error.
 */
export function detailsSchema(parameters: readonly Parameter[], options: { requireAll: boolean }): z.ZodType {
  const tree: ShapeTree = {};
  for (const parameter of parameters) {
    const parts = parameter.name.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as ShapeTree;
    node[parts.at(-1)!] = parameter;
  }
  return objectFor(tree, options.requireAll);
}

function objectFor(tree: ShapeTree, requireAll: boolean): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, entry] of Object.entries(tree)) {
    if (isParameter(entry)) {
      const required = requireAll && entry.required && entry.default === undefined;
      const value = valueSchemas[entry.type].describe(`${entry.description} For example: ${JSON.stringify(entry.example)}.`);
      shape[key] = required ? value : value.optional();
    } else {
      const inner = objectFor(entry, requireAll);
      const innerRequired = requireAll && hasRequired(entry);
      shape[key] = innerRequired ? inner : inner.optional();
    }
  }
  return z.strictObject(shape);
}

function hasRequired(tree: ShapeTree): boolean {
  return Object.values(tree).some((entry) =>
    isParameter(entry) ? entry.required && entry.default === undefined : hasRequired(entry),
  );
}

function isParameter(entry: ShapeTree | Parameter): entry is Parameter {
  return typeof (entry as Parameter).type === 'string' && typeof (entry as Parameter).name === 'string';
}
