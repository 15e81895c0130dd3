import { withoutUnsafeCharacters } from '@school-policy/core';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { atomTimestamp, firstDay } from '../feeds/dates.js';
import { escapeXml, xmlDeclaration } from '../feeds/xml.js';

/** What a Word document says about itself (File > Info in Word): all of it from the policy, none from the clock. */
export interface DocumentProperties {
  title: string;
  subject: string;
  /** Who made it and who last changed it: the school, or the publisher for a blank template. */
  creator: string;
  language: string;
  /** The policy's own date (`2017-11`, `2026-10-14`): when the document was created and last modified. */
  date: string;
}

/**
 * A .docx package made byte-for-byte repeatable: the docx library stamps the time of writing on
 * every zip entry and in its document properties, and gives each link a random id. This rewrites
 * the package with the document properties written here, dated from the policy, links numbered in
 * the order they appear, and every entry dated from the policy, in a fixed order. It takes the
 * package's files as the docx library's compiler makes them, before they are zipped.
 */
export function fixedPackage(parts: Record<string, Uint8Array>, properties: DocumentProperties): Uint8Array {
  const files = withoutUnsafeText(parts);
  files['docProps/core.xml'] = strToU8(coreProperties(properties));
  const renamed = numberedRelationships(files);
  const mtime = zipTime(properties.date);
  const entries: Zippable = {};
  for (const path of Object.keys(renamed).sort(packageOrder)) entries[path] = [renamed[path]!, { mtime }];
  return zipSync(entries, { level: 9 });
}

/**
 * Every XML part without the characters XML 1.0 forbids (and the other controls and
 * noncharacters): the docx library writes text as it is given, and Word will not open a document
 * with one of them in it, so none may survive whatever reached the text.
 */
function withoutUnsafeText(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const decoder = new TextDecoder();
  for (const path of Object.keys(files)) {
    if (!/\.(xml|rels)$/.test(path)) continue;
    const text = decoder.decode(files[path]);
    const clean = withoutUnsafeCharacters(text);
    if (clean !== text) files[path] = strToU8(clean);
  }
  return files;
}

/** docProps/core.xml: title, subject, creator, last modified by, language, and created and modified dates. */
export function coreProperties(properties: DocumentProperties): string {
  const when = atomTimestamp(properties.date);
  return (
    xmlDeclaration.replace('?>', ' standalone="yes"?>') +
    '\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(properties.title)}</dc:title>` +
    `<dc:subject>${escapeXml(properties.subject)}</dc:subject>` +
    `<dc:creator>${escapeXml(properties.creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(properties.creator)}</cp:lastModifiedBy>` +
    `<dc:language>${escapeXml(properties.language)}</dc:language>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * Gives every relationship whose id is not already a plain `rId<n>` (the docx library makes a
 * random one for each link) the id `rIdLink<n>`, numbered in the order the relationships files
 * list them, and changes it to match wherever a part refers to it.
 */
function numberedRelationships(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const decoder = new TextDecoder();
  const ids = new Map<string, string>();
  for (const path of Object.keys(files).filter((name) => name.endsWith('.rels')).sort()) {
    for (const [, id] of decoder.decode(files[path]).matchAll(/\bId="([^"]+)"/g)) {
      if (!/^rId\d+$/.test(id!) && !ids.has(id!)) ids.set(id!, `rIdLink${ids.size + 1}`);
    }
  }
  if (ids.size === 0) return files;
  const pattern = new RegExp(`"(${[...ids.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})"`, 'g');
  return Object.fromEntries(
    Object.entries(files).map(([path, data]) =>
      /\.(xml|rels)$/.test(path) ? [path, strToU8(decoder.decode(data).replace(pattern, (_whole, id: string) => `"${ids.get(id)}"`))] : [path, data],
    ),
  );
}

/** `[Content_Types].xml` first and the package's relationships next, as Word writes them; then every part by its path. */
function packageOrder(a: string, b: string): number {
  const rank = (path: string) => (path === '[Content_Types].xml' ? 0 : path === '_rels/.rels' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The time stamped on every zip entry: noon on the policy's date. A zip entry holds a local date
 * and time with no time zone, which the zip library reads from a Date in the machine's own zone,
 * so the Date is made in that zone to give the same stamp on every machine. Zip dates start in 1980.
 */
function zipTime(date: string): Date {
  const [year, month, day] = firstDay(date).split('-').map(Number) as [number, number, number];
  return year < 1980 ? new Date(1980, 0, 1, 12) : new Date(year, month - 1, day, 12);
}
