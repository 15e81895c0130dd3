import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveFolder } from './support/browser.js';
import { elements } from './support/hast.js';
import { policy } from './support/policy-cli.js';
import { projectCopy, temporaryFolder } from './support/project-copy.js';

// A project of this repository's models and schools, with its own site.yaml, a school whose name
// is one long word after another, and a publisher that published its model after the latest release.
const siteName = 'Wessex schools’ policy library';
const contact = 'accessibility@wessex.example';
const longName = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Church in Wales Voluntary Controlled Community Primary School';
let out: string;

beforeAll(() => {
  const laughton = readFileSync(join(projectCopy(), 'schools/east-sussex-cc/laughton-cps.yaml'), 'utf8');
  const root = projectCopy({
    'site.yaml': `name: ${siteName}\nurl: https://policies.wessex.example/\ncontact: ${contact}\n`,
    // Laughton's details, under a long name, with no review date and nothing adopted yet.
    'schools/east-sussex-cc/long-name.yaml': laughton
      .replace(/^name: .*$/m, `name: ${longName}`)
      .replace(/^    reviewed: .*\n/m, '')
      .replace(/^    adoptions:\n(?: {6}.*\n)*/gm, '')
      .replace(/^  complaints:\n(?! {4})/m, ''),
  });
  // The example trust took up only the latest release of the social media model.
  const publisher = join(root, 'schools/example-mat/publisher.yaml');
  const taken = readFileSync(publisher, 'utf8').replace(/( {4}releases:\n) {6}- release: 2016-06\n {8}since: .*\n {6}- release: 2026-09\n {8}since: .*\n/, '$1      - release: 2026-09\n        since: 2026-10\n');
  expect(taken).toContain('      - release: 2026-09\n        since: 2026-10\n');
  writeFileSync(publisher, taken);
  expect(readFileSync(join(root, 'schools/east-sussex-cc/long-name.yaml'), 'utf8')).not.toContain('adoptions');
  const adopted = policy(['adopt', 'long-name', '--policy', 'social-media', '--root', root, '--approved', '2026-11-20', '--signed', 'Jane Smith, Chair of Governors', '--signed', 'Headteacher']);
  expect(adopted.stderr).toBe('');
  out = join(temporaryFolder(), 'site');
  const built = policy(['build', '--root', root, '--out', out]);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
});

/** Every page the build wrote, as the path a browser asks for. */
function pages(): string[] {
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => `/${relative(out, join(entry.parentPath, entry.name)).split(sep).join('/')}`.replace(/index\.html$/, ''));
}

function page(path: string): Element[] {
  return elements(fromHtml(readFileSync(join(out, path, path.endsWith('/') ? 'index.html' : ''), 'utf8')));
}

describe("the site's name and contact, from site.yaml", () => {
  it("heads every page and ends every page's title", () => {
    const wrong: string[] = [];
    for (const path of pages()) {
      const all = page(path);
      const home = all.find((element) => (element.properties.className as string[] | undefined)?.includes('govuk-generic-header__homepage-link'));
      const title = toText(all.find((element) => element.tagName === 'title')!);
      if (!home || toText(home) !== siteName) wrong.push(`${path}: the header says "${home ? toText(home) : ''}"`);
      if (path === '/' ? title !== siteName : !title.endsWith(` – ${siteName}`)) wrong.push(`${path}: the title is "${title}"`);
    }
    expect(wrong).toEqual([]);
    expect(pages().length).toBeGreaterThan(30);
  });

  it('gives the contact address in the accessibility statement, as a link to write to', () => {
    const links = page('/accessibility/').filter((element) => element.tagName === 'a' && element.properties.href === `mailto:${contact}`);
    expect(links.map((link) => toText(link))).toEqual([contact]);
    const text = toText(fromHtml(readFileSync(join(out, 'accessibility/index.html'), 'utf8')));
    expect(text).toContain(`This statement applies to ${siteName}, this website of school policies`);
    expect(text).toContain(`To report a problem with the accessibility of this website itself, or with its content, email: ${contact}`);
  });
});

describe("a publisher's page", () => {
  /** The releases the page's table of releases lists, each a row headed by a link to the release. */
  const releases = (publisher: string) =>
    page(`/publishers/${publisher}/`)
      .filter((element) => element.tagName === 'th' && element.properties.scope === 'row')
      .flatMap((header) => elements(header).filter((element) => element.tagName === 'a'))
      .map((link) => String(link.properties.href))
      .filter((href) => href.startsWith('/models/social-media/releases/'));

  it('lists only the releases the publisher took up', () => {
    expect(releases('example-mat')).toEqual(['/models/social-media/releases/2026-09/']);
    expect(pages().filter((path) => path.startsWith('/publishers/example-mat/social-media/releases/'))).toEqual([]);
    expect(releases('east-sussex-cc')).toEqual(['/models/social-media/releases/2026-09/', '/models/social-media/releases/2016-06/']);
  });
});

describe("a school's page", () => {
  const summary = (school: string) => page(`/schools/${school}/`).filter((element) => (element.properties.className as string[] | undefined)?.includes('govuk-details__summary-text')).map((element) => toText(element));

  it('counts the details the school gave, once for all its policies and for each, as a reader says it: one detail, 3 details, none', () => {
    expect(summary('example-primary-academy')).toEqual(['Show the detail the school gave for its Social Media Policy', 'Show the 2 details the school gave for its Complaints Procedure']);
    expect(summary('laughton-cps')).toEqual(['Show the 2 details the school gave for all its policies', 'Show the 3 details the school gave for its Social Media Policy']);
    expect(summary('evendons-primary')).toEqual([]);
    expect(toText(fromHtml(readFileSync(join(out, 'schools/evendons-primary/index.html'), 'utf8')))).toContain('The school filled in no details of its own: Bellevue Place Education Trust sets them all.');
  });

  it('names each signatory of an adopted version with their role', () => {
    const text = toText(fromHtml(readFileSync(join(out, 'schools/long-name/social-media/index.html'), 'utf8')));
    expect(text).toMatch(/Signed by\s*Jane Smith, Chair of Governors; Headteacher/);
  });
});

describe('at 320 CSS pixels wide, with a very long school name', () => {
  let close: () => Promise<void>;
  let site: { url: string; close: () => Promise<void> };
  let browser: Awaited<ReturnType<typeof launchBrowser>>['browser'];

  beforeAll(async () => {
    site = await serveFolder(out);
    ({ browser, close } = await launchBrowser());
  });
  afterAll(async () => {
    await close?.();
    await site?.close();
  });

  it.each(['/schools/long-name/', '/schools/long-name/social-media/', '/schools/long-name/social-media/history/', '/publishers/east-sussex-cc/', '/schools/'])('%s reflows without scrolling sideways', async (path) => {
    const tab = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await tab.goto(`${site.url}${path}`);
    expect(await tab.evaluate(() => document.body.textContent)).toContain('Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch');
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await tab.close();
  });
});
