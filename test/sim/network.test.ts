import { describe, expect, it } from 'vitest';
import type { LayerValue } from '../../src/wire/core';
import { ipv6Packet } from '../../src/wire/ipv6';
import { Network } from '../../src/sim/network';
import type { Delivery } from '../../src/sim/node';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';

const datagram = (src: string, dst: string, n: number): LayerValue =>
  ipv6Packet({ src, dst, payload: { proto: 'udp', srcport: 9000, dstport: 9000, payload: { proto: 'data', data: Uint8Array.of(n) } } });

/** host a — router r1 ==tunnel== router r2 — host b */
function build(loss = 0): { net: Network; got: Delivery[] } {
  const net = new Network(new Rng(1));
  const got: Delivery[] = [];
  const a = net.addNode('a');
  const r1 = net.addNode('r1', { forwarding: true });
  const r2 = net.addNode('r2', { forwarding: true });
  const b = net.addNode('b');
  for (const [n, names] of [[a, ['eth0']], [r1, ['eth0', 'eth1']], [r2, ['eth0', 'eth1']], [b, ['eth0']]] as const) {
    for (const i of names) n.addInterface(i, net.nextMac());
  }
  a.addAddress('eth0', '2001:db8:a::1/64');
  r1.addAddress('eth0', '2001:db8:a::ff/64');
  r1.addAddress('eth1', '2001:db8:c::1/64');
  r2.addAddress('eth0', '2001:db8:c::2/64');
  r2.addAddress('eth1', '2001:db8:b::ff/64');
  b.addAddress('eth0', '2001:db8:b::1/64');
  net.connect('a-r1', [a, 'eth0'], [r1, 'eth0'], { delayUs: 1000 });
  net.connect('r1-r2', [r1, 'eth1'], [r2, 'eth0'], { delayUs: 5000, loss });
  net.connect('r2-b', [r2, 'eth1'], [b, 'eth0'], { delayUs: 1000 });
  a.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  b.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  r1.tunnels.set('t', { id: 't', local: '2001:db8:c::1', remote: '2001:db8:c::2', encap: 'ip' });
  r2.tunnels.set('t', { id: 't', local: '2001:db8:c::2', remote: '2001:db8:c::1', encap: 'ip' });
  r1.addRoute({ dst: parsePrefix('2001:db8:b::/64'), iface: 'eth1', tunnel: 't', owner: 'test' });
  b.agent = { receive: (d) => got.push(d) };
  return { net, got };
}

describe('Network', () => {
  it('carries a packet across a tunnel as real IPv6-in-IPv6 and delivers the inner packet', () => {
    const { net, got } = build();
    net.node('a').sendIp(datagram('2001:db8:a::1', '2001:db8:b::1', 7));
    net.engine.runAll();
    expect(got).toHaveLength(1);
    expect(got[0]!.packet.src).toBe('2001:db8:a::1');
    const packets = net.recorder.events.filter((e) => e.kind === 'packet');
    expect(packets.map((p) => `${p.from}>${p.to}@${p.time}`)).toEqual(['a>r1@0', 'r1>r2@1000', 'r2>b@6000']);
    const tunnelled = packets[1]!;
    expect(tunnelled.inner).toMatchObject({ from: '2001:db8:a::1', to: '2001:db8:b::1' });
    // Outer IPv6 next header 41, then the inner header with its hop limit taken down by r1.
    expect(tunnelled.bytes.slice(14 * 2 + 6 * 2, 14 * 2 + 7 * 2)).toBe('29');
    expect(tunnelled.plane).toBe('data');
  });

  it('refuses tunnel packets from a peer it has no tunnel with', () => {
    const { net, got } = build();
    net.node('r2').tunnels.clear();
    net.node('a').sendIp(datagram('2001:db8:a::1', '2001:db8:b::1', 1));
    net.engine.runAll();
    expect(got).toHaveLength(0);
    const last = net.recorder.events.filter((e) => e.kind === 'packet').pop()!;
    expect([last.fate, last.reason]).toEqual(['filtered', 'r2 has no tunnel from 2001:db8:c::1']);
  });

  it('loses packets on a lossy link the same way for the same seed', () => {
    const fates = (): string[] => {
      const { net } = build(0.5);
      for (let i = 0; i < 20; i++) net.node('a').sendIp(datagram('2001:db8:a::1', '2001:db8:b::1', i));
      net.engine.runAll();
      return net.recorder.events.flatMap((e) => (e.kind === 'packet' ? [e.fate] : []));
    };
    const first = fates();
    expect(first).toContain('lost');
    expect(fates()).toEqual(first);
  });

  it('applies injected faults to the packet they name', () => {
    const net = new Network(new Rng(1), [{ kind: 'drop', packet: 0 }]);
    const a = net.addNode('a');
    const b = net.addNode('b');
    a.addInterface('eth0', net.nextMac());
    b.addInterface('eth0', net.nextMac());
    a.addAddress('eth0', '2001:db8::1/64');
    b.addAddress('eth0', '2001:db8::2/64');
    net.connect('ab', [a, 'eth0'], [b, 'eth0'], { delayUs: 10 });
    let delivered = 0;
    b.agent = { receive: () => delivered++ };
    a.sendIp(datagram('2001:db8::1', '2001:db8::2', 1));
    a.sendIp(datagram('2001:db8::1', '2001:db8::2', 2));
    net.engine.runAll();
    expect(delivered).toBe(1);
    expect(net.recorder.events.find((e) => e.kind === 'packet')).toMatchObject({ fate: 'dropped-by-fault' });
  });

  it('records when each link comes up and goes down, once for each change', () => {
    const { net } = build();
    net.engine.schedule(2000, 'cut', () => net.cut('r1-r2'));
    net.engine.schedule(2500, 'cut again', () => net.cut('r1-r2'));
    net.engine.schedule(3000, 'restore', () => net.restore('r1-r2'));
    net.engine.schedule(4000, 'unplug', () => net.disconnect('a-r1'));
    net.engine.runAll();
    const changes = net.recorder.events.flatMap((e) => (e.kind === 'link' ? [`${e.time} ${e.link} ${e.action} (${e.reason ?? ''})`] : []));
    expect(changes).toEqual([
      '0 a-r1 up (plugged in)',
      '0 r1-r2 up (plugged in)',
      '0 r2-b up (plugged in)',
      '2000 r1-r2 down (cut by an injected fault)',
      '3000 r1-r2 up (restored after an injected cut)',
      '4000 a-r1 down (unplugged)',
    ]);
    expect(net.cut('nowhere')).toBe(false);
  });
});
