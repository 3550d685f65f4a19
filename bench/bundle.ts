import { build } from 'vite';
import { BUDGET, measureBundle } from './budget';
import type { Benchmark } from './types';

/*
 * The production bundle: build the lab as `npm run build` does, then list each file in dist/
 * with its size raw and gzipped, since that is what a student's browser downloads before the lab
 * works offline, and compare the total with the budget (bench/budget.ts).
 */
export const bundleBench: Benchmark = {
  name: 'bundle',
  summary: 'build the lab for production and report the size of each file, raw and gzipped, against the budget',
  async run(_args, log) {
    const started = performance.now();
    await build({ logLevel: 'silent' });
    log(`  build                     ${(performance.now() - started).toFixed(0)} ms`);
    const size = measureBundle('dist');
    const kb = (n: number): string => (n / 1024).toFixed(1);
    for (const f of size.files) {
      log(`  ${f.path.padEnd(40)} ${kb(f.bytes).padStart(8)} kB  ${kb(f.gzipBytes).padStart(7)} kB gzipped`);
    }
    log(`  ${'total (source maps not counted)'.padEnd(40)} ${kb(size.bytes).padStart(8)} kB  ${kb(size.gzipBytes).padStart(7)} kB gzipped`);
    log(`  budget                    ${kb(BUDGET.totalGzipBytes)} kB gzipped in all, ${kb(BUDGET.largestGzipBytes)} kB for the largest file`);
    log(size.over.length === 0 ? '  within budget' : `  OVER BUDGET: ${size.over.join('; ')}`);
  },
};
