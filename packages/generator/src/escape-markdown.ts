import { withoutUnsafeCharacters } from '@school-policy/core';

/**
 * Escapes a value for where it lands in a clause template: Markdown inline text. Every ASCII
 * punctuation character gets a backslash, which CommonMark defines as "this character, literally",
 * so no value can open emphasis, a link, an HTML tag, an autolink, a heading or a list, and no
 * `{{…}}` in a value is ever read as a template. Line breaks and runs of spaces become one space,
 * so a value cannot start a new block either. Private-use characters, with which a template marks
 * its blanks, are removed, so no value can print as a blank (`policy check` refuses them), and so
 * are the characters no output may hold.
 */
export function escapeMarkdown(value: string): string {
  return withoutUnsafeCharacters(value)
    .replace(/[\uE000-\uF8FF\u{F0000}-\u{10FFFD}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, '\\$&');
}
