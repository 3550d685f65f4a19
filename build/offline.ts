import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Offline once loaded: a Vite plugin that, after the build has written its files, writes a service
 * worker listing them (build/service-worker.js does the caching). The list comes from the output
 * directory itself, so it holds exactly what was built: hashed chunks, index.html, public/ files.
 * Applied to builds only: the dev server has no service worker.
 */

export const SERVICE_WORKER = 'sw.js';

/** The files the app needs offline, as paths relative to the output directory: not source maps, not the worker itself. */
export function precacheList(files: readonly string[]): string[] {
  return files.filter((f) => f !== SERVICE_WORKER && !f.endsWith('.map') && !posix.basename(f).startsWith('.')).sort();
}

/** A short hash of the files' names and bytes: a new build with any change gets a new cache. */
export function buildVersion(files: readonly { path: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const { path, bytes } of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The worker: its constants, then its code. `./` stands for index.html, as a navigation asks for it. */
export function serviceWorkerSource(version: string, files: readonly string[], body: string): string {
  const precache = ['./', ...files.map((f) => `./${f}`)];
  return `// Written by build/offline.ts for this build.\nconst VERSION = ${JSON.stringify(version)};\nconst PRECACHE = ${JSON.stringify(precache, null, 2)};\n\n${body}`;
}

/** Every file below `dir`, as `/`-separated paths relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

export function offline(): Plugin {
  let outDir = '';
  return {
    name: 'pmip-lab:offline',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const files = precacheList(listFiles(outDir));
        const version = buildVersion(files.map((path) => ({ path, bytes: readFileSync(join(outDir, path)) })));
        const body = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');
        writeFileSync(join(outDir, SERVICE_WORKER), serviceWorkerSource(version, files, body));
      },
    },
  };
}
