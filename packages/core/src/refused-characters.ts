import { pdfFontFamilyFor } from './pdf-fonts.js';

/**
 * Which characters a value or a template may not hold, and why. `policy check` refuses them,
 * naming each; the outputs strip the ones no file may hold (`withoutUnsafeCharacters`), so that
 * even a value that slipped through never makes a Word document, a feed or a calendar unreadable.
 */

/** Why a character is refused. */
export type RefusalReason = 'control' | 'noncharacter' | 'surrogate' | 'private-use' | 'bidi-control' | 'right-to-left' | 'no-font';

export interface RefusedCharacterFound {
  character: string;
  codePoint: number;
  /** `U+FFFE`. */
  code: string;
  /** Its Unicode name (`NULL`, `RIGHT-TO-LEFT OVERRIDE`), or what it is (`a private-use character`). */
  name: string;
  /** Where it is in the text, counting characters (not UTF-16 units) from 1. */
  position: number;
  /** Its offset in the string, in UTF-16 code units. */
  index: number;
  why: RefusalReason;
}

const c0Names = [
  'NULL', 'START OF HEADING', 'START OF TEXT', 'END OF TEXT', 'END OF TRANSMISSION', 'ENQUIRY', 'ACKNOWLEDGE', 'BELL',
  'BACKSPACE', 'CHARACTER TABULATION', 'LINE FEED', 'LINE TABULATION', 'FORM FEED', 'CARRIAGE RETURN', 'SHIFT OUT', 'SHIFT IN',
  'DATA LINK ESCAPE', 'DEVICE CONTROL ONE', 'DEVICE CONTROL TWO', 'DEVICE CONTROL THREE', 'DEVICE CONTROL FOUR', 'NEGATIVE ACKNOWLEDGE', 'SYNCHRONOUS IDLE', 'END OF TRANSMISSION BLOCK',
  'CANCEL', 'END OF MEDIUM', 'SUBSTITUTE', 'ESCAPE', 'INFORMATION SEPARATOR FOUR', 'INFORMATION SEPARATOR THREE', 'INFORMATION SEPARATOR TWO', 'INFORMATION SEPARATOR ONE',
];
const c1Names = [
  'PADDING CHARACTER', 'HIGH OCTET PRESET', 'BREAK PERMITTED HERE', 'NO BREAK HERE', 'INDEX', 'NEXT LINE', 'START OF SELECTED AREA', 'END OF SELECTED AREA',
  'CHARACTER TABULATION SET', 'CHARACTER TABULATION WITH JUSTIFICATION', 'LINE TABULATION SET', 'PARTIAL LINE FORWARD', 'PARTIAL LINE BACKWARD', 'REVERSE LINE FEED', 'SINGLE SHIFT TWO', 'SINGLE SHIFT THREE',
  'DEVICE CONTROL STRING', 'PRIVATE USE ONE', 'PRIVATE USE TWO', 'SET TRANSMIT STATE', 'CANCEL CHARACTER', 'MESSAGE WAITING', 'START OF GUARDED AREA', 'END OF GUARDED AREA',
  'START OF STRING', 'SINGLE GRAPHIC CHARACTER INTRODUCER', 'SINGLE CHARACTER INTRODUCER', 'CONTROL SEQUENCE INTRODUCER', 'STRING TERMINATOR', 'OPERATING SYSTEM COMMAND', 'PRIVACY MESSAGE', 'APPLICATION PROGRAM COMMAND',
];
const bidiNames: Record<number, string> = {
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

/** Scripts written right to left: the PDF lays text out left to right only, so it would print them backwards. */
const rightToLeft =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}\p{Script=Mende_Kikakui}\u200F\u061C]/u;

/** The scripts a refused letter is named by, as a reader knows them. */
const scripts: [RegExp, string][] = [
  [/\p{Script=Arabic}/u, 'an Arabic letter'],
  [/\p{Script=Hebrew}/u, 'a Hebrew letter'],
  [/\p{Script=Syriac}/u, 'a Syriac letter'],
  [/\p{Script=Thaana}/u, 'a Thaana letter'],
  [/\p{Script=Han}/u, 'a Chinese character (Han)'],
  [/\p{Script=Hangul}/u, 'a Korean character (Hangul)'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'a Japanese character (kana)'],
  [/\p{Script=Devanagari}/u, 'a Devanagari letter'],
  [/\p{Script=Bengali}/u, 'a Bengali letter'],
  [/\p{Script=Gurmukhi}/u, 'a Gurmukhi (Punjabi) letter'],
  [/\p{Script=Gujarati}/u, 'a Gujarati letter'],
  [/\p{Script=Tamil}/u, 'a Tamil letter'],
  [/\p{Script=Telugu}/u, 'a Telugu letter'],
  [/\p{Script=Kannada}/u, 'a Kannada letter'],
  [/\p{Script=Malayalam}/u, 'a Malayalam letter'],
  [/\p{Script=Sinhala}/u, 'a Sinhala letter'],
  [/\p{Script=Thai}/u, 'a Thai letter'],
  [/\p{Script=Ethiopic}/u, 'an Ethiopic (Amharic, Tigrinya) letter'],
  [/\p{Script=Khmer}/u, 'a Khmer letter'],
  [/\p{Script=Myanmar}/u, 'a Burmese letter'],
  [/\p{Script=Tibetan}/u, 'a Tibetan letter'],
];

