import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Benchmark } from './types';

/*
 * The production bundle: build the lab as `npm run build` does, then list each file in dist/
 * with its size raw and gzipped, since that is what a student's browser downloads before the lab
 * works offline.
 */
export const bundleBench: Benchmark = {
  name: 'bundle',
  summary: 'build the lab for production and report the size of each file, raw and gzipped',
  async run(_args, log) {
    const started = performance.now();
    await build({ logLevel: 'silent' });
    log(`  build                     ${(performance.now() - started).toFixed(0)} ms`);
    let raw = 0;
    let zipped = 0;
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
    // Source maps are fetched only by developer tools, so they do not count.
    for (const file of walk('dist').sort().filter((f) => !f.endsWith('.map'))) {
      const bytes = readFileSync(file);
      const gz = gzipSync(bytes).length;
      raw += bytes.length;
      zipped += gz;
      log(`  ${file.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(8)} kB  ${(gz / 1024).toFixed(1).padStart(7)} kB gzipped`);
    }
    log(`  ${'total (source maps not counted)'.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(8)} kB  ${(zipped / 1024).toFixed(1).padStart(7)} kB gzipped`);
  },
};
