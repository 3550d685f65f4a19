import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitfield,
  bytes,
  Cursor,
  decode,
  encode,
  findField,
  flag,
  bits,
  length,
  message,
  newDecodeContext,
  optionList,
  Registry,
  u8,
  u16,
  type Codec,
  type OptionValue,
} from '../../../src/wire/core';
import { messageArbitrary } from '../../support/arbitraries';
import { treeViolation } from '../../support/tree';

// A toy protocol that uses every kind of core field: a bit word, a bounded length, a TLV list
// with one known option and raw unknown ones.
const known = message('toy.opt.a', 'Option A', [
  u8('type', 'toy.opt.type', 'Type', { default: 1 }),
  length('len', 'toy.opt.len', 'Length', 8, { adjust: -2 }),
  u16('value', 'toy.opt.a.value', 'Value'),
]);
const rawOpt = message('toy.opt.unknown', 'Unknown option', [
  u8('type', 'toy.opt.type', 'Type'),
  length('len', 'toy.opt.len', 'Length', 8, { adjust: -2 }),
  bytes('data', 'toy.opt.data', 'Data'),
]);
const registry = new Registry<Codec<OptionValue>>('toy.option');
registry.bind(1, known as unknown as Codec<OptionValue>);
const toy = message('toy', 'Toy', [
  bitfield('flags', 'toy.flags', 'Flags', 8, [flag('a', 'toy.flags.a', 0x80, 'A'), bits('n', 'toy.flags.n', 0x0e, 'N')]),
  length('len', 'toy.len', 'Length', 8, { bounds: true }),
  optionList('options', 'toy.options', 'Options', {
    id: 'toy.option',
    registry,
    unknown: rawOpt as unknown as Codec<OptionValue>,
    sizeAt: (c: Cursor) => {
      const l = c.peekU8(1);
      return l === undefined ? undefined : l + 2;
    },
  }),
]);

describe('message', () => {
  it('encodes fix-ups and decodes every field with its range, bit masks included', () => {
    const b = encode(toy, { flags: { a: true, n: 5 }, options: [{ type: 1, value: 0x1234 }, { type: 9, data: Uint8Array.of(7) }] });
    expect([...b]).toEqual([0x8a, 9, 1, 2, 0x12, 0x34, 9, 1, 7]);
    const out = decode(toy, b);
    expect(out.problems).toEqual([]);
    expect(findField([out.node], 'toy.flags.n')).toMatchObject({ start: 0, end: 1, value: 5, mask: 0x0e, bits: 8 });
    expect(findField([out.node], 'toy.opt.a.value')).toMatchObject({ start: 4, end: 6, value: 0x1234 });
    expect(findField([out.node], 'toy.opt.data')).toMatchObject({ start: 8, end: 9, value: '07' });
  });

  it('keeps bits no part covers so a round trip loses nothing', () => {
    const out = decode(toy, Uint8Array.of(0x81, 2));
    expect(out.value.flags).toEqual({ a: true, n: 0, reserved: 1 });
    expect([...encode(toy, out.value)]).toEqual([0x81, 2]);
  });

  it('says when a length overruns the bytes, and still decodes what is there', () => {
    const out = decode(toy, Uint8Array.of(0, 40, 1, 2, 0, 5));
    expect(out.problems.map((p) => p.id)).toEqual(['toy.len.invalid']);
    expect(findField([out.node], 'toy.opt.a.value')!.value).toBe(5);
  });

  it('refuses a dispatch key bound twice, at load', () => {
    const r = new Registry<string>('t');
    r.bind(1, 'a');
    expect(() => r.bind(1, 'b')).toThrow(/bound twice/);
  });

  it('round-trips generated messages byte for byte', () => {
    const optionArb = fc.oneof(
      fc.record({ type: fc.constant(1), value: fc.integer({ min: 0, max: 0xffff }) }),
      fc.record({ type: fc.integer({ min: 2, max: 255 }), data: fc.uint8Array({ maxLength: 8 }) }),
    );
    fc.assert(
      fc.property(messageArbitrary(toy, { options: fc.array(optionArb, { maxLength: 5 }) }), (m) => {
        const b = encode(toy, m);
        const again = decode(toy, b);
        expect(again.problems).toEqual([]);
        expect(encode(toy, again.value)).toEqual(b);
      }),
    );
  });

  it('never throws on random bytes, and every node stays inside its parent', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const ctx = newDecodeContext(b);
        const out = toy.decode(new Cursor(b, 0, b.length, ctx.problems, 'toy'), ctx);
        expect(treeViolation([out.node], b.length, ctx.problems)).toBeUndefined();
      }),
      { numRuns: process.env.CI ? 20_000 : 2_000 },
    );
  });
});
