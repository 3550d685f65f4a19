import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { bind, bytes, decode, encode, findField, findFields, fromHex, hex, message, nodeAt, registerProtocol, type OptionValue } from '../../src/wire/core';
import '../../src/wire/data';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';
import { sctp, sctpData } from '../../src/wire/sctp';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed, findOne } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
type SctpValue = Parameters<typeof sctp.encode>[1];
const names = (layers: readonly { name: string }[]): string[] => layers.map((l) => l.name);

// scapy 2.5.0, the SCTP part (after the 20-byte IPv4 header) of IP(src='192.0.2.1',dst='192.0.2.2')/…
// SCTP(sport=49152,dport=49152,tag=0xdeadbeef)/SCTPChunkData(tsn=1,stream_id=0,stream_seq=0,proto_id=0,
//      data=b'\x01\x0c\x20\x00\x00\x00\x00\x07ab')
const LONE_DATA = fromHex('c000c000deadbeef0b9fc93a0000001a000000010000000000000000010c20000000000761620000');
// SCTP(sport=49152,dport=49152,tag=0x01020304)/SCTPChunkData(tsn=7,stream_id=0,stream_seq=0,proto_id=0,
//      beginning=1,ending=1,data=b'hello')
const WHOLE_MESSAGE = fromHex('c000c00001020304ce0ad10b0003001500000007000000000000000068656c6c6f000000');
// SCTP(…)/SCTPChunkSACK(cumul_tsn_ack=1,a_rwnd=1000)/SCTPChunkData(tsn=7,stream_seq=3,data=b'abcde')/
//      SCTPChunkData(tsn=8,stream_id=1,proto_id=46,data=b'xyz',beginning=1,ending=1)
const BUNDLE = fromHex(
  'c000c000010203047133cf400300001000000001000003e8000000000000001500000007000000030000000061626364650000000003001300000008000100000000002e78797a00',
);

// A test-only protocol for user data, reached by PPID.
registerProtocol(message('test.ppi', 'Test payload', [bytes('data', 'test.ppi.data', 'Data')], { layer: true }));
bind('sctp.ppi', 4000000000, 'test.ppi');

