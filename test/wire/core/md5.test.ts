import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacMd5, md5 } from '../../../src/wire/core/md5';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe('md5 (RFC 1321 §A.5 test suite)', () => {
  const suite: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
  ];
  for (const [input, digest] of suite) {
    it(`MD5("${input.length > 20 ? input.slice(0, 20) + '…' : input}")`, () => {
      expect(hex(md5(ascii(input)))).toBe(digest);
    });
  }

  it('handles every length around the padding boundaries (55, 56, 63, 64, 119, 120, 128)', () => {
    for (let n = 0; n <= 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(hex(md5(data))).toBe(createHash('md5').update(data).digest('hex'));
    }
  });

  it('hashes a subarray view by its own bytes, not its backing buffer', () => {
    const backing = ascii('xxabcxx');
    expect(hex(md5(backing.subarray(2, 5)))).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('does not modify its input', () => {
    const data = ascii('message digest');
    const copy = data.slice();
    md5(data);
    expect(data).toEqual(copy);
  });
});

describe('hmacMd5 (RFC 2202 §2 test cases)', () => {
  const cases: { key: Uint8Array; data: Uint8Array; digest: string }[] = [
    { key: filled(16, 0x0b), data: ascii('Hi There'), digest: '9294727a3638bb1c13f48ef8158bfc9d' },
    { key: ascii('Jefe'), data: ascii('what do ya want for nothing?'), digest: '750c783e6ab0b503eaa86e310a5db738' },
    { key: filled(16, 0xaa), data: filled(50, 0xdd), digest: '56be34521d144c88dbb8c733f0e8b3f6' },
    {
      key: fromHex('0102030405060708090a0b0c0d0e0f10111213141516171819'),
      data: filled(50, 0xcd),
      digest: '697eaf0aca3a3aea3a75164746ffaa79',
    },
    { key: filled(16, 0x0c), data: ascii('Test With Truncation'), digest: '56461ef2342edc00f9bab995690efd4c' },
    {
      key: filled(80, 0xaa),
      data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
      digest: '6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd',
    },
    {
      key: filled(80, 0xaa),
      data: ascii('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'),
      digest: '6f630fad67cda0ee1fb1f562db3aa53e',
    },
  ];
  cases.forEach(({ key, data, digest }, i) => {
    it(`test case ${i + 1}`, () => {
      expect(hex(hmacMd5(key, data))).toBe(digest);
    });
  });

  it('test case 5 truncated to 96 bits (RFC 2202: digest-96 = 56461ef2342edc00f9bab995)', () => {
    expect(hex(hmacMd5(filled(16, 0x0c), ascii('Test With Truncation')).subarray(0, 12))).toBe(
      '56461ef2342edc00f9bab995',
    );
  });

  it('treats a key of exactly 64 bytes as-is and one of 65 bytes as hashed', () => {
    for (const n of [63, 64, 65]) {
      const key = Uint8Array.from({ length: n }, (_, i) => i);
      const data = ascii('boundary');
      expect(hex(hmacMd5(key, data))).toBe(createHmac('md5', key).update(data).digest('hex'));
    }
  });
});

describe('agreement with node:crypto', () => {
  it('property: md5 equals createHash("md5")', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(hex(md5(data))).toBe(createHash('md5').update(data).digest('hex'));
      }),
    );
  });

  it('property: hmacMd5 equals createHmac("md5")', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 300 }), (key, data) => {
        expect(hex(hmacMd5(key, data))).toBe(createHmac('md5', key).update(data).digest('hex'));
      }),
    );
  });

  it('hashes a 1 MiB buffer correctly', () => {
    const data = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);
    expect(hex(md5(data))).toBe(createHash('md5').update(data).digest('hex'));
  });
});
