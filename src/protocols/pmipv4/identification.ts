import { microsFromNtp, ntpFromMicros } from '../../wire/mipv4';
import { TIME_OF_DAY_EPOCH_US } from '../pmipv6';

/*
 * Registration Identification with timestamps (RFC 5944 §5.7.1): a 64-bit NTP time of day that
 * the home agent checks against its own clock and uses as a sequence number, so it can order the
 * proxy registrations of one mobile node that come from different PMAs (RFC 5563 §4.4; seed 000
 * §4.4). Reply code 133 carries the home agent's time in the high-order 32 bits, with which the PMA
 * resynchronises its clock.
 */

/** RFC 5944 §5.7.1: "a default value of 7 seconds MAY be used to limit the time difference". */
export const IDENTIFICATION_TOLERANCE_S = 7;

const LOW32 = 0xffffffffn;

/** A node's clock: the time of day at run time 0 (the capture epoch) and how far off it runs. */
export interface NodeClock {
  epochUs: number;
  offsetUs: number;
}

export const trueClock = (offsetUs = 0): NodeClock => ({ epochUs: TIME_OF_DAY_EPOCH_US, offsetUs });

/** The node's time of day at run time `nowUs`, µs since 1970. */
export const timeOfDayUs = (c: NodeClock, nowUs: number): number => c.epochUs + nowUs + c.offsetUs;

/** The node's clock as an NTP timestamp. */
export const ntpNow = (c: NodeClock, nowUs: number): bigint => ntpFromMicros(timeOfDayUs(c, nowUs));

/**
 * The Identification for a new request: the NTP time of day, and always greater than the one before
 * (§5.7.1: "MUST be greater than that used in any previous Registration Request"), so a clock that
 * was just set back by a resynchronisation, or two requests in one microsecond, never repeat one.
 */
export function nextIdentification(c: NodeClock, nowUs: number, previous?: bigint): bigint {
  const id = ntpNow(c, nowUs);
  return previous !== undefined && id <= previous ? previous + 1n : id;
}

export type IdentificationCheck = 'valid' | 'clock-skew' | 'not-newer';

/**
 * The home agent's check (§5.7.1): the timestamp must be "close enough to the home agent's
 * time-of-day clock" and "greater than all previously accepted timestamps for the requesting mobile
 * node". Equal is not greater: a replay is refused.
 */
export function checkIdentification(o: { received: bigint; clock: bigint; toleranceS?: number; lastAccepted?: bigint }): IdentificationCheck {
  const skewUs = Math.abs(microsFromNtp(o.received) - microsFromNtp(o.clock));
  if (skewUs > (o.toleranceS ?? IDENTIFICATION_TOLERANCE_S) * 1e6) return 'clock-skew';
  if (o.lastAccepted !== undefined && o.received <= o.lastAccepted) return 'not-newer';
  return 'valid';
}

/** §5.7.1: the reply to a bad timestamp has the home agent's seconds above the request's low-order 32 bits. */
export function mismatchIdentification(received: bigint, haClock: bigint): bigint {
  return (haClock & ~LOW32) | (received & LOW32);
}

/** §5.7: a reply belongs to a request when the low-order 32 bits match. */
export const sameLowOrder = (a: bigint, b: bigint): boolean => (a & LOW32) === (b & LOW32);

/**
 * §3.6.2.3, §5.7.1: after code 133 the PMA sets its clock from the high-order 32 bits of the
 * reply, the home agent's seconds. The fraction is not sent, so the clock is right to within a
 * second, well inside the tolerance. Returns the node's new offset, µs.
 */
export function resynchronisedOffset(c: NodeClock, nowUs: number, reply: bigint): number {
  const haUs = microsFromNtp(reply & ~LOW32);
  return c.offsetUs + (haUs - timeOfDayUs(c, nowUs));
}

/** RFC 3543 §3.5: a revoking agent's 32-bit timestamp, the seconds of its NTP clock. */
export const revocationTimestamp = (c: NodeClock, nowUs: number): number => Number(ntpNow(c, nowUs) >> 32n);
