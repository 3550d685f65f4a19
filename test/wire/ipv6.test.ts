import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, STATUS, findField, findFields, fromHex, hex, MAX_DEPTH, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { icmpEcho } from '../../src/wire/icmp';
import { icmpv6Echo } from '../../src/wire/icmpv6';
import { ipv4Packet } from '../../src/wire/ipv4';
import { ipv6Codec, ipv6Packet } from '../../src/wire/ipv6';
import '../../src/wire/protocols';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b',fl=0x12345,tc=0xb9)/ICMPv6EchoReply(id=1,seq=2))
const ECHO_REPLY = fromHex('6b91234500083a4020010db800000000000000000000000a20010db800000000000000000000000b8100233300010002');
// The PMIPv6 tunnel (RFC 5213 §6.10.1): outer MAG → LMA, inner CN → MN.
// scapy: bytes(IPv6(src='2001:db8:ffff::2',dst='2001:db8:ffff::1')/IPv6(src='2001:db8:cafe::1',
//              dst='2001:db8:1::100',hlim=63)/ICMPv6EchoRequest(id=0x42,seq=1,data=b'ping'))
const IPV6_IN_IPV6 = fromHex(
  '600000000034294020010db8ffff0000000000000000000220010db8ffff00000000000000000001' +
    '60000000000c3a3f20010db8cafe0000000000000000000120010db8000100000000000000000100' +
    '800079320042000170696e67',
);
// RFC 5844 §4: IPv4 traffic of a dual-stack MN through the IPv6 tunnel.
// scapy: bytes(IPv6(src='2001:db8:ffff::2',dst='2001:db8:ffff::1')/IP(src='198.51.100.7',dst='10.1.0.5',ttl=63)/
//              ICMP(id=9,seq=1)/b'v4')
const IPV4_IN_IPV6 = fromHex(
  '60000000001e044020010db8ffff0000000000000000000220010db8ffff00000000000000000001' +
    '4500001e000100003f01479ec63364070a010005' +
    '080081c1000900017634',
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b',nh=59))
const NO_NEXT = fromHex('6000000000003b4020010db800000000000000000000000a20010db800000000000000000000000b');

describe('ipv6', () => {
  it('decodes the fixed header with tshark names, byte ranges and values', () => {
    const out = decode(ipv6Codec, ECHO_REPLY);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => [l.name, l.start, l.end])).toEqual([['ipv6', 0, 40], ['icmpv6', 40, 48]]);
    const at = (name: string) => {
      const n = findField(out.layers, name)!;
      return [n.start, n.end, n.value];
    };
    // tshark spreads the first word over three items of different widths.
    expect(at('ipv6.version')).toEqual([0, 1, 6]);
    expect(at('ipv6.tclass')).toEqual([0, 4, 0xb9]);
    expect(at('ipv6.tclass.dscp')).toEqual([0, 4, 46]);
    expect(at('ipv6.tclass.ecn')).toEqual([0, 4, 1]);
    expect(findField(out.layers, 'ipv6.flow')).toMatchObject({ start: 1, end: 4, value: 0x12345, mask: 0x0fffff, bits: 24 });
    expect(at('ipv6.plen')).toEqual([4, 6, 8]);
    expect(at('ipv6.nxt')).toEqual([6, 7, 58]);
    expect(at('ipv6.hlim')).toEqual([7, 8, 64]);
    expect(at('ipv6.src')).toEqual([8, 24, '2001:db8::a']);
    expect(at('ipv6.dst')).toEqual([24, 40, '2001:db8::b']);
    expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
    expect(out.value.vtf).toEqual({ version: 6, dscp: 46, ecn: 1, flow: 0x12345 });
  });

  it('builds the bytes scapy builds, with Next Header and Payload Length filled in', () => {
    const v = { ...ipv6Packet({ src: '2001:db8::a', dst: '2001:db8::b', flow: 0x12345, payload: icmpv6Echo({ reply: true, ident: 1, seq: 2 }) }), vtf: { dscp: 46, ecn: 1, flow: 0x12345 } };
    expect(hex(encode(ipv6Codec, v as never))).toBe(hex(ECHO_REPLY));
    expect(hex(encode(ipv6Codec, ipv6Packet({ src: '2001:db8::a', dst: '2001:db8::b' }) as never))).toBe(hex(NO_NEXT));
  });

  it('IPv6 in IPv6, the PMIPv6 tunnel (RFC 2473), decodes to the inner echo with its checksum good', () => {
    const out = decode(ipv6Codec, IPV6_IN_IPV6);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => [l.name, l.start, l.end])).toEqual([['ipv6', 0, 40], ['ipv6', 40, 80], ['icmpv6', 80, 92]]);
    expect(findFields(out.layers, 'ipv6.src').map((n) => n.value)).toEqual(['2001:db8:ffff::2', '2001:db8:cafe::1']);
    expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
    const built = ipv6Packet({
      src: '2001:db8:ffff::2',
      dst: '2001:db8:ffff::1',
      payload: ipv6Packet({ src: '2001:db8:cafe::1', dst: '2001:db8:1::100', hopLimit: 63, payload: icmpv6Echo({ ident: 0x42, seq: 1, data: new TextEncoder().encode('ping') }) }),
    });
    expect(hex(encode(ipv6Codec, built as never))).toBe(hex(IPV6_IN_IPV6));
  });

  it('IPv4 in IPv6 (RFC 2473, RFC 5844) decodes to the inner echo with both checksums good', () => {
    const out = decode(ipv6Codec, IPV4_IN_IPV6);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['ipv6', 'ip', 'icmp']);
    expect(findField(out.layers, 'ipv6.nxt')!.value).toBe(4);
    expect(findField(out.layers, 'ip.checksum.status')!.value).toBe(STATUS.good);
    expect(findField(out.layers, 'icmp.checksum.status')!.value).toBe(STATUS.good);
    const built = ipv6Packet({
      src: '2001:db8:ffff::2',
      dst: '2001:db8:ffff::1',
      payload: ipv4Packet({ src: '198.51.100.7', dst: '10.1.0.5', ttl: 63, id: 1, payload: icmpEcho({ ident: 9, seq: 1, data: new TextEncoder().encode('v4') }) }),
    });
    expect(hex(encode(ipv6Codec, built as never))).toBe(hex(IPV4_IN_IPV6));
  });

  it('stops a hostile chain of 1000 nested IPv6 headers at the nesting limit instead of recursing without end', () => {
    const depth = 1000;
    const bytes = new Uint8Array(depth * 40 + 8);
    for (let i = 0; i < depth; i++) {
      const at = i * 40;
      const plen = (depth - i - 1) * 40 + 8;
      bytes.set([0x60, 0, 0, 0, plen >> 8, plen & 0xff, i === depth - 1 ? 58 : 41, 64], at);
    }
    bytes.set([128, 0, 0, 0, 0, 0, 0, 0], depth * 40);
    const out = decode(ipv6Codec, bytes);
    expect(out.problems.map((p) => p.id)).toEqual(['ipv6.nesting']);
    expect(out.layers.filter((l) => l.name === 'ipv6')).toHaveLength(MAX_DEPTH + 1);
    expect(out.layers.at(-1)!.name).toBe('data');
    expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
  });

  it('reports a Payload Length beyond the bytes, a header cut short, the wrong version, and bytes after the payload', () => {
    const long = ECHO_REPLY.slice();
    long[5] = 0x20;
    expect(decode(ipv6Codec, long).problems.map((p) => p.id)).toContain('ipv6.len.invalid');
    expect(decode(ipv6Codec, ECHO_REPLY.subarray(0, 30)).problems.map((p) => p.id)).toContain('ipv6.truncated');
    const v4 = ECHO_REPLY.slice();
    v4[0] = 0x4b;
    expect(decode(ipv6Codec, v4).problems.map((p) => p.id)).toEqual(['ipv6.version.invalid']);
    // The inner packet's Payload Length ends it 2 octets before the outer one's does.
    const extra = fromHex('600000000032294020010db8ffff0000000000000000000220010db8ffff00000000000000000001' + hex(ECHO_REPLY) + 'aabb');
    const out = decode(ipv6Codec, extra);
    expect(out.problems.map((p) => p.id)).toEqual(['ipv6.trailing']);
    expect(out.layers.map((l) => l.name)).toEqual(['ipv6', 'ipv6', 'icmpv6']);
    expect(findField(out.layers, 'ipv6.trailing')).toMatchObject({ start: 88, end: 90, raw: true });
  });

  const addr = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => decode(ipv6Codec, new Uint8Array([0x60, 0, 0, 0, 0, 0, 59, 0, ...b, ...b])).value.src as string);
  const inner: fc.Arbitrary<LayerValue | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.record({ ident: fc.nat(0xffff), seq: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 24 }) }).map((o) => icmpv6Echo(o)),
    fc.record({ src: fc.ipV4(), dst: fc.ipV4(), ident: fc.nat(0xffff) }).map((o) => ipv4Packet({ src: o.src, dst: o.dst, payload: icmpEcho({ ident: o.ident, seq: 1 }) })),
    fc.record({ src: addr, dst: addr, ident: fc.nat(0xffff) }).map((o) => ipv6Packet({ src: o.src, dst: o.dst, payload: icmpv6Echo({ ident: o.ident, seq: 1 }) })),
  );
  const packet = fc
    .record({ src: addr, dst: addr, hlim: fc.nat(255), dscp: fc.nat(63), ecn: fc.nat(3), flow: fc.nat(0xfffff), inner })
    .map((o) => ({ ...ipv6Packet({ src: o.src, dst: o.dst, hopLimit: o.hlim, ...(o.inner ? { payload: o.inner } : {}) }), vtf: { dscp: o.dscp, ecn: o.ecn, flow: o.flow } }));

  it('encode → decode → encode gives the same bytes, with good checksums inside', () => {
    fc.assert(
      fc.property(packet, (v) => {
        const bytes = encode(ipv6Codec, v as never);
        const out = decode(ipv6Codec, bytes);
        expect(out.problems).toEqual([]);
        expect(findFields(out.layers, 'icmpv6.checksum.status').every((n) => n.value === STATUS.good)).toBe(true);
        expect(hex(encode(ipv6Codec, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or damaged packets; every node stays inside its parent and the frame', () => {
    const damaged = fc.tuple(fc.constantFrom(ECHO_REPLY, IPV6_IN_IPV6, IPV4_IN_IPV6), fc.nat(100), fc.nat(255), fc.nat(30)).map(([p, at, b, cut]) => {
      const g = p.slice(0, Math.max(0, p.length - cut));
      if (g.length > 0) g[at % g.length] = b;
      return g;
    });
    const random = fc.uint8Array({ maxLength: 120 }).map((b) => (b.length ? Uint8Array.of(0x60 | (b[0]! & 0x0f), ...b.subarray(1)) : b));
    fc.assert(
      fc.property(fc.oneof(random, damaged), (bytes) => {
        const out = decode(ipv6Codec, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'ipv6 agrees with tshark 4.0', () => {
  test('the fixed header and the tunnels have tshark names, positions and values', async () => {
    const frames = [ECHO_REPLY, IPV6_IN_IPV6, IPV4_IN_IPV6, NO_NEXT];
    const packets = await pdmlOf(frames.map((data) => ({ data, linkType: 101 })));
    frames.forEach((f, i) => {
      assertSameFields(dissect(f, 101).layers, packets[i]!, { ignore: ['ip.checksum.status', 'icmp.checksum.status', 'icmpv6.checksum.status'] });
    });
  });
});
