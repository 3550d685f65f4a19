import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version in package.json, read from the file rather than imported, so it works the same under
 * tsx (bin/pmip-lab.js) and under vite (vitest).
 */
export function packageVersion(): string {
  if (cached === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    if (typeof version !== 'string') throw new Error('package.json has no version');
    cached = version;
  }
  return cached;
}
