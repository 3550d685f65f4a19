import { describe, expect, it } from 'vitest';
import type { LayerValue } from '../../../src/wire/core';
import { R4_PORT, R4_TYPE } from '../../../src/wire/r4';
import { accountData } from '../../../src/sim/data-accounting';
import { runScenario } from '../../../src/scenarios/run';
import { careOf, GATEWAY_MAC, HA_ADDRESS, HOME_GATEWAY, HOME_MASK, HOME_PREFIX_LENGTH, mnHa, mnMac, nai } from '../../../src/scenarios/pmipv4/addressing';
import { HANDOVER_AT_US } from '../../../src/scenarios/pmipv4/wimax';
import { ASN_GW_ADDRESS } from '../../../src/scenarios/pmipv4/wimax-topology';
import { authenticators, find, frameOf, lastState, line, mipOf, packets, rows, sameBytes, stateAt } from './support';
import { encode } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../../src/wire/ethernet';
import { ipv4Packet } from '../../../src/wire/ipv4';
import { r4Of, r4Packet } from '../../../src/protocols/pmipv4/r4';
import { proxyReply, proxyRequest } from '../../../src/protocols/pmipv4/registration';
import { keyHints } from '../../../src/protocols/pmipv4/security';
import { attach, onR4, onReply, Step, type Of } from '../../../src/entities/wimax/fa-steps';
import type { FaContext } from '../../../src/entities/wimax/fa-types';

const controlAfter = (t: ReturnType<typeof runScenario>, from: number, to = Infinity): string[] =>
  packets(t).filter((p) => p.plane === 'control' && p.time >= from && p.time < to).map(line);
const layerOf = (p: Parameters<typeof frameOf>[0], proto: string): LayerValue | undefined => {
  for (let l = frameOf(p); l; l = l.payload as LayerValue | undefined) if (l.proto === proto) return l;
  return undefined;
};
const signalling = /R4|PRR|Access/;

