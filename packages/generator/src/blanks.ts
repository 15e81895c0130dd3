import type { Nodes, PhrasingContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Node } from 'unist';

/** A fill-in blank in a publisher's template: shown as `[insert school name]`, highlighted in HTML and PDF. */
export interface Blank extends Node {
  type: 'blank';
  label: string;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    blank: Blank;
  }
  interface RootContentMap {
    blank: Blank;
  }
}

/**
 * Blanks travel through Handlebars and the Markdown parser as private-use characters around a
 * number, which no value can contain (values are escaped, and these are not Markdown syntax).
 */
const open = '\uE000';
const close = '\uE001';
const marker = new RegExp(`${open}(\\d+)${close}`, 'g');

export function blankMarker(index: number): string {
  return `${open}${index}${close}`;
}

/** Replaces the markers in a parsed tree's text with blank nodes, in place. */
export function restoreBlanks(tree: Root, labels: readonly string[]): Root {
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    const children: Nodes[] = [];
    for (const child of node.children as Nodes[]) {
      if (child.type === 'text' && child.value.includes(open)) children.push(...split(child.value, labels));
      else {
        visit(child);
        children.push(child);
      }
    }
    (node as { children: Nodes[] }).children = children;
  };
  visit(tree);
  return tree;
}

function split(value: string, labels: readonly string[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const match of value.matchAll(marker)) {
    if (match.index > last) out.push({ type: 'text', value: value.slice(last, match.index) });
    out.push({ type: 'blank', label: labels[Number(match[1])] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

/** A blank as plain text: `[insert school name]`. */
export function blankText(label: string): string {
  return `[${label}]`;
}

/** A copy of a tree's blanks as text, for output formats that have no highlighting. */
export function blanksToText(tree: Root): Root {
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    (node as { children: Nodes[] }).children = (node.children as Nodes[]).map((child) => {
      if (child.type === 'blank') return { type: 'text', value: blankText(child.label) };
      visit(child);
      return child;
    });
  };
  visit(tree);
  return tree;
}

/** Inline content as plain text, blanks as `[label]`. */
export function plainText(nodes: readonly PhrasingContent[]): string {
  return toString(blanksToText({ type: 'root', children: [{ type: 'paragraph', children: structuredClone([...nodes]) }] }));
}
