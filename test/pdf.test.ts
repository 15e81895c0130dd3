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
    expect(text).toContain('8.2 Laughton Community Primary School monitors usage of its internet and email services without prior notification or authorisation from users.');
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

describe("Laughton's redline PDF for its renewal", () => {
  const redline = join(siteDist, 'schools/laughton-cps/social-media/changes/v1-to-v2/laughton-cps-social-media-v1-to-v2-changes.pdf');

  it("starts with the summary: the release's summary for governors, then only the counts that are not zero and what to read first", () => {
    const first = poppler('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', redline, '-']).replace(/\s+/g, ' ');
    expect(first).toContain('Social Media Policy: what changed');
    expect(first).toContain('Summary Release September 2026: Up to date with the law and guidance in force in September 2026 This release brings every edition');
    expect(first.indexOf('This release brings every edition')).toBeLessThan(first.indexOf('17 clauses, 1 paragraph and 1 form changed; 1 clause added; 2 clauses renumbered only; the other 80 are unchanged.'));
    expect(first).toContain('Read first the 8 changes weighted update: their meaning changed.');
    expect(first).toContain("12 changes come from the school's own details");
    expect(first).not.toMatch(/\b0\b|By weight|By source|New edition/);
  });

  it('marks each insertion and deletion in words, so it reads in greyscale and aloud', () => {
    const text = pdfText(redline);
    expect(text).toContain('Malicious Communications Act [Removed: 1998][Added: 1988]');
    expect(text).toContain('Why: ');
    expect(text).toContain('Clause 8.2 (was 8.1): “Laughton Community Primary School monitors usage of its…”');
    expect(text).not.toContain('monitoring-without-notice');
  });

  it('is tagged and titled', () => {
    const info = poppler('pdfinfo', [redline]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Social Media Policy: what changed: Laughton Community Primary School$/m);
  });
});
