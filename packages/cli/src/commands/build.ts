import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { plural, type Io } from '../io.js';
import { checkProject, projectRoot, reportProblems } from '../project.js';
import { replaceFolder } from '../replace-folder.js';
import { writeSearchIndex } from '../search-index.js';

/** What `policy build` needs of Astro, loaded from the site's own dependencies. */
interface AstroBuild {
  build(config: { root: string; outDir: string; logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent' }): Promise<void>;
}

/** The Astro site that lays out the pages: apps/site in this repository. */
export const siteRoot = fileURLToPath(new URL('../../../../apps/site/', import.meta.url));

/**
 * `policy build`: checks everything first and writes nothing if any check fails; then builds the
 * whole site (pages and PDFs) into a temporary folder and swaps it in, so a failed build leaves
 * the previous site as it was.
 */
export async function build(io: Io, options: { root: string | undefined; out: string | undefined }): Promise<number> {
  const started = performance.now();
  const root = projectRoot(io, options.root);
  const { project, problems } = checkProject(root);
  const outDir = options.out ? resolve(io.cwd, options.out) : join(siteRoot, 'dist');
  const relativeOut = relative(io.cwd, outDir);
  const shownOut = relativeOut === '' ? '.' : relativeOut.startsWith('..') ? outDir : relativeOut;
  if (problems.length > 0) {
    reportProblems(io, problems, `Nothing was built; ${shownOut} is unchanged.`);
    return 1;
  }

  const astro = (await import(pathToFileURL(createRequire(join(siteRoot, 'package.json')).resolve('astro')).href)) as AstroBuild;
  const environment = { POLICY_ROOT: process.env.POLICY_ROOT, ASTRO_TELEMETRY_DISABLED: process.env.ASTRO_TELEMETRY_DISABLED };
  process.env.POLICY_ROOT = root;
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  try {
    await replaceFolder(outDir, async (temporary) => {
      await astro.build({ root: siteRoot, outDir: temporary, logLevel: 'warn' });
      await writeSearchIndex(temporary);
      writeFileSync(join(temporary, manifestName), buildManifest(temporary));
    });
  } catch (error) {
    io.stderr.write(`The site could not be built: ${error instanceof Error ? error.message : String(error)}\nNothing was changed in ${shownOut}.\n`);
    return 1;
  } finally {
    for (const [key, value] of Object.entries(environment)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }

  const files = listFiles(outDir);
  const pages = files.filter((file) => file.endsWith('.html')).length;
  const pdfs = files.filter((file) => file.endsWith('.pdf')).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const versions = [...project.schools.values()].reduce((total, school) => total + school.adoptions.length, 0);
  io.stdout.write(
    `Built ${plural(pages, 'page')} and ${plural(pdfs, 'PDF')} for ${plural(project.schools.size, 'school')} (${plural(versions, 'adopted version')}) and ${plural(project.publishers.size, 'publisher')} into ${shownOut} in ${seconds}s.\n`,
  );
  return 0;
}

/** The build manifest's name, in the root of the built site. */
export const manifestName = 'manifest.json';

/**
 * Every file of a built site with its size and sha-256, sorted by path: what a publisher
 * archives or compares between builds. No dates, so the same inputs give the same manifest.
 */
function buildManifest(dir: string): string {
  const kind = (path: string) => (path.endsWith('.html') ? 'page' : path.endsWith('.pdf') ? 'pdf' : 'asset');
  const files = listFiles(dir)
    .map((file) => relative(dir, file).split(sep).join('/'))
    .filter((path) => path !== manifestName)
    .sort()
    .map((path) => {
      const bytes = readFileSync(join(dir, path));
      return { path, type: kind(path), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
