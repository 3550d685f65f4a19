import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePcap } from '../../src/wire/pcap';
import { LINKTYPE, readCapture, writeCapture, writePcapng, type CaptureFile } from '../../src/wire/pcapng';
import { capture, invariantViolations, mutate, mutation, normalized } from './capture/arbitraries';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** Hand-built blocks in either byte order, independent of the writer under test. */
function builder(littleEndian: boolean) {
  const u16 = (v: number): number[] => (littleEndian ? [v & 255, v >> 8] : [v >> 8, v & 255]);
  const u32 = (v: number): number[] => {
    const be = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    return littleEndian ? be.reverse() : be;
  };
  const pad = (b: number[]): number[] => [...b, ...new Array((4 - (b.length % 4)) % 4).fill(0)];
  const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
  const opt = (code: number, value: number[]): number[] => [...u16(code), ...u16(value.length), ...pad(value)];
  const end = [0, 0, 0, 0];
  const block = (type: number, body: number[]): number[] => {
    const total = 12 + pad(body).length;
    return [...u32(type), ...u32(total), ...pad(body), ...u32(total)];
  };
  const shb = (options: number[] = []): number[] =>
    block(0x0a0d0d0a, [...u32(0x1a2b3c4d), ...u16(1), ...u16(0), 255, 255, 255, 255, 255, 255, 255, 255, ...options]);
  const ts = (ticks: bigint): number[] => [...u32(Number(ticks >> 32n)), ...u32(Number(ticks & 0xffffffffn))];
  return { u16, u32, utf8, opt, end, block, shb, ts };
}

describe('writePcapng', () => {
  it('writes the minimal section header byte for byte', () => {
    // Provenance: `capinfos min.pcapng` on these 28 bytes reports "pcapng, Number of packets: 0"
    // (Wireshark 4.0.17).
    const bytes = writePcapng({ format: 'pcapng', interfaces: [], packets: [] });
    expect(hex(bytes)).toBe('0a0d0d0a1c000000' + '4d3c2b1a' + '01000000' + 'ffffffffffffffff' + '1c000000');
  });

  it('writes if_tsresol only when it is not the default, and scales µs to the interface clock', () => {
    const bytes = writePcapng({
      format: 'pcapng',
      interfaces: [{ linkType: LINKTYPE.IPV6, tsresol: 9 }],
      packets: [{ interfaceId: 0, timestampUs: 1, data: Uint8Array.of(0xaa), comment: 'é' }],
    });
    // IDB: linktype e5 00, snaplen 0 (no limit), if_tsresol = 9, opt_endofopt.
    expect(hex(bytes.subarray(28, 60))).toBe(
      '01000000' + '20000000' + 'e5000000' + '00000000' + '09000100' + '09000000' + '00000000' + '20000000',
    );
    // EPB: interface 0, timestamp 1000 ns, 1 byte captured, data padded, opt_comment "é" (c3 a9), end.
    expect(hex(bytes.subarray(60))).toBe(
      '06000000300000000000000000000000e80300000100000001000000aa000000' + '01000200c3a90000' + '00000000' + '30000000',
    );
  });

  it('keeps several interfaces, UTF-8 comments and timestamps through a round trip', () => {
    const original: CaptureFile = {
      format: 'pcapng',
      application: 'PMIP Lab → tests',
      // A leading U+FEFF is text, not a byte-order mark: a default TextDecoder would drop it.
      comments: ['Handover of MN1: MAG1 → MAG2', '\ufeffcafé'],
      interfaces: [
        { linkType: LINKTYPE.ETHERNET, name: 'mag1-eth0' },
        { linkType: LINKTYPE.IPV6, name: 'lma→mag tunnel', tsresol: 9 },
        { linkType: LINKTYPE.RAW, snaplen: 1500, tsresol: 3 },
      ],
      packets: [
        { interfaceId: 0, timestampUs: 1_700_000_000_000_001, data: unhex('ffffffffffff'), comment: 'step 1: RS' },
        { interfaceId: 1, timestampUs: 1_700_000_000_250_000n, data: unhex('6000'), originalLength: 80, comment: 'PBU → LMA, é' },
        { interfaceId: 2, timestampUs: 1_700_000_000_999_999, data: unhex('45') },
      ],
    };
    const { capture: back, problems } = readCapture(writePcapng(original));
    expect(problems).toEqual([]);
    expect(back?.interfaces).toEqual(original.interfaces);
    expect(back?.application).toBe('PMIP Lab → tests');
    expect(back?.comments).toEqual(['Handover of MN1: MAG1 → MAG2', '\ufeffcafé']);
    expect(back?.packets.map((p) => p.comment)).toEqual(['step 1: RS', 'PBU → LMA, é', undefined]);
    expect(back?.packets[1]).toMatchObject({ interfaceId: 1, originalLength: 80, data: unhex('6000') });
    // Interface 2 counts milliseconds, so its µs are rounded down when written.
    expect(back?.packets.map((p) => p.timestampUs)).toEqual([1_700_000_000_000_001, 1_700_000_000_250_000, 1_700_000_000_999_000]);
  });

  it('refuses captures no file can hold, naming the field', () => {
    const base = (p: Partial<CaptureFile['packets'][number]>, tsresol?: number): CaptureFile => ({
      format: 'pcapng',
      interfaces: [{ linkType: 1, ...(tsresol === undefined ? {} : { tsresol }) }],
      packets: [{ interfaceId: 0, timestampUs: 0, data: new Uint8Array(4), ...p }],
    });
    expect(() => writePcapng(base({ interfaceId: 1 }))).toThrow(/packets\[0\]\.interfaceId 1 names no interface/);
    expect(() => writePcapng(base({ timestampUs: 1.5 }))).toThrow(RangeError);
    expect(() => writePcapng(base({ timestampUs: -1 }))).toThrow(/before 1970/);
    expect(() => writePcapng(base({ comment: 'a\u0000b' }))).toThrow(/NUL/);
    expect(() => writePcapng(base({ originalLength: 3 }))).toThrow(/less than the 4 bytes/);
    expect(() => writePcapng(base({ timestampUs: 2n ** 60n }, 9))).toThrow(/does not fit 64 bits/);
    expect(() => writePcapng(base({}, 128))).toThrow(/tsresol/);
    expect(() => writePcapng({ format: 'pcapng', interfaces: [{ linkType: 70_000 }], packets: [] })).toThrow(/linkType/);
    const snapped: CaptureFile = { ...base({}), interfaces: [{ linkType: 1, snaplen: 3 }] };
    expect(() => writePcapng(snapped)).toThrow(/packets\[0\] captured 4 bytes, more than interfaces\[0\]\.snaplen of 3/);
  });

  it('writes the format the capture asks for', () => {
    const c: CaptureFile = { format: 'pcap', interfaces: [{ linkType: 1 }], packets: [] };
    expect(hex(writeCapture(c).subarray(0, 4))).toBe('d4c3b2a1');
    expect(hex(writeCapture({ ...c, format: 'pcapng' }).subarray(0, 4))).toBe('0a0d0d0a');
  });
});

