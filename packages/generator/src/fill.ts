import {
  matches,
  MissingValue,
  PolicyProblems,
  problem,
  refusedLinks,
  shownUrl,
  TemplateFailed,
  UnknownReference,
  UnsafeLinkValue,
  allowedLinks,
  type RefusedLink,
  type ResolvedBlock,
  type ResolvedPolicy,
  type Template,
} from '@school-policy/core';
import Handlebars from 'handlebars';
import type { PhrasingContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { blankMarker, blankText, plainText, restoreBlanks } from './blanks.js';
import { escapeMarkdown } from './escape-markdown.js';
import type { FilledBlock, FilledForm, FilledNode, FilledPart, FilledPolicy, FilledTitle } from './filled-policy.js';
import { readForm } from './form.js';
import { formatMonthOrDate, formatValue } from './format-value.js';
import { markdownParser } from './markdown.js';
import { phrase, wordsFor } from './words.js';

const handlebars = Handlebars.create();
const compiled = new WeakMap<Template, Handlebars.TemplateDelegate>();

/**
 * Fills a resolved policy: every template gets the school's values, escaped for Markdown, in
 * Handlebars strict mode (a value that is missing is an error, never a blank), and the result is
 * parsed with remark into Markdown syntax trees.
 */
export function fillPolicy(policy: ResolvedPolicy): FilledPolicy {
  const words = wordsFor(policy.model.language, policy.model.file);
  const labels = [...policy.blanks.values()];
  const values = templateValues(policy, words.months);
  const helpers = {
    is: function (this: unknown, tested: unknown, ...rest: unknown[]) {
      const options = rest.pop() as Handlebars.HelperOptions;
      const wanted = rest.map(String);
      const actual = (Array.isArray(tested) ? tested : [tested]).map((value) => String(value).replace(/\\(.)/g, '$1'));
      return actual.some((value) => wanted.some((want) => matches(want, value))) ? options.fn(this) : options.inverse(this);
    },
    ref: (id: string) => {
      const number = policy.numbers.get(id);
      if (number === undefined) throw new Error(`ref:${id}`);
      return escapeMarkdown(number);
    },
    capitalise: (value: unknown) => String(value).replace(/^((?:\\.)*)(\p{Ll})/u, (_all, escapes: string, letter: string) => escapes + letter.toUpperCase()),
  };
  const parse = (markdown: string): Root => parsedMarkdown(markdown, labels);
  const fill = (template: Template): Root => checkLinks(parse(run(template, values, helpers, policy)), template, policy);
  const title = (template: Template): FilledTitle => {
    const tree = fill(template);
    const first = tree.children[0];
    const nodes: PhrasingContent[] = tree.children.length === 1 && first?.type === 'paragraph' ? first.children : [{ type: 'text', value: toString(tree) }];
    return { nodes, text: plainText(nodes) };
  };
  const block = (resolved: ResolvedBlock): FilledBlock | FilledForm => {
    const markdown = run(resolved.template, values, helpers, policy);
    const tree = checkLinks(parse(markdown), resolved.template, policy);
    if (resolved.type === 'form') return { type: 'form', id: resolved.id, markdown, groups: readForm(tree, resolved.template) };
    const filled: FilledBlock = { type: resolved.type, id: resolved.id, number: resolved.number, markdown, content: tree.children as FilledBlock['content'] };
    if (resolved.own) filled.own = resolved.own;
    return filled;
  };

  const parts = policy.parts.map((part): FilledPart => ({
    id: part.id,
    kind: part.kind,
    number: part.number,
    label: part.kind === 'appendix' ? phrase(words.appendix, { letter: part.number }) : part.number,
    title: title(part.title),
    children: part.children.map((child): FilledNode =>
      child.type === 'subsection'
        ? { type: 'subsection', id: child.id, number: child.number, title: title(child.title), children: child.children.map(block) }
        : block(child),
    ),
  }));

  const isTemplate = policy.kind === 'template';
  const schoolName = isTemplate ? blankText(policy.blanks.get('school.name') ?? '') : policy.school.name;
  // A school's draft is dated by its review, if its file gives one, else by the release it is
  // made from; its date line says "Draft" until then. An adopted version's review date is its approval.
  const reviewed = policy.school.reviewed;
  const iso = reviewed ?? policy.model.release.id;
  const date = formatMonthOrDate(iso, words.months);
  return {
    kind: policy.kind,
    model: { id: policy.model.id, title: policy.model.title },
    language: policy.model.language,
    words,
    school: {
      id: policy.school.id,
      name: schoolName,
      nodes: isTemplate ? [{ type: 'blank', label: policy.blanks.get('school.name') ?? '' }] : [{ type: 'text', value: policy.school.name }],
      motto: policy.school.motto,
    },
    publisher: { id: policy.publisher.id, name: policy.publisher.name },
    date: { iso, text: date },
    dateLine: isTemplate ? phrase(words.published, { publisher: policy.publisher.name, date }) : reviewed ? phrase(words.reviewed, { date }) : words.draftDateLine,
    release: policy.model.release.id,
    parts,
  };
}

/** How many parsed clauses are kept for reuse: far more than the distinct clauses of every release a project uses. */
const parsedLimit = 20_000;
const parsed = new Map<string, Root>();

/**
 * A clause's filled Markdown as a syntax tree, with its blanks restored. The same words recur in
 * every school's policy (most clauses hold no school's detail), and parsing is most of the cost of
 * filling a policy, so each distinct text is parsed once per process and every policy gets its own
 * copy of the tree (a copy, so that nothing one policy does to its tree reaches another's).
 */
function parsedMarkdown(markdown: string, labels: readonly string[]): Root {
  const key = `${labels.join('\u0000')}\u0001${markdown}`;
  let tree = parsed.get(key);
  if (!tree) {
    tree = restoreBlanks(markdownParser.parse(markdown) as Root, labels);
    if (parsed.size >= parsedLimit) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, tree);
  }
  return copyOf(tree);
}

