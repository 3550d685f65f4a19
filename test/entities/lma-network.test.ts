import { describe, expect, it } from 'vitest';
import { MachineAgent } from '../../src/sim/agent';
import { Network } from '../../src/sim/network';
import type { Delivery } from '../../src/sim/node';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';
import type { PacketEvent, StateEvent, TimerEvent } from '../../src/sim/trace';
import type { LayerValue } from '../../src/wire/core';
import { ipv6Packet } from '../../src/wire/ipv6';
import { findOption, proxyBindingUpdate, type MobilityHeader } from '../../src/wire/mh';
import { timeOfDay } from '../../src/protocols/pmipv6';
import { lma } from '../../src/entities/lma';

/*
 * Smoke test on the simulated network: a MAG-like test node sends a real PBU (encoded by src/wire)
 * over a link to an LMA node running the machine through MachineAgent; the PBA comes back as
 * bytes, then a correspondent's packet crosses the LMA into the IPv6-in-IPv6 tunnel.
 *
 *   cn ── lma ── mag1
 */

const LMAA = '2001:db8:ffff::1';
const MAG1 = '2001:db8:1::1';
const CN = '2001:db8:cccc::2';
const NAI = 'mn1@pmip-lab.example';
const HNP = '2001:db8:100::/64';

function build() {
  const net = new Network(new Rng(7));
  const lmaNode = net.addNode('lma', { forwarding: true });
  const mag = net.addNode('mag1');
  const cn = net.addNode('cn');
  lmaNode.addInterface('eth0', net.nextMac());
  lmaNode.addInterface('eth1', net.nextMac());
  mag.addInterface('eth0', net.nextMac());
  cn.addInterface('eth0', net.nextMac());
  lmaNode.addAddress('eth0', '2001:db8:1::2/64');
  lmaNode.addAddress('eth0', `${LMAA}/128`);
  lmaNode.addAddress('eth1', '2001:db8:cccc::1/64');
  mag.addAddress('eth0', `${MAG1}/64`);
  cn.addAddress('eth0', `${CN}/64`);
  mag.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  cn.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  net.connect('lma-mag1', [lmaNode, 'eth0'], [mag, 'eth0'], { delayUs: 2000 });
  net.connect('cn-lma', [cn, 'eth0'], [lmaNode, 'eth1'], { delayUs: 1000 });
  const agent = new MachineAgent(net, lmaNode, lma, {
    lmaa: LMAA,
    authorizedMags: { [NAI]: [MAG1] },
    profiles: { [NAI]: { addressing: 'per-mn-prefix', hnp: HNP } },
    prefixPool: [],
  });
  const got: Delivery[] = [];
  mag.agent = { receive: (d) => got.push(d) };
  return { net, lmaNode, mag, cn, agent, got };
}

describe('LMA on the simulated network', () => {
  it('answers a PBU sent as bytes with a PBA that decodes with status 0, and tunnels the CN’s traffic', () => {
    const { net, lmaNode, mag, cn, got } = build();
    mag.sendIp(
      ipv6Packet({
        src: MAG1,
        dst: LMAA,
        payload: proxyBindingUpdate({ seq: 1, lifetimeSeconds: 8, nai: NAI, hnps: [HNP], handoff: 1, att: 3, timestamp: timeOfDay(net.now) }),
      }),
    );
    net.engine.runUntil(10_000);

    expect(got).toHaveLength(1);
    const pkt = got[0]!.packet;
    expect([pkt.src, pkt.dst]).toEqual([LMAA, MAG1]);
    const pba = pkt.payload as MobilityHeader;
    expect(pba.mhType).toBe(6);
    expect(pba.body).toMatchObject({ status: 0, flags: { p: true }, seq: 1, lifetime: 2 });
    expect(findOption(pba, 8)?.identifier).toBe(NAI);
    expect(findOption(pba, 22)).toMatchObject({ prefix: '2001:db8:100::', prefixLength: 64 });

    const packets = net.recorder.events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(packets.map((p) => [p.from, p.to, p.fate, p.arrival])).toEqual([
      ['mag1', 'lma', 'delivered', 2000],
      ['lma', 'mag1', 'delivered', 4000],
    ]);
    expect(packets[1]!.summary).toContain('Binding Acknowledgement');

    // The node carried out the effects: a tunnel to the MAG and the prefix routed into it.
    expect(lmaNode.tunnels.get(`to-${MAG1}`)).toEqual({ id: `to-${MAG1}`, local: LMAA, remote: MAG1, encap: 'ip' });
    expect(lmaNode.lookup('2001:db8:100::42')).toMatchObject({ owner: `bce:${NAI}`, tunnel: `to-${MAG1}` });
    const states = net.recorder.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === 'lma');
    expect(states.at(-1)).toMatchObject({ state: 'anchoring', changed: expect.arrayContaining(['Binding cache', 'Tunnels', 'Routes']) });
    const timers = net.recorder.events.filter((e): e is TimerEvent => e.kind === 'timer');
    expect(timers.map((t) => [t.name, t.action, t.expires])).toEqual([
      ['binding lifetime', 'start', 2000 + 8_000_000],
      ['Tunnel-Life', 'start', 2000 + 8_000_000],
    ]);

    // A correspondent's packet to the home network prefix goes into the tunnel.
    const data: LayerValue = ipv6Packet({ src: CN, dst: '2001:db8:100::42', payload: { proto: 'udp', srcport: 9000, dstport: 9000, payload: { proto: 'data', data: Uint8Array.of(1) } } });
    cn.sendIp(data);
    net.engine.runUntil(20_000);
    const tunnelled = net.recorder.events.filter((e): e is PacketEvent => e.kind === 'packet').at(-1)!;
    expect(tunnelled).toMatchObject({ from: 'lma', to: 'mag1', inner: { from: CN, to: '2001:db8:100::42' } });
  });

  it('lets the binding expire: the timers fire in the trace and the tunnel and route leave the node', () => {
    const { net, lmaNode, mag } = build();
    mag.sendIp(ipv6Packet({ src: MAG1, dst: LMAA, payload: proxyBindingUpdate({ seq: 1, lifetimeSeconds: 8, nai: NAI, hnps: [HNP], handoff: 1, att: 3, timestamp: timeOfDay(0) }) }));
    net.engine.runAll();
    expect(net.now).toBe(2000 + 8_000_000);
    expect(lmaNode.tunnels.size).toBe(0);
    expect(lmaNode.lookup('2001:db8:100::42')).toBeUndefined();
    const fired = net.recorder.events.filter((e): e is TimerEvent => e.kind === 'timer' && e.action === 'fire').map((t) => t.name);
    expect(fired).toEqual(['binding lifetime', 'Tunnel-Life']);
    const last = net.recorder.events.filter((e): e is StateEvent => e.kind === 'state').at(-1)!;
    expect(last).toMatchObject({ state: 'idle', tables: { 'Binding cache': [], Tunnels: [], Routes: [] } });
  });

  it('runs the same, byte for byte, every time', () => {
    const run = (): string => {
      const { net, mag } = build();
      const pbu = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 8, nai: NAI, hnps: [HNP], handoff: 1, att: 3, timestamp: timeOfDay(0), linkLocal: '::' });
      mag.sendIp(ipv6Packet({ src: MAG1, dst: LMAA, payload: pbu }));
      net.engine.runAll();
      return JSON.stringify(net.recorder.events);
    };
    expect(run()).toBe(run());
  });
});
