import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPTURE_EPOCH_US } from '../../../src/sim/capture';
import { microsFromTimestamp, timestampToIso } from '../../../src/wire/mh';
import { checkSequence, checkTimestamp, isNewerSequence, timeOfDay, TIME_OF_DAY_EPOCH_US } from '../../../src/protocols/pmipv6';

describe('timeOfDay', () => {
  it('starts at the capture epoch, so the Timestamp option agrees with the pcapng frame time', () => {
    expect(TIME_OF_DAY_EPOCH_US).toBe(CAPTURE_EPOCH_US);
    expect(timestampToIso(timeOfDay(0))).toBe('2026-01-01T00:00:00.000000000Z');
  });

  it('adds a node clock offset (an unsynchronised clock)', () => {
    expect(microsFromTimestamp(timeOfDay(1_000_000, 500_000)) - microsFromTimestamp(timeOfDay(1_000_000))).toBe(500_000n);
  });
});

describe('checkTimestamp (RFC 5213 §5.5)', () => {
  const lmaClock = timeOfDay(10_000_000);
  const at = (us: number): bigint => timeOfDay(us);

  it('accepts a timestamp within TimestampValidityWindow of the LMA clock, either side', () => {
    expect(checkTimestamp({ received: at(10_000_000 - 299_000), lmaClock, windowMs: 300 })).toBe(0);
    expect(checkTimestamp({ received: at(10_000_000 + 299_000), lmaClock, windowMs: 300 })).toBe(0);
  });

  it('answers 156 TIMESTAMP_MISMATCH outside the window, early or late', () => {
    expect(checkTimestamp({ received: at(10_000_000 - 301_000), lmaClock, windowMs: 300 })).toBe(156);
    expect(checkTimestamp({ received: at(10_000_000 + 301_000), lmaClock, windowMs: 300 })).toBe(156);
  });

  it('answers 157 when the timestamp is lower than or equal to the last accepted one', () => {
    const last = at(10_000_000);
    expect(checkTimestamp({ received: at(9_990_000), lmaClock, windowMs: 300, lastAccepted: last })).toBe(157);
    expect(checkTimestamp({ received: last, lmaClock, windowMs: 300, lastAccepted: last })).toBe(157);
    expect(checkTimestamp({ received: at(10_000_100), lmaClock, windowMs: 300, lastAccepted: last })).toBe(0);
  });

  it('checks the window before the order (156 wins over 157)', () => {
    expect(checkTimestamp({ received: at(1_000_000), lmaClock, windowMs: 300, lastAccepted: at(5_000_000) })).toBe(156);
  });
});

describe('sequence numbers modulo 2^16 (RFC 6275 §9.5.1)', () => {
  it.each([
    [2, 1, true],
    [1, 2, false],
    [5, 5, false],
    [2, 65535, true], // wrapped round
    [65535, 2, false],
    [0, 65535, true],
    [32768, 1, true], // 32767 ahead: still newer
    [32769, 1, false], // 32768 ahead: the far half counts as older
  ])('%i is newer than %i: %s', (seq, last, newer) => {
    expect(isNewerSequence(seq, last)).toBe(newer);
  });

  it('is antisymmetric except at distance 0 and 2^15', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), (a, b) => {
        const d = (a - b) & 0xffff;
        if (d === 0 || d === 0x8000) return !isNewerSequence(a, b) && !isNewerSequence(b, a);
        return isNewerSequence(a, b) !== isNewerSequence(b, a);
      }),
    );
  });

  it('checkSequence accepts anything without a stored number, else answers 135 for an old one', () => {
    expect(checkSequence(7, undefined)).toBe(0);
    expect(checkSequence(7, 6)).toBe(0);
    expect(checkSequence(6, 7)).toBe(135);
  });
});
