import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { accountData } from '../../../src/sim/data-accounting';
import { clientAddress, magAddress, nai } from '../../../src/scenarios/netlmm/addressing';
import { layersOf } from '../../../src/scenarios/netlmm/kinds';
import { findOption, type MobilityHeader } from '../../../src/wire/mh';
import { depth, frameOf, inOrder, kind, lastState, line, packets, rows, signalling } from './support';

/*
 * netlmm-handover against seed 003 Fig. 3: L2 handoff with MN context and data transfer MAG1 →
 * MAG2 (1), Trigger from MAG2 (2), PBU with the new pCoA (3), PBAck (4), Notification (5), then the
 * data through MAG2. Its variants: no data forwarding, a pHoA mismatch, stateless pHoAs with two
 * PMIP clients (Appendix B), per-MN keys from the AAA (Appendix C).
 */

const FIG3 = ['mag1>mag2 Context', 'mag2>mn1 RA', 'mag2>client Trigger', 'client>lma PBU', 'lma>client PBA', 'client>mag2 Notification'];

const pbus = (t: ReturnType<typeof runScenario>): MobilityHeader[] =>
  packets(t)
    .filter((p) => kind(p) === 'PBU')
    .map((p) => layersOf(frameOf(p)).find((l) => l.proto === 'mipv6') as unknown as MobilityHeader);

describe('netlmm-handover (seed 003 Fig. 3)', () => {
  const t = runScenario('netlmm-handover');
  const ps = packets(t);

  it('runs Fig. 2 and then the steps of Fig. 3 in order', () => {
    inOrder(signalling(t), ['mag1>client Trigger', 'client>mag1 Notification', ...FIG3]);
  });

  it('moves the binding with a PBU from the same client: new pCoA, Handoff Indicator 3, the next sequence number', () => {
    const [first, second] = pbus(t);
    expect(findOption(first!, 3)?.address).toBe(magAddress(1));
    expect(findOption(second!, 3)?.address).toBe(magAddress(2));
    expect(findOption(second!, 23)?.hi).toBe(3);
    expect((second!.body as { seq: number }).seq).toBe(((first!.body as { seq: number }).seq + 1) & 0xffff);
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toMatchObject([{ MN: nai(1), 'Proxy-CoA': magAddress(2) }]);
    expect(rows(lastState(t, 'client'), 'PMIP client cache')).toMatchObject([{ pCoA: magAddress(2), state: 'registered' }]);
  });

  it('forwards data from MAG1 to MAG2 during the handoff, so no echo is lost', () => {
    const forwarded = ps.filter((p) => p.from === 'mag1' && p.to === 'mag2' && kind(p).startsWith('echo-request'));
    expect(forwarded.length).toBeGreaterThan(0);
    for (const p of forwarded) expect(depth(p)).toBe(2);
    const acc = accountData(t);
    expect(acc.totals.lost).toBe(0);
    expect(acc.totals.forwarded).toBeGreaterThan(0);
    expect(acc.handovers).toEqual([expect.objectContaining({ mobile: 'mn1', from: 'mag1', to: 'mag2' })]);
  });

  it('has MAG2 trigger the client the context named, with the pHoA from the context', () => {
    const context = ps.find((p) => kind(p) === 'Context')!;
    const opts = (layersOf(frameOf(context)).find((l) => l.proto === 'netlmm')!.options ?? []) as { type: number; client?: string; address?: string }[];
    expect(opts.find((o) => o.type === 5)?.client).toBe(clientAddress(1));
    expect(opts.find((o) => o.type === 2)?.address).toBe('2001:db8:100::100');
    expect(ps.find((p) => p.from === 'mag2' && kind(p) === 'Trigger')!.summary).toContain('pHoA=2001:db8:100::100');
  });

  it('explains every packet with a step', () => {
    for (const p of ps) expect(p.step, line(p)).toBeTruthy();
    expect(ps.find((p) => kind(p) === 'Context')!.step).toMatch(/^8\. MN context transfer/);
  });
});