describe('readCapture on pcapng', () => {
  it('reads a hand-built big-endian section, SPB, obsolete PB, tsresol 2^-10, tsoffset and a second section', () => {
    const be = builder(false);
    const le = builder(true);
    const bytes = Uint8Array.from([
      ...be.shb([...be.opt(4, be.utf8('by hand')), ...be.opt(1, be.utf8('big-endian → ok')), ...be.end]),
      ...be.block(1, [...be.u16(229), 0, 0, ...be.u32(0), ...be.opt(2, be.utf8('mn0')), ...be.opt(9, [9]), ...be.end]),
      // 0x8a: high bit set, so 2^-10 s ticks; if_tsoffset adds 10 s.
      ...be.block(1, [...be.u16(1), 0, 0, ...be.u32(65535), ...be.opt(9, [0x8a]), ...be.opt(14, [0, 0, 0, 0, 0, 0, 0, 10]), ...be.end]),
      ...be.block(6, [...be.u32(0), ...be.ts(1_700_000_000_123_456_789n), ...be.u32(4), ...be.u32(40), 0x60, 0, 0, 0, ...be.opt(1, be.utf8('EPB é')), ...be.end]),
      ...be.block(6, [...be.u32(1), ...be.ts(5n * 1024n + 512n), ...be.u32(1), ...be.u32(1), 0xee]),
      ...be.block(3, [...be.u32(3), 1, 2, 3]),
      ...be.block(2, [...be.u16(1), ...be.u16(0), ...be.ts(2048n), ...be.u32(2), ...be.u32(2), 9, 9, 0, 0, ...be.opt(1, be.utf8('old')), ...be.end]),
      ...be.block(4, [0, 0, 0, 0]), // a name resolution block: legitimate, nothing for us
      ...be.block(0x123, [1, 2, 3, 4]),
      ...le.shb(),
      ...le.block(1, [...le.u16(101), 0, 0, ...le.u32(0)]),
      ...le.block(6, [...le.u32(0), ...le.ts(42n), ...le.u32(1), ...le.u32(1), 0x45]),
    ]);
    const { capture: c, problems } = readCapture(bytes);
    expect(problems.map((p) => [p.id, p.severity])).toEqual([['pcapng.block.unknown', 'info']]);
    expect(c?.application).toBe('by hand');
    expect(c?.comments).toEqual(['big-endian → ok']);
    expect(c?.interfaces).toEqual([{ linkType: 229, name: 'mn0', tsresol: 9 }, { linkType: 1, snaplen: 65535 }, { linkType: 101 }]);
    expect(c?.packets).toEqual([
      { interfaceId: 0, timestampUs: 1_700_000_000_123_456, data: Uint8Array.of(0x60, 0, 0, 0), originalLength: 40, comment: 'EPB é' },
      { interfaceId: 1, timestampUs: 15_500_000, data: Uint8Array.of(0xee) },
      { interfaceId: 0, timestampUs: 0, data: Uint8Array.of(1, 2, 3) },
      { interfaceId: 1, timestampUs: 12_000_000, data: Uint8Array.of(9, 9), comment: 'old' },
      { interfaceId: 2, timestampUs: 42, data: Uint8Array.of(0x45) },
    ]);
  });

  it('says plainly when the bytes are not a capture', () => {
    const text = readCapture(new TextEncoder().encode('hello, world'));
    expect(text.capture).toBeUndefined();
    expect(text.problems).toEqual([
      expect.objectContaining({ id: 'capture.format.unknown', severity: 'error', start: 0, end: 4 }),
    ]);
    expect(text.problems[0]?.message).toMatch(/^not a pcap or pcapng file: the first four bytes are 68 65 6c 6c/);
    expect(readCapture(new Uint8Array()).problems[0]?.message).toBe('not a pcap or pcapng file: the file is empty.');
    expect(readCapture(Uint8Array.of(0x0a, 0x0d)).problems[0]?.message).toMatch(/only 2 bytes long \(0a 0d\)/);
  });
});

