import * as z from 'zod';

const addressExample = 'https://policies.example.org/';

/**
 * Whether a value is the root of a web address: http or https, a host, and no path, query or
 * fragment. The site's pages link to each other from the root of their host (`/schools/…`), so an
 * address with a path would give every sitemap and feed entry the wrong address.
 */
function isSiteRoot(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
}

/** `https://policies.example.org` → `https://policies.example.org/`: the address as URL parsing writes it, ending with `/`. */
function normaliseAddress(text: string): string {
  return new URL(text).href;
}

/** The site's public address: an absolute http(s) address of the root of a host, normalised to end with `/`. */
export const siteAddressSchema = z
  .string({ error: `expected the web address the site is published at, such as ${addressExample}` })
  .trim()
  .refine(
    isSiteRoot,
    `expected the web address the site is published at, starting https:// (or http://) and with nothing after the host, such as ${addressExample}: the site's pages link to each other from the root of that address`,
  )
  .transform(normaliseAddress);

/** `site.yaml`, beside templates/ and schools/: what the published site is called and where it is. */
export const siteFileSchema = z.strictObject({
  name: z
    .string({ error: 'expected the name of the site, such as School policies' })
    .trim()
    .min(1, 'it is empty')
    .refine((text) => !/[\r\n]/.test(text), 'it must be on one line')
    .describe("The site's name, as feed readers and calendars show it: name: School policies"),
  url: siteAddressSchema.describe(
    `The address the site is published at, used for the sitemap, the feeds and the calendars, which need absolute addresses: url: ${addressExample}`,
  ),
  contact: z
    .email({ error: 'expected an email address, such as policies@example.org' })
    .optional()
    .describe('An email address for reports of accessibility or content problems: contact: policies@example.org'),
});
export type SiteFile = z.output<typeof siteFileSchema>;
