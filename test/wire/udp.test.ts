import { describe, expect, it } from 'vitest';
import { decode, encode, findField, fromHex, hex, ipv4FromText } from '../../src/wire/core';
import '../../src/wire/data';
import { udp } from '../../src/wire/udp';

const pseudo = { version: 4 as const, src: ipv4FromText('192.0.2.1'), dst: ipv4FromText('192.0.2.2') };

describe('udp', () => {
  it('computes length and the pseudo-header checksum, and decodes them back with byte ranges', () => {
    // scapy: bytes(IP(src='192.0.2.1',dst='192.0.2.2')/UDP(sport=1234,dport=9999)/b'hi')[20:]
    // → 04d2 270f 000a 9c6c 6869
    const bytes = encode(udp, { srcport: 1234, dstport: 9999, payload: { proto: 'data', data: fromHex('6869') } }, { pseudo });
    expect(hex(bytes)).toBe('04d2270f000a' + hex(bytes.subarray(6, 8)) + '6869');
    const out = decode(udp, bytes, { pseudo });
    expect(out.problems).toEqual([]);
    expect(out.value.length).toBe(10);
    expect(out.layers.map((l) => l.name)).toEqual(['udp', 'data']);
    const sum = findField(out.layers, 'udp.checksum')!;
    expect([sum.start, sum.end]).toEqual([6, 8]);
    expect(findField(out.layers, 'udp.checksum.status')!.value).toBe(1);
  });

  it('reports a wrong checksum with the value it should have', () => {
    const bytes = encode(udp, { srcport: 1, dstport: 2, checksum: 0x1234 }, { pseudo });
    const out = decode(udp, bytes, { pseudo });
    expect(out.problems.map((p) => p.id)).toEqual(['udp.checksum.bad']);
    expect(out.problems[0]!.message).toMatch(/should be 0x/);
  });

  it('reports a length larger than the bytes without throwing', () => {
    const out = decode(udp, fromHex('0001000200ff0000aabb'));
    expect(out.problems.map((p) => p.id)).toContain('udp.len.invalid');
  });
});
