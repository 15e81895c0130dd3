import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, csvText, decodeCsv, parseCsv } from '../src/csv.js';
import { chooseEstablishments, giasRows, maintainedTypes, openStatuses } from '../src/gias.js';
import { addressLine, registerDetails } from '../src/schemas/establishment.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/gias');
const extract = (name: string) => {
  const { text, encoding } = decodeCsv(readFileSync(join(fixtures, name)));
  const { table, problems } = parseCsv(text, name);
  return { table, problems, encoding };
};

describe('reading CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF or LF rows', () => {
    const { table, problems } = parseCsv('a,b,c\r\n"one, two","say ""hi""","two\nlines"\n4,,6\r\n', 'x.csv');
    expect(problems).toEqual([]);
    expect(table!.headers).toEqual(['a', 'b', 'c']);
    expect(table!.rows.map((row) => [row.line, row.get('a'), row.get('b'), row.get('c')])).toEqual([
      [2, 'one, two', 'say "hi"', 'two\nlines'],
      [4, '4', '', '6'],
    ]);
  });

  it('names the line and column of an unclosed quote, and of a row with too many fields', () => {
    const open = parseCsv('a,b\n1,"never closed\n2,3\n', 'x.csv').problems;
    expect(open.map((p) => p.format())).toEqual([expect.stringMatching(/^x\.csv:2:3 This is not a CSV file that can be read: the quote that opens this field is never closed\./)]);
    const wide = parseCsv('a,b\n1,2\n1,2,3\n', 'x.csv').problems;
    expect(wide.map((p) => p.format())).toEqual([expect.stringMatching(/^x\.csv:3:5 .*this row has 3 fields, but the header row names 2 columns/)]);
  });

  it('takes trailing empty fields a spreadsheet added as none', () => {
    const { table, problems } = parseCsv('a,b\n1,2,,\n', 'x.csv');
    expect(problems).toEqual([]);
    expect([table!.rows[0]!.get('a'), table!.rows[0]!.get('b')]).toEqual(['1', '2']);
  });

  it('decodes the register\'s Windows-1252 download, and UTF-8 with or without a byte order mark', () => {
    expect(decodeCsv(Buffer.from([0x54, 0x68, 0xe9, 0x72, 0xe8, 0x73, 0x65]))).toEqual({ text: 'Thérèse', encoding: 'windows-1252' });
    expect(decodeCsv(Buffer.from('\uFEFFThérèse', 'utf8'))).toEqual({ text: 'Thérèse', encoding: 'utf-8-bom' });
    expect(decodeCsv(Buffer.from('Thérèse', 'utf8'))).toEqual({ text: 'Thérèse', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from('plain', 'utf8')).encoding).toBe('ascii');
  });

  it('writes a field a spreadsheet would run as a formula with an apostrophe first, and quotes only where needed', () => {
    expect(['=1+1', '+44 1234', '-2', '@SUM(A1)', '\tx', 'plain', 'a, b', 'say "hi"'].map(csvField)).toEqual(["'=1+1", "'+44 1234", "'-2", "'@SUM(A1)", "'\tx", 'plain', '"a, b"', '"say ""hi"""']);
    expect(csvText([['a', 'b'], [1, undefined]])).toBe('a,b\r\n1,\r\n');
  });
});

