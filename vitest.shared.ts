import type { ViteUserConfig } from 'vitest/config';

/** Settings every package's Vitest config spreads. Tests must pass on a slow, busy machine. */
const shared: ViteUserConfig = {
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
};
export default shared;
