import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  chooseEstablishments,
  csvEncodingNames,
  establishmentSchema,
  FileChangedMeanwhile,
  giasRows,
  listedIds,
  LockHeld,
  maintainedTypes,
  openStatuses,
  InvalidValue,
  loadProject,
  locate,
  parseYaml,
  schoolFileSchema,
  validateYaml,
  PolicyProblems,
  problem,
  publisherFileName,
  slugPattern,
  suggest,
  templateId,
  type Establishment,
  type GiasRow,
  type GiasSkip,
  type PolicyError,
} from '@school-policy/core';
import { Document, isMap, isScalar, type Document as YamlDocument } from 'yaml';
import { plural, readGivenCsv, UsageError, type Io } from '../io.js';
import { checkProject, defaultCacheDir, projectRoot, reportProblems, requirePublisher } from '../project.js';
import { takeLock, type Lock } from '../take-lock.js';
import { writeFileAtomic, writeProjectFile } from '../write-project-file.js';

export interface ImportOptions {
  source: string | undefined;
  file: string | undefined;
  publisher: string | undefined;
  la: string[] | undefined;
  trust: string[] | undefined;
  types: string[] | undefined;
  statuses: string[] | undefined;
  dryRun: boolean | undefined;
  listSkipped: boolean | undefined;
  root: string | undefined;
}

const usage = 'policy import gias <extract.csv> --publisher ID [--la CODE]… [--trust CODE]… [--type NAME]… [--status NAME]… [--dry-run] [--list-skipped] [--root DIR]';

/** The largest extract read: the register's whole "all establishment data" download is about 60 MB. */
const maxExtractBytes = 256 * 1024 * 1024;

/** How many rows of other authorities or trusts a report names one by one before it counts them instead. */
const namedOtherRows = 50;

/** A school of the publisher's folder as its file is now. */
interface KnownSchool {
  id: string;
  file: string;
  text: string;
  doc: YamlDocument;
  name: string | undefined;
  establishment: Establishment | undefined;
}

/** What the import does to one school's file. */
interface Change {
  kind: 'added' | 'updated' | 'closed' | 'unchanged';
  id: string;
  file: string;
  row: GiasRow;
  before: string | undefined;
  after: string;
  /** What changed, in words: "head: Mrs A Smith → Mr B Jones". */
  what: string[];
  notes: string[];
}

/**
 * `policy import gias <extract> --publisher ID`: creates or updates the publisher's school files
 * from an extract of the DfE's register (Get Information About Schools). Reads the whole extract
 * and works out every change first; writes nothing if any row is bad, or with --dry-run.
 */