function describe(character: string): string {
  for (const [pattern, name] of scripts) if (pattern.test(character)) return name;
  if (/\p{Extended_Pictographic}/u.test(character)) return 'an emoji';
  if (/[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u.test(character)) return 'a variation selector (asks for the emoji or the text form of the character before it)';
  if (/\p{M}/u.test(character)) return 'a combining mark';
  if (/\p{Cf}/u.test(character)) return 'an invisible formatting character';
  if (/\p{L}/u.test(character)) return 'a letter';
  if (/\p{N}/u.test(character)) return 'a digit';
  if (/\p{P}/u.test(character)) return 'a punctuation mark';
  if (/\p{S}/u.test(character)) return 'a symbol';
  if (/\p{Z}/u.test(character)) return 'a space';
  return 'a character';
}

/** Whether a code point is one of Unicode's 66 noncharacters: U+FDD0–U+FDEF, and the last two of every plane. */
function isNoncharacter(codePoint: number): boolean {
  return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe;
}

function isPrivateUse(codePoint: number): boolean {
  return (codePoint >= 0xe000 && codePoint <= 0xf8ff) || (codePoint >= 0xf0000 && codePoint <= 0x10fffd);
}

/** Why a character (given at `index` in `text`) is refused, with its name; undefined when it is welcome. */
function refusal(character: string, codePoint: number, lineBreaks: boolean): { why: RefusalReason; name: string } | undefined {
  if (codePoint < 0x20) {
    if (codePoint === 0x09 || (lineBreaks && (codePoint === 0x0a || codePoint === 0x0d))) return undefined;
    return { why: 'control', name: c0Names[codePoint]! };
  }
  if (codePoint === 0x7f) return { why: 'control', name: 'DELETE' };
  if (codePoint >= 0x80 && codePoint <= 0x9f) return { why: 'control', name: c1Names[codePoint - 0x80]! };
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return { why: 'surrogate', name: 'half of a character (a lone surrogate)' };
  if (isNoncharacter(codePoint)) return { why: 'noncharacter', name: 'a noncharacter' };
  if (isPrivateUse(codePoint)) return { why: 'private-use', name: 'a private-use character' };
  const bidi = bidiNames[codePoint];
  if (bidi) return { why: 'bidi-control', name: bidi };
  if (rightToLeft.test(character)) return { why: 'right-to-left', name: codePoint === 0x200f ? 'RIGHT-TO-LEFT MARK' : codePoint === 0x061c ? 'ARABIC LETTER MARK' : describe(character) };
  if (pdfFontFamilyFor(codePoint) === undefined) return { why: 'no-font', name: describe(character) };
  return undefined;
}

/** Text made only of characters known to be welcome, tested first so that most values cost one match. */
const plainText = /^[\t\n\r\u0020-\u007E\u00A0-\u017F\u2010-\u2027\u2030-\u205E]*$/u;

/**
 * Every character of `text` that a value or template may not hold: control characters (but tab,
 * and line breaks unless `lineBreaks` is false), noncharacters such as U+FFFE and U+FFFF, lone
 * surrogates, private-use characters, the controls that reorder text (U+202A–U+202E,
 * U+2066–U+2069), letters of scripts written right to left, and characters no font the PDF
 * embeds can draw.
 */
export function refusedCharacters(text: string, options: { lineBreaks?: boolean } = {}): RefusedCharacterFound[] {
  if (plainText.test(text) && (options.lineBreaks !== false || !/[\n\r]/.test(text))) return [];
  const found: RefusedCharacterFound[] = [];
  let position = 0;
  let index = 0;
  // Iterating a string by code point keeps a lone surrogate as a character of its own.
  for (const character of text) {
    position++;
    const codePoint = character.codePointAt(0)!;
    const refused = refusal(character, codePoint, options.lineBreaks !== false);
    if (refused) found.push({ character, codePoint, code: unicodeCode(codePoint), position, index, ...refused });
    index += character.length;
  }
  return found;
}

/** `U+00E9`, `U+1F600`: at least four hex digits, in capitals. */
export function unicodeCode(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Characters no output may hold, whatever the check let through: control characters other than
 * tab and line breaks (XML 1.0 forbids most of them, RFC 5545 all of them), noncharacters and lone
 * surrogates.
 */
const unsafe = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF\p{Cs}\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]/gu;

/** Text with every character removed that `refusedCharacters` refuses as a control, a noncharacter or a lone surrogate. */
export function withoutUnsafeCharacters(text: string): string {
  return text.replace(unsafe, '');
}
