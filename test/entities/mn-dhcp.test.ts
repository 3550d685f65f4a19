import { describe, expect, it } from 'vitest';
import { mn, mnEvent, mnMachine, type MnEvent } from '../../src/entities/mn';
import { encode, type LayerValue } from '../../src/wire/core';
import { dhcpMessage, dhcpOption, dhcpType, type DhcpTypeName } from '../../src/wire/dhcpv4-build';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';
import { harness, onTheWire } from '../support/entity';

const MAC = '02:00:00:00:00:01';
const MAG1 = { ip: '10.1.0.1', mac: '02:00:00:00:01:01' };
const MAG2 = { ip: '10.2.0.1', mac: '02:00:00:00:02:01' };
const ADDR = '10.1.0.20';

const start = (dhcp4 = true) => harness(mnMachine, { name: 'MN', iface: 'eth0', mac: MAC, rsDelayMs: 0, dhcp4 });

/** The DHCP messages the MN sent, as a server reads them from the bytes. */
function dhcpSent(h: ReturnType<typeof start>) {
  return h.of('tx').flatMap((t) => {
    const { packet } = onTheWire(t, { srcMac: MAC, ...(t.dstMac ? { dstMac: t.dstMac } : {}) });
    if (packet.proto !== 'ip') return [];
    const m = (packet.payload as LayerValue).payload as LayerValue & Parameters<typeof dhcpType>[0];
    return [{ at: t.at, dstMac: t.dstMac, iface: t.iface, ip: packet, m, type: dhcpType(m) }];
  });
}

/** A server's reply, through real bytes into the MN's event. */
function reply(type: DhcpTypeName, xid: number, o: { from?: typeof MAG1; lease?: number } = {}): MnEvent {
  const from = o.from ?? MAG1;
  const m = dhcpMessage({ type, xid, chaddr: MAC, ...(type === 'nak' ? {} : { yiaddr: ADDR, leaseTime: o.lease ?? 1000, subnetMask: '255.255.255.0', router: from.ip }), serverId: from.ip });
  const ip = ipv4Packet({ src: from.ip, dst: '255.255.255.255', payload: { proto: 'udp', srcport: 67, dstport: 68, payload: m } });
  const d = dissect(encode(ethernet, ethernetFrame({ src: from.mac, dst: 'ff:ff:ff:ff:ff:ff', payload: ip }))).value!;
  return mnEvent({ packet: d.payload as LayerValue, frame: d })!;
}

const xidOf = (h: ReturnType<typeof start>): number => (h.context().dhcp as { xid: number }).xid;

function bound() {
  const h = start();
  h.actor.send({ type: 'l2.attach' });
  h.actor.send(reply('offer', xidOf(h)));
  h.actor.send(reply('ack', xidOf(h)));
  return h;
}

