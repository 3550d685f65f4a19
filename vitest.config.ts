import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit, property and conformance tests run in Node. Browser (e2e) tests get their own config.
export default defineConfig({
  // Compiles `.svelte.ts` state modules (runes) when a test imports them.
  plugins: [svelte()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**', '**/dist/**'],
    environment: 'node',
    // Property tests run 100,000 cases in CI; give them room.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The lab is deterministic: no retries, a flaky test is a bug.
    retry: 0,
  },
});
