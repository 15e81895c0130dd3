import { DeletedTextRun, Document, HeadingLevel, InsertedTextRun, Paragraph, Tab, TabStopType, TextRun, type ParagraphChild } from 'docx';
import type { ItemDiff, WordChange } from '@school-policy/core';
import { atomTimestamp } from '../feeds/dates.js';
import { redlineView, sourceLabel } from '../redline-view.js';
import type { VersionDiff } from '../versions.js';
import { packageFiles } from './render-docx.js';
import { fixedPackage } from './package.js';
import { clauseIndent, pageProperties, style, styles } from './styles.js';

/**
 * A comparison as a Word document with real tracked changes: the newer version's every section,
 * subsection and clause, in order, with each word the older version had and the newer does not
 * as a deletion (`w:del`), and each word the newer has and the older did not as an insertion
 * (`w:ins`). Accepting every change gives the newer version's words, rejecting every change the
 * older's; Word and LibreOffice show each change, by its author, to accept or reject. A clause
 * that moved is deleted where it was and inserted where it is. Each change is put down to what made
 * it, as the redline does (the model, the school's details, or both), and dated by the release that
 * made it, or by the newer version's approval (or release) when the school's details did.
 */
export async function renderRedlineDocx(diff: VersionDiff): Promise<Uint8Array> {
  const view = redlineView(diff);
  const words = view.words;
  // Every insertion and deletion has an id of its own, in the order they are written.
  let next = 0;
  const mark = (item: ItemDiff): Mark => {
    const author = item.source ? sourceLabel(item, words) : words.sourceLabels.model;
    const release = item.source === 'school' ? undefined : item.reasons[0]?.release;
    const date = atomTimestamp(release ?? diff.to.date);
    return () => ({ id: ++next, author, date });
  };

  // Each moved item is also deleted where it was: after the item it followed in the older version.
  // An item removed after a moved one (the comparison puts it after that item's new place) goes
  // with it, after its deletion, and so does one removed after that.
  const followers = new Map<string | undefined, ItemDiff[]>();
  const elsewhere = new Set<string>();
  const follow = (after: string | undefined, item: ItemDiff) => {
    const list = followers.get(after);
    if (list) list.push(item);
    else followers.set(after, [item]);
    elsewhere.add(item.id);
  };
  diff.items.forEach((item, index) => {
    if (item.followed !== undefined) follow(item.followed ?? undefined, item);
    else if (item.kind === 'removed' && index > 0 && elsewhere.has(diff.items[index - 1]!.id)) follow(diff.items[index - 1]!.id, item);
  });
  const body: Paragraph[] = [];
  const deletedCopies = (after: string | undefined) => {
    for (const item of followers.get(after) ?? []) {
      body.push(paragraph(item, runs([{ op: 'delete', text: item.from!.text }], mark(item), label(item.from!.number, undefined))));
      deletedCopies(item.id);
    }
  };
  deletedCopies(undefined);
  for (const item of diff.items) {
    const at = (item.to ?? item.from)!;
    if (item.kind === 'removed' && elsewhere.has(item.id)) continue;
    if (item.followed !== undefined) {
      // Moved: inserted here, its words as the newer version has them.
      body.push(paragraph(item, runs([{ op: 'insert', text: item.to!.text }], mark(item), label(undefined, item.to!.number))));
      continue;
    }
    const changes: readonly WordChange[] = item.kind === 'changed' || item.kind === 'added' || item.kind === 'removed' ? item.words ?? [] : [{ op: 'equal', text: at.text }];
    const number = label(item.from?.number, item.to?.number);
    body.push(paragraph(item, runs(changes, item.kind === 'unchanged' ? undefined : mark(item), number)));
    deletedCopies(item.id);
  }

  const document = new Document({
    styles: styles(diff.policy.language),
    sections: [
      {
        properties: { page: pageProperties },
        children: [
          new Paragraph({ style: style.title, children: [new TextRun(view.title)] }),
          new Paragraph({ children: [new TextRun({ text: view.subject, bold: true })] }),
          new Paragraph({ children: [new TextRun({ text: `${words.from}: `, bold: true }), new TextRun(view.from)] }),
          new Paragraph({ children: [new TextRun({ text: `${words.to}: `, bold: true }), new TextRun(view.to)] }),
          ...view.guidance.map((line) => new Paragraph({ children: [new TextRun(line)] })),
          new Paragraph({ children: [new TextRun({ text: words.trackedKey, italics: true })] }),
          ...body,
        ],
      },
    ],
  });
  return fixedPackage(await packageFiles(document), {
    title: view.title,
    subject: view.subject,
    creator: diff.policy.name,
    language: diff.policy.language,
    date: diff.to.date,
  });
}

/** A number as tracked: kept, or the older one deleted and the newer inserted. */
function label(from: string | undefined, to: string | undefined): WordChange[] {
  if (from === to) return from ? [{ op: 'equal', text: from }] : [];
  return [...(from ? [{ op: 'delete' as const, text: from }] : []), ...(to ? [{ op: 'insert' as const, text: to }] : [])];
}

/** Who made a change and when, with a new id each time it is asked. */
type Mark = (() => { id: number; author: string; date: string }) | undefined;

/**
 * The runs of an item: its number, a tab, then its words, each run kept, deleted or inserted.
 * A line break in the words is a break in the run, so a list or a form keeps its lines.
 */
function runs(changes: readonly WordChange[], mark: Mark, number: readonly WordChange[]): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  const add = (list: readonly WordChange[]) => {
    for (const change of list) {
      change.text.split('\n').forEach((line, index) => {
        if (line === '' && index === 0) return;
        children.push(run(change.op, { text: line.replaceAll('\t', ' '), ...(index > 0 ? { break: 1 } : {}) }, mark));
      });
    }
  };
  if (number.length > 0) {
    add(number);
    children.push(new TextRun({ children: [new Tab()] }));
  }
  add(changes);
  return children;
}

/** A run as it is tracked: an unchanged item's words, and the words a change kept, are plain. */
function run(op: WordChange['op'], options: { text: string; break?: number }, mark: Mark): ParagraphChild {
  if (op === 'equal' || !mark) return new TextRun(options);
  const tracked = { ...options, ...mark() };
  return op === 'insert' ? new InsertedTextRun(tracked) : new DeletedTextRun(tracked);
}

/** A part as a first-level heading, a subsection as a second, and anything else as a paragraph with the number hanging. */
function paragraph(item: ItemDiff, children: ParagraphChild[]): Paragraph {
  if (item.type === 'part') return new Paragraph({ heading: HeadingLevel.HEADING_1, children });
  if (item.type === 'subsection') return new Paragraph({ heading: HeadingLevel.HEADING_2, children });
  return new Paragraph({ indent: { left: clauseIndent, hanging: clauseIndent }, tabStops: [{ type: TabStopType.LEFT, position: clauseIndent }], children });
}

