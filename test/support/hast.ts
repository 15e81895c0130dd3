import type { Element, Root } from 'hast';

/** Every element of a parsed HTML tree, in document order. */
export function elements(node: Root | Element, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type === 'element') {
      found.push(child);
      elements(child, found);
    }
  }
  return found;
}
