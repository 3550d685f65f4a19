import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mn, mnEvent, mnMachine, type MnEvent } from '../../src/entities/mn';
import { MAX_RTR_SOLICITATIONS } from '../../src/protocols/nd-host';
import { encode, findField, hex } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { icmpv6Echo, routerAdvertisement } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { prefixInfo, sourceLinkLayer } from '../../src/wire/ndp';
import { harness, onTheWire } from '../support/entity';

const MAC = '02:00:00:00:00:01';
const LINK_LOCAL = 'fe80::ff:fe00:1';
const HOME = '2001:db8:100::ff:fe00:1';
const MAG1 = { ll: 'fe80::1', mac: '02:00:00:00:01:01' };
const MAG2 = { ll: 'fe80::2', mac: '02:00:00:00:02:01' };

const start = (o: { rsDelayMs?: number; seed?: number } = {}) =>
  harness(mnMachine, { name: 'MN', iface: 'eth0', mac: MAC, ...(o.rsDelayMs === undefined ? {} : { rsDelayMs: o.rsDelayMs }) }, o.seed);

/** An RA as a MAG sends it, through real bytes and back into the MN's event. */
function ra(from: { ll: string; mac: string }, o: { lifetime?: number; prefix?: string; autonomous?: boolean; hopLimit?: number; valid?: number } = {}): MnEvent {
  const adv = routerAdvertisement({
    routerLifetime: o.lifetime ?? 1800,
    options: [
      sourceLinkLayer(from.mac),
      ...(o.prefix === '' ? [] : [prefixInfo({ prefix: o.prefix ?? '2001:db8:100::', autonomous: o.autonomous ?? true, valid: o.valid ?? 0xffffffff, preferred: Math.min(o.valid ?? 0xffffffff, 0xffffffff) })]),
    ],
  });
  const bytes = encode(ethernet, ethernetFrame({ src: from.mac, dst: '33:33:00:00:00:01', payload: ipv6Packet({ src: from.ll, dst: 'ff02::1', hopLimit: o.hopLimit ?? 255, payload: adv }) }));
  const d = dissect(bytes).value!;
  return mnEvent({ packet: d.payload as never, frame: d })!;
}

