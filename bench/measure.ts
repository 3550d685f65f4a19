/* Timing and the figures benchmarks print. Wall-clock time is fine here: a benchmark is not a run. */

export interface Timed<T> {
  result: T;
  ms: number;
}

export function time<T>(fn: () => T): Timed<T> {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

/** `1,234,567`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Items per second, with thousands separators. */
export function perSecond(items: number, ms: number): string {
  return ms > 0 ? count((items * 1000) / ms) : '∞';
}

/** Megabytes (10^6 bytes) per second. */
export function mbPerSecond(bytes: number, ms: number): string {
  return ms > 0 ? ((bytes / 1e6) * 1000 / ms).toFixed(1) : '∞';
}

/** Rows of cells as aligned columns: the first left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd(),
  );
}
