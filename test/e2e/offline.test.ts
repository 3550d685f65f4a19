import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { launch, missingBrowser } from './support/browser';
import { LabPage } from './support/lab';

/*
 * Offline once loaded: the production build, served by `vite preview`, registers its service
 * worker; with the server stopped and the browser offline, a reload still opens the lab and runs a
 * scenario. The dev server never registers one (src/ui/main.ts), so this test builds the app.
 */

const config = new URL('../../vite.config.ts', import.meta.url).pathname;

describe.skipIf(missingBrowser !== undefined || !runnableScenario('pmipv6-handover'))('the built lab offline, in Chromium', () => {
  let outDir: string;
  let browser: Browser;
  let server: PreviewServer | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'pmip-lab-offline-'));
    // Vitest runs with NODE_ENV=test, and Vite builds for NODE_ENV: without this the build would be a
    // development one, whose import.meta.env.PROD is false, and it would register no service worker.
    const nodeEnv = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await build({ configFile: config, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true, sourcemap: false } });
    } finally {
      if (nodeEnv === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = nodeEnv;
    }
    [browser, server] = await Promise.all([
      launch(),
      preview({ configFile: config, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('writes a service worker that lists every file of the build', () => {
    const worker = readFileSync(join(outDir, 'sw.js'), 'utf8');
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const file of ['./', './index.html', './favicon.svg', ...assets.map((a) => `./${a}`)]) expect(worker).toContain(JSON.stringify(file));
    expect(worker).toMatch(/^\/\/ Written by build\/offline\.ts for this build\.\nconst VERSION = "[0-9a-f]{16}";/);
  });

  it('opens the lab and runs a scenario with the server gone and the network off, once loaded', async () => {
    const url = server!.resolvedUrls?.local[0];
    expect(url).toBeDefined();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const lab = new LabPage(page);
      await page.goto(`${url}#/lab?v=1&s=pmipv6-attach&step=3`);
      await lab.arrows().first().waitFor();
      // Installed, activated and in control of this page (clients.claim), so the reload goes through it.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

      await server!.close();
      server = undefined;
      await context.setOffline(true);
      await page.reload();
      await lab.arrows().first().waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Initial attachment');
      expect(await lab.current().getAttribute('data-index')).toBe('3');

      // Another scenario runs too: the simulator is in the cached bundle.
      await page.getByRole('combobox', { name: 'Scenario', exact: true }).selectOption('pmipv6-handover');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Handover between MAGs');
      expect(await lab.arrows().count()).toBeGreaterThan(5);
      expect(new URL(page.url()).hash).toMatch(/^#\/lab\?v=1&s=pmipv6-handover(&|$)/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
