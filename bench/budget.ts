import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/*
 * The production build's size budget: what a student's browser downloads before the lab works
 * (and then works offline). Gzipped, because that is what travels; source maps do not count,
 * since only developer tools fetch them. Raising a limit is a decision: say why in the commit.
 */
export const BUDGET = {
  /** Every file of the build together, gzipped. */
  totalGzipBytes: 380 * 1024,
  /**
   * The largest single file, gzipped: the script a first visit waits for. It holds every
   * scenario's machines and codecs, since a run is synchronous and any link may name any scenario;
   * each protocol family adds about 25 kB.
   */
  largestGzipBytes: 340 * 1024,
} as const;

export interface BundleFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSize {
  files: BundleFile[];
  bytes: number;
  gzipBytes: number;
  /** What exceeds the budget, one sentence each; empty when within it. */
  over: string[];
}

/** Measures a build output folder against the budget. */
export function measureBundle(dir: string): BundleSize {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  const files = walk(dir)
    .filter((f) => !f.endsWith('.map'))
    .sort()
    .map((path) => {
      const content = readFileSync(path);
      return { path: relative(dir, path), bytes: content.length, gzipBytes: gzipSync(content).length };
    });
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} kB`;
  const over: string[] = [];
  if (gzipBytes > BUDGET.totalGzipBytes) over.push(`the build is ${kb(gzipBytes)} gzipped, over its budget of ${kb(BUDGET.totalGzipBytes)}`);
  for (const f of files) {
    if (f.gzipBytes > BUDGET.largestGzipBytes) over.push(`${f.path} is ${kb(f.gzipBytes)} gzipped, over the ${kb(BUDGET.largestGzipBytes)} budget for one file`);
  }
  return { files, bytes, gzipBytes, over };
}
