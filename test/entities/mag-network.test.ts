import { describe, expect, it } from 'vitest';
import { MachineAgent } from '../../src/sim/agent';
import { Network } from '../../src/sim/network';
import type { Delivery } from '../../src/sim/node';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';
import type { PacketEvent, StateEvent, TimerEvent } from '../../src/sim/trace';
import type { LayerValue } from '../../src/wire/core';
import { icmpv6Echo, routerSolicitation } from '../../src/wire/icmpv6';
import { ipv6Packet } from '../../src/wire/ipv6';
import { findOption, proxyBindingAck, type MobilityHeader } from '../../src/wire/mh';
import { sourceLinkLayer } from '../../src/wire/ndp';
import { accessAccept, type RadiusPacket } from '../../src/wire/radius';
import { profileAttributes } from '../../src/protocols/radius-profile';
import { mag } from '../../src/entities/mag';

/*
 * The MAG machine on its node (MachineAgent) in a simulated network, with a fake AAA server and a
 * fake LMA that answer with real bytes built by src/wire; every packet crosses a link as bytes.
 *
 *   mn ── eth1 mag1 eth0 ── lma ── cn
 *              eth2
 *               └── aaa
 */

const LMAA = '2001:db8:ffff::1';
const PROXY_COA = '2001:db8:1::1';
const NAS = '2001:db8:aa01::1';
const AAA = '2001:db8:aaaa::1';
const CN = '2001:db8:cccc::2';
const SECRET = 'pmip-lab-secret';
const NAI = 'mn1@pmip-lab.example';
const HNP = '2001:db8:100::/64';
const HOA = '2001:db8:100::11';
const MN_MAC = '02:00:00:00:00:11';
const MN_LL = 'fe80::11';
const MS = 1000;

