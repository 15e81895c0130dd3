/** Characters XML 1.0 does not allow anywhere, even escaped: most control characters, lone surrogates, U+FFFE and U+FFFF. */
const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text made safe for XML character data and attribute values: the five special characters
 * escaped, and the characters XML cannot hold at all removed.
 */
export function escapeXml(text: string): string {
  return text
    .replace(notXml, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The first line of every XML file the site publishes. */
export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>';
