import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type OptionValue } from '../../src/wire/core';
import '../../src/wire/data';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv4Packet } from '../../src/wire/ipv4';
import { sctp } from '../../src/wire/sctp';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
type SctpValue = Parameters<typeof sctp.encode>[1];

// The SCTP part of scapy 2.5.0 packets IP(src='192.0.2.1',dst='192.0.2.2')/SCTP(sport=49152,dport=49152,tag=0x01020304)/…
const VECTORS = {
  // SCTPChunkInit(init_tag=0xa1b2c3d4,a_rwnd=65535,n_out_streams=1,n_in_streams=1,init_tsn=1000,
  //   params=[SCTPChunkParamIPv4Addr(addr='192.0.2.1'),SCTPChunkParamCookiePreservative(sug_cookie_inc=1000)])
  init: 'c000c00001020304709e9f3701000024a1b2c3d40000ffff00010001000003e800050008c000020100090008000003e8',
  // SCTPChunkInitAck(init_tag=0x0badcafe,…,init_tsn=5000,params=[SCTPChunkParamStateCookie(cookie=b'cookie!')])
  initAck: 'c000c000010203041f9ff585020000200badcafe0000ffff00010001000013880007000b636f6f6b69652100',
  // SCTPChunkSACK(cumul_tsn_ack=1000,a_rwnd=65535,gap_ack_list=['2:3'],dup_tsn_list=[999])
  sack: 'c000c0000102030432ce20ad03000018000003e80000ffff0001000100020003000003e7',
  // SCTPChunkHeartbeatReq(params=[SCTPChunkParamHeartbeatInfo(data=b'hb-info')])
  heartbeat: 'c000c00001020304fa039c17040000100001000b68622d696e666f00',
  // SCTPChunkHeartbeatAck(params=[SCTPChunkParamHeartbeatInfo(data=b'hb-info')])
  heartbeatAck: 'c000c00001020304040e90e5050000100001000b68622d696e666f00',
  // SCTPChunkAbort(TCB=1)
  abort: 'c000c000010203047cab304606010004',
  // SCTPChunkShutdown(cumul_tsn_ack=1001)
  shutdown: 'c000c000010203043446166407000008000003e9',
  // SCTPChunkShutdownAck()
  shutdownAck: 'c000c00001020304964870d108000004',
  // SCTPChunkCookieEcho(cookie=b'cookie!')
  cookieEcho: 'c000c00001020304116e0b310a00000b636f6f6b69652100',
  // SCTPChunkCookieAck()
  cookieAck: 'c000c00001020304afc152b30b000004',
} as const;

const chunk0 = (name: keyof typeof VECTORS): OptionValue => decode(sctp, fromHex(VECTORS[name])).value.chunks![0]!;