export async function importGias(io: Io, options: ImportOptions): Promise<number> {
  if (options.source !== 'gias') {
    const guess = options.source && suggest(options.source, ['gias']);
    throw new UsageError(`${options.source ? `"${options.source}" is not something policy import reads${guess ? ` (did you mean gias?)` : ''}` : 'Say what to import'}: policy import reads an extract of the DfE's register, Get Information About Schools: ${usage}`);
  }
  if (!options.file) throw new UsageError(`Name the extract to read, the "All establishment data" CSV from get-information-schools.service.gov.uk/Downloads. Usage: ${usage}`);
  if (!options.publisher) throw new UsageError(`Name the publisher whose schools these are: --publisher ID. Usage: ${usage}`);
  if (options.la?.length && options.trust?.length) throw new UsageError('Give --la or --trust, not both: a local authority imports the schools it maintains, a trust its academies.');
  const root = projectRoot(io, options.root);
  const publisherId = options.publisher;
  const publisherFile = `schools/${publisherId}/${publisherFileName}`;
  requirePublisher(root, publisherId);
  const { project, problems: loadProblems } = loadProject(root, { schools: [], publishers: [publisherId] }, { cache: defaultCacheDir() });
  const publisher = project.publishers.get(publisherId);
  if (!publisher) {
    reportProblems(io, loadProblems.filter((p) => p.location.file === publisherFile), "Mend the publisher's file before importing its schools; nothing was written.");
    return 1;
  }

  // The extract, read whole, in the encoding it is in.
  const shown = options.file;
  const { encoding, ...parsed } = readGivenCsv(io, shown, maxExtractBytes, 'an extract of the register');
  const read = parsed.table ? giasRows(parsed.table, shown, options.trust?.length || publisher.variant !== 'la' ? ['Trusts (code)', 'Trusts (name)'] : []) : { rows: [], problems: [] };
  const bad = [...parsed.problems, ...read.problems];
  if (bad.length > 0) {
    reportProblems(io, bad, 'Nothing was written: mend the extract, or download it again, and run the import again.');
    return 1;
  }
  io.stdout.write(`Read ${shown} as ${csvEncodingNames[encoding]}: ${plural(read.rows.length, 'establishment')}.\n`);

  // Whose establishments: the authority's or trust's given, or the one whose name the publisher's has.
  const area = chooseArea(io, publisher.variant, publisher.name, read.rows, options);
  const { schools: known, problems: unreadable } = knownSchools(root, publisherId);
  if (unreadable.length > 0) {
    reportProblems(io, unreadable, `Nothing was written: mend ${unreadable.length === 1 ? 'this school file' : 'these school files'} first, so that no school in ${unreadable.length === 1 ? 'it' : 'them'} is imported a second time.`);
    return 1;
  }
  const byUrn = new Map([...known.values()].flatMap((school) => (school.establishment ? [[school.establishment.urn, school] as const] : [])));
  // --type and --status add to what is imported by default: a local authority's maintained schools, a trust's every academy; open ones.
  const types = publisher.variant === 'la' ? [...maintainedTypes, ...(options.types ?? [])] : undefined;
  const statuses = [...openStatuses, ...(options.statuses ?? [])];
  const { taken, skipped } = chooseEstablishments(read.rows, { ...area, types, statuses, known: new Set(byUrn.keys()) });

  // Each establishment taken: its school's file as it is and as it will be.
  const used = new Set([...listedIds(root).schools, ...readdirSync(join(root, 'schools')).map(templateId)]);
  const byName = new Map([...known.values()].filter((school) => !school.establishment && school.name).map((school) => [normalName(school.name!), school]));
  const changes: Change[] = [];
  const rowProblems: PolicyError[] = [];
  for (const row of taken) {
    const school = byUrn.get(row.establishment.urn) ?? byName.get(normalName(row.name));
    if (school) byName.delete(normalName(school.name ?? ''));
    const checked = establishmentSchema.safeParse(row.establishment);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      rowProblems.push(problem(InvalidValue, { file: shown, line: row.line, field: issue.path.join('.') }, [`URN ${row.establishment.urn}'s ${issue.path.join('.')}`, `it cannot be kept in a school's file: ${issue.message}`]));
      continue;
    }
    changes.push(school ? update(school, row, encoding) : add(row, publisherId, used, publisher.name));
  }
  if (rowProblems.length > 0) {
    reportProblems(io, rowProblems, 'Nothing was written.');
    return 1;
  }
  const inExtract = new Set(read.rows.map((row) => row.establishment.urn));
  const missing = [...known.values()].filter((school) => school.establishment && !inExtract.has(school.establishment.urn));

  report(io, changes, skipped, missing, options.listSkipped ?? false);
  const writing = changes.filter((change) => change.kind !== 'unchanged');
  if (options.dryRun) {
    io.stdout.write(`\nA dry run: nothing was written. Run the same command without --dry-run to write ${plural(writing.length, 'file')}.\n`);
    return 0;
  }
  if (writing.length === 0) {
    io.stdout.write('\nNothing to write: every school file is as the extract has it.\n');
    return 0;
  }
  write(root, writing);

  // What the new and changed schools still need before their policies can be filled.
  const { problems } = checkProject(root, { schools: writing.map((change) => change.id) }, { keepFilled: false });
  const theirs = problems.filter((p) => writing.some((change) => p.location.file === change.file));
  io.stdout.write(`\nWrote ${plural(writing.length, 'school file')}.\n`);
  if (theirs.length > 0) {
    io.stdout.write(`\nBefore "policy check" passes, these schools need what neither the register nor ${publisher.name} gives: set each in the school's file (or a default for every school in ${publisherFile}).\n`);
    for (const p of theirs) io.stdout.write(`${p.format()}\n`);
  }
  return 0;
}

