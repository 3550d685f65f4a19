import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { accountData } from '../../../src/sim/data-accounting';
import { CN_ADDRESS, GMA_ADDRESS, homeAddress, LMAA, magAddress, nai, clientAddress } from '../../../src/scenarios/netlmm/addressing';
import { ParamError } from '../../../src/scenarios/params';
import { layersOf } from '../../../src/scenarios/netlmm/kinds';
import { findOption, type MobilityHeader } from '../../../src/wire/mh';
import { frameOf, inOrder, kind, depth, lastState, line, packets, rows, signalling } from './support';

/*
 * netlmm-attach against seed 003 Fig. 2: L2 attach, RA and pHoA acquisition (2), Trigger (3), PBU
 * (4), PBAck (5), Notification (6), the MN's BU and BAck at the GMA (7), then the CN's data through
 * the GMA's tunnel inside the LMA's.
 */

const FIG2 = [
  'mag1>mn1 RA',
  'mn1>mag1 Solicit',
  'mag1>dhcp Relay-forw',
  'dhcp>mag1 Relay-reply',
  'mag1>mn1 Reply',
  'mag1>client Trigger',
  'client>lma PBU',
  'lma>client PBA',
  'client>mag1 Notification',
  'mn1>mag1 BU',
  'lma>gma BU',
  'gma>lma BAck',
  'mag1>mn1 BAck',
];

const mhOf = (p: Parameters<typeof frameOf>[0]): MobilityHeader => layersOf(frameOf(p)).find((l) => l.proto === 'mipv6') as unknown as MobilityHeader;
const netlmmOf = (p: Parameters<typeof frameOf>[0]) => layersOf(frameOf(p)).find((l) => l.proto === 'netlmm')!;

describe('netlmm-attach (seed 003 Fig. 2)', () => {
  const t = runScenario('netlmm-attach');
  const ps = packets(t);

  it('runs the steps of Fig. 2 in order, the SCTP association set up before the Trigger', () => {
    inOrder(signalling(t), FIG2);
    const all = ps.map(line);
    expect(all.indexOf('mag1>client SCTP INIT')).toBeLessThan(all.indexOf('mag1>client Trigger'));
    expect(all.indexOf('client>mag1 SCTP COOKIE_ACK')).toBeLessThan(all.indexOf('mag1>client Trigger'));
    expect(all).toContain('client>mag1 SCTP SACK');
  });

  it('has the client send a PBU from its own address with MAG1 as Alternate Care-of Address, and no Timestamp', () => {
    const pbu = ps.find((p) => kind(p) === 'PBU')!;
    const ip = layersOf(frameOf(pbu)).find((l) => l.proto === 'ipv6')!;
    expect([ip.src, ip.dst]).toEqual([clientAddress(1), LMAA]);
    const mh = mhOf(pbu);
    expect(findOption(mh, 3)?.address).toBe(magAddress(1));
    expect(findOption(mh, 8)?.identifier).toBe(nai(1));
    expect(findOption(mh, 22)).toMatchObject({ prefix: '2001:db8:100::100', prefixLength: 128 });
    expect(findOption(mh, 23)?.hi).toBe(1);
    expect(findOption(mh, 27)).toBeUndefined();
    expect((mh.body as { flags: { a: boolean; p: boolean } }).flags).toMatchObject({ a: true, p: true });
  });

  it('answers the Trigger with a Notification of the same Transaction Number, carrying the PBA for that PBU', () => {
    const trig = netlmmOf(ps.find((p) => kind(p) === 'Trigger')!);
    const note = netlmmOf(ps.find((p) => kind(p) === 'Notification')!);
    expect(note.transaction).toBe(trig.transaction);
    const container = (note.options as { type: number; pba?: MobilityHeader }[]).find((o) => o.type === 3)!.pba!;
    expect(container.mhType).toBe(6);
    expect((container.body as { status: number; seq: number }).status).toBe(0);
    expect((container.body as { seq: number }).seq).toBe((mhOf(ps.find((p) => kind(p) === 'PBU')!).body as { seq: number }).seq);
  });

  it('carries the data through two nested tunnels: GMA → pHoA inside LMA → MAG1', () => {
    const down = ps.find((p) => p.from === 'lma' && p.to === 'mag1' && kind(p).startsWith('echo-request'))!;
    const ips = layersOf(frameOf(down)).filter((l) => l.proto === 'ipv6');
    expect(ips.map((l) => [l.src, l.dst])).toEqual([
      [LMAA, magAddress(1)],
      [GMA_ADDRESS, '2001:db8:100::100'],
      [CN_ADDRESS, homeAddress(1)],
    ]);
    expect(depth(ps.find((p) => p.from === 'gma' && p.to === 'lma' && kind(p).startsWith('echo-request'))!)).toBe(1);
    expect(depth(ps.find((p) => p.from === 'mag1' && p.to === 'mn1' && kind(p).startsWith('echo-request'))!)).toBe(1);
    expect(depth(ps.find((p) => p.from === 'mag1' && p.to === 'lma' && kind(p).startsWith('echo-reply'))!)).toBe(2);
    const acc = accountData(t);
    expect(acc.totals.sent).toBeGreaterThan(0);
    expect(acc.totals.lost).toBe(0);
  });

  it('leaves the LMA binding the pHoA to MAG1, the client caching it, and the GMA binding the HoA to the pHoA', () => {
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toMatchObject([{ MN: nai(1), HNP: '2001:db8:100::100/128', 'Proxy-CoA': magAddress(1) }]);
    expect(rows(lastState(t, 'client'), 'PMIP client cache')).toMatchObject([{ 'MN identifier': nai(1), pHoA: '2001:db8:100::100', pCoA: magAddress(1), state: 'registered' }]);
    expect(rows(lastState(t, 'gma'), 'Binding cache')).toMatchObject([{ HoA: homeAddress(1), 'care-of address': '2001:db8:100::100' }]);
  });

  it('explains every packet with a step and a section of the draft or an RFC', () => {
    for (const p of ps) expect(p.step, line(p)).toBeTruthy();
    expect(ps.find((p) => kind(p) === 'Trigger')!.section).toMatch(/draft-singh-netlmm-protocol-02 §4\.1 step 3/);
  });

  it('gives the same bytes for the same seed', () => {
    expect(packets(runScenario('netlmm-attach')).map((p) => p.bytes)).toEqual(ps.map((p) => p.bytes));
  });
});

