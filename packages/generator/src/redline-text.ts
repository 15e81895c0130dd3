import { markedText, redlineView } from './redline-view.js';
import type { VersionDiff } from './versions.js';
import { phrase } from './words.js';

/**
 * A comparison as plain text, for the terminal or an email: the summary first (each release's
 * summary for governors, then what to read), then each change, its words marked `[Added: …]` and
 * `[Removed: …]` so they read the same printed, in greyscale or aloud.
 */
export function renderDiffText(diff: VersionDiff): string {
  const view = redlineView(diff);
  const { words } = view;
  const out: string[] = [view.title, view.subject, '', `${words.from}: ${view.from}`, `${words.to}: ${view.to}`, '', words.summary, ''];
  for (const release of view.releases) out.push(release.heading, release.summary, '');
  out.push(...view.guidance, '', view.key, '');
  for (const section of view.sections) {
    out.push('', `${section.heading} (${section.counts})`, '');
    for (const item of section.changes) {
      const meta = [item.kind, item.source && phrase(words.by, { source: item.source }), item.weight && phrase(words.weight, { weight: item.weight })].filter(Boolean).join(' · ');
      out.push(item.heading, `  ${meta}`);
      for (const reason of item.reasons) out.push(`  ${phrase(words.what, { release: reason.release })}${reason.what}`, `  ${words.why}${reason.why}`);
      out.push(...markedText(item.words, words.markers).split('\n').map((line) => (line ? `  ${line}` : '')), '');
    }
    if (section.renumbered.length > 0) out.push(`${words.renumberedHeading}:`, ...section.renumbered.map((line) => `  ${line}`), '');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
