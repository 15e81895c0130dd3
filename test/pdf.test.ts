import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteDist } from './support/paths.js';
import { pdfText, poppler } from './support/poppler.js';

const file = join(siteDist, 'schools/laughton-cps/social-media/laughton-cps-social-media.pdf');

describe("Laughton's PDF on the built site", () => {
  it('exists (npm run build makes it)', () => {
    expect(existsSync(file), `${file} is missing: run "npm run build" first`).toBe(true);
  });

  it("has the school's name and whole clauses in its text", () => {
    const text = pdfText(file);
    expect(text).toContain('Laughton Community Primary School');
    expect(text).toContain(
      '6.6 Staff members must decline \'friend requests\' from pupils they receive in their personal social media accounts. Instead, if they receive such requests from pupils who are not family members, they must discuss these in general terms in class and signpost pupils to become \'friends\' of the official school site.',
    );
    expect(text).toContain('8.1 Laughton Community Primary School monitors usage of its internet and email services without prior notification or authorisation from users.');
  });

  it('is tagged, titled and in British English, with every font embedded', () => {
    const info = poppler('pdfinfo', [file]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Social Media Policy – Laughton Community Primary School$/m);
    const fonts = poppler('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
  });

  it('numbers its pages "Page X of Y"', () => {
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(poppler('pdfinfo', [file]))![1]);
    const text = pdfText(file);
    expect(text).toContain('Page 1 of ' + pages);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });
});
