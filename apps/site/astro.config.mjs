import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { NodePackageImporter } from 'sass';

// The folder holding templates/ and schools/. `policy build --root DIR` sets it; by default it
// is this repository.
process.env.POLICY_ROOT ??= fileURLToPath(new URL('../../', import.meta.url));

export default defineConfig({
  build: { format: 'directory' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  vite: {
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
