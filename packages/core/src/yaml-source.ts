import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { problem, type Location, type PolicyError } from './problem.js';
import { InvalidValue, MissingField, UnknownField, YamlSyntax } from './problem-kinds.js';
import { suggest } from './suggest.js';
import { yamlCharacterProblems } from './character-problems.js';

/** A parsed YAML file that remembers where each value came from, so problems can name the line. */
export interface YamlSource {
  file: string;
  data: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Lines before the YAML text in its file, as for front matter after a `---` line. */
  lineOffset: number;
}

export type FieldPath = readonly (string | number)[];

/** Parses YAML text; syntax errors become problems at their line. */
export function parseYaml(file: string, text: string, lineOffset = 0): { source: YamlSource; problems: PolicyError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems = doc.errors.map((error) => {
    const pos = lines.linePos(error.pos[0]);
    return problem(YamlSyntax, { file, line: pos.line + lineOffset, column: pos.col }, [error.message.split('\n')[0] ?? error.message], []);
  });
  const data = problems.length === 0 ? doc.toJS() : undefined;
  // A value may hold only characters every output can publish as they are.
  if (problems.length === 0) problems.push(...yamlCharacterProblems({ file, doc, lines, lineOffset }, text));
  return { source: { file, data, doc, lines, lineOffset }, problems };
}

/** Shows a field path the way a user would write it: `details.personalUse.from`, `parts[2]`. */
export function formatFieldPath(path: FieldPath): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '');
}

/** The location of the value at `path`, or of its nearest ancestor that exists. */
export function locate(source: YamlSource, path: FieldPath, which: 'value' | 'key' = 'value'): Location {
  let node: unknown = source.doc.contents;
  let keyNode: unknown;
  let found = 0;
  for (const segment of path) {
    let next: unknown;
    let nextKey: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair) {
        next = pair.value;
        nextKey = pair.key;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined && nextKey === undefined) break;
    node = next ?? nextKey;
    keyNode = nextKey;
    found++;
  }
  const complete = found === path.length;
  const target = (complete && which === 'key' && keyNode) || (complete ? node : keyNode ?? node);
  const range = (target as Node | undefined)?.range;
  const offset = range ? range[0] : 0;
  const pos = source.lines.linePos(offset);
  return { file: source.file, line: pos.line + source.lineOffset, column: pos.col, field: formatFieldPath(path) };
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/**
 * Validates a YAML file's data against a schema. Each issue becomes a problem at the right line:
 * an unknown field at its key (with the known field it most likely meant), a missing field at the
 * mapping it belongs in, a bad value at the value.
 */
export function validateYaml<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  options: { data?: unknown; prefix?: FieldPath; context?: string } = {},
): { value: z.output<S> | undefined; problems: PolicyError[] } {
  const data = options.data ?? source.data;
  const prefix = options.prefix ?? [];
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, problems: [] };
  const problems: PolicyError[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, path);
      for (const key of issue.keys) {
        const full = [...prefix, ...path, key];
        const guess = suggest(key, known);
        problems.push(
          problem(UnknownField, locate(source, full, 'key'), [formatFieldPath(full), options.context], [
            guess ? formatFieldPath([...prefix, ...path, guess]) : undefined,
            known,
          ]),
        );
      }
    } else if (valueAt(data, path) === undefined && path.length > 0) {
      const full = [...prefix, ...path];
      problems.push(problem(MissingField, locate(source, full), [formatFieldPath(full)], [
        descriptionAt(schema, path),
      ]));
    } else {
      const full = [...prefix, ...path];
      problems.push(problem(InvalidValue, locate(source, full), [formatFieldPath(full), issue.message]));
    }
  }
  return { value: undefined, problems };
}

type SchemaDef = { type?: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; in?: unknown };
const defOf = (schema: unknown): SchemaDef | undefined => (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;

/** The schema at `path`, or undefined where the path leaves the schema. */
function schemaAt(schema: z.ZodType, path: FieldPath): { schema: unknown; description: string | undefined } | undefined {
  let current: unknown = schema;
  let description: string | undefined;
  for (const segment of [...path, undefined]) {
    ({ schema: current, description } = unwrap(current));
    if (segment === undefined) return { schema: current, description };
    const def = defOf(current);
    if (def?.type === 'object' && def.shape && typeof segment === 'string') current = def.shape[segment];
    else if (def?.type === 'array' && typeof segment === 'number') current = def.element;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return undefined;
}

/** The field names an object schema allows at `path`. */
function objectKeysAt(schema: z.ZodType, path: FieldPath): string[] {
  const def = defOf(schemaAt(schema, path)?.schema);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** What the schema says a field is for (its `.describe()`), for hints about missing fields. */
function descriptionAt(schema: z.ZodType, path: FieldPath): string | undefined {
  return schemaAt(schema, path)?.description;
}

/** Looks through optional, default and pipe wrappers, keeping the outermost description found. */
function unwrap(schema: unknown): { schema: unknown; description: string | undefined } {
  let current = schema;
  let description = (current as z.ZodType | undefined)?.description;
  for (;;) {
    const def = defOf(current);
    if (def && (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')) current = def.innerType;
    else if (def && def.type === 'pipe') current = def.in;
    else return { schema: current, description };
    description ??= (current as z.ZodType | undefined)?.description;
  }
}
