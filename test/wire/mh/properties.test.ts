import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, hex, ipv6FromText, type OptionValue } from '../../../src/wire/core';
import { bindingAck, bindingUpdate, mobilityHeader, OPTIONS, type MobilityHeader } from '../../../src/wire/mh';
import { messageArbitrary } from '../../support/arbitraries';
import { treeViolation } from '../../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

const ctxArb = fc.oneof(
  fc.constant({ pseudo: { version: 6 as const, src: ipv6FromText('2001:db8:1::1'), dst: ipv6FromText('2001:db8:2::1') }, hints: {} }),
  fc.constant({ hints: { transport: 'udp' } }),
  fc.constant({ hints: {} }),
);

/** Every declared option but the padding ones (the encoder inserts those), built from its fields. */
const optionArb: fc.Arbitrary<OptionValue> = fc.oneof(
  ...OPTIONS.entries()
    .filter(([type]) => type > 1)
    .map(([type, codec]) =>
      messageArbitrary(codec, {
        type: fc.constant(type),
        // Short ASCII keeps every option under the 255 octets a Length can say.
        identifier: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
        ...(type === 33 ? { key: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }) } : {}),
      }),
    ),
);

const optionsArb = fc.array(optionArb, { maxLength: 8 });

const pbuArb: fc.Arbitrary<MobilityHeader> = fc.record({
  proto: fc.constant('mipv6' as const),
  mhType: fc.constant(5),
  body: messageArbitrary(bindingUpdate),
  options: optionsArb,
});

const pbaArb: fc.Arbitrary<MobilityHeader> = fc.record({
  proto: fc.constant('mipv6' as const),
  mhType: fc.constant(6),
  body: messageArbitrary(bindingAck),
  options: optionsArb,
});

describe('Mobility Header properties', () => {
  it('encode → decode → encode gives the same bytes for any PBU or PBA, with no errors', () => {
    fc.assert(
      fc.property(fc.oneof(pbuArb, pbaArb), ctxArb, (mh, ctx) => {
        const first = encode(mobilityHeader, mh, ctx);
        expect(first.length % 8).toBe(0);
        const out = decode(mobilityHeader, first, ctx);
        expect(out.problems.filter((p) => p.severity !== 'info')).toEqual([]);
        expect(out.problems.map((p) => p.id)).not.toContain('mip6.opt.misaligned');
        expect(hex(encode(mobilityHeader, out.value as MobilityHeader, ctx))).toBe(hex(first));
      }),
      { numRuns },
    );
  });

  it('decodes any bytes without throwing, every node inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), ctxArb, (bytes, ctx) => {
        const out = decode(mobilityHeader, bytes, ctx);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('decodes mutated and cut PBUs and PBAs without throwing, every node in place', () => {
    const mutated = fc
      .tuple(
        fc.oneof(pbuArb, pbaArb),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
      )
      .map(([mh, edits, cut]) => {
        const bytes = encode(mobilityHeader, mh);
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        return bytes.subarray(0, bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0));
      });
    fc.assert(
      fc.property(mutated, ctxArb, (bytes, ctx) => {
        const out = decode(mobilityHeader, bytes, ctx);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});
