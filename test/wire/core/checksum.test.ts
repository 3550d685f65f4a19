import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc32c,
  internetChecksum,
  ipv4PseudoHeader,
  ipv6PseudoHeader,
  onesComplementSum,
  sctpChecksumBytes,
} from '../../../src/wire/core/checksum';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Naive reference: pad to even length, sum big-endian words, fold, complement. */
function referenceChecksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) {
    sum += (data[i]! << 8) | (i + 1 < data.length ? data[i + 1]! : 0);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return ~sum & 0xffff;
}

/** Splits `data` at the given (sorted, deduplicated) cut points into subarrays. */
function splitAt(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(data.subarray(prev, p));
    prev = p;
  }
  parts.push(data.subarray(prev));
  return parts;
}

describe('internetChecksum (RFC 1071)', () => {
  it('matches the RFC 1071 §3 worked example', () => {
    const data = bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(onesComplementSum([data])).toBe(0xddf2);
    expect(internetChecksum(data)).toBe(0x220d);
  });

  it('gives the same answer however the example is split, including odd splits', () => {
    const data = bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(internetChecksum(data.subarray(0, 3), data.subarray(3))).toBe(0x220d);
    expect(internetChecksum(data.subarray(0, 1), data.subarray(1, 2), data.subarray(2))).toBe(0x220d);
    expect(internetChecksum(new Uint8Array(0), data.subarray(0, 5), new Uint8Array(0), data.subarray(5))).toBe(
      0x220d,
    );
  });

  it('pads an odd total length with a zero octet on the right', () => {
    expect(internetChecksum(bytes(0xab))).toBe(~0xab00 & 0xffff);
    expect(internetChecksum(bytes(0x12, 0x34, 0x56))).toBe(~(0x1234 + 0x5600) & 0xffff);
    // Two odd parts pair up across the boundary: [12] [34 56] ≡ 12 34 56, not 12 00 34 56.
    expect(internetChecksum(bytes(0x12), bytes(0x34, 0x56))).toBe(~(0x1234 + 0x5600) & 0xffff);
  });

  it('returns 0xffff for no data and for all-zero data', () => {
    expect(internetChecksum()).toBe(0xffff);
    expect(internetChecksum(new Uint8Array(0))).toBe(0xffff);
    expect(internetChecksum(new Uint8Array(7))).toBe(0xffff);
  });

  it('folds carries end-around', () => {
    // 0xffff + 0x0001 = 0x10000 → 0x0001 after the end-around carry.
    expect(onesComplementSum([bytes(0xff, 0xff, 0x00, 0x01)])).toBe(0x0001);
    // Many carries: 10,000 words of 0xffff stay 0xffff.
    expect(onesComplementSum([new Uint8Array(20_000).fill(0xff)])).toBe(0xffff);
  });

  it('property: any split of the bytes gives the checksum of the whole, matching a reference', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (data, cuts) => {
          const whole = internetChecksum(data);
          expect(whole).toBe(referenceChecksum(data));
          expect(internetChecksum(...splitAt(data, cuts))).toBe(whole);
        },
      ),
    );
  });

  it('property: a buffer with its checksum inserted sums to 0xffff (verifies)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 200 }), fc.nat(), (raw, at) => {
        const data = raw.slice();
        // The checksum field is 16-bit aligned in every real header, so put it at an even offset.
        const off = (at % Math.floor(data.length / 2)) * 2;
        data[off] = 0;
        data[off + 1] = 0;
        const ck = internetChecksum(data);
        data[off] = ck >>> 8;
        data[off + 1] = ck & 0xff;
        expect(onesComplementSum([data])).toBe(0xffff);
        expect(internetChecksum(data)).toBe(0);
      }),
    );
  });
});

describe('pseudo-headers', () => {
  it('lays out the IPv4 pseudo-header (RFC 768)', () => {
    const ph = ipv4PseudoHeader(bytes(192, 0, 2, 1), bytes(198, 51, 100, 2), 17, 0x1234);
    expect([...ph]).toEqual([192, 0, 2, 1, 198, 51, 100, 2, 0, 17, 0x12, 0x34]);
  });

  it('lays out the IPv6 pseudo-header (RFC 8200 §8.1)', () => {
    const src = new Uint8Array(16).fill(0x20);
    const dst = new Uint8Array(16).fill(0x30);
    const ph = ipv6PseudoHeader(src, dst, 135, 0x01020304);
    expect(ph.length).toBe(40);
    expect([...ph.subarray(0, 16)]).toEqual([...src]);
    expect([...ph.subarray(16, 32)]).toEqual([...dst]);
    expect([...ph.subarray(32)]).toEqual([0x01, 0x02, 0x03, 0x04, 0, 0, 0, 135]);
  });

  it('rejects wrong address sizes and out-of-range fields', () => {
    expect(() => ipv4PseudoHeader(new Uint8Array(16), new Uint8Array(4), 6, 20)).toThrow(RangeError);
    expect(() => ipv4PseudoHeader(new Uint8Array(4), new Uint8Array(4), 6, 0x10000)).toThrow(RangeError);
    expect(() => ipv4PseudoHeader(new Uint8Array(4), new Uint8Array(4), 256, 20)).toThrow(RangeError);
    expect(() => ipv6PseudoHeader(new Uint8Array(4), new Uint8Array(16), 58, 8)).toThrow(RangeError);
    expect(() => ipv6PseudoHeader(new Uint8Array(16), new Uint8Array(16), 58, -1)).toThrow(RangeError);
  });

  it('checksums a known UDP/IPv4 datagram', () => {
    // 10.0.0.1:1234 → 10.0.0.2:5678, payload "hi". UDP header with checksum zeroed.
    const udp = bytes(0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0x00, 0x00, 0x68, 0x69);
    const ph = ipv4PseudoHeader(bytes(10, 0, 0, 1), bytes(10, 0, 0, 2), 17, udp.length);
    // Hand sum: 0a00+0001+0a00+0002+0011+000a + 04d2+162e+000a+0000+6869 = 0x9791 → ~ = 0x686e.
    expect(internetChecksum(ph, udp)).toBe(0x686e);
  });
});

describe('crc32c (CRC-32C / Castagnoli)', () => {
  it('matches RFC 3720 Appendix B.4', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('matches the standard check value for "123456789"', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it('is 0 for empty input and always unsigned', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        const c = crc32c(data);
        expect(Number.isInteger(c) && c >= 0 && c <= 0xffffffff).toBe(true);
      }),
    );
  });

  it('writes the SCTP checksum field least-significant octet first (RFC 9260 Appendix B)', () => {
    expect([...sctpChecksumBytes(0xe3069283)]).toEqual([0x83, 0x92, 0x06, 0xe3]);
    expect([...sctpChecksumBytes(crc32c(new Uint8Array(32)))]).toEqual([0xaa, 0x36, 0x91, 0x8a]);
  });
});
