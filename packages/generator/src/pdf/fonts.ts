import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The embedded font family: DejaVu Sans covers Latin, Greek, Cyrillic and Welsh accents, and embeds freely. */
export const fontFiles = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
} as const;

export type FontName = keyof typeof fontFiles;

const require = createRequire(import.meta.url);
let loaded: Record<FontName, Buffer> | undefined;

/** The font files, read once per process and shared by every PDF. */
export function fonts(): Record<FontName, Buffer> {
  loaded ??= Object.fromEntries(
    Object.entries(fontFiles).map(([name, file]) => [name, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))]),
  ) as Record<FontName, Buffer>;
  return loaded;
}

export function fontFor(style: { bold?: boolean; italic?: boolean }): FontName {
  if (style.bold && style.italic) return 'boldItalic';
  if (style.bold) return 'bold';
  if (style.italic) return 'italic';
  return 'regular';
}
