import type { CsvTable } from './csv.js';
import { problem, type PolicyError } from './problem.js';
import { CsvBadValue, CsvColumnMissing } from './problem-kinds.js';
import type { Establishment } from './schemas/establishment.js';
import { isRealDate } from './schemas/parameter.js';

/**
 * The extract of the DfE's register of establishments in England, Get Information About Schools
 * (GIAS): its "all establishment data" CSV, about 139 columns that drift from one extract to the
 * next. Columns are found by their header, never by their place, and only the ones read here are
 * needed.
 */

/** The columns every import needs. */
export const giasNeededColumns = ['URN', 'LA (code)', 'LA (name)', 'EstablishmentName', 'TypeOfEstablishment (name)', 'EstablishmentStatus (name)'] as const;

/** The register's statuses of an establishment that is open. */
export const openStatuses = ['Open', 'Open, but proposed to close'] as const;

/**
 * The types of establishment a local authority maintains and publishes staff and school policies
 * for, by default: community, voluntary aided, voluntary controlled and foundation schools, and
 * community and foundation special schools. Its nursery schools and pupil referral units it
 * maintains too, but many publish separate policies for them, so they are imported when asked for.
 */
export const maintainedTypes = [
  'Community school',
  'Voluntary aided school',
  'Voluntary controlled school',
  'Foundation school',
  'Community special school',
  'Foundation special school',
] as const;

/** What the register writes in a field that has no value. */
const noValue = new Set(['', 'Not applicable', 'Does not apply', 'None', 'Not recorded', 'Unknown']);

/** One establishment of the extract, with the line of its row. */
export interface GiasRow {
  line: number;
  establishment: Establishment;
  name: string;
}

/**
 * The establishments of an extract. A row whose URN is not 5 to 7 digits, whose name is empty, or
 * whose date is not a real day written dd-mm-yyyy is a problem naming its line and column; so is
 * a missing column that is needed (`needed`, besides {@link giasNeededColumns}).
 */
export function giasRows(table: CsvTable, file: string, needed: readonly string[] = []): { rows: GiasRow[]; problems: PolicyError[] } {
  const problems: PolicyError[] = [];
  for (const column of [...giasNeededColumns, ...needed]) {
    if (table.headers.includes(column)) continue;
    problems.push(
      problem(CsvColumnMissing, { file, line: 1 }, [`The header row of ${file}`, column], [
        `An extract of Get Information About Schools (GIAS) has it: download "All establishment data" again from get-information-schools.service.gov.uk/Downloads, or add the column. Columns are matched by their names, so their order does not matter.`,
      ]),
    );
  }
  if (problems.length > 0) return { rows: [], problems };
  const rows: GiasRow[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const bad = (column: string, detail: string, todo: string) =>
      problems.push(problem(CsvBadValue, { file, line: row.line, column: row.column(column), field: column }, [column, row.get(column) ?? '', detail], [todo]));
    const text = (column: string) => {
      const value = row.get(column)?.replace(/\s+/g, ' ').trim();
      return value === undefined || noValue.has(value) ? undefined : value;
    };
    const date = (column: string) => {
      const value = text(column);
      if (value === undefined) return undefined;
      const found = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(value);
      const iso = found ? `${found[3]}-${found[2]}-${found[1]}` : undefined;
      if (!iso || !isRealDate(iso)) {
        bad(column, 'expected a date written day-month-year, as the register writes it, such as 31-08-2026', 'Correct the date, or leave the field empty.');
        return undefined;
      }
      return iso;
    };
    const urn = text('URN');
    if (!urn || !/^\d{5,7}$/.test(urn)) {
      bad('URN', 'expected the Unique Reference Number, 5 to 7 digits', 'Each row of the extract is one establishment, named by its URN: correct this row or remove it.');
      continue;
    }
    const earlier = seen.get(urn);
    if (earlier !== undefined) {
      bad('URN', `the same URN is on line ${earlier}`, 'An extract lists each establishment once: remove one of the two rows.');
      continue;
    }
    seen.set(urn, row.line);
    const name = text('EstablishmentName');
    if (!name) {
      bad('EstablishmentName', 'expected the name of the establishment', 'Give the establishment its name as the register has it.');
      continue;
    }
    const ageOf = (column: string) => {
      const value = text(column);
      return value !== undefined && /^\d{1,2}$/.test(value) ? Number(value) : undefined;
    };
    const [low, high] = [ageOf('StatutoryLowAge'), ageOf('StatutoryHighAge')];
    const laCode = text('LA (code)');
    const laName = text('LA (name)');
    const trust = { code: text('Trusts (code)'), name: text('Trusts (name)') };
    const address = {
      street: text('Street'),
      locality: text('Locality'),
      address3: text('Address3'),
      town: text('Town'),
      county: text('County (name)'),
      postcode: text('Postcode'),
    };
    const head = { title: text('HeadTitle (name)'), firstName: text('HeadFirstName'), lastName: text('HeadLastName'), jobTitle: text('HeadPreferredJobTitle') };
    const opened = date('OpenDate');
    const closed = date('CloseDate');
    const establishment: Establishment = withoutUndefined({
      urn,
      la: laCode && laName ? { code: laCode, name: laName } : undefined,
      number: text('EstablishmentNumber'),
      type: text('TypeOfEstablishment (name)'),
      typeGroup: text('EstablishmentTypeGroup (name)'),
      status: text('EstablishmentStatus (name)'),
      phase: text('PhaseOfEducation (name)'),
      religiousCharacter: text('ReligiousCharacter (name)'),
      trust: trust.code || trust.name ? withoutUndefined(trust) : undefined,
      address: Object.values(address).some((value) => value !== undefined) ? withoutUndefined(address) : undefined,
      website: text('SchoolWebsite'),
      telephone: text('TelephoneNum'),
      head: Object.values(head).some((value) => value !== undefined) ? withoutUndefined(head) : undefined,
      ages: low !== undefined && high !== undefined && high > low ? { low, high } : undefined,
      opened,
      closed,
    });
    rows.push({ line: row.line, establishment, name });
  }
  return { rows, problems };
}