/** The local authorities or trusts whose establishments are imported. */
function chooseArea(io: Io, variant: string, publisherName: string, rows: readonly GiasRow[], options: ImportOptions): { la?: string[]; trust?: string[] } {
  const las = new Map<string, string>();
  const trusts = new Map<string, string>();
  for (const { establishment } of rows) {
    if (establishment.la) las.set(establishment.la.code, establishment.la.name);
    if (establishment.trust?.code) trusts.set(establishment.trust.code, establishment.trust.name ?? establishment.trust.code);
  }
  const pick = (given: string[], known: Map<string, string>, what: string, option: string): string[] =>
    given.map((one) => {
      if (known.has(one)) return one;
      const byName = [...known].find(([, name]) => normalName(name) === normalName(one));
      if (byName) return byName[0];
      const names = [...known].map(([code, name]) => `${code} ${name}`);
      const guess = suggest(one, [...known.keys(), ...known.values()]);
      throw new UsageError(`${option} ${one}: no establishment of the extract is in ${what} "${one}".${guess ? ` Did you mean ${guess}?` : ''}${names.length <= 20 ? ` The extract has: ${names.join(', ')}.` : ''}`);
    });
  if (options.la?.length) return { la: pick(options.la, las, 'the local authority', '--la') };
  if (options.trust?.length) return { trust: pick(options.trust, trusts, 'the trust', '--trust') };
  const [known, what, option] = variant === 'la' ? [las, 'local authority', '--la'] : [trusts, 'trust', '--trust'];
  const words = normalName(publisherName);
  const matches = [...known].filter(([, name]) => (variant === 'la' ? ` ${words} `.includes(` ${normalName(name)} `) : normalName(name) === words));
  if (matches.length !== 1) {
    const listed = [...known].map(([code, name]) => `${code} ${name}`).sort();
    throw new UsageError(
      `${matches.length === 0 ? `No ${what} of the extract has ${publisherName}'s name` : `Several ${what === 'trust' ? 'trusts' : 'local authorities'} of the extract have ${publisherName}'s name (${matches.map(([code, name]) => `${code} ${name}`).join(', ')})`}: say whose establishments to import with ${option} CODE${listed.length > 0 && listed.length <= 20 ? `; the extract has ${listed.join(', ')}` : ''}.`,
    );
  }
  const [code, name] = matches[0]!;
  io.stdout.write(`Importing the establishments of ${name} (${what === 'trust' ? 'trust' : 'LA'} ${code}), ${variant === 'la' ? `whose name is in ${publisherName}'s` : `which has ${publisherName}'s name`}; ${option} chooses another.\n`);
  return variant === 'la' ? { la: [code] } : { trust: [code] };
}

/** A name for comparing: lower case, "and" for "&", without accents, punctuation or extra spaces. */
function normalName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’?]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** An id from a name: "St Mary's C of E Primary School" is st-marys-c-of-e-primary-school. */
export function idFromName(name: string): string {
  const words = normalName(name).split(' ').filter(Boolean);
  let id = '';
  for (const word of words) {
    if (id && id.length + word.length + 1 > 60) break;
    id = id ? `${id}-${word}` : word;
  }
  return id || 'school';
}

/**
 * The schools in a publisher's folder, as their files are now. A file that cannot be read as
 * YAML, or whose establishment: is not one the import wrote, is a problem: the school in it could
 * be imported a second time, so the import stops until it is mended.
 */
function knownSchools(root: string, publisherId: string): { schools: Map<string, KnownSchool>; problems: PolicyError[] } {
  const schools = new Map<string, KnownSchool>();
  const problems: PolicyError[] = [];
  for (const name of readdirSync(join(root, 'schools', publisherId)).sort()) {
    if (!name.endsWith('.yaml') || name === publisherFileName) continue;
    const file = `schools/${publisherId}/${name}`;
    const text = readFileSync(join(root, file), 'utf8');
    const { source, problems: unreadable } = parseYaml(file, text);
    const { doc } = source;
    if (unreadable.length > 0 || !isMap(doc.contents)) {
      problems.push(...(unreadable.length > 0 ? unreadable : [problem(InvalidValue, { file }, [file, "it is not a mapping of a school's fields, such as name: and policies:"])]));
      continue;
    }
    const data = source.data as { name?: unknown; establishment?: unknown };
    const establishment = data.establishment === undefined ? undefined : establishmentSchema.safeParse(data.establishment);
    if (establishment && !establishment.success) {
      const found = validateYaml(schoolFileSchema, source, { context: 'a school file' }).problems.filter((p) => p.location.field?.startsWith('establishment') ?? true);
      problems.push(...(found.length > 0 ? found : [problem(InvalidValue, locate(source, ['establishment']), ['establishment', establishment.error.issues[0]?.message ?? 'it is not as the import writes it'])]));
      continue;
    }
    // Two files of one URN would both be the same school: which one the register's record goes to cannot be known.
    const urn = establishment?.data.urn;
    const twin = urn === undefined ? undefined : [...schools.values()].find((other) => other.establishment?.urn === urn);
    if (twin) {
      problems.push(problem(InvalidValue, locate(source, ['establishment', 'urn']), ['establishment.urn', `"${urn}" is also the URN of ${twin.file}, so both files would be the same school: keep one of them`]));
      continue;
    }
    schools.set(name.slice(0, -5), { id: name.slice(0, -5), file, text, doc, name: typeof data.name === 'string' ? data.name : undefined, establishment: establishment?.data });
  }
  return { schools, problems };
}

