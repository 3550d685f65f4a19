import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cursor, type Problem, Writer } from '../../../src/wire/core';

describe('Cursor', () => {
  it('reads big-endian integers at absolute offsets', () => {
    const c = new Cursor(Uint8Array.from([9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]), 1, 16, [], 't');
    expect(c.u8()).toBe(1);
    expect(c.u16()).toBe(0x0203);
    expect(c.u32()).toBe(0x04050607);
    expect(c.remaining).toBe(8);
    expect(c.u64()).toBe(0x08090a0b0c0d0e0fn);
  });

  it('records one truncation problem and then reads nothing more', () => {
    const problems: Problem[] = [];
    const c = new Cursor(Uint8Array.from([1, 2, 3]), 0, 3, problems, 'mip6');
    expect(c.u16()).toBe(0x0102);
    expect(c.u16('Sequence number')).toBeUndefined();
    expect(c.u8()).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ id: 'mip6.truncated', start: 2, end: 3 });
    expect(problems[0]!.message).toMatch(/Sequence number needs 2 bytes but only 1 remains/);
  });

  it('clips a sub-cursor to the bytes that are there and says so', () => {
    const problems: Problem[] = [];
    const c = new Cursor(new Uint8Array(4), 0, 4, problems, 'x');
    const sub = c.sub(10, 'y', 'the option');
    expect([sub.start, sub.end]).toEqual([0, 4]);
    expect(problems[0]!.id).toBe('x.len.invalid');
  });

  it('reads back what the writer wrote', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (a, b, c32, d) => {
        const w = new Writer(1).u8(a).u16(b).u32(c32).u64(d);
        const c = Cursor.over(w.finish());
        expect([c.u8(), c.u16(), c.u32(), c.u64(), c.remaining]).toEqual([a, b, c32, d, 0]);
      }),
    );
  });
});
