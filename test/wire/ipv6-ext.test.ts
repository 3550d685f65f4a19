import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, STATUS, findField, findFields, fromHex, hex, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { icmpv6Echo } from '../../src/wire/icmpv6';
import { ipv6Codec, ipv6Packet } from '../../src/wire/ipv6';
import '../../src/wire/protocols';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// A mobile node away from home (RFC 6275 §11.3.1): from its care-of address, naming its home address.
// scapy: bytes(IPv6(src='2001:db8:c0a::1',dst='2001:db8:b::9')/IPv6ExtHdrDestOpt(options=[HAO(hoa='2001:db8:1::100')])/
//              ICMPv6EchoRequest(id=5,seq=6))            (scapy pads before the HAO for its 8n+6 alignment)
const HAO = fromHex(
  '6000000000203c4020010db80c0a0000000000000000000120010db8000b00000000000000000009' +
    '3a020102' + '0000c91020010db80001000000000000000001' + '00' + '8000232b00050006',
);
// A correspondent answering through a type 2 Routing header (RFC 6275 §6.4).
// scapy: bytes(IPv6(src='2001:db8:cafe::1',dst='2001:db8:c0a::1')/IPv6ExtHdrRouting(type=2,
//              addresses=['2001:db8:1::100'],segleft=1)/ICMPv6EchoReply(id=5,seq=6))
const RH2 = fromHex(
  '6000000000202b4020010db8cafe0000000000000000000120010db80c0a00000000000000000001' +
    '3a02020100000000' + '20010db8000100000000000000000100' + '8100573f00050006',
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/IPv6ExtHdrHopByHop(options=[RouterAlert()])/
//              IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x1f,optdata=b'\x01\x02')])/ICMPv6EchoRequest())
const CHAIN = fromHex(
  '600000000018004020010db800000000000000000000000a20010db800000000000000000000000b' +
    '3c00050200000100' + '3a001f0201020100' + '8000243600000000',
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/IPv6ExtHdrFragment(id=0xabc,m=1)/UDP(sport=1,dport=2,len=200)/(b'q'*8))
const FIRST_FRAGMENT = fromHex(
  '6000000000182c4020010db800000000000000000000000a20010db800000000000000000000000b' + '1100000100000abc' + '0001000200c8ddc6' + '71'.repeat(8),
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/IPv6ExtHdrFragment(id=0xabc,m=0,offset=5,nh=17)/(b'q'*8))
const LATER_FRAGMENT = fromHex(
  '6000000000102c4020010db800000000000000000000000a20010db800000000000000000000000b' + '1100002800000abc' + '71'.repeat(8),
);
// scapy: bytes(IPv6(src='2001:db8::a',dst='2001:db8::b')/IPv6ExtHdrDestOpt(options=[Pad1(),Pad1(),PadN(optdata=b'\0\0')])/ICMPv6EchoRequest())
const PADS = fromHex(
  '6000000000103c4020010db800000000000000000000000a20010db800000000000000000000000b' + '3a00000001020000' + '8000243600000000',
);

const at = (layers: Parameters<typeof findField>[0], name: string) => {
  const n = findField(layers, name);
  return n && [n.start, n.end, n.value];
};

describe('ipv6 extension headers', () => {
  it('decodes a Home Address option and sums the ICMPv6 checksum over the home address (RFC 6275 §11.3.1)', () => {
    const out = decode(ipv6Codec, HAO);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => [l.name, l.start, l.end])).toEqual([['ipv6', 0, 40], ['ipv6.dstopts', 40, 64], ['icmpv6', 64, 72]]);
    expect(at(out.layers, 'ipv6.dstopts.nxt')).toEqual([40, 41, 58]);
    expect(at(out.layers, 'ipv6.dstopts.len')).toEqual([41, 42, 2]);
    expect(findField(out.layers, 'ipv6.dstopts.len_oct')).toMatchObject({ start: 41, end: 42, value: 24, generated: true });
    expect(findFields(out.layers, 'ipv6.opt').map((n) => [n.start, n.end, n.label])).toEqual([[42, 46, 'PadN'], [46, 64, 'Home Address']]);
    expect(at(out.layers, 'ipv6.opt.padn')).toEqual([44, 46, '00:00']);
    expect(at(out.layers, 'ipv6.opt.mipv6.home_address')).toEqual([48, 64, '2001:db8:1::100']);
    expect(findFields(out.layers, 'ipv6.opt.type.action').map((n) => n.value)).toEqual([0, 3]);
    expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
    // With another home address the same checksum no longer fits: it really covers the option.
    const moved = HAO.slice();
    moved[63] = 0x01;
    expect(decode(ipv6Codec, moved).problems.map((p) => p.id)).toEqual(['icmpv6.checksum.bad']);
  });

  it('aligns the Home Address option on 8n+6 and pads the header to 8 octets when encoding, as scapy does', () => {
    const v = ipv6Packet({
      src: '2001:db8:c0a::1',
      dst: '2001:db8:b::9',
      payload: { proto: 'ipv6.dstopts', options: [{ type: 0xc9, homeAddress: '2001:db8:1::100' }], payload: icmpv6Echo({ ident: 5, seq: 6 }) },
    });
    expect(hex(encode(ipv6Codec, v as never))).toBe(hex(HAO));
  });

  it('decodes a type 2 Routing header and sums the checksum over the home address as final destination', () => {
    const out = decode(ipv6Codec, RH2);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['ipv6', 'ipv6.routing', 'icmpv6']);
    expect(out.layers[1]!.display).toBe('Routing Header for IPv6 (Type 2 Routing)');
    expect(at(out.layers, 'ipv6.routing.type')).toEqual([42, 43, 2]);
    expect(at(out.layers, 'ipv6.routing.segleft')).toEqual([43, 44, 1]);
    expect(at(out.layers, 'ipv6.routing.mipv6.reserved')).toEqual([44, 48, '00:00:00:00']);
    expect(at(out.layers, 'ipv6.routing.mipv6.home_address')).toEqual([48, 64, '2001:db8:1::100']);
    expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
    const v = ipv6Packet({
      src: '2001:db8:cafe::1',
      dst: '2001:db8:c0a::1',
      payload: { proto: 'ipv6.routing', type: 2, segleft: 1, homeAddress: '2001:db8:1::100', payload: icmpv6Echo({ reply: true, ident: 5, seq: 6 }) },
    });
    expect(hex(encode(ipv6Codec, v as never))).toBe(hex(RH2));
  });

  it('chains Hop-by-Hop and Destination Options, keeping an unknown option raw and padding each header', () => {
    const out = decode(ipv6Codec, CHAIN);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['ipv6', 'ipv6.hopopts', 'ipv6.dstopts', 'icmpv6']);
    expect(at(out.layers, 'ipv6.opt.router_alert')).toEqual([44, 46, 0]);
    expect(findField(out.layers, 'ipv6.opt.unknown')).toMatchObject({ start: 52, end: 54, value: '01:02' });
    expect(findFields(out.layers, 'ipv6.opt').find((n) => n.start === 50)).toMatchObject({ raw: true, end: 54 });
    const v = ipv6Packet({
      src: '2001:db8::a',
      dst: '2001:db8::b',
      payload: {
        proto: 'ipv6.hopopts',
        options: [{ type: 5, value: 0 }],
        payload: { proto: 'ipv6.dstopts', options: [{ type: 0x1f, data: Uint8Array.of(1, 2) }], payload: icmpv6Echo({ ident: 0, seq: 0 }) },
      },
    });
    expect(hex(encode(ipv6Codec, v as never))).toBe(hex(CHAIN));
  });

  it('shows Pad1 as tshark does: a one-octet option with an ipv6.opt.pad1 item', () => {
    const out = decode(ipv6Codec, PADS);
    expect(out.problems).toEqual([]);
    expect(findFields(out.layers, 'ipv6.opt.pad1').map((n) => [n.start, n.end])).toEqual([[42, 43], [43, 44]]);
    expect(hex(encode(ipv6Codec, out.value))).toBe(hex(PADS));
  });

  it('decodes the upper header of a first fragment unverified, and shows later fragments as data', () => {
    const first = decode(ipv6Codec, FIRST_FRAGMENT);
    expect(first.layers.map((l) => l.name)).toEqual(['ipv6', 'ipv6.fraghdr', 'udp', 'data']);
    expect(at(first.layers, 'ipv6.fraghdr.nxt')).toEqual([40, 41, 17]);
    expect(at(first.layers, 'ipv6.fraghdr.offset')).toEqual([42, 44, 0]);
    expect(at(first.layers, 'ipv6.fraghdr.more')).toEqual([42, 44, true]);
    expect(at(first.layers, 'ipv6.fraghdr.ident')).toEqual([44, 48, 0xabc]);
    expect(findField(first.layers, 'udp.checksum.status')!.value).toBe(STATUS.unverified);
    expect(first.problems.map((p) => [p.id, p.severity])).toEqual([['udp.len.invalid', 'info']]);
    const later = decode(ipv6Codec, LATER_FRAGMENT);
    expect(later.problems).toEqual([]);
    expect(later.layers.map((l) => l.name)).toEqual(['ipv6', 'ipv6.fraghdr', 'data']);
    expect(at(later.layers, 'ipv6.fraghdr.offset')).toEqual([42, 44, 5]);
  });

  it('reports a header longer than the packet and an option longer than its header', () => {
    const long = CHAIN.slice();
    long[41] = 9; // Hop-by-Hop says 80 octets
    expect(decode(ipv6Codec, long).problems.map((p) => p.id)).toContain('ipv6.hopopts.len.invalid');
    const opt = CHAIN.slice();
    opt[43] = 9; // Router Alert says 9 octets of data in an 8-octet header
    const out = decode(ipv6Codec, opt);
    expect(out.problems.map((p) => p.id)).toContain('ipv6.opt.len.invalid');
    expect(treeViolation(out.layers, opt.length, out.problems)).toBeUndefined();
  });

  const addr = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => decode(ipv6Codec, new Uint8Array([0x60, 0, 0, 0, 0, 0, 59, 0, ...b, ...b])).value.src as string);
  const unknownType = fc.integer({ min: 2, max: 255 }).filter((t) => ![5, 0xc9].includes(t) && (t & 0x1f) !== 0x1e);
  const option = fc.oneof(
    fc.record({ value: fc.nat(0xffff) }).map((o) => ({ type: 5, value: o.value })),
    addr.map((a) => ({ type: 0xc9, homeAddress: a })),
    fc.record({ type: unknownType, data: fc.uint8Array({ maxLength: 12 }) }),
  );
  type Wrap = (inner: LayerValue) => LayerValue;
  const header: fc.Arbitrary<Wrap> = fc.oneof(
    fc.record({ p: fc.constantFrom('ipv6.hopopts', 'ipv6.dstopts'), options: fc.array(option, { maxLength: 3 }) }).map(
      ({ p, options }): Wrap => (inner) => ({ proto: p, options, payload: inner }),
    ),
    fc.record({ segleft: fc.nat(255), home: addr }).map(({ segleft, home }): Wrap => (inner) => ({ proto: 'ipv6.routing', type: 2, segleft, homeAddress: home, payload: inner })),
    fc.nat(0xffffffff).map((ident): Wrap => (inner) => ({ proto: 'ipv6.fraghdr', fo: { offset: 0, more: false }, ident, payload: inner })),
  );

  it('encode → decode → encode gives the same bytes for chains of headers, with the ICMPv6 checksum good', () => {
    fc.assert(
      fc.property(addr, addr, fc.array(header, { maxLength: 4 }), fc.nat(0xffff), (src, dst, wraps, ident) => {
        const payload = wraps.reduceRight<LayerValue>((inner, wrap) => wrap(inner), icmpv6Echo({ ident, seq: 1 }));
        const bytes = encode(ipv6Codec, ipv6Packet({ src, dst, payload }) as never);
        const out = decode(ipv6Codec, bytes);
        expect(out.problems).toEqual([]);
        expect(findField(out.layers, 'icmpv6.checksum.status')!.value).toBe(STATUS.good);
        for (const l of out.layers.slice(1, -1)) expect((l.end - l.start) % 8).toBe(0);
        expect(hex(encode(ipv6Codec, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random extension headers; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 43, 44, 60), fc.uint8Array({ maxLength: 80 }), (nxt, rest) => {
        const bytes = fromHex(`6000000000${rest.length.toString(16).padStart(2, '0')}${nxt.toString(16).padStart(2, '0')}40` + '00'.repeat(32) + hex(rest));
        const out = decode(ipv6Codec, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'ipv6 extension headers agree with tshark 4.0', () => {
  test('Destination Options, Routing, Hop-by-Hop and Fragment headers have tshark names, positions and values', async () => {
    const frames = [HAO, RH2, CHAIN, LATER_FRAGMENT, PADS];
    const packets = await pdmlOf(frames.map((data) => ({ data, linkType: 101 })));
    frames.forEach((f, i) => {
      assertSameFields(dissect(f, 101).layers, packets[i]!, {
        only: (n) => n.startsWith('ipv6.'),
        // tshark widens the ipv6 item over its extension headers, and a Pad1 item over the next octet.
        ignore: ['ipv6', 'ipv6.opt'],
      });
    });
  });
});
