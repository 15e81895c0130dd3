import type { ElementContent, Root as HastRoot } from 'hast';
import { toHtml as serialise } from 'hast-util-to-html';
import { withoutUnsafeCharacters, type OwnSource } from '@school-policy/core';
import { h } from 'hastscript';
import type { BlockContent, DefinitionContent, PhrasingContent, Root as MdastRoot, RootContent } from 'mdast';
import { defaultHandlers, toHast, type Handlers } from 'mdast-util-to-hast';
import { safeUrl } from '@school-policy/core';
import { headingText, ownMark, partLabel, type FilledBlock, type FilledForm, type FilledNode, type FilledPart, type FilledPolicy, type FilledTitle, type FormItem } from './filled-policy.js';
import { policyCss } from './policy-css.js';
import { blankText, type Blank } from './blanks.js';
import { markdownParser } from './markdown.js';

/**
 * HTML for the policy, built as a syntax tree (hast) and serialised once, so every value is
 * escaped by the serialiser and no string is ever pasted into markup.
 */

/** A tree serialised, without the control characters and noncharacters no page may hold. */
function toHtml(tree: Parameters<typeof serialise>[0]): string {
  return withoutUnsafeCharacters(serialise(tree));
}

/** The title block: the school's name as a caption inside the one `h1`, then the review date. */
export function renderHtmlHeader(policy: FilledPolicy): string {
  return toHtml(header(policy));
}

/** The contents list and every part, for placing inside a page's `main`. */
export function renderHtmlBody(policy: FilledPolicy): string {
  return toHtml({ type: 'root', children: [contents(policy), ...policy.parts.map((p) => part(p, (own) => ownMark(policy, own)))] });
}

/** A complete, standalone HTML document with its own stylesheet: what `policy render --format html` prints. */
export function renderHtmlDocument(policy: FilledPolicy): string {
  const tree: HastRoot = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: policy.language }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('title', documentTitle(policy)),
          h('style', policyCss),
        ]),
        h('body', [h('main', { class: 'policy-page' }, [h('article', { class: 'policy' }, [header(policy), contents(policy), ...policy.parts.map((p) => part(p, (own) => ownMark(policy, own)))])])]),
      ]),
    ],
  };
  return toHtml(tree) + '\n';
}

function header(policy: FilledPolicy): ElementContent {
  return h('header', { class: 'policy-header' }, [
    h('h1', { class: 'policy-title' }, [h('span', { class: 'policy-school' }, phrasing(policy.school.nodes)), ' ', policy.model.title]),
    policy.school.motto ? h('p', { class: 'policy-motto' }, policy.school.motto) : undefined,
    h('p', { class: 'policy-reviewed' }, policy.dateLine),
  ].filter((child) => child !== undefined));
}

function contents(policy: FilledPolicy): ElementContent {
  return h('nav', { class: 'policy-contents', 'aria-labelledby': 'policy-contents-heading' }, [
    h('h2', { id: 'policy-contents-heading' }, policy.words.contents),
    h('ol', policy.parts.map((p) => h('li', [h('a', { href: `#${p.id}` }, headingText(p))]))),
  ]);
}

function part(p: FilledPart, mark: (own: OwnSource) => string): ElementContent {
  const label = partLabel(p);
  return h('section', { class: `policy-part policy-${p.kind}`, id: p.id, 'aria-labelledby': `${p.id}-heading` }, [
    h('h2', { id: `${p.id}-heading` }, [...(label ? [h('span', { class: 'part-number' }, label)] : []), ...phrasing(p.title.nodes)]),
    ...p.children.map((child) => node(child, mark)),
  ]);
}

function node(child: FilledNode, mark: (own: OwnSource) => string): ElementContent {
  // A clause in its own words, not the model's, says so under its words.
  const own = (block: FilledBlock) => (block.own ? [h('p', { class: 'own-wording' }, mark(block.own))] : []);
  switch (child.type) {
    case 'subsection':
      return h('section', { class: 'policy-subsection', id: child.id, 'aria-labelledby': `${child.id}-heading` }, [
        h('h3', { id: `${child.id}-heading` }, [h('span', { class: 'part-number' }, `${child.number} `), ...phrasing(child.title.nodes)]),
        ...child.children.map((inner) => node(inner, mark)),
      ]);
    case 'form':
      return form(child);
    case 'text':
      return h('div', { class: 'policy-text', id: child.id, ...(child.own ? { 'data-own': child.own } : {}) }, [...flow(child.content), ...own(child)]);
    case 'clause':
      return h('div', { class: 'clause', id: child.id, ...(child.own ? { 'data-own': child.own } : {}) }, [
        h('span', { class: 'clause-number' }, child.number ?? ''),
        h('div', { class: 'clause-body' }, [...flow(child.content), ...own(child)]),
      ]);
  }
}

