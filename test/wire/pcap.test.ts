import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SNAPLEN, LINKTYPE, readPcap, writePcap, type CaptureFile } from '../../src/wire/pcap';
import { readCapture } from '../../src/wire/pcapng';
import { capture, invariantViolations, normalized } from './capture/arbitraries';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A classic pcap file built by hand in either byte order, independent of the writer under test. */
function handBuilt(littleEndian: boolean, magic: number, records: [sec: number, frac: number, data: number[], orig?: number][]) {
  const out: number[] = [];
  const u16 = (v: number) => out.push(...(littleEndian ? [v & 255, v >> 8] : [v >> 8, v & 255]));
  const u32 = (v: number) => {
    const be = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    out.push(...(littleEndian ? be.reverse() : be));
  };
  u32(magic); u16(2); u16(4); u32(0); u32(0); u32(65535); u32(LINKTYPE.IPV6);
  for (const [sec, frac, data, orig] of records) {
    u32(sec); u32(frac); u32(data.length); u32(orig ?? data.length);
    out.push(...data);
  }
  return Uint8Array.from(out);
}

describe('writePcap', () => {
  it('writes the libpcap 2.4 header and records little-endian', () => {
    // Provenance: `capinfos k.pcap` (Wireshark 4.0.17) on these 43 bytes: "Wireshark/tcpdump/... -
    // pcap", Ethernet, "Packet size limit: file hdr: 262144 bytes", 1 packet.
    const bytes = writePcap({
      format: 'pcap',
      interfaces: [{ linkType: LINKTYPE.ETHERNET }],
      packets: [{ interfaceId: 0, timestampUs: 1_700_000_000_123_456, data: Uint8Array.of(1, 2, 3), originalLength: 60 }],
    });
    expect(hex(bytes)).toBe(
      'd4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '01000000' +
        '00f15365' + '40e20100' + '03000000' + '3c000000' + '010203',
    );
  });

  it('writes nanosecond timestamps when every interface asks for them', () => {
    const c: CaptureFile = {
      format: 'pcap',
      interfaces: [{ linkType: LINKTYPE.RAW, tsresol: 9 }],
      packets: [{ interfaceId: 0, timestampUs: 2_000_001, data: new Uint8Array(1) }],
    };
    const bytes = writePcap(c);
    expect(hex(bytes.subarray(0, 4))).toBe('4d3cb2a1');
    expect(hex(bytes.subarray(24, 32))).toBe('02000000' + 'e8030000');
    expect(readCapture(bytes).capture?.packets[0]?.timestampUs).toBe(2_000_001);
  });

  it('uses the largest interface snap length', () => {
    const bytes = writePcap({ format: 'pcap', interfaces: [{ linkType: 1, snaplen: 1500 }, { linkType: 1, snaplen: 9000 }], packets: [] });
    expect(readPcap(bytes).capture?.interfaces).toEqual([{ linkType: 1, snaplen: 9000 }]);
  });

  it('throws a RangeError for captures classic pcap cannot hold', () => {
    const two: CaptureFile = { format: 'pcap', interfaces: [{ linkType: 1 }, { linkType: 229 }], packets: [] };
    expect(() => writePcap(two)).toThrow(/one link type per file, but the interfaces use 1 and 229; write pcapng instead/);
    expect(() => writePcap({ format: 'pcap', interfaces: [], packets: [] })).toThrow(RangeError);
    const late = { interfaceId: 0, timestampUs: 2n ** 32n * 1_000_000n, data: new Uint8Array() };
    expect(() => writePcap({ format: 'pcap', interfaces: [{ linkType: 1 }], packets: [late] })).toThrow(/after 2106/);
    const big = { interfaceId: 0, timestampUs: 0, data: new Uint8Array(101) };
    expect(() => writePcap({ format: 'pcap', interfaces: [{ linkType: 1, snaplen: 100 }], packets: [big] })).toThrow(/more than the file snap length/);
  });

  it('raises the default snap length to cover an unusually large packet', () => {
    const huge = { interfaceId: 0, timestampUs: 0, data: new Uint8Array(DEFAULT_SNAPLEN + 4) };
    const bytes = writePcap({ format: 'pcap', interfaces: [{ linkType: 1 }], packets: [huge] });
    expect(readPcap(bytes)).toMatchObject({ capture: { interfaces: [{ snaplen: DEFAULT_SNAPLEN + 4 }] }, problems: [] });
  });
});

