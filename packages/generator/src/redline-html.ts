import { withoutUnsafeCharacters, type WordChange } from '@school-policy/core';
import type { ElementContent, Root as HastRoot } from 'hast';
import { toHtml as serialise } from 'hast-util-to-html';
import { h } from 'hastscript';
import { redlineCss } from './redline-css.js';
import { redlineView, type RedlineView } from './redline-view.js';
import type { VersionDiff } from './versions.js';
import { phrase, type RedlineWords } from './words.js';

/** A tree serialised, without the control characters and noncharacters no page may hold. */
function toHtml(tree: Parameters<typeof serialise>[0]): string {
  return withoutUnsafeCharacters(serialise(tree));
}

function wordsHtml(words: readonly WordChange[], marks: RedlineWords['markers']): ElementContent[] {
  const marker = (text: string) => h('span', { class: 'redline-marker' }, text);
  return words.map((word) =>
    word.op === 'insert'
      ? h('ins', [marker(marks.insertStart), word.text, marker(marks.insertEnd)])
      : word.op === 'delete'
        ? h('del', [marker(marks.deleteStart), word.text, marker(marks.deleteEnd)])
        : { type: 'text', value: word.text },
  );
}

/**
 * A comparison as HTML, from the versions compared to the last change: the summary (each
 * release's summary for governors, then how much changed and what to read first), then each
 * section's changes with insertions underlined and deletions struck through, each also marked in
 * words so the difference survives greyscale print and reads aloud. Items are named by number and
 * first words; their ids appear only in anchors.
 */
export function renderRedlineHtmlBody(view: RedlineView): string {
  const { words } = view;
  const tree: HastRoot = {
    type: 'root',
    children: [
      h('dl', { class: 'redline-versions' }, [h('dt', words.from), h('dd', view.from), h('dt', words.to), h('dd', view.to)]),
      h('h2', { id: 'summary' }, words.summary),
      ...view.releases.map((release) => h('div', { class: 'redline-release' }, [h('p', h('strong', release.heading)), h('p', release.summary)])),
      h('ul', { class: 'redline-guidance' }, view.guidance.map((line) => h('li', line))),
      h('p', { class: 'redline-key' }, view.key),
      h('h2', { id: 'sections' }, words.sectionsHeading),
      view.sections.length === 0 ? h('p', words.noSection) : h('ul', view.sections.map((section) => h('li', [h('a', { href: `#${section.anchor}` }, section.heading), ` (${section.counts})`]))),
      h('h2', { id: 'changes' }, words.changesHeading),
      ...view.sections.map((section) =>
        h('section', { class: 'redline-section', 'aria-labelledby': section.anchor }, [
          h('h3', { id: section.anchor }, section.heading),
          ...section.changes.map((item) =>
            h('div', { class: 'redline-change', id: item.anchor }, [
              h('h4', item.heading),
              h('p', { class: 'redline-meta' }, [
                h('strong', { class: 'redline-kind' }, item.kind),
                ...(item.source ? [` · ${phrase(words.by, { source: item.source })}`] : []),
                ...(item.weight ? [` · ${phrase(words.weight, { weight: item.weight })}`] : []),
              ]),
              ...item.reasons.map((reason) =>
                h('div', { class: 'redline-reason' }, [
                  h('p', [h('strong', phrase(words.what, { release: reason.release })), reason.what]),
                  h('p', [h('strong', words.why), reason.why]),
                ]),
              ),
              h('p', { class: 'redline-text' }, wordsHtml(item.words, words.markers)),
            ]),
          ),
          ...(section.renumbered.length > 0 ? [h('h4', words.renumberedHeading), h('ul', { class: 'redline-renumbered' }, section.renumbered.map((line) => h('li', line)))] : []),
        ]),
      ),
    ],
  };
  return toHtml(tree);
}

/** A comparison as a standalone HTML document. */
export function renderDiffHtml(diff: VersionDiff): string {
  const view = redlineView(diff);
  const body = renderRedlineHtmlBody(view);
  const head = toHtml(
    h('head', [
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', `${view.title}: ${view.subject}`),
      h('style', `body { font-family: sans-serif; max-width: 48em; margin: 0 auto; padding: 1em; line-height: 1.5; }${redlineCss}`),
    ]),
  );
  return `<!doctype html>\n<html lang="${diff.policy.language}">${head}<body><main><h1>${toHtml({ type: 'text', value: view.title })}</h1><p>${toHtml({ type: 'text', value: view.subject })}</p>${body}</main></body></html>\n`;
}