describe('sctp', () => {
  it('decodes the common header and a DATA chunk with tshark names, checking the CRC-32C', () => {
    const out = decode(sctp, LONE_DATA);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ srcport: 49152, dstport: 49152, verificationTag: 0xdeadbeef });
    // tshark shows the four checksum octets read in network order: 0x0b9fc93a (the CRC is 0x3ac99f0b).
    expect(findField(out.layers, 'sctp.checksum')).toMatchObject({ start: 8, end: 12, value: 0x0b9fc93a, display: '0x0b9fc93a' });
    expect(findField(out.layers, 'sctp.checksum.status')!.value).toBe(1);
    const data = out.value.chunks![0]!;
    expect(data).toMatchObject({ type: 0, length: 26, tsn: 1, sid: 0, ssn: 0, ppid: 0 });
    expect(findField(out.layers, 'sctp.chunk.data')).toMatchObject({ start: 12, end: 28 });
    expect(findField(out.layers, 'sctp.data_tsn_raw')).toMatchObject({ start: 16, end: 20, value: 1 });
    expect(findField(out.layers, 'sctp.data_payload_proto_id')).toMatchObject({ start: 24, end: 28, display: 'not specified (0)' });
    expect(findField(out.layers, 'sctp.chunk_padding')).toMatchObject({ start: 38, end: 40 });
    // The user data is the next layer: data, since it is a middle fragment (B = E = 0).
    expect(names(out.layers)).toEqual(['sctp', 'data']);
    expect(out.layers[1]).toMatchObject({ start: 28, end: 38 });
    // A user-data byte belongs to the inner layer, a padding byte to SCTP.
    expect(nodeAt(out.layers, 30)!.name).toBe('data.data');
    expect(nodeAt(out.layers, 39)!.name).toBe('sctp.chunk_padding');
  });

  it('builds one whole ordered message (B and E set) exactly as scapy does', () => {
    const v = sctpData({ srcport: 49152, dstport: 49152, verificationTag: 0x01020304, tsn: 7, payload: { proto: 'data', data: fromHex('68656c6c6f') } });
    expect(hex(encode(sctp, v as SctpValue))).toBe(hex(WHOLE_MESSAGE));
    const flags = findFields(decode(sctp, WHOLE_MESSAGE).layers, 'sctp.data_b_bit');
    expect(flags.map((f) => f.value)).toEqual([true]);
  });

  it('walks bundled chunks with their padding, each DATA chunk giving its own layer', () => {
    const out = decode(sctp, BUNDLE);
    expect(out.problems).toEqual([]);
    expect(out.value.chunks!.map((c) => c.type)).toEqual([3, 0, 0]);
    expect(names(out.layers)).toEqual(['sctp', 'data', 'data']);
    expect(findFields(out.layers, 'sctp.chunk_padding').map((n) => [n.start, n.end])).toEqual([[49, 52], [71, 72]]);
    expect(hex(encode(sctp, out.value))).toBe(hex(BUNDLE));
  });

  it('finds the user data protocol by PPID first', () => {
    const v = sctpData({ srcport: 1, dstport: 2, verificationTag: 1, tsn: 1, payload: { proto: 'test.ppi', data: fromHex('abcd') } });
    const out = decode(sctp, encode(sctp, v as SctpValue));
    expect(out.value.chunks![0]!.ppid).toBe(4000000000);
    expect(names(out.layers)).toEqual(['sctp', 'test.ppi']);
  });

  it('reports a wrong checksum with what it should be', () => {
    const bad = LONE_DATA.slice();
    bad[8] = 0;
    const out = decode(sctp, bad);
    expect(out.problems.map((p) => p.id)).toEqual(['sctp.checksum.bad']);
    expect(out.problems[0]!.message).toMatch(/should be 0x0b9fc93a/);
  });

  it('reports chunk lengths below 4 or past the packet, and a DATA chunk too short for its fields', () => {
    const tooSmall = encode(sctp, { srcport: 1, dstport: 2, verificationTag: 0, chunks: [{ type: 11, length: 2 }] } as SctpValue);
    expect(decode(sctp, tooSmall).problems.map((p) => p.id)).toContain('sctp.chunks.len.invalid');
    const tooLong = encode(sctp, { srcport: 1, dstport: 2, verificationTag: 0, chunks: [{ type: 11, length: 40 }] } as SctpValue);
    expect(decode(sctp, tooLong).problems.map((p) => p.id)).toContain('sctp.len.invalid');
    const shortData = encode(sctp, { srcport: 1, dstport: 2, verificationTag: 0, chunks: [{ type: 0, tsn: 1, length: 8 } as OptionValue] } as SctpValue);
    expect(decode(sctp, shortData).problems.map((p) => p.id)).toContain('sctp.truncated');
  });

  it('encode → decode → encode gives the same bytes for any DATA chunks', () => {
    const chunk = fc.record({
      tsn: fc.nat(),
      sid: fc.nat(0xffff),
      ssn: fc.nat(0xffff),
      ppid: fc.nat(),
      flags: fc.record({ i: fc.boolean(), u: fc.boolean(), b: fc.boolean(), e: fc.boolean() }),
      data: fc.uint8Array({ minLength: 1, maxLength: 13 }),
    });
    // (Any flags: fragments and unbound ports both end as data, so the bytes come back the same.)
    fc.assert(
      fc.property(fc.nat(0xffff), fc.nat(0xffff), fc.nat(), fc.array(chunk, { maxLength: 4 }), (srcport, dstport, verificationTag, list) => {
        const chunks = list.map(({ data, ...c }) => ({ type: 0, ...c, payload: { proto: 'data', data } }));
        const bytes = encode(sctp, { srcport, dstport, verificationTag, chunks } as SctpValue);
        const out = decode(sctp, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(sctp, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or mutated packets; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(LONE_DATA, BUNDLE), fc.nat(80), fc.nat(255), fc.nat(80), (base, at, byte, cut) => {
        const b = base.slice(0, cut);
        if (at < b.length) b[at] = byte;
        const out = decode(sctp, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const out = decode(sctp, b);
        expect(treeViolation(out.layers, b.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'sctp agrees with tshark 4.0 (-o sctp.checksum:CRC-32c)', () => {
  test('a lone DATA chunk, a whole message and a SACK+DATA+DATA bundle decode field for field', async () => {
    const frames = [LONE_DATA, WHOLE_MESSAGE, BUNDLE].map((b) =>
      encode(
        ethernet,
        ethernetFrame({
          src: '00:11:22:33:44:aa',
          dst: '00:0a:0b:0c:0d:0e',
          payload: ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', payload: decode(sctp, b).value as never }),
        }) as never,
      ),
    );
    const packets = await pdmlOf(frames.map((data) => ({ data })), { prefs: ['sctp.checksum:CRC-32c'] });
    assertNoMalformed(packets);
    frames.forEach((frame, i) => {
      // Decoded from Ethernet down without dissect(), which would load netlmm, bound to port 49152.
      const ours = decode(ethernet, frame);
      expect(ours.problems).toEqual([]);
      assertSameFields(ours.layers, packets[i]!, {
        only: (n) => n.startsWith('sctp.') || n === 'data.data',
        // Ours only: containers tshark leaves unnamed.
        // Frames 1 and 3 hold middle fragments (B = E = 0), whose user data tshark does not show at all.
        ignore: ['sctp.chunks', 'sctp.chunk.data', 'sctp.chunk.sack', ...(i !== 1 ? ['data.data'] : [])],
      });
      expect(findOne(packets[i]!, 'sctp.checksum.status').show).toBe('1');
    });
  });
});