describe('readPcap', () => {
  const records: [number, number, number[], number?][] = [[1_700_000_000, 5, [0x60, 0, 0, 0], 40], [1_700_000_001, 999_999, [0x60]]];

  it.each([
    ['little-endian µs', true, 0xa1b2c3d4, 'd4c3b2a1'],
    ['big-endian µs', false, 0xa1b2c3d4, 'a1b2c3d4'],
  ])('reads %s (magic on disk %s)', (_, le, magic, disk) => {
    const bytes = handBuilt(le, magic, records);
    expect(hex(bytes.subarray(0, 4))).toBe(disk);
    expect(readCapture(bytes)).toEqual({
      capture: {
        format: 'pcap',
        interfaces: [{ linkType: 229, snaplen: 65535 }],
        packets: [
          { interfaceId: 0, timestampUs: 1_700_000_000_000_005, data: Uint8Array.of(0x60, 0, 0, 0), originalLength: 40 },
          { interfaceId: 0, timestampUs: 1_700_000_001_999_999, data: Uint8Array.of(0x60) },
        ],
      },
      problems: [],
    });
  });

  it.each([
    ['little-endian ns', true, '4d3cb2a1'],
    ['big-endian ns', false, 'a1b23c4d'],
  ])('reads %s (magic on disk %s), rounding down to µs', (_, le, disk) => {
    const bytes = handBuilt(le, 0xa1b23c4d, [[1_700_000_000, 123_456_789, [0x45]]]);
    expect(hex(bytes.subarray(0, 4))).toBe(disk);
    const { capture: c, problems } = readCapture(bytes);
    expect(problems).toEqual([]);
    expect(c?.interfaces).toEqual([{ linkType: 229, snaplen: 65535, tsresol: 9 }]);
    expect(c?.packets[0]?.timestampUs).toBe(1_700_000_000_123_456);
  });

  it('keeps the bytes of a record the file cuts short', () => {
    const bytes = handBuilt(true, 0xa1b2c3d4, records).subarray(0, 24 + 16 + 2);
    const r = readCapture(bytes);
    expect(invariantViolations(bytes, r)).toEqual([]);
    expect(r.problems.map((p) => [p.id, p.start, p.end])).toEqual([['pcap.record.truncated', 24, 42]]);
    expect(r.capture?.packets).toEqual([{ interfaceId: 0, timestampUs: 1_700_000_000_000_005, data: Uint8Array.of(0x60, 0), originalLength: 40 }]);
  });

  it('reports a record header cut short, a short header, odd versions and impossible lengths', () => {
    const full = handBuilt(true, 0xa1b2c3d4, records);
    expect(readCapture(full.subarray(0, 48)).problems.map((p) => p.id)).toEqual(['pcap.record.truncated']);
    expect(readCapture(full.subarray(0, 48)).capture?.packets).toHaveLength(1);
    expect(readCapture(full.subarray(0, 10))).toMatchObject({ capture: { packets: [] }, problems: [{ id: 'pcap.header.truncated' }] });
    const odd = handBuilt(true, 0xa1b2c3d4, [[0, 1_000_000, [1, 2], 1]]);
    odd[4] = 3;
    expect(readCapture(odd).problems.map((p) => p.id)).toEqual(['pcap.version.unexpected', 'pcap.record.ts.invalid', 'pcap.record.origlen.invalid']);
  });

  it('takes the link type from the low 16 bits, ignoring the FCS bits above them', () => {
    const bytes = handBuilt(true, 0xa1b2c3d4, []);
    bytes[23] = 0x14; // F bit and FCS length 2 (draft-ietf-opsawg-pcap §4)
    expect(readCapture(bytes).capture?.interfaces[0]?.linkType).toBe(229);
  });

  it('refuses bytes that are not pcap when asked directly', () => {
    expect(readPcap(Uint8Array.of(1, 2, 3, 4))).toEqual({ problems: [expect.objectContaining({ id: 'pcap.magic.invalid', start: 0, end: 4 })] });
  });
});

describe('pcap properties', () => {
  const runs = process.env.CI ? 5_000 : 300;

  it('reads back what it wrote, for any one-interface capture', () => {
    fc.assert(
      fc.property(capture('pcap', { maxInterfaces: 1 }), (c) => {
        const r = readCapture(writePcap(c));
        expect(r.problems).toEqual([]);
        const iface = c.interfaces[0]!;
        // Classic pcap keeps only the link type, the snap length and µs-or-ns.
        const expected: CaptureFile = {
          format: 'pcap',
          interfaces: [{ linkType: iface.linkType, snaplen: iface.snaplen || DEFAULT_SNAPLEN, ...(iface.tsresol === 9 ? { tsresol: 9 } : {}) }],
          packets: c.packets.map(({ comment: _, ...p }) => p),
        };
        expect(normalized(r.capture!)).toEqual(normalized(expected));
      }),
      { numRuns: runs },
    );
  });

  it('keeps every whole record before a cut', () => {
    fc.assert(
      fc.property(capture('pcap', { maxInterfaces: 1 }), fc.nat(), (c, cut) => {
        const bytes = writePcap(c);
        const at = cut % (bytes.length + 1);
        let end = 24;
        const whole = c.packets.filter((p) => (end += 16 + p.data.length) <= at).length;
        const r = readCapture(bytes.subarray(0, at));
        expect(invariantViolations(bytes.subarray(0, at), r)).toEqual([]);
        if (at < 4) return;
        const written = c.packets.slice(0, whole).map(({ comment: _, ...p }) => p);
        expect(normalized(r.capture!).packets.slice(0, whole)).toEqual(normalized({ ...c, packets: written }).packets);
        expect(r.capture!.packets.length - whole).toBeLessThanOrEqual(1);
      }),
      { numRuns: runs },
    );
  });
});
