// A made-up project of any size, for measuring the build at scale.
//
// It makes a complete, valid project in a folder: this repository's templates/ and site.yaml and
// every publisher's publisher.yaml, copied unchanged, and N made-up schools shared out in turn
// among the publishers (the first to the first publisher, the second to the second, and so on).
// Each made-up school is modelled on its publisher's real school (its details, and each policy's
// details and modules, so that every policy fills without a blank), with its own id
// (`<publisher>-school-0001`), its own name ("Synthetic School 0001") and `example: true`. The
// real schools themselves are left out, so the project has exactly N schools.
//
// Every policy of every school is adopted twice, so every school has a renewal: the Social Media
// Policy first from the publisher's first release (2016-06) and then from its last (2026-09),
// the Complaints Procedure (one release, 2026-11) twice from that release, on different dates.
// Each record is what `policy adopt` appends, and each snapshot is made by the functions
// `policy adopt` uses (adoptionSnapshot, snapshotJson), so `policy check --root DIR` passes. The
// project is loaded once and every snapshot is worked out in memory; the same N always gives the
// same files, byte for byte. Every approval is on or before 30 November 2026.
//
//   node scripts/bench/synthetic-project.mjs --schools 200 --out DIR
//
// or from another script: `await makeProject(dir, { schools: 200 })`. DIR must be missing or
// empty.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadProject, snapshotJson } from '@school-policy/core';
import { adoptionSnapshot } from '@school-policy/generator';
import { parse, stringify } from 'yaml';

/** The repository this script belongs to, whose templates and publishers the project copies. */
const repository = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The real school each publisher's made-up schools are modelled on (Bellevue Place has two:
 * Evendons Primary gives its details, Example Academy almost none). A publisher not named here is
 * modelled on its school whose file is the longest, the one likely to give the most details.
 */
export const seedSchools = {
  'bellevue-place': 'evendons-primary',
  'east-sussex-cc': 'laughton-cps',
  'example-mat': 'example-primary-academy',
  life: 'life-mat',
  'merthyr-tydfil': 'example-primary',
  'twiss-green': 'twiss-green-cps',
};

/** The last day an approval may fall on: before 1 December 2026, the day these figures are built for. */
const lastApproval = '2026-11-30';

/** Who approves a policy, and who signs it, in each kind of publisher's schools. */
const governance = {
  la: { approvedBy: 'Full governing body', meeting: 'FGB', signedBy: ['Chair of Governors', 'Headteacher'] },
  trust: { approvedBy: 'Local Advisory Board', meeting: 'LAB', signedBy: ['Chair of the Local Advisory Board'] },
  mat: { approvedBy: 'Board of Directors', meeting: 'Directors', signedBy: ['Chair of the Directors'] },
};

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A month (2017-11), a year (2017) or a date as the first day it can mean: 2017-11-01. */
const firstDay = (value) => (String(value).length === 4 ? `${value}-01-01` : String(value).length === 7 ? `${value}-01` : String(value));

