import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, STATUS, findField, fromHex, hex, type FieldNode } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { icmp, icmpEcho, icmpError } from '../../src/wire/icmp';
import { ip, ipv4Packet } from '../../src/wire/ipv4';
import '../../src/wire/protocols';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(ICMP(id=0x77,seq=3)/b'hello')
const ECHO = fromHex('0800b3b30077000368656c6c6f');
// The PMIPv4 TTL-1 probe of seed 004 §6 comes back as Time Exceeded, quoting the probe.
// scapy: bytes(IP(src='192.0.2.9',dst='192.0.2.1')/ICMP(type=11,code=0)/IP(src='192.0.2.1',dst='198.51.100.1',
//              ttl=1,id=0x42)/UDP(sport=434,dport=434,len=60)/b'\x01\x00\x00\x00')
const TTL_EXCEEDED = fromHex(
  '4500003c000100004001f6b5c0000209c0000201' +
    '0b00e15300000000' +
    '45000020004200000111cd55c0000201c6336401' + '01b201b2003c0f0c' + '01000000',
);
// scapy: bytes(IP(src='192.0.2.9',dst='192.0.2.1')/ICMP(type=3,code=4,nexthopmtu=1400)/
//              IP(src='192.0.2.1',dst='198.51.100.1',flags='DF',len=1500)/ICMP(id=1,seq=2))
const FRAG_NEEDED = fromHex(
  '45000038000100004001f6b9c0000209c0000201' + '0304f78300000578' + '450005dc00014000400148eac0000201c6336401' + '0800f7fc00010002',
);

const names = (nodes: readonly FieldNode[] | undefined) => (nodes ?? []).map((n) => n.name);