/** Sets the register's facts in a school's file: in place, or, in a file that had none, after its name. */
function setEstablishment(doc: YamlDocument, establishment: Establishment): void {
  const contents = doc.contents;
  if (!isMap(contents)) return;
  if (contents.has('establishment')) {
    contents.set('establishment', doc.createNode(establishment));
    return;
  }
  const pair = doc.createPair('establishment', establishment);
  const at = contents.items.findIndex((item) => isScalar(item.key) && item.key.value === 'name');
  contents.items.splice(at + 1, 0, pair);
}

/** A new school's file. */
function add(row: GiasRow, publisherId: string, used: Set<string>, publisherName: string): Change {
  const { establishment } = row;
  let id = idFromName(row.name);
  const town = establishment.address?.town;
  if (used.has(id) && town) id = `${id}-${idFromName(town)}`;
  if (used.has(id) || !slugPattern.test(id)) id = `${idFromName(row.name)}-${establishment.urn}`;
  used.add(id);
  const doc = new Document({ name: row.name, establishment });
  doc.commentBefore = [
    ` ${row.name}, URN ${establishment.urn}, one of ${publisherName}'s schools.`,
    ` establishment: is what the DfE's register of schools (Get Information About Schools) records,`,
    ' as "policy import gias" copied it: a later import updates it and nothing else in this file.',
    ' Its details for each policy, and the versions its governors adopt, go below it.',
  ].join('\n');
  const notes = row.name.includes('?') ? [questionMarkNote] : [];
  return { kind: 'added', id, file: `schools/${publisherId}/${id}.yaml`, row, before: undefined, after: doc.toString({ lineWidth: 0 }), what: [], notes };
}

const questionMarkNote = 'its name has a "?" where the register\'s download could not hold a letter (such as the Welsh ŵ or ŷ): correct the name in its file; later imports keep the correction';

/** An existing school's file with the register's facts updated, and nothing else changed. */
function update(school: KnownSchool, row: GiasRow, encoding: string): Change {
  const { establishment } = row;
  const doc = school.doc.clone();
  const what: string[] = [];
  const notes: string[] = [];
  // A name that differs only where the download wrote "?" for a letter it could not hold keeps the school's spelling.
  const current = school.name;
  const keepsName = current !== undefined && row.name.includes('?') && new RegExp(`^${row.name.split('?').map(escapeRegExp).join('.')}$`, 'u').test(current);
  if (current !== row.name && !keepsName) {
    doc.set('name', row.name);
    what.push(`name: ${current ?? 'none'} → ${row.name}`);
  } else if (keepsName && encoding === 'windows-1252') notes.push(`kept its name as "${current}", which the extract writes "${row.name}"`);
  const before = school.establishment;
  if (!before || canonicalJson(before) !== canonicalJson(establishment)) {
    what.push(...describeChange(before, establishment));
    setEstablishment(doc, establishment);
  }
  const after = doc.toString({ lineWidth: 0 });
  const closedNow = establishment.status === 'Closed' && before?.status !== 'Closed';
  const kind = after === school.text || what.length === 0 ? 'unchanged' : closedNow ? 'closed' : 'updated';
  if (!before) notes.push('linked to the register by its name');
  return { kind, id: school.id, file: school.file, row, before: school.text, after: kind === 'unchanged' ? school.text : after, what, notes };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What changed between two records of the register, field by field, in words. */
function describeChange(before: Establishment | undefined, after: Establishment): string[] {
  if (!before) return ['its record from the register added'];
  const lines: string[] = [];
  const shown = (value: unknown) => (value === undefined ? 'none' : typeof value === 'object' ? Object.values(value as object).join(' ') : String(value));
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])] as (keyof Establishment)[];
  for (const key of keys) {
    if (canonicalJson(before[key]) === canonicalJson(after[key])) continue;
    lines.push(`${key}: ${shown(before[key])} → ${shown(after[key])}`);
  }
  return lines;
}

