import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { launch, missingBrowser, mustFail, serve } from './browser';
import { LabPage } from './lab';

/** Where the browser tests leave their screenshots, for a person to look at (test-results/ is not committed). */
export const SHOTS = new URL('../../../test-results/', import.meta.url).pathname;

/** Whether this file's browser tests can run here. */
export const canBrowse = missingBrowser === undefined;

/**
 * Says why a file's browser tests do not run: a warning on a developer's machine without
 * Chromium, a failing test under CI=true, where a missing browser must not pass. Call once at
 * the top level of each browser test file.
 */
export function requireBrowser(): void {
  if (missingBrowser === undefined) return;
  if (mustFail) {
    it('runs the browser tests under CI', () => {
      throw new Error(missingBrowser);
    });
  } else {
    console.warn(`Skipping the browser tests: ${missingBrowser}.`);
  }
}

/** One test's page in the lab, with the server it came from and what went wrong in it. */
export interface Browsing {
  /** The app's address, for `openView(page, url, query)`. */
  readonly url: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly lab: LabPage;
  /** Uncaught errors and console errors of the page; a test ends with none. */
  readonly errors: string[];
  /** Opens a fresh page with these context options over the suite's (a theme, touch, a size). */
  start(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * A browser and a server for the enclosing `describe`, and a fresh page for each test in it:
 * reduced motion (so nothing waits on an animation), the suite's context options, and a check
 * after each test that the page logged no error. With `{ perTest: false }` a test opens its page
 * itself with `start(options)`.
 */
export function browsing(defaults: BrowserContextOptions = {}, { perTest = true } = {}): Browsing {
  let browser: Browser | undefined;
  let server: { url: string; close: () => Promise<void> } | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let lab: LabPage | undefined;
  let errors: string[] = [];

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what} yet: call start() first, or let browsing() open a page per test`);
    return value;
  };

  async function start(options: BrowserContextOptions = {}): Promise<Page> {
    await context?.close();
    context = await need(browser, 'browser').newContext({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce', ...defaults, ...options });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    lab = new LabPage(page);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, server] = await Promise.all([launch(), serve()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    errors = [];
    if (perTest) await start();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(errors).toEqual([]);
  });

  return {
    get url() {
      return need(server, 'server').url;
    },
    get context() {
      return need(context, 'page');
    },
    get page() {
      return need(page, 'page');
    },
    get lab() {
      return need(lab, 'page');
    },
    get errors() {
      return errors;
    },
    start,
  };
}