describe('readCapture on damaged pcapng', () => {
  // SHB 0–28, IDB 28–48, then three 40-byte EPBs at 48, 88 and 128; the file is 168 bytes.
  const good = writePcapng({
    format: 'pcapng',
    interfaces: [{ linkType: 1 }],
    packets: [0, 1, 2].map((i) => ({ interfaceId: 0, timestampUs: i, data: new Uint8Array(8).fill(i) })),
  });
  const patched = (at: number, value: number): Uint8Array => {
    const b = Uint8Array.from(good);
    new DataView(b.buffer).setUint32(at, value, true);
    return b;
  };
  const read = (b: Uint8Array) => {
    const r = readCapture(b);
    expect(invariantViolations(b, r)).toEqual([]);
    return { ids: r.problems.map((p) => p.id), packets: r.capture?.packets.map((p) => p.timestampUs), r };
  };

  it('keeps the packets before a block cut short', () => {
    expect(good.length).toBe(168);
    expect(read(good.subarray(0, 150))).toMatchObject({ ids: ['pcapng.block.len.invalid'], packets: [0, 1] });
    expect(read(good.subarray(0, 136))).toMatchObject({ ids: ['pcapng.block.truncated'], packets: [0, 1] });
    expect(read(good.subarray(0, 150)).r.problems[0]).toMatchObject({ start: 128, end: 150 });
  });

  it('stops at a block length that is not a multiple of 4 or below the minimum', () => {
    expect(read(patched(92, 41))).toMatchObject({ ids: ['pcapng.block.len.invalid'], packets: [0] });
    expect(read(patched(92, 8))).toMatchObject({ ids: ['pcapng.block.len.invalid'], packets: [0] });
    expect(read(patched(92, 41)).r.problems[0]?.message).toMatch(/not a multiple of 4/);
  });

  it('reports a trailing length that disagrees and reads on', () => {
    const { ids, packets, r } = read(patched(124, 44));
    expect(ids).toEqual(['pcapng.block.len.mismatch']);
    expect(packets).toEqual([0, 1, 2]);
    expect(r.problems[0]).toMatchObject({ severity: 'error', start: 124, end: 128 });
  });

  it('drops a packet whose interface does not exist, and only that one', () => {
    expect(read(patched(96, 7))).toMatchObject({ ids: ['pcapng.epb.interface.invalid'], packets: [0, 2] });
  });

  it('keeps the bytes a block holds when its captured length claims more', () => {
    const { ids, r } = read(patched(108, 200));
    expect(ids).toEqual(['pcapng.epb.caplen.invalid']);
    expect(r.capture?.packets[1]?.data).toEqual(new Uint8Array(8).fill(1));
  });

  it('keeps a packet whose comment option is broken, without the comment', () => {
    const b = writePcapng({ format: 'pcapng', interfaces: [{ linkType: 1 }], packets: [{ interfaceId: 0, timestampUs: 0, data: new Uint8Array(4), comment: 'ab' }] });
    const bad = Uint8Array.from(b);
    new DataView(bad.buffer).setUint16(82, 200, true); // the opt_comment length: EPB at 48, header 8 + 20, data 4, code 2
    expect(read(bad)).toMatchObject({ ids: ['pcapng.opt.len.invalid'], packets: [0] });
    expect(read(bad).r.capture?.packets[0]?.comment).toBeUndefined();
    const notUtf8 = Uint8Array.from(b);
    notUtf8.set([0xff, 0xfe], 84);
    const r = read(notUtf8);
    expect(r.ids).toEqual(['pcapng.opt.utf8.invalid']);
    expect(r.r.capture?.packets[0]?.comment).toBe('\ufffd\ufffd');
  });

  it('gives up on a section whose byte-order magic is wrong, keeping what came before', () => {
    const b = Uint8Array.from([...good, ...good]);
    b[168 + 8] = 0x99;
    const { ids, packets, r } = read(b);
    expect(ids).toEqual(['pcapng.shb.magic.invalid']);
    expect(packets).toEqual([0, 1, 2]);
    expect(r.problems[0]).toMatchObject({ start: 176, end: 180 });
  });
});