/** The report of an import: what it adds, updates, closes and leaves, and every row it skips with why. */
function report(io: Io, changes: readonly Change[], skipped: readonly GiasSkip[], missing: readonly KnownSchool[], listSkipped: boolean): void {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const of = (kind: Change['kind']) => changes.filter((change) => change.kind === kind);
  const label = (change: Change) => `  ${change.file}  URN ${change.row.establishment.urn}  ${change.row.name} (line ${change.row.line})`;
  const section = (kind: Change['kind'], title: string, detail: (change: Change) => string[]) => {
    const list = of(kind);
    if (list.length === 0) return;
    out(`\n${title} (${list.length}):`);
    for (const change of list) {
      out(label(change));
      for (const line of [...detail(change), ...change.notes]) out(`      ${line}`);
    }
  };
  section('added', 'Added', () => []);
  section('updated', 'Updated', (change) => change.what);
  section('closed', 'Closed: marked closed; the file and its adopted versions are kept', (change) => change.what);
  const unchanged = of('unchanged');
  if (unchanged.length > 0) out(`\nUnchanged: ${plural(unchanged.length, 'school')}.`);
  const own = skipped.filter((skip) => skip.area);
  if (own.length > 0) {
    out(`\nSkipped (${own.length}):`);
    for (const skip of own) out(`  line ${skip.row.line}  URN ${skip.row.establishment.urn}  ${skip.row.name}: ${skip.reason}`);
  }
  const others = skipped.filter((skip) => !skip.area);
  if (others.length > 0) {
    if (listSkipped || others.length <= namedOtherRows) {
      out(`\nSkipped, as not the publisher's (${others.length}):`);
      for (const skip of others) out(`  line ${skip.row.line}  URN ${skip.row.establishment.urn}  ${skip.row.name}: ${skip.reason}`);
    } else {
      out(`\nSkipped ${plural(others.length, 'row')} of other local authorities or trusts (--list-skipped names each).`);
    }
  }
  if (missing.length > 0) {
    out(`\nNot in this extract, so left as they are (${missing.length}); an extract that has closed establishments marks a school that closed:`);
    for (const school of missing) out(`  ${school.file}  URN ${school.establishment!.urn}  ${school.name ?? school.id}`);
  }
}

/** Writes every changed file, or, if one cannot be written, puts back those already written. */
function write(root: string, changes: readonly Change[]): void {
  const locks: Lock[] = [];
  const written: Change[] = [];
  try {
    for (const change of changes) {
      const lockFile = join(root, change.file.replace(/([^/]+)$/, '.$1.lock'));
      const taken = takeLock(lockFile);
      if ('heldBy' in taken) throw new PolicyProblems([problem(LockHeld, { file: change.file }, ['import', taken.heldBy, `changing ${change.id}`], [taken.heldBy])]);
      locks.push(taken.lock);
      const now = existsSync(join(root, change.file)) ? readFileSync(join(root, change.file), 'utf8') : undefined;
      if (now !== change.before) {
        throw new PolicyProblems([problem(FileChangedMeanwhile, { file: change.file }, [change.before === undefined ? 'it was made while the import ran' : 'it was changed while the import ran'], ['Nothing was written. Run the import again.'])]);
      }
    }
    for (const change of changes) {
      if (change.before === undefined) writeFileAtomic(join(root, change.file), change.after);
      else writeProjectFile(join(root, change.file), change.after);
      written.push(change);
    }
  } catch (error) {
    for (const change of written.reverse()) {
      if (change.before === undefined) rmSync(join(root, change.file), { force: true });
      else writeFileAtomic(join(root, change.file), change.before);
    }
    throw error;
  } finally {
    for (const lock of locks) lock.release();
  }
}