/** An object without its undefined fields, so that a school's file writes only what the register gives. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

/**
 * Which establishments of an extract a publisher's import takes: those of its local authority (by
 * LA code) or its trust (by the trust's code), of the types and statuses asked for. Each other
 * row gets its reason, for the report.
 */
export interface GiasChoice {
  /** The local authorities' codes whose establishments are taken; or */
  la?: readonly string[];
  /** the trusts' codes whose academies are taken. */
  trust?: readonly string[];
  /** The types of establishment taken (all, when undefined). */
  types?: readonly string[];
  /** The statuses taken. */
  statuses: readonly string[];
  /** URNs of schools the publisher already has: a closed one is still taken, so that its file is marked closed. */
  known: ReadonlySet<string>;
}

export type GiasSkip = { row: GiasRow; reason: string; area: boolean };

/** The rows the choice takes, and every other with why not; `area` is false for a row of another authority or trust, which a report may list by line alone. */
export function chooseEstablishments(rows: readonly GiasRow[], choice: GiasChoice): { taken: GiasRow[]; skipped: GiasSkip[] } {
  const taken: GiasRow[] = [];
  const skipped: GiasSkip[] = [];
  for (const row of rows) {
    const { establishment } = row;
    if (choice.la && !choice.la.includes(establishment.la?.code ?? '')) {
      skipped.push({ row, reason: `another local authority's (${establishment.la?.name ?? 'none given'})`, area: false });
      continue;
    }
    if (choice.trust && !choice.trust.includes(establishment.trust?.code ?? '')) {
      skipped.push({ row, reason: establishment.trust ? `another trust's (${establishment.trust.name ?? establishment.trust.code})` : 'in no trust', area: false });
      continue;
    }
    const status = establishment.status ?? 'not given';
    const known = choice.known.has(establishment.urn);
    if (!choice.statuses.includes(status) && !(known && status === 'Closed')) {
      const why = status === 'Closed' ? `closed${establishment.closed ? ` on ${establishment.closed}` : ''}` : `its status is "${status}"`;
      skipped.push({ row, reason: `${why}; only ${choice.statuses.map((one) => `"${one}"`).join(' and ')} establishments are imported (--status "${status}" adds these)`, area: true });
      continue;
    }
    const type = establishment.type ?? 'not given';
    if (choice.types && !choice.types.includes(type) && !known) {
      skipped.push({ row, reason: `its type, "${type}", is not imported by default (--type "${type}" adds it)`, area: true });
      continue;
    }
    taken.push(row);
  }
  return { taken, skipped };
}

