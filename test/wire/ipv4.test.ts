import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, STATUS, findField, findFields, fromHex, hex, table, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { icmpEcho } from '../../src/wire/icmp';
import { ip, ipv4Packet } from '../../src/wire/ipv4';
import '../../src/wire/protocols';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2',id=0x1234,flags='DF',tos=0xb9)/ICMP(id=0x77,seq=3)/b'hello')
const ECHO = fromHex('45b90021123440004001a3ebc0000201c00002020800b3b30077000368656c6c6f');
// scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2',options=[IPOption_RR(routers=['1.2.3.4'])])/ICMP())
const RECORD_ROUTE = fromHex('47000024000100004001e3c9c0000201c000020207070401020304000800f7ff00000000');
// scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2')/IP(src='10.0.0.1',dst='10.0.0.2')/ICMP(type=0,id=1,seq=1))
const IP_IN_IP = fromHex('45000030000100004004f6c5c0000201c00002024500001c00010000400166de0a0000010a0000020000fffd00010001');
// scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2',flags='MF',id=7)/UDP(sport=1,dport=2,len=100)/(b'a'*16))
const FIRST_FRAGMENT = fromHex('4500002c000720004011d6b6c0000201c0000202000100020064706061616161616161616161616161616161');
// scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2',frag=3,id=7,proto=17)/(b'a'*16))
const LATER_FRAGMENT = fromHex('45000024000700034011f6bbc0000201c000020261616161616161616161616161616161');

const span = (layers: Parameters<typeof findField>[0], name: string) => {
  const n = findField(layers, name);
  return n && [n.start, n.end, n.value];
};

