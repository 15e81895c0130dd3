import type { Heading, Root, RootContent } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { textCharacterProblems } from './character-problems.js';
import { checkConditions, conditionsFromAttributes, conditionsFromWhen, type Condition } from './conditions.js';
import { checkMarkdownLinks, linkProblems, refusedLinks } from './links.js';
import { parseMarkdown } from './markdown.js';
import { problem, type PolicyError } from './problem.js';
import { BadId, EmptyBlock, InvalidValue, MarkdownTooDeep, MissingFile, MissingId, StrayContent, UnknownBlock } from './problem-kinds.js';
import { slugPattern } from './schemas/ids.js';
import { partFrontMatterSchema, type PartFrontMatter } from './schemas/model.js';
import { suggest } from './suggest.js';
import { analyseTemplate, type Template, type TemplateContext } from './template.js';
import { locate, parseYaml, validateYaml } from './yaml-source.js';

export const blockTypes = ['clause', 'text', 'form'] as const;
export type BlockType = (typeof blockTypes)[number];

/** A clause (numbered), a text (an unnumbered paragraph) or a form, with its template. */
export interface Block {
  type: BlockType;
  id: string;
  /** The line of its opening `:::` in the part file. */
  line: number;
  /** When this wording applies; a block id may have several wordings, under different conditions. */
  when: Condition[];
  template: Template;
  /**
   * Whether a school or its publisher may word it their own way: marked `{#id editable}`, or in a
   * part whose front matter says `editable: true` and not marked `{#id locked}`. A form never is.
   */
  editable: boolean;
  /** Whether a school may leave it out: marked `{#id optional}`. */
  optional: boolean;
}

/** A titled group of blocks inside a part, numbered like a clause (A.1), its clauses below it (A.1.1). */
export interface Subsection {
  type: 'subsection';
  id: string;
  when: Condition[];
  title: Template;
  children: Block[];
}

/** A section or appendix of a model, read from `parts/<id>.md`. */
export interface Part {
  id: string;
  kind: PartFrontMatter['kind'];
  file: string;
  when: Condition[];
  title: Template;
  children: (Block | Subsection)[];
}

/** How deeply a part's Markdown may nest (lists in lists, quotes in quotes): far more than a policy needs, far less than would exhaust the stack. */
export const maxMarkdownDepth = 50;