function build(o: { dropPbus?: number; answerDeregistration?: boolean } = {}) {
  const net = new Network(new Rng(3));
  const magNode = net.addNode('mag1', { forwarding: true });
  const lma = net.addNode('lma', { forwarding: true });
  const aaa = net.addNode('aaa');
  const mn = net.addNode('mn');
  const cn = net.addNode('cn');
  for (const n of ['eth0', 'eth1', 'eth2']) magNode.addInterface(n, net.nextMac());
  lma.addInterface('eth0', net.nextMac());
  lma.addInterface('eth1', net.nextMac());
  aaa.addInterface('eth0', net.nextMac());
  mn.addInterface('eth0', MN_MAC);
  cn.addInterface('eth0', net.nextMac());
  magNode.addAddress('eth0', `${PROXY_COA}/64`);
  magNode.addAddress('eth1', 'fe80::1/64');
  magNode.addAddress('eth2', `${NAS}/64`);
  magNode.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  magNode.addRoute({ dst: parsePrefix('2001:db8:aaaa::/64'), iface: 'eth2', owner: 'static' });
  lma.addAddress('eth0', '2001:db8:1::2/64');
  lma.addAddress('eth0', `${LMAA}/128`);
  lma.addAddress('eth1', '2001:db8:cccc::1/64');
  aaa.addAddress('eth0', '2001:db8:aa01::2/64');
  aaa.addAddress('eth0', `${AAA}/128`);
  aaa.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  mn.addAddress('eth0', `${MN_LL}/64`);
  cn.addAddress('eth0', `${CN}/64`);
  cn.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'static' });
  net.connect('mn-mag1', [mn, 'eth0'], [magNode, 'eth1'], { delayUs: 500 });
  net.connect('mag1-lma', [magNode, 'eth0'], [lma, 'eth0'], { delayUs: 2000 });
  net.connect('mag1-aaa', [magNode, 'eth2'], [aaa, 'eth0'], { delayUs: 1000 });
  net.connect('lma-cn', [lma, 'eth1'], [cn, 'eth0'], { delayUs: 1000 });

  const agent = new MachineAgent(net, magNode, mag, {
    name: 'mag1',
    proxyCoa: PROXY_COA,
    coreIface: 'eth0',
    aaa: { address: AAA, secret: SECRET, nasAddress: NAS },
    defaultLmaa: LMAA,
    accessIfaces: { eth1: { linkLocal: 'fe80::1', mac: magNode.iface('eth1').mac } },
  });

  // The AAA: an Access-Accept with the MN's profile, its authenticators computed over the bytes.
  aaa.agent = {
    receive(d: Delivery) {
      const udp = d.packet.payload as LayerValue;
      const req = udp.payload as unknown as RadiusPacket;
      const accept = accessAccept({ id: req.id, attributes: profileAttributes(NAI, { addressing: 'per-mn-prefix', lmaa: LMAA, hnp: HNP }) });
      const reply = ipv6Packet({ src: AAA, dst: d.packet.src as string, payload: { proto: 'udp', srcport: 1812, dstport: udp.srcport as number, payload: accept } });
      aaa.sendIp(reply, { hints: { radiusSecret: SECRET, requestAuthenticator: req.authenticator } });
    },
  };

  // The LMA: answers PBUs with status 0 (RFC 5213 §5.3.6), and tunnels the prefix to the MAG.
  let pbus = 0;
  lma.agent = {
    receive(d: Delivery) {
      const pbu = d.packet.payload as MobilityHeader;
      if (pbu.proto !== 'mipv6') return;
      pbus++;
      const b = pbu.body as { seq: number; lifetime: number };
      if (pbus <= (o.dropPbus ?? 0)) return;
      if (b.lifetime === 0 && o.answerDeregistration === false) return;
      const h = findOption(pbu, 22)!;
      const pba = proxyBindingAck({
        status: 0,
        seq: b.seq,
        lifetimeSeconds: b.lifetime * 4,
        nai: findOption(pbu, 8)!.identifier,
        hnps: [{ prefix: h.prefix, prefixLength: h.prefixLength }],
        handoff: findOption(pbu, 23)!.hi,
        att: findOption(pbu, 24)!.att,
        timestamp: findOption(pbu, 27)!.timestamp,
        mnLinkLayerId: findOption(pbu, 25)!.lli,
      });
      lma.sendIp(ipv6Packet({ src: LMAA, dst: d.packet.src as string, payload: pba }));
      if (b.lifetime > 0 && !lma.tunnels.has('to-mag1')) {
        lma.tunnels.set('to-mag1', { id: 'to-mag1', local: LMAA, remote: PROXY_COA, encap: 'ip' });
        lma.addRoute({ dst: parsePrefix(HNP), tunnel: 'to-mag1', owner: 'bce' });
      }
    },
  };

  // The MN: records what reaches it and answers echo requests to its home address.
  const atMn: Delivery[] = [];
  mn.agent = {
    receive(d: Delivery) {
      atMn.push(d);
      const m = d.packet.payload as LayerValue;
      if (m.proto === 'icmpv6' && m.type === 128) {
        mn.sendIp(ipv6Packet({ src: HOA, dst: d.packet.src as string, payload: icmpv6Echo({ reply: true, ident: m.ident as number, seq: m.seq as number }) }));
      }
    },
  };
  const atCn: Delivery[] = [];
  cn.agent = { receive: (d) => void atCn.push(d) };
  const solicit = (): void => {
    mn.sendIp(ipv6Packet({ src: MN_LL, dst: 'ff02::2', hopLimit: 255, payload: routerSolicitation({ options: [sourceLinkLayer(MN_MAC)] }) }), { iface: 'eth0' });
  };
  const packets = () => net.recorder.events.filter((e): e is PacketEvent => e.kind === 'packet');
  const timers = () => net.recorder.events.filter((e): e is TimerEvent => e.kind === 'timer' && e.entity === 'mag1');
  const states = () => net.recorder.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === 'mag1');
  const run = (ms: number): void => net.engine.runUntil(net.now + ms * 1000);
  const attach = (): void => agent.send({ type: 'l2.attach', mn: 'mn', nai: NAI, mac: MN_MAC, iface: 'eth1' });
  return { net, magNode, lma, aaa, mn, cn, agent, atMn, atCn, solicit, packets, timers, states, run, attach };
}

const hops = (ps: PacketEvent[]) => ps.map((p) => `${p.from}>${p.to}:${p.fate}`);