describe('ipv4', () => {
  it('decodes every header field with tshark names, byte ranges and values', () => {
    const out = decode(ip, ECHO);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['ip', 'icmp']);
    expect(out.layers[0]).toMatchObject({ start: 0, end: 20, display: 'Internet Protocol Version 4, Src: 192.0.2.1, Dst: 192.0.2.2' });
    expect(span(out.layers, 'ip.version')).toEqual([0, 1, 4]);
    // tshark's ip.hdr_len is in bytes; the field holds 32-bit words.
    expect(span(out.layers, 'ip.hdr_len')).toEqual([0, 1, 20]);
    expect(out.value.vihl).toEqual({ version: 4, ihl: 5 });
    expect(span(out.layers, 'ip.dsfield')).toEqual([1, 2, 0xb9]);
    expect(span(out.layers, 'ip.dsfield.dscp')).toEqual([1, 2, 46]);
    expect(span(out.layers, 'ip.dsfield.ecn')).toEqual([1, 2, 1]);
    expect(span(out.layers, 'ip.len')).toEqual([2, 4, 33]);
    expect(span(out.layers, 'ip.id')).toEqual([4, 6, 0x1234]);
    expect(findField(out.layers, 'ip.flags')).toMatchObject({ start: 6, end: 7, value: 2, mask: 0xe0, bits: 8 });
    expect(span(out.layers, 'ip.flags.df')).toEqual([6, 7, true]);
    expect(findField(out.layers, 'ip.frag_offset')).toMatchObject({ start: 6, end: 8, value: 0, mask: 0x1fff, bits: 16 });
    expect(span(out.layers, 'ip.ttl')).toEqual([8, 9, 64]);
    expect(span(out.layers, 'ip.proto')).toEqual([9, 10, 1]);
    expect(span(out.layers, 'ip.checksum')).toEqual([10, 12, 0xa3eb]);
    expect(findField(out.layers, 'ip.checksum.status')!.value).toBe(1);
    expect(span(out.layers, 'ip.src')).toEqual([12, 16, '192.0.2.1']);
    expect(span(out.layers, 'ip.dst')).toEqual([16, 20, '192.0.2.2']);
  });

  it('builds the bytes scapy builds: protocol, lengths and checksum filled in', () => {
    const v = { ...ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', id: 0x1234, df: true, payload: icmpEcho({ ident: 0x77, seq: 3, data: new TextEncoder().encode('hello') }) }), dsfield: { dscp: 46, ecn: 1 } };
    expect(hex(encode(ip, v as never))).toBe(hex(ECHO));
  });

  it('keeps options raw, counts them in the header length, and checksums them', () => {
    const out = decode(ip, RECORD_ROUTE);
    expect(out.problems).toEqual([]);
    expect(span(out.layers, 'ip.hdr_len')).toEqual([0, 1, 28]);
    expect(findField(out.layers, 'ip.options')).toMatchObject({ start: 20, end: 28, raw: true });
    expect(findField(out.layers, 'ip.checksum.status')!.value).toBe(1);
    expect(out.layers[1]).toMatchObject({ name: 'icmp', start: 28 });
    expect(hex(encode(ip, out.value))).toBe(hex(RECORD_ROUTE));
    // Options of 7 octets are padded to 8, and IHL follows.
    const seven = encode(ip, { ...ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', id: 1, payload: icmpEcho({ ident: 0, seq: 0 }) }), options: fromHex('07070401020304') } as never);
    expect(hex(seven)).toBe(hex(RECORD_ROUTE));
  });

  it('reports a wrong header checksum with the value it should have', () => {
    const bad = ECHO.slice();
    bad[8] = 63; // the TTL changed but the checksum was not updated
    const out = decode(ip, bad);
    expect(out.problems.map((p) => p.id)).toEqual(['ip.checksum.bad']);
    expect(out.problems[0]).toMatchObject({ start: 10, end: 12 });
    expect(out.problems[0]!.message).toMatch(/is 0xa3eb but should be 0xa4eb/);
  });

  it('reports a Total Length beyond the bytes, a header cut short, and a header length below 20', () => {
    const long = ECHO.slice();
    long[3] = 0x40;
    expect(decode(ip, long).problems.map((p) => p.id)).toContain('ip.len.invalid');
    expect(decode(ip, ECHO.subarray(0, 15)).problems.map((p) => p.id)).toEqual(['ip.len.invalid', 'ip.truncated']);
    const short = ECHO.slice();
    short[0] = 0x44;
    const out = decode(ip, short);
    expect(out.problems.map((p) => p.id)).toContain('ip.hdr_len.invalid');
    expect(out.problems.find((p) => p.id === 'ip.hdr_len.invalid')!.message).toMatch(/16 bytes/);
  });

  it('decodes the upper header of a first fragment with its checksum unverified, and later fragments as data', () => {
    const first = decode(ip, FIRST_FRAGMENT);
    expect(first.layers.map((l) => l.name)).toEqual(['ip', 'udp', 'data']);
    expect(findField(first.layers, 'udp.checksum.status')!.value).toBe(2);
    // The UDP length counts the whole datagram; in a fragment that is a note, not an error.
    expect(first.problems.map((p) => [p.id, p.severity])).toEqual([['udp.len.invalid', 'info']]);
    const later = decode(ip, LATER_FRAGMENT);
    expect(later.problems).toEqual([]);
    expect(later.layers.map((l) => l.name)).toEqual(['ip', 'data']);
    expect(span(later.layers, 'ip.frag_offset')).toEqual([6, 8, 3]);
  });

  it('IPv4 in IPv4 (RFC 2003) decodes to the innermost echo with every checksum good', () => {
    const out = decode(ip, IP_IN_IP);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => [l.name, l.start, l.end])).toEqual([['ip', 0, 20], ['ip', 20, 40], ['icmp', 40, 48]]);
    expect(findFields(out.layers, 'ip.checksum.status').map((n) => n.value)).toEqual([STATUS.good, STATUS.good]);
    expect(findField(out.layers, 'icmp.checksum.status')!.value).toBe(1);
    const built = ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', id: 1, payload: ipv4Packet({ src: '10.0.0.1', dst: '10.0.0.2', id: 1, payload: icmpEcho({ reply: true, ident: 1, seq: 1 }) }) });
    expect(hex(encode(ip, built as never))).toBe(hex(IP_IN_IP));
    expect(span(out.layers, 'ip.proto')).toEqual([9, 10, 4]);
  });

  const freePort = fc.nat(0xffff).filter((p) => table('udp.port').get(p) === undefined);
  const inner: fc.Arbitrary<LayerValue | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.record({ ident: fc.nat(0xffff), seq: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 24 }) }).map((o) => icmpEcho(o)),
    // Ports no protocol claims, so the payload stays data.
    fc.record({ srcport: freePort, dstport: freePort, data: fc.uint8Array({ maxLength: 24 }) }).map(
      (o): LayerValue => ({ proto: 'udp', srcport: o.srcport, dstport: o.dstport, payload: { proto: 'data', data: o.data } }),
    ),
  );
  const packet = fc
    .record({
      src: fc.ipV4(),
      dst: fc.ipV4(),
      ttl: fc.nat(255),
      id: fc.nat(0xffff),
      df: fc.boolean(),
      dscp: fc.nat(63),
      ecn: fc.nat(3),
      options: fc.option(fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => fromHex(hex(b) + '00'.repeat((4 - (b.length % 4)) % 4))), { nil: undefined }),
      inner,
    })
    .map((o) => ({
      ...ipv4Packet({ src: o.src, dst: o.dst, ttl: o.ttl, id: o.id, df: o.df, ...(o.inner ? { payload: o.inner } : {}) }),
      dsfield: { dscp: o.dscp, ecn: o.ecn },
      ...(o.options ? { options: o.options } : {}),
    }));

  it('encode → decode → encode gives the same bytes, with good checksums', () => {
    fc.assert(
      fc.property(packet, (v) => {
        const bytes = encode(ip, v as never);
        const out = decode(ip, bytes);
        expect(out.problems).toEqual([]);
        expect(findFields(out.layers, 'ip.checksum.status').every((n) => n.value === STATUS.good)).toBe(true);
        expect(hex(encode(ip, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or damaged packets; every node stays inside its parent and the frame', () => {
    const damaged = fc.tuple(fc.constantFrom(ECHO, RECORD_ROUTE, IP_IN_IP, FIRST_FRAGMENT), fc.nat(64), fc.nat(255), fc.nat(40)).map(([p, at, b, cut]) => {
      const g = p.slice(0, Math.max(0, p.length - (cut % 12)));
      if (g.length > 0) g[at % g.length] = b;
      return g;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }).map((b) => (b.length ? Uint8Array.of(0x40 | (b[0]! & 0x0f), ...b.subarray(1)) : b)), damaged), (bytes) => {
        const out = decode(ip, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'ipv4 agrees with tshark 4.0', () => {
  test('header fields, options and IPv4-in-IPv4 have tshark names, positions and values', async () => {
    const frames = [ECHO, RECORD_ROUTE, IP_IN_IP];
    const packets = await pdmlOf(frames.map((data) => ({ data, linkType: 101 })));
    frames.forEach((f, i) => {
      assertSameFields(dissect(f, 101).layers, packets[i]!, {
        // tshark's options item has no name; its checksum status is a number.
        ignore: ['ip.options', 'ip.checksum.status', 'icmp.checksum.status'],
      });
    });
  });
});
