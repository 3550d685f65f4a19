import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { openView } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * The localized mobility scenarios (seed 003) in Debian's Chromium: each opened by its share URL
 * draws the PMIP client and GMA lifelines and the Trigger arrow, and a click on a Trigger shows its
 * SCTP and NETLMM layers in the inspector, with the lab's choice of port and PPID spelt out. A
 * Notification shows the PBA decoded inside its Container. Screenshots go to test-results/.
 */


requireBrowser();

const packetsOf = (id: string): PacketEvent[] => runScenario(id).events.filter((e): e is PacketEvent => e.kind === 'packet');

describe.skipIf(!canBrowse)('localized mobility in Chromium', () => {
  const b = browsing({ viewport: { width: 1700, height: 1000 } });

  /** Opens the scenario at the step of the first packet `pick` chooses, and clicks that packet's arrow. */
  async function openAt(id: string, pick: (p: PacketEvent) => boolean): Promise<PacketEvent> {
    const packets = packetsOf(id);
    const k = packets.findIndex(pick);
    expect(k).toBeGreaterThanOrEqual(0);
    await openView(b.page, b.url, `v=1&s=${id}&step=${k}&pkt=${k}`);
    await b.page.getByRole('heading', { name: runnableScenario(id)!.title }).waitFor();
    expect(await b.page.getByRole('alert').count()).toBe(0);
    await b.lab.arrow(k + 1).waitFor();
    await b.lab.clickArrow(k + 1);
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe(String(k));
    expect(await b.lab.hexBytes()).toBe(packets[k]!.bytes);
    return packets[k]!;
  }

  it.each([
    ['netlmm-attach', 'mag1'],
    ['netlmm-handover', 'mag2'],
  ])('%s draws the PMIP client and GMA lifelines and the Trigger, whose SCTP and NETLMM layers the inspector shows', async (id, mag) => {
    await openAt(id, (p) => p.from === mag && p.summary.startsWith('Trigger'));
    for (const name of ['PMIP client', 'GMA (MIPv6 HA)', 'LMA (MIPv6 HA)', 'MAG1']) {
      await expect.poll(() => b.page.locator('.lifeline-head', { hasText: name }).count(), { message: name }).toBeGreaterThan(0);
    }
    const labels = await b.lab.arrows().evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
    expect(labels.some((l) => /Trigger txn=\d+ MN="mn1@netlmm\.example"/.test(l))).toBe(true);
    await b.page.locator('.diagram-body').screenshot({ path: `${SHOTS}${id}-diagram.png` });

    expect(await b.lab.field('sctp').textContent()).toMatch(/SCTP 49152 → 49152/);
    expect(await b.lab.field('sctp.data_payload_proto_id').textContent()).toMatch(/not specified \(0\)/);
    expect(await b.lab.field('netlmm.type').textContent()).toMatch(/Trigger \(1\)/);
    expect(await b.lab.field('netlmm.opt.ip_address').textContent()).toMatch(/2001:db8:100::100/);
    // The NETLMM layer says the port and PPID are the lab's choice, not IANA's.
    await b.lab.field('netlmm').click();
    await expect.poll(() => b.page.locator('.about').first().textContent()).toMatch(/port 49152 with PPID 0: both are lab choices/);
    await b.page.screenshot({ path: `${SHOTS}${id}-trigger.png` });
  });

  it('shows the PBA inside a Notification’s Container, and the context MAG1 hands to MAG2', async () => {
    await openAt('netlmm-handover', (p) => p.from === 'client' && p.to === 'mag2' && p.summary.startsWith('Notification'));
    expect(await b.lab.field('netlmm.opt.container').textContent()).toMatch(/Binding Acknowledgement/);
    expect(await b.lab.field('mip6.ba.status').textContent()).toMatch(/\(0\)/);
    await b.page.screenshot({ path: `${SHOTS}netlmm-handover-notification.png` });

    await openAt('netlmm-handover', (p) => p.summary.startsWith('Context Transfer'));
    expect(await b.lab.field('netlmm.type').textContent()).toMatch(/Context Transfer \(5\)/);
    expect(await b.lab.field('netlmm.opt.client').textContent()).toMatch(/2001:db8:c::1/);
    await expect.poll(() => b.page.locator('.lifeline-head', { hasText: 'MAG2' }).count()).toBeGreaterThan(0);
  });
});
