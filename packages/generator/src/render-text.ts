import type { BlockContent, DefinitionContent, List, PhrasingContent, RootContent } from 'mdast';
import type { OwnSource } from '@school-policy/core';
import { headingText, ownMark, type FilledBlock, type FilledForm, type FilledNode, type FilledPolicy } from './filled-policy.js';
import { blankText } from './blanks.js';

const indentStep = '    ';
const answerLine = '_'.repeat(40);

/**
 * The policy as plain text: title block, contents, then every part with its numbered clauses.
 * One line per paragraph (no hard wrapping), blank lines between blocks, lists indented with "-",
 * forms with "[ ]" tick boxes and underscores to write on.
 */
export function renderText(policy: FilledPolicy): string {
  const out: string[] = [];
  out.push(policy.school.name, ...(policy.school.motto ? [policy.school.motto] : []), policy.model.title, policy.dateLine, '');
  out.push(policy.words.contents, ...policy.parts.map(headingText), '');
  for (const part of policy.parts) {
    out.push('', headingText(part), '');
    for (const child of part.children) out.push(...node(child, (own) => ownMark(policy, own)));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n\n').trimEnd() + '\n';
}

/** A clause, text or form as plain text, without its number: what the diff engine compares. */
export function blockText(block: FilledBlock | FilledForm): string {
  const lines = block.type === 'form' ? form(block) : blocks(block.content);
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function node(child: FilledNode, mark: (own: OwnSource) => string): string[] {
  switch (child.type) {
    case 'subsection':
      return [`${child.number} ${child.title.text}`, '', ...child.children.flatMap((inner) => node(inner, mark))];
    case 'form':
      return form(child);
    default:
      return [...blocks(child.content, child.number ? `${child.number} ` : ''), ...(child.own ? [`(${mark(child.own)})`] : []), ''];
  }
}

/** Block content as lines; `lead` goes before the first paragraph (a clause number). */
function blocks(content: readonly (BlockContent | DefinitionContent | RootContent)[], lead = '', indent = ''): string[] {
  const lines: string[] = [];
  content.forEach((block, index) => {
    const prefix = index === 0 ? lead : '';
    if (index > 0 && block.type !== 'list') lines.push('');
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        lines.push(indent + prefix + inline(block.children));
        break;
      case 'list':
        lines.push(...list(block, indent + indentStep));
        break;
      case 'blockquote':
        lines.push(...blocks(block.children, prefix, indent + indentStep));
        break;
      case 'thematicBreak':
        lines.push(indent + '---');
        break;
      case 'code':
        lines.push(...block.value.split('\n').map((line) => indent + indentStep + line));
        break;
      case 'table':
        for (const row of block.children) lines.push(indent + row.children.map((cell) => inline(cell.children)).join(' | '));
        break;
      default:
        break;
    }
  });
  return lines;
}

function list(node: List, indent: string): string[] {
  return node.children.flatMap((item, index) => {
    const marker = item.checked === false ? '[ ] ' : item.checked === true ? '[x] ' : node.ordered ? `${(node.start ?? 1) + index}. ` : '- ';
    const [first, ...rest] = item.children;
    const head = first?.type === 'paragraph' ? [indent + marker + inline(first.children)] : [];
    const body = first?.type === 'paragraph' ? rest : item.children;
    return [...head, ...body.flatMap((child) => (child.type === 'list' ? list(child, indent + indentStep) : blocks([child], '', indent + indentStep)))];
  });
}

/** Phrasing content as plain text; a link whose text is not its address shows the address after it. */
export function inline(nodes: readonly PhrasingContent[]): string {
  return nodes
    .map((child): string => {
      switch (child.type) {
        case 'text':
        case 'inlineCode':
          return child.value;
        case 'break':
          return '\n';
        case 'link': {
          const text = inline(child.children);
          return text === child.url || `mailto:${text}` === child.url ? text : `${text} (${child.url})`;
        }
        case 'emphasis':
        case 'strong':
        case 'delete':
          return inline(child.children);
        case 'image':
          return child.alt ?? '';
        case 'blank':
          return blankText(child.label);
        default:
          return '';
      }
    })
    .join('');
}

function form(block: FilledForm): string[] {
  const lines: string[] = [];
  for (const group of block.groups) {
    if (group.title) lines.push(group.title.text);
    for (const guidance of group.guidance) lines.push(...blocks([guidance]));
    for (const item of group.items) {
      switch (item.type) {
        case 'field':
          lines.push(item.size === 'box' ? item.label.text : `${item.label.text}: ${answerLine}`);
          if (item.size === 'box') lines.push(answerLine + answerLine, answerLine + answerLine);
          break;
        case 'choices':
          if (item.label) lines.push(item.label.text);
          lines.push(...item.options.map((option) => `${indentStep}[ ] ${option.text}`));
          break;
        case 'parts':
          lines.push(item.label.text, ...item.parts.map((part) => `${indentStep}${part.text}: ${answerLine}`));
          break;
      }
    }
    lines.push('');
  }
  return lines;
}
