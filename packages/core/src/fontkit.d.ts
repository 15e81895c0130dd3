/** The little of fontkit (which ships no types) that reading a font's character map needs. */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    readonly characterSet: number[];
  }
  export function create(buffer: Buffer): Font;
}
