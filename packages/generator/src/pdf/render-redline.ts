import type { WordChange } from '@school-policy/core';
import { redlineView, type RedlineView } from '../redline-view.js';
import type { VersionDiff } from '../versions.js';
import { phrase, type RedlineWords } from '../words.js';
import { runsOf, type Run } from './runs.js';
import { colour, paragraphGap, PdfWriter, reviewDate, size, startPdf, type Struct } from './writer.js';

/**
 * Words with insertions underlined and deletions struck through, each also marked in words, as
 * lines: a line break inside a run becomes a new line, since each line is written as its own text.
 */
function wordLines(words: readonly WordChange[], markers: RedlineWords['markers']): Run[][] {
  const runs = words.flatMap((word): Run[] => {
    if (word.op === 'equal') return runsOf(word.text);
    const style = word.op === 'insert' ? { insert: true } : { delete: true };
    const [start, end] = word.op === 'insert' ? [markers.insertStart, markers.insertEnd] : [markers.deleteStart, markers.deleteEnd];
    return [...runsOf(start, { ...style, bold: true }), ...runsOf(word.text, style), ...runsOf(end, { ...style, bold: true })];
  });
  const lines: Run[][] = [[]];
  for (const run of runs) {
    run.text.split('\n').forEach((piece, index) => {
      if (index > 0) lines.push([]);
      if (piece) lines.at(-1)!.push({ ...run, text: piece });
    });
  }
  return lines;
}

class RedlinePdf extends PdfWriter {
  render(view: RedlineView): void {
    const { doc } = this;
    const root = doc.struct('Document');
    doc.addStructure(root);
    const y = doc.y;
    root.add(doc.struct('H1', {}, () => {
      this.write(runsOf(view.subject), this.left, this.width, { y, size: size.school, colour: colour.muted });
      doc.y += 4;
      this.write(runsOf(view.title, { bold: true }), this.left, this.width, { size: size.h1 });
    }));
    doc.y += 8;
    const { words } = view;
    this.paragraph(root, [...runsOf(`${words.from}: `, { bold: true }), ...runsOf(view.from)]);
    this.paragraph(root, [...runsOf(`${words.to}: `, { bold: true }), ...runsOf(view.to)]);
    doc.y += 8;

    this.heading('H2', runsOf(words.summary, { bold: true }), root, size.h2, { bookmark: words.summary });
    for (const release of view.releases) {
      this.paragraph(root, runsOf(release.heading, { bold: true }), 2);
      this.paragraph(root, runsOf(release.summary));
    }
    this.list(root, view.guidance.map((line) => runsOf(line)));
    this.paragraph(root, [...runsOf(words.keyLabel, { bold: true }), ...runsOf(view.key)]);
    doc.y += 6;
    this.heading('H2', runsOf(words.sectionsHeading, { bold: true }), root, size.h2, { bookmark: words.sectionsHeading });
    if (view.sections.length === 0) this.paragraph(root, runsOf(words.noSection));
    else this.list(root, view.sections.map((section) => [...runsOf(section.heading, { bold: true }), ...runsOf(` (${section.counts})`)]));

    doc.addPage();
    const changes = this.heading('H2', runsOf(words.changesHeading, { bold: true }), root, size.h2, { bookmark: words.changesHeading });
    for (const section of view.sections) {
      const sect = doc.struct('Sect');
      root.add(sect);
      this.heading('H3', runsOf(section.heading, { bold: true }), sect, size.h3, { bookmark: section.heading, parentBookmark: changes });
      for (const item of section.changes) {
        const div = doc.struct('Div');
        sect.add(div);
        this.heading('H4', runsOf(item.heading, { bold: true }), div, size.body);
        const meta = [item.kind, item.source && phrase(words.by, { source: item.source }), item.weight && phrase(words.weight, { weight: item.weight })].filter(Boolean).join(' · ');
        this.paragraph(div, runsOf(meta, { italic: true }));
        for (const reason of item.reasons) {
          this.paragraph(div, [...runsOf(phrase(words.what, { release: reason.release }), { bold: true }), ...runsOf(reason.what)]);
          this.paragraph(div, [...runsOf(words.why, { bold: true }), ...runsOf(reason.why)]);
        }
        for (const line of wordLines(item.words, words.markers)) {
          if (line.length === 0) doc.y += paragraphGap / 2;
          else this.paragraph(div, line, 2);
        }
        div.end();
        doc.y += 4;
      }
      if (section.renumbered.length > 0) {
        this.heading('H4', runsOf(words.renumberedHeading, { bold: true }), sect, size.body);
        this.list(sect, section.renumbered.map((line) => runsOf(line)));
      }
      sect.end();
    }
    root.end();
  }

  private paragraph(parent: Struct, runs: Run[], gap = paragraphGap): void {
    if (runs.length === 0) return;
    this.keep(2 * this.lineHeight());
    parent.add(this.doc.struct('P', {}, () => this.write(runs, this.left, this.width)));
    this.doc.y += gap;
  }

  private list(parent: Struct, items: Run[][]): void {
    const { doc } = this;
    const l = doc.struct('L');
    parent.add(l);
    for (const runs of items) {
      this.keep(1.5 * this.lineHeight());
      const y = doc.y;
      const li = doc.struct('LI');
      l.add(li);
      li.add(doc.struct('Lbl', {}, () => {
        doc.font('regular').fontSize(size.body).fillColor(colour.text);
        this.label('•', this.left, y, 14);
      }));
      li.add(doc.struct('LBody', {}, () => this.write(runs, this.left + 14, this.width - 14, { y })));
      li.end();
      doc.y += 3;
    }
    l.end();
    doc.y += paragraphGap;
  }
}

/**
 * The redline for a governors' meeting pack, as an A4 PDF: a summary first (each release's summary
 * for governors, then how much changed and what to read first), then each changed item, section by section, with insertions
 * underlined and deletions struck through and both marked in words, so it reads in greyscale print
 * and aloud. Tagged, with bookmarks and "Page X of Y".
 */
export async function renderRedlinePdf(diff: VersionDiff): Promise<{ bytes: Uint8Array; pages: number }> {
  const view = redlineView(diff);
  const { doc, finish } = startPdf({
    title: `${view.title}: ${view.subject}`,
    author: diff.policy.name,
    subject: `From ${view.from}, to ${view.to}`,
    language: diff.policy.language,
    date: reviewDate(diff.to.date),
  });
  const writer = new RedlinePdf(doc);
  writer.render(view);
  const pages = writer.footers(`${view.subject} · ${view.title}`, (page, count) => `Page ${page} of ${count}`);
  return { bytes: await finish(), pages };
}