describe('icmp', () => {
  it('decodes an echo request with tshark names and ranges, the data as data.data', () => {
    const out = decode(icmp, ECHO);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ type: 8, code: 0, checksum: 0xb3b3, ident: 0x77, seq: 3 });
    expect(names(out.layers[0]!.children)).toEqual(['icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.ident', 'icmp.seq', 'data.data']);
    expect(findField(out.layers, 'icmp.ident')).toMatchObject({ start: 4, end: 6, value: 0x77, display: '119 (0x0077)' });
    expect(findField(out.layers, 'data.data')).toMatchObject({ start: 8, end: 13, value: '68:65:6c:6c:6f' });
    expect(findField(out.layers, 'icmp.checksum.status')!.value).toBe(STATUS.good);
    expect(out.layers[0]!.display).toBe('Echo (ping) request  id=0x0077, seq=3');
    expect(hex(encode(icmp, icmpEcho({ ident: 0x77, seq: 3, data: new TextEncoder().encode('hello') }) as never))).toBe(hex(ECHO));
  });

  it('decodes Time Exceeded with the quoted probe as nested IP and UDP layers, as tshark does', () => {
    const out = decode(ip, TTL_EXCEEDED);
    expect(out.layers.map((l) => l.name)).toEqual(['ip', 'icmp']);
    const node = out.layers[1]!;
    expect(node).toMatchObject({ start: 20, end: 60, display: 'Time-to-live exceeded (Time to live exceeded in transit)' });
    expect(names(node.children).slice(0, 6)).toEqual(['icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.unused', 'ip', 'udp']);
    expect(findField(node.children!, 'icmp.code')!.display).toBe('0 (Time to live exceeded in transit)');
    const quoted = node.children!.find((c) => c.name === 'ip')!;
    expect(quoted).toMatchObject({ start: 28, end: 48 });
    expect(findField([quoted], 'ip.ttl')).toMatchObject({ start: 36, end: 37, value: 1 });
    expect(findField(out.layers, 'icmp.checksum.status')!.value).toBe(STATUS.good);
    // The quote is cut short on purpose: UDP's checksum cannot be checked and its length is a note.
    expect(findField(node.children!, 'udp.checksum.status')!.value).toBe(STATUS.unverified);
    expect(out.problems.every((p) => p.severity === 'info')).toBe(true);
    expect(out.problems.map((p) => p.id)).toContain('udp.len.invalid');
    expect(treeViolation(out.layers, TTL_EXCEEDED.length, out.problems)).toBeUndefined();
    const built = ipv4Packet({ src: '192.0.2.9', dst: '192.0.2.1', id: 1, payload: icmpError({ type: 11, code: 0, original: TTL_EXCEEDED.subarray(28) }) });
    expect(hex(encode(ip, built as never))).toBe(hex(TTL_EXCEEDED));
    // The decoded probe is there to read; the quoted bytes are what encodes back.
    const v = out.value.payload as Record<string, unknown>;
    expect(v.original).toMatchObject({ proto: 'ip', src: '192.0.2.1', dst: '198.51.100.1', ttl: 1 });
    expect(hex(v.quoted as Uint8Array)).toBe(hex(TTL_EXCEEDED.subarray(28)));
    expect(hex(encode(ip, out.value))).toBe(hex(TTL_EXCEEDED));
  });

  it('decodes Fragmentation Needed with the next-hop MTU (RFC 1191 §4) and a quoted ICMP left unverified', () => {
    const out = decode(ip, FRAG_NEEDED);
    const node = out.layers[1]!;
    expect(node.display).toBe('Destination unreachable (Fragmentation needed)');
    expect(findField(node.children!, 'icmp.unused')).toMatchObject({ start: 24, end: 26 });
    expect(findField(node.children!, 'icmp.mtu')).toMatchObject({ start: 26, end: 28, value: 1400 });
    const inner = node.children!.filter((c) => c.name === 'icmp');
    expect(inner).toHaveLength(1);
    expect(findField(inner, 'icmp.checksum.status')!.value).toBe(STATUS.unverified);
    expect(out.problems.map((p) => [p.id, p.severity])).toEqual([['ip.len.invalid', 'info']]);
    const built = ipv4Packet({ src: '192.0.2.9', dst: '192.0.2.1', id: 1, payload: icmpError({ type: 3, code: 4, mtu: 1400, original: FRAG_NEEDED.subarray(28) }) });
    expect(hex(encode(ip, built as never))).toBe(hex(FRAG_NEEDED));
  });

  it('reports a wrong checksum, keeps unknown types raw and reports a message cut short', () => {
    const bad = ECHO.slice();
    bad[7] = 4;
    const out = decode(icmp, bad);
    expect(out.problems.map((p) => p.id)).toEqual(['icmp.checksum.bad']);
    expect(out.problems[0]!.message).toMatch(/should be 0xb3b2/);
    const odd = decode(icmp, fromHex('2a00d5ff0000'));
    expect(odd.problems).toEqual([]);
    expect(findField(odd.layers, 'data.data')).toMatchObject({ start: 4, end: 6, raw: true });
    expect(decode(icmp, fromHex('0800f7')).problems.map((p) => p.id)).toEqual(['icmp.truncated']);
  });

  const message = fc.oneof(
    fc.record({ reply: fc.boolean(), ident: fc.nat(0xffff), seq: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 32 }) }).map((o) => icmpEcho(o)),
    fc.record({ type: fc.constantFrom(3 as const, 11 as const), code: fc.nat(15), src: fc.ipV4(), dst: fc.ipV4(), ttl: fc.nat(255), ident: fc.nat(0xffff) }).map((o) =>
      icmpError({ type: o.type, code: o.code === 4 && o.type === 3 ? 3 : o.code, original: ipv4Packet({ src: o.src, dst: o.dst, ttl: o.ttl, payload: icmpEcho({ ident: o.ident, seq: 0 }) }) }),
    ),
    fc.record({ mtu: fc.nat(0xffff), src: fc.ipV4(), dst: fc.ipV4() }).map((o) => icmpError({ type: 3, code: 4, mtu: o.mtu, original: ipv4Packet({ src: o.src, dst: o.dst }) })),
  );

  it('encode → decode → encode gives the same bytes, with a good checksum', () => {
    fc.assert(
      fc.property(message, (v) => {
        const bytes = encode(icmp, v as never);
        const out = decode(icmp, bytes);
        expect(out.problems).toEqual([]);
        expect(findField(out.layers, 'icmp.checksum.status')!.value).toBe(STATUS.good);
        expect(hex(encode(icmp, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or damaged messages; every node stays inside its parent and the frame', () => {
    const damaged = fc.tuple(fc.constantFrom(TTL_EXCEEDED.subarray(20), FRAG_NEEDED.subarray(20), ECHO), fc.nat(60), fc.nat(255), fc.nat(30)).map(([p, at, b, cut]) => {
      const g = p.slice(0, Math.max(0, p.length - cut));
      if (g.length > 0) g[at % g.length] = b;
      return g;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), damaged), (bytes) => {
        const out = decode(icmp, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'icmp agrees with tshark 4.0', () => {
  test('echo and errors with their quoted packets have tshark names, positions and values', async () => {
    const frames = [fromHex('45000021000100004001f6c9c0000201c0000202' + hex(ECHO)), TTL_EXCEEDED, FRAG_NEEDED];
    const packets = await pdmlOf(frames.map((data) => ({ data, linkType: 101 })));
    frames.forEach((f, i) => {
      assertSameFields(dissect(f, 101).layers, packets[i]!, {
        // tshark leaves the UDP payload of a quoted datagram undissected.
        only: (n) => n.startsWith('icmp') || n.startsWith('ip.') || n === 'ip' || n.startsWith('udp.') || n === 'data.data',
        ignore: ['ip.checksum.status', 'icmp.checksum.status', 'udp.checksum.status'],
      });
    });
  });
});
