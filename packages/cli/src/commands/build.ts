import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { buildDate, listedIds, LockHeld, PolicyProblems, problem, type Site } from '@school-policy/core';
import { generatorFingerprint, renderRobots, renderSiteDocuments, setSiteBuild, siteDocuments, siteEntries, sitemapFiles, type DocumentStageReport } from '@school-policy/generator';
import { fileSystemProblem, plural, UsageError, type Io } from '../io.js';
import { checkProject, defaultCacheDir, projectRoot, reportProblems, siteProblems } from '../project.js';
import { checkReplaceable, replaceFolder, shownPath } from '../replace-folder.js';
import { writeSearchIndex } from '../search-index.js';
import { checkShards, copyShard, ownerOf, parseShard, readShard, schoolInputs, shardFileName, shardOf, shardView, sharedInputs, wholeShard, type Shard, type ShardRecord } from '../shard.js';
import { running, takeLock } from '../take-lock.js';

/** What `policy build` needs of Astro, loaded from the site's own dependencies. */
interface AstroBuild {
  build(config: { root: string; outDir: string; logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent' }): Promise<void>;
}

/** The Astro site that lays out the pages: apps/site in this repository. */
export const siteRoot = fileURLToPath(new URL('../../../../apps/site/', import.meta.url));

/** This repository: the policy program, which no build may replace. */
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Where Astro builds, inside the site's own folder so that its working files find the site's packages; one folder a build. */
const astroWorkFolder = join(siteRoot, 'node_modules', '.policy-build');

/**
 * Builds the pages with Astro into `into` (an empty folder beside the output). Astro works in a
 * folder of its own inside apps/site, from apps/site (it puts its working files in the current
 * folder when the output is outside it), so a build writes nothing into the project or the folder
 * it was started from; then the pages are moved (or, from another file system, copied) into `into`.
 * Only one build at a time uses apps/site: a second one refuses.
 */
async function astroBuild(astro: AstroBuild, root: string, into: string): Promise<void> {
  mkdirSync(astroWorkFolder, { recursive: true });
  const lockPath = join(astroWorkFolder, 'lock');
  const taken = takeLock(lockPath);
  if ('heldBy' in taken) {
    throw new PolicyProblems([problem(LockHeld, { file: lockPath }, ['build', taken.heldBy, 'building the site with apps/site'], [taken.heldBy])]);
  }
  const cwd = process.cwd();
  const work = join(astroWorkFolder, `${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    // What a killed build left behind.
    for (const entry of readdirSync(astroWorkFolder)) {
      const pid = Number(entry.split('-')[0]);
      if (entry !== 'lock' && !entry.startsWith('lock.') && !running(pid)) rmSync(join(astroWorkFolder, entry), { recursive: true, force: true });
    }
    process.env.POLICY_ROOT = root;
    process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
    process.chdir(siteRoot);
    await astro.build({ root: siteRoot, outDir: work, logLevel: 'warn' });
    process.chdir(cwd);
    try {
      rmSync(into, { recursive: true });
      renameSync(work, into);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      cpSync(work, into, { recursive: true });
    }
  } finally {
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
    taken.lock.release();
  }
}

/** What `policy build` and `policy assemble` are given. */
type BuildOptions = Parameters<typeof buildSite>[1];

/**
 * `policy build`, or `policy assemble`. A build (or a shard's build) with the cache first looks
 * whether its folder already holds what it would build: the site a build made from these very
 * inputs (see upToDateKey), every file as that build's manifest lists it. Then nothing is built.
 * Otherwise it builds (see buildSite) and, when that succeeds, notes what it built, for the next.
 */
export async function build(io: Io, options: BuildOptions): Promise<number> {
  const started = performance.now();
  const eligible = !options.noCache && !options.assemble && !options.batches;
  if (!eligible) return buildSite(io, options);
  const root = projectRoot(io, options.root);
  const shard = options.shard === undefined ? { index: 1, count: 1 } : parseShard(options.shard);
  const outDir = options.out ? resolve(io.cwd, withHome(options.out)!) : join(siteRoot, 'dist');
  const cacheDir = resolve(io.cwd, withHome(options.cache) ?? defaultCacheDir());
  const key = upToDateKey(root, shard, parseBatch(options.batch));
  const record = join(cacheDir, siteFolderName, `${key}.json`);
  const built = readBuilt(record);
  if (built && !leftBehind(outDir) && wholeSite(outDir, built.manifest)) {
    const shown = shownPath(io.cwd, outDir);
    io.stdout.write(`Documents: 0 rendered, ${built.documents} reused (cache: ${shownPath(io.cwd, cacheDir)}) in 0.0s.\n`);
    io.stdout.write(`Nothing changed: ${shown} holds the site these files build, every file as its manifest lists it. Checked in ${((performance.now() - started) / 1000).toFixed(1)}s.\n`);
    if (options.report) {
      const report = { ...built.report, documents: { ...built.report.documents, rendered: 0, reused: built.documents, pdfs: 0, words: 0, seconds: 0, renderedFiles: [] }, stages: {}, upToDate: true, seconds: round((performance.now() - started) / 1000) };
      writeFileSync(resolve(io.cwd, withHome(options.report)!), `${JSON.stringify(report, null, 2)}\n`);
    }
    return 0;
  }
  // The report is needed to note what was built: one of its own when none was asked for.
  const work = mkdtempSync(join(tmpdir(), 'policy-report-'));
  try {
    const reportFile = options.report ? resolve(io.cwd, withHome(options.report)!) : join(work, 'report.json');
    const code = await buildSite(io, { ...options, report: reportFile });
    if (code !== 0) return code;
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as BuildReport;
    const manifest = createHash('sha256').update(readFileSync(join(outDir, manifestName))).digest('hex');
    mkdirSync(dirname(record), { recursive: true });
    const entry: Built = { manifest, documents: report.documents.rendered + report.documents.reused, report: { ...report, batches: undefined } };
    writeFileSync(`${record}.${process.pid}`, JSON.stringify(entry));
    renameSync(`${record}.${process.pid}`, record);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Where the cache notes, for each set of inputs, the manifest of the site built from them. */
const siteFolderName = 'sites';

/** What the cache notes of a build: its manifest's sha-256, its documents, and its report. */
interface Built {
  manifest: string;
  documents: number;
  report: BuildReport;
}

function readBuilt(file: string): Built | undefined {
  try {
    const built = JSON.parse(readFileSync(file, 'utf8')) as Built;
    return typeof built.manifest === 'string' && typeof built.documents === 'number' && typeof built.report === 'object' ? built : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A hash of everything a build's output is made from: this version of policy (its code, the
 * site's source, the locked dependencies) and of Node.js, the models, the publishers' files,
 * site.yaml, the day, which shard and how it is batched, and every file of its schools.
 */
function upToDateKey(root: string, shard: Shard, batch: number): string {
  const schools = new Set(listedIds(root).schools.filter((id) => shardOf(id, shard.count) === shard.index));
  return createHash('sha256')
    .update(['site 1', siteFingerprint(), process.version, sharedInputs(root), buildDate(), `${shard.index}/${shard.count}`, String(batch), [...schools].sort().join('\0'), schoolInputs(root, schools)].join('\0'))
    .digest('hex');
}

/**
 * Whether a killed build left anything behind that the next build cleans up: a half-built or
 * set-aside folder beside the site, or Astro's working folder. Then a build runs, to clean it up.
 */
function leftBehind(outDir: string): boolean {
  const name = basename(outDir);
  const beside = existsSync(dirname(outDir)) ? readdirSync(dirname(outDir)) : [];
  if (beside.some((entry) => entry.startsWith(`.${name}-new-`) || entry.startsWith(`.${name}-previous-`))) return true;
  return existsSync(astroWorkFolder) && readdirSync(astroWorkFolder).some((entry) => entry !== 'lock' && !entry.startsWith('lock.'));
}

/**
 * Whether a folder holds exactly the site whose manifest has this sha-256: the manifest, and every
 * file it lists with its size and hash, and no other file.
 */
function wholeSite(dir: string, manifestHash: string): boolean {
  try {
    const text = readFileSync(join(dir, manifestName));
    if (createHash('sha256').update(text).digest('hex') !== manifestHash) return false;
    const { files } = JSON.parse(text.toString('utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
    const there = sitePaths(dir).filter((path) => path !== manifestName);
    if (there.length !== files.length || there.some((path, index) => path !== files[index]!.path)) return false;
    return files.every((file) => {
      const bytes = readFileSync(join(dir, ...file.path.split('/')));
      return bytes.length === file.bytes && createHash('sha256').update(bytes).digest('hex') === file.sha256;
    });
  } catch {
    return false;
  }
}

/**
 * Builds the site: checks everything first (site.yaml included: the sitemap, feeds and calendars
 * need the site's address) and writes nothing if any check fails; then builds the whole site
 * (pages, PDFs, Word documents, feeds and calendars) into a temporary folder, adds the sitemap, robots.txt and
 * the manifest, and swaps it in, so a failed build leaves the previous site as it was.
 */
async function buildSite(
  io: Io,
  options: {
    root: string | undefined;
    out: string | undefined;
    cache?: string | undefined;
    noCache?: boolean | undefined;
    report?: string | undefined;
    /** `K/N`: build only shard K of N (the pages and documents of its schools). */
    shard?: string | undefined;
    /** Assemble these shards' outputs, with the pages of the site as a whole, into one site. */
    assemble?: string[] | undefined;
    /** The most schools built in one process (see buildInBatches); `--batch`. */
    batch?: string | undefined;
    /** Set by buildInBatches for the assembly of the batches it built: their schools were checked and filled by them. */
    batches?: { reports: string[]; noCache: boolean; size: number; started: number; checked: ReadonlySet<string> } | undefined;
  },
): Promise<number> {
  const started = options.batches?.started ?? performance.now();
  const root = projectRoot(io, options.root);
  if (options.cache !== undefined && options.noCache) throw new UsageError('Give --cache DIR or --no-cache, not both.');
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.assemble && options.assemble.length === 0) throw new UsageError('Name the folders the shards were built into: policy assemble DIR… --out SITE.');
  const batch = parseBatch(options.batch);
  const out = withHome(options.out);
  const outDir = out ? resolve(io.cwd, out) : join(siteRoot, 'dist');
  const shownOut = shownPath(io.cwd, outDir);
  const folder = {
    guards: { projectRoot: root, programRoot: repositoryRoot, cwd: io.cwd, home: homedir() },
    manifestName,
    shown: (path: string) => shownPath(io.cwd, path),
    doing: `building into ${shownOut}`,
  };
  // A folder it must never replace is refused before anything else is done (whether a folder holds
  // only an earlier build is checked once the content is known to be good, under the build's lock).
  checkReplaceable(outDir, { ...folder, strays: false });
  // How long each stage took, in seconds, for --report.
  const stages: Record<string, number> = {};
  let lap = performance.now();
  const timed = (stage: string) => {
    const now = performance.now();
    stages[stage] = round((now - lap) / 1000);
    lap = now;
  };
  // A project (or a shard) of more schools than a batch holds is built batch by batch, each in a process of its own.
  if (!options.assemble) {
    const whole = shard ?? { index: 1, count: 1 };
    const count = listedIds(root).schools.filter((id) => shardOf(id, whole.count) === whole.index).length;
    if (count > batch) return buildInBatches(io, options, root, whole, Math.ceil(count / batch), batch);
  }
  // A shard built in batches: the batches' files put together, with the shard's record and manifest.
  if (shard && options.assemble) return mergeBatches(io, options, root, shard, outDir, folder, started);
  // A shard reads only its own schools' files (and every publisher's and model's); the assembly of
  // batches this build made reads every school's file but leaves their policies to the batches.
  const scope = shard ? { schools: listedIds(root).schools.filter((id) => shardOf(id, shard.count) === shard.index), publishers: 'all' as const, models: 'all' as const } : undefined;
  // The cache folder kept between builds (none with --no-cache): the releases as read, the adopted versions checked, the documents.
  const keptCache = options.noCache ? undefined : resolve(io.cwd, withHome(options.cache) ?? defaultCacheDir());
  const { project, problems: contentProblems, policies: checked } = checkProject(root, scope, { schools: !options.batches, cache: keptCache ?? null });
  timed('check');
  const problems = [...siteProblems(root), ...contentProblems];
  if (problems.length > 0) {
    reportProblems(io, problems, `Nothing was built; ${shownOut} is unchanged.`);
    return 1;
  }
  // The shards to assemble are checked before anything is built: all of one build, each once, covering every school.
  const shards = options.assemble?.map((dir) => readShard(resolve(io.cwd, withHome(dir)!), io.cwd));
  if (shards) checkShards(shards, project, root);
  // A shard's pages and documents are those of its own schools, made from the project with only them.
  const view = shard ? shardView(project, shard) : project;
  const ownSchools = new Set(view.schools.keys());
  const wanted = (href: string) => {
    const owner = ownerOf(href.slice(1), ownSchools);
    return shard ? owner !== undefined : shards ? owner === undefined : true;
  };

  const astro = (await import(pathToFileURL(createRequire(join(siteRoot, 'package.json')).resolve('astro')).href)) as AstroBuild;
  const environment = { POLICY_ROOT: process.env.POLICY_ROOT, ASTRO_TELEMETRY_DISABLED: process.env.ASTRO_TELEMETRY_DISABLED };
  // Without a cache, the documents are rendered into a folder of their own that the build removes.
  const cacheDir = keptCache ?? mkdtempSync(join(tmpdir(), 'policy-documents-'));
  let stage: DocumentStageReport | undefined;
  let pagesSeconds = 0;
  try {
    // Every policy is filled once: the check filled each current one, for the pages and documents to use.
    // The assembly lays out no school's own pages, so it needs only their records, not their policies filled.
    const entries = siteEntries(view, checked, { schoolPages: !shards });
    timed('fill');
    stage = await renderSiteDocuments(siteDocuments(entries, wanted), { cacheDir });
    // A shard makes the templates' documents too (found in the cache after the first shard), for the
    // pages of the whole site it lays out and leaves out; its report counts only its own schools'.
    if (shard) {
      const others = await renderSiteDocuments(siteDocuments(entries, (href) => !wanted(href)), { cacheDir });
      // Those it rendered count as rendered (then they are reused by the other shards and the assembly), those it found do not count.
      stage = {
        ...stage,
        documents: new Map([...stage.documents, ...others.documents]),
        rendered: stage.rendered + others.rendered,
        pdfs: stage.pdfs + others.pdfs,
        words: stage.words + others.words,
        renderedHrefs: [...stage.renderedHrefs, ...others.renderedHrefs].sort(),
        seconds: stage.seconds + others.seconds,
      };
    }
    timed('documents');
    const documents = stage.documents;
    await replaceFolder(
      outDir,
      async (temporary) => {
        const pagesStarted = performance.now();
        setSiteBuild({ project: view, entries, documents, schoolPages: !shards });
        try {
          await astroBuild(astro, root, temporary);
        } finally {
          setSiteBuild(undefined);
        }
        // Each part of the site is made by one build only: a shard keeps its schools' pages, the assembly the rest.
        for (const path of sitePaths(temporary)) if (!wanted(`/${path}`)) rmSync(join(temporary, path));
        removeEmptyFolders(temporary);
        pagesSeconds = (performance.now() - pagesStarted) / 1000;
        timed('pages');
        const placed = new Map([...documents].filter(([href]) => wanted(href)));
        placeDocuments(temporary, placed);
        timed('place');
        const known = new Map<string, { bytes: number; sha256: string }>(placed);
        if (shard) {
          const record: ShardRecord = { format: 1, shard: shard.index, of: shard.count, generator: generatorFingerprint(), project: sharedInputs(root), date: buildDate(), schools: [...ownSchools].sort() };
          writeFileSync(join(temporary, shardFileName), `${JSON.stringify(record, null, 2)}\n`);
        } else {
          for (const one of shards ?? []) for (const [path, file] of copyShard(one, temporary, { checked: options.batches?.checked.has(one.dir) ?? false })) known.set(`/${path}`, file);
          timed('assemble');
          await writeSearchIndex(temporary);
          timed('search');
          writeSiteIndex(temporary, project.site!);
        }
        writeFileSync(join(temporary, manifestName), buildManifest(temporary, known));
        timed('manifest');
      },
      folder,
    );
  } catch (error) {
    if (error instanceof PolicyProblems) throw error;
    const fault = fileSystemProblem(error, io.cwd);
    if (fault) io.stderr.write(`${fault.format()}\nNothing was changed in ${shownOut}.\n`);
    else io.stderr.write(`The site could not be built: ${error instanceof Error ? error.message : String(error)}\nNothing was changed in ${shownOut}.\n`);
    return 1;
  } finally {
    for (const [key, value] of Object.entries(environment)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (options.noCache) rmSync(cacheDir, { recursive: true, force: true });
  }

  const files = sitePaths(outDir);
  const pages = files.filter((file) => file.endsWith('.html')).length;
  const pdfs = files.filter((file) => file.endsWith('.pdf')).length;
  const wordDocuments = files.filter((file) => file.endsWith('.docx')).length;
  const feeds = files.filter((file) => file.endsWith('/feed.xml')).length;
  const calendars = files.filter((file) => file.endsWith('.ics')).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const versions = [...view.schools.values()].reduce((total, school) => total + [...school.policies.values()].reduce((sum, policy) => sum + policy.adoptions.length, 0), 0);
  const shownCache = options.noCache || options.batches?.noCache ? 'no cache' : `cache: ${shownPath(io.cwd, cacheDir)}`;
  // A build in batches made most documents in the batches' processes: their counts are added to the assembly's.
  const batchReports = (options.batches?.reports ?? []).map((file) => JSON.parse(readFileSync(file, 'utf8')) as BuildReport);
  // The assembly finds in the cache the templates' documents that a batch rendered in this build: those count once, as rendered.
  const byBatches = new Set(batchReports.flatMap((one) => one.documents.renderedFiles));
  const renderedEarlier = new Set([...stage!.documents].filter(([href]) => byBatches.has(href)).map(([, made]) => made.file)).size;
  const own = { rendered: stage!.rendered, reused: stage!.reused - renderedEarlier, pdfs: stage!.pdfs, words: stage!.words, seconds: stage!.seconds, renderedFiles: stage!.renderedHrefs };
  const documents = [own, ...batchReports.map((one) => ({ ...one.documents, renderedFiles: one.reused ? [] : one.documents.renderedFiles }))].reduce(
    (total, one) => ({
      rendered: total.rendered + one.rendered,
      reused: total.reused + one.reused,
      pdfs: total.pdfs + one.pdfs,
      words: total.words + one.words,
      seconds: total.seconds + one.seconds,
      renderedFiles: [...total.renderedFiles, ...one.renderedFiles],
    }),
    { rendered: 0, reused: 0, pdfs: 0, words: 0, seconds: 0, renderedFiles: [] as string[] },
  );
  io.stdout.write(`Documents: ${documents.rendered} rendered, ${documents.reused} reused (${shownCache}) in ${documents.seconds.toFixed(1)}s.\n`);
  if (options.report) {
    const report: BuildReport = {
      schools: view.schools.size,
      documents: { ...documents, seconds: round(documents.seconds), renderedFiles: documents.renderedFiles.sort() },
      // The batches laid out their schools' pages, this build the rest: the time is theirs and its own together.
      pages: { count: pages, seconds: round(pagesSeconds + batchReports.reduce((sum, one) => sum + one.pages.seconds, 0)) },
      files: { pages, pdfs, words: wordDocuments, feeds, calendars },
      stages,
      ...(batchReports.length > 0 ? { batches: batchReports.map(({ documents: made, ...rest }) => ({ ...rest, documents: { ...made, renderedFiles: made.renderedFiles.length } })) } : {}),
      seconds: round((performance.now() - started) / 1000),
    };
    writeFileSync(resolve(io.cwd, withHome(options.report)!), `${JSON.stringify(report, null, 2)}\n`);
  }
  const made = shard ? `shard ${shard.index} of ${shard.count}: ` : shards && !options.batches ? `${plural(shards.length, 'shard')} assembled with the pages of the whole site: ` : '';
  io.stdout.write(
    `Built ${made}${plural(pages, 'page')}, ${plural(pdfs, 'PDF')}, ${plural(wordDocuments, 'Word document')}, ${plural(feeds, 'feed')} and ${plural(calendars, 'calendar')} for ${plural(view.schools.size, 'school')} (${plural(versions, 'adopted version')}) and ${plural(project.publishers.size, 'publisher')} into ${shownOut} in ${seconds}s${options.batches ? `, in ${plural(options.batches.reports.length, 'batch', 'batches')} of about ${plural(options.batches.size, 'school')}` : ''}.\n`,
  );
  return 0;
}

/** What `policy build --report FILE` writes. */
interface BuildReport {
  /** The schools whose pages and documents this build made (a shard's own). */
  schools: number;
  documents: { rendered: number; reused: number; pdfs: number; words: number; seconds: number; renderedFiles: string[] };
  pages: { count: number; seconds: number };
  files: { pages: number; pdfs: number; words: number; feeds: number; calendars: number };
  stages: Record<string, number>;
  /** For a batch kept from an earlier build: nothing of it was made by this one (its rendered files are those it rendered then). */
  reused?: boolean;
  /** For a build in batches, each batch's own report, its rendered files counted. */
  batches?: (Omit<BuildReport, 'documents' | 'batches'> & { documents: Omit<BuildReport['documents'], 'renderedFiles'> & { renderedFiles: number } })[];
  seconds: number;
}

/** How many schools one process builds at most unless --batch says otherwise: what a machine of a few gigabytes builds comfortably. */
export const defaultBatch = 100;

/** `--batch 250` → 250; anything but a whole number of at least 1 is a usage error saying what is wanted. */
function parseBatch(text: string | undefined): number {
  if (text === undefined) return defaultBatch;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= 1)) throw new UsageError(`--batch ${text}: give how many schools to build in one process (about: schools are split by a hash of their ids), a whole number of at least 1 (the default is ${defaultBatch}).`);
  return value;
}

/** The policy program, run once for each batch. */
const policyProgram = fileURLToPath(new URL('../../bin/policy.js', import.meta.url));

/**
 * Builds a project of more schools than a batch holds: the schools are split into `count` shards
 * (by a hash of each school's id, as --shard splits them), each built by `policy build --shard K/N`
 * in a process of its own, one after the other, into a temporary folder; then this process
 * assembles them with the pages of the site as a whole, as `policy assemble` does. Each process
 * holds only its own schools, so memory does not grow with the number of schools, and the site is
 * byte for byte the one a build in one process makes. Each batch checks its own schools before it
 * builds anything; the first batch with a problem stops the build, and nothing is changed.
 */
async function buildInBatches(io: Io, options: BuildOptions, root: string, whole: Shard, count: number, batch: number): Promise<number> {
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'policy-batches-'));
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const shownOut = shownPath(io.cwd, options.out ? resolve(io.cwd, withHome(options.out)!) : join(siteRoot, 'dist'));
  try {
    // Every batch and the assembly give review statuses for one day, even if the build runs past midnight.
    if (epoch === undefined || epoch === '') process.env.SOURCE_DATE_EPOCH = String(Date.parse(`${buildDate()}T00:00:00Z`) / 1000);
    // Without a cache, the batches share one that the build removes.
    const cache = options.noCache ? join(work, 'documents') : resolve(io.cwd, withHome(options.cache) ?? defaultCacheDir());
    const dirs: string[] = [];
    const reports: string[] = [];
    // Each batch's output is kept in the cache, by a hash of everything it is made from: a batch none of whose inputs changed is not built again.
    const kept = options.noCache ? undefined : join(cache, batchFolderName);
    const listed = listedIds(root).schools;
    const shared = [siteFingerprint(), sharedInputs(root), buildDate()].join('\0');
    const used = new Set<string>();
    // The folders of the batches kept from an earlier build, each checked whole just now.
    const checked = new Set<string>();
    for (let index = 1; index <= count; index++) {
      // Batch i of shard K of N is shard K + (i - 1)N of N × count: the schools of shard K split by the same hash.
      const part = { index: whole.index + (index - 1) * whole.count, count: whole.count * count };
      const schools = new Set(listed.filter((id) => shardOf(id, part.count) === part.index));
      const key = createHash('sha256').update(`batch 1\0${shared}\0${part.index}/${part.count}\0${[...schools].sort().join('\0')}\0${schoolInputs(root, schools)}`).digest('hex');
      const keptDir = kept && join(kept, key);
      used.add(key);
      if (keptDir && existsSync(join(keptDir, batchReportName)) && wholeShard(keptDir)) {
        const made = JSON.parse(readFileSync(join(keptDir, batchReportName), 'utf8')) as BuildReport;
        io.stdout.write(`Batch ${index} of ${count}: ${plural(made.schools, 'school')}, unchanged since an earlier build: its pages and documents reused.\n`);
        dirs.push(keptDir);
        checked.add(keptDir);
        // None of its documents was rendered by this build.
        reports.push(writeReusedReport(work, index, made));
        continue;
      }
      const dir = join(work, `batch-${index}`);
      const report = join(work, `batch-${index}.json`);
      // Built in one process: its schools are fewer than the project's.
      const run = await runPolicy(['build', '--root', root, '--shard', `${part.index}/${part.count}`, '--batch', String(listed.length), '--out', dir, '--cache', cache, '--report', report], io.cwd);
      if (run.code !== 0) {
        // The batch's own folder is a temporary one: what the user needs to know is that theirs is unchanged.
        const shown = shownPath(io.cwd, dir);
        io.stderr.write(run.stderr.replaceAll(`Nothing was built; ${shown} is unchanged.`, `Nothing was built; ${shownOut} is unchanged.`).replaceAll(`Nothing was changed in ${shown}.`, `Nothing was changed in ${shownOut}.`));
        io.stderr.write(`(The build stopped at batch ${index} of ${count}, whose schools were checked; "policy check" checks every school.)\n`);
        return run.code;
      }
      io.stderr.write(run.stderr);
      const made = JSON.parse(readFileSync(report, 'utf8')) as BuildReport;
      io.stdout.write(`Batch ${index} of ${count}: ${plural(made.schools, 'school')}, documents ${made.documents.rendered} rendered and ${made.documents.reused} reused, in ${made.seconds.toFixed(1)}s.\n`);
      reports.push(report);
      if (keptDir) {
        // Kept whole or not at all: moved into place under a temporary name, then renamed.
        copyFileSync(report, join(dir, batchReportName));
        const incoming = `${keptDir}.${process.pid}-${randomBytes(4).toString('hex')}`;
        mkdirSync(kept!, { recursive: true });
        moveFolder(dir, incoming);
        rmSync(keptDir, { recursive: true, force: true });
        renameSync(incoming, keptDir);
        dirs.push(keptDir);
      } else dirs.push(dir);
    }
    if (kept) pruneBatches(kept, root, whole, used);
    return await buildSite(io, { ...options, shard: whole.count === 1 ? undefined : `${whole.index}/${whole.count}`, batch: undefined, noCache: false, cache, assemble: dirs, batches: { reports, noCache: options.noCache ?? false, size: batch, started, checked } });
  } finally {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Puts together the batches a shard was built in (see buildInBatches): their files, each checked
 * against its batch's manifest, with the shard's own record and manifest, as `policy build --shard
 * K/N` makes them in one process. Each batch checked its own schools; together they hold the
 * shard's.
 */
async function mergeBatches(io: Io, options: BuildOptions, root: string, shard: Shard, outDir: string, folder: Parameters<typeof replaceFolder>[2], started: number): Promise<number> {
  const batches = options.assemble!.map((dir) => readShard(resolve(io.cwd, dir), io.cwd));
  const schools = batches.flatMap((one) => one.record.schools).sort();
  const expected = listedIds(root).schools.filter((id) => shardOf(id, shard.count) === shard.index).sort();
  if (schools.join('\0') !== expected.join('\0')) throw new Error(`The batches of shard ${shard.index} of ${shard.count} do not hold its schools: build it again.`);
  const known = new Map<string, { bytes: number; sha256: string }>();
  await replaceFolder(
    outDir,
    async (temporary) => {
      for (const one of batches) for (const [path, file] of copyShard(one, temporary, { checked: options.batches?.checked.has(one.dir) ?? false })) known.set(`/${path}`, file);
      const record: ShardRecord = { format: 1, shard: shard.index, of: shard.count, generator: generatorFingerprint(), project: sharedInputs(root), date: buildDate(), schools };
      writeFileSync(join(temporary, shardFileName), `${JSON.stringify(record, null, 2)}\n`);
      writeFileSync(join(temporary, manifestName), buildManifest(temporary, known));
    },
    folder,
  );
  const reports = (options.batches?.reports ?? []).map((file) => JSON.parse(readFileSync(file, 'utf8')) as BuildReport);
  const total = (pick: (report: BuildReport) => number) => reports.reduce((sum, one) => sum + pick(one), 0);
  const shownCache = options.batches?.noCache ? 'no cache' : `cache: ${shownPath(io.cwd, resolve(io.cwd, withHome(options.cache) ?? defaultCacheDir()))}`;
  io.stdout.write(`Documents: ${total((one) => one.documents.rendered)} rendered, ${total((one) => one.documents.reused)} reused (${shownCache}) in ${total((one) => one.documents.seconds).toFixed(1)}s.\n`);
  const files = sitePaths(outDir);
  const count = (test: (path: string) => boolean) => files.filter(test).length;
  const seconds = round((performance.now() - started) / 1000);
  if (options.report) {
    const documents = { rendered: total((one) => one.documents.rendered), reused: total((one) => one.documents.reused), pdfs: total((one) => one.documents.pdfs), words: total((one) => one.documents.words), seconds: round(total((one) => one.documents.seconds)), renderedFiles: reports.flatMap((one) => (one.reused ? [] : one.documents.renderedFiles)).sort() };
    const report: BuildReport = {
      schools: schools.length,
      documents,
      pages: { count: count((path) => path.endsWith('.html')), seconds: round(total((one) => one.pages.seconds)) },
      files: { pages: count((path) => path.endsWith('.html')), pdfs: count((path) => path.endsWith('.pdf')), words: count((path) => path.endsWith('.docx')), feeds: count((path) => path.endsWith('/feed.xml')), calendars: count((path) => path.endsWith('.ics')) },
      stages: {},
      batches: reports.map(({ documents: made, ...rest }) => ({ ...rest, documents: { ...made, renderedFiles: made.renderedFiles.length } })),
      seconds,
    };
    writeFileSync(resolve(io.cwd, withHome(options.report)!), `${JSON.stringify(report, null, 2)}\n`);
  }
  io.stdout.write(
    `Built shard ${shard.index} of ${shard.count}: ${plural(count((path) => path.endsWith('.html')), 'page')}, ${plural(count((path) => path.endsWith('.pdf')), 'PDF')}, ${plural(count((path) => path.endsWith('.docx')), 'Word document')} and ${plural(count((path) => path.endsWith('.ics')), 'calendar')} for ${plural(schools.length, 'school')} into ${shownPath(io.cwd, outDir)} in ${seconds.toFixed(1)}s, in ${plural(reports.length, 'batch', 'batches')} of about ${plural(options.batches!.size, 'school')}.\n`,
  );
  return 0;
}

/** Where a build in batches keeps each batch's output, inside the document cache. */
const batchFolderName = 'batches';

/** A kept batch's own report, beside its files. */
const batchReportName = 'batch-report.json';

/** A kept batch's record of the project it was built for (a hash of its folder's path), to prune by. */
const batchOwnerName = 'project.txt';

let site: string | undefined;

/**
 * What identifies the program that lays out a batch's pages, besides its documents: the
 * generator's fingerprint, this package's compiled code, the site's source (apps/site) and the
 * locked version of every dependency. A change to any gives new batches.
 */
function siteFingerprint(): string {
  if (site) return site;
  const hash = createHash('sha256').update(generatorFingerprint()).update('\0');
  const add = (path: string) => hash.update(relative(repositoryRoot, path)).update('\0').update(readFileSync(path)).update('\0');
  const cli = fileURLToPath(new URL('../', import.meta.url));
  for (const file of listFiles(cli).filter((one) => one.endsWith('.js')).sort()) add(file);
  for (const folder of ['src', 'public']) if (existsSync(join(siteRoot, folder))) for (const file of listFiles(join(siteRoot, folder)).sort()) add(file);
  for (const name of ['astro.config.mjs', 'package.json', 'tsconfig.json']) if (existsSync(join(siteRoot, name))) add(join(siteRoot, name));
  if (existsSync(join(repositoryRoot, 'package-lock.json'))) add(join(repositoryRoot, 'package-lock.json'));
  site = hash.digest('hex');
  return site;
}

/** A report for a batch reused from an earlier build: its figures, with every document counted as reused. */
function writeReusedReport(work: string, index: number, made: BuildReport): string {
  const total = made.documents.rendered + made.documents.reused;
  // What it rendered when it was built is kept, so that the templates' documents it rendered then are counted once, as its.
  const report: BuildReport = { ...made, reused: true, documents: { rendered: 0, reused: total, pdfs: 0, words: 0, seconds: 0, renderedFiles: made.documents.renderedFiles }, pages: { count: made.pages.count, seconds: 0 }, stages: {}, seconds: 0 };
  const file = join(work, `batch-${index}.json`);
  writeFileSync(file, JSON.stringify(report));
  return file;
}

/** Moves a folder, copying it where a rename cannot (another file system). */
function moveFolder(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/**
 * Removes the batches an earlier build of this project (or of this shard of it) kept that this one
 * did not use (the batches of a school since changed), and any left half-moved by a build that was
 * stopped; other projects' and shards' batches are theirs to keep.
 */
function pruneBatches(kept: string, root: string, whole: Shard, used: ReadonlySet<string>): void {
  // The project's folder and the shard built: several shards of one project may share a cache.
  const owner = createHash('sha256').update(`${resolve(root)}\0${whole.index}/${whole.count}`).digest('hex');
  for (const key of used) if (existsSync(join(kept, key))) writeFileSync(join(kept, key, batchOwnerName), `${owner}\n`);
  for (const entry of readdirSync(kept)) {
    const path = join(kept, entry);
    const [key, stopped] = entry.split('.');
    if (stopped !== undefined) {
      if (!running(Number(stopped.split('-')[0]))) rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (used.has(key!)) continue;
    let of: string | undefined;
    try {
      of = readFileSync(join(path, batchOwnerName), 'utf8').trim();
    } catch {
      of = undefined;
    }
    if (of === owner) rmSync(path, { recursive: true, force: true });
  }
}

/** Runs the policy program with these arguments, its output kept; gives its exit code and what it wrote to stderr. */
function runPolicy(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [policyProgram, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', failed);
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), stderr: signal ? `${stderr}The build of a batch was stopped (${signal}).\n` : stderr }));
  });
}

/** Removes the folders left empty in a built site once the files another build makes are taken out. */
function removeEmptyFolders(dir: string): boolean {
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && removeEmptyFolders(join(dir, entry.name))) rmSync(join(dir, entry.name), { recursive: true });
    else empty = false;
  }
  return empty;
}

/** `~/x` → the home folder's x. */
function withHome(path: string | undefined): string | undefined {
  return path?.replace(/^~(?=$|\/)/, homedir());
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Copies every document the document stage made from the cache to its address in the built site.
 * No page made one (in a build the document routes make none): a file already there is a mistake.
 */
function placeDocuments(dir: string, documents: ReadonlyMap<string, { file: string }>): void {
  for (const [href, document] of [...documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = join(dir, ...href.split('/').filter(Boolean));
    if (existsSync(path)) throw new Error(`apps/site made its own ${href}, which the document stage makes: remove the route that makes it.`);
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(document.file, path);
  }
}

/** The page that answers for an address with no page, which no sitemap lists. */
const notFoundPages = ['404.html', '404/index.html'];

/** A page that asks not to be indexed, such as a redirect. */
const noIndex = /<meta\s+name=["']?robots["']?\s+content=["'][^"']*noindex/i;

/** `schools/x/index.html` → `/schools/x/`: the address a page is served at. */
function pageAddress(path: string): string {
  return `/${path === 'index.html' || path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path}`;
}

/**
 * Writes the sitemap and robots.txt into a built site, from the pages it holds: every page Astro
 * built, whatever route made it, except the 404 page and pages that ask not to be indexed.
 */
function writeSiteIndex(dir: string, site: Site): void {
  const pages = sitePaths(dir)
    .filter((path) => path.endsWith('.html') && !notFoundPages.includes(path) && !noIndex.test(readFileSync(join(dir, path), 'utf8')))
    .map(pageAddress);
  for (const file of [...sitemapFiles(site.url, pages), { path: 'robots.txt', text: renderRobots(site.url) }]) {
    if (existsSync(join(dir, file.path))) throw new Error(`apps/site made its own ${file.path}, which policy build writes from the built pages: remove it from apps/site.`);
    writeFileSync(join(dir, file.path), file.text);
  }
}

/** The build manifest's name, in the root of the built site. */
export const manifestName = 'manifest.json';

/**
 * Every file of a built site with its size and sha-256, sorted by path: what a publisher
 * archives or compares between builds. No dates, so the same inputs give the same manifest.
 */
function buildManifest(dir: string, documents: ReadonlyMap<string, { bytes: number; sha256: string }>): string {
  const files = sitePaths(dir)
    .filter((path) => path !== manifestName)
    .map((path) => {
      // A document's size and hash are known from the document stage, which checked them when it filed or found it.
      const known = documents.get(`/${path}`);
      if (known) return { path, type: fileType(path), bytes: known.bytes, sha256: known.sha256 };
      const bytes = readFileSync(join(dir, path));
      return { path, type: fileType(path), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

/** What a file of the site is, as the manifest says: a page, a PDF, a Word document, a feed or calendar to subscribe to, a spreadsheet (CSV), or an asset (styles, scripts, the sitemap, robots.txt). */
function fileType(path: string): 'page' | 'pdf' | 'docx' | 'feed' | 'csv' | 'asset' {
  if (path.endsWith('.html')) return 'page';
  if (path.endsWith('.pdf')) return 'pdf';
  if (path.endsWith('.docx')) return 'docx';
  if (path.endsWith('/feed.xml') || path.endsWith('.ics')) return 'feed';
  if (path.endsWith('.csv')) return 'csv';
  return 'asset';
}

/** Every file of a built site by its path in the site, with forward slashes, sorted. */
function sitePaths(dir: string): string[] {
  return listFiles(dir)
    .map((file) => relative(dir, file).split(sep).join('/'))
    .sort();
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
