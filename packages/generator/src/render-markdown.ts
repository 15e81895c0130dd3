import { safeUrl, type OwnSource } from '@school-policy/core';
import type { BlockContent, DefinitionContent, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { toMarkdown } from 'mdast-util-to-markdown';
import { markdownOutputExtensions } from './markdown.js';
import { blanksToText } from './blanks.js';
import { headingText, ownMark, partLabel, type FilledForm, type FilledNode, type FilledPolicy, type FilledTitle } from './filled-policy.js';

const answerLine = '_'.repeat(20);

/**
 * The policy as Markdown: a document a school can keep, edit or paste elsewhere. Clause numbers
 * are bold at the start of each clause; the contents links to each part by its id.
 */
export function renderMarkdown(policy: FilledPolicy): string {
  const children: RootContent[] = [
    heading(1, [text(policy.model.title)]),
    paragraph([{ type: 'strong', children: policy.school.nodes }]),
    ...(policy.school.motto ? [paragraph([{ type: 'emphasis', children: [text(policy.school.motto)] }])] : []),
    paragraph([text(policy.dateLine)]),
    heading(2, [text(policy.words.contents)]),
    {
      type: 'list',
      ordered: false,
      spread: false,
      children: policy.parts.map((part) => item([{ type: 'link', url: `#${part.id}`, children: [text(headingText(part))] }])),
    },
  ];
  for (const part of policy.parts) {
    children.push(heading(2, [...(partLabel(part) ? [text(partLabel(part))] : []), ...part.title.nodes]));
    for (const child of part.children) children.push(...node(child, (own) => ownMark(policy, own)));
  }
  const tree = withSafeLinks(blanksToText(structuredClone({ type: 'root', children } as Root)));
  return toMarkdown(tree, { extensions: markdownOutputExtensions, bullet: '-', emphasis: '*', strong: '*', listItemIndent: 'one', rule: '-' });
}

function node(child: FilledNode, mark: (own: OwnSource) => string): RootContent[] {
  switch (child.type) {
    case 'subsection':
      return [heading(3, [text(`${child.number} `), ...child.title.nodes]), ...child.children.flatMap((inner) => node(inner, mark))];
    case 'form':
      return form(child);
    default:
      return [...numbered(child.content, child.number), ...(child.own ? [paragraph([{ type: 'emphasis', children: [text(`(${mark(child.own)})`)] }])] : [])];
  }
}

/** Block content with its clause number, in bold, at the start of the first paragraph. */
function numbered(content: readonly (BlockContent | DefinitionContent)[], number: string | undefined): RootContent[] {
  if (!number) return [...content];
  const [first, ...rest] = content;
  const lead: PhrasingContent[] = [{ type: 'strong', children: [text(number)] }, text(' ')];
  if (first?.type === 'paragraph') return [{ ...first, children: [...lead, ...first.children] }, ...rest];
  return [paragraph(lead.slice(0, 1)), ...content];
}

function form(block: FilledForm): RootContent[] {
  const out: RootContent[] = [];
  for (const group of block.groups) {
    if (group.title) out.push(heading(4, group.title.nodes));
    out.push(...group.guidance);
    const items: ListItem[] = [];
    for (const entry of group.items) {
      if (entry.type === 'field') items.push(item([...entry.label.nodes, text(`: ${answerLine}`)]));
      else if (entry.type === 'choices') {
        const options = entry.options.map((option) => ({ ...item(option.nodes), checked: false }));
        if (entry.label) items.push({ ...item(entry.label.nodes), children: [paragraph(entry.label.nodes), list(options)] });
        else items.push(...options);
      } else {
        const parts = entry.parts.map((part: FilledTitle) => item([...part.nodes, text(`: ${answerLine}`)]));
        items.push({ ...item(entry.label.nodes), children: [paragraph(entry.label.nodes), list(parts)] });
      }
    }
    if (items.length > 0) out.push(list(items));
  }
  return out;
}

/**
 * Keeps only links `safeUrl` allows, as the web page does: any other link is left as its words,
 * its definition dropped, and an image as its description. The model and the filled-in policy
 * were checked before; this is the last guard, for Markdown pasted where it becomes a page.
 */
function withSafeLinks<T extends Nodes>(node: T): T {
  if (!('children' in node)) return node;
  const children = (node.children as Nodes[]).flatMap((child): Nodes[] => {
    if (child.type === 'link' && safeUrl(child.url) === undefined) return child.children.map(withSafeLinks);
    if (child.type === 'definition' && safeUrl(child.url) === undefined) return [];
    if (child.type === 'image' || child.type === 'imageReference') return child.alt ? [{ type: 'text', value: child.alt }] : [];
    return [withSafeLinks(child)];
  });
  return { ...node, children };
}

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const paragraph = (children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
const heading = (depth: 1 | 2 | 3 | 4, children: PhrasingContent[]): RootContent => ({ type: 'heading', depth, children });
const item = (children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });
const list = (children: ListItem[]): List => ({ type: 'list', ordered: false, spread: false, children });
