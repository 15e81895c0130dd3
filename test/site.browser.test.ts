import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type OpenSite } from './support/browser.js';
import { siteDist } from './support/paths.js';
import { sitePages } from './support/site-pages.js';

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let context: BrowserContext;
let site: OpenSite;

beforeAll(async () => {
  site = await openSite(siteDist);
  context = site.context;
});

afterAll(async () => {
  await site?.close();
});

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`);
}

describe('the built site in a browser', () => {
  it('goes from the home page to Laughton\'s policy, shows its heading and clauses, and links its PDF', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    // The home page lists each school once for each of its policies.
    await page.getByRole('link', { name: 'Laughton Community Primary School', exact: true }).first().click();
    await page.waitForURL('**/schools/laughton-cps/');
    await page.getByRole('link', { name: 'Read Laughton Community Primary School’s Social Media Policy' }).click();
    await page.waitForURL('**/schools/laughton-cps/social-media/');

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Laughton Community Primary School Social Media Policy');
    await expect(page.getByRole('heading', { level: 2, name: '6 Personal use of social media' }).isVisible()).resolves.toBe(true);
    const clause = page.locator('#friend-requests');
    await expect(clause.textContent()).resolves.toContain("6.6Staff members must decline 'friend requests' from pupils they receive in their personal social media accounts.");

    const link = page.getByRole('link', { name: 'Download the Social Media Policy as a PDF' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/schools/laughton-cps/social-media/laughton-cps-social-media.pdf');
    const response = await page.request.get(new URL(href!, page.url()).href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const word = page.getByRole('link', { name: 'Download as a Word document (.docx)' });
    const wordHref = await word.getAttribute('href');
    expect(wordHref).toBe('/schools/laughton-cps/social-media/laughton-cps-social-media.docx');
    const wordResponse = await page.request.get(new URL(wordHref!, page.url()).href);
    expect(wordResponse.status()).toBe(200);
    expect(wordResponse.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await wordResponse.body()).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    await page.close();
  });

  it('follows a contents link to its section', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/schools/laughton-cps/social-media/`);
    await page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: '9 Breaches of the policy' }).click();
    expect(new URL(page.url()).hash).toBe('#breaches');
    await expect(page.locator('#breaches').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("shows a publisher's blank template with its blanks highlighted", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/publishers/merthyr-tydfil/social-media/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('[insert school name] Social Media Policy');
    const blanks = page.locator('mark.blank');
    expect(await blanks.count()).toBeGreaterThan(20);
    await expect(blanks.first().textContent()).resolves.toBe('[insert school name]');
    await page.close();
  });

  it("shows Laughton's renewal as a redline: summary first, insertions and deletions marked without relying on colour", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/schools/laughton-cps/social-media/`);
    await page.getByRole('link', { name: 'What changed since version 1' }).click();
    await page.waitForURL('**/schools/laughton-cps/social-media/changes/v1-to-v2/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Social Media Policy: what changed');

    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf('Summary')).toBeLessThan(headings.indexOf('Changes, section by section'));

    const change = page.locator('#change-other-laws');
    await expect(change.getByRole('heading', { level: 4 }).textContent()).resolves.toBe('Clause 3.3: “Staff members should also be aware that other…”');
    const deletion = change.locator('del', { hasText: '1998' }).first();
    const insertion = change.locator('ins', { hasText: '1988' }).first();
    // Marked in words, which print in greyscale and are read aloud, and by line style, not only by colour.
    await expect(deletion.innerText()).resolves.toBe('[Removed: 1998]');
    await expect(insertion.innerText()).resolves.toBe('[Added: 1988]');
    expect(await deletion.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('line-through');
    expect(await insertion.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('underline');
    expect(await page.locator('.redline-text ins').count()).toBeGreaterThan(10);
    expect(await page.locator('.redline-text del').count()).toBeGreaterThan(5);
    await expect(page.locator('#change-monitoring-without-notice').count()).resolves.toBe(0);
    await expect(page.getByText('Clause 8.2 (was 8.1): “Laughton Community Primary School monitors usage of its…”').isVisible()).resolves.toBe(true);
    // Summary first: the release's summary for governors comes before the counts and the changes.
    const summary = await page.locator('.redline-release').first().innerText();
    expect(summary).toContain('Release September 2026: Up to date with the law and guidance in force in September 2026');
    expect(await page.locator('#main-content').innerText()).not.toContain('monitoring-without-notice');
    expect(await violations(page)).toEqual([]);

    const pdf = await page.request.get(new URL(await page.getByRole('link', { name: /Download this comparison as a PDF/ }).getAttribute('href') ?? '', page.url()).href);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await page.close();
  });

  it('works a redline page with the keyboard only: skip link, a section link, the download link', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/schools/laughton-cps/social-media/changes/v1-to-v2/`);
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    const tabTo = async (text: string) => {
      for (let step = 0; step < 30 && (await focused()) !== text; step++) await page.keyboard.press('Tab');
      await expect(focused()).resolves.toBe(text);
    };
    await tabTo('3 Legal framework');
    await page.keyboard.press('Enter');
    // Following the link updates the address after the key is handled: on a busy machine, not at once.
    await page.waitForURL((url) => url.hash === '#section-legal-framework', { timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe('#section-legal-framework');
    await expect(page.locator('#section-legal-framework').isVisible()).resolves.toBe(true);
    // From the top again, the download is reached by the keyboard too.
    await page.goto(`${site.url}/schools/laughton-cps/social-media/changes/v1-to-v2/`);
    await page.keyboard.press('Tab');
    await tabTo('Download this comparison as a PDF for the meeting pack');
    expect(await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'))).toBe(
      '/schools/laughton-cps/social-media/changes/v1-to-v2/laughton-cps-social-media-v1-to-v2-changes.pdf',
    );
    await page.close();
  });

  it('marks a replaced version and points to the current one', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/schools/laughton-cps/social-media/history/`);
    await page.getByRole('link', { name: 'Read version 1' }).click();
    await page.waitForURL('**/schools/laughton-cps/social-media/versions/v1/');
    const banner = page.getByRole('region', { name: 'Replaced' });
    await expect(banner.textContent()).resolves.toContain("This is version 1 of Laughton Community Primary School's Social Media Policy, as approved November 2017. It has been replaced.");
    await banner.getByRole('link', { name: 'Read the current version' }).click();
    await page.waitForURL('**/schools/laughton-cps/social-media/');
    await expect(page.getByRole('region', { name: 'Replaced' }).count()).resolves.toBe(0);
    await expect(page.locator('.app-approval').textContent()).resolves.toContain('Full governing body');
    await page.close();
  });

  it('finds a school by its name with search', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await page.getByRole('searchbox', { name: 'Search schools and policies' }).fill('Evendons Primary');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL('**/search/?q=Evendons+Primary');
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toMatch(/^\d+ results? for “Evendons Primary”$/);
    const first = page.locator('#search-list > li').first();
    await expect(first.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Evendons Primary School');
    await expect(first.getByRole('heading', { level: 2 }).getByRole('link').getAttribute('href')).resolves.toBe('/schools/evendons-primary/');
    await expect(first.locator('.app-search-result__kind').textContent()).resolves.toBe('School');
    expect(await violations(page)).toEqual([]);

    // A school that publishes its own policy is found as a school and as a publisher, before its policies.
    await page.goto(`${site.url}/search/?q=Twiss+Green`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toMatch(/results? for “Twiss Green”$/);
    const topTwo = await page.locator('#search-list > li h2 a').evaluateAll((links) => links.slice(0, 2).map((link) => link.getAttribute('href')));
    expect(topTwo.sort()).toEqual(['/publishers/twiss-green/', '/schools/twiss-green-cps/']);
    await page.close();
  });

  it('finds the policy and the clause from a phrase of the clause', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/search/?q=${encodeURIComponent('decline friend requests from pupils')}`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toMatch(/results? for “decline friend requests from pupils”$/);
    const laughton = page.locator('#search-list > li').filter({ has: page.locator('a[href="/schools/laughton-cps/social-media/"]') });
    await expect(laughton.count()).resolves.toBe(1);
    await expect(laughton.locator('.app-search-result__kind').textContent()).resolves.toBe('School policy');
    const clause = laughton.getByRole('link', { name: 'Clause 6.6' });
    await expect(clause.getAttribute('href')).resolves.toBe('/schools/laughton-cps/social-media/#friend-requests');
    await expect(laughton.locator('mark').allTextContents()).resolves.toEqual(expect.arrayContaining(['decline', 'pupils']));
    // A replaced version is not offered: search finds the policy in force.
    await expect(page.locator('#search-list a[href*="/versions/"]').count()).resolves.toBe(0);
    expect(await violations(page)).toEqual([]);
    await clause.click();
    await page.waitForURL('**/schools/laughton-cps/social-media/#friend-requests');
    await expect(page.locator('#friend-requests').textContent()).resolves.toContain("Staff members must decline 'friend requests' from pupils");

    // Search covers every policy: a phrase of a complaints procedure finds it, and its clause.
    await page.goto(`${site.url}/search/?q=${encodeURIComponent('School Complaints Unit')}`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toMatch(/results? for “School Complaints Unit”$/);
    const complaints = page.locator('#search-list > li').filter({ has: page.locator('a[href="/schools/laughton-cps/complaints/"]') });
    await expect(complaints.count()).resolves.toBe(1);
    await expect(complaints.locator('a[href="/schools/laughton-cps/complaints/#outside-body"]').count()).resolves.toBe(1);
    await page.close();
  });

  it('says so when nothing is found', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/search/?q=zzxqv`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toBe('No results for “zzxqv”. Check the spelling or use fewer words.');
    await expect(page.locator('#search-list > li').count()).resolves.toBe(0);
    await page.close();
  });

  it('works the schools filters and search with the keyboard only', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/schools/`);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let step = 0; step < 60 && (await focused()) !== id; step++) await page.keyboard.press('Tab');
      await expect(focused()).resolves.toBe(id);
    };
    // A row is one policy of one school: the school's name, then the policy's.
    const shown = () => page.locator('#schools-table tbody tr:not([hidden]) th > a').allTextContents();
    // Each policy's link ends with its school's name for screen readers ("Complaints Procedure of Laughton…"): the policy is what comes first.
    const shownPolicies = async () => (await page.locator('#schools-table tbody tr:not([hidden]) th .app-policy-name a').allTextContents()).map((text) => text.split(' of ')[0]);
    const status = () => page.locator('#schools-count').textContent();
    await expect(status()).resolves.toBe('Showing all 14 policies');

    await tabTo('filter-status-not-adopted');
    await page.keyboard.press('Space');
    await expect(status()).resolves.toBe('Showing 6 of 14 policies');
    await expect(shown()).resolves.toEqual(['Example Academy', 'Example Academy', 'Example Primary Academy', 'Example Primary Academy', 'Example Primary School', 'Example Primary School']);
    expect(new URL(page.url()).search).toBe('?status=not-adopted');

    // Across groups every filter must match: no East Sussex school is without an adopted version.
    await tabTo('filter-publisher-east-sussex-cc');
    await page.keyboard.press('Space');
    await expect(status()).resolves.toBe('Showing 0 of 14 policies');
    await expect(page.locator('#schools-none').isVisible()).resolves.toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Space');
    await expect(shown()).resolves.toHaveLength(6);

    // Within a group any ticked box matches.
    await tabTo('filter-status-current');
    await page.keyboard.press('Space');
    await expect(status()).resolves.toBe('Showing all 14 policies');

    // One policy: each school's complaints procedure, whatever the state of its other policies.
    await tabTo('filter-policy-complaints');
    await page.keyboard.press('Space');
    await expect(status()).resolves.toBe('Showing 7 of 14 policies');
    await expect(shownPolicies()).resolves.toEqual(Array(7).fill('Complaints Procedure'));
    expect(new URL(page.url()).search).toBe('?status=current&status=not-adopted&policy=complaints');

    // The address keeps the filters: a shared link opens the same list.
    await page.goto(`${site.url}/schools/?status=current&variant=la`);
    await expect(shown()).resolves.toEqual(['Laughton Community Primary School', 'Laughton Community Primary School', 'Twiss Green Community Primary School', 'Twiss Green Community Primary School']);
    await expect(shownPolicies()).resolves.toEqual(['Social Media Policy', 'Complaints Procedure', 'Social Media Policy', 'Complaints Procedure']);
    await expect(page.locator('#filter-variant-la').isChecked()).resolves.toBe(true);

    // Search from the same page, then open the first result, all from the keyboard.
    await tabTo('search-input');
    await page.keyboard.type('Laughton');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search/?q=Laughton');
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toMatch(/results? for “Laughton”$/);
    for (let step = 0; step < 60; step++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => !!document.activeElement?.closest('#search-list'))) break;
    }
    await expect(page.evaluate(() => document.activeElement?.getAttribute('href'))).resolves.toBe('/schools/laughton-cps/');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/schools/laughton-cps/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Laughton Community Primary School');
    await page.close();
  });

  it("opens a release's clause browser at the clause a change names, with where it appears in each template", async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}/models/social-media/releases/2026-09/`);
    await expect(page.locator('#clause-other-laws').isVisible()).resolves.toBe(false);
    await page.locator('a[href="#clause-other-laws"]').first().click();
    await expect.poll(() => page.locator('#clause-other-laws').isVisible()).toBe(true);
    const use = page.locator('#clause-other-laws').getByRole('link', { name: 'East Sussex County Council 3.3' });
    await expect(use.getAttribute('href')).resolves.toBe('/publishers/east-sussex-cc/social-media/#other-laws');
    await page.close();
  });

  it('has more than the home page to check', () => {
    expect(sitePages().length).toBeGreaterThan(10);
  });

  it.each(sitePages())('has no WCAG 2.2 A or AA violations that axe can find, and reflows to 320px wide without scrolling sideways, on %s', async (path) => {
    const page = await context.newPage();
    await page.goto(`${site.url}${path}`);
    expect(await violations(page)).toEqual([]);
    // WCAG 1.4.10 Reflow: at 320 CSS pixels the page itself never scrolls horizontally (a wide table may scroll in its own region).
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.close();
  });
});
