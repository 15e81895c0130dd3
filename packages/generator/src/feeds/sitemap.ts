import { escapeXml, xmlDeclaration } from './xml.js';

/** The most addresses one sitemap file may list (sitemaps.org). */
export const sitemapLimit = 50_000;

const namespace = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** The sitemap's name, in the root of the site, where it may list every address of the site. */
export const sitemapName = 'sitemap.xml';

/**
 * The address of each page from the site's address and the page's path: `/schools/x/` →
 * `https://policies.example.org/schools/x/`, with anything an address cannot hold percent-encoded.
 */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path.replace(/^\/+/, ''), siteUrl).href;
}

/** A sitemap (sitemaps.org protocol) of some addresses, sorted, with no dates: no page here has a real one. */
export function renderSitemap(urls: readonly string[]): string {
  return [xmlDeclaration, `<urlset xmlns="${namespace}">`, ...[...urls].sort().map((url) => `  <url><loc>${escapeXml(url)}</loc></url>`), '</urlset>', ''].join('\n');
}

/** A sitemap index: the addresses of the sitemaps that together list the site. */
export function renderSitemapIndex(sitemapUrls: readonly string[]): string {
  return [xmlDeclaration, `<sitemapindex xmlns="${namespace}">`, ...sitemapUrls.map((url) => `  <sitemap><loc>${escapeXml(url)}</loc></sitemap>`), '</sitemapindex>', ''].join('\n');
}

/**
 * The sitemap files for the site's pages, each a path in the site's root and its text: one
 * `sitemap.xml`, or, past `limit` pages, `sitemap.xml` as an index of `sitemap-1.xml`,
 * `sitemap-2.xml` and so on. They stay in the root, because a sitemap may list only addresses at
 * or below its own folder.
 */
export function sitemapFiles(siteUrl: string, pagePaths: readonly string[], limit = sitemapLimit): { path: string; text: string }[] {
  const urls = [...new Set(pagePaths.map((path) => absoluteUrl(siteUrl, path)))].sort();
  if (urls.length <= limit) return [{ path: sitemapName, text: renderSitemap(urls) }];
  const parts: { path: string; text: string }[] = [];
  for (let start = 0; start < urls.length; start += limit) {
    parts.push({ path: `sitemap-${parts.length + 1}.xml`, text: renderSitemap(urls.slice(start, start + limit)) });
  }
  return [{ path: sitemapName, text: renderSitemapIndex(parts.map((part) => absoluteUrl(siteUrl, part.path))) }, ...parts];
}

/** `robots.txt`: every page may be crawled, and where the sitemap is. */
export function renderRobots(siteUrl: string): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${absoluteUrl(siteUrl, sitemapName)}`, ''].join('\n');
}
