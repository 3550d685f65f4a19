import { describe, expect, it } from 'vitest';
import { dhcpServer } from '../../src/entities/dhcp-server';
import { lma } from '../../src/entities/lma';
import { ColocatedAgents } from '../../src/sim/colocated';
import { Network } from '../../src/sim/network';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';
import type { StateEvent } from '../../src/sim/trace';
import { dhcpMessage } from '../../src/wire/dhcpv4-build';
import { ipv4Packet } from '../../src/wire/ipv4';

/* Two entities on one node (a DHCP server in the LMA, seed 002 Fig. 3): one entity to the trace. */

describe('co-located entities', () => {
  it('hand each packet to the entity that takes it, and record one state with both entities’ tables', () => {
    const net = new Network(new Rng(1));
    const a = net.addNode('a', { forwarding: true });
    const b = net.addNode('b');
    a.addInterface('eth0', net.nextMac());
    a.addAddress('eth0', '203.0.113.100/32');
    b.addInterface('eth0', net.nextMac());
    b.addAddress('eth0', '203.0.113.1/32');
    a.addRoute({ dst: parsePrefix('203.0.113.1/32'), iface: 'eth0', owner: 'static' });
    b.addRoute({ dst: parsePrefix('0.0.0.0/0'), iface: 'eth0', owner: 'static' });
    net.connect('a-b', [a, 'eth0'], [b, 'eth0'], { delayUs: 1000 });
    const both = new ColocatedAgents(net, a, [
      { def: lma, input: { lmaa: '2001:db8::1', authorizedMags: {}, profiles: {} } },
      { def: dhcpServer, input: { name: 'DHCP server', role: 'server', address: '203.0.113.100', server: { params: { mask: '255.255.255.0', router: '192.0.2.1', leaseSecs: 60 }, pool: ['192.0.2.10'] } } },
    ]);
    expect(a.agent).toBe(both);
    const discover = dhcpMessage({ type: 'discover', xid: 1, chaddr: '02:00:00:00:00:11', giaddr: '203.0.113.1', hops: 1 });
    b.sendIp(ipv4Packet({ src: '203.0.113.1', dst: '203.0.113.100', payload: { proto: 'udp', srcport: 67, dstport: 67, payload: discover } }));
    b.sendIp(ipv4Packet({ src: '203.0.113.1', dst: '203.0.113.100', payload: { proto: 'udp', srcport: 9, dstport: 9 } }));
    net.engine.runUntil(10_000);
    const packets = net.recorder.events.filter((e) => e.kind === 'packet');
    // The DISCOVER reaches the server, which offers; the stray datagram is nobody's.
    expect(packets.map((p) => [p.from, p.to, p.fate === 'filtered' && p.from === 'b' ? p.reason : p.summary.split(' - ')[0]])).toEqual([
      ['b', 'a', 'DHCP Discover'],
      ['b', 'a', 'a ignores this packet'],
      ['a', 'b', 'DHCP Offer   '],
    ]);
    const states = net.recorder.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === 'a');
    const last = states.at(-1)!;
    expect(last.state).toBe('idle + serving');
    expect(Object.keys(last.tables)).toEqual(['Binding cache', 'Tunnels', 'Routes', 'DHCP leases', 'DHCP pool']);
    expect(last.tables['DHCP leases']).toEqual([expect.objectContaining({ address: '192.0.2.10', state: 'offered' })]);
  });
});
