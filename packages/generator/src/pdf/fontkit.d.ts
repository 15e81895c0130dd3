/** The little of fontkit (which ships no types) that sharing a parsed font among PDFs needs. */
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    readonly codePoints: number[];
    readonly advanceWidth: number;
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface GlyphRun {
    readonly glyphs: Glyph[];
    readonly positions: GlyphPosition[];
  }
  export interface Font {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    readonly numGlyphs: number;
    readonly ascent: number;
    readonly descent: number;
    readonly lineGap: number;
    readonly capHeight: number;
    readonly xHeight: number;
    readonly italicAngle: number;
    readonly bbox: unknown;
    readonly head: unknown;
    readonly post: unknown;
    readonly 'OS/2': unknown;
    readonly directory: { tables: Record<string, unknown> };
    getGlyph(id: number, codePoints?: number[]): Glyph;
    layout(text: string, features?: unknown): GlyphRun;
    createSubset(): unknown;
  }
  export function create(buffer: Uint8Array): Font;
}