/** A deep copy of a syntax tree, which holds only plain objects, arrays and primitives (faster than structuredClone for many small objects). */
function copyOf<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyOf((value as Record<string, unknown>)[key]);
  return copy as T;
}

function run(template: Template, values: Record<string, unknown>, helpers: Record<string, (...args: never[]) => unknown>, policy: ResolvedPolicy): string {
  let delegate = compiled.get(template);
  if (!delegate) {
    delegate = handlebars.compile(template.text, {
      strict: true,
      noEscape: true,
      knownHelpers: { ref: true, capitalise: true, is: true },
      knownHelpersOnly: true,
    });
    compiled.set(template, delegate);
  }
  try {
    return delegate(values, { helpers: helpers as Handlebars.RuntimeOptions['helpers'] });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const refMatch = /^ref:(.*)$/.exec(message);
    if (refMatch) {
      throw new PolicyProblems([
        problem(UnknownReference, { file: template.file, line: template.line }, ['{{ref}}', refMatch[1]!, `a part or clause in ${policy.school.name}'s policy`], [undefined, []]),
      ]);
    }
    const missing = /"([^"]+)" not defined in .* - (\d+):(\d+)/.exec(message);
    if (missing) {
      const line = template.line + Number(missing[2]) - 1;
      throw new PolicyProblems([problem(MissingValue, { file: template.file, line }, [missing[1]!, policy.school.name], [policy.school.file, missing[1]!])]);
    }
    throw new PolicyProblems([problem(TemplateFailed, { file: template.file, line: template.line }, [message, policy.school.id], [])]);
  }
}

/**
 * Stops at a link that filling in made unsafe: a value used as a link's address (`[our
 * website]({{school.website}})`) that is `javascript:…`, or conditions that put a scheme or an image
 * together. The templates' own links were checked when the model was loaded; this checks what a
 * school's values make of them, naming the value where one is to blame.
 */