/** Where a part's Markdown first nests deeper than {@link maxMarkdownDepth}, looked for without recursion; undefined if it never does. */
export function nestedTooDeep(tree: Root): { line: number; column: number } | undefined {
  const stack: [Root | RootContent, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > maxMarkdownDepth) return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    if ('children' in node) for (const child of node.children as RootContent[]) stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * Reads a part file: YAML front matter (kind, title), then blocks written as Markdown container
 * directives, `:::clause{#id}` … `:::`, and subsection headings written `## Title {#id}`. With a
 * cache folder, its syntax tree is kept there (see parseMarkdown).
 */
export function parsePart(id: string, file: string, text: string, context: TemplateContext, markdownCache?: string): { part?: Part; problems: PolicyError[] } {
  const problems: PolicyError[] = [];
  const tree = parseMarkdown(text, markdownCache);
  const tooDeep = nestedTooDeep(tree);
  if (tooDeep) return { problems: [problem(MarkdownTooDeep, { file, line: tooDeep.line, column: tooDeep.column }, [maxMarkdownDepth], [])] };
  const [first, ...rest] = tree.children;

  let frontMatter: PartFrontMatter | undefined;
  let frontMatterLine = 1;
  if (first?.type === 'yaml') {
    frontMatterLine = (first.position?.start.line ?? 1) + 1;
    const { source, problems: syntax } = parseYaml(file, first.value, frontMatterLine - 1);
    problems.push(...syntax);
    if (syntax.length === 0) {
      const checked = validateYaml(partFrontMatterSchema, source, { context: "a part file's front matter" });
      problems.push(...checked.problems);
      frontMatter = checked.value;
      if (frontMatter) problems.push(...checkMarkdownLinks(frontMatter.title, () => locate(source, ['title'])));
    }
  } else {
    problems.push(problem(MissingFile, { file, line: 1 }, ['The front matter (kind and title between --- lines)'], [
      'Start the file with:\n---\nkind: section\ntitle: Introduction\n---',
    ]));
  }
  const body = first?.type === 'yaml' ? rest : tree.children;
  // The template's text may hold only characters every output can publish (its front matter is checked as YAML).
  const bodyStart = first?.type === 'yaml' ? (first.position?.end.offset ?? 0) : 0;
  problems.push(...textCharacterProblems(file, text.slice(bodyStart), first?.type === 'yaml' ? (first.position?.end.line ?? 1) : 1));
  const partWhen = conditionsFromWhen(frontMatter?.when);

  const children: (Block | Subsection)[] = [];
  let subsection: Subsection | undefined;
  for (const node of body) {
    const start = node.position?.start ?? { line: 1, column: 1 };
    if (node.type === 'heading' && node.depth === 2) {
      const heading = parseHeading(node, text);
      if (!heading.id) {
        problems.push(problem(MissingId, { file, line: start.line, column: start.column }, ['subsection heading'], ['## Creation of sites {#creation-of-sites}']));
        continue;
      }
      if (!slugPattern.test(heading.id)) problems.push(problem(BadId, { file, line: start.line }, ['subsection', heading.id], []));
      const title = analyseTemplate(heading.title, { file, line: start.line, column: heading.column }, context, [...partWhen, ...heading.when]);
      problems.push(...linkProblems(refusedLinks(node), (link) => ({ file, line: link.line, column: link.column })));
      problems.push(...title.problems, ...checkConditions(heading.when, context.conditions, { file, line: start.line }));
      subsection = { type: 'subsection', id: heading.id, when: heading.when, title: title.template, children: [] };
      children.push(subsection);
    } else if (node.type === 'containerDirective') {
      const block = parseBlock(node, text, file, context, problems, [...partWhen, ...(subsection?.when ?? [])], frontMatter?.editable ?? false);
      if (block) (subsection ? subsection.children : children).push(block);
    } else if (node.type === 'html' && /^<!--[\s\S]*-->$/.test(node.value.trim())) {
      // An HTML comment: a note for editors, never published.
    } else {
      problems.push(problem(StrayContent, { file, line: start.line, column: start.column }, [describeNode(node)], []));
    }
  }

  if (!frontMatter) return { problems };
  const title = analyseTemplate(frontMatter.title, { file, line: frontMatterLine, column: 1 }, context, partWhen);
  problems.push(...title.problems, ...checkConditions(partWhen, context.conditions, { file, line: frontMatterLine, field: 'when' }));
  return { part: { id, file, kind: frontMatter.kind, when: partWhen, title: title.template, children }, problems };
}

function parseBlock(
  node: ContainerDirective,
  text: string,
  file: string,
  context: TemplateContext,
  problems: PolicyError[],
  enclosing: readonly Condition[],
  partEditable: boolean,
): Block | undefined {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const at = { file, line: start.line, column: start.column };
  if (!(blockTypes as readonly string[]).includes(node.name)) {
    problems.push(problem(UnknownBlock, at, [node.name], [suggest(node.name, blockTypes)]));
    return undefined;
  }
  const id = node.attributes?.id;
  if (!id) {
    problems.push(problem(MissingId, at, [`:::${node.name} block`], [`:::${node.name}{#a-short-name}`]));
    return undefined;
  }
  if (!slugPattern.test(id)) {
    problems.push(problem(BadId, at, ['block', id], []));
    return undefined;
  }
  const content = node.children;
  const firstChild = content[0]?.position;
  const lastChild = content.at(-1)?.position;
  if (!firstChild || !lastChild || firstChild.start.offset === undefined || lastChild.end.offset === undefined) {
    problems.push(problem(EmptyBlock, at, [id], []));
    return undefined;
  }
  const source = text.slice(firstChild.start.offset, lastChild.end.offset);
  const attributes = node.attributes ?? {};
  const when = conditionsFromAttributes(attributes);
  const marked = (name: string) => name in attributes && attributes[name] !== 'false';
  if (node.name === 'form' && (marked('editable') || marked('optional'))) {
    problems.push(problem(InvalidValue, at, [`:::form{#${id}}`, 'a form is filled in, never reworded or left out, so it cannot be marked editable or optional']));
  }
  if (marked('editable') && marked('locked')) problems.push(problem(InvalidValue, at, [`:::${node.name}{#${id}}`, 'it is marked both editable and locked; keep one']));
  const editable = node.name !== 'form' && !marked('locked') && (marked('editable') || partEditable);
  const optional = node.name !== 'form' && marked('optional');
  const analysed = analyseTemplate(source, { file, line: firstChild.start.line, column: firstChild.start.column }, context, [...enclosing, ...when]);
  problems.push(...analysed.problems, ...checkConditions(when, context.conditions, at));
  problems.push(...linkProblems(refusedLinks(node), (link) => ({ file, line: link.line, column: link.column })));
  return { type: node.name as BlockType, id, line: start.line, when, template: analysed.template, editable, optional };
}

/** `## Title {#id name=value …}`: the title, the id, and any conditions, written as on a block. */
function parseHeading(node: Heading, text: string): { title: string; id?: string; when: Condition[]; column: number } {
  const first = node.children[0]?.position;
  const last = node.children.at(-1)?.position;
  if (!first || !last || first.start.offset === undefined || last.end.offset === undefined) return { title: '', when: [], column: 1 };
  const raw = text.slice(first.start.offset, last.end.offset);
  const match = /^(.*?)\s*\{#([^}\s]+)((?:\s+[\w.-]+=(?:"[^"]*"|[^\s}"]+))*)\s*\}\s*$/.exec(raw);
  if (!match) return { title: raw, when: [], column: first.start.column };
  const attributes = Object.fromEntries([...match[3]!.matchAll(/([\w.-]+)=(?:"([^"]*)"|([^\s}"]+))/g)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']));
  return { title: match[1]!, id: match[2]!, when: conditionsFromAttributes(attributes), column: first.start.column };
}

function describeNode(node: RootContent): string {
  switch (node.type) {
    case 'paragraph':
      return 'paragraph';
    case 'heading':
      return `level ${node.depth} heading (only "## Title {#id}" subsection headings are allowed)`;
    case 'list':
      return 'list';
    case 'leafDirective':
    case 'textDirective':
      return `"::${node.name}" directive (blocks open with three colons, ":::${node.name}")`;
    default:
      return `${node.type}`;
  }
}
