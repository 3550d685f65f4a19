import { describe, expect, it } from 'vitest';
import { MachineAgent } from '../../src/sim/agent';
import { Network } from '../../src/sim/network';
import type { Delivery } from '../../src/sim/node';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';
import type { NoteEvent, PacketEvent, StateEvent } from '../../src/sim/trace';
import { icmpv6Echo } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { aaa } from '../../src/entities/aaa';
import { lma } from '../../src/entities/lma';
import { mag } from '../../src/entities/mag';
import { mn } from '../../src/entities/mn';

/*
 * The MAG with the other PMIPv6 machines on one network: the AAA server, the LMA and an
 * unmodified MN, each on its node through MachineAgent. A check that the machines understand
 * each other's bytes (RFC 6572 profile, PBA echo rules, RA) before a scenario strings them along.
 *
 *   mn ── mag1 ─┬─ lma ── cn        (mn moves to mag2 in the handover test)
 *   (mag2) ─────┘   │
 *   aaa ────────────┘ (each MAG reaches the AAA through the LMA)
 */

const LMAA = '2001:db8:ffff::1';
const AAA = '2001:db8:aaaa::1';
const CN = '2001:db8:cccc::2';
const SECRET = 'pmip-lab-secret';
const NAI = 'mn1@pmip-lab.example';
const HNP = '2001:db8:100::/64';
const MN_MAC = '02:00:00:00:00:11';
const HOA = '2001:db8:100::ff:fe00:11';
const coa = (n: number): string => `2001:db8:${n}::1`;

function build() {
  const net = new Network(new Rng(5));
  const lmaNode = net.addNode('lma', { forwarding: true });
  const aaaNode = net.addNode('aaa');
  const cn = net.addNode('cn');
  const mnNode = net.addNode('mn');
  lmaNode.addInterface('to-aaa', net.nextMac());
  lmaNode.addInterface('to-cn', net.nextMac());
  aaaNode.addInterface('eth0', net.nextMac());
  cn.addInterface('eth0', net.nextMac());
  mnNode.addInterface('eth0', MN_MAC);
  lmaNode.addAddress('to-aaa', '2001:db8:aa00::1/64');
  lmaNode.addRoute({ dst: parsePrefix(`${AAA}/128`), iface: 'to-aaa', owner: 'static' });
  lmaNode.addAddress('to-cn', '2001:db8:cccc::1/64');
  aaaNode.addAddress('eth0', `${AAA}/64`);
  aaaNode.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  cn.addAddress('eth0', `${CN}/64`);
  cn.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  net.connect('lma-aaa', [lmaNode, 'to-aaa'], [aaaNode, 'eth0'], { delayUs: 1000 });
  net.connect('lma-cn', [lmaNode, 'to-cn'], [cn, 'eth0'], { delayUs: 1000 });

  const mags = [1, 2].map((n) => {
    const node = net.addNode(`mag${n}`, { forwarding: true });
    node.addInterface('eth0', net.nextMac());
    const access = node.addInterface('eth1', net.nextMac());
    node.addAddress('eth0', `${coa(n)}/64`);
    node.addAddress('eth1', `fe80::${n}/64`);
    node.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
    lmaNode.addInterface(`to-mag${n}`, net.nextMac());
    lmaNode.addAddress(`to-mag${n}`, `2001:db8:${n}::2/64`);
    net.connect(`mag${n}-lma`, [node, 'eth0'], [lmaNode, `to-mag${n}`], { delayUs: 2000 });
    const agent = new MachineAgent(net, node, mag, {
      name: `mag${n}`,
      proxyCoa: coa(n),
      coreIface: 'eth0',
      aaa: { address: AAA, secret: SECRET },
      defaultLmaa: LMAA,
      accessIfaces: { eth1: { linkLocal: `fe80::${n}`, mac: access.mac } },
    });
    return { node, agent };
  });
  lmaNode.addAddress('to-mag1', `${LMAA}/128`);

  new MachineAgent(net, aaaNode, aaa, { name: 'aaa', address: AAA, secret: SECRET, profiles: { [NAI]: { addressing: 'per-mn-prefix', lmaa: LMAA, hnp: HNP } } });
  new MachineAgent(net, lmaNode, lma, {
    lmaa: LMAA,
    authorizedMags: { [NAI]: [coa(1), coa(2)] },
    profiles: { [NAI]: { addressing: 'per-mn-prefix', hnp: HNP } },
  });
  const mnAgent = new MachineAgent(net, mnNode, mn, { name: 'mn', iface: 'eth0', mac: MN_MAC, rsDelayMs: 10 });
  const atCn: Delivery[] = [];
  cn.agent = { receive: (d) => void atCn.push(d) };

  const plug = (n: number, o: { handoff?: boolean; previousRouter?: string } = {}): void => {
    net.connect(`mn-mag${n}`, [mnNode, 'eth0'], [mags[n - 1]!.node, 'eth1'], { delayUs: 500 });
    mags[n - 1]!.agent.send({ type: 'l2.attach', mn: 'mn', nai: NAI, mac: MN_MAC, iface: 'eth1', ...o });
    mnAgent.send({ type: 'l2.attach', iface: 'eth0' });
  };
  const unplug = (n: number): void => {
    net.disconnect(`mn-mag${n}`);
    mags[n - 1]!.agent.send({ type: 'l2.detach', mn: 'mn' });
    mnAgent.send({ type: 'l2.detach' });
  };
  const ping = (seq: number): void => void cn.sendIp(ipv6Packet({ src: CN, dst: HOA, payload: icmpv6Echo({ ident: 1, seq }) }));
  const run = (ms: number): void => net.engine.runUntil(net.now + ms * 1000);
  const packets = () => net.recorder.events.filter((e): e is PacketEvent => e.kind === 'packet');
  const lastState = (entity: string) => net.recorder.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === entity).at(-1)!;
  const notes = (entity: string) => net.recorder.events.filter((e): e is NoteEvent => e.kind === 'note' && e.entity === entity).map((e) => e.text);
  return { net, mags, mnNode, lmaNode, atCn, plug, unplug, ping, run, packets, lastState, notes };
}

