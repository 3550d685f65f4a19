import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, nodeAt } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { gre, grePacket, type GreValue } from '../../src/wire/gre';
import { ipv4Packet } from '../../src/wire/ipv4';
import '../../src/wire/ipv6';
import '../../src/wire/data';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed, findOne } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2')/GRE(key_present=1,key=0x1234)/
//              IP(src='10.0.0.1',dst='10.0.0.2')/ICMP())[20:]
const KEYED = fromHex('200008000000123445' + '00001c00010000400166de0a0000010a0000020800f7ff00000000');
// scapy: bytes(IP(...)/GRE(chksum_present=1,key_present=1,seqnum_present=1,key=7,seqence_number=42)/
//              IPv6(src='2001:db8::1',dst='2001:db8::2')/ICMPv6EchoRequest())[20:]
const FULL = fromHex(
  'b00086dd2eea0000000000070000002a' +
    '6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244800000000',
);

describe('gre', () => {
  it('decodes a keyed header (RFC 2890) with tshark names and byte ranges, then the inner IPv4 packet', () => {
    const out = decode(gre, KEYED);
    expect(out.problems).toEqual([]);
    expect(out.value.flags).toMatchObject({ checksum: false, key: true, sequence: false, version: 0 });
    expect(out.value.key).toBe(0x1234);
    expect(out.layers.map((l) => l.name).slice(0, 2)).toEqual(['gre', 'ip']);
    const key = findField(out.layers, 'gre.key')!;
    expect([key.start, key.end, key.display]).toEqual([4, 8, '0x00001234']);
    expect(findField(out.layers, 'gre.flags.key')).toMatchObject({ start: 0, end: 2, value: true, mask: 0x2000 });
    expect(findField(out.layers, 'gre.proto')).toMatchObject({ start: 2, end: 4, value: 0x0800, display: 'IPv4 (0x0800)' });
    expect(out.layers[0]!.end).toBe(8);
    expect(out.layers[0]!.display).toBe('GRE key=0x00001234 (IPv4)');
  });

  it('encodes the same bytes as scapy from a builder, deriving the flags and the protocol type', () => {
    const inner = decode(gre, KEYED).value.payload!;
    expect(hex(encode(gre, grePacket({ key: 0x1234, payload: inner }) as GreValue))).toBe(hex(KEYED));
  });

  it('reads checksum, reserved1, key and sequence number when C, K and S are set, and verifies the checksum', () => {
    const out = decode(gre, FULL);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ checksum: 0x2eea, reserved1: 0, key: 7, sequence: 42, protocolType: 0x86dd });
    expect(findField(out.layers, 'gre.checksum.status')!.value).toBe(1);
    expect(findField(out.layers, 'gre.offset')).toMatchObject({ start: 6, end: 8 });
    expect(findField(out.layers, 'gre.sequence_number')).toMatchObject({ start: 12, end: 16, value: 42 });
    expect(out.layers.map((l) => l.name).slice(0, 2)).toEqual(['gre', 'ipv6']);
    const again = encode(gre, grePacket({ checksum: true, key: 7, sequence: 42, payload: out.value.payload! }) as GreValue);
    expect(hex(again)).toBe(hex(FULL));
  });

  it('reports a wrong checksum with what it should be', () => {
    const bad = FULL.slice();
    bad[4] = 0;
    const out = decode(gre, bad);
    expect(out.problems.map((p) => p.id)).toEqual(['gre.checksum.bad']);
    expect(out.problems[0]!.message).toMatch(/should be 0x2eea/);
  });

  it('reports a key cut short once, on the bytes that are there', () => {
    const out = decode(gre, fromHex('2000080000'));
    expect(out.problems).toEqual([expect.objectContaining({ id: 'gre.truncated', start: 4, end: 5 })]);
  });

  it('warns about the RFC 1701 routing bit and a version other than 0', () => {
    const out = decode(gre, fromHex('40010800000000004500'));
    expect(out.problems.map((p) => p.id)).toEqual(expect.arrayContaining(['gre.reserved0.invalid', 'gre.version.invalid']));
  });

  it('keeps reserved bits, so a decoded header encodes back to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (bytes) => {
        const out = decode(gre, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
        if (out.problems.length === 0) expect(hex(encode(gre, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('encode → decode → encode gives the same bytes for any flags, key and sequence', () => {
    fc.assert(
      fc.property(
        fc.record({ checksum: fc.boolean(), key: fc.option(fc.nat(), { nil: undefined }), sequence: fc.option(fc.nat(), { nil: undefined }) }),
        fc.uint8Array({ maxLength: 20 }),
        (o, data) => {
          const bytes = encode(gre, grePacket({ ...o, payload: { proto: 'data', data } }) as GreValue);
          const out = decode(gre, bytes);
          expect(out.problems.filter((p) => p.id.startsWith('gre.'))).toEqual([]);
          expect(hex(encode(gre, out.value))).toBe(hex(bytes));
        },
      ),
      { numRuns },
    );
  });

  it('never throws on mutated packets, and every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.nat(FULL.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(FULL.length), (at, byte, cut) => {
        const bytes = FULL.slice(0, cut + 1);
        if (at < bytes.length) bytes[at] = byte;
        const out = decode(gre, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'gre agrees with tshark 4.0', () => {
  test('an Ethernet/IPv4/GRE(K)/IPv4 frame and a GRE(C,K,S)/IPv6 frame decode field for field', async () => {
    const keyed = encode(
      ethernet,
      ethernetFrame({
        src: '00:11:22:33:44:aa',
        dst: '00:0a:0b:0c:0d:0e',
        payload: ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', payload: grePacket({ key: 0xabcd, payload: ipv4Packet({ src: '10.0.0.1', dst: '10.0.0.2' }) }) }),
      }) as never,
    );
    const full = encode(
      ethernet,
      ethernetFrame({
        src: '00:11:22:33:44:aa',
        dst: '00:0a:0b:0c:0d:0e',
        payload: ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', payload: decode(gre, FULL).value as never }),
      }) as never,
    );
    const packets = await pdmlOf([{ data: keyed }, { data: full }]);
    assertNoMalformed(packets);
    for (const [i, frame] of [keyed, full].entries()) {
      const ours = dissect(frame);
      expect(ours.problems).toEqual([]);
      assertSameFields(ours.layers, packets[i]!, { only: (n) => n.startsWith('gre.') });
      expect(findFields(ours.layers, 'ip.src').length).toBe(i === 0 ? 2 : 1);
    }
    expect(findOne(packets[1]!, 'gre.checksum.status').show).toBe('1');
    // The innermost layer wins at the top level: a byte of the inner IPv4 header is the inner packet's.
    expect(nodeAt(dissect(keyed).layers, 14 + 20 + 8 + 12)?.name).toBe('ip.src');
  });
});
