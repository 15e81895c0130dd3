import { defineConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'fixtures/**'],
    // Several files build the site with Astro, which keeps working files in apps/site/.astro;
    // run the files one after another so that two builds never share them.
    fileParallelism: false,
  },
});
