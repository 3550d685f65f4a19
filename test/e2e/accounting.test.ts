import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenarios/run';
import { accountData } from '../../src/sim/data-accounting';
import { placeText, summaryText } from '../../src/sim/data-summary';
import { openView } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * Data-plane accounting end to end: the handover scenario opened by its link, the "Data plane"
 * section of the state panel says what the accounting module says of the same run in Node, a lost
 * datagram in the list or in the chart selects the packet it was lost on, and the diagram marks
 * that packet. Screenshots of the chart, light and dark, go to test-results/ for a person to look at.
 */

const trace = runScenario('pmipv6-handover');
const acc = accountData(trace);
const label = (id: string): string => trace.entities.find((e) => e.id === id)?.label ?? id;

requireBrowser();

describe.skipIf(!canBrowse)('data-plane accounting in Chromium', () => {
  const b = browsing({ viewport: { width: 1600, height: 1000 } }, { perTest: false });

  async function openHandover(colorScheme: 'light' | 'dark', extra = ''): Promise<void> {
    await b.start({ colorScheme });
    await openView(b.page, b.url, `v=1&s=pmipv6-handover${extra}`);
    await b.lab.arrows().first().waitFor();
    await b.page.getByRole('tab', { name: 'State and narration' }).click();
  }

  const section = (): Locator => b.page.getByRole('region', { name: 'Data plane' });

  /** A screenshot of the diagram around a badge, for a person to look at. */
  async function shootAround(badge: Locator, file: string): Promise<void> {
    await badge.scrollIntoViewIfNeeded();
    const box = (await badge.boundingBox())!;
    const x = Math.max(0, box.x - 420);
    const y = Math.max(0, box.y - 160);
    await b.page.screenshot({ path: `${SHOTS}${file}`, clip: { x, y, width: 640, height: 300 } });
  }

  it('shows the numbers the accounting gives for the same run, and a lost datagram selects the packet it died on', async () => {
    await openHandover('light');
    await section().waitFor();
    expect(await section().locator('[data-summary]').textContent()).toBe(summaryText(acc, label));
    expect(acc.totals.lost).toBeGreaterThan(0);
    const legend = await section().getByRole('list', { name: 'Chart legend' }).textContent();
    expect(legend).toContain(`delivered ${acc.totals.delivered}`);
    expect(legend).toContain(`lost ${acc.totals.lost}`);
    await section().screenshot({ path: `${SHOTS}accounting-chart.png` });

    // The first lost datagram, from the list: the lab steps to the packet it was lost on.
    const lost = acc.datagrams.find((d) => d.lost)!;
    await section().getByRole('button', { name: new RegExp(`${lost.summary.replace(/[()]/g, '\\$&')} · packet ${lost.lost!.index + 1}$`) }).click();
    expect(await b.lab.current().getAttribute('data-index')).toBe(String(lost.lost!.index));
    expect(await section().textContent()).toContain(`This packet carries ${lost.summary} (to the MN): lost ${placeText(lost.lost!, label)}: ${lost.lost!.reason}.`);
    // The diagram marks it.
    const badge = b.page.getByRole('img', { name: `${lost.summary}: lost here, ${placeText(lost.lost!, label)}: ${lost.lost!.reason}` });
    expect(await badge.count()).toBe(1);
    await shootAround(badge, 'accounting-badge-lost.png');

    // From the chart: back to the start, then the lost bar, by keyboard.
    await b.page.keyboard.press('Home');
    const bar = section().getByRole('button', { name: /^\d+ lost sent between/ }).first();
    await bar.focus();
    await b.page.keyboard.press('Enter');
    expect(await b.lab.current().getAttribute('data-index')).toBe(String(lost.lost!.index));
  });

  it('lists an echo held up past the handover as forwarded, and the diagram marks where it arrived', async () => {
    const firstLost = acc.datagrams.find((d) => d.lost)!;
    const fault = `delay:${firstLost.hops[0]! + 1}:40`;
    const late = runScenario('pmipv6-handover', {}, [{ kind: 'delay', packet: firstLost.hops[0]!, byUs: 40_000 }]);
    const lateAcc = accountData(late);
    const forwarded = lateAcc.datagrams.find((d) => d.outcome === 'forwarded')!;
    await openHandover('light', `&f=${fault}`);
    await section().waitFor();
    expect(await section().locator('[data-summary]').textContent()).toBe(summaryText(lateAcc, label));
    await section().getByRole('button', { name: new RegExp(`sent while MN was on MAG1 \\(PMA\\), delivered through MAG2 \\(PMA\\)$`) }).click();
    const arrived = forwarded.hops[forwarded.hops.length - 1]!;
    expect(await b.lab.current().getAttribute('data-index')).toBe(String(arrived));
    const badge = b.page.getByRole('img', { name: `${forwarded.summary}: forwarded across the handover, sent while MN was on MAG1 (PMA), delivered through MAG2 (PMA)` });
    expect(await badge.count()).toBe(1);
    await section().screenshot({ path: `${SHOTS}accounting-chart-forwarded.png` });
    await shootAround(badge, 'accounting-badge-forwarded.png');
  });

  it('reads in the dark theme too', async () => {
    await openHandover('dark');
    await section().waitFor();
    await section().getByRole('button', { name: / · packet \d+$/ }).first().click();
    await section().screenshot({ path: `${SHOTS}accounting-chart-dark.png` });
    expect(await section().locator('.now').count()).toBe(1);
  });
});
