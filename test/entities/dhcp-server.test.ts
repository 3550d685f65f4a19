import { describe, expect, it } from 'vitest';
import { dhcpServer, dhcpServerContext, dhcpServerMachine } from '../../src/entities/dhcp-server';
import { dhcpMessage, dhcpType } from '../../src/wire/dhcpv4-build';
import { ipv4Packet } from '../../src/wire/ipv4';
import type { DhcpMessage } from '../../src/wire/dhcpv4';
import type { LayerValue } from '../../src/wire/core';
import { harness, onTheWire } from '../support/entity';

/* The DHCP server and relay entity of seed 002 Appendix A, on its own: leases with timers, relaying. */

const MAC = '02:00:00:00:00:11';
const GIADDR = '203.0.113.1';
const SERVER = { name: 'DHCP server', role: 'server', address: '203.0.113.200', server: { params: { mask: '255.255.255.0', router: '192.0.2.1', leaseSecs: 10 }, pool: ['192.0.2.10'] } };

/** A client message as the relay passes it on, decoded into the entity's event. */
function relayed(o: Parameters<typeof dhcpMessage>[0], dst = '203.0.113.200') {
  const packet = ipv4Packet({ src: GIADDR, dst, payload: { proto: 'udp', srcport: 67, dstport: 67, payload: dhcpMessage({ giaddr: GIADDR, hops: 1, ...o }) } });
  return dhcpServer.toEvent({ packet: onTheWire({ type: 'tx', packet }).packet, frame: {} as LayerValue, iface: 'eth0' })!;
}
const dhcpIn = (p: LayerValue): DhcpMessage => (p.payload as LayerValue).payload as unknown as DhcpMessage;

describe('the DHCP server entity', () => {
  it('answers a relayed DISCOVER and REQUEST at giaddr, keeps the lease in its table and frees it when it ends', () => {
    const h = harness(dhcpServerMachine, SERVER);
    h.actor.send(relayed({ type: 'discover', xid: 1, chaddr: MAC, broadcast: true }));
    h.actor.send(relayed({ type: 'request', xid: 1, chaddr: MAC, broadcast: true, serverId: SERVER.address, requestedIp: '192.0.2.10' }));
    const sent = h.of('tx').map((e) => onTheWire(e).packet);
    expect(sent.map((p) => [p.dst, (p.payload as LayerValue).dstport, dhcpType(dhcpIn(p))])).toEqual([
      [GIADDR, 67, 2],
      [GIADDR, 67, 5],
    ]);
    expect(dhcpServer.tables(h.context())['DHCP leases']).toEqual([{ client: MAC, address: '192.0.2.10', state: 'bound', 'expires (s)': 10 }]);
    h.advance(10_000);
    expect(dhcpServer.tables(h.context())['DHCP leases']).toEqual([]);
    expect(h.of('note').at(-1)?.text).toMatch(/lease on 192\.0\.2\.10 ends/);
  });

  it('ignores a request addressed to another server', () => {
    const h = harness(dhcpServerMachine, SERVER);
    h.actor.send(relayed({ type: 'discover', xid: 1, chaddr: MAC }, '203.0.113.9'));
    expect(h.of('tx')).toEqual([]);
  });

  it('as a relay passes requests on with one more hop and giaddr unchanged', () => {
    const h = harness(dhcpServerMachine, { name: 'DHCP relay', role: 'relay', address: '203.0.113.100', relayTo: SERVER.address });
    h.actor.send(relayed({ type: 'discover', xid: 1, chaddr: MAC }, '203.0.113.100'));
    const [out] = h.of('tx').map((e) => onTheWire(e).packet);
    expect([out!.src, out!.dst]).toEqual(['203.0.113.100', SERVER.address]);
    expect(dhcpIn(out!)).toMatchObject({ giaddr: GIADDR, hops: 2 });
    expect(dhcpServer.tables(h.context())['DHCP relay']).toEqual([{ address: '203.0.113.100', 'relays to': SERVER.address, 'requests relayed': 1 }]);
  });

  it('refuses, at load, a server without a pool or a relay without a next hop', () => {
    const env = { now: () => 0, random: () => 0 };
    expect(() => dhcpServerContext({ env, name: 'x', role: 'server', address: '203.0.113.200' })).toThrow(/parameters and pool/);
    expect(() => dhcpServerContext({ env, name: 'x', role: 'relay', address: '203.0.113.100' })).toThrow(/relay to/);
  });
});