describe('pcapng properties', () => {
  // Never-throws gets the big budget, most of it on mutated valid files, which reach deeper.
  const NEVER_THROWS_RUNS = process.env.CI ? 100_000 : 2_000;

  it('reads back what it wrote, for any capture', () => {
    fc.assert(
      fc.property(capture('pcapng'), (c) => {
        const r = readCapture(writePcapng(c));
        expect(r.problems).toEqual([]);
        expect(normalized(r.capture!)).toEqual(normalized(c));
      }),
      { numRuns: process.env.CI ? 5_000 : 300 },
    );
  });

  it('never throws on arbitrary bytes, and every problem lies inside the file', () => {
    const le = builder(true);
    const starts = [
      [], [0x0a, 0x0d, 0x0d, 0x0a], [0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a], le.shb(),
      [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0xc3, 0xd4], [0x4d, 0x3c, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 256 }), (start, rest) => {
        const bytes = Uint8Array.from([...start, ...rest]);
        expect(invariantViolations(bytes, readCapture(bytes))).toEqual([]);
      }),
      { numRuns: Math.round(NEVER_THROWS_RUNS * 0.3) },
    );
  });

  it('never throws on mutated valid files, and every problem lies inside the file', () => {
    const file = fc.oneof(
      capture('pcapng', { maxPackets: 4 }).map(writePcapng),
      capture('pcap', { maxInterfaces: 1, maxPackets: 4 }).map(writePcap),
    );
    fc.assert(
      fc.property(file, fc.array(mutation, { minLength: 1, maxLength: 4 }), (bytes, mutations) => {
        const damaged = mutations.reduce(mutate, bytes);
        expect(invariantViolations(damaged, readCapture(damaged))).toEqual([]);
      }),
      { numRuns: Math.round(NEVER_THROWS_RUNS * 0.7) },
    );
  });

  it('keeps every packet whose block ends before a cut', () => {
    fc.assert(
      fc.property(capture('pcapng'), fc.nat(), (c, cut) => {
        const bytes = writePcapng(c);
        const at = cut % (bytes.length + 1);
        const view = new DataView(bytes.buffer);
        let whole = 0;
        let offset = 0;
        // Count the EPBs that end at or before the cut by walking the block lengths.
        while (offset < bytes.length) {
          const end = offset + view.getUint32(offset + 4, true);
          if (end > at) break;
          if (view.getUint32(offset, true) === 6) whole++;
          offset = end;
        }
        const r = readCapture(bytes.subarray(0, at));
        if (at < 4) return;
        expect(normalized(r.capture!).packets).toEqual(normalized({ ...c, packets: c.packets.slice(0, whole) }).packets);
      }),
      { numRuns: process.env.CI ? 5_000 : 300 },
    );
  });
});
