import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, STATUS, findField, findFields, fromHex, hex, type FieldNode } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import {
  icmpv6,
  icmpv6Echo,
  icmpv6Error,
  neighborAdvertisement,
  neighborSolicitation,
  routerAdvertisement,
  routerSolicitation,
} from '../../src/wire/icmpv6';
import { ipv6Codec, ipv6Packet } from '../../src/wire/ipv6';
import { mtu, prefixInfo, sourceLinkLayer, targetLinkLayer } from '../../src/wire/ndp';
import '../../src/wire/protocols';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

const MAG_MAC = '02:00:00:00:00:01';
const MN_MAC = '02:00:00:00:00:02';
// What a MAG sends an attaching MN (RFC 5213 §6.7): its home network prefix in a PIO.
// scapy: bytes(IPv6(src='fe80::1',dst='ff02::1',hlim=255)/ICMPv6ND_RA(M=1,O=0,prf=0,chlim=64,routerlifetime=1800,
//              reachabletime=0,retranstimer=0)/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:01')/ICMPv6NDOptMTU(mtu=1500)/
//              ICMPv6NDOptPrefixInfo(prefix='2001:db8:1::',prefixlen=64,validlifetime=86400,preferredlifetime=14400))
const RA = fromHex(
  '6000000000403afffe800000000000000000000000000001ff020000000000000000000000000001' +
    '86002b5840800708' + '0000000000000000' +
    '0101020000000001' + '05010000000005dc' + '030440c00001518000003840000000002001' + '0db8000100000000000000000000',
);
// scapy: bytes(IPv6(src='fe80::2',dst='ff02::2',hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:02'))
const RS = fromHex('6000000000103afffe800000000000000000000000000002ff020000000000000000000000000002' + '85007a2a00000000' + '0101020000000002');
// scapy: bytes(IPv6(src='fe80::1',dst='ff02::1:ff00:2',hlim=255)/ICMPv6ND_NS(tgt='fe80::2')/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:01'))
const NS = fromHex(
  '6000000000203afffe800000000000000000000000000001ff0200000000000000000001ff000002' + '87007a9700000000' + 'fe800000000000000000000000000002' + '0101020000000001',
);
// scapy: bytes(IPv6(src='fe80::2',dst='fe80::1',hlim=255)/ICMPv6ND_NA(tgt='fe80::2',R=1,S=1,O=1)/ICMPv6NDOptDstLLAddr(lladdr='02:00:00:00:00:02'))
const NA = fromHex(
  '6000000000203afffe800000000000000000000000000002fe800000000000000000000000000001' + '88009819e0000000' + 'fe800000000000000000000000000002' + '0201020000000002',
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/ICMPv6DestUnreach(code=3)/IPv6(src='2001:db8::b',
//              dst='2001:db8::c',plen=100)/UDP(sport=1,dport=2,len=100))
const UNREACHABLE = fromHex(
  '6000000000383a4020010db800000000000000000000000a20010db800000000000000000000000b' + '0103317800000000' +
    '600000000064114020010db800000000000000000000000b20010db800000000000000000000000c' + '000100020064a3f6',
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/ICMPv6PacketTooBig(mtu=1280)/IPv6(src='2001:db8::b',
//              dst='2001:db8::c')/ICMPv6EchoRequest())
const TOO_BIG = fromHex(
  '6000000000383a4020010db800000000000000000000000a20010db800000000000000000000000b' + '0200030000000500' +
    '6000000000083a4020010db800000000000000000000000b20010db800000000000000000000000c' + '8000243400000000',
);
// scapy: bytes(IPv6(src='fe80::1',dst='ff02::1',hlim=255)/ICMPv6ND_RA(prf=0,routerlifetime=0)/
//              ICMPv6NDOptUnknown(type=99,len=1,data=b'\x01\x02\x03\x04\x05\x06'))
const UNKNOWN_OPTION = fromHex(
  '6000000000183afffe800000000000000000000000000001ff020000000000000000000000000001' + '8600101a00000000' + '0000000000000000' + '6301010203040506',
);

const icmpv6Node = (bytes: Uint8Array) => {
  const out = decode(ipv6Codec, bytes);
  return { out, node: out.layers.find((l) => l.name === 'icmpv6')! };
};
const at = (nodes: readonly FieldNode[], name: string) => {
  const n = findField(nodes, name);
  return n && [n.start, n.end, n.value];
};

describe('icmpv6 and neighbor discovery', () => {
  it('decodes a Router Advertisement with its flags, timers and options at tshark names and ranges', () => {
    const { out, node } = icmpv6Node(RA);
    expect(out.problems).toEqual([]);
    expect(node.display).toBe(`Router Advertisement from ${MAG_MAC}`);
    const l = out.layers;
    expect(at(l, 'icmpv6.type')).toEqual([40, 41, 134]);
    expect(at(l, 'icmpv6.checksum')).toEqual([42, 44, 0x2b58]);
    expect(findField(l, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
    expect(at(l, 'icmpv6.nd.ra.cur_hop_limit')).toEqual([44, 45, 64]);
    expect(at(l, 'icmpv6.nd.ra.flag')).toEqual([45, 46, 0x80]);
    expect(at(l, 'icmpv6.nd.ra.flag.m')).toEqual([45, 46, true]);
    expect(at(l, 'icmpv6.nd.ra.flag.o')).toEqual([45, 46, false]);
    expect(at(l, 'icmpv6.nd.ra.router_lifetime')).toEqual([46, 48, 1800]);
    expect(at(l, 'icmpv6.nd.ra.reachable_time')).toEqual([48, 52, 0]);
    expect(at(l, 'icmpv6.nd.ra.retrans_timer')).toEqual([52, 56, 0]);
    expect(findFields(l, 'icmpv6.opt').map((n) => [n.start, n.end])).toEqual([[56, 64], [64, 72], [72, 104]]);
    expect(at(l, 'icmpv6.opt.linkaddr')).toEqual([58, 64, MAG_MAC]);
    expect(at(l, 'icmpv6.opt.mtu')).toEqual([68, 72, 1500]);
    expect(findFields(l, 'icmpv6.opt.length').map((n) => n.value)).toEqual([1, 1, 4]);
    expect(at(l, 'icmpv6.opt.prefix.length')).toEqual([74, 75, 64]);
    expect(at(l, 'icmpv6.opt.prefix.flag.l')).toEqual([75, 76, true]);
    expect(at(l, 'icmpv6.opt.prefix.flag.a')).toEqual([75, 76, true]);
    expect(at(l, 'icmpv6.opt.prefix.valid_lifetime')).toEqual([76, 80, 86400]);
    expect(at(l, 'icmpv6.opt.prefix.preferred_lifetime')).toEqual([80, 84, 14400]);
    expect(at(l, 'icmpv6.opt.prefix')).toEqual([88, 104, '2001:db8:1::']);
  });

  it('builds the Router Advertisement scapy builds from the machine helpers', () => {
    const ra = routerAdvertisement({
      managed: true,
      routerLifetime: 1800,
      options: [sourceLinkLayer(MAG_MAC), mtu(1500), prefixInfo({ prefix: '2001:db8:1::', valid: 86400, preferred: 14400 })],
    });
    const bytes = encode(ipv6Codec, ipv6Packet({ src: 'fe80::1', dst: 'ff02::1', hopLimit: 255, payload: ra }) as never);
    expect(hex(bytes)).toBe(hex(RA));
  });

  it('decodes and builds Router Solicitation, Neighbor Solicitation and Neighbor Advertisement', () => {
    const rs = icmpv6Node(RS);
    expect(rs.out.problems).toEqual([]);
    expect(rs.node.display).toBe(`Router Solicitation from ${MN_MAC}`);
    expect(at(rs.out.layers, 'icmpv6.reserved')).toEqual([44, 48, '00:00:00:00']);
    const ns = icmpv6Node(NS);
    expect(ns.node.display).toBe(`Neighbor Solicitation for fe80::2 from ${MAG_MAC}`);
    expect(at(ns.out.layers, 'icmpv6.nd.ns.target_address')).toEqual([48, 64, 'fe80::2']);
    const na = icmpv6Node(NA);
    expect(na.node.display).toBe(`Neighbor Advertisement fe80::2 (rtr, sol, ovr) is at ${MN_MAC}`);
    expect(findField(na.out.layers, 'icmpv6.nd.na.flag')).toMatchObject({ start: 44, end: 48, value: 0xe0000000 });
    expect(findField(na.out.layers, 'icmpv6.nd.na.flag.s')).toMatchObject({ start: 44, end: 48, value: true, mask: 0x40000000, bits: 32 });
    expect(at(na.out.layers, 'icmpv6.nd.na.target_address')).toEqual([48, 64, 'fe80::2']);
    const v6 = (src: string, dst: string, payload: Parameters<typeof ipv6Packet>[0]['payload']) =>
      hex(encode(ipv6Codec, ipv6Packet({ src, dst, hopLimit: 255, ...(payload ? { payload } : {}) }) as never));
    expect(v6('fe80::2', 'ff02::2', routerSolicitation({ options: [sourceLinkLayer(MN_MAC)] }))).toBe(hex(RS));
    expect(v6('fe80::1', 'ff02::1:ff00:2', neighborSolicitation({ target: 'fe80::2', options: [sourceLinkLayer(MAG_MAC)] }))).toBe(hex(NS));
    const adv = neighborAdvertisement({ target: 'fe80::2', router: true, solicited: true, override: true, options: [targetLinkLayer(MN_MAC)] });
    expect(v6('fe80::2', 'fe80::1', adv)).toBe(hex(NA));
  });

  it('decodes errors with the invoking packet nested inside, its checksums unverified and its cut a note', () => {
    const { out, node } = icmpv6Node(UNREACHABLE);
    expect(node.display).toBe('Destination Unreachable (Address unreachable)');
    expect(node.children!.map((c) => c.name)).toEqual(['icmpv6.type', 'icmpv6.code', 'icmpv6.checksum', 'icmpv6.reserved', 'ipv6', 'udp']);
    expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
    expect(findField(node.children!, 'udp.checksum.status')!.value).toBe(STATUS.unverified);
    expect(out.problems.map((p) => [p.id, p.severity])).toEqual([['ipv6.len.invalid', 'info'], ['udp.len.invalid', 'info']]);
    const ptb = icmpv6Node(TOO_BIG);
    expect(ptb.out.problems).toEqual([]);
    expect(at(ptb.out.layers, 'icmpv6.mtu')).toEqual([44, 48, 1280]);
    const inner = ptb.node.children!.filter((c) => c.name === 'icmpv6');
    expect(findField(inner, 'icmpv6.checksum.status')!.value).toBe(STATUS.unverified);
    const built = ipv6Packet({
      src: '2001:db8::a',
      dst: '2001:db8::b',
      payload: icmpv6Error({ type: 2, mtu: 1280, original: ipv6Packet({ src: '2001:db8::b', dst: '2001:db8::c', payload: icmpv6Echo({ ident: 0, seq: 0 }) }) }),
    });
    expect(hex(encode(ipv6Codec, built as never))).toBe(hex(TOO_BIG));
  });

  it('keeps an unknown option raw, and reports a zero option length, a wrong checksum and a missing pseudo-header', () => {
    const unknown = icmpv6Node(UNKNOWN_OPTION);
    expect(unknown.out.problems).toEqual([]);
    expect(findField(unknown.out.layers, 'icmpv6.data')).toMatchObject({ start: 58, end: 64, value: '01:02:03:04:05:06' });
    expect(findFields(unknown.out.layers, 'icmpv6.opt')[0]).toMatchObject({ raw: true, display: 'ICMPv6 Option (Unknown 99)' });
    const zero = RS.slice();
    zero[49] = 0;
    expect(decode(ipv6Codec, zero).problems.map((p) => p.id)).toContain('icmpv6.opt.len.invalid');
    const bad = RS.slice();
    bad[47] = 1;
    expect(decode(ipv6Codec, bad).problems.map((p) => p.id)).toEqual(['icmpv6.checksum.bad']);
    // Alone, without the IPv6 header, the checksum cannot be known.
    const alone = decode(icmpv6, RS.subarray(40));
    expect(alone.problems).toEqual([]);
    expect(findField(alone.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.unverified);
  });

  const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
  const addr = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => decode(ipv6Codec, new Uint8Array([0x60, 0, 0, 0, 0, 0, 59, 0, ...b, ...b])).value.src as string);
  const option = fc.oneof(
    mac.map(sourceLinkLayer),
    mac.map(targetLinkLayer),
    fc.nat(0xffffffff).map(mtu),
    fc.record({ prefix: addr, length: fc.nat(128), onLink: fc.boolean(), autonomous: fc.boolean(), valid: fc.nat(0xffffffff), preferred: fc.nat(0xffffffff) }).map(prefixInfo),
    fc.record({ type: fc.integer({ min: 6, max: 255 }), n: fc.nat(3) }).map((o) => ({ type: o.type, data: new Uint8Array(o.n * 8 + 6) })),
  );
  const options = fc.array(option, { maxLength: 4 });
  const message = fc.oneof(
    fc.record({ reply: fc.boolean(), ident: fc.nat(0xffff), seq: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 24 }) }).map(icmpv6Echo),
    options.map((o) => routerSolicitation({ options: o })),
    fc.record({ curHopLimit: fc.nat(255), managed: fc.boolean(), other: fc.boolean(), routerLifetime: fc.nat(0xffff), reachableTime: fc.nat(0xffffffff), options }).map(routerAdvertisement),
    fc.record({ target: addr, options }).map(neighborSolicitation),
    fc.record({ target: addr, router: fc.boolean(), solicited: fc.boolean(), override: fc.boolean(), options }).map(neighborAdvertisement),
    fc.record({ src: addr, dst: addr }).map((o) => icmpv6Error({ type: 3, original: ipv6Packet({ ...o, payload: icmpv6Echo({ ident: 1, seq: 1 }) }) })),
  );

  it('encode → decode → encode gives the same bytes, with a good checksum over the pseudo-header', () => {
    fc.assert(
      fc.property(addr, addr, message, (src, dst, m) => {
        const bytes = encode(ipv6Codec, ipv6Packet({ src, dst, hopLimit: 255, payload: m }) as never);
        const out = decode(ipv6Codec, bytes);
        expect(out.problems).toEqual([]);
        expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
        expect(hex(encode(ipv6Codec, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or damaged messages; every node stays inside its parent and the frame', () => {
    const damaged = fc.tuple(fc.constantFrom(RA, NS, NA, UNREACHABLE, TOO_BIG), fc.nat(120), fc.nat(255), fc.nat(40)).map(([p, i, b, cut]) => {
      const g = p.slice(0, Math.max(0, p.length - cut));
      if (g.length > 0) g[i % g.length] = b;
      return g;
    });
    const random = fc.tuple(fc.constantFrom(1, 2, 3, 4, 128, 133, 134, 135, 136, 200), fc.uint8Array({ maxLength: 80 })).map(([type, rest]) => Uint8Array.of(type, ...rest));
    fc.assert(
      fc.property(fc.oneof(damaged.map((b) => ({ b, whole: true })), random.map((b) => ({ b, whole: false }))), ({ b, whole }) => {
        const out = whole ? decode(ipv6Codec, b) : decode(icmpv6, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'icmpv6 agrees with tshark 4.0', () => {
  test('Neighbor Discovery, echo and errors have tshark names, positions and values', async () => {
    const frames = [RA, RS, NS, NA, UNREACHABLE, TOO_BIG, UNKNOWN_OPTION];
    const packets = await pdmlOf(frames.map((data) => ({ data, linkType: 101 })));
    frames.forEach((f, i) => {
      assertSameFields(dissect(f, 101).layers, packets[i]!, {
        only: (n) => n.startsWith('icmpv6') || n.startsWith('ipv6'),
        ignore: ['icmpv6.checksum.status'],
      });
    });
  });
});
