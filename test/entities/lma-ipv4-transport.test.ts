import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { lmaMachine, type LmaInput } from '../../src/entities/lma';
import { pbuOverIpv4 } from '../../src/entities/lma-ipv4-transport';
import { carrySignalling, readSignalling, timeOfDay } from '../../src/protocols/pmipv6';
import { engineClock } from '../../src/sim/clock';
import type { Effect } from '../../src/sim/effects';
import { Engine } from '../../src/sim/engine';
import type { LayerValue } from '../../src/wire/core';
import { findOption, ipv4CareOfAddressOption, proxyBindingUpdate, type MobilityHeader } from '../../src/wire/mh';

/*
 * The LMA machine fed PBUs that came over IPv4 (RFC 5844 §4.1.3; seed 002 §4.3.2), as the node
 * hands them up: the whole IPv4 packet, read by the entity's adapter.
 */

const LMAA = '2001:db8:ffff::1';
const LMA4 = '203.0.113.1';
const MN1 = 'mn1@pmip-lab.example';

function lma(over: Partial<LmaInput['ipv4Transport']> = {}) {
  const engine = new Engine();
  const env = { now: () => engine.now, random: () => 7 };
  const actor = createActor(lmaMachine, {
    clock: engineClock(engine, 'lma'),
    input: {
      env,
      lmaa: LMAA,
      authorizedMags: { '*': ['10.0.1.1', '2001:db8:1::1'] },
      profiles: { [MN1]: { addressing: 'per-mn-prefix', hnp: '2001:db8:100::/64' } },
      ipv4Transport: { address: LMA4, natRefreshSeconds: 20, ...over },
    },
  });
  const seen: Effect[] = [];
  actor.on('*', (e) => seen.push(e as Effect));
  actor.start();
  /** A PBU from 10.0.1.1 as it reaches the LMA from `src:sport`. */
  const send = (o: { src?: string; sport?: number; f?: boolean; t?: boolean; encoding?: 'rfc5844' | 'draft-02' } = {}): void => {
    const encoding = o.encoding ?? 'rfc5844';
    const m = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 60, nai: MN1, hnps: ['2001:db8:100::/64'], handoff: 1, att: 4, timestamp: timeOfDay(engine.now), flags: { f: o.f ?? false, t: o.t ?? false } });
    const pbu = { ...m, options: [...m.options!, ipv4CareOfAddressOption('10.0.1.1')] };
    const port = encoding === 'rfc5844' ? 5436 : 4191;
    const packet = carrySignalling(pbu, { encoding, src: o.src ?? '10.0.1.1', dst: LMA4, sport: o.sport ?? port, dport: port, tlv: false, inner6: { src: '2001:db8:1::1', dst: LMAA } });
    actor.send(pbuOverIpv4(packet)!);
  };
  const pba = (): { packet: LayerValue; mh: MobilityHeader } => {
    const tx = seen.find((e): e is Extract<Effect, { type: 'tx' }> => e.type === 'tx')!;
    return { packet: tx.packet, mh: readSignalling(tx.packet)!.mh };
  };
  return { actor, seen, send, pba };
}

describe('the LMA reached over IPv4', () => {
  it('answers a PBU from behind a NAT to the NAT’s address and port, with NAT Detection, and tunnels in UDP there', () => {
    const l = lma();
    l.send({ src: '198.51.100.1', sport: 40000 });
    const { packet, mh } = l.pba();
    expect(packet).toMatchObject({ src: LMA4, dst: '198.51.100.1', payload: { srcport: 5436, dstport: 40000 } });
    expect((mh.body as { status: number }).status).toBe(0);
    expect(findOption(mh, 31)).toMatchObject({ flags: { f: true }, refreshTime: 20 });
    expect(l.seen).toContainEqual({
      type: 'tunnel.add',
      tunnel: { id: 'to-10.0.1.1', local: LMA4, remote: '198.51.100.1', encap: 'udp', sport: 5437, dport: 40000, tlv: false },
    });
  });

  it('in the seed’s layout, knows the MAG by the inner IPv6 source and answers inside IPv6 on 4191', () => {
    const l = lma();
    l.send({ encoding: 'draft-02' });
    const { packet } = l.pba();
    const r = readSignalling(packet)!;
    expect(r.arrival).toMatchObject({ encoding: 'draft-02', src: LMA4, dst: '10.0.1.1', sport: 4191, dport: 4191, inner6: { src: LMAA, dst: '2001:db8:1::1' } });
    expect(l.seen).toContainEqual({ type: 'tunnel.add', tunnel: { id: 'to-2001:db8:1::1', local: LMA4, remote: '10.0.1.1', encap: 'ip' } });
  });

  it('refuses the F flag with 129 when AcceptForcedIPv4UDPEncapsulationRequest is 0 (RFC 5844 §4.1.3.1)', () => {
    const l = lma({ acceptForcedUdp: false });
    l.send({ f: true });
    const { mh } = l.pba();
    expect((mh.body as { status: number }).status).toBe(129);
    expect(findOption(mh, 31)).toBeUndefined();
    expect(l.seen.some((e) => e.type === 'tunnel.add')).toBe(false);
  });

  it('does not agree to the TLV header it does not support, and says so by leaving T clear', () => {
    const l = lma({ tlvHeader: false });
    l.send({ t: true });
    const { mh } = l.pba();
    expect((mh.body as { flags: { t?: boolean } }).flags.t).toBeFalsy();
    expect(l.seen).toContainEqual({ type: 'tunnel.add', tunnel: { id: 'to-10.0.1.1', local: LMA4, remote: '10.0.1.1', encap: 'ip' } });
  });

  it('ignores a PBU for an IPv4 address that is not its own', () => {
    const l = lma();
    const m = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 60, nai: MN1, hnps: ['::/0'], handoff: 1, att: 4 });
    l.actor.send(pbuOverIpv4(carrySignalling(m, { encoding: 'rfc5844', src: '10.0.1.1', dst: '203.0.113.99', sport: 5436, dport: 5436, tlv: false, inner6: { src: '::', dst: '::' } }))!);
    expect(l.seen.filter((e) => e.type !== 'note')).toEqual([]);
  });
});
