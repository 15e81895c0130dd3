import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { refusedLinks, safeUrl } from '../src/index.js';

describe('safeUrl', () => {
  it('keeps web, email and telephone addresses as a browser reads them', () => {
    expect(safeUrl('https://www.gov.uk/guidance')).toBe('https://www.gov.uk/guidance');
    expect(safeUrl('http://www.saferinternet.org.uk')).toBe('http://www.saferinternet.org.uk');
    expect(safeUrl('HTTPS://EXAMPLE.ORG/')).toBe('HTTPS://EXAMPLE.ORG/');
    expect(safeUrl('mailto:helpline@saferinternet.org.uk')).toBe('mailto:helpline@saferinternet.org.uk');
    expect(safeUrl('tel:+443443814772')).toBe('tel:+443443814772');
    expect(safeUrl('  https://example.org/a\tb\n ')).toBe('https://example.org/ab');
  });

  it('keeps links within the site in a page, but not in a PDF or a Word document', () => {
    for (const url of ['/schools/', '#friend-requests', '?q=policy', 'history/']) {
      expect(safeUrl(url)).toBe(url);
      expect(safeUrl(url, { inSite: false })).toBeUndefined();
    }
  });

  it('refuses every other scheme, however it is spelt', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'java\u00a0script:alert(1)',
      'javascript\u200b:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'DATA:image/svg+xml;base64,PHN2Zz4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.org/',
      'blob:https://example.org/1',
      'intent://example#Intent;end',
    ]) {
      expect(safeUrl(url), url).toBeUndefined();
      expect(safeUrl(url, { inSite: false }), url).toBeUndefined();
    }
  });

  it('refuses an address of another host without a scheme', () => {
    for (const url of ['//evil.example/', '\\\\evil.example', '/\\evil.example', ' //evil.example']) expect(safeUrl(url), url).toBeUndefined();
  });

  it('has nothing to keep when there is no address', () => {
    expect(safeUrl(undefined)).toBeUndefined();
  });
});

describe('refusedLinks', () => {
  const parse = (markdown: string) => unified().use(remarkParse).parse(markdown);

  it('finds links whose address Markdown decodes to a refused scheme', () => {
    const found = refusedLinks(
      parse(
        [
          '[a](javascript:alert(1)) [b](&#106;avascript:alert(1)) [c](java&#x09;script:alert(1))',
          '<JavaScript:alert(1)> [d][e] [f](//evil.example)',
          '',
          '[e]: vbscript:msgbox(1)',
        ].join('\n'),
      ),
    );
    expect(found.map((link) => [link.node, link.url, link.line, link.column])).toEqual([
      ['link', 'javascript:alert(1)', 1, 1],
      ['link', 'javascript:alert(1)', 1, 26],
      ['link', 'java\tscript:alert(1)', 1, 56],
      ['link', 'JavaScript:alert(1)', 2, 1],
      ['link', '//evil.example', 2, 30],
      ['definition', 'vbscript:msgbox(1)', 4, 1],
    ]);
  });

  it('finds every image, wherever it is loaded from', () => {
    const found = refusedLinks(parse('![a](http://tracker.example/p.gif) ![b](/logo.png) ![c][d]\n\n[d]: https://example.org/x.png'));
    expect(found.map((link) => [link.node, link.url, link.column])).toEqual([
      ['image', 'http://tracker.example/p.gif', 1],
      ['image', '/logo.png', 36],
      ['image', '[d]', 52],
    ]);
  });

  it('leaves the links a policy may have', () => {
    expect(refusedLinks(parse('<https://www.gov.uk> <helpline@saferinternet.org.uk> [call](tel:0344) [up](#top) [x](/schools/)'))).toEqual([]);
  });
});