describe('MAG on the simulated network', () => {
  it('authenticates, registers and advertises the prefix; every message crosses a link as bytes', () => {
    const t = build();
    t.attach();
    t.run(1);
    t.solicit();
    t.run(100);
    expect(hops(t.packets())).toEqual([
      'mag1>aaa:delivered', // Access-Request
      'aaa>mag1:delivered', // Access-Accept
      'mn>mag1:delivered', // RS: the registration is not complete, no RA yet
      'mag1>lma:delivered', // PBU
      'lma>mag1:delivered', // PBA
      'mag1>mn:delivered', // RA
    ]);
    const summaries = t.packets().map((p) => p.summary);
    expect(summaries[0]).toMatch(/Access-Request/);
    expect(summaries[1]).toMatch(/Access-Accept/);
    expect(summaries[3]).toMatch(/Binding Update/);
    expect(summaries[4]).toMatch(/Binding Acknowledgement/);
    const ra = t.atMn.at(-1)!;
    expect(ra.frame.dst).toBe(MN_MAC);
    expect(ra.packet).toMatchObject({ src: 'fe80::1', dst: 'ff02::1', hlim: 255 });
    expect((ra.packet.payload as LayerValue).options).toContainEqual(expect.objectContaining({ type: 3, prefix: '2001:db8:100::', prefixLength: 64 }));

    // The node carried the effects out: the tunnel, the source-specific default route, the access route.
    expect(t.magNode.tunnels.get(`to-${LMAA}`)).toEqual({ id: `to-${LMAA}`, local: PROXY_COA, remote: LMAA, encap: 'ip' });
    expect(t.magNode.lookup(CN, HOA)).toMatchObject({ owner: `bul:${NAI}`, tunnel: `to-${LMAA}` });
    expect(t.magNode.lookup(CN, PROXY_COA)).toMatchObject({ owner: 'static' });
    expect(t.magNode.lookup(HOA)).toMatchObject({ owner: `access:${NAI}`, iface: 'eth1' });

    expect(t.states().map((s) => s.state)).toEqual(['idle', 'serving', 'serving', 'serving', 'serving']);
    expect(t.states().at(-1)!.tables['Binding update list']).toEqual([expect.objectContaining({ MN: NAI, state: 'registered', HNP, 'MN link-local': MN_LL })]);
    expect(t.timers().map((x) => `${x.name}:${x.action}`)).toEqual([
      'RADIUS retransmission:start',
      'RADIUS retransmission:cancel',
      'PBU retransmission:start',
      'PBU retransmission:cancel',
      'binding renewal:start',
      'binding lifetime:start',
    ]);
  });

  it('carries the correspondent’s traffic through the tunnel both ways', () => {
    const t = build();
    t.attach();
    t.run(100);
    // The MN formed its home address (its own machine is not under test here).
    t.mn.addAddress('eth0', `${HOA}/64`);
    t.mn.addRoute({ dst: parsePrefix('::/0'), iface: 'eth0', owner: 'default-router' });
    const before = t.packets().length;
    t.cn.sendIp(ipv6Packet({ src: CN, dst: HOA, payload: icmpv6Echo({ ident: 1, seq: 1 }) }));
    t.run(100);
    const data = t.packets().slice(before);
    expect(data.map((p) => [`${p.from}>${p.to}`, p.inner?.summary ?? null])).toEqual([
      ['cn>lma', null],
      ['lma>mag1', `${CN} → ${HOA}`],
      ['mag1>mn', null],
      ['mn>mag1', null],
      ['mag1>lma', `${HOA} → ${CN}`],
      ['lma>cn', null],
    ]);
    expect(data.every((p) => p.fate === 'delivered')).toBe(true);
    expect(t.atCn).toHaveLength(1);
  });

  it('retransmits a PBU the LMA did not answer, and the trace shows the timer fire', () => {
    const t = build({ dropPbus: 1 });
    t.attach();
    t.run(2000);
    const pbus = t.packets().filter((p) => p.summary.includes('Binding Update'));
    expect(pbus.map((p) => p.time)).toEqual([2000, 1_002_000]);
    expect(t.timers().filter((x) => x.name === 'PBU retransmission').map((x) => `${x.action}@${x.time}`)).toEqual([
      'start@2000',
      'fire@1002000',
      'start@1002000',
      'cancel@1006000',
    ]);
  });

  it('on detach de-registers, then removes the routes and the tunnel from the node', () => {
    const t = build();
    t.attach();
    t.run(100);
    t.net.disconnect('mn-mag1');
    t.agent.send({ type: 'l2.detach', mn: 'mn' });
    t.run(100);
    const last = t.packets().slice(-2);
    expect(last.map((p) => `${p.from}>${p.to}`)).toEqual(['mag1>lma', 'lma>mag1']);
    expect(t.magNode.tunnels.size).toBe(0);
    expect(t.magNode.lookup(HOA)).toMatchObject({ owner: 'static' });
    expect(t.states().at(-1)).toMatchObject({ state: 'idle', tables: { 'Binding update list': [], Tunnels: [], Routes: [] } });
    // No timer is cancelled after it fired.
    const fired = new Set<string>();
    for (const x of t.timers()) {
      if (x.action === 'fire') fired.add(x.name);
      if (x.action === 'start') fired.delete(x.name);
      if (x.action === 'cancel') expect(fired.has(x.name)).toBe(false);
    }
  });

  it('renews every 48 s for as long as the MN stays, the same run giving the same bytes', () => {
    const bytes = (): string[] => {
      const t = build();
      t.attach();
      t.run(150_000);
      return t.packets().map((p) => p.bytes);
    };
    const a = bytes();
    expect(a).toEqual(bytes());
    const t = build();
    t.attach();
    t.run(150_000);
    const pbus = t.packets().filter((p) => p.from === 'mag1' && p.summary.includes('Binding Update'));
    expect(pbus.map((p) => Math.round(p.time / MS))).toEqual([2, 48_006, 96_010, 144_014]);
  });
});
