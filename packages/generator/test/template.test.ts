import { loadProject, resolvePolicy } from '@school-policy/core';
import { describe, expect, it } from 'vitest';
import { fillPolicy, renderHtmlBody, renderMarkdown, renderText } from '../src/index.js';
import { filledDemo, fixtureProject, schoolFile } from './policy.js';

function filled(id: string, edits: Parameters<typeof fixtureProject>[0] = {}) {
  const { project } = loadProject(fixtureProject(edits));
  return fillPolicy(resolvePolicy(project, id, 'demo'));
}

describe("a publisher's blank template", () => {
  const template = filled('demo-council-template');

  it('marks every blank in text as [insert …], and fills what the publisher gave', () => {
    const text = renderText(template);
    expect(text.startsWith('[insert school name]\nDemo Policy\nModel policy published by Demo County Council, June 2024\n')).toBe(true);
    expect(text).toContain('1.1 [insert school name] follows this policy, set by Demo County Council.');
    expect(text).toContain('2.1 Staff may spend [insert the minutes] minutes a day, from [insert open from].');
    expect(text).toContain('    - [insert extra policies]');
    expect(text).toContain('\n2 Rules at [insert school name]\n');
  });

  it('highlights blanks in HTML, and writes them as text in Markdown', () => {
    expect(renderHtmlBody(template)).toContain('<p>Staff may spend <mark class="blank">[insert the minutes]</mark> minutes a day');
    expect(renderMarkdown(template)).toContain('Staff may spend \\[insert the minutes] minutes a day');
  });

  it('never shows a blank in a school\'s own policy', () => {
    expect(renderText(filledDemo())).not.toContain('[insert');
  });
});

describe('wording chosen in a template with {{#is}}', () => {
  it('writes the words for the variant', () => {
    const text = renderText(filled('first-school', { [schoolFile]: (text) => text.replace('    reviewed: 2024-09\n', '    reviewed: 2024-09\n    modules:\n      - extras\n') }));
    expect(text).toContain('B.1 Ask the council for advice.');
  });
});