describe('MN: an unmodified IPv6 host (seed 001 §7)', () => {
  it('forms its link-local address on attach and starts soliciting', () => {
    const h = start({ rsDelayMs: 0 });
    expect(h.state()).toBe('detached');
    h.actor.send({ type: 'l2.attach', iface: 'eth0' });
    expect(h.state()).toBe('soliciting');
    expect(h.of('address.add')).toMatchObject([{ iface: 'eth0', addr: `${LINK_LOCAL}/64` }]);
  });

  it('sends a Router Solicitation from its link-local address to ff02::2 with its SLLA, hop limit 255', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.advance(0);
    const [rs] = h.of('tx');
    expect(rs!.iface).toBe('eth0');
    // The frame's hex through `text2pcap rs.txt rs.pcap && tshark -r rs.pcap -V` (tshark 4.0.17):
    // "Src: fe80::ff:fe00:1, Dst: ff02::2", "Hop Limit: 255", "Router Solicitation (133)",
    // "Checksum: 0x7b2c [correct]", "Source link-layer address : 02:00:00:00:00:01".
    const { bytes, packet } = onTheWire(rs!, { srcMac: MAC, dstMac: '33:33:00:00:00:02' });
    expect(hex(bytes.subarray(14))).toBe(
      '6000000000103aff' + 'fe80000000000000000000fffe000001' + 'ff020000000000000000000000000002' + '85007b2c00000000' + '0101020000000001',
    );
    expect(packet).toMatchObject({ src: LINK_LOCAL, dst: 'ff02::2', hlim: 255, payload: { type: 133, options: [{ type: 1, linkaddr: MAC }] } });
    expect(findField(dissect(bytes).layers, 'icmpv6.checksum.status')?.value).toBe(1);
  });

  it(`retransmits every RTR_SOLICITATION_INTERVAL, at most MAX_RTR_SOLICITATIONS times, then concludes there is no router (RFC 4861 §6.3.7)`, () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.advance(20_000);
    expect(h.of('tx').map((t) => t.at)).toEqual([0, 4_000_000, 8_000_000]);
    expect(MAX_RTR_SOLICITATIONS).toBe(3);
    const last = h.of('note').at(-1)!;
    expect([last.at, last.section]).toEqual([9_000_000, 'RFC 4861 §6.3.7']);
    expect(h.engine.pending).toBe(0);
  });

  it('delays the first solicitation by a random 0–1 s from its own stream, the same for the same seed', () => {
    const first = (seed: number) => {
      const h = start({ seed });
      h.actor.send({ type: 'l2.attach' });
      h.advance(2000);
      return h.of('tx')[0]!.at;
    };
    const a = first(7);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThanOrEqual(1_000_000);
    expect(first(7)).toBe(a);
    expect(new Set([1, 2, 3, 4, 5].map(first)).size).toBeGreaterThan(1);
  });

  it('forms its home address by SLAAC from the advertised prefix, adds a default route and stops soliciting', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.advance(1000);
    h.actor.send(ra(MAG1));
    h.advance(20_000);
    expect(h.state()).toBe('configured');
    expect(h.of('tx')).toHaveLength(1);
    expect(h.of('address.add').map((a) => a.addr)).toEqual([`${LINK_LOCAL}/64`, `${HOME}/64`]);
    expect(h.of('route.add')).toMatchObject([{ owner: 'default-router', dst: '::/0', iface: 'eth0' }]);
    const t = mn.tables(h.actor.getSnapshot().context);
    expect(t['Default routers']).toEqual([{ router: MAG1.ll, mac: MAG1.mac, lifetime: 1800, expires: '1801.000 s', 'in use': true }]);
    expect(t.Addresses!.map((r) => r.address)).toEqual([`${LINK_LOCAL}/64`, `${HOME}/64`]);
  });

  it('still sends one solicitation when an advertisement came first, and is configured by the answer (RFC 4861 §6.3.7)', () => {
    const h = start({ rsDelayMs: 500 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1));
    expect(h.state()).toBe('soliciting');
    h.advance(500);
    expect(h.of('tx')).toHaveLength(1);
    h.actor.send(ra(MAG1));
    expect(h.state()).toBe('configured');
    h.advance(20_000);
    expect(h.of('tx')).toHaveLength(1);
  });

  it('keeps the same home address when another router advertises the same prefix (seed 001 §7.2)', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1));
    h.actor.send({ type: 'l2.detach' });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG2));
    expect(h.of('address.add').map((a) => a.addr)).toEqual([`${LINK_LOCAL}/64`, `${HOME}/64`]);
    expect(h.of('note').some((n) => n.section === 'seed 001 §7.2')).toBe(true);
    const routers = mn.tables(h.actor.getSnapshot().context)['Default routers']!;
    expect(routers.map((r) => [r.router, r['in use']])).toEqual([[MAG2.ll, true], [MAG1.ll, false]]);
  });

  it('drops the previous default router at once on an RA with Router Lifetime 0 from it (seed 001 §7.3)', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1));
    h.actor.send({ type: 'l2.detach' });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG2));
    h.actor.send(ra(MAG1, { lifetime: 0, prefix: '' }));
    const routers = mn.tables(h.actor.getSnapshot().context)['Default routers']!;
    expect(routers.map((r) => r.router)).toEqual([MAG2.ll]);
    // The MN still has a router, so its default route stays.
    expect(h.of('route.remove')).toEqual([]);
    expect(h.of('note').some((n) => n.section === 'seed 001 §7.3; RFC 4861 §6.3.4')).toBe(true);
  });

  it('times a router out when its lifetime ends and removes the default route with the last one (RFC 4861 §6.3.5)', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1, { lifetime: 10 }));
    h.actor.send(ra(MAG1, { lifetime: 30 }));
    h.advance(29_999);
    expect(h.of('route.remove')).toEqual([]);
    h.advance(1);
    expect(h.of('route.remove')).toMatchObject([{ owner: 'default-router', at: 30_000_000 }]);
    expect(mn.tables(h.actor.getSnapshot().context)['Default routers']).toEqual([]);
  });

  it('removes an address whose valid lifetime ends (RFC 4862 §5.5.4)', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1, { valid: 60 }));
    h.advance(60_000);
    expect(h.of('address.remove')).toMatchObject([{ addr: HOME, at: 60_000_000 }]);
  });

  it('ignores RAs that are not valid ND messages, and prefixes it may not autoconfigure', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1, { hopLimit: 64 }));
    expect(h.state()).toBe('soliciting');
    h.actor.send(ra(MAG1, { autonomous: false }));
    const base = ra(MAG1) as Extract<MnEvent, { type: 'rx.ra' }>;
    h.actor.send({ ...base, prefixes: [{ prefix: '2001:db8:200::', prefixLength: 56, onLink: true, autonomous: true, valid: 100, preferred: 100 }] });
    expect(h.of('address.add')).toHaveLength(1);
    expect(h.of('note').map((n) => n.section)).toEqual(['RFC 4861 §6.1.2', 'RFC 4861 §6.3.4', 'RFC 4862 §5.5.3', 'RFC 4862 §5.5.3']);
  });

  it('answers an echo request to its home address from that address, and counts it', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.actor.send(ra(MAG1));
    const data = Uint8Array.of(1, 2, 3, 4);
    const req = ipv6Packet({ src: '2001:db8:cccc::2', dst: HOME, payload: icmpv6Echo({ ident: 0x504d, seq: 9, data }) });
    const bytes = encode(ethernet, ethernetFrame({ src: MAG1.mac, dst: MAC, payload: req }));
    const d = dissect(bytes).value!;
    h.actor.send(mnEvent({ packet: d.payload as never, frame: d })!);
    const reply = h.of('tx').at(-1)!;
    expect(reply.iface).toBeUndefined();
    const { packet } = onTheWire(reply);
    expect(packet).toMatchObject({ src: HOME, dst: '2001:db8:cccc::2', payload: { type: 129, ident: 0x504d, seq: 9 } });
    expect((packet.payload as { data: Uint8Array }).data).toEqual(data);
    expect(mn.tables(h.actor.getSnapshot().context).Traffic).toEqual([{ 'echo requests answered': 1, 'datagrams received': 0 }]);
    // Not one of its addresses: no answer.
    h.actor.send({ type: 'rx.echoRequest', src: '2001:db8:cccc::2', dst: '2001:db8:100::99', ident: 1, seq: 1 });
    expect(h.of('tx')).toHaveLength(1);
  });

  it('keeps its addresses and routers when it loses the link, and solicits again when it attaches (RFC 4861 §6.3.7)', () => {
    const h = start({ rsDelayMs: 0 });
    h.actor.send({ type: 'l2.attach' });
    h.advance(0);
    h.actor.send(ra(MAG1));
    h.actor.send({ type: 'l2.detach' });
    expect(h.state()).toBe('detached');
    expect(mn.tables(h.actor.getSnapshot().context).Addresses).toHaveLength(2);
    h.actor.send({ type: 'l2.attach' });
    h.advance(0);
    expect(h.state()).toBe('soliciting');
    expect(h.of('tx')).toHaveLength(2);
    expect(h.of('address.add')).toHaveLength(2);
  });

  it('ignores packets that are not for an IPv6 host', () => {
    expect(mnEvent({ packet: { proto: 'ip', src: '10.0.0.1', dst: '10.0.0.2' }, frame: { proto: 'eth' } })).toBeUndefined();
  });
});