describe('netlmm-handover variants', () => {
  it('without data forwarding, what the LMA still tunnels to MAG1 is lost, where forwarding lost nothing', () => {
    const t = runScenario('netlmm-handover', { forwarding: false });
    inOrder(signalling(t), FIG3);
    expect(packets(t).some((p) => p.from === 'mag1' && p.to === 'mag2' && kind(p).startsWith('echo'))).toBe(false);
    const acc = accountData(t);
    expect(acc.totals.lost).toBeGreaterThan(0);
    expect(acc.totals.lost).toBeGreaterThan(accountData(runScenario('netlmm-handover')).totals.lost);
    for (const d of acc.datagrams.filter((x) => x.outcome === 'lost')) expect(d.lost?.entity).toBe('mag1');
  });

  it('loses more the longer the layer-2 handoff takes without forwarding', () => {
    const short = accountData(runScenario('netlmm-handover', { forwarding: false, gap: 0 })).totals.lost;
    const long = accountData(runScenario('netlmm-handover', { forwarding: false, gap: 200 })).totals.lost;
    expect(long).toBeGreaterThan(short);
    expect(accountData(runScenario('netlmm-handover', { gap: 200 })).totals.lost).toBe(0);
  });

  it('with a pHoA mismatch, the client reports an error to MAG1 and sends no PBU; the binding stays at MAG2', () => {
    const t = runScenario('netlmm-handover', { mismatch: true });
    const lines = signalling(t);
    const [, triggerAt] = inOrder(lines, ['client>mag2 Notification', 'mag1>client Trigger', 'client>mag1 Notification']);
    expect(lines.slice(triggerAt).filter((l) => l.endsWith('PBU'))).toEqual([]);
    const notification = packets(t).filter((p) => p.from === 'client' && p.to === 'mag1' && kind(p) === 'Notification').at(-1)!;
    expect(notification.summary).toContain('status=MN identifier and pHoA do not match');
    expect(notification.summary).not.toContain('carrying PBA');
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toMatchObject([{ MN: nai(1), 'Proxy-CoA': magAddress(2) }]);
    expect(rows(lastState(t, 'mag1'), 'Mobile nodes')).toMatchObject([{ 'MN identifier': nai(1), pHoA: '2001:db8:100::101', state: expect.stringMatching(/^refused/) }]);
    expect(accountData(t).totals.lost).toBe(0);
  });

  it('with stateless pHoAs, MAG2 triggers the MN’s own client, not its default second client (Appendix B, Appendix D)', () => {
    const t = runScenario('netlmm-handover', { address: 'stateless' });
    const lines = signalling(t);
    inOrder(lines, ['mn1>mag1 NS(DAD)', 'mag1>client Trigger', 'client>client2 ConflictRequest', 'client2>client ConflictReply', 'client>lma PBU', ...FIG3]);
    expect(lines.some((l) => l.startsWith('mag2>client2'))).toBe(false);
    expect(accountData(t).totals.lost).toBe(0);
  });

  it('with the AAA, the client and the LMA fetch the MN’s key once, and the handoff PBU needs none', () => {
    const t = runScenario('netlmm-handover', { security: 'aaa' });
    const lines = signalling(t);
    expect(lines.filter((l) => l === 'client>aaa Access-Request')).toHaveLength(1);
    expect(lines.filter((l) => l === 'lma>aaa Access-Request')).toHaveLength(1);
    inOrder(lines, ['aaa>lma Access-Accept', ...FIG3]);
    for (const pbu of pbus(t)) expect(pbu.options!.at(-1)).toMatchObject({ type: 9, spi: 0x1001 });
    expect(rows(lastState(t, 'lma'), 'PBU checks')).toEqual([{ passed: 2, discarded: 0 }]);
  });
});
