import words from '../words/en-GB.json';

/** The site's own words, kept in one file per language so that a second language is data, not code. */
export { words };

/** Fills `{name}` placeholders in a phrase. */
export function phrase(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
