import type { Model } from '@school-policy/core';
import { words } from './words';

/** `3 updates, 2 corrections`: a release's changes by weight, heaviest first. */
export function releaseWeights(model: Model): string {
  return (['new-edition', 'update', 'correction'] as const)
    .map((weight) => [words.releases.weights[weight], model.release.changes.filter((change) => change.weight === weight).length] as const)
    .filter(([, count]) => count > 0)
    .map(([label, count]) => `${count} × ${label.toLowerCase()}`)
    .join(', ');
}
