import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microsFromNtp, ntpFromMicros } from '../../../src/wire/mipv4';
import {
  checkIdentification, mismatchIdentification, nextIdentification, ntpNow, resynchronisedOffset, revocationTimestamp, sameLowOrder, timeOfDayUs, trueClock,
} from '../../../src/protocols/pmipv4/identification';
import { TIME_OF_DAY_EPOCH_US } from '../../../src/protocols/pmipv6';

describe('Registration Identification with timestamps (RFC 5944 §5.7.1)', () => {
  it('is the node’s NTP time of day', () => {
    const c = trueClock(2_500_000);
    expect(timeOfDayUs(c, 1_000_000)).toBe(TIME_OF_DAY_EPOCH_US + 3_500_000);
    expect(microsFromNtp(nextIdentification(c, 1_000_000))).toBe(TIME_OF_DAY_EPOCH_US + 3_500_000);
  });

  it('always grows, even in the same microsecond or after the clock was set back', () => {
    const c = trueClock();
    const a = nextIdentification(c, 10);
    expect(nextIdentification(c, 10, a)).toBe(a + 1n);
    expect(nextIdentification(trueClock(-5_000_000), 10, a)).toBe(a + 1n);
    expect(nextIdentification(c, 20, a) > a).toBe(true);
  });

  it('is valid near the home agent’s clock and newer than the last accepted, else a mismatch', () => {
    const ha = ntpFromMicros(TIME_OF_DAY_EPOCH_US + 100e6);
    const at = (offsetS: number): bigint => ntpFromMicros(TIME_OF_DAY_EPOCH_US + 100e6 + offsetS * 1e6);
    expect(checkIdentification({ received: at(6.9), clock: ha })).toBe('valid');
    expect(checkIdentification({ received: at(-6.9), clock: ha })).toBe('valid');
    expect(checkIdentification({ received: at(7.1), clock: ha })).toBe('clock-skew');
    expect(checkIdentification({ received: at(30), clock: ha, toleranceS: 60 })).toBe('valid');
    expect(checkIdentification({ received: at(1), clock: ha, lastAccepted: at(1) })).toBe('not-newer');
    expect(checkIdentification({ received: at(1), clock: ha, lastAccepted: at(0.5) })).toBe('valid');
  });

  it('answers a mismatch with the home agent’s seconds above the request’s low-order bits, from which the PMA sets its clock to within a second', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3_600_000_000, max: 3_600_000_000 }), fc.integer({ min: 0, max: 1e9 }), (offsetUs, nowUs) => {
        const pma = trueClock(offsetUs);
        const request = nextIdentification(pma, nowUs);
        const reply = mismatchIdentification(request, ntpNow(trueClock(), nowUs));
        expect(sameLowOrder(reply, request)).toBe(true);
        const fixed = trueClock(resynchronisedOffset(pma, nowUs, reply));
        expect(Math.abs(fixed.offsetUs)).toBeLessThan(1e6);
        expect(checkIdentification({ received: nextIdentification(fixed, nowUs), clock: ntpNow(trueClock(), nowUs) })).toBe('valid');
      }),
    );
  });

  it('gives revocations the seconds of the same clock (RFC 3543 §3.5)', () => {
    const c = trueClock();
    expect(revocationTimestamp(c, 1_999_999) - revocationTimestamp(c, 999_999)).toBe(1);
    expect(revocationTimestamp(c, 0)).toBe(Number(ntpNow(c, 0) >> 32n));
  });
});
