import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { compile, NodePackageImporter } from 'sass';

// The folder holding templates/ and schools/. `policy build --root DIR` sets it; by default it
// is this repository.
process.env.POLICY_ROOT ??= fileURLToPath(new URL('../../', import.meta.url));

const stylesFolder = fileURLToPath(new URL('./src/styles/', import.meta.url));
const compiledFolder = fileURLToPath(new URL('./node_modules/.cache/school-policy-styles/', import.meta.url));

/** The version of an installed package, from its package.json beside its entry point's folders. */
function versionOf(name) {
  const require = createRequire(import.meta.url);
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const found = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (found.name === name) return found.version;
    } catch {
      // No package.json here: look one folder up.
    }
  }
  return 'unknown';
}

/**
 * The site's stylesheet, src/styles/site.scss, compiled from its Sass once and kept in
 * node_modules/.cache/school-policy-styles/ by a hash of every file in src/styles/ and of the
 * versions of Sass and GOV.UK Frontend. Compiling GOV.UK Frontend's Sass takes about 3 seconds,
 * and a large build runs Astro once for each batch of schools: each then reads the kept CSS. A
 * kept file is used only if its content still has the hash its name gives.
 */
function compiledStylesheet() {
  const hash = createHash('sha256').update(`sass@${versionOf('sass')} govuk-frontend@${versionOf('govuk-frontend')}\0`);
  for (const name of readdirSync(stylesFolder).sort()) {
    if (statSync(join(stylesFolder, name)).isFile()) hash.update(`${name}\0`).update(readFileSync(join(stylesFolder, name))).update('\0');
  }
  const key = hash.digest('hex').slice(0, 32);
  const file = join(compiledFolder, `site-${key}.css`);
  try {
    const [head, ...rest] = readFileSync(file, 'utf8').split('\n');
    if (head === `/* ${createHash('sha256').update(rest.join('\n')).digest('hex')} */`) return file;
  } catch {
    // Not compiled yet.
  }
  const { css } = compile(join(stylesFolder, 'site.scss'), { importers: [new NodePackageImporter()], quietDeps: true, style: 'expanded' });
  mkdirSync(compiledFolder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `/* ${createHash('sha256').update(css).digest('hex')} */\n${css}`);
  renameSync(temporary, file);
  return file;
}

/** Gives the site's pages the kept CSS of src/styles/site.scss (see compiledStylesheet). */
const keptStylesheet = {
  name: 'school-policy-kept-stylesheet',
  enforce: 'pre',
  resolveId(source) {
    return source.endsWith('/styles/site.scss') ? compiledStylesheet() : null;
  },
};

export default defineConfig({
  build: { format: 'directory' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  vite: {
    plugins: [keptStylesheet],
    build: {
      // GOV.UK Frontend keeps a few old-browser CSS hacks that lightningcss refuses to minify.
      cssMinify: 'esbuild',
      // Never inline a script or stylesheet into a page: every one is a file of the site's own,
      // which the pages' Content-Security-Policy allows as 'self' (see src/lib/csp.ts).
      assetsInlineLimit: 0,
    },
    css: {
      // `@use "pkg:govuk-frontend"` finds GOV.UK Frontend's Sass in node_modules, wherever npm put it.
      preprocessorOptions: { scss: { importers: [new NodePackageImporter()], quietDeps: true } },
    },
    ssr: {
      // Load the policy packages with Node at build time rather than bundling them: pdfkit and
      // the fonts find their data files next to their own code.
      external: ['@school-policy/core', '@school-policy/generator'],
    },
  },
});
