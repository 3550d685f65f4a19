import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { openView, viewOf } from './support/lab';
import { browsing, canBrowse, SHOTS } from './support/suite';

/*
 * Shareable views end to end: a scenario opened by URL, a parameter changed and the page reloaded,
 * a fault injected from the diagram, the state panels, the exports, and bad or hostile links.
 * Screenshots go to test-results/ for a person to look at.
 */

const attach = runnableScenario('pmipv6-attach');
if (!attach) console.warn('Skipping the scenario views: pmipv6-attach is not registered in src/scenarios/registry.ts yet.');

describe.skipIf(!canBrowse)('shareable views in Chromium', () => {
  const b = browsing({ viewport: { width: 1700, height: 1000 }, acceptDownloads: true });

  it('says what is wrong with a hostile link, inserts none of it as HTML, and keeps the lab usable', async () => {
    const hostile = `v=1&s=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`;
    await openView(b.page, b.url, hostile);
    const alert = b.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/This link cannot be opened\..*scenario the lab does not know: ‘\?img src=x onerror="window.__pwned=1"\?’/s);
    expect(await b.page.locator('img[src="x"]').count()).toBe(0);
    expect(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await b.page.screenshot({ path: `${SHOTS}share-hostile.png` });
    // Still usable: the example capture opens, and the address bar no longer holds the bad link.
    await b.lab.openExample();
    expect(viewOf(b.page)).toBe('');
  });

  it('refuses links it cannot read, each with its own message', async () => {
    const cases: [string, RegExp][] = [
      ['v=9&s=pmipv6-attach', /another version of PMIP Lab/],
      [`v=1&s=pmipv6-attach&step=${'9'.repeat(30)}`, /The step must be a whole number/],
      [`v=1&s=pmipv6-attach${'&p.delay=1'.repeat(300)}`, /too long to be a lab view/],
    ];
    for (const [query, message] of cases) {
      await openView(b.page, b.url, query);
      await expect.poll(() => b.page.getByRole('alert').textContent()).toMatch(message);
    }
  });

  it('lists every scenario by family, each of them runnable', async () => {
    await b.lab.open(b.url);
    const picker = b.page.getByRole('combobox', { name: 'Scenario' });
    expect(await picker.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual([
      'Proxy Mobile IPv6',
      'IPv4 support for PMIPv6',
      'Proxy Mobile IPv4',
      'Localized mobility with a separate PMIP client',
    ]);
    expect(await picker.locator('option[disabled]', { hasText: '(coming)' }).count()).toBe(0);
    expect(await picker.locator('optgroup option:not([disabled])').count()).toBe(await picker.locator('optgroup option').count());
    expect(await picker.locator('option', { hasText: 'WiMAX split proxy agent' }).count()).toBe(1);
    await b.page.screenshot({ path: `${SHOTS}share-start.png` });
  });

  describe.skipIf(!attach)('with pmipv6-attach', () => {
    const packets = (params = {}, faults: Parameters<typeof runScenario>[2] = []) =>
      runScenario('pmipv6-attach', params, faults, 1).events.filter((e): e is PacketEvent => e.kind === 'packet');

    it('opens a scenario by URL at the step it names', async () => {
      await openView(b.page, b.url, 'v=1&s=pmipv6-attach&step=4&pkt=4');
      await b.page.getByRole('heading', { name: attach!.title }).waitFor();
      const expected = packets();
      expect(await b.lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 5\\s*of ${expected.length}`));
      expect(await b.lab.hexBytes()).toBe(expected[4]!.bytes);
      expect(viewOf(b.page)).toBe('v=1&s=pmipv6-attach&step=4&pkt=4');
      await b.page.screenshot({ path: `${SHOTS}share-attach.png` });
    });

    it('chooses a scenario in the picker and shows its parameters', async () => {
      await b.lab.open(b.url);
      await b.page.getByRole('combobox', { name: 'Scenario' }).selectOption('pmipv6-attach');
      await b.page.getByRole('heading', { name: attach!.title }).waitFor();
      expect(viewOf(b.page)).toBe('v=1&s=pmipv6-attach&pkt=0');
      for (const p of attach!.params) await b.page.getByLabel(p.label, { exact: false }).first().waitFor();
    });

    it('re-runs when a parameter changes, keeps it in the URL, and a reload shows the same view', async () => {
      await openView(b.page, b.url, 'v=1&s=pmipv6-attach&step=3&pkt=3');
      const delay = b.page.getByRole('spinbutton', { name: /MAG–LMA delay/ });
      await delay.fill('40');
      await delay.press('Enter');
      await expect.poll(() => viewOf(b.page)).toBe('v=1&s=pmipv6-attach&p.delay=40&step=3&pkt=3');
      const expected = packets({ delay: 40 });
      expect(await b.lab.hexBytes()).toBe(expected[3]!.bytes);
      await b.lab.blur();
      await b.page.keyboard.press('ArrowRight');
      await expect.poll(() => viewOf(b.page)).toBe('v=1&s=pmipv6-attach&p.delay=40&step=4&pkt=4');
      const before = await b.lab.arrow(5).getAttribute('aria-label');

      await b.page.reload();
      await b.page.getByRole('heading', { name: attach!.title }).waitFor();
      expect(await delay.inputValue()).toBe('40');
      expect(await b.lab.current().getAttribute('data-index')).toBe('4');
      expect(await b.lab.arrow(5).getAttribute('aria-label')).toBe(before);
      expect(await b.lab.arrow(5).getAttribute('aria-label')).toMatch(new RegExp(`${(expected[4]!.time / 1e6).toFixed(3)} s`));
      await b.page.screenshot({ path: `${SHOTS}share-param-reloaded.png` });
    });

    it('drops the selected message, shows the fault, and removes it again', async () => {
      await openView(b.page, b.url, 'v=1&s=pmipv6-attach');
      const pbu = packets().findIndex((p) => p.summary.startsWith('Proxy Binding Update'));
      await b.lab.clickArrow(pbu + 1);
      await b.page.getByRole('toolbar', { name: `Inject a fault into message ${pbu + 1}` }).getByRole('button', { name: 'Drop' }).click();
      await expect.poll(() => viewOf(b.page)).toMatch(new RegExp(`^v=1&s=pmipv6-attach&f=drop:${pbu + 1}&step=${pbu}&pkt=${pbu}$`));
      expect(await b.lab.arrow(pbu + 1).getAttribute('aria-label')).toMatch(/, dropped-by-fault: dropped by an injected fault$/);
      const faults = b.page.getByRole('list', { name: 'Injected faults' }).getByRole('listitem');
      expect(await faults.allTextContents()).toEqual([expect.stringContaining(`drop packet ${pbu + 1}`)]);
      const dropped = packets({}, [{ kind: 'drop', packet: pbu }]);
      expect(await b.lab.arrows().count()).toBeLessThanOrEqual(dropped.length);
      await b.page.screenshot({ path: `${SHOTS}share-fault.png` });

      await b.page.getByRole('button', { name: `Remove the fault: drop packet ${pbu + 1}` }).click();
      await expect.poll(() => viewOf(b.page)).not.toMatch(/f=/);
      expect(await b.lab.arrow(pbu + 1).getAttribute('aria-label')).not.toMatch(/dropped/);
    });

    it('delays and duplicates a message from the diagram', async () => {
      await openView(b.page, b.url, 'v=1&s=pmipv6-attach&step=3&pkt=3');
      const bar = b.page.getByRole('toolbar', { name: 'Inject a fault into message 4' });
      await bar.getByRole('button', { name: 'Delay 200 ms' }).click();
      await expect.poll(() => viewOf(b.page)).toMatch(/f=delay:4:200&/);
      await b.page.getByRole('toolbar', { name: 'Inject a fault into message 4' }).getByRole('button', { name: 'Duplicate' }).click();
      await expect.poll(() => viewOf(b.page)).toMatch(/f=delay:4:200,duplicate:4&/);
      const expected = packets({}, [{ kind: 'delay', packet: 3, byUs: 200_000 }, { kind: 'duplicate', packet: 3 }]);
      await expect.poll(() => b.page.locator('.controls .position').textContent()).toMatch(new RegExp(`/ ${expected.length}`));
    });

    it('shows each machine’s state and tables, with what the step changed highlighted', async () => {
      const trace = runScenario('pmipv6-attach');
      const pba = packets().findIndex((p) => p.summary.startsWith('Proxy Binding Acknowledgement'));
      await openView(b.page, b.url, `v=1&s=pmipv6-attach&step=${pba}&pkt=${pba}`);
      await b.page.getByRole('tab', { name: 'State and narration' }).click();
      await b.page.getByRole('heading', { name: `State after step ${pba + 1}` }).waitFor();
      const states = trace.events.filter((e) => e.kind === 'state');
      expect(states.length).toBeGreaterThan(0);
      expect(await b.page.locator('article.entity').count()).toBeGreaterThan(0);
      expect(await b.page.getByRole('table').count()).toBeGreaterThan(0);
      await b.page.screenshot({ path: `${SHOTS}share-state.png` });
      await b.lab.blur();
      await b.page.keyboard.press('Home');
      await b.page.getByRole('heading', { name: 'State after step 1' }).waitFor();
      await b.page.screenshot({ path: `${SHOTS}share-state-start.png` });
    });

    it('exports the run as pcapng, as JSON and the diagram as SVG', async () => {
      await openView(b.page, b.url, 'v=1&s=pmipv6-attach');
      const setup = b.page.getByRole('complementary', { name: 'Scenario setup' });
      const save = async (name: string): Promise<{ file: string; bytes: Buffer }> => {
        const wait = b.page.waitForEvent('download');
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