describe('MN as a DHCPv4 client (RFC 2131)', () => {
  it('does nothing for DHCP without dhcp4: the PMIPv6 scenarios are unchanged', () => {
    const h = start(false);
    h.actor.send({ type: 'l2.attach' });
    h.advance(0);
    expect(dhcpSent(h)).toEqual([]);
    expect(mn.tables(h.actor.getSnapshot().context)['DHCP lease']).toBeUndefined();
  });

  it('DORA: broadcast DISCOVER on attach, REQUEST for the offer, and on ACK the address, the default route and the lease', () => {
    const h = start();
    h.actor.send({ type: 'l2.attach' });
    const [d] = dhcpSent(h);
    expect(d).toMatchObject({ iface: 'eth0', dstMac: 'ff:ff:ff:ff:ff:ff', type: 1, ip: { src: '0.0.0.0', dst: '255.255.255.255', payload: { srcport: 68, dstport: 67 } } });
    expect(d!.m).toMatchObject({ chaddr: MAC, flags: { broadcast: true } });
    h.actor.send(reply('offer', xidOf(h)));
    const r = dhcpSent(h)[1]!;
    expect([r.type, r.dstMac, r.m.xid, dhcpOption(r.m, 50), dhcpOption(r.m, 54)]).toEqual([3, 'ff:ff:ff:ff:ff:ff', d!.m.xid, ADDR, MAG1.ip]);
    h.actor.send(reply('ack', xidOf(h)));
    expect(h.of('address.add').map((a) => a.addr)).toContain(`${ADDR}/24`);
    expect(h.of('route.add')).toContainEqual(expect.objectContaining({ owner: 'dhcp-default-router', dst: '0.0.0.0/0', iface: 'eth0' }));
    expect(mn.tables(h.actor.getSnapshot().context)['DHCP lease']).toEqual([
      { address: `${ADDR}/24`, server: MAG1.ip, state: 'BOUND', T1: '500.000 s', T2: '875.000 s', expires: '1000.000 s' },
    ]);
    // IPv6 goes on as before beside it.
    h.advance(0);
    expect(h.of('tx').some((t) => t.packet.proto === 'ipv6')).toBe(true);
  });

  it('renews by unicast to the server at T1, and an ACK keeps the address', () => {
    const h = bound();
    h.advance(500_000);
    const renew = dhcpSent(h).at(-1)!;
    expect(renew).toMatchObject({ at: 500_000_000, type: 3, ip: { src: ADDR, dst: MAG1.ip }, m: { ciaddr: ADDR, flags: { broadcast: false } } });
    expect(renew.dstMac).toBeUndefined();
    h.actor.send(reply('ack', xidOf(h)));
    // Past the old lease's end (1000 s), before the new T1 (1000 s from the renewal at 500 s).
    h.advance(499_000);
    expect(h.of('address.remove')).toEqual([]);
    expect(h.of('address.add').filter((a) => a.addr === `${ADDR}/24`)).toHaveLength(1);
    expect(mn.tables(h.actor.getSnapshot().context)['DHCP lease']![0]).toMatchObject({ state: 'BOUND', expires: '1500.000 s' });
  });

  it('after a move the unicast renewal goes unanswered, and at T2 it rebinds by broadcast (seed 002 §3.2.2)', () => {
    const h = bound();
    h.actor.send({ type: 'l2.detach' });
    h.actor.send({ type: 'l2.attach' });
    // The lease is kept: an unmodified host does not know it moved.
    expect(dhcpSent(h).filter((s) => s.type === 1)).toHaveLength(1);
    h.advance(875_000);
    const sent = dhcpSent(h).filter((s) => s.at >= 500_000_000);
    expect(sent.map((s) => [s.at / 1e6, s.ip.dst, s.dstMac ?? 'unicast'])).toEqual([
      [500, MAG1.ip, 'unicast'],
      // §4.4.5: half the time left to T2, at least 60 s, while that is before T2.
      [687.5, MAG1.ip, 'unicast'],
      [781.25, MAG1.ip, 'unicast'],
      [841.25, MAG1.ip, 'unicast'],
      [875, '255.255.255.255', 'ff:ff:ff:ff:ff:ff'],
    ]);
    expect(mn.tables(h.actor.getSnapshot().context)['DHCP lease']![0]!.state).toBe('REBINDING');
    // The new MAG answers the broadcast.
    h.actor.send(reply('ack', xidOf(h), { from: MAG2 }));
    expect(mn.tables(h.actor.getSnapshot().context)['DHCP lease']![0]).toMatchObject({ state: 'BOUND', server: MAG2.ip });
  });

  it('drops the address and the route when the lease ends, and starts again with a DISCOVER', () => {
    const h = bound();
    h.advance(1_000_000);
    expect(h.of('address.remove')).toMatchObject([{ addr: ADDR, at: 1_000_000_000 }]);
    expect(h.of('route.remove')).toMatchObject([{ owner: 'dhcp-default-router' }]);
    const last = dhcpSent(h).at(-1)!;
    expect([last.at, last.type]).toEqual([1_000_000_000, 1]);
    expect(mn.tables(h.actor.getSnapshot().context)['DHCP lease']).toEqual([]);
  });

  it('returns to INIT on a NAK and sends a new DISCOVER with a new xid', () => {
    const h = start();
    h.actor.send({ type: 'l2.attach' });
    const first = xidOf(h);
    h.actor.send(reply('offer', first));
    h.actor.send(reply('nak', first));
    const last = dhcpSent(h).at(-1)!;
    expect(last.type).toBe(1);
    expect(last.m.xid).not.toBe(first);
    expect(h.of('address.add').some((a) => a.addr.startsWith('10.'))).toBe(false);
  });

  it('maps only DHCP replies to port 68 to events', () => {
    expect(reply('offer', 7)).toMatchObject({ type: 'rx.dhcp', message: 'offer', xid: 7, yiaddr: ADDR, server: MAG1.ip });
    const ip = ipv4Packet({ src: '10.1.0.9', dst: '10.1.0.1', payload: { proto: 'udp', srcport: 68, dstport: 67, payload: dhcpMessage({ type: 'request', xid: 1, chaddr: MAC }) } });
    expect(mnEvent({ packet: ip, frame: { proto: 'eth' } })).toBeUndefined();
  });
});