describe('MN invariants over random runs', () => {
  const step = fc.oneof(
    fc.constant({ type: 'l2.attach' } as const),
    fc.constant({ type: 'l2.detach' } as const),
    fc.record({ type: fc.constant('ra' as const), mag: fc.constantFrom(MAG1, MAG2), lifetime: fc.constantFrom(0, 10, 1800), valid: fc.constantFrom(30, 0xffffffff) }),
    fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 12_000 }) }),
  );

  it('never has duplicate addresses or routers, has a default route exactly when it has a router, and sends at most three RSs per attachment', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const h = start({ seed });
        let route = false;
        let rsSinceAttach = 0;
        let seen = 0;
        for (const s of steps) {
          if (s.type === 'l2.attach') rsSinceAttach = 0;
          if (s.type === 'wait') h.advance(s.ms);
          else if (s.type === 'ra') h.actor.send(ra(s.mag, { lifetime: s.lifetime, valid: s.valid }));
          else h.actor.send(s);
          for (const e of h.effects.slice(seen)) {
            if (e.type === 'route.add') route = true;
            if (e.type === 'route.remove') route = false;
            if (e.type === 'tx') rsSinceAttach++;
          }
          seen = h.effects.length;
          const c = h.context() as { addresses: { address: string }[]; routers: { router: string }[] };
          expect(new Set(c.addresses.map((a) => a.address)).size).toBe(c.addresses.length);
          expect(new Set(c.routers.map((r) => r.router)).size).toBe(c.routers.length);
          expect(route).toBe(c.routers.length > 0);
          expect(rsSinceAttach).toBeLessThanOrEqual(MAX_RTR_SOLICITATIONS);
        }
      }),
      { numRuns: process.env.CI ? 2000 : 200 },
    );
  });
});
