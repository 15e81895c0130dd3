import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownParser } from '../src/index.js';

const parse = (markdown: string) => markdownParser.parse(markdown) as Root;

const values = [
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '**bold**',
  '{{name}}',
  '_under_ and ~~strike~~',
  '# not a heading',
  '1. not a list',
  '- not a list either',
  '> not a quote',
  '`code`',
  'www.example.com and https://example.com',
  'someone@example.com',
  '&amp; &copy; &#65;',
  'back\\slash',
  '| a | table |',
  '![image](x.png)',
  'St Mary\'s C of E (VA) Primary School – Years 3–6',
];

describe('escapeMarkdown', () => {
  it.each(values)('keeps %j as plain text, one paragraph, with no markup', (value) => {
    const tree = parse(escapeMarkdown(value));
    expect(tree.children).toHaveLength(1);
    const paragraph = tree.children[0]!;
    expect(paragraph.type).toBe('paragraph');
    if (paragraph.type !== 'paragraph') return;
    expect(paragraph.children.every((child) => child.type === 'text')).toBe(true);
    expect(toString(tree)).toBe(value);
  });

  it('turns line breaks and runs of spaces into single spaces, so a value cannot start a block', () => {
    expect(toString(parse(`Intro ${escapeMarkdown('one\n\n# two\n  three')}`))).toBe('Intro one # two three');
  });
});
