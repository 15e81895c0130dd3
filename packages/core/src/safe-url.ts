/**
 * The one rule for every link the project publishes, in a web page, a PDF or a Word document:
 * an address on the web (`https:`, `http:`), an email address (`mailto:`), a telephone number
 * (`tel:`), or a link within the site (`/schools/`, `#friend-requests`, `?q=…`). Nothing else:
 * `javascript:`, `data:`, `vbscript:`, `file:` and every other scheme can run code, show content
 * that is not the site's, or open something on the reader's computer.
 */

/** The schemes a link may have, in the order a hint lists them. */
export const allowedSchemes = ['https', 'http', 'mailto', 'tel'] as const;

/** What a link may be, for a hint: the allowed kinds of link in words. */
export const allowedLinks = 'an https:// or http:// address, a mailto: email address, a tel: telephone number, or a link within the site starting with / or #';

/** Where an address points, as a browser reads it. */
export type UrlKind =
  | { kind: 'allowed'; url: string }
  | { kind: 'in-site'; url: string }
  | { kind: 'scheme'; scheme: string }
  | { kind: 'other-host'; url: string };

/**
 * Reads an address as a browser would before it follows it: leading and trailing spaces and
 * control characters are dropped, and tabs and line breaks anywhere are removed, so `java\tscript:`
 * is `javascript:`. This goes further and removes every space and control character, so no
 * spelling of a scheme can slip past; an address that needs a space writes it `%20`. A backslash
 * counts as a slash, as browsers count it in web addresses.
 */
export function classifyUrl(url: string): UrlKind {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  // What is published is the address as a browser reads it; the check above reads more strictly.
  // eslint-disable-next-line no-control-regex
  const read = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  if (scheme !== undefined) {
    return (allowedSchemes as readonly string[]).includes(scheme) ? { kind: 'allowed', url: read } : { kind: 'scheme', scheme };
  }
  // `//host/…` (or `\\host`, `/\host`) is another host, reached by whatever scheme the page has:
  // in a PDF or a Word document, which have none, it goes nowhere.
  if (/^[/\\]{2}/.test(cleaned)) return { kind: 'other-host', url: read };
  return { kind: 'in-site', url: read };
}

/**
 * The address to publish for a link, or `undefined` when it must not be a link. With
 * `inSite: false` (a PDF or a Word document, which have no site around them to resolve a link
 * within it), only absolute `https:`, `http:`, `mailto:` and `tel:` addresses are kept.
 */
export function safeUrl(url: string | undefined, options: { inSite?: boolean } = {}): string | undefined {
  if (url === undefined) return undefined;
  const read = classifyUrl(url);
  if (read.kind === 'allowed') return read.url;
  if (read.kind === 'in-site' && options.inSite !== false) return read.url;
  return undefined;
}
