import { BadForm, PolicyProblems, problem, type Template } from '@school-policy/core';
import type { List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import { plainText } from './blanks.js';
import type { FilledTitle, FormGroup, FormItem } from './filled-policy.js';

/**
 * Reads a filled form block as a form. Its Markdown is laid out as:
 *
 * - a heading starts a group; a paragraph under it is guidance;
 * - `- Label` is a field to fill in (a box when the label asks a question, else a line);
 * - `- [ ] Choice` is a tick box; consecutive tick boxes make one question;
 * - `- Label` with a list of tick boxes under it is a question with those choices;
 * - `- Label` with a plain list under it is one item in parts, such as a signature block.
 */
export function readForm(tree: Root, template: Template): FormGroup[] {
  const groups: FormGroup[] = [];
  let group: FormGroup | undefined;
  const current = (): FormGroup => {
    if (!group) {
      group = { title: undefined, guidance: [], items: [] };
      groups.push(group);
    }
    return group;
  };
  const fail = (node: RootContent | ListItem, detail: string): never => {
    const line = template.line + (node.position?.start.line ?? 1) - 1;
    throw new PolicyProblems([problem(BadForm, { file: template.file, line }, [detail], [])]);
  };

  for (const node of tree.children) {
    if (node.type === 'heading') {
      group = { title: title(node.children), guidance: [], items: [] };
      groups.push(group);
    } else if (node.type === 'paragraph') {
      const target = current();
      if (target.items.length > 0) fail(node, 'has a paragraph after its fields; guidance goes straight under the group heading');
      target.guidance.push(node);
    } else if (node.type === 'list') {
      current().items.push(...readItems(node, fail));
    } else {
      fail(node, `has a ${node.type}, which a form cannot show`);
    }
  }
  return groups;
}

function readItems(list: List, fail: (node: ListItem, detail: string) => never): FormItem[] {
  const items: FormItem[] = [];
  for (const item of list.children) {
    const [first, nested, ...rest] = item.children;
    if (first?.type !== 'paragraph' || rest.length > 0 || (nested && nested.type !== 'list')) {
      fail(item, 'has a list item that is not one line of text, optionally with a list under it');
    }
    const label = title((first as { children: PhrasingContent[] }).children);
    if (typeof item.checked === 'boolean') {
      if (nested) fail(item, 'has a tick box with a list under it');
      const previous = items.at(-1);
      if (previous?.type === 'choices' && previous.label === undefined) previous.options.push(label);
      else items.push({ type: 'choices', label: undefined, options: [label] });
    } else if (nested?.type === 'list') {
      const subItems = nested.children.map((sub) => {
        const [paragraph, ...more] = sub.children;
        if (paragraph?.type !== 'paragraph' || more.length > 0) fail(sub, 'has a nested list item that is not one line of text');
        return { checked: sub.checked, label: title((paragraph as { children: PhrasingContent[] }).children) };
      });
      const ticks = subItems.filter((sub) => typeof sub.checked === 'boolean').length;
      if (ticks === subItems.length) items.push({ type: 'choices', label, options: subItems.map((sub) => sub.label) });
      else if (ticks === 0) items.push({ type: 'parts', label, parts: subItems.map((sub) => sub.label) });
      else fail(item, 'mixes tick boxes and fields in one list');
    } else {
      items.push({ type: 'field', label, size: label.text.trim().endsWith('?') ? 'box' : 'line' });
    }
  }
  return items;
}

function title(nodes: PhrasingContent[]): FilledTitle {
  return { nodes, text: plainText(nodes) };
}
