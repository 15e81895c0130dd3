import type { Nodes, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { problem, type Location, type PolicyError } from './problem.js';
import { ImageNotAllowed, UnsafeLink } from './problem-kinds.js';
import { classifyUrl } from './safe-url.js';

/** A link, link definition or image in Markdown that a policy must not publish, with why. */
export interface RefusedLink {
  node: 'link' | 'definition' | 'image';
  /** The address as Markdown gives it, character references and escapes decoded. */
  url: string;
  /** Why it is refused, to finish a sentence: "it has the scheme javascript:, …". */
  why: string;
  /** What to do about it. */
  hint: string;
  /** Where it starts in the Markdown text, 1-based. */
  line: number;
  column: number;
  offset: number;
}

/** Why an address may not be a link, or `undefined` when it may. */
export function refusal(url: string): { why: string; hint: string } | undefined {
  const read = classifyUrl(url);
  if (read.kind === 'scheme') {
    return {
      why: `has the scheme ${read.scheme}:; a policy links only to web pages, email addresses and telephone numbers, since a link like this can run code, show content that is not the publisher's, or open something on the reader's computer`,
      hint: "A link's address may be an https:// or http:// address, a mailto: email address, a tel: telephone number, or a link within the site starting with / or #.",
    };
  }
  if (read.kind === 'other-host') {
    return {
      why: 'names another host without a scheme, so it goes wherever the page that shows it came from, and nowhere from a PDF or a Word document',
      hint: 'Write the address in full, starting https://.',
    };
  }
  return undefined;
}

/**
 * Every link, link definition and image in a Markdown tree that must not be published: links and
 * definitions whose address is not an allowed kind, and every image, since an image in a policy
 * is loaded from wherever its address says by every page that shows it.
 */
export function refusedLinks(tree: Nodes): RefusedLink[] {
  const found: RefusedLink[] = [];
  const at = (node: Nodes) => ({ line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1, offset: node.position?.start.offset ?? 0 });
  const walk = (node: Nodes): void => {
    if (node.type === 'image' || node.type === 'imageReference') {
      const url = node.type === 'image' ? node.url : `[${node.label ?? node.identifier}]`;
      found.push({
        node: 'image',
        url,
        why: "is an image's address: every page and document that shows it would load the image from there, and a policy shows no images",
        hint: 'Remove the image. To point readers to a picture, link to it instead: [what it shows](https://…).',
        ...at(node),
      });
    } else if (node.type === 'link' || node.type === 'definition') {
      const refused = refusal(node.url);
      if (refused) found.push({ node: node.type, url: node.url, ...refused, ...at(node) });
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(tree);
  return found;
}

/** CommonMark, as a clause's filled text is read: no directives, no front matter. */
export const plainMarkdown = unified().use(remarkParse).freeze();
const markdown = plainMarkdown;

/**
 * Checks the links and images in Markdown written by a model's authors: a release's notes, or a
 * text of its release file. `place` turns a position in `text` into a location in its file.
 */
export function checkMarkdownLinks(text: string, place: (link: RefusedLink) => Location): PolicyError[] {
  return linkProblems(refusedLinks(markdown.parse(text) as Root), place);
}

/** Problems for refused links, each at its place. */
export function linkProblems(links: readonly RefusedLink[], place: (link: RefusedLink) => Location): PolicyError[] {
  return links.map((link) =>
    link.node === 'image'
      ? problem(ImageNotAllowed, place(link), [shownUrl(link.url)], [])
      : problem(UnsafeLink, place(link), [link.node === 'definition' ? "This link definition's address" : "This link's address", shownUrl(link.url), link.why], [link.hint]),
  );
}

/** An address as a message shows it: in quotes, control characters written out, long ones shortened. */
export function shownUrl(url: string): string {
  const short = url.length > 80 ? `${url.slice(0, 77)}…` : url;
  return JSON.stringify(short);
}
