import fc from 'fast-check';
import type { AnyField, Codec } from '../../src/wire/core';
import { ipv6ToText, macToText } from '../../src/wire/core';

/**
 * fast-check arbitraries built from field declarations (STYLE.md, Tests), so a new message gets
 * a round-trip property without a hand-written generator. Lists and payloads have no generic
 * shape: pass arbitraries for those keys in `overrides`.
 */
export function fieldArbitrary(f: AnyField): fc.Arbitrary<unknown> | undefined {
  const k = f.kind;
  switch (k.t) {
    case 'uint':
      return fc.integer({ min: 0, max: k.bits === 32 ? 0xffffffff : 2 ** k.bits - 1 });
    case 'u64':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map(ipv6ToText);
    case 'mac':
      return fc.uint8Array({ minLength: 6, maxLength: 6 }).map(macToText);
    case 'bytes':
      return k.size !== undefined
        ? fc.uint8Array({ minLength: k.size, maxLength: k.size })
        : fc.uint8Array({ maxLength: 32 });
    case 'utf8':
      return fc.string({ unit: 'grapheme', maxLength: 24 });
    case 'bitfield': {
      const parts: Record<string, fc.Arbitrary<unknown>> = {};
      for (const p of k.parts) {
        let shift = 0;
        while (((p.mask >>> shift) & 1) === 0) shift++;
        parts[p.key] = p.flag ? fc.boolean() : fc.integer({ min: 0, max: (p.mask >>> 0) >>> shift });
      }
      return fc.record(parts);
    }
    case 'fixup':
    case 'other':
      return undefined;
  }
}

export function messageArbitrary<T>(
  codec: Codec<T>,
  overrides: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<T> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of codec.fields) {
    const arb = overrides[f.key] ?? fieldArbitrary(f);
    if (arb) shape[f.key] = arb;
  }
  return fc.record(shape) as unknown as fc.Arbitrary<T>;
}
