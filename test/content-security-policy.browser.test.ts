import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type OpenSite } from './support/browser.js';
import { siteDist } from './support/paths.js';

let context: BrowserContext;
let site: OpenSite;

beforeAll(async () => {
  site = await openSite(siteDist);
  context = site.context;
  // Every page records what its Content-Security-Policy blocked, as the browser reports it.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`));
  });
});

afterAll(async () => {
  await site?.close();
});

/** A page that keeps what the browser blocked and every error and warning it logged. */
async function watchedPage(): Promise<{ page: Page; blocked: () => Promise<string[]>; logged: string[] }> {
  const page = await context.newPage();
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') logged.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => logged.push(`page error: ${error.message}`));
  return { page, logged, blocked: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations) };
}

describe('the built site under its Content-Security-Policy', () => {
  it.each([
    '/',
    '/schools/laughton-cps/',
    '/schools/laughton-cps/social-media/',
    '/schools/laughton-cps/social-media/changes/v1-to-v2/',
    '/publishers/merthyr-tydfil/social-media/',
    '/models/social-media/releases/2016-06/',
    '/models/social-media/releases/2026-09/',
    '/accessibility/',
    '/404.html',
  ])('%s loads and runs with nothing blocked and no errors', async (path) => {
    const { page, blocked, logged } = await watchedPage();
    const response = await page.goto(`${site.url}${path}`);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('load');
    // The line that marks JavaScript as available ran, and GOV.UK Frontend started.
    await expect(page.evaluate(() => document.body.classList.contains('js-enabled'))).resolves.toBe(true);
    await expect(blocked()).resolves.toEqual([]);
    expect(logged).toEqual([]);
    await page.close();
  });

  it('searches with Pagefind, its WebAssembly and its worker, with nothing blocked', async () => {
    const { page, blocked, logged } = await watchedPage();
    await page.goto(`${site.url}/search/?q=${encodeURIComponent('decline friend requests from pupils')}`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000 }).toMatch(/results? for “decline friend requests from pupils”$/);
    await expect(page.locator('#search-list a[href="/schools/laughton-cps/social-media/#friend-requests"]').count()).resolves.toBe(1);
    await expect(blocked()).resolves.toEqual([]);
    expect(logged).toEqual([]);
    await page.close();
  });

  it('filters the schools with nothing blocked', async () => {
    const { page, blocked, logged } = await watchedPage();
    await page.goto(`${site.url}/schools/`);
    await page.locator('#filter-status-not-adopted').check();
    await expect(page.locator('#schools-count').textContent()).resolves.toBe('Showing 6 of 14 policies');
    await expect(blocked()).resolves.toEqual([]);
    expect(logged).toEqual([]);
    await page.close();
  });

  it('blocks a script that is not the site’s own, and says so', async () => {
    const { page, blocked } = await watchedPage();
    await page.goto(`${site.url}/schools/laughton-cps/social-media/`);
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.body.append(script);
      const image = new Image();
      image.src = 'https://tracker.example/pixel.gif';
      document.body.append(image);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(blocked).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-elem blocked inline/), expect.stringMatching(/^img-src blocked https:\/\/tracker\.example\/pixel\.gif/)]));
    await page.close();
  });
});