describe('pmipv4-wimax (RFC 5563 §10, Figs. 5 and 6)', () => {
  it('registers at network entry through the FA: trigger, PRRQ in R4, PRRQ to the HA, PRRP back and in R4 to the client', () => {
    const t = runScenario('pmipv4-wimax');
    expect(controlAfter(t, 0, HANDOVER_AT_US).filter((l) => signalling.test(l))).toEqual([
      'asngw>aaa Access-Request',
      'dpf1>asngw R4 Trigger',
      'aaa>asngw Access-Accept',
      'asngw>dpf1 R4 PRRQ',
      'dpf1>ha PRRQ',
      'ha>dpf1 PRRP',
      'dpf1>asngw R4 PRRP',
    ]);
  });

  it('follows Fig. 6 in order: FA ↔ FA, trigger, PRRQ through the new FA, PRRP back the same way, old FA cleans up', () => {
    const t = runScenario('pmipv4-wimax');
    expect(controlAfter(t, HANDOVER_AT_US).filter((l) => signalling.test(l))).toEqual([
      'dpf2>dpf1 R4 HO-Request',
      'dpf1>dpf2 R4 HO-Response',
      'dpf2>asngw R4 Trigger',
      'asngw>dpf2 R4 PRRQ',
      'dpf2>ha PRRQ',
      'ha>dpf2 PRRP',
      'dpf2>asngw R4 PRRP',
      'dpf2>dpf1 R4 HO-Confirm',
      'dpf1>dpf2 R4 HO-Confirm-Ack',
    ]);
    const r4 = layerOf(find(t, 'dpf1>dpf2 R4 HO-Response')[0]!, 'r4')!;
    expect(r4).toMatchObject({ flags: { forwarding: true, accepted: true }, dataPath: careOf(1), homeAgent: HA_ADDRESS, authenticator: ASN_GW_ADDRESS, nai: nai(1) });
    expect(layerOf(find(t, 'dpf1>dpf2 R4 HO-Response')[0]!, 'udp')).toMatchObject({ srcport: R4_PORT, dstport: R4_PORT });
  });

  it('passes the client’s PRRQ through the new FA unchanged, with a good MN-HA authenticator both ways', () => {
    const t = runScenario('pmipv4-wimax');
    const inR4 = find(t, 'asngw>dpf2 R4 PRRQ')[0]!;
    const toHa = find(t, 'dpf2>ha PRRQ')[0]!;
    expect(mipOf(toHa)).toMatchObject({ careOf: careOf(2), homeAgent: HA_ADDRESS, homeAddress: mipOf(find(t, 'ha>dpf1 PRRP')[0]!).homeAddress });
    const [a] = authenticators(toHa);
    const [b] = authenticators(inR4);
    expect(a!.type).toBe(32);
    expect(sameBytes(a!.value, b!.value)).toBe(true);
    expect(sameBytes(a!.recompute(mnHa(1).key), a!.value)).toBe(true);
    for (const p of [find(t, 'ha>dpf2 PRRP')[0]!, find(t, 'dpf2>asngw R4 PRRP')[0]!]) {
      const [r] = authenticators(p);
      expect(sameBytes(r!.recompute(mnHa(1).key), r!.value)).toBe(true);
    }
  });

  it('forwards data over R4 from the old FA during the handover: counted as forwarded, and the old FA cleans up after the confirm', () => {
    const t = runScenario('pmipv4-wimax');
    const overR4 = packets(t).filter((p) => p.plane === 'data' && p.from === 'dpf1' && p.to === 'dpf2');
    expect(overR4.length).toBeGreaterThan(0);
    expect(overR4.every((p) => p.fate === 'delivered')).toBe(true);
    const acc = accountData(t);
    expect(acc.totals.forwarded).toBeGreaterThan(0);
    expect(acc.datagrams.filter((d) => d.outcome === 'forwarded').every((d) => d.forwardedFrom === 'dpf1' && d.via === 'dpf2')).toBe(true);
    const ack = find(t, 'dpf1>dpf2 R4 HO-Confirm-Ack')[0]!;
    expect(rows(stateAt(t, 'dpf1', ack.time), 'Visitor list')).toEqual([]);
    expect(rows(lastState(t, 'dpf2'), 'Visitor list')).toEqual([expect.objectContaining({ MN: nai(1), state: 'registered', 'R4 bearer': null })]);
    expect(rows(lastState(t, 'ha'), 'Mobility bindings')).toEqual([expect.objectContaining({ MN: nai(1), 'care-of address': careOf(2) })]);
    expect(rows(lastState(t, 'asngw'), 'PMIPv4 client sessions')).toEqual([expect.objectContaining({ state: 'registered', 'serving FA (care-of address)': careOf(2) })]);
  });

  it('without R4 forwarding the old FA drops what the HA still tunnels to it, and nothing crosses R4 but signalling', () => {
    const on = accountData(runScenario('pmipv4-wimax'));
    const t = runScenario('pmipv4-wimax', { forwarding: 'false' });
    expect(layerOf(find(t, 'dpf1>dpf2 R4 HO-Response')[0]!, 'r4')).toMatchObject({ flags: { forwarding: false, accepted: true } });
    expect(packets(t).filter((p) => p.plane === 'data' && (p.from === 'dpf1' || p.from === 'dpf2') && (p.to === 'dpf1' || p.to === 'dpf2'))).toEqual([]);
    const off = accountData(t);
    expect(off.totals.forwarded).toBe(0);
    const lostDown = off.datagrams.filter((d) => d.outcome === 'lost' && d.direction === 'down');
    expect(lostDown.length).toBeGreaterThan(0);
    expect(lostDown.every((d) => d.lost?.link === 'dpf1-ha' || d.lost?.entity === 'dpf1' || /dpf1/.test(d.lost?.reason ?? ''))).toBe(true);
    expect(on.datagrams.filter((d) => d.outcome === 'lost' && d.direction === 'down')).toEqual([]);
  });

  // Regression: the new FA sent the MN's uplink over R4 until the handover was confirmed, so the old
  // FA reverse-tunnelled it after the HA had moved the binding (Fig. 6 step 6) and the HA dropped it.
  it('with forwarding loses no datagram either way: once the new FA has sent the PRRQ it reverse-tunnels the uplink itself', () => {
    for (const delay of [1, 30, 100]) {
      const t = runScenario('pmipv4-wimax', { delay });
      const acc = accountData(t);
      expect(acc.totals.lost, `delay ${delay} ms`).toBe(0);
      expect(acc.totals.forwarded, `delay ${delay} ms`).toBeGreaterThan(0);
      const prrq = find(t, 'dpf2>ha PRRQ')[0]!;
      const upAfter = packets(t).filter((p) => p.plane === 'data' && p.time > prrq.time && p.from === 'dpf2' && (p.to === 'dpf1' || p.to === 'ha') && /reply/.test(line(p)));
      expect(upAfter.length).toBeGreaterThan(0);
      expect(upAfter.every((p) => p.to === 'ha' && p.fate === 'delivered')).toBe(true);
    }
  });

  it('without forwarding the only losses are downlink datagrams at the old FA', () => {
    const acc = accountData(runScenario('pmipv4-wimax', { forwarding: 'false' }));
    const lost = acc.datagrams.filter((d) => d.outcome === 'lost');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((d) => d.direction === 'down' && /dpf1/.test(`${d.lost?.entity ?? ''} ${d.lost?.reason ?? ''}`))).toBe(true);
  });

  it('puts the uplink back on the R4 bearer when the HA refuses the handover PRRQ, so the old FA’s binding keeps carrying it', () => {
    /** What a receiver decodes: the packet through an Ethernet frame's bytes and back. */
    const received = (packet: LayerValue): LayerValue =>
      dissect(encode(ethernet, ethernetFrame({ src: mnMac(1), dst: GATEWAY_MAC, payload: packet }) as Parameters<typeof ethernet.encode>[1], { hints: keyHints(mnHa(1)) })).value!.payload as LayerValue;
    const rx = (packet: LayerValue): Of<'rx.r4'> => ({ type: 'rx.r4', ...r4Of(received(packet))! });
    const home = { gateway: HOME_GATEWAY, gatewayMac: GATEWAY_MAC, mask: HOME_MASK, prefixLength: HOME_PREFIX_LENGTH, leaseSecs: 60 };
    let c: FaContext = { env: { now: () => 0, random: () => 0 }, config: { name: 'DPF2/FA', careOf: careOf(2), authenticator: ASN_GW_ADDRESS, home, forwarding: true }, visitors: {}, haTunnels: {}, nextTransaction: 0 };
    const step = (run: (s: Step) => void): Step => {
      const s = new Step(c);
      run(s);
      c = { ...c, visitors: s.visitors, haTunnels: s.haTunnels, nextTransaction: s.nextTransaction };
      return s;
    };
    const hoa = '192.0.2.101';
    const uplink = (s: Step) => s.effects.filter((e) => (e.type === 'route.add' || e.type === 'route.remove') && e.owner === `visitor:${nai(1)}`);
    step((s) => attach(s, { type: 'l2.attach', mn: 'mn1', nai: nai(1), mac: mnMac(1), iface: 'radio', previous: careOf(1) }));
    const response = r4Packet(careOf(1), careOf(2), { type: R4_TYPE.HandoverResponse, accepted: true, forwarding: true, transaction: 1, dataPath: careOf(1), homeAddress: hoa, homeAgent: HA_ADDRESS, authenticator: ASN_GW_ADDRESS, nai: nai(1) });
    step((s) => onR4(s, rx(response)));
    const identification = 0xe9000000_00000001n;
    const prrq = proxyRequest({ lifetime: 60, homeAddress: hoa, homeAgent: HA_ADDRESS, careOf: careOf(2), identification, nai: nai(1), mode: 'mn-ha', mnHa: mnHa(1) });
    const relayed = step((s) => onR4(s, rx(r4Packet(ASN_GW_ADDRESS, careOf(2), { type: R4_TYPE.RequestRelay, handover: true, transaction: 2, dataPath: careOf(2), nai: nai(1) }, prrq))));
    expect(uplink(relayed).filter((e) => e.type === 'route.add')).toEqual([expect.objectContaining({ tunnel: `ipip-${HA_ADDRESS}` })]);
    const denial = proxyReply({ code: 129, lifetime: 0, homeAddress: hoa, homeAgent: HA_ADDRESS, identification, nai: nai(1), perNode: false, mnHa: mnHa(1) });
    const udp = (received(ipv4Packet({ src: HA_ADDRESS, dst: careOf(2), payload: { proto: 'udp', srcport: 434, dstport: 434, payload: denial } })).payload as LayerValue).payload as LayerValue;
    const refused = step((s) => onReply(s, { type: 'rx.reply', src: HA_ADDRESS, message: udp }));
    expect(uplink(refused).filter((e) => e.type === 'route.add')).toEqual([expect.objectContaining({ tunnel: `r4-${careOf(1)}` })]);
    expect(refused.effects).toContainEqual({ type: 'tunnel.remove', id: `ipip-${HA_ADDRESS}` });
    expect(c.visitors[nai(1)]).toMatchObject({ installed: false, bearer: `r4-${careOf(1)}` });
  });
});
