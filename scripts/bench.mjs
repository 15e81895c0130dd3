// `npm run bench`: how fast the generator makes the policy PDFs the site publishes.
//
// For every document the site offers as a PDF (each school's adopted versions and its current
// policy, each publisher's blank template in every published release) it times each stage
// separately: resolving the clauses for the school, filling in its details, rendering the PDF, and
// rendering the Word document the site offers beside it.
// It runs every document several times (--rounds, default 3) after one warm-up round, and reports
// the median of each stage, the total, and PDFs per second. Nothing is written but the report.
//
//   npm run bench                       all documents, 3 rounds
//   npm run bench -- --rounds 5         more rounds
//   npm run bench -- --only laughton-cps --rounds 1
//   npm run bench -- --json             the figures as JSON
//
// With --schools N it measures instead the `policy` command on a made-up project of N schools:
// builds cold and warm, check, render, diff and adopt, with their wall time and peak memory, and a
// naive pdfkit PDF as a yardstick (see bench/scale.mjs for its options).
//
//   npm run bench -- --schools 200
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadProject, publisherPolicies, publisherReleases, resolveAdopted, resolvePolicy, schoolPolicies, templateId } from '@school-policy/core';
import { fillPolicy, renderDocx, renderPdfWithPages, withApproval } from '@school-policy/generator';

if (process.argv.slice(2).some((arg) => arg === '--schools' || arg.startsWith('--schools='))) {
  const { runScale } = await import('./bench/scale.mjs');
  const code = await runScale(process.argv.slice(2)).catch(async (error) => {
    await new Promise((done) => process.stderr.write(`The scale benchmark stopped: ${error instanceof Error ? error.message : String(error)}\n`, done));
    return 1;
  });
  // runScale has written all its output, so nothing is lost by exiting here.
  process.exit(code);
}

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    only: { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
});
const rounds = Number(options.rounds);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`--rounds must be a whole number of 1 or more, not "${options.rounds}".\n`);
  process.exit(2);
}
const root = options.root ?? fileURLToPath(new URL('../', import.meta.url));

const loadStarted = performance.now();
const { project, problems } = loadProject(root);
const loadMs = performance.now() - loadStarted;
if (problems.length > 0) {
  process.stderr.write(`The project has ${problems.length} problem(s); run "npx policy check" to see them, then mend them before benchmarking.\n`);
  process.exit(1);
}

/** Every document the site publishes as a PDF, each with how to resolve it and, for an adopted version, its record. */
function documents() {
  const found = [];
  for (const publisher of publisherPolicies(project)) {
    for (const model of publisherReleases(project, publisher)) {
      const id = templateId(publisher.id);
      found.push({ name: `${id} ${publisher.model} ${model.release.id}`, owner: publisher.id, resolve: () => resolvePolicy(project, id, publisher.model, model.release.id) });
    }
  }
  for (const school of schoolPolicies(project)) {
    for (const adoption of school.adoptions) {
      found.push({ name: `${school.id} ${school.model} ${adoption.name}`, owner: school.id, resolve: () => resolveAdopted(project, school, adoption), adoption });
    }
    if (school.adoptions.length === 0) found.push({ name: `${school.id} ${school.model} draft`, owner: school.id, resolve: () => resolvePolicy(project, school.id, school.model) });
  }
  return found.filter((document) => options.only.length === 0 || options.only.includes(document.owner));
}

const time = async (work) => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

async function round(list) {
  const stages = { resolve: 0, fill: 0, pdf: 0, docx: 0 };
  let pages = 0;
  let bytes = 0;
  const started = performance.now();
  for (const document of list) {
    const [resolved, resolveMs] = await time(() => document.resolve());
    const [filled, fillMs] = await time(() => (document.adoption ? withApproval(fillPolicy(resolved), document.adoption) : fillPolicy(resolved)));
    const [pdf, pdfMs] = await time(() => renderPdfWithPages(filled));
    const [, docxMs] = await time(() => renderDocx(filled));
    stages.resolve += resolveMs;
    stages.fill += fillMs;
    stages.pdf += pdfMs;
    stages.docx += docxMs;
    pages += pdf.pages;
    bytes += pdf.bytes.length;
  }
  return { stages, totalMs: performance.now() - started, pages, bytes };
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const list = documents();
if (list.length === 0) {
  process.stderr.write(`No documents to benchmark${options.only.length ? ` for ${options.only.join(', ')}` : ''}.\n`);
  process.exit(2);
}
await round(list); // warm-up: fonts, templates and code paths loaded once
const results = [];
for (let index = 0; index < rounds; index++) results.push(await round(list));

const report = {
  node: process.version,
  documents: list.length,
  rounds,
  pages: results[0].pages,
  bytes: results[0].bytes,
  loadProjectMs: loadMs,
  stagesMs: Object.fromEntries(Object.keys(results[0].stages).map((stage) => [stage, median(results.map((result) => result.stages[stage]))])),
  totalMs: median(results.map((result) => result.totalMs)),
};
// PDFs per second counts the stages that make a PDF (resolve, fill, render), not the Word document.
const pdfMs = report.stagesMs.resolve + report.stagesMs.fill + report.stagesMs.pdf;
report.pdfsPerSecond = list.length / (pdfMs / 1000);
report.msPerPdf = pdfMs / list.length;
report.docxPerSecond = list.length / (report.stagesMs.docx / 1000);

if (options.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const ms = (value) => `${value.toFixed(0).padStart(7)} ms`;
  const share = (value) => `${((100 * value) / report.totalMs).toFixed(0).padStart(3)}%`;
  const lines = [
    `Policy PDFs: ${report.documents} documents, ${report.pages} pages, ${(report.bytes / 1024 / 1024).toFixed(1)} MB; median of ${rounds} round(s) on Node.js ${process.version}`,
    '',
    `  load project (once)   ${ms(report.loadProjectMs)}`,
    `  resolve clauses       ${ms(report.stagesMs.resolve)}  ${share(report.stagesMs.resolve)}`,
    `  fill in details       ${ms(report.stagesMs.fill)}  ${share(report.stagesMs.fill)}`,
    `  render PDF            ${ms(report.stagesMs.pdf)}  ${share(report.stagesMs.pdf)}`,
    `  render Word           ${ms(report.stagesMs.docx)}  ${share(report.stagesMs.docx)}`,
    `  total                 ${ms(report.totalMs)}`,
    '',
    `  ${report.pdfsPerSecond.toFixed(2)} PDFs per second, ${report.msPerPdf.toFixed(0)} ms per PDF; ${report.docxPerSecond.toFixed(1)} Word documents per second`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