describe('sctp chunks and parameters', () => {
  it('decodes every control chunk scapy builds, with no problems, and encodes it back byte for byte', () => {
    for (const [name, h] of Object.entries(VECTORS)) {
      const out = decode(sctp, fromHex(h));
      expect(out.problems.filter((p) => p.severity !== 'info'), name).toEqual([]);
      expect(hex(encode(sctp, out.value)), name).toBe(h);
    }
  });

  it('reads INIT fixed fields and its parameters (RFC 9260 §3.3.2)', () => {
    expect(chunk0('init')).toMatchObject({
      type: 1,
      initiateTag: 0xa1b2c3d4,
      credit: 65535,
      outStreams: 1,
      inStreams: 1,
      initialTsn: 1000,
      parameters: [
        { type: 5, length: 8, address: '192.0.2.1' },
        { type: 9, length: 8, increment: 1000 },
      ],
    });
    const out = decode(sctp, fromHex(VECTORS.init));
    expect(findField(out.layers, 'sctp.init_initiate_tag')).toMatchObject({ start: 16, end: 20, display: '0xa1b2c3d4' });
    expect(findField(out.layers, 'sctp.parameter_ipv4_address')).toMatchObject({ start: 36, end: 40, value: '192.0.2.1' });
  });

  it('reads a SACK with its gap blocks and duplicate TSNs, counts derived on encode', () => {
    expect(chunk0('sack')).toMatchObject({ cumulativeTsnAck: 1000, aRwnd: 65535, gapCount: 1, dupCount: 1, gaps: [{ start: 2, end: 3 }], duplicates: [{ tsn: 999 }] });
    const built = encode(sctp, {
      srcport: 49152,
      dstport: 49152,
      verificationTag: 0x01020304,
      chunks: [{ type: 3, cumulativeTsnAck: 1000, aRwnd: 65535, gaps: [{ start: 2, end: 3 }], duplicates: [{ tsn: 999 }] }],
    } as SctpValue);
    expect(hex(built)).toBe(VECTORS.sack);
  });

  it('notes a last parameter padded inside its chunk, as scapy does and tshark remarks', () => {
    const out = decode(sctp, fromHex(VECTORS.initAck));
    expect(out.problems).toEqual([expect.objectContaining({ id: 'sctp.parameter_padding.misplaced', severity: 'info', start: 43, end: 44 })]);
    expect(findField(out.layers, 'sctp.parameter_state_cookie')).toMatchObject({ start: 36, end: 43 });
  });

  it('pads parameters but the last one, and every chunk, when encoding (RFC 9260 §3.2)', () => {
    const bytes = encode(sctp, {
      srcport: 1,
      dstport: 2,
      verificationTag: 0,
      chunks: [
        { type: 4, parameters: [{ type: 1, info: fromHex('01') }, { type: 1, info: fromHex('0203') }] },
        { type: 10, cookie: fromHex('aa') },
      ],
    } as SctpValue);
    // HEARTBEAT: 4 + (5 + 3 padding) + 6 = 18 octets, then 2 octets of chunk padding.
    expect(hex(bytes.subarray(12))).toBe('0400001200010005010000000001000602030000' + '0a000005aa000000');
    const out = decode(sctp, bytes);
    expect(out.problems).toEqual([]);
    expect(findFields(out.layers, 'sctp.parameter_padding').map((n) => [n.start, n.end])).toEqual([[21, 24]]);
    expect(findFields(out.layers, 'sctp.chunk_padding').map((n) => [n.start, n.end])).toEqual([[30, 32], [37, 40]]);
  });

  it('keeps an unknown chunk type raw, with its header', () => {
    const bytes = encode(sctp, { srcport: 1, dstport: 2, verificationTag: 0, chunks: [{ type: 0x3f, flags: 5, value: fromHex('a1a2a3') }] } as SctpValue);
    const out = decode(sctp, bytes);
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'sctp.chunk.unknown')).toMatchObject({ start: 12, end: 19, display: 'Chunk 63 chunk' });
    expect(findField(out.layers, 'sctp.chunk_value')).toMatchObject({ start: 16, end: 19, value: 'a1:a2:a3' });
  });

  it('reports a SACK that announces more gap blocks than it holds', () => {
    const bytes = encode(sctp, { srcport: 1, dstport: 2, verificationTag: 0, chunks: [{ type: 3, cumulativeTsnAck: 1, aRwnd: 1, gapCount: 2, gaps: [{ start: 1, end: 1 }] }] } as SctpValue);
    expect(decode(sctp, bytes).problems.map((p) => p.id)).toContain('sctp.sack_gap_block.count.invalid');
  });

  it('encode → decode → encode gives the same bytes for random control chunks', () => {
    const param = fc.oneof(
      fc.record({ type: fc.constant(1), info: fc.uint8Array({ maxLength: 9 }) }),
      fc.record({ type: fc.constant(5), address: fc.ipV4() }),
      fc.record({ type: fc.constant(7), cookie: fc.uint8Array({ maxLength: 9 }) }),
      fc.record({ type: fc.integer({ min: 0x100, max: 0xffff }), value: fc.uint8Array({ maxLength: 9 }) }),
    );
    const control = fc.oneof(
      fc.record({ type: fc.constant(1), initiateTag: fc.nat(), credit: fc.nat(), outStreams: fc.nat(0xffff), inStreams: fc.nat(0xffff), initialTsn: fc.nat(), parameters: fc.array(param, { maxLength: 3 }) }),
      fc.record({ type: fc.constant(3), cumulativeTsnAck: fc.nat(), aRwnd: fc.nat(), gaps: fc.array(fc.record({ start: fc.nat(0xffff), end: fc.nat(0xffff) }), { maxLength: 3 }), duplicates: fc.array(fc.record({ tsn: fc.nat() }), { maxLength: 3 }) }),
      fc.record({ type: fc.constantFrom(4, 5), parameters: fc.array(param, { maxLength: 3 }) }),
      fc.record({ type: fc.constant(7), cumulativeTsnAck: fc.nat() }),
      fc.record({ type: fc.constantFrom(8, 11) }),
      fc.record({ type: fc.constant(10), cookie: fc.uint8Array({ minLength: 1, maxLength: 9 }) }),
      fc.record({ type: fc.integer({ min: 15, max: 255 }), flags: fc.nat(255), value: fc.uint8Array({ minLength: 1, maxLength: 9 }) }),
    );
    fc.assert(
      fc.property(fc.array(control, { maxLength: 4 }), (chunks) => {
        const bytes = encode(sctp, { srcport: 7, dstport: 9, verificationTag: 3, chunks } as SctpValue);
        const out = decode(sctp, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(sctp, out.value))).toBe(hex(bytes));
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'sctp control chunks agree with tshark 4.0', () => {
  test('every chunk type scapy builds decodes field for field, and ours are not malformed', async () => {
    const frame = (v: SctpValue): Uint8Array =>
      encode(
        ethernet,
        ethernetFrame({
          src: '00:11:22:33:44:aa',
          dst: '00:0a:0b:0c:0d:0e',
          payload: ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', payload: v as never }),
        }) as never,
      );
    const scapyFrames = Object.values(VECTORS).map((h) => frame(decode(sctp, fromHex(h)).value));
    // The same chunks as our encoder writes them: the last parameter's padding moves out to the
    // chunk (scapy pads it inside, which tshark flags as malformed) and the checksum is recomputed.
    const ours = Object.values(VECTORS).map((h) => {
      const { checksum: _drop, ...v } = decode(sctp, fromHex(h)).value;
      for (const c of v.chunks ?? []) {
        delete c.length;
        for (const p of (c.parameters as OptionValue[] | undefined) ?? []) delete p.padding;
      }
      return frame(v as SctpValue);
    });
    const frames = [...scapyFrames, ...ours];
    const packets = await pdmlOf(frames.map((data) => ({ data })), { prefs: ['sctp.checksum:CRC-32c'] });
    assertNoMalformed(packets.slice(scapyFrames.length));
    frames.forEach((frame, i) => {
      const ours = decode(ethernet, frame);
      assertSameFields(ours.layers, packets[i]!, {
        only: (n) => n.startsWith('sctp.') && !n.startsWith('sctp.chunk.'),
        // Ours only: the containers tshark leaves unnamed.
        ignore: ['sctp.chunks', 'sctp.parameters', 'sctp.parameter', 'sctp.sack_gap_block', 'sctp.sack_duplicate'],
      });
    });
  });
});
