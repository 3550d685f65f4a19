import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { BUDGET, measureBundle } from '../../bench/budget';

// The production build stays within its size budget (bench/budget.ts); `npm run bench -- bundle`
// prints the figures behind it.
describe('production build size', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'pmip-lab-budget-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is within the budget', { timeout: 180_000 }, async () => {
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const size = measureBundle(outDir);
    expect(size.files.some((f) => f.path.endsWith('.js'))).toBe(true);
    expect(size.files.some((f) => f.path === 'index.html')).toBe(true);
    expect(size.over).toEqual([]);
    expect(size.gzipBytes).toBeLessThanOrEqual(BUDGET.totalGzipBytes);
  });
});

describe('measureBundle', () => {
  it('names what is over the budget, and leaves out source maps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-budget-unit-'));
    try {
      mkdirSync(join(dir, 'assets'));
      // Random bytes do not compress, so this file is as large gzipped as it is raw.
      writeFileSync(join(dir, 'assets', 'big.js'), randomBytes(BUDGET.largestGzipBytes + 4096));
      writeFileSync(join(dir, 'assets', 'big.js.map'), randomBytes(BUDGET.totalGzipBytes * 2));
      writeFileSync(join(dir, 'index.html'), '<!doctype html>');
      const size = measureBundle(dir);
      expect(size.files.map((f) => f.path)).toEqual([join('assets', 'big.js'), 'index.html']);
      expect(size.over).toHaveLength(1);
      expect(size.over[0]).toMatch(/^assets.big\.js is .* over the .* budget for one file$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
