import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';

// The folder holding templates/ and schools/. `policy build --root DIR` sets it; by default it
// is this repository.
process.env.POLICY_ROOT ??= fileURLToPath(new URL('../../', import.meta.url));

export default defineConfig({
  build: { format: 'directory' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  vite: {
    ssr: {
      // Load the policy packages with Node at build time rather than bundling them: pdfkit and
      // the fonts find their data files next to their own code.
      external: ['@school-policy/core', '@school-policy/generator'],
    },
  },
});
