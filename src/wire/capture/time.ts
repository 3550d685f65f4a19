/**
 * Timestamps. Our model counts microseconds; files count ticks of a per-interface resolution
 * (pcapng if_tsresol, draft-ietf-opsawg-pcapng §4.2: high bit clear = 10^-n s, high bit set =
 * 2^-n s) or seconds plus a µs/ns fraction (classic pcap). BigInt throughout, because a 64-bit tick
 * count in ns overflows a double's 53-bit mantissa.
 */

export const US_PER_S = 1_000_000n;
const U64_LIMIT = 1n << 64n;

/** Ticks per second for an if_tsresol octet. */
export function ticksPerSecond(tsresol: number): bigint {
  return tsresol & 0x80 ? 2n ** BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
}

/** Rounds toward minus infinity, so a tick never lands in the next microsecond. */
export function ticksToUs(ticks: bigint, perSecond: bigint): bigint {
  const n = ticks * US_PER_S;
  const q = n / perSecond;
  return n % perSecond !== 0n && n < 0n ? q - 1n : q;
}

/**
 * Validates a caller's timestamp. A fraction of a microsecond or a negative time cannot be written
 * in either format, and silently rounding would hide a bug in the simulator, so it is a RangeError.
 */
export function checkedUs(value: bigint | number, what: string): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`${what}: timestampUs ${value} is not a whole number of microseconds`);
  }
  const us = BigInt(value);
  if (us < 0n) throw new RangeError(`${what}: timestampUs ${us} is before 1970, which capture files cannot hold`);
  return us;
}

/** Microseconds to ticks of 10^-tsresol s (rounding down below µs), checked to fit the EPB's 64 bits. */
export function usToTicks(us: bigint, tsresol: number, what: string): bigint {
  const perSecond = 10n ** BigInt(tsresol);
  const ticks = (us * perSecond) / US_PER_S;
  if (ticks >= U64_LIMIT) {
    throw new RangeError(`${what}: timestamp ${us} µs does not fit 64 bits at a resolution of 10^-${tsresol} s`);
  }
  return ticks;
}

/** A number while it is exact (JSON-friendly), a bigint beyond that. */
export function plainUs(us: bigint): bigint | number {
  const n = Number(us);
  return Number.isSafeInteger(n) ? n : us;
}
