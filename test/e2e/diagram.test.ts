import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenarios/run';
import { diagramLayout, pngPlan } from '../../src/ui/lab/export';
import { diagramSvg } from '../../src/ui/sequence/svg';
import type { PacketEvent } from '../../src/sim/trace';
import { openView } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * The sequence diagram in Debian's Chromium: timers drawn as spans with their names, a tunnelled
 * packet's outer and inner paths both drawn, each fate of a message that never arrived drawn and
 * named, and the diagram exported whole as SVG and PNG through the page's buttons. Screenshots of
 * the diagram in the light and dark themes go to test-results/ for a person to look at; nothing
 * compares pixels.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const packetsOf = (id: string): PacketEvent[] => runScenario(id).events.filter((e): e is PacketEvent => e.kind === 'packet');

requireBrowser();

describe.skipIf(!canBrowse)('the sequence diagram in Chromium', () => {
  const b = browsing({ viewport: { width: 1800, height: 1100 }, acceptDownloads: true }, { perTest: false });
  const start = (colorScheme: 'light' | 'dark' = 'light'): Promise<unknown> => b.start({ colorScheme });

  /** Opens a view with the setup folded away, so the diagram has the room of a wide screen. */
  async function open(query: string): Promise<void> {
    // A fresh load, so the setup column is where a new visitor finds it.
    await b.page.goto('about:blank');
    await openView(b.page, b.url, query);
    await b.lab.arrows().first().waitFor();
    await b.page.getByRole('button', { name: 'Hide setup' }).click();
  }

  const timers = (): ReturnType<Page['locator']> => b.page.locator('svg g.timer[role="button"]');
  const lifelineX = async (name: string): Promise<number> =>
    parseFloat((await b.page.locator('.lifeline-head', { hasText: name }).first().getAttribute('style'))!.match(/left:\s*([\d.]+)px/)![1]!);

  it('draws the timers of a renewal as named spans, and spells one out on hover and focus', async () => {
    await start();
    await open('v=1&s=pmipv6-renewal');
    await timers().first().waitFor();
    const names = await timers().evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label') ?? ''));
    expect(names.some((n) => /^Timer PBU retransmission at MAG1 \(PMA\): from 0\.014 s to 0\.024 s, cancelled$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('Timer binding lifetime at LMA (HA): from 0.019 s'))).toBe(true);
    expect(names.some((n) => n.startsWith('Timer Tunnel-Life at LMA (HA)'))).toBe(true);
    // The name is written along a bar where no message's words cross it (the PBA's label crosses the
    // short PBU retransmission's, which the tooltip names instead).
    expect(await b.page.locator('svg g.timer text.name', { hasText: 'Tunnel-Life' }).count()).toBeGreaterThan(0);

    const pbu = b.page.locator('svg g.timer[data-timer="PBU retransmission"]').first();
    await pbu.locator('.hit').hover();
    const tip = b.page.getByRole('tooltip');
    await expect.poll(() => tip.textContent()).toMatch(/PBU retransmission\s*at MAG1 \(PMA\)\s*from 0\.014 s to 0\.024 s\s*cancelled/);
    await b.page.locator('.diagram-body').screenshot({ path: `${SHOTS}diagram-timers-light.png` });
    await b.page.mouse.move(0, 0);
    await expect.poll(() => tip.count()).toBe(0);

    await pbu.focus();
    await expect.poll(() => tip.textContent()).toMatch(/cancelled/);
    // Choosing it steps to the moment it started: the Proxy Binding Update (message 4) leaves.
    await b.page.keyboard.press('Enter');
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe('3');
  });

  it('leaves the traffic generator’s timers out until the legend’s checkbox asks for them', async () => {
    await start();
    await open('v=1&s=pmipv6-renewal');
    await timers().first().waitFor();
    const pacing = b.page.locator('svg g.timer[data-timer="next packet"]');
    expect(await pacing.count()).toBe(0);
    const choice = b.page.getByRole('checkbox', { name: 'traffic generator timers' });
    expect(await choice.isChecked()).toBe(false);
    await choice.check();
    await expect.poll(() => pacing.count()).toBeGreaterThan(0);

    // The exported file draws what the page shows.
    await b.page.getByRole('button', { name: 'Scenarios and setup' }).click();
    const svgText = async (): Promise<string> => {
      const wait = b.page.waitForEvent('download');
      await b.page.getByRole('complementary', { name: 'Scenario setup' }).getByRole('button', { name: 'Diagram SVG' }).click();
      return readFileSync((await (await wait).path())!, 'utf8');
    };
    expect(await svgText()).toContain('data-timer="next packet"');
    await choice.uncheck();
    await expect.poll(() => pacing.count()).toBe(0);
    expect(await svgText()).not.toContain('data-timer="next packet"');
  });

  it('draws a tunnelled packet’s outer path and its inner path together, and names both', async () => {
    await start();
    const packets = packetsOf('pmipv6-attach');
    const k = packets.findIndex((p) => p.inner && p.from === 'lma');
    await open(`v=1&s=pmipv6-attach&step=${k}`);
    const arrow = b.lab.arrow(k + 1);
    await expect.poll(() => arrow.getAttribute('aria-label')).toMatch(/; carries CN → MN \(2001:db8:cccc::2 → 2001:db8:100::ff:fe00:11\)$/);

    const [lma, mag1, cn, mn] = await Promise.all(['LMA (HA)', 'MAG1 (PMA)', 'CN', 'MN'].map(lifelineX));
    const shaft = (await arrow.locator('path.shaft').getAttribute('d'))!;
    const [sx, , ex] = shaft.match(/[\d.]+/g)!.map(Number);
    expect([sx, ex]).toEqual([lma, mag1]);
    const inner = (await arrow.locator('path.inner-path').getAttribute('d'))!;
    const [ix1, , ix2] = inner.match(/[\d.]+/g)!.map(Number);
    expect([ix1, ix2]).toEqual([cn, mn]);
    expect(await arrow.locator('text.inner-label').textContent()).toMatch(/^carries CN → MN/);
    await b.page.locator('.diagram-body').screenshot({ path: `${SHOTS}diagram-tunnel-light.png` });
  });

  it('draws each fate of a message that never arrived with its own mark, and says why', async () => {
    await start();
    await open('v=1&s=pmipv6-detach&f=drop:3&step=2');
    const dropped = b.lab.arrow(3);
    await dropped.waitFor();
    expect(await dropped.getAttribute('aria-label')).toMatch(/, dropped-by-fault: dropped by an injected fault$/);
    expect(await dropped.locator('path.mark.dropped-by-fault').count()).toBe(1);
    expect(await dropped.locator('path.ghost').count()).toBe(1);
    await b.page.locator('.diagram-body').screenshot({ path: `${SHOTS}diagram-dropped-light.png` });

    const packets = packetsOf('pmipv6-detach');
    const filtered = packets.findIndex((p) => p.fate === 'filtered');
    await open(`v=1&s=pmipv6-detach&step=${filtered}`);
    const f = b.lab.arrow(filtered + 1);
    await f.waitFor();
    expect(await f.getAttribute('aria-label')).toContain(`, filtered: ${packets[filtered]!.reason}`);
    expect(await f.locator('path.mark.filtered').count()).toBe(1);
    expect(await f.locator('text.death').textContent()).toBe(`filtered: ${packets[filtered]!.reason}`);
    await b.page.locator('.diagram-body').screenshot({ path: `${SHOTS}diagram-fates-light.png` });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`exports the whole diagram as SVG and PNG in the ${scheme} theme`, async () => {
      await start(scheme);
      const packets = packetsOf('pmipv6-handover');
      await open('v=1&s=pmipv6-handover&step=40');
      await b.page.locator('.diagram-body').screenshot({ path: `${SHOTS}diagram-${scheme}.png` });
      // The page draws only what is on screen; the file must hold every message.
      expect(await b.lab.arrows().count()).toBeLessThan(packets.length);

      await b.page.getByRole('button', { name: 'Scenarios and setup' }).click();
      const setup = b.page.getByRole('complementary', { name: 'Scenario setup' });
      const save = async (name: string): Promise<{ file: string; bytes: Buffer }> => {
        const wait = b.page.waitForEvent('download');
        await setup.getByRole('button', { name }).click();
        const d = await wait;
        const path = `${SHOTS}diagram-${scheme}-${d.suggestedFilename()}`;
        await d.saveAs(path);
        return { file: d.suggestedFilename(), bytes: readFileSync(path) };
      };

      const svg = await save('Diagram SVG');
      expect(svg.file).toBe('pmipv6-handover-seed1.svg');
      const markup = svg.bytes.toString('utf8');
      expect(markup.match(/<g class="arrow /g)).toHaveLength(packets.length);
      const parsed = await b.page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          width: Number(root.getAttribute('width')),
          background: doc.querySelector('svg > rect')?.getAttribute('fill'),
          surface: getComputedStyle(document.documentElement).getPropertyValue('--surface').trim(),
        };
      }, markup);
      expect(parsed.error).toBeNull();
      expect(parsed.background).toBe(parsed.surface);
      expect(parsed.background).toBe(scheme === 'dark' ? '#161b22' : '#ffffff');

      const png = await save('Diagram PNG');
      expect(png.file).toBe('pmipv6-handover-seed1.png');
      expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      // IHDR: the size, at twice the SVG's unless the canvas could not hold that; then the page says so.
      const whole = diagramSvg(diagramLayout(runScenario('pmipv6-handover')), { title: 't' });
      expect(whole.width).toBe(parsed.width);
      const plan = pngPlan(whole.width, whole.height);
      expect(plan.maxHeight).toBeUndefined();
      expect(png.bytes.readUInt32BE(16)).toBe(Math.round(whole.width * plan.scale));
      expect(png.bytes.readUInt32BE(20)).toBe(Math.round(whole.height * plan.scale));
      if (plan.scale < 2) await b.page.getByText(`The PNG is drawn at ${plan.scale.toFixed(2)}× rather than 2×.`).waitFor();
    });
  }
});
