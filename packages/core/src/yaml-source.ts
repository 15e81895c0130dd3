import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { problem, type Location, type PolicyError } from './problem.js';
import { EmptyFile, InvalidValue, MissingField, ReservedKey, UnknownField, UnknownYamlTag, YamlAliasLimit, YamlSyntax, YamlTooDeep } from './problem-kinds.js';
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

/** How deeply a policy file may nest mappings and lists: far more than any needs, far less than would exhaust the stack. */
export const maxYamlDepth = 50;

/** Keys that name how JavaScript objects work: a file that sets them could change every object's behaviour. */
const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses YAML text; syntax errors become problems at their line. So do the things a policy file
 * never needs and a hostile one uses: tags (`!!js/function`, `!foo`), aliases repeated past
 * yaml's limit (an "alias bomb"), the keys `__proto__`, `constructor` and `prototype`, and
 * nesting deeper than {@link maxYamlDepth}. Duplicate keys are syntax errors.
 */
export function parseYaml(file: string, text: string, lineOffset = 0): { source: YamlSource; problems: PolicyError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, resolveKnownTags: false });
  const at = (offset: number | undefined) => {
    const pos = lines.linePos(offset ?? 0);
    return { file, line: pos.line + lineOffset, column: pos.col };
  };
  const problems: PolicyError[] = [];
  // Nesting so deep that yaml itself ran out of stack: where it did depends on the stack, so the problem is put at the file's start.
  if (doc.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION')) problems.push(problem(YamlTooDeep, at(0), [maxYamlDepth], []));
  for (const error of doc.errors) {
    if (error.code === 'RESOURCE_EXHAUSTION') continue;
    problems.push(problem(YamlSyntax, at(error.pos[0]), [error.message.split('\n')[0] ?? error.message], []));
  }
  for (const warning of doc.warnings) {
    const tag = warning.code === 'TAG_RESOLVE_FAILED' ? /Unresolved tag: (\S+)/.exec(warning.message)?.[1] : undefined;
    if (tag !== undefined) problems.push(problem(UnknownYamlTag, at(warning.pos[0]), [tag.replace(/^tag:yaml\.org,2002:/, '!!')], []));
    else problems.push(problem(YamlSyntax, at(warning.pos[0]), [warning.message.split('\n')[0] ?? warning.message], []));
  }
  let firstAlias: Node | undefined;
  if (problems.length === 0) {
    // Walked with a stack, not by recursion, so that no nesting can exhaust the call stack.
    const stack: [unknown, number][] = [[doc.contents, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (isAlias(node) && (firstAlias === undefined || (node.range?.[0] ?? 0) < (firstAlias.range?.[0] ?? 0))) firstAlias = node;
      if (!isMap(node) && !isSeq(node)) continue;
      if (depth >= maxYamlDepth) {
        problems.push(problem(YamlTooDeep, at(node.range?.[0]), [maxYamlDepth], []));
        break;
      }
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          if (isScalar(item.key) && reservedKeys.has(String(item.key.value))) {
            problems.push(problem(ReservedKey, at(item.key.range?.[0]), [String(item.key.value)], []));
          }
          stack.push([item.key, depth + 1], [item.value, depth + 1]);
        } else {
          stack.push([item, depth + 1]);
        }
      }
    }
  }
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = doc.toJS();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const where = at(firstAlias?.range?.[0]);
      problems.push(/alias count/i.test(detail) ? problem(YamlAliasLimit, where, [lowerFirst(detail)], []) : problem(YamlSyntax, where, [detail], []));
    }
  }
  // A value may hold only characters every output can publish as they are.
  if (problems.length === 0) problems.push(...yamlCharacterProblems({ file, doc, lines, lineOffset }, text));
  return { source: { file, data, doc, lines, lineOffset }, problems: inTextOrder(problems) };
}

function inTextOrder(problems: PolicyError[]): PolicyError[] {
  return [...problems].sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
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
  // A whole file with nothing in it (or only comments) reads as null: say so, and what it must hold.
  if (options.data === undefined && source.lineOffset === 0 && (data === null || data === undefined)) {
    const fields = requiredFields(schema);
    if (fields.length > 0) {
      return { value: undefined, problems: [problem(EmptyFile, { file: source.file, line: 1, column: 1 }, [options.context ?? 'a policy file'], [fields])] };
    }
  }
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

type SchemaDef = { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; innerType?: unknown; in?: unknown };
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
    else if (def?.type === 'record' && typeof segment === 'string') current = def.valueType;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return undefined;
}

/** The fields an object schema requires, each with what it is for: `name (The school's full name…)`. */
function requiredFields(schema: z.ZodType): string[] {
  const def = defOf(unwrap(schema).schema);
  if (def?.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([key, field]) => {
    const type = defOf(field)?.type;
    if (type === 'optional' || type === 'default' || type === 'prefault') return [];
    const description = unwrap(field).description;
    return [description ? `${key} (${description})` : key];
  });
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
