import { describe, expect, it } from 'vitest';
import { findField, fromHex, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ipv4Packet } from '../../src/wire/ipv4';
import { makeNat, type Nat } from '../../src/sim/nat';
import { Network } from '../../src/sim/network';
import type { Delivery } from '../../src/sim/node';
import { parsePrefix } from '../../src/sim/prefix';
import { Rng } from '../../src/sim/rng';
import type { PacketEvent, StateEvent } from '../../src/sim/trace';

const PUBLIC = '198.51.100.1';
const MAG = '10.0.0.2';
const LMA = '198.51.100.10';

const udp = (src: string, dst: string, sport: number, dport: number, n: number): LayerValue =>
  ipv4Packet({ src, dst, payload: { proto: 'udp', srcport: sport, dstport: dport, payload: { proto: 'data', data: Uint8Array.of(n) } } });

/** mag — nat (in | out) — lma */
function build(): { net: Network; nat: Nat; atMag: Delivery[]; atLma: Delivery[] } {
  const net = new Network(new Rng(1));
  const mag = net.addNode('mag');
  const natNode = net.addNode('nat', { forwarding: true });
  const lma = net.addNode('lma');
  mag.addInterface('eth0', net.nextMac());
  natNode.addInterface('in', net.nextMac());
  natNode.addInterface('out', net.nextMac());
  lma.addInterface('eth0', net.nextMac());
  mag.addAddress('eth0', `${MAG}/24`);
  natNode.addAddress('in', '10.0.0.1/24');
  natNode.addAddress('out', `${PUBLIC}/24`);
  lma.addAddress('eth0', `${LMA}/24`);
  net.connect('mag-nat', [mag, 'eth0'], [natNode, 'in'], { delayUs: 1000 });
  net.connect('nat-lma', [natNode, 'out'], [lma, 'eth0'], { delayUs: 1000 });
  mag.addRoute({ dst: parsePrefix('0.0.0.0/0'), iface: 'eth0', owner: 'static' });
  lma.addRoute({ dst: parsePrefix('0.0.0.0/0'), iface: 'eth0', owner: 'static' });
  const nat = makeNat(net, natNode, { inside: 'in', outside: 'out', publicAddress: PUBLIC, firstPort: 40001, bindingTimeoutMs: 30000 });
  const atMag: Delivery[] = [];
  const atLma: Delivery[] = [];
  mag.agent = { receive: (d) => atMag.push(d) };
  lma.agent = { receive: (d) => atLma.push(d) };
  return { net, nat, atMag, atLma };
}

const packets = (net: Network): PacketEvent[] => net.recorder.events.flatMap((e) => (e.kind === 'packet' ? [e] : []));
const natStates = (net: Network): StateEvent[] => net.recorder.events.flatMap((e) => (e.kind === 'state' && e.entity === 'nat' ? [e] : []));
const udpOf = (d: Delivery): LayerValue => d.packet.payload as LayerValue;