/** A date some days after another, both written 2026-10-14. */
function addDays(date, days) {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const later = (a, b) => (a > b ? a : b);
const earlier = (a, b) => (a < b ? a : b);

/** 14 October 2026, as a minute writes it. */
function longDate(date) {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${months[month - 1]} ${year}`;
}

/** `Synthetic School 0001`, `east-sussex-cc-school-0001`: a made-up school's number, name and id. */
export function syntheticSchool(publisher, number, width) {
  const padded = String(number).padStart(width, '0');
  return { id: `${publisher}-school-${padded}`, name: `Synthetic School ${padded}`, padded };
}

/** Replaces the seed school's id and name wherever its details mention them (an email address, a web address, a short name). */
function renamed(value, from, to) {
  if (typeof value === 'string') return value.split(from.name).join(to.name).split(from.id).join(to.id).split(from.shortName).join(to.shortName);
  if (Array.isArray(value)) return value.map((item) => renamed(item, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamed(item, from, to)]));
  return value;
}

/**
 * The two versions each policy is adopted in: the publisher's first release taken up, then its
 * last (the same release twice when it took up only one), each approved no earlier than the
 * release was published and taken up, the second after the first.
 */
function adoptionPlan(policy, index) {
  const releases = policy.releases;
  const first = releases[0];
  const last = releases.at(-1);
  const plan = [];
  let previous = '0000-01-01';
  for (const [version, taken] of [[1, first], [2, last]]) {
    const opens = later(later(firstDay(taken.release), firstDay(taken.since)), version === 2 ? addDays(previous, 1) : previous);
    // Spread the meetings over the days after it opens, so that schools do not all share one date.
    const approved = earlier(addDays(opens, version === 1 ? index % 10 : 7 + (index % 10)), lastApproval);
    plan.push({ version, release: taken.release, approved });
    previous = approved;
  }
  if (plan[1].approved <= plan[0].approved) throw new Error(`Cannot fit two approvals of ${last.release} before ${lastApproval}.`);
  return plan;
}

/**
 * Makes the project in `dir` (missing or empty) with `schools` made-up schools (and at most
 * `workers` threads, by default one per processor); returns the folder, the publishers, each
 * school's id, publisher and file, and the number of snapshot files written.
 */
export async function makeProject(dir, { schools: count, workers }) {
  if (!Number.isInteger(count) || count < 1) throw new Error(`The number of schools must be a whole number of 1 or more, not ${count}.`);
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0) throw new Error(`${root} is not empty: give a folder that is missing or empty.`);
  mkdirSync(join(root, 'schools'), { recursive: true });
  cpSync(join(repository, 'templates'), join(root, 'templates'), { recursive: true });
  cpSync(join(repository, 'site.yaml'), join(root, 'site.yaml'));

  const publishers = readdirSync(join(repository, 'schools'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repository, 'schools', entry.name, 'publisher.yaml')))
    .map((entry) => entry.name)
    .sort();
  const seeds = new Map();
  for (const publisher of publishers) {
    const folder = join(repository, 'schools', publisher);
    mkdirSync(join(root, 'schools', publisher));
    cpSync(join(folder, 'publisher.yaml'), join(root, 'schools', publisher, 'publisher.yaml'));
    const file = parse(readFileSync(join(folder, 'publisher.yaml'), 'utf8'));
    const candidates = readdirSync(folder).filter((name) => name.endsWith('.yaml') && name !== 'publisher.yaml');
    const longest = candidates.sort((a, b) => readFileSync(join(folder, b)).length - readFileSync(join(folder, a)).length || a.localeCompare(b))[0];
    const seedId = seedSchools[publisher] ?? longest?.replace(/\.yaml$/, '');
    if (!seedId) throw new Error(`${publisher} has no school to model its made-up schools on.`);
    const seed = parse(readFileSync(join(folder, `${seedId}.yaml`), 'utf8'));
    seeds.set(publisher, { publisher: file, id: seedId, school: seed });
  }

  // Each school's file, first without adoptions: the snapshots are worked out from the school's
  // details as the project loads them, and then the records are added.
  const width = Math.max(4, String(count).length);
  const made = [];
  for (let number = 1; number <= count; number++) {
    const publisher = publishers[(number - 1) % publishers.length];
    const { publisher: publisherFile, id: seedId, school: seed } = seeds.get(publisher);
    const own = syntheticSchool(publisher, number, width);
    const from = { id: seedId, name: seed.name, shortName: seed.details?.schoolShortName ?? seed.name };
    const to = { id: own.id, name: own.name, shortName: `Synthetic ${own.padded}` };
    const school = { name: own.name };
    if (seed.motto) school.motto = 'Learning and growing together';
    school.variant = publisherFile.variant;
    school.example = true;
    if (seed.details) school.details = renamed(seed.details, from, to);
    school.policies = {};
    for (const model of Object.keys(publisherFile.policies)) {
      const settings = seed.policies?.[model] ?? {};
      const policy = {};
      if (settings.modules?.length) policy.modules = settings.modules;
      if (settings.details) policy.details = renamed(settings.details, from, to);
      school.policies[model] = policy;
    }
    made.push({ publisher, id: own.id, index: number - 1, file: join(root, 'schools', publisher, `${own.id}.yaml`), school, variant: publisherFile.variant, publisherFile });
  }
  const header = (entry) =>
    `# A made-up school, for measuring the build at scale: modelled on ${seeds.get(entry.publisher).id}, with its own name and made-up approvals.\n`;
  for (const entry of made) writeFileSync(entry.file, header(entry) + stringify(entry.school, { lineWidth: 0, aliasDuplicateObjects: false }));

  // The snapshots, shared among worker threads (filling in a policy's text is most of the work):
  // each loads the project once, works out its schools' snapshots in memory and writes them.
  // Which thread makes a file changes nothing in it.
  const tasks = made.map((entry) => ({
    id: entry.id,
    policies: Object.keys(entry.publisherFile.policies).map((model) => ({ model, plan: adoptionPlan(entry.publisherFile.policies[model], entry.index) })),
  }));
  const threads = Math.max(1, Math.min(workers ?? availableParallelism(), Math.ceil(count / 20)));
  const shares = Array.from({ length: threads }, (_, thread) => tasks.filter((_, index) => index % threads === thread));
  const results = await Promise.all(shares.map((share) => runWorker(root, share)));
  const hashes = new Map(results.flat().map((done) => [`${done.id} ${done.model} ${done.version}`, done.hash]));

  for (const entry of made) {
    const people = governance[entry.variant];
    for (const { model, plan } of tasks[entry.index].policies) {
      // Each record as `policy adopt` appends it: its fields in the same order.
      entry.school.policies[model].adoptions = plan.map(({ version, release, approved }) => ({
        version,
        release,
        approved,
        approvedBy: people.approvedBy,
        minute: `${people.meeting} ${longDate(approved)}, item ${3 + ((entry.index + version) % 6)}`,
        signedBy: [...people.signedBy],
        reviewCycle: '2 years',
        snapshot: hashes.get(`${entry.id} ${model} ${version}`),
      }));
    }
    writeFileSync(entry.file, header(entry) + stringify(entry.school, { lineWidth: 0, aliasDuplicateObjects: false }));
  }
  return { root, publishers, schools: made.map((entry) => ({ id: entry.id, publisher: entry.publisher, file: entry.file })), snapshots: hashes.size };
}

/** Runs one worker thread over its share of the schools; resolves to the fingerprint of each snapshot it wrote. */
function runWorker(root, share) {
  return new Promise((done, failed) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { syntheticProject: { root, tasks: share } } });
    let result;
    worker.once('message', (message) => (result = message));
    worker.once('error', failed);
    worker.once('exit', (code) => (result && code === 0 ? done(result) : failed(new Error(`A worker making snapshots stopped (exit code ${code}) before it finished.`))));
  });
}

