// `npm run bench -- --schools N`: how the `policy` command copes with many schools.
//
// It makes a made-up project of N schools in a temporary folder (see synthetic-project.mjs), then
// runs each command as the user would, as a process of its own, and measures its wall time and
// its peak memory (worker threads included; see max-rss.mjs):
//
//   - a cold build (`policy build --out O --cache C`, C empty), a rebuild with nothing changed,
//     and a rebuild after one school's headteacher's title changed, both into O, as `npm run build`
//     always builds into apps/site/dist;
//   - `policy check`, and for that school `policy render … --format pdf`, `policy diff … v1 v2`
//     and `policy adopt … --approved 2026-11-30`;
//   - the documents the cold build rendered per second, and its milliseconds per PDF, from the
//     figures `policy build --report FILE` writes (or, from a build without --report, its wall
//     time and the PDFs and Word documents in its folder);
//   - a yardstick, in this process: one school's current Social Media Policy as plain text put into
//     a PDF the simplest way pdfkit allows (DejaVu Sans, one doc.text), against the project's own
//     renderPdf of the same policy, the median of several runs of each.
//
// Every command runs with SOURCE_DATE_EPOCH set to 1 December 2026, the day the made-up approvals
// are dated for, so the builds are reproducible. The builds write to one folder in the
// temporary folder, which is removed at the end unless --keep is given. Only one build at a time
// may use apps/site (a second one refuses), so build nothing else while the benchmark runs.
//
//   npm run bench -- --schools 200              the table, with the targets beside it
//   npm run bench -- --schools 200 --json       the figures as JSON
//   npm run bench -- --schools 20 --keep        keep the temporary folder, and say where it is
//   npm run bench -- --schools 20 --skip-build  everything but the three builds
//   npm run bench -- --schools 20 --rounds 7    runs of each PDF in the yardstick (default 5)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadProject, pdfFontFiles, resolveAdopted } from '@school-policy/core';
import { fillPolicy, renderPdf, renderText, withApproval } from '@school-policy/generator';
import PDFDocument from 'pdfkit';
import { parseDocument } from 'yaml';
import { makeProject } from './synthetic-project.mjs';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const policyProgram = join(repository, 'packages', 'cli', 'bin', 'policy.js');
const maxRssModule = new URL('./max-rss.mjs', import.meta.url).href;

/** 1 December 2026, 00:00 UTC: no made-up approval is after it, and `adopt --approved 2026-11-30` is not either. */
const sourceDateEpoch = '1796083200';

const gigabyte = 1024 ** 3;

/**
 * The targets the figures are measured against. A cold build's target depends on the number of
 * schools, so it is judged only at 200 and 2,000 schools; the rest are judged at any number.
 */
function targets(schools) {
  const cold = schools === 200 ? { seconds: 60, text: '≤ 60 s at 200 schools' } : schools === 2000 ? { seconds: 900, text: '≤ 15 min at 2,000 schools' } : { text: '≤ 60 s at 200, ≤ 15 min at 2,000 schools' };
  return {
    coldBuild: cold,
    warmBuild: { seconds: 8, text: '≤ 8 s' },
    changeBuild: { seconds: 10, text: '≤ 10 s' },
    check: { text: '' },
    render: { seconds: 1.5, text: '≤ 1.5 s' },
    diff: { seconds: 1.5, text: '≤ 1.5 s' },
    adopt: { seconds: 1.5, text: '≤ 1.5 s' },
    memory: { bytes: 1.5 * gigabyte, text: '≤ 1.5 GB' },
    pdfRatio: { ratio: 0.3, text: '≤ 0.3 × naive' },
  };
}

/** Writes text and waits until it is out, so that the process may exit straight after. */
const flush = (stream, text) => new Promise((done) => stream.write(text, () => done()));

/**
 * Runs `policy <args>` as a process of its own, with the peak-memory module loaded into it and into
 * every process it starts; returns its exit code, wall time, peak memory (bytes, or undefined if it
 * wrote none: the most any one of its processes held, since a build in batches runs one batch at a
 * time while the first process waits) and output.
 */
