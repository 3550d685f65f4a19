import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

/** Debian's Chromium; no test tool downloads its own browser (DESIGN.md, "Choices"). */
export const CHROMIUM = '/usr/bin/chromium';

export const haveChromium = existsSync(CHROMIUM);

/**
 * Why the browser tests cannot run here, or undefined when they can. Without Chromium they are
 * skipped with this message, except under CI=true, where a missing browser is a failure.
 */
export const missingBrowser = haveChromium
  ? undefined
  : `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`;

export const mustFail = missingBrowser !== undefined && process.env['CI'] === 'true';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The app, served by Vite's dev server on a free port. */
export async function serve(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ViteDevServer = await createServer({
    configFile: new URL('../../../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite server did not say where it listens');
  return { url, close: () => server.close() };
}
