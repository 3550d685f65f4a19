import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium through playwright-core, against a Vite server each file starts.
// No retries and no pixel baselines (STYLE.md, "Tests"): the app is deterministic.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    retry: 0,
    // One browser at a time: each file launches Chromium and a server.
    fileParallelism: false,
  },
});
