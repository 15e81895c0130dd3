import { withoutUnsafeCharacters } from '@school-policy/core';

/**
 * Text made safe for XML character data and attribute values: the five special characters
 * escaped, and the characters XML 1.0 cannot hold at all (most control characters, lone
 * surrogates, U+FFFE and U+FFFF) removed, with the other controls and noncharacters.
 */
export function escapeXml(text: string): string {
  return withoutUnsafeCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The first line of every XML file the site publishes. */
export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>';