describe('reading an extract of the register of schools', () => {
  it('reads the same establishments from the quoted Windows-1252 download and from a drifted, UTF-8 copy', () => {
    const november = extract('extract-2026-11.csv');
    const december = extract('extract-2026-12.csv');
    expect([november.encoding, december.encoding]).toEqual(['windows-1252', 'utf-8-bom']);
    const rows = (table: typeof november.table) => giasRows(table!, 'x.csv').rows;
    const [one, two] = [rows(november.table), rows(december.table)];
    expect(one).toHaveLength(14);
    const stTherese = one.find((row) => row.establishment.urn === '190002')!;
    expect(stTherese.name).toBe("St Thérèse's Catholic Primary School, Brook End");
    expect(stTherese.establishment).toMatchObject({ la: { code: '990', name: 'Exampleshire' }, number: '3002', type: 'Voluntary aided school', religiousCharacter: 'Roman Catholic', telephone: '01234000222' });
    // The same school in the drifted extract: the columns moved, but each is found by its header.
    expect(two.find((row) => row.establishment.urn === '190002')!.establishment).toEqual(stTherese.establishment);
    // "Does not apply" is no value; dates are read day-month-year.
    const ashcombe = one.find((row) => row.establishment.urn === '190001')!.establishment;
    expect(ashcombe.religiousCharacter).toBeUndefined();
    expect(ashcombe.opened).toBe('1974-09-01');
    expect(two.find((row) => row.establishment.urn === '190004')!.establishment).toMatchObject({ status: 'Closed', closed: '2026-08-31' });
  });

  it('names a column that is needed and missing, and a bad date by its line and column', () => {
    const missing = giasRows(extract('no-status-column.csv').table!, 'no-status-column.csv').problems;
    expect(missing.map((p) => p.format())).toEqual([expect.stringMatching(/^no-status-column\.csv:1 The header row of no-status-column\.csv has no column "EstablishmentStatus \(name\)", which is needed\./)]);
    const { table } = extract('bad-date.csv');
    const bad = giasRows(table!, 'bad-date.csv').problems;
    // The column is the character the field starts at on its line, as an editor counts it.
    const line = readFileSync(join(fixtures, 'bad-date.csv'), 'utf8').split('\r\n')[3]!;
    const column = line.indexOf('31-13-2026') + 1;
    expect(bad.map((p) => p.format())).toEqual([expect.stringMatching(new RegExp(`^bad-date\\.csv:4:${column} CloseDate is "31-13-2026": expected a date written day-month-year`))]);
  });

  it("takes a local authority's open maintained schools, and gives every other row its reason", () => {
    const { rows } = giasRows(extract('extract-2026-11.csv').table!, 'x.csv');
    const { taken, skipped } = chooseEstablishments(rows, { la: ['990'], types: maintainedTypes, statuses: openStatuses, known: new Set() });
    expect(taken.map((row) => row.establishment.urn)).toEqual(['190001', '190002', '190003', '190004', '190005']);
    expect(Object.fromEntries(skipped.map((skip) => [skip.row.establishment.urn, skip.reason]))).toEqual({
      '190006': 'its type, "Local authority nursery school", is not imported by default (--type "Local authority nursery school" adds it)',
      '190007': 'its type, "Pupil referral unit", is not imported by default (--type "Pupil referral unit" adds it)',
      '190008': 'its type, "Academy converter", is not imported by default (--type "Academy converter" adds it)',
      '190009': 'closed on 2019-08-31; only "Open" and "Open, but proposed to close" establishments are imported (--status "Closed" adds these)',
      '190010': 'its status is "Proposed to open"; only "Open" and "Open, but proposed to close" establishments are imported (--status "Proposed to open" adds these)',
      '190011': 'its type, "Other independent school", is not imported by default (--type "Other independent school" adds it)',
      '190012': "another local authority's (Otherborough)",
      '190013': "another local authority's (Otherborough)",
      '190014': "another local authority's (Examplecwm)",
    });
    // A trust takes its own academies, of any type.
    expect(chooseEstablishments(rows, { trust: ['TR09001'], statuses: openStatuses, known: new Set() }).taken.map((row) => row.name)).toEqual(['Greenway Academy']);
  });

  it("gives a policy the school's address, its head's title in a sentence and its pupils' ages", () => {
    const { rows } = giasRows(extract('extract-2026-11.csv').table!, 'x.csv');
    const of = (urn: string) => rows.find((row) => row.establishment.urn === urn)!.establishment;
    expect(addressLine(of('190001'))).toBe('School Lane, Ashcombe, Exampleton EX1 1AA');
    expect(registerDetails(of('190001'))).toEqual({ schoolAddress: 'School Lane, Ashcombe, Exampleton EX1 1AA', headteacher: { title: 'headteacher' }, pupilAges: '4 - 11' });
    expect(registerDetails(of('190002')).headteacher).toEqual({ title: 'headteacher' });
    expect(registerDetails(of('190003')).headteacher).toEqual({ title: 'executive headteacher' });
    // "Acting" does not belong in a policy meant to last two years.
    expect(registerDetails(of('190004')).headteacher).toEqual({ title: 'headteacher' });
  });
});