describe('MAG with the AAA, LMA and MN machines', () => {
  it('attaches the MN: it forms its home address and answers the correspondent through the tunnel', () => {
    const t = build();
    t.plug(1);
    t.run(200);
    expect(t.lastState('mag1').tables['Binding update list']).toEqual([expect.objectContaining({ MN: NAI, state: 'registered', HNP })]);
    expect(t.lastState('lma').tables['Binding cache']).toEqual([expect.objectContaining({ MN: NAI, 'Proxy-CoA': coa(1), state: 'registered' })]);
    expect(t.mnNode.hasAddress(HOA)).toBe(true);
    t.ping(1);
    t.run(100);
    expect(t.atCn).toHaveLength(1);
    expect(t.packets().every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('hands the MN over to mag2: the LMA moves the binding, mag2 withdraws mag1 as the MN’s router, mag1 cleans up', () => {
    const t = build();
    t.plug(1);
    t.run(200);
    t.unplug(1);
    t.plug(2, { handoff: true, previousRouter: 'fe80::1' });
    t.run(200);
    expect(t.lastState('lma').tables['Binding cache']).toEqual([expect.objectContaining({ MN: NAI, 'Proxy-CoA': coa(2), HI: 3 })]);
    expect(t.lastState('mag2').tables['Binding update list']).toEqual([expect.objectContaining({ state: 'registered', HNP })]);
    expect(t.lastState('mag1')).toMatchObject({ state: 'idle', tables: { 'Binding update list': [], Tunnels: [] } });
    expect(t.notes('mn')).toContainEqual(expect.stringMatching(/Router Lifetime 0 from fe80::1/));
    t.ping(2);
    t.run(100);
    expect(t.atCn).toHaveLength(1);
  });

  it('renews before the LMA’s binding lifetime ends, so the binding outlives several lifetimes', () => {
    const t = build();
    t.plug(1);
    t.run(200_000);
    expect(t.lastState('lma').tables['Binding cache']).toEqual([expect.objectContaining({ MN: NAI, state: 'registered', HI: 5 })]);
    expect(t.packets().filter((p) => p.from === 'mag1' && p.summary.includes('Binding Update'))).toHaveLength(5);
  });
});
