import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPdf, renderPdfWithPages } from '../src/index.js';
import { filledDemo } from './policy.js';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** What poppler reads in a PDF: `pdftotext` gives every page's text, `pdfinfo -struct-text` only the tagged text. */
function poppler(tool: 'pdftotext' | 'pdfinfo', args: string[], pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-pdf-'));
  try {
    writeFileSync(join(dir, 'policy.pdf'), pdf);
    return execFileSync(tool, [...args, join(dir, 'policy.pdf'), ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const approval = { version: 2, name: 'v2', approved: '2026-10-14', approvedBy: 'Full governing body', minute: undefined, signedBy: [], nextReview: '2028-10-14', example: false };

describe('PDF', () => {
  it('gives byte-identical files for the same policy', async () => {
    const policy = filledDemo();
    const [first, second] = await Promise.all([renderPdf(policy), renderPdf(policy)]);
    expect(first.length).toBeGreaterThan(1000);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });

  it('is a tagged PDF in British English that shows its title in the viewer', async () => {
    const pdf = latin1(await renderPdf(filledDemo()));
    expect(pdf.startsWith('%PDF-1.7')).toBe(true);
    expect(pdf).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(pdf).toMatch(/\/Marked true/);
    expect(pdf).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(pdf).toContain('/Lang (en-GB)');
    expect(pdf).toContain('/DisplayDocTitle true');
  });

  it('dates the file from the review date, not the clock', async () => {
    const pdf = latin1(await renderPdf(filledDemo()));
    expect(pdf).toMatch(/\/CreationDate \d+ 0 R/);
    expect(pdf).toContain('(D:20240901000000Z)');
    expect(pdf).not.toContain(`(D:${new Date().getUTCFullYear()}`);
  });

  it('embeds its fonts and has bookmarks', async () => {
    const pdf = latin1(await renderPdf(filledDemo()));
    expect(pdf).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(pdf).not.toContain('/BaseFont /Helvetica');
    expect(pdf).toMatch(/\/Outlines \d+ 0 R/);
  });

  it('has a cover, then contents, then the sections, and starts each appendix on a new page', async () => {
    const { pages } = await renderPdfWithPages(filledDemo());
    expect(pages).toBe(4);
  });

  it('lays out a Markdown table as a tagged table, its first row as headers', async () => {
    const policy = filledDemo();
    const count = (pdf: string, tag: string) => pdf.split(`/S /${tag}`).length - 1;
    const before = latin1(await renderPdf(policy));
    const cell = (text: string) => ({ type: 'tableCell' as const, children: [{ type: 'text' as const, value: text }] });
    const table = { type: 'table' as const, children: [{ type: 'tableRow' as const, children: [cell('Platform'), cell('Owner')] }, { type: 'tableRow' as const, children: [cell('X'), cell('X Corp')] }] };
    const block = { type: 'text' as const, id: 'platforms', number: undefined, markdown: '', content: [table] };
    const withTable = { ...policy, parts: [{ ...policy.parts[0]!, children: [...policy.parts[0]!.children, block] }, ...policy.parts.slice(1)] };
    const after = latin1(await renderPdf(withTable));
    expect(count(after, 'Table') - count(before, 'Table')).toBe(1);
    expect(count(after, 'TH') - count(before, 'TH')).toBe(2);
    expect(count(after, 'TD') - count(before, 'TD')).toBe(2);
  });

  it('dates an adopted version from its approval', async () => {
    const approved = { ...filledDemo(), approval };
    const pdf = latin1(await renderPdf(approved));
    expect(pdf).toContain('(D:20261014000000Z)');
  });

  it("marks a draft DRAFT on its cover and at the head of every page, as page furniture outside its tagged text", async () => {
    const pdf = await renderPdf(filledDemo());
    const pages = poppler('pdftotext', ['-layout'], pdf).split('\f').filter((page) => page.trim() !== '');
    expect(pages).toHaveLength(4);
    for (const page of pages) expect(page.split('\n').slice(0, 2).join('\n')).toMatch(/^\s+DRAFT$/m);
    const tagged = poppler('pdfinfo', ['-struct-text'], pdf);
    expect(tagged).not.toContain('DRAFT');
    expect(tagged).toContain('"Draft, not yet approved: record the governors’ approval below."');
  });

  it('marks neither an adopted version nor a blank template as a draft', async () => {
    expect(poppler('pdftotext', [], await renderPdf({ ...filledDemo(), approval }))).not.toMatch(/draft/i);
    expect(poppler('pdftotext', [], await renderPdf({ ...filledDemo(), kind: 'template' }))).not.toContain('DRAFT');
  });

  it("gives a row to sign for each signatory an adopted version's record names, the role and the name in their own columns", async () => {
    const signedBy = [{ name: 'Jane Smith', role: 'Chair of Governors' }, { name: undefined, role: 'Headteacher' }];
    const text = poppler('pdftotext', ['-layout', '-f', '1', '-l', '1'], await renderPdf({ ...filledDemo(), approval: { ...approval, signedBy } }));
    expect(text).toMatch(/^ *Role +Name +Signature +Date$/m);
    expect(text).toMatch(/^ *Chair of Governors +Jane Smith$/m);
    expect(text).toMatch(/^ *Headteacher$/m);
  });
});
