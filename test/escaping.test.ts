import { readFileSync } from 'node:fs';
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import mammoth from 'mammoth';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from './support/paths.js';
import { pdfText } from './support/poppler.js';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

/** What the hostile school typed, each of which must come out literally, as text. */
const typed = ['<script>alert(1)</script>', '[x](javascript:alert(1))', '**bold**', '{{name}}'];
const root = projectCopy({ 'schools/east-sussex-cc/hostile-school.yaml': readFileSync(join(fixtures, 'hostile-details/school.yaml'), 'utf8') });
const render = (format: string, extra: string[] = []) => policy(['render', 'hostile-school', '--policy', 'social-media', '--format', format, '--root', root, ...extra]);

/** Every element of an HTML document, parsed as a browser would. */
function elements(node: Nodes): Element[] {
  const own = node.type === 'element' ? [node] : [];
  return 'children' in node ? [...own, ...node.children.flatMap((child) => elements(child as Nodes))] : own;
}

/** Checks that no value became markup, and returns the text a reader sees. */
function readAsBrowser(html: string): string {
  const tree = fromHtml(html);
  const all = elements(tree);
  // The only scripts are the site's own: its bundles, and at most one inline line that marks JavaScript as available.
  const scripts = all.filter((element) => element.tagName === 'script');
  for (const script of scripts.filter((element) => element.properties.src !== undefined)) expect(String(script.properties.src)).toMatch(/^\/_astro\/[\w.-]+\.js$/);
  const inline = scripts.filter((element) => element.properties.src === undefined).map((element) => toText(element));
  expect(inline.length).toBeLessThanOrEqual(1);
  for (const code of inline) for (const value of ['alert', 'javascript:', '{{']) expect(code).not.toContain(value);
  expect(all.filter((element) => String(element.properties.href ?? '').startsWith('javascript:'))).toEqual([]);
  expect(all.filter((element) => element.tagName === 'strong' && toText(element) === 'bold')).toEqual([]);
  const body = all.find((element) => element.tagName === 'body')!;
  const title = all.find((element) => element.tagName === 'title')!;
  return `${toText(title)}\n${toText(body)}`;
}

describe("a school's details are shown exactly as typed, never as markup or template code", () => {
  it('in the plain text', () => {
    const { stdout, code } = render('txt');
    expect(code).toBe(0);
    for (const value of typed) expect(stdout).toContain(value);
  });

  it('in the HTML, as text', () => {
    const { stdout, code } = render('html');
    expect(code).toBe(0);
    const text = readAsBrowser(stdout);
    for (const value of typed) expect(text).toContain(value);
  });

  it('in the PDF', () => {
    const file = join(temporaryFolder(), 'hostile.pdf');
    expect(render('pdf', ['--out', file]).code).toBe(0);
    const text = pdfText(file);
    for (const value of typed) expect(text).toContain(value);
  });

  it('in the Word document', async () => {
    const file = join(temporaryFolder(), 'hostile.docx');
    expect(render('docx', ['--out', file]).code).toBe(0);
    const { value } = await mammoth.convertToHtml({ path: file });
    const text = readAsBrowser(`<!doctype html><title>Word</title><body>${value}</body>`);
    for (const value of typed) expect(text).toContain(value);
  });

  it('on the built site', () => {
    const out = join(temporaryFolder(), 'dist');
    const build = policy(['build', '--root', root, '--out', out]);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const page = readFileSync(join(out, 'schools/hostile-school/social-media/index.html'), 'utf8');
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    const pageText = readAsBrowser(page);
    for (const value of typed) expect(pageText).toContain(value);
    expect(readAsBrowser(home)).toContain(typed[0]);
    // The school's own page lists every detail it filled in.
    const schoolText = readAsBrowser(readFileSync(join(out, 'schools/hostile-school/index.html'), 'utf8'));
    for (const value of typed) expect(schoolText).toContain(value);
  });
});
