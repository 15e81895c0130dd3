import { problem, type PolicyError } from './problem.js';
import { CsvSyntax } from './problem-kinds.js';

/**
 * Comma-separated values, as spreadsheets and the DfE's register of schools write them: a header
 * row, then one record a row; fields quoted with `"` where they hold a comma, a quote (doubled) or a
 * line break, or (in some extracts) always; rows ended by CRLF or LF.
 */

/** How a file's bytes were read as text. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'ascii';

/** What each encoding is called in a report: "UTF-8 with a byte order mark". */
export const csvEncodingNames: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a byte order mark (as a spreadsheet saves it)',
  'windows-1252': 'Windows-1252 (the single-byte code page of the register\'s own download)',
  ascii: 'plain ASCII (the same in UTF-8 and Windows-1252)',
};

/**
 * The text of a CSV file and the encoding it was read in: UTF-8 when it has a byte order mark or is
 * valid UTF-8, otherwise Windows-1252, the code page the register's download is in. (A file of one
 * single-byte code page that happens to be valid UTF-8 is vanishingly rare outside ASCII.)
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (bytes.every((byte) => byte < 0x80)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'ascii' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** One record of a CSV file: its fields, found by their column's header, and the line it starts on (1 is the header). */
export class CsvRow {
  constructor(
    readonly line: number,
    private readonly fields: readonly string[],
    private readonly starts: readonly number[],
    private readonly places: ReadonlyMap<string, number>,
  ) {}

  /** The field under a header; undefined when the file has no such column. */
  get(header: string): string | undefined {
    const place = this.places.get(header);
    return place === undefined ? undefined : (this.fields[place] ?? '');
  }

  /** The character column its field under a header starts at, on the row's first line, for naming it in a problem. */
  column(header: string): number | undefined {
    const place = this.places.get(header);
    return place === undefined ? undefined : this.starts[place];
  }
}

export interface CsvTable {
  headers: string[];
  /** The character column each header starts at on the first line, for naming one in a problem. */
  headerColumns: number[];
  rows: CsvRow[];
}

/**
 * Reads CSV text into its header and rows. Every problem is a problem naming the file, line and
 * column: an unclosed quote, text after a closing quote, a row with more or fewer fields than the
 * header, a header repeated or left empty. Blank lines are skipped.
 */
export function parseCsv(text: string, file: string): { table: CsvTable | undefined; problems: PolicyError[] } {
  const problems: PolicyError[] = [];
  const records: { line: number; fields: string[]; columns: number[] }[] = [];
  let line = 1;
  let column = 1;
  let fields: string[] = [];
  let starts: number[] = [];
  let field = '';
  let recordLine = 1;
  let fieldColumn = 1;
  let quoted = false;
  let afterQuote = false;
  let quoteLine = 0;
  let quoteColumn = 0;
  const endField = () => {
    fields.push(field);
    starts.push(fieldColumn);
    field = '';
    afterQuote = false;
  };
  const endRecord = () => {
    const wasQuoted = afterQuote;
    endField();
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: recordLine, fields, columns: starts });
    fields = [];
    starts = [];
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index++;
          column += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
        column++;
        continue;
      }
      field += char;
      if (char === '\n') {
        line++;
        column = 1;
      } else column++;
      continue;
    }
    if (char === ',') {
      endField();
      column++;
      fieldColumn = column;
      continue;
    }
    if (char === '\r' && text[index + 1] === '\n') continue;
    if (char === '\n' || char === '\r') {
      endRecord();
      line++;
      column = 1;
      fieldColumn = 1;
      recordLine = line;
      continue;
    }
    if (afterQuote) {
      problems.push(problem(CsvSyntax, { file, line, column }, [`the field that starts at column ${fieldColumn} has text after its closing quote`], ['Put the whole field inside the quotes, and write a quote within it as two quotes ("").']));
      return { table: undefined, problems };
    }
    if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      quoteColumn = column;
      column++;
      continue;
    }
    field += char;
    column++;
  }
  if (quoted) {
    problems.push(problem(CsvSyntax, { file, line: quoteLine, column: quoteColumn }, ['the quote that opens this field is never closed'], ['Close the field with a quote, and write a quote within it as two quotes ("").']));
    return { table: undefined, problems };
  }
  if (field !== '' || fields.length > 0 || afterQuote) endRecord();
  const [header, ...body] = records;
  if (!header) {
    problems.push(problem(CsvSyntax, { file, line: 1 }, ['the file is empty: it has no header row'], ['The first row names the columns; each row after it is one record.']));
    return { table: undefined, problems };
  }
  const headers = header.fields.map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name).trim());
  const places = new Map<string, number>();
  headers.forEach((name, index) => {
    const at = { file, line: header.line, column: header.columns[index]! };
    if (name === '') problems.push(problem(CsvSyntax, at, [`column ${index + 1} of the header row has no name`], ['Give every column a name in the first row, or remove the empty column.']));
    else if (places.has(name)) problems.push(problem(CsvSyntax, at, [`the header "${name}" is there twice, in columns ${places.get(name)! + 1} and ${index + 1}`], ['Each column needs a name of its own: rename or remove one of them.']));
    else places.set(name, index);
  });
  const rows: CsvRow[] = [];
  for (const record of body) {
    if (record.fields.length !== headers.length) {
      // A spreadsheet may leave trailing empty fields off, or add them: only fields with something in them count as extra.
      const extra = record.fields.slice(headers.length).some((value) => value !== '');
      if (record.fields.length > headers.length && !extra) record.fields.length = headers.length;
      else {
        problems.push(
          problem(CsvSyntax, { file, line: record.line, column: record.columns[Math.min(record.fields.length, headers.length)] ?? 1 }, [
            `this row has ${record.fields.length} ${record.fields.length === 1 ? 'field' : 'fields'}, but the header row names ${headers.length} columns`,
          ], ['A field with a comma in it needs quotes around it; check the quotes on this row, or whether a column was added or taken away here.']),
        );
        continue;
      }
    }
    rows.push(new CsvRow(record.line, record.fields, record.columns, places));
  }
  return { table: problems.length > 0 ? undefined : { headers, headerColumns: header.columns, rows }, problems };
}

/**
 * One field as CSV writes it: quoted only where it must be. A field that a spreadsheet would take
 * as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with an
 * apostrophe instead, so that opening the file never runs anything (OWASP's advice on CSV injection).
 */
export function csvField(value: string | number | undefined | null): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text: each row's fields joined by commas, each row ended by CRLF, as RFC 4180 has it and spreadsheets expect. */
export function csvText(rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
