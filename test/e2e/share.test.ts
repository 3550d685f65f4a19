import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { launch, missingBrowser, serve } from './support/browser';
import { LabPage, openView, viewOf } from './support/lab';

/*
 * Shareable views end to end: a scenario opened by URL, a parameter changed and the page reloaded,
 * a fault injected from the diagram, the state panels, the exports, and bad or hostile links.
 * Screenshots go to test-results/ for a person to look at.
 */

const SHOTS = new URL('../../test-results/', import.meta.url).pathname;
const attach = runnableScenario('pmipv6-attach');
if (!attach) console.warn('Skipping the scenario views: pmipv6-attach is not registered in src/scenarios/registry.ts yet.');

describe.skipIf(missingBrowser !== undefined)('shareable views in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let context: BrowserContext;
  let page: Page;
  let lab: LabPage;
  let errors: string[];

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
    context = await browser.newContext({ viewport: { width: 1700, height: 1000 }, reducedMotion: 'reduce', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    lab = new LabPage(page);
  });

  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  it('says what is wrong with a hostile link, inserts none of it as HTML, and keeps the lab usable', async () => {
    const hostile = `v=1&s=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`;
    await openView(page, server.url, hostile);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/This link cannot be opened\..*scenario the lab does not know: ‘\?img src=x onerror="window.__pwned=1"\?’/s);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: `${SHOTS}share-hostile.png` });
    // Still usable: the example capture opens, and the address bar no longer holds the bad link.
    await lab.openExample();
    expect(viewOf(page)).toBe('');
  });

  it('refuses links it cannot read, each with its own message', async () => {
    const cases: [string, RegExp][] = [
      ['v=9&s=pmipv6-attach', /another version of PMIP Lab/],
      ['v=1&s=pmipv4-wimax', /WiMAX split proxy agent\) cannot run yet/],
      [`v=1&s=pmipv6-attach&step=${'9'.repeat(30)}`, /The step must be a whole number/],
      [`v=1&s=pmipv6-attach${'&p.delay=1'.repeat(300)}`, /too long to be a lab view/],
    ];
    for (const [query, message] of cases) {
      await openView(page, server.url, query);
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(message);
    }
  });

  it('lists every scenario by family, the ones still being built marked coming', async () => {
    await lab.open(server.url);
    const picker = page.getByRole('combobox', { name: 'Scenario' });
    expect(await picker.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual([
      'Proxy Mobile IPv6',
      'IPv4 support for PMIPv6',
      'Proxy Mobile IPv4',
      'Localized mobility with a separate PMIP client',
    ]);
    expect(await picker.locator('option[disabled]', { hasText: '(coming)' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}share-start.png` });
  });

  describe.skipIf(!attach)('with pmipv6-attach', () => {
    const packets = (params = {}, faults: Parameters<typeof runScenario>[2] = []) =>
      runScenario('pmipv6-attach', params, faults, 1).events.filter((e): e is PacketEvent => e.kind === 'packet');

    it('opens a scenario by URL at the step it names', async () => {
      await openView(page, server.url, 'v=1&s=pmipv6-attach&step=4&pkt=4');
      await page.getByRole('heading', { name: attach!.title }).waitFor();
      const expected = packets();
      expect(await lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 5\\s*of ${expected.length}`));
      expect(await lab.hexBytes()).toBe(expected[4]!.bytes);
      expect(viewOf(page)).toBe('v=1&s=pmipv6-attach&step=4&pkt=4');
      await page.screenshot({ path: `${SHOTS}share-attach.png` });
    });

    it('chooses a scenario in the picker and shows its parameters', async () => {
      await lab.open(server.url);
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption('pmipv6-attach');
      await page.getByRole('heading', { name: attach!.title }).waitFor();
      expect(viewOf(page)).toBe('v=1&s=pmipv6-attach&pkt=0');
      for (const p of attach!.params) await page.getByLabel(p.label, { exact: false }).first().waitFor();
    });

    it('re-runs when a parameter changes, keeps it in the URL, and a reload shows the same view', async () => {
      await openView(page, server.url, 'v=1&s=pmipv6-attach&step=3&pkt=3');
      const delay = page.getByRole('spinbutton', { name: /MAG–LMA delay/ });
      await delay.fill('40');
      await delay.press('Enter');
      await expect.poll(() => viewOf(page)).toBe('v=1&s=pmipv6-attach&p.delay=40&step=3&pkt=3');
      const expected = packets({ delay: 40 });
      expect(await lab.hexBytes()).toBe(expected[3]!.bytes);
      await lab.blur();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => viewOf(page)).toBe('v=1&s=pmipv6-attach&p.delay=40&step=4&pkt=4');
      const before = await lab.arrow(5).getAttribute('aria-label');

      await page.reload();
      await page.getByRole('heading', { name: attach!.title }).waitFor();
      expect(await delay.inputValue()).toBe('40');
      expect(await lab.current().getAttribute('data-index')).toBe('4');
      expect(await lab.arrow(5).getAttribute('aria-label')).toBe(before);
      expect(await lab.arrow(5).getAttribute('aria-label')).toMatch(new RegExp(`${(expected[4]!.time / 1e6).toFixed(3)} s`));
      await page.screenshot({ path: `${SHOTS}share-param-reloaded.png` });
    });

    it('drops the selected message, shows the fault, and removes it again', async () => {
      await openView(page, server.url, 'v=1&s=pmipv6-attach');
      const pbu = packets().findIndex((p) => p.summary.startsWith('Proxy Binding Update'));
      await lab.clickArrow(pbu + 1);
      await page.getByRole('toolbar', { name: `Inject a fault into message ${pbu + 1}` }).getByRole('button', { name: 'Drop' }).click();
      await expect.poll(() => viewOf(page)).toMatch(new RegExp(`^v=1&s=pmipv6-attach&f=drop:${pbu + 1}&step=${pbu}&pkt=${pbu}$`));
      expect(await lab.arrow(pbu + 1).getAttribute('aria-label')).toMatch(/dropped-by-fault$/);
      const faults = page.getByRole('list', { name: 'Injected faults' }).getByRole('listitem');
      expect(await faults.allTextContents()).toEqual([expect.stringContaining(`drop packet ${pbu + 1}`)]);
      const dropped = packets({}, [{ kind: 'drop', packet: pbu }]);
      expect(await lab.arrows().count()).toBeLessThanOrEqual(dropped.length);
      await page.screenshot({ path: `${SHOTS}share-fault.png` });

      await page.getByRole('button', { name: `Remove the fault: drop packet ${pbu + 1}` }).click();
      await expect.poll(() => viewOf(page)).not.toMatch(/f=/);
      expect(await lab.arrow(pbu + 1).getAttribute('aria-label')).not.toMatch(/dropped/);
    });

    it('delays and duplicates a message from the diagram', async () => {
      await openView(page, server.url, 'v=1&s=pmipv6-attach&step=3&pkt=3');
      const bar = page.getByRole('toolbar', { name: 'Inject a fault into message 4' });
      await bar.getByRole('button', { name: 'Delay 200 ms' }).click();
      await expect.poll(() => viewOf(page)).toMatch(/f=delay:4:200&/);
      await page.getByRole('toolbar', { name: 'Inject a fault into message 4' }).getByRole('button', { name: 'Duplicate' }).click();
      await expect.poll(() => viewOf(page)).toMatch(/f=delay:4:200,duplicate:4&/);
      const expected = packets({}, [{ kind: 'delay', packet: 3, byUs: 200_000 }, { kind: 'duplicate', packet: 3 }]);
      await expect.poll(() => page.locator('.controls .position').textContent()).toMatch(new RegExp(`/ ${expected.length}`));
    });

    it('shows each machine’s state and tables, with what the step changed highlighted', async () => {
      const trace = runScenario('pmipv6-attach');
      const pba = packets().findIndex((p) => p.summary.startsWith('Proxy Binding Acknowledgement'));
      await openView(page, server.url, `v=1&s=pmipv6-attach&step=${pba}&pkt=${pba}`);
      await page.getByRole('tab', { name: 'State and narration' }).click();
      await page.getByRole('heading', { name: `State after step ${pba + 1}` }).waitFor();
      const states = trace.events.filter((e) => e.kind === 'state');
      expect(states.length).toBeGreaterThan(0);
      expect(await page.locator('article.entity').count()).toBeGreaterThan(0);
      expect(await page.getByRole('table').count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${SHOTS}share-state.png` });
      await lab.blur();
      await page.keyboard.press('Home');
      await page.getByRole('heading', { name: 'State after step 1' }).waitFor();
      await page.screenshot({ path: `${SHOTS}share-state-start.png` });
    });

    it('exports the run as pcapng, as JSON and the diagram as SVG', async () => {
      await openView(page, server.url, 'v=1&s=pmipv6-attach');
      const setup = page.getByRole('complementary', { name: 'Scenario setup' });
      const save = async (name: string): Promise<{ file: string; bytes: Buffer }> => {
        const wait = page.waitForEvent('download');
        await setup.getByRole('button', { name }).click();
        const d = await wait;
        const path = `${SHOTS}${d.suggestedFilename()}`;
        await d.saveAs(path);
        return { file: d.suggestedFilename(), bytes: readFileSync(path) };
      };
      const pcap = await save('pcapng');
      expect(pcap.file).toBe('pmipv6-attach-seed1.pcapng');
      expect(pcap.bytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
      const json = await save('Trace JSON');
      expect(JSON.parse(json.bytes.toString('utf8'))).toMatchObject({ scenario: 'pmipv6-attach', seed: 1 });
      const svg = await save('Diagram SVG');
      expect(svg.file).toBe('pmipv6-attach-seed1.svg');
      expect(svg.bytes.toString('utf8')).toMatch(/<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.bytes.toString('utf8')).toContain('Proxy Binding Update');
    });
  });
});
