import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderDocx } from '../src/index.js';
import { filledDemo } from './policy.js';

/** The text of each part of a Word document, by its path in the package. */
function parts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));
}

/** The local date and time stamped on each entry of a zip, read from its central directory, as `YYYY-MM-DD hh:mm:ss`. */
function zipStamps(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stamps: string[] = [];
  for (let at = 0; at + 46 <= bytes.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const pad = (n: number) => String(n).padStart(2, '0');
    stamps.push(`${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`);
    at += 45 + view.getUint16(at + 28, true);
  }
  return stamps;
}

const zone = process.env.TZ;

afterEach(() => {
  vi.useRealTimers();
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('Word document', () => {
  it('gives byte-identical files for the same policy, whatever the clock says and wherever it is made', async () => {
    const policy = filledDemo();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-03-04T05:06:07Z'));
    process.env.TZ = 'Pacific/Auckland';
    const first = await renderDocx(policy);
    vi.setSystemTime(new Date('2035-11-30T23:59:58Z'));
    process.env.TZ = 'America/Los_Angeles';
    const second = await renderDocx(policy);
    expect(first.length).toBeGreaterThan(5000);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });

  it('dates every zip entry and its document properties from the review date, not the clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-03-04T05:06:07Z'));
    const bytes = await renderDocx(filledDemo());
    const stamps = zipStamps(bytes);
    expect(stamps.length).toBe(Object.keys(unzipSync(bytes)).length);
    expect(new Set(stamps)).toEqual(new Set(['2024-09-01 12:00:00']));
    const core = parts(bytes)['docProps/core.xml']!;
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-09-01T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-09-01T00:00:00Z</dcterms:modified>');
    expect(core).not.toContain('2031');
  });

  it("gives its title, the school as creator and last editor, and British English as its language", async () => {
    const files = parts(await renderDocx(filledDemo()));
    const core = files['docProps/core.xml']!;
    expect(core).toContain('<dc:title>Demo Policy – First School</dc:title>');
    expect(core).toContain('<dc:creator>First School</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>First School</cp:lastModifiedBy>');
    expect(core).toContain('<dc:language>en-GB</dc:language>');
    expect(files['word/styles.xml']).toContain('<w:lang w:val="en-GB"/>');
  });

  it('starts with [Content_Types].xml and lists its parts in a fixed order', async () => {
    const paths = Object.keys(unzipSync(await renderDocx(filledDemo())));
    expect(paths.slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    expect(paths.slice(2)).toEqual([...paths.slice(2)].sort());
    expect(paths).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'word/numbering.xml', 'docProps/core.xml']));
  });

  it('numbers the sections through Word styles, and each appendix in its own list', async () => {
    const files = parts(await renderDocx(filledDemo()));
    const styles = files['word/styles.xml']!;
    for (const [style, level] of [['Heading1', 0], ['Heading2', 1], ['Clause', 1], ['Subclause', 2]] as const) {
      expect(styles).toMatch(new RegExp(`<w:style w:type="paragraph" w:styleId="${style}">.*?<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="\\d+"/></w:numPr>.*?</w:style>`));
    }
    const numbering = files['word/numbering.xml']!;
    expect(numbering).toContain('<w:lvlText w:val="Appendix %1:"/>');
    expect(numbering).toContain('<w:numFmt w:val="upperLetter"/>');
  });

  it("records an adopted version's approval after its title, and is dated by it", async () => {
    const approval = { version: 2, name: 'v2', approved: '2026-10-14', approvedBy: 'Full governing body', minute: 'FGB 14 October 2026, item 7', signedBy: [], nextReview: '2028-10-14', example: true };
    const files = parts(await renderDocx({ ...filledDemo(), approval }));
    const document = files['word/document.xml']!;
    for (const text of ['Approval', 'Full governing body', 'FGB 14 October 2026, item 7', '14 October 2028', '2 (v2)', 'These approval details are made up']) expect(document).toContain(text);
    expect(document.indexOf('Full governing body')).toBeLessThan(document.indexOf('Heading1'));
    expect(files['docProps/core.xml']).toContain('2026-10-14T');
  });

  it("gives an adopted version a row to sign for each signatory its record names, the role and the name in their own cells", async () => {
    const signedBy = [{ name: 'Jane Smith', role: 'Chair of Governors' }, { name: undefined, role: 'Headteacher' }];
    const approval = { version: 2, name: 'v2', approved: '2026-10-14', approvedBy: 'Full governing body', minute: undefined, signedBy, nextReview: undefined, example: false };
    const document = parts(await renderDocx({ ...filledDemo(), approval }))['word/document.xml']!;
    expect(document).toContain('<w:t xml:space="preserve">Signatures</w:t>');
    expect(tableRows(document)).toEqual(expect.arrayContaining([['Role', 'Name', 'Signature', 'Date'], ['Chair of Governors', 'Jane Smith', '', ''], ['Headteacher', '', '', '']]));
  });

  it('gives rows to sign for the Chair of Governors and the headteacher when the record names no one', async () => {
    const approval = { version: 1, name: 'v1', approved: '2017-11', approvedBy: undefined, minute: undefined, signedBy: [], nextReview: undefined, example: false };
    const rows = tableRows(parts(await renderDocx({ ...filledDemo(), approval }))['word/document.xml']!);
    expect(rows).toEqual(expect.arrayContaining([['Role', 'Name', 'Signature', 'Date'], ['Chair of Governors', '', '', ''], ['Headteacher', '', '', '']]));
  });

  it('marks a draft DRAFT under its title and at the head of every page, and an adopted version not at all', async () => {
    const draft = parts(await renderDocx(filledDemo()));
    const header = Object.entries(draft).find(([path]) => /^word\/header\d*\.xml$/.test(path))?.[1];
    expect(header).toContain('>DRAFT</w:t>');
    expect(draft['word/document.xml']).toMatch(/>DRAFT<\/w:t>.*?> · Not yet approved<\/w:t>/);
    const approval = { version: 2, name: 'v2', approved: '2026-10-14', approvedBy: undefined, minute: undefined, signedBy: [], nextReview: undefined, example: false };
    const adopted = parts(await renderDocx({ ...filledDemo(), approval }));
    expect(Object.keys(adopted).filter((path) => path.startsWith('word/header'))).toEqual([]);
    expect(adopted['word/document.xml']).not.toContain('DRAFT');
  });
});

/** The text of each cell of each table row in a Word document's body. */
function tableRows(document: string): string[][] {
  return [...document.matchAll(/<w:tr>.*?<\/w:tr>/gs)].map(([row]) =>
    [...row.matchAll(/<w:tc>.*?<\/w:tc>/gs)].map(([cell]) => [...cell.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((text) => text[1]).join('')),
  );
}
