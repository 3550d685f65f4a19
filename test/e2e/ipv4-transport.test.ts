import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { openView } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * pmipv6-ipv4-transport in Debian's Chromium: variants opened by URL, the NAT's lifeline and the
 * PBU's arrows on the diagram, the note that RFC 5844 does not support a NAT here, and the
 * inspector walking a PBU through every level of its nesting. Screenshots go to test-results/.
 */

const ID = 'pmipv6-ipv4-transport';
const scenario = runnableScenario(ID);

requireBrowser();

/** The packets of a variant, as the lab computes them in Node. */
const packets = (params: Record<string, string | boolean>): PacketEvent[] =>
  runScenario(ID, params, [], 1).events.filter((e): e is PacketEvent => e.kind === 'packet');
const firstPbu = (ps: PacketEvent[]): number => ps.findIndex((p) => p.from === 'mag1' && p.summary.startsWith('Proxy Binding Update')) + 1;

describe.skipIf(!canBrowse)('IPv4 transport in Chromium', () => {
  const b = browsing({ viewport: { width: 1700, height: 1000 } });

  async function open(query: string): Promise<void> {
    await openView(b.page, b.url, `v=1&s=${ID}${query}`);
    await b.page.getByRole('heading', { name: scenario!.title }).waitFor();
    await b.lab.arrows().first().waitFor();
  }

  const lifelines = (): Promise<string[]> => b.page.locator('.lifeline-head').allTextContents().then((t) => t.map((x) => x.trim()));
  // Endpoints are named by their lifeline labels or ids, so the patterns take either (`MAG1 (PMA)` or `mag1`).
  const pbuArrows = () => b.page.getByRole('button', { name: /^\d+\. .* Proxy Binding Update/ });

  it('is offered as runnable', () => {
    expect(scenario?.status).toBe('runnable');
  });

  it('opens the default (RFC 5844 layout, MAG behind a NAT): the NAT between MAG1 and the LMA, the PBU through it, and no error', async () => {
    await open('');
    expect(await lifelines()).toEqual(['MN', 'MAG1 (PMA)', 'MAG2 (PMA)', 'AAA (RADIUS)', 'NAT', 'LMA (HA)', 'CN']);
    expect(await b.page.getByRole('alert').count()).toBe(0);
    const names = await pbuArrows().evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(names.slice(0, 2)).toEqual([
      expect.stringMatching(/^4\. mag1.* → nat1? .*Proxy Binding Update seq 1/i),
      expect.stringMatching(/^5\. nat1? → lma.*Proxy Binding Update seq 1/i),
    ]);
    await b.page.screenshot({ path: `${SHOTS}ipv4-transport-nat.png` });
  });

  it('says on screen that RFC 5844 does not support a MAG behind a NAT, and that the lab runs the seed’s behaviour', async () => {
    await open('');
    await b.page.getByRole('tab', { name: 'State and narration' }).click();
    const narration = b.page.getByRole('region', { name: 'Narration' });
    await expect.poll(() => narration.textContent()).toMatch(/RFC 5844 does not support this deployment.*seed 002’s behaviour/s);
  });

  it('shows each level of a PBU’s nesting in the inspector, with the same bytes as the run', async () => {
    const ps = packets({});
    const n = firstPbu(ps);
    await open('');
    await b.lab.clickArrow(n);
    await expect.poll(() => b.lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet ${n}\\s*of ${ps.length}`));
    expect(await b.lab.hexBytes()).toBe(ps[n - 1]!.bytes);
    for (const layer of ['eth', 'ip', 'udp', 'mipv6']) await b.lab.field(layer).waitFor({ state: 'attached' });
    expect(await b.page.locator('[data-field="ipv6"]').count()).toBe(0);
    await b.lab.field('mip6.ipv4coa.addr').waitFor({ state: 'attached' });
    await b.page.screenshot({ path: `${SHOTS}ipv4-transport-pbu.png` });
  });

  it('opens the seed’s layout with the TLV header by URL: UDP, TLV header, inner IPv6, Mobility Header', async () => {
    const params = { encoding: 'draft-02', 'tlv-header': true };
    const ps = packets(params);
    const n = firstPbu(ps);
    await open('&p.encoding=draft-02&p.tlv-header=true');
    expect(await b.page.getByRole('alert').count()).toBe(0);
    expect(await pbuArrows().count()).toBeGreaterThanOrEqual(2);
    await b.lab.clickArrow(n);
    await expect.poll(() => b.lab.hexBytes()).toBe(ps[n - 1]!.bytes);
    for (const layer of ['eth', 'ip', 'udp', 'pmip6.tlv', 'ipv6', 'mipv6']) await b.lab.field(layer).waitFor({ state: 'attached' });
    await b.lab.field('pmip6.tlv.next_header').waitFor({ state: 'attached' });
    await b.page.screenshot({ path: `${SHOTS}ipv4-transport-draft02-tlv.png` });
  });

  it('opens the variant without a NAT: no NAT lifeline, the PBU straight to the LMA', async () => {
    await open('&p.nat=none');
    expect(await lifelines()).not.toContain('NAT');
    expect(await b.page.getByRole('alert').count()).toBe(0);
    expect(await pbuArrows().first().getAttribute('aria-label')).toMatch(/^\d+\. mag1.* → lma.*Proxy Binding Update/i);
  });
});
