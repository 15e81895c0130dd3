import type { PhrasingContent } from 'mdast';
import { safeUrl } from '@school-policy/core';
import { blankText } from '../blanks.js';

/** A stretch of text in one style: what pdfkit writes in one `text()` call. */
export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  /** Where it links to: always an address `safeUrl` allows in a document. */
  link: string | undefined;
  /** A fill-in blank of a publisher's template, drawn highlighted. */
  blank?: boolean;
  /** Words a redline shows as added (underlined) or removed (struck through). */
  insert?: boolean;
  delete?: boolean;
}

type Style = Omit<Run, 'text'>;

const plain: Style = { bold: false, italic: false, link: undefined };

/** Flattens Markdown inline nodes into styled runs, merging neighbours of the same style. */
export function toRuns(nodes: readonly PhrasingContent[], style: Partial<Style> = {}): Run[] {
  const runs: Run[] = [];
  const walk = (children: readonly PhrasingContent[], current: Style) => {
    for (const node of children) {
      switch (node.type) {
        case 'text':
        case 'inlineCode':
          push(runs, { ...current, text: node.value.replace(/\s*\n\s*/g, ' ') });
          break;
        case 'break':
          push(runs, { ...current, text: '\n' });
          break;
        case 'strong':
          walk(node.children, { ...current, bold: true });
          break;
        case 'emphasis':
          walk(node.children, { ...current, italic: true });
          break;
        case 'delete':
          walk(node.children, current);
          break;
        case 'link':
          // A PDF or a Word document links only to addresses on the web, email and telephone.
          walk(node.children, { ...current, link: safeUrl(node.url, { inSite: false }) });
          break;
        case 'linkReference':
          walk(node.children, current);
          break;
        case 'image':
          push(runs, { ...current, text: node.alt ?? '' });
          break;
        case 'blank':
          runs.push({ ...current, blank: true, text: blankText(node.label) });
          break;
        default:
          break;
      }
    }
  };
  walk(nodes, { ...plain, ...style });
  return runs.filter((run) => run.text.length > 0);
}

function push(runs: Run[], run: Run): void {
  const last = runs.at(-1);
  if (last && !last.blank && !last.insert && !last.delete && last.bold === run.bold && last.italic === run.italic && last.link === run.link) last.text += run.text;
  else runs.push(run);
}

export function runsOf(text: string, style: Partial<Style> = {}): Run[] {
  return text ? [{ ...plain, ...style, text }] : [];
}
