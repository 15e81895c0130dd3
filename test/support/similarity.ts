import { diffArrays } from 'diff';

/**
 * Word-level similarity of two texts, from 0 (nothing shared) to 1 (the same words in the same order).
 *
 * How it is computed:
 * 1. In each text, a clause or section number at the start of a line is removed, with any bullet
 *    before it: "1", "6.13.1", "A.2.3", "- 1.1", including a number alone on its line.
 * 2. Everything is lower-cased, and every character that is not a letter or a digit becomes a space,
 *    so punctuation, quotes, dashes, bullets and tick boxes count for nothing. What is left is
 *    split into words.
 * 3. The two word sequences are aligned by a longest-common-subsequence diff (the `diff` package's
 *    diffArrays), and M is the number of words the alignment keeps in common.
 * 4. Similarity = 2M / (words in A + words in B): 1 when identical, and each word missing, added or
 *    changed on either side lowers it. This is the ratio Python's difflib reports, over words.
 */
export function wordSimilarity(a: string, b: string): number {
  const left = words(a);
  const right = words(b);
  if (left.length + right.length === 0) return 1;
  let common = 0;
  for (const part of diffArrays(left, right)) if (!part.added && !part.removed) common += part.count ?? part.value.length;
  return (2 * common) / (left.length + right.length);
}

export function words(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*[-•·*]?\s*(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)\.?(?=\s|$)/u, ''))
    .join('\n')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/**
 * A seed document without its page furniture, which a generated policy may leave out: the
 * contents page's page numbers (a tab and a number ending a line) and "PAGE" field codes.
 */
export function withoutPageFurniture(seed: string): string {
  return seed
    .split('\n')
    .filter((line) => line.trim() !== 'PAGE')
    .map((line) => line.replace(/\t\d+[\t ]*$/, ''))
    .join('\n');
}