function form(block: FilledForm): ElementContent {
  return h(
    'div',
    { class: 'policy-form', id: block.id },
    block.groups.map((group) =>
      h('table', { class: 'form-group' }, [
        group.title || group.guidance.length > 0
          ? h('caption', [
              ...(group.title ? [h('span', { class: 'form-group-title' }, phrasing(group.title.nodes))] : []),
              ...flow(group.guidance).map((guidance) =>
                guidance.type === 'element' ? { ...guidance, properties: { ...guidance.properties, className: ['form-guidance'] } } : guidance,
              ),
            ])
          : undefined,
        h('tbody', group.items.flatMap((item) => row(item, twoColumns(group.items)))),
      ].filter((child) => child !== undefined)),
    ),
  );
}

/**
 * Whether a group's table has a column of labels and a column of answers. A group of unlabelled
 * tick boxes only has one column: a cell spanning two would leave the second with no cell of its
 * own, which makes the table invalid.
 */
function twoColumns(items: readonly FormItem[]): boolean {
  return items.some((item) => item.type !== 'choices' || item.label !== undefined);
}

function row(item: FormItem, wide: boolean): ElementContent[] {
  const span = wide ? { colspan: 2 } : {};
  const answer = (size: 'line' | 'box') => h('td', { class: `form-answer form-answer-${size}` });
  switch (item.type) {
    case 'field':
      return [h('tr', [h('th', { scope: 'row' }, label(item.label)), answer(item.size)])];
    case 'choices': {
      const boxes = h('ul', { class: 'tick-boxes' }, item.options.map((option) => h('li', [h('span', { class: 'tick-box', 'aria-hidden': 'true' }), ...label(option)])));
      return [item.label ? h('tr', [h('th', { scope: 'row' }, label(item.label)), h('td', [boxes])]) : h('tr', [h('td', span, [boxes])])];
    }
    case 'parts':
      return [
        h('tr', [h('td', { ...span, class: 'form-subheading' }, label(item.label))]),
        ...item.parts.map((part) => h('tr', [h('th', { scope: 'row' }, label(part)), answer('line')])),
      ];
  }
}

function label(title: FilledTitle): ElementContent[] {
  return phrasing(title.nodes);
}

/** A blank in a publisher's template: highlighted, with its brackets, so it reads as a blank aloud and in print. */
const blankHandler = (_state: unknown, node: Blank): ElementContent => h('mark', { class: 'blank' }, blankText(node.label));

/**
 * Links and images, whatever Markdown they came from: a link whose address is not an allowed kind
 * (`safeUrl`) is shown as its words only, and an image as its description, never loaded. The
 * model's files and the filled-in policy are checked before anything is rendered; this is the
 * last guard, so that no page can carry a `javascript:` link or load an image from elsewhere.
 */
const linkHandlers: Partial<Handlers> = {
  link: (state, node) => {
    const url = safeUrl(node.url);
    return url === undefined ? state.all(node) : defaultHandlers.link(state, { ...node, url });
  },
  linkReference: (state, node) => {
    const definition = state.definitionById.get(String(node.identifier).toUpperCase());
    return definition && safeUrl(definition.url) === undefined ? state.all(node) : defaultHandlers.linkReference(state, node);
  },
  image: (_state, node) => (node.alt ? { type: 'text', value: node.alt } : []),
  imageReference: (_state, node) => (node.alt ? { type: 'text', value: node.alt } : []),
};

function flow(content: readonly (BlockContent | DefinitionContent | RootContent)[]): ElementContent[] {
  const tree = toHast({ type: 'root', children: [...content] as RootContent[] }, { handlers: { ...linkHandlers, blank: blankHandler } }) as HastRoot;
  return tree.children.filter((child): child is ElementContent => child.type !== 'doctype' && !(child.type === 'text' && child.value.trim() === ''));
}

function phrasing(nodes: readonly PhrasingContent[]): ElementContent[] {
  return flow([{ type: 'paragraph', children: [...nodes] }]).flatMap((paragraph) => (paragraph.type === 'element' ? paragraph.children : [paragraph]));
}

/** The title for a browser tab or a PDF viewer: the policy and whose it is. */
export function documentTitle(policy: FilledPolicy): string {
  return policy.kind === 'template' ? `${policy.model.title} template – ${policy.publisher.name}` : `${policy.model.title} – ${policy.school.name}`;
}

/** What a PDF or Word document says it is about, in its document properties. */
export function documentSubject(policy: FilledPolicy): string {
  return policy.kind === 'template'
    ? `${policy.model.title}: the model ${policy.publisher.name} publishes for its schools to complete`
    : `${policy.school.name}'s ${policy.model.title}, from the model published by ${policy.publisher.name}`;
}

/** Who a PDF or Word document names as its author: the school, or the publisher of a blank template. */
export function documentAuthor(policy: FilledPolicy): string {
  return policy.kind === 'template' ? policy.publisher.name : policy.school.name;
}

/**
 * A Markdown document written by the project's own authors (release notes) as HTML, each heading
 * one level lower so that it sits under the page's own headings.
 */
export function markdownToHtml(markdown: string): string {
  const tree = markdownParser.parse(markdown) as MdastRoot;
  const demote = (node: MdastRoot | RootContent): void => {
    if (node.type === 'heading') node.depth = Math.min(6, node.depth + 1) as typeof node.depth;
    if ('children' in node) (node.children as RootContent[]).forEach(demote);
  };
  demote(tree);
  return toHtml(toHast(tree, { handlers: linkHandlers }) as HastRoot);
}
