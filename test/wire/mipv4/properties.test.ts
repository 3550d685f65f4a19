import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, hex, type Codec, type OptionValue } from '../../../src/wire/core';
import '../../../src/wire/data';
import {
  accessTechnology,
  cvseExtension,
  deviceId,
  greKeyExtension,
  interfaceId,
  MIP_EXTENSIONS,
  mip,
  perNodeAuthMethod,
  registrationReplyMessage,
  registrationRequestMessage,
  registrationRevocationMessage,
  revocationAckMessage,
  revocationSupportExtension,
  subscriberId,
  udpTunnelReplyExtension,
  udpTunnelRequestExtension,
} from '../../../src/wire/mipv4';
import { messageArbitrary } from '../../support/arbitraries';
import { treeViolation } from '../../support/tree';
import { KEYS, MN_RRQ, ODD_RRQ, PRRP, PRRQ, REVOCATION, REVOCATION_ACK, TUNNEL_DATA } from './vectors';

const numRuns = process.env.CI ? 20_000 : 1_000;
const hints = { mipKeys: KEYS };

const ext = <T>(codec: Codec<T>, type: number): fc.Arbitrary<OptionValue> =>
  messageArbitrary(codec, { type: fc.constant(type) }) as unknown as fc.Arbitrary<OptionValue>;
const octets = fc.uint8Array({ maxLength: 24 });
const spi = fc.constantFrom(0x100, 0x200, 0x300);
const authenticator = fc.option(fc.uint8Array({ minLength: 16, maxLength: 16 }), { nil: undefined });
const unknownType = fc.integer({ min: 0, max: 255 }).filter((t) => MIP_EXTENSIONS.get(t) === undefined);

/** Every extension the lab knows, unknown ones of both kinds, and authenticators computed or given. */
const extension: fc.Arbitrary<OptionValue> = fc.oneof(
  fc.string({ maxLength: 40 }).map((nai) => ({ type: 131, nai })),
  ext(revocationSupportExtension, 137),
  ext(udpTunnelRequestExtension, 144),
  ext(udpTunnelReplyExtension, 44),
  ext(cvseExtension, 38).map((v) => ({ ...v, value: (v.value as Uint8Array).subarray(0, 24) })),
  ext(greKeyExtension, 48),
  fc.integer({ min: 0, max: 255 }).map((m) => perNodeAuthMethod(m) as OptionValue),
  octets.map((b) => interfaceId(b) as OptionValue),
  fc.tuple(fc.integer({ min: 0, max: 255 }), octets).map(([t, b]) => deviceId(t, b) as OptionValue),
  fc.tuple(fc.integer({ min: 0, max: 255 }), octets).map(([t, b]) => subscriberId(t, b) as OptionValue),
  fc.integer({ min: 0, max: 255 }).map((t) => accessTechnology(t) as OptionValue),
  fc.tuple(fc.integer({ min: 5, max: 255 }), octets).map(([subtype, data]) => ({ type: 147, subtype, data })),
  fc.tuple(fc.integer({ min: 2, max: 255 }), octets).map(([subtype, data]) => ({ type: 47, subtype, data })),
  fc.tuple(unknownType, octets).map(([type, data]) => ({ type, data })),
  fc.tuple(fc.constantFrom(32, 33, 34), spi, authenticator).map(([type, s, a]) => ({ type, spi: s, ...(a ? { authenticator: a } : {}) })),
  fc.tuple(spi, authenticator).map(([s, a]) => ({ type: 36, subtype: 1, spi: s, ...(a ? { authenticator: a } : {}) })),
);
const extensions = fc.array(extension, { maxLength: 6 });

const message: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  messageArbitrary(registrationRequestMessage, { type: fc.constant(1), extensions }),
  messageArbitrary(registrationReplyMessage, { type: fc.constant(3), extensions }),
  messageArbitrary(registrationRevocationMessage, { type: fc.constant(7), extensions }),
  messageArbitrary(revocationAckMessage, { type: fc.constant(15), extensions }),
) as fc.Arbitrary<Record<string, unknown>>;

const EXPECTED = new Set(['mip.ext.unknown', 'mip.ext.subtype.unknown', 'mip.auth.bad']);

describe('Mobile IP properties', () => {
  it('encode → decode → encode gives the same bytes, with computed authenticators verifying', () => {
    fc.assert(
      fc.property(message, (m) => {
        const value = { proto: 'mip', ...m };
        const first = encode(mip, value, { hints });
        const out = decode(mip, first, { hints });
        expect(out.problems.filter((p) => !EXPECTED.has(p.id))).toEqual([]);
        // Only an authenticator given on purpose can be bad.
        const given = ((m.extensions as OptionValue[]) ?? []).some((e) => e.authenticator !== undefined);
        if (!given) expect(out.problems.filter((p) => p.id === 'mip.auth.bad')).toEqual([]);
        expect(hex(encode(mip, out.value as never, { hints }))).toBe(hex(first));
        expect(treeViolation(out.layers, first.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('decodes any bytes without throwing, every node inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(0, 1, 3, 4, 7, 15), (b, type) => {
        const bytes = b.length > 0 ? Uint8Array.of(type, ...b.subarray(1)) : b;
        const out = decode(mip, bytes, { hints });
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });

  it('decodes mutated and truncated real messages without throwing', () => {
    const seeds = [PRRQ, PRRP, REVOCATION, REVOCATION_ACK, TUNNEL_DATA, MN_RRQ, ODD_RRQ];
    const mutation = fc.record({
      seed: fc.constantFrom(...seeds),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      cut: fc.nat(),
    });
    fc.assert(
      fc.property(mutation, ({ seed, flips, cut }) => {
        const bytes = seed.slice(0, seed.length - (cut % (seed.length + 1)));
        for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
        const out = decode(mip, bytes, { hints });
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});
