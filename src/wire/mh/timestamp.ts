/**
 * The PMIPv6 Timestamp (RFC 5213 §8.8): seconds since 1970-01-01 00:00 UTC as a 64-bit fixed point
 * number, 48 bits of seconds and 16 bits of fraction (not NTP's 1900-based 32.32). Held as a bigint
 * so the full 64 bits survive.
 *
 * Conversions truncate toward the past (a 1/65536 s step is about 15.26 µs), so a clock that moves
 * forward never yields a smaller timestamp, which is what the LMA's ordering rule checks (RFC 5213
 * §5.5, status 157).
 */

const MASK64 = (1n << 64n) - 1n;

/** Microseconds since 1970 → 48.16 fixed point. */
export function timestampFromMicros(us: bigint | number): bigint {
  const v = BigInt(us);
  if (v < 0n) throw new RangeError(`a timestamp cannot be before 1970: ${us} µs`);
  const secs = v / 1_000_000n;
  const frac = ((v % 1_000_000n) * 65536n) / 1_000_000n;
  return ((secs << 16n) | frac) & MASK64;
}

/** 48.16 fixed point → microseconds since 1970. */
export function microsFromTimestamp(ts: bigint): bigint {
  return (ts >> 16n) * 1_000_000n + ((ts & 0xffffn) * 1_000_000n) / 65536n;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's civil_from_days), for any size. */
function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: string;
  mm: string;
  ss: string;
  ns: string;
}

/**
 * The calendar parts of a timestamp. Nanoseconds are truncated, as Wireshark computes them
 * (1e9·fraction/65536 is exact in a double, so truncation is the only rounding).
 */
function parts(ts: bigint): Parts {
  const secs = Number(ts >> 16n);
  const ns = Math.floor((Number(ts & 0xffffn) * 1e9) / 65536);
  const days = Math.floor(secs / 86400);
  const rem = secs - days * 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  return {
    ...civil(days),
    hh: two(Math.floor(rem / 3600)),
    mm: two(Math.floor((rem % 3600) / 60)),
    ss: two(rem % 60),
    ns: String(ns).padStart(9, '0'),
  };
}

/** As tshark shows `mip6.timestamp_tmp`: "Jan 11, 2024 00:57:36.500000000 UTC" (day padded with a space). */
export function timestampToTshark(ts: bigint): string {
  const p = parts(ts);
  return `${MONTHS[p.m - 1]} ${String(p.d).padStart(2, ' ')}, ${p.y} ${p.hh}:${p.mm}:${p.ss}.${p.ns} UTC`;
}

/** ISO 8601 with nanoseconds: "2024-01-11T00:57:36.500000000Z". */
export function timestampToIso(ts: bigint): string {
  const p = parts(ts);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${String(p.y).padStart(4, '0')}-${two(p.m)}-${two(p.d)}T${p.hh}:${p.mm}:${p.ss}.${p.ns}Z`;
}
