import { strFromU8, unzipSync } from 'fflate';
import type { BlockContent, DefinitionContent, PhrasingContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { renderDocx, renderHtmlBody, renderMarkdown, renderPdf, type FilledBlock, type FilledPolicy } from '../src/index.js';
import { filledDemo } from './policy.js';

const link = (url: string, words: string): PhrasingContent => ({ type: 'link', url, children: [{ type: 'text', value: words }] });
const space: PhrasingContent = { type: 'text', value: ' ' };

/**
 * A filled policy whose first clause carries links of every kind, as if they had got past the
 * checks when the model was loaded and filled in: the renderers are the last guard.
 */
function policyWithLinks(): FilledPolicy {
  const policy = filledDemo();
  const clause = policy.parts.flatMap((part) => part.children).find((child): child is FilledBlock => child.type === 'clause')!;
  const content: (BlockContent | DefinitionContent)[] = [
    {
      type: 'paragraph',
      children: [
        link('https://www.gov.uk/guidance', 'the guidance'),
        space,
        link('mailto:office@example.org', 'email the office'),
        space,
        link('tel:+441234567890', 'ring the office'),
        space,
        link('javascript:alert(1)', 'first bad'),
        space,
        link('JaVa\tScRiPt:alert(2)', 'second bad'),
        space,
        link('data:text/html,<script>alert(3)</script>', 'third bad'),
        space,
        link('//evil.example/', 'fourth bad'),
        space,
        { type: 'linkReference', identifier: 'ref', label: 'ref', referenceType: 'full', children: [{ type: 'text', value: 'fifth bad' }] },
        space,
        { type: 'image', url: 'http://tracker.example/pixel.gif', alt: 'a tracking pixel' },
      ],
    },
    { type: 'definition', identifier: 'ref', label: 'ref', url: 'vbscript:msgbox(1)' },
  ];
  clause.content = content as FilledBlock['content'];
  return policy;
}

const allowed = ['https://www.gov.uk/guidance', 'mailto:office@example.org', 'tel:+441234567890'];

describe('every renderer publishes only allowed links, whatever reaches it', () => {
  it('a web page links only https, http, mailto and tel addresses, shows the words of any other link, and loads no image', () => {
    const html = renderHtmlBody(policyWithLinks());
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!).filter((href) => !href.startsWith('#'));
    expect(hrefs).toEqual(allowed);
    expect(html).toContain('<a href="https://www.gov.uk/guidance">the guidance</a>');
    for (const words of ['first bad', 'second bad', 'third bad', 'fourth bad', 'fifth bad']) expect(html).toMatch(new RegExp(`[ >]${words}[ <]`));
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('a tracking pixel');
  });

  it('a PDF has link annotations only to https, http, mailto and tel addresses', async () => {
    const pdf = Buffer.from(await renderPdf(policyWithLinks())).toString('latin1');
    const uris = [...pdf.matchAll(/\/URI \(([^)]*)\)/g)].map((match) => match[1]!);
    expect([...new Set(uris)].sort()).toEqual([...allowed].sort());
  });

  it('a Word document has hyperlinks only to https, http, mailto and tel addresses', async () => {
    const files = unzipSync(await renderDocx(policyWithLinks()));
    const relations = strFromU8(files['word/_rels/document.xml.rels']!);
    const targets = [...relations.matchAll(/<Relationship [^>]*Target="([^"]*)"[^>]*TargetMode="External"/g)].map((match) => match[1]!);
    expect(targets.sort()).toEqual([...allowed].sort());
    const document = strFromU8(files['word/document.xml']!);
    for (const words of ['first bad', 'fourth bad', 'fifth bad', 'a tracking pixel']) expect(document).toContain(words);
  });

  it('Markdown keeps only https, http, mailto and tel links, the words of any other, and no image', () => {
    const markdown = renderMarkdown(policyWithLinks());
    expect(markdown).toContain('[the guidance](https://www.gov.uk/guidance) [email the office](mailto:office@example.org) [ring the office](tel:+441234567890) first bad second bad third bad fourth bad');
    for (const refused of ['javascript', 'ScRiPt', 'data:', 'evil.example', 'vbscript', 'tracker.example', '![']) expect(markdown).not.toContain(refused);
    expect(markdown).toContain('a tracking pixel');
  });
});