function runPolicy(args, { base, env }) {
  const rssFile = join(base, `max-rss-${process.hrtime.bigint()}`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [policyProgram, ...args], {
    cwd: repository,
    env: { ...process.env, ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${maxRssModule}`.trim(), POLICY_BENCH_MAXRSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const written = readdirSync(base).filter((name) => name.startsWith(`${rssFile.slice(base.length + 1)}.`));
  const figures = written.map((name) => Number(readFileSync(join(base, name), 'utf8').trim()) || 0);
  for (const name of written) rmSync(join(base, name), { force: true });
  const maxRss = Math.max(0, ...figures) || undefined;
  return { args, exitCode: result.status ?? 1, signal: result.signal ?? null, seconds, maxRss, processes: written.length, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? '') };
}

/**
 * A fingerprint of the compiled program (each package's dist/ files, by name, size and time), to
 * tell whether it was rebuilt while the benchmark ran: the document cache rightly renders every
 * document again after that, and the figures then measure two programs.
 */
function programStamp() {
  const hash = createHash('sha256');
  for (const name of ['core', 'generator', 'cli']) {
    const folder = join(repository, 'packages', name, 'dist');
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true }).filter((one) => one.isFile() && one.name.endsWith('.js'))) {
      const file = join(entry.parentPath, entry.name);
      const { size, mtimeMs } = statSync(file);
      hash.update(`${file}\0${size}\0${mtimeMs}\0`);
    }
  }
  return hash.digest('hex');
}

/** Whether a command refused an option it does not know (exit code 2, naming it). */
const refusedOption = (run, option) => run.exitCode === 2 && run.stderr.includes(`'${option}'`);

/** The .pdf and .docx files in a built site, counted. */
function countDocuments(folder) {
  let pdfs = 0;
  let words = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.pdf')) pdfs++;
      else if (entry.name.endsWith('.docx')) words++;
    }
  };
  if (existsSync(folder)) walk(folder);
  return { pdfs, words };
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The plain text of a policy in a PDF the simplest way pdfkit allows: fonts from their files, one doc.text. */
function naivePdf(text) {
  return new Promise((done, failed) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => done(Buffer.concat(chunks)));
    doc.on('error', failed);
    doc.registerFont('DejaVu Sans', pdfFontFiles.regular);
    doc.registerFont('DejaVu Sans Bold', pdfFontFiles.bold);
    doc.font('DejaVu Sans').fontSize(11).text(text);
    doc.end();
  });
}

/**
 * The yardstick: one school's current Social Media Policy, filled as the site fills it, rendered
 * by the project's renderPdf and, as plain text, by naivePdf; each once to warm up, then `rounds`
 * times, timed one by one.
 */
async function yardstick(root, schoolId, rounds) {
  const { project, problems } = loadProject(root);
  if (problems.length > 0) throw new Error(`The made-up project has ${problems.length} problem(s): ${problems[0].format()}`);
  const school = project.schools.get(schoolId).policies.get('social-media');
  const adoption = school.adoptions.at(-1);
  const filled = withApproval(fillPolicy(resolveAdopted(project, school, adoption)), adoption);
  const text = renderText(filled);
  const timed = async (work) => {
    await work();
    const times = [];
    let bytes = 0;
    for (let index = 0; index < rounds; index++) {
      const started = performance.now();
      bytes = (await work()).length;
      times.push(performance.now() - started);
    }
    return { ms: median(times), bytes };
  };
  const naive = await timed(() => naivePdf(text));
  const own = await timed(() => renderPdf(filled));
  return { school: schoolId, policy: 'social-media', version: adoption.name, characters: text.length, rounds, naiveMs: naive.ms, naiveBytes: naive.bytes, renderPdfMs: own.ms, renderPdfBytes: own.bytes, ratio: own.ms / naive.ms };
}

/** The school whose headteacher's title the benchmark changes: the first whose file gives one. */
function schoolToChange(schools) {
  for (const school of schools) {
    const doc = parseDocument(readFileSync(school.file, 'utf8'));
    if (doc.getIn(['details', 'headteacher', 'title']) !== undefined) return { ...school, doc };
  }
  return undefined;
}

/** Runs the benchmark with the command line's arguments; resolves to the exit code, once its output is written. */
export async function runScale(argv) {
  let options;
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        schools: { type: 'string' },
        json: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        'skip-build': { type: 'boolean', default: false },
        rounds: { type: 'string', default: '5' },
      },
    }));
  } catch (error) {
    await flush(process.stderr, `${error.message}\nUsage: npm run bench -- --schools N [--json] [--keep] [--skip-build] [--rounds R]\n`);
    return 2;
  }
  const schools = Number(options.schools);
  const rounds = Number(options.rounds);
  if (!Number.isInteger(schools) || schools < 1) {
    await flush(process.stderr, `--schools must be a whole number of 1 or more, not "${options.schools}".\n`);
    return 2;
  }
  if (!Number.isInteger(rounds) || rounds < 1) {
    await flush(process.stderr, `--rounds must be a whole number of 1 or more, not "${options.rounds}".\n`);
    return 2;
  }
  const progress = (text) => {
    if (!options.json) process.stderr.write(`${text}\n`);
  };

  const base = mkdtempSync(join(tmpdir(), 'policy-scale-'));
  const root = join(base, 'project');
  const cache = join(base, 'cache');
  mkdirSync(cache);
  // Nothing is read from or written to the user's own cache folder.
  const env = { SOURCE_DATE_EPOCH: sourceDateEpoch, XDG_CACHE_HOME: join(base, 'xdg-cache'), ASTRO_TELEMETRY_DISABLED: '1' };
  const notes = [];
  const runs = {};
  let made;
  let documents;
  let yard;
  const stampBefore = programStamp();
  try {
    progress(`Making ${schools} made-up schools in ${root} …`);
    const makeStarted = performance.now();
    made = await makeProject(root, { schools });
    const makeSeconds = (performance.now() - makeStarted) / 1000;
    made.seconds = makeSeconds;
    progress(`  made in ${makeSeconds.toFixed(1)} s (${made.snapshots} adopted versions)`);
    const changed = schoolToChange(made.schools);
    const subject = changed ?? made.schools[0];
    if (!changed) notes.push('No made-up school gives a headteacher\'s title (an East Sussex school, from 2 schools on), so the rebuild after a change was not measured.');

    const run = (name, label, args) => {
      progress(`${label} …`);
      const result = runPolicy(args, { base, env });
      runs[name] = result;
      progress(`  ${result.exitCode === 0 ? 'done' : `failed (exit code ${result.exitCode})`} in ${result.seconds.toFixed(1)} s`);
      return result;
    };

    if (!options['skip-build']) {
      // The cold build, with its report and cache if this version of `policy build` takes them.
      const report = join(base, 'report-cold.json');
      let extra = ['--cache', cache, '--report', report];
      let cold = run('coldBuild', 'Cold build', ['build', '--root', root, '--out', join(base, 'out-cold'), ...extra]);
      if (refusedOption(cold, '--report')) {
        notes.push('policy build refused --report: the documents per second and ms per PDF come from the wall time of the whole build and the files in its folder.');
        extra = ['--cache', cache];
        cold = run('coldBuild', 'Cold build (without --report)', ['build', '--root', root, '--out', join(base, 'out-cold'), ...extra]);
      }
      if (refusedOption(cold, '--cache')) {
        notes.push('policy build refused --cache: every build renders every document.');
        extra = extra.filter((arg) => arg !== '--cache' && arg !== cache);
        cold = run('coldBuild', 'Cold build (without --cache)', ['build', '--root', root, '--out', join(base, 'out-cold'), ...extra]);
      }
      const withCache = extra.includes('--cache') ? ['--cache', cache] : [];
      // A build's report, without its list of every document it rendered (thousands of addresses at scale).
      const reportOf = (file) => {
        if (!extra.includes('--report') || !existsSync(file)) return undefined;
        const read = JSON.parse(readFileSync(file, 'utf8'));
        if (read.documents) delete read.documents.renderedFiles;
        return read;
      };
      const coldReport = reportOf(report);
      cold.report = coldReport;
      if (cold.exitCode === 0) {
        if (coldReport?.documents) {
          const figures = coldReport.documents;
          documents = {
            source: 'report',
            rendered: figures.rendered,
            reused: figures.reused,
            pdfs: figures.pdfs,
            words: figures.words,
            seconds: figures.seconds,
            perSecond: figures.rendered / figures.seconds,
            // The document stage renders the Word documents alongside the PDFs in the same pool, so
            // this is the stage's wall time shared among its PDFs: an upper bound on a PDF's cost.
            msPerPdf: (1000 * figures.seconds) / figures.pdfs,
            pagesSeconds: coldReport.pages?.seconds,
            buildSeconds: coldReport.seconds,
          };
        } else {
          if (extra.includes('--report')) notes.push('policy build wrote no report: the documents per second and ms per PDF come from the wall time of the whole build and the files in its folder.');
          const counted = countDocuments(join(base, 'out-cold'));
          documents = { source: 'files', pdfs: counted.pdfs, words: counted.words, rendered: counted.pdfs + counted.words, seconds: cold.seconds, perSecond: (counted.pdfs + counted.words) / cold.seconds, msPerPdf: (1000 * cold.seconds) / counted.pdfs };
        }
      }
      // The rebuilds build into the cold build's folder, as `npm run build` always builds into apps/site/dist.
      run('warmBuild', 'Rebuild, nothing changed', ['build', '--root', root, '--out', join(base, 'out-cold'), ...withCache, ...(extra.includes('--report') ? ['--report', join(base, 'report-warm.json')] : [])]);
      runs.warmBuild.report = reportOf(join(base, 'report-warm.json'));
      if (changed) {
        changed.doc.setIn(['details', 'headteacher', 'title'], 'headteacher');
        writeFileSync(changed.file, changed.doc.toString({ lineWidth: 0 }));
        run('changeBuild', `Rebuild, ${changed.id}'s headteacher's title changed`, [
          'build',
          '--root',
          root,
          '--out',
          join(base, 'out-cold'),
          ...withCache,
          ...(extra.includes('--report') ? ['--report', join(base, 'report-change.json')] : []),
        ]);
        runs.changeBuild.report = reportOf(join(base, 'report-change.json'));
        runs.changeBuild.school = changed.id;
      }
      // Each site is removed once measured, unless it is to be kept: a large one takes gigabytes.
      if (!options.keep) rmSync(join(base, 'out-cold'), { recursive: true, force: true });
    }

    run('check', 'policy check', ['check', '--root', root]);
    run('render', `policy render ${subject.id}`, ['render', subject.id, '--root', root, '--policy', 'social-media', '--format', 'pdf', '--out', join(base, 'render.pdf')]);
    run('diff', `policy diff ${subject.id} v1 v2`, ['diff', subject.id, '--root', root, '--policy', 'social-media', 'v1', 'v2']);
    // Last, since it changes the project: a third version of the school's Social Media Policy.
    run('adopt', `policy adopt ${subject.id}`, ['adopt', subject.id, '--root', root, '--policy', 'social-media', '--approved', '2026-11-30']);

    progress(`Yardstick: ${made.schools[0].id}'s Social Media Policy, ${rounds} runs of each PDF …`);
    yard = await yardstick(root, made.schools[0].id, rounds);
  } finally {
    if (!options.keep) rmSync(base, { recursive: true, force: true });
  }

  if (programStamp() !== stampBefore) notes.push('The compiled program (packages/*/dist) changed while the benchmark ran, so the figures may mix two programs (and a build after such a change renders its documents again): run it again when nothing is being rebuilt.');
  const goal = targets(schools);
  const memoryPeak = Math.max(0, ...Object.values(runs).map((one) => one.maxRss ?? 0));
  const verdict = (name, run) => {
    const target = goal[name];
    if (!run || run.exitCode !== 0 || target.seconds === undefined) return undefined;
    return run.seconds <= target.seconds;
  };
  const result = {
    node: process.version,
    cores: availableParallelism(),
    schools,
    publishers: made.publishers.length,
    adoptedVersions: made.snapshots,
    makeProjectSeconds: made.seconds,
    folder: options.keep ? base : null,
    commands: Object.fromEntries(
      Object.entries(runs).map(([name, one]) => [
        name,
        {
          command: `policy ${one.args.join(' ')}`,
          exitCode: one.exitCode,
          seconds: one.seconds,
          maxRssBytes: one.maxRss ?? null,
          target: goal[name].text || null,
          met: verdict(name, one) ?? null,
          ...(one.report ? { report: one.report } : {}),
          ...(one.school ? { school: one.school } : {}),
          ...(one.exitCode !== 0 ? { stderr: one.stderr.slice(-2000) } : {}),
        },
      ]),
    ),
    documents: documents ?? null,
    peakMemory: { maxRssBytes: memoryPeak || null, target: goal.memory.text, met: memoryPeak ? memoryPeak <= goal.memory.bytes : null },
    yardstick: yard ? { ...yard, target: goal.pdfRatio.text, met: yard.ratio <= goal.pdfRatio.ratio } : null,
    notes,
  };
  const failed = Object.values(runs).some((one) => one.exitCode !== 0);

  if (options.json) {
    await flush(process.stdout, `${JSON.stringify(result, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const seconds = (value) => (value >= 600 ? `${(value / 60).toFixed(1)} min` : `${value.toFixed(value < 10 ? 2 : 1)} s`);
  const memory = (bytes) => (bytes ? (bytes >= gigabyte ? `${(bytes / gigabyte).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(0)} MB`) : 'not known');
  const met = (value) => (value === undefined || value === null ? '' : value ? 'met' : 'MISSED');
  const labels = {
    coldBuild: 'cold build (empty cache)',
    warmBuild: 'rebuild, nothing changed',
    changeBuild: 'rebuild, one school changed',
    check: 'policy check',
    render: 'policy render (one PDF)',
    diff: 'policy diff (v1 v2)',
    adopt: 'policy adopt',
  };
  const rows = [['measure', 'wall time', 'peak memory', 'target', '']];
  for (const [name, one] of Object.entries(runs)) {
    rows.push([labels[name], one.exitCode === 0 ? seconds(one.seconds) : `failed (exit ${one.exitCode})`, memory(one.maxRss), goal[name].text, met(verdict(name, one))]);
  }
  rows.push(['peak memory of any command', '', memory(memoryPeak), goal.memory.text, met(result.peakMemory.met)]);
  if (documents) {
    rows.push([`cold build: documents per second${documents.source === 'files' ? ' (whole build)' : ''}`, `${documents.perSecond.toFixed(1)} /s`, '', '', '']);
    rows.push([`cold build: ms per PDF${documents.source === 'files' ? ' (whole build)' : ''}`, `${documents.msPerPdf.toFixed(0)} ms`, '', '', '']);
  }
  if (yard) {
    rows.push(['naive pdfkit PDF (median)', `${yard.naiveMs.toFixed(0)} ms`, '', '', '']);
    rows.push(['renderPdf, same policy (median)', `${yard.renderPdfMs.toFixed(0)} ms`, '', '', '']);
    rows.push(['renderPdf ÷ naive', `${yard.ratio.toFixed(2)} ×`, '', goal.pdfRatio.text, met(result.yardstick.met)]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const numeric = new Set([1, 2]);
  const line = (row) => `  ${row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd()}`;
  const out = [
    `Scale: ${schools} made-up schools of ${made.publishers.length} publishers, ${made.snapshots} adopted versions; Node.js ${process.version}, ${result.cores} cores`,
    `Project made in ${seconds(made.seconds)}.${options.keep ? ` Kept in ${base}` : ''}`,
    '',
    line(rows[0]),
    ...rows.slice(1).map(line),
  ];
  if (documents) {
    out.push('', documents.source === 'report'
      ? `  Cold build: ${documents.rendered} documents rendered (${documents.pdfs} PDFs, ${documents.words} Word documents), ${documents.reused} reused, in ${seconds(documents.seconds)}; ms per PDF is the document stage's wall time over its PDFs, Word documents included.`
      : `  Cold build: ${documents.pdfs} PDFs and ${documents.words} Word documents in its folder, over the build's whole wall time.`);
  }
  const built = [['cold build', runs.coldBuild?.report], ['rebuild, nothing changed', runs.warmBuild?.report], ['rebuild, one school changed', runs.changeBuild?.report]]
    .filter(([, report]) => report)
    .filter(([, report]) => report.documents)
    .map(([name, report]) => `${name}: ${report.documents.rendered} rendered, ${report.documents.reused} reused in ${seconds(report.documents.seconds)}, pages ${report.pages ? seconds(report.pages.seconds) : 'not known'}`);
  if (built.length > 0) out.push(`  Documents and pages: ${built.join('; ')}.`);
  if (yard) out.push(`  Yardstick: ${yard.school} ${yard.policy} ${yard.version}, ${yard.characters} characters; naive PDF ${(yard.naiveBytes / 1024).toFixed(0)} KB, renderPdf ${(yard.renderPdfBytes / 1024).toFixed(0)} KB.`);
  for (const note of notes) out.push(`  Note: ${note}`);
  for (const [name, one] of Object.entries(runs)) {
    if (one.exitCode !== 0) out.push('', `${labels[name]} failed: policy ${one.args.join(' ')}`, one.stderr.trim().split('\n').slice(-15).join('\n'));
  }
  await flush(process.stdout, `${out.join('\n')}\n`);
  return failed ? 1 : 0;
}
