import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { openView, viewOf } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * pmipv6-ipv4-home-address in Chromium: each DHCP placement (and the dual-stack and exhausted-pool
 * variants) opened by its share URL draws the DHCP exchange and the Proxy Binding Update the same
 * run in Node gives, with no error notice. Screenshots go to test-results/ for a person to look at.
 */

const ID = 'pmipv6-ipv4-home-address';
const scenario = runnableScenario(ID);

requireBrowser();

const VARIANTS: Record<string, string>[] = [
  { dhcp: 'mag-server' },
  { dhcp: 'relay-to-lma' },
  { dhcp: 'relay-to-server' },
  { dhcp: 'double-relay' },
  { dhcp: 'relay-to-lma', stack: 'dual' },
  { mns: '2', pool: '1' },
];

const query = (params: Record<string, string>): string =>
  [`v=1`, `s=${ID}`, ...Object.entries(params).map(([k, v]) => `p.${k}=${v}`)].join('&');

describe.skipIf(!canBrowse)('IPv4 home addresses in Chromium', () => {
  const b = browsing({ viewport: { width: 1700, height: 1000 } });

  it('is listed as runnable in the scenario picker', async () => {
    await b.lab.open(b.url);
    const option = b.page.getByRole('combobox', { name: 'Scenario' }).locator(`option[value="${ID}"]`);
    expect(await option.getAttribute('disabled')).toBeNull();
  });

  it.each(VARIANTS)('opens %o by URL and draws the DHCP exchange and the PBU, with no error', async (params) => {
    await openView(b.page, b.url, query(params));
    await b.page.getByRole('heading', { name: scenario!.title }).waitFor();
    await b.lab.arrows().first().waitFor();
    expect(await b.page.getByRole('alert').count()).toBe(0);
    expect(viewOf(b.page)).toMatch(new RegExp(`^v=1&s=${ID}`));

    const trace = runScenario(ID, params);
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    const label = (id: string): string => trace.entities.find((e) => e.id === id)?.label ?? id;
    const discover = packets.findIndex((p) => p.summary.startsWith('DHCP Discover'));
    const pbu = packets.findIndex((p) => p.summary.startsWith('Proxy Binding Update'));
    expect(discover).toBeGreaterThanOrEqual(0);
    expect(pbu).toBeGreaterThan(discover);
    for (const i of [discover, pbu]) {
      const p = packets[i]!;
      await expect.poll(() => b.lab.arrow(i + 1).getAttribute('aria-label')).toContain(`${i + 1}. ${label(p.from)} → ${label(p.to)} ${p.summary}`);
    }
    // The inspector shows the PBU's bytes as the run made them.
    await b.lab.clickArrow(pbu + 1);
    expect(await b.lab.hexBytes()).toBe(packets[pbu]!.bytes);
    await b.page.screenshot({ path: `${SHOTS}ipv4-home-address-${Object.values(params).join('-')}.png` });
  });
});
