import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { offline } from './build/offline.ts';

// The lab is a static single-page app: index.html at the project root, assets in public/,
// everything bundled into dist/ so it can be served from any static host, with a service worker
// that keeps it working offline once loaded.
export default defineConfig({
  root: '.',
  base: './',
  publicDir: 'public',
  plugins: [svelte(), offline()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The size that matters is gzipped, and bench/budget.ts (enforced by a test) holds it; this
    // raw-size warning only flags a chunk that has grown well past what the budget allows.
    chunkSizeWarningLimit: 1200,
  },
});
