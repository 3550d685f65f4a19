import { describe, expect, it } from 'vitest';
import { describeFault, faultToText, type Fault } from '../../src/sim/faults';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { openView, viewOf } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';
import { TopologyTab } from './support/topology';

/*
 * The topology view end to end, in Debian's Chromium: the MN drawn at MAG2 after the handover with
 * its tunnel's user count, a link cut from the drawing and a mobile node moved from it, each
 * re-running the scenario with the fault in the list and in the URL. Screenshots go to
 * test-results/ for a person to look at; nothing compares pixels.
 */

const packetsOf = (id: string, faults: Fault[] = []): PacketEvent[] =>
  runScenario(id, {}, faults, 1).events.filter((e): e is PacketEvent => e.kind === 'packet');

requireBrowser();

describe.skipIf(!canBrowse)('the topology view in Chromium', () => {
  const b = browsing({ viewport: { width: 1600, height: 1000 }, colorScheme: 'light' }, { perTest: false });
  let topo: TopologyTab;

  async function start(reducedMotion: 'reduce' | 'no-preference' = 'reduce'): Promise<void> {
    topo = new TopologyTab(await b.start({ reducedMotion }));
  }

  it('draws the MN at MAG2 after the handover, with the tunnel’s user count', async () => {
    await start();
    await openView(b.page, b.url, 'v=1&s=pmipv6-handover');
    await topo.open();
    expect((await topo.nodeAt('mn1'))[0]).toBe((await topo.nodeAt('mag1'))[0]);
    await b.lab.blur();
    await b.page.keyboard.press('End');
    const last = packetsOf('pmipv6-handover').length;
    await b.page.getByRole('heading', { name: new RegExp(`^Topology at message ${last} \\(`) }).waitFor();
    expect((await topo.nodeAt('mn1'))[0]).toBe((await topo.nodeAt('mag2'))[0]);
    expect(await topo.tunnelLabel('mag2', 'lma').textContent()).toBe('1 user');
    expect(await topo.tunnelLabel('mag1', 'lma').count()).toBe(0);
    expect(await topo.attachment('mn1').textContent()).toBe('MN is attached to MAG2 (PMA).');
    expect(await topo.link('mn1-mag1').getAttribute('data-up')).toBe('false');
    expect(await topo.drawing().getAttribute('aria-label')).toMatch(/MN is attached to MAG2 \(PMA\); tunnel MAG2 \(PMA\) ⇄ LMA \(HA\): 1 user/);
    await b.page.screenshot({ path: `${SHOTS}topology-handover.png` });
    await b.page.locator('section.topology').screenshot({ path: `${SHOTS}topology-handover-panel.png` });
    await b.page.emulateMedia({ colorScheme: 'dark' });
    await b.page.locator('section.topology').screenshot({ path: `${SHOTS}topology-handover-dark.png` });
  });

  it('cuts a link from the drawing: the fault is listed and in the URL, and the run loses what crossed it', async () => {
    await start();
    const before = packetsOf('pmipv6-handover');
    const step = before.findIndex((p) => p.link === 'mag1-lma' && p.plane === 'data');
    await openView(b.page, b.url, `v=1&s=pmipv6-handover&step=${step}&pkt=${step}`);
    await topo.open();
    expect(await topo.link('mag1-lma').getAttribute('data-up')).toBe('true');
    await topo.chooseLink('mag1-lma');
    await b.page.locator('section.topology').screenshot({ path: `${SHOTS}topology-cut-offer.png` });
    await b.page.getByRole('button', { name: 'Cut this link now' }).click();

    const fault: Fault = { kind: 'cut', link: 'mag1-lma', atUs: before[step]!.time };
    const faults = b.page.getByRole('list', { name: 'Injected faults' }).getByRole('listitem');
    await expect.poll(() => faults.allTextContents()).toEqual([expect.stringContaining(describeFault(fault))]);
    expect(viewOf(b.page)).toContain(`f=${faultToText(fault)}`);
    const after = packetsOf('pmipv6-handover', [fault]);
    expect(after[step]!.fate).toBe('lost');
    expect(await b.lab.arrow(step + 1).getAttribute('aria-label')).toMatch(/, lost: link mag1-lma is cut/);
    expect(await topo.link('mag1-lma').getAttribute('data-up')).toBe('false');
    expect(await b.page.locator('[data-packet-path]').textContent()).toContain('lost: link mag1-lma is cut');
    await b.page.locator('section.topology').screenshot({ path: `${SHOTS}topology-cut.png` });
  });

  it('moves the MN to MAG2 in pmipv6-attach, and MAG2 registers it with a PBU of its own', async () => {
    await start('no-preference');
    const before = packetsOf('pmipv6-attach');
    const step = before.findIndex((p) => p.plane === 'data');
    await openView(b.page, b.url, `v=1&s=pmipv6-attach&step=${step}&pkt=${step}`);
    await topo.open();
    await topo.move('MN', 'MAG2 (PMA)');

    const fault: Fault = { kind: 'move', node: 'mn1', to: 'mag2', atUs: before[step]!.time };
    const faults = b.page.getByRole('list', { name: 'Injected faults' }).getByRole('listitem');
    await expect.poll(() => faults.allTextContents()).toEqual([expect.stringContaining(describeFault(fault))]);
    expect(viewOf(b.page)).toContain(`f=${faultToText(fault)}`);

    const after = packetsOf('pmipv6-attach', [fault]);
    const pbu = after.findIndex((p, i) => i >= step && p.from === 'mag2' && p.summary.startsWith('Proxy Binding Update'));
    expect(pbu).toBeGreaterThanOrEqual(step);
    await b.lab.blur();
    for (let i = step; i < pbu; i++) await b.page.keyboard.press('ArrowRight');
    expect(await b.lab.arrow(pbu + 1).getAttribute('aria-label')).toMatch(/^\d+\. MAG2 \(PMA\) → LMA \(HA\) Proxy Binding Update/);
    // The MN glides to MAG2; wait for it to arrive.
    const mag2 = await topo.nodeAt('mag2');
    await expect.poll(async () => Math.abs((await topo.nodeAt('mn1'))[0] - mag2[0])).toBeLessThan(0.01);
    expect(await topo.attachment('mn1').textContent()).toBe('MN is attached to MAG2 (PMA).');
    await b.page.locator('section.topology').screenshot({ path: `${SHOTS}topology-move.png` });
  });
});