describe('netlmm-attach variants', () => {
  it('without Mobile IPv6: no BU, and the CN reaches the pHoA through the LMA’s tunnel alone', () => {
    const t = runScenario('netlmm-attach', { mip6: false });
    expect(signalling(t).some((l) => l.endsWith(' BU'))).toBe(false);
    const down = packets(t).find((p) => p.from === 'lma' && kind(p).startsWith('echo-request'))!;
    expect(depth(down)).toBe(1);
    expect(accountData(t).totals.lost).toBe(0);
  });

  it('stateless with a duplicate (Appendix B): the clients find the conflict and MAG1 defends the address', () => {
    const t = runScenario('netlmm-attach', { address: 'stateless', duplicate: true });
    const lines = signalling(t);
    inOrder(lines, [
      'mn2>mag2 NS(DAD)',
      'mag2>client2 Trigger',
      'client2>client ConflictRequest',
      'client>client2 ConflictReply',
      'client2>lma PBU',
      'mn1>mag1 NS(DAD)',
      'mag1>client Trigger',
      'client>client2 ConflictRequest',
      'client2>client ConflictReply',
      'client>mag1 Notification',
      'mag1>mn1 NA',
    ]);
    expect(lines.filter((l) => l.startsWith('client>lma PBU'))).toEqual([]);
    const replies = packets(t).filter((p) => kind(p) === 'ConflictReply').map((p) => p.summary);
    expect(replies[0]).toMatch(/status=Success/);
    expect(replies[1]).toMatch(/status=Address conflict detected/);
    expect(lastState(t, 'mn1').state).toBe('duplicate');
    expect(rows(lastState(t, 'lma'), 'Binding cache').map((r) => r.MN)).toEqual([nai(2)]);
    expect(accountData(t).totals.lost).toBe(0);
  });

  it('refuses a duplicate with DHCP: only a pHoA the MN configures itself can collide', () => {
    expect(() => runScenario('netlmm-attach', { duplicate: true })).toThrow(ParamError);
  });

  it('with the AAA (Appendix C): the client fetches the MN’s key before its PBU, the LMA fetches it to check the PBU', () => {
    const t = runScenario('netlmm-attach', { security: 'aaa' });
    inOrder(signalling(t), [
      'mag1>client Trigger',
      'client>aaa Access-Request',
      'aaa>client Access-Accept',
      'client>lma PBU',
      'lma>aaa Access-Request',
      'aaa>lma Access-Accept',
      'lma>client PBA',
      'client>mag1 Notification',
    ]);
    const pbu = mhOf(packets(t).find((p) => kind(p) === 'PBU')!);
    // RFC 4285 §5: the authentication option is the last of the message.
    expect(pbu.options!.at(-1)).toMatchObject({ type: 9, subtype: 1, spi: 0x1001 });
    expect(rows(lastState(t, 'lma'), 'PBU checks')).toEqual([{ passed: 1, discarded: 0 }]);
  });
});