/**
 * In a worker thread: loads the project once, and for each of its schools' policies works out each
 * version's snapshot as `policy adopt` would, writes it, and adds the version to the school's
 * adoptions in memory, so that the next version is numbered and made as it would be once the
 * first is recorded.
 */
function makeSnapshots({ root, tasks }) {
  const { project, problems } = loadProject(root);
  if (problems.length > 0) throw new Error(`The made-up project has ${problems.length} problem(s), the first: ${problems[0].format()}`);
  const made = [];
  for (const task of tasks) {
    const school = project.schools.get(task.id);
    for (const { model, plan } of task.policies) {
      const policy = school.policies.get(model);
      for (const { version, release, approved } of plan) {
        const { snapshot, file, hash } = adoptionSnapshot(project, policy, release, approved);
        if (snapshot.version !== version) throw new Error(`${task.id} ${model}: expected version ${version}, made ${snapshot.version}.`);
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), snapshotJson(snapshot));
        // Only its number is read from here on; the frozen text is not kept, to spare memory.
        policy.adoptions.push({ version, release, approved, signedBy: [], example: false, hash, name: `v${version}`, snapshotFile: file });
        made.push({ id: task.id, model, version, hash });
      }
    }
  }
  return made;
}

if (!isMainThread && workerData?.syntheticProject) parentPort.postMessage(makeSnapshots(workerData.syntheticProject));

if (isMainThread && process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { schools: { type: 'string' }, out: { type: 'string' } } });
  const count = Number(values.schools);
  if (!values.schools || !Number.isInteger(count) || count < 1 || !values.out) {
    process.stderr.write('Usage: node scripts/bench/synthetic-project.mjs --schools N --out DIR (N a whole number of 1 or more, DIR missing or empty)\n');
    process.exit(2);
  }
  const started = performance.now();
  try {
    const { root, schools, snapshots } = await makeProject(values.out, { schools: count });
    process.stdout.write(`Made ${schools.length} schools and ${snapshots} snapshots in ${root} in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