function checkLinks(tree: Root, template: Template, policy: ResolvedPolicy): Root {
  const refused = refusedLinks(tree);
  if (refused.length === 0) return tree;
  // A link the template itself has was reported, at its place, when the model was loaded.
  const own = new Set(refusedLinks(markdownParser.parse(template.text) as Root).map((link) => `${link.node} ${link.url}`));
  const added = refused.filter((link) => !own.has(`${link.node} ${link.url}`));
  if (added.length === 0) return tree;
  throw new PolicyProblems(added.map((link) => linkValueProblem(link, template, policy)));
}

function linkValueProblem(link: RefusedLink, template: Template, policy: ResolvedPolicy) {
  const whose = policy.kind === 'template' ? `${policy.publisher.name}'s template` : `${policy.school.name}'s policy`;
  // The line in the template; the column in the filled-in text would not be the template's.
  const line = template.line + link.line - 1;
  const where = `${template.file}:${line}`;
  const what = link.node === 'image' ? 'image' : 'link';
  const squeeze = (text: string) => text.replace(/[\s\u0000-\u001f\u007f]+/g, '');
  const url = squeeze(link.url);
  // A value is to blame when it gives the address its beginning: its scheme, or the // of another host.
  const beginning = link.node === 'image' ? url.length : /^[/\\]{2}/.test(url) ? 2 : url.indexOf(':');
  const blamed = template.parameters
    .map((name) => ({ name, value: valueAt(policy.values, name) }))
    .filter((entry): entry is { name: string; value: string } => typeof entry.value === 'string' && squeeze(entry.value) !== '')
    .map((entry) => ({ ...entry, at: url.indexOf(squeeze(entry.value)) }))
    .filter((entry) => entry.at >= 0 && entry.at <= beginning)
    .sort((a, b) => a.at - b.at || b.value.length - a.value.length)[0];
  if (!blamed) {
    return problem(UnsafeLinkValue, { file: template.file, line }, [whose, what, where, shownUrl(link.url), link.why, undefined], [link.hint]);
  }
  const path = blamed.name;
  const [file, field] = path.startsWith('school.')
    ? [policy.school.file, path.slice('school.'.length)]
    : path.startsWith('publisher.')
      ? [policy.publisher.file, path.slice('publisher.'.length)]
      : valueAt(policy.school.details, path) !== undefined
        ? [policy.school.file, `details.${path}`]
        : valueAt(policy.publisher.details, path) !== undefined
          ? [policy.publisher.file, `details.${path}`]
          : [policy.model.parametersFile, `the default of ${path}`];
  return problem(UnsafeLinkValue, { file, field }, [whose, what, where, shownUrl(link.url), link.why, field], [
    link.node === 'image' ? link.hint : `Set ${field} in ${file} to ${allowedLinks}.`,
  ]);
}

function valueAt(values: Record<string, unknown>, name: string): unknown {
  let node: unknown = values;
  for (const key of name.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** The values templates see: typed values formatted for reading (8:45am, November 2017), then every text escaped. */
function templateValues(policy: ResolvedPolicy, months: readonly string[]): Record<string, unknown> {
  const values = structuredClone(policy.values);
  [...policy.blanks.keys()].forEach((name, index) => {
    const parameter = policy.model.parameters.find((p) => p.name === name);
    const path = name.split('.');
    let node = values;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = parameter?.type === 'list' ? [new BlankPlace(index)] : new BlankPlace(index);
  });
  for (const parameter of policy.model.parameters) {
    const path = parameter.name.split('.');
    let node: Record<string, unknown> | undefined = values;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    const key = path.at(-1)!;
    if (node && node[key] !== undefined && !policy.blanks.has(parameter.name)) node[key] = formatValue(parameter.type, node[key], months);
  }
  return escapeAll(values) as Record<string, unknown>;
}

/**
 * Where a blank goes among the values, kept apart from every typed value until it is escaped: only
 * a blank becomes a blank's marker, and a typed value that holds the marker's characters loses them.
 */
class BlankPlace {
  constructor(readonly index: number) {}
}

function escapeAll(value: unknown): unknown {
  if (value instanceof BlankPlace) return blankMarker(value.index);
  if (typeof value === 'string') return escapeMarkdown(value);
  if (Array.isArray(value)) return value.map(escapeAll);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeAll(inner)]));
  return value;
}