describe('NAT', () => {
  it('translates the source of an outbound UDP packet and recomputes both checksums', () => {
    const { net, atLma } = build();
    net.node('mag').sendIp(udp(MAG, LMA, 9000, 9000, 1));
    net.engine.runUntil(10_000);
    expect(atLma).toHaveLength(1);
    expect(atLma[0]!.packet.src).toBe(PUBLIC);
    expect(udpOf(atLma[0]!)).toMatchObject({ srcport: 40001, dstport: 9000 });
    const out = packets(net).find((p) => p.from === 'nat')!;
    const d = dissect(fromHex(out.bytes), out.linkType);
    expect(findField(d.layers, 'ip.checksum.status')!.value).toBe(1);
    expect(findField(d.layers, 'udp.checksum.status')!.value).toBe(1);
    const table = natStates(net).pop()!.tables['NAT bindings']!;
    expect(table).toEqual([{ inside: `${MAG}:9000`, public: `${PUBLIC}:40001`, 'expires (s)': 30.001, 'last used (s)': 0.001 }]);
  });

  it('translates the reply back to the inside address and port', () => {
    const { net, atMag } = build();
    net.node('mag').sendIp(udp(MAG, LMA, 9000, 9000, 1));
    net.engine.runUntil(10_000);
    net.node('lma').sendIp(udp(LMA, PUBLIC, 9000, 40001, 2));
    net.engine.runAll();
    expect(atMag).toHaveLength(1);
    expect(atMag[0]!.packet).toMatchObject({ src: LMA, dst: MAG });
    expect(udpOf(atMag[0]!)).toMatchObject({ srcport: 9000, dstport: 9000 });
    const last = packets(net).pop()!;
    expect([last.from, last.to, last.fate]).toEqual(['nat', 'mag', 'delivered']);
    const d = dissect(fromHex(last.bytes), last.linkType);
    expect(findField(d.layers, 'ip.checksum.status')!.value).toBe(1);
    expect(findField(d.layers, 'udp.checksum.status')!.value).toBe(1);
  });

  it('drops downlink packets once the binding expired, and says so', () => {
    const { net, nat, atMag } = build();
    net.node('mag').sendIp(udp(MAG, LMA, 9000, 9000, 1));
    net.engine.runUntil(40_000_000);
    expect(nat.bindings.size).toBe(0);
    const expiry = natStates(net).pop()!;
    expect(expiry.time).toBe(30_001_000);
    expect(expiry.tables['NAT bindings']).toEqual([]);
    expect(expiry.changed).toEqual(['NAT bindings']);
    net.node('lma').sendIp(udp(LMA, PUBLIC, 9000, 40001, 2));
    net.engine.runAll();
    expect(atMag).toHaveLength(0);
    const last = packets(net).pop()!;
    expect(last.fate).toBe('filtered');
    expect(last.reason).toMatch(/^no NAT binding for 198\.51\.100\.1:40001 \(it expired at 30\.001 s after 30 s idle/);
  });

  it('says when a binding never existed', () => {
    const { net } = build();
    net.node('lma').sendIp(udp(LMA, PUBLIC, 9000, 40009, 2));
    net.engine.runAll();
    expect(packets(net).pop()).toMatchObject({ fate: 'filtered', reason: 'no NAT binding for 198.51.100.1:40009 (none was ever made)' });
  });

  it('keeps a binding that outbound traffic refreshes before it expires', () => {
    const { net, nat, atMag } = build();
    const mag = net.node('mag');
    mag.sendIp(udp(MAG, LMA, 9000, 9000, 1));
    net.engine.runUntil(20_000_000);
    mag.sendIp(udp(MAG, LMA, 9000, 9000, 2));
    net.engine.runUntil(45_000_000);
    expect(nat.lookup(MAG, 9000)).toMatchObject({ publicPort: 40001, lastUsed: 20_001_000 });
    net.node('lma').sendIp(udp(LMA, PUBLIC, 9000, 40001, 3));
    net.engine.runUntil(46_000_000);
    expect(atMag).toHaveLength(1);
    // Then it lapses 30 s after the refresh.
    net.engine.runAll();
    expect(nat.bindings.size).toBe(0);
    expect(natStates(net).pop()!.time).toBe(50_001_000);
  });

  it('gives two inside flows two public ports', () => {
    const { net, atLma } = build();
    const mag = net.node('mag');
    mag.sendIp(udp(MAG, LMA, 9000, 9000, 1));
    mag.sendIp(udp(MAG, LMA, 9001, 9000, 2));
    mag.sendIp(udp(MAG, LMA, 9000, 9000, 3));
    net.engine.runUntil(10_000);
    expect(atLma.map((d) => udpOf(d).srcport)).toEqual([40001, 40002, 40001]);
    expect(natStates(net).pop()!.tables['NAT bindings']!.map((r) => r.public)).toEqual([`${PUBLIC}:40001`, `${PUBLIC}:40002`]);
  });

  it('does not send other IPv4 protocols out untranslated', () => {
    const { net, atLma } = build();
    net.node('mag').sendIp(ipv4Packet({ src: MAG, dst: LMA, payload: { proto: 'icmp', type: 8, code: 0, id: 1, seq: 1 } }));
    net.engine.runAll();
    expect(atLma).toHaveLength(0);
    expect(packets(net).pop()).toMatchObject({ fate: 'filtered', reason: 'nat (NAT) translates only UDP; icmp from 10.0.0.2 is not sent out' });
  });
});
