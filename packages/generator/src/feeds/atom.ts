import { atomTimestamp } from './dates.js';
import { escapeXml, xmlDeclaration } from './xml.js';

/** Who a feed is from (RFC 4287 section 3.2). */
export interface AtomPerson {
  name: string;
  uri?: string | undefined;
  email?: string | undefined;
}

/** One entry of a feed. Addresses are absolute; the date is a year, a month or a day from the data. */
export interface AtomEntry {
  /** A permanent, unique identifier: it never changes, even when the entry's page moves. */
  id: string;
  title: string;
  /** When it happened, as the data gives it: `2026-09` or `2026-10-14`. */
  updated: string;
  /** The page the entry is about. */
  href: string;
  summary: string;
}

/** An Atom feed (RFC 4287). */
export interface AtomFeed {
  /** The feed's own address, which is also its id. */
  selfHref: string;
  /** The page the feed belongs to. */
  alternateHref: string;
  title: string;
  subtitle?: string | undefined;
  author: AtomPerson;
  /** The language of its text: `en-GB`. */
  language: string;
  entries: readonly AtomEntry[];
}

/** Entries newest first; entries of the same day in the order of their ids, so the order never varies. */
export function newestFirst<T extends { id: string; updated: string }>(entries: readonly T[]): T[] {
  const key = (entry: T) => atomTimestamp(entry.updated);
  return [...entries].sort((a, b) => (key(a) === key(b) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : key(a) > key(b) ? -1 : 1));
}

function element(name: string, text: string, attributes = ''): string {
  return `<${name}${attributes}>${escapeXml(text)}</${name}>`;
}

function link(rel: string, type: string, href: string): string {
  return `<link rel="${rel}" type="${type}" href="${escapeXml(href)}"/>`;
}

function person(role: string, who: AtomPerson): string[] {
  return [
    `  <${role}>`,
    `    ${element('name', who.name)}`,
    ...(who.uri ? [`    ${element('uri', who.uri)}`] : []),
    ...(who.email ? [`    ${element('email', who.email)}`] : []),
    `  </${role}>`,
  ];
}

function entry(item: AtomEntry): string[] {
  return [
    '  <entry>',
    `    ${element('id', item.id)}`,
    `    ${element('title', item.title, ' type="text"')}`,
    `    ${element('updated', atomTimestamp(item.updated))}`,
    `    ${link('alternate', 'text/html', item.href)}`,
    `    ${element('summary', item.summary, ' type="text"')}`,
    '  </entry>',
  ];
}

/**
 * The feed as XML: entries newest first, and the feed updated when its newest entry was, never
 * when it was built, so the same data gives the same bytes.
 */
export function renderAtomFeed(feed: AtomFeed): string {
  const entries = newestFirst(feed.entries);
  const newest = entries[0];
  if (!newest) throw new Error(`The feed ${feed.selfHref} has no entries to take its date from.`);
  return [
    xmlDeclaration,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    `  ${element('id', feed.selfHref)}`,
    `  ${element('title', feed.title, ' type="text"')}`,
    ...(feed.subtitle ? [`  ${element('subtitle', feed.subtitle, ' type="text"')}`] : []),
    `  ${element('updated', atomTimestamp(newest.updated))}`,
    `  ${link('self', 'application/atom+xml', feed.selfHref)}`,
    `  ${link('alternate', 'text/html', feed.alternateHref)}`,
    ...person('author', feed.author),
    ...entries.flatMap(entry),
    '</feed>',
    '',
  ].join('\n');
}
