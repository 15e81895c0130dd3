import { phrase } from '@school-policy/generator';
import words from '../words/en-GB.json';

/** The site's own words, kept in one file per language so that a second language is data, not code. */
export { words };

/** Fills `{name}` placeholders in a phrase. */
export { phrase };

/** A phrase in each plural form the language has (`one`, `other`, …); `other` is the one every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const pluralRules = new Intl.PluralRules('en-GB');

/**
 * The form of a phrase for a number, as the language's plural rules choose it, with `{count}` and
 * any other placeholders filled: `plural(words.school.sharedDetailsSummary, 1)` → `Show the detail…`.
 */
export function plural(forms: PluralForms, count: number, values: Record<string, string | number> = {}): string {
  return phrase(forms[pluralRules.select(count)] ?? forms.other, { count, ...values });
}

/**
 * Policies' titles as one phrase, for a sentence that says "the {policy}": `Social Media Policy`,
 * or `Social Media Policy and the Complaints Procedure`, or `A, the B and the C`.
 */
export function policyList(titles: readonly string[]): string {
  if (titles.length <= 1) return titles[0] ?? '';
  return `${titles.slice(0, -1).join(words.lists.between)}${words.lists.last}${titles.at(-1)}`;
}
