/**
 * The Registration Identification as a 64-bit NTP timestamp (RFC 5944 §5.7.1, RFC 5905 §6):
 * 32 bits of seconds since 1900-01-01 00:00 UTC and 32 bits of fraction. RFC 5563 §4.4 sequences
 * proxy registrations with it, and reply code 133 (identification mismatch) resynchronises the
 * sender's clock with the high-order 32 bits the home agent returns.
 */

/** Seconds from 1900-01-01 (the NTP epoch) to 1970-01-01 (the Unix epoch). */
export const NTP_UNIX_OFFSET = 2_208_988_800;
/** Seconds from 1970-01-01 to 2036-02-07 06:28:16 UTC, where NTP era 1 begins. */
const ERA1_UNIX = 2_085_978_496;
const TWO32 = 4_294_967_296;

/** µs since the Unix epoch → NTP timestamp (seconds wrap into the next era after 2036). */
export function ntpFromMicros(micros: number): bigint {
  const secs = Math.floor(micros / 1e6);
  const frac = Math.round(((micros - secs * 1e6) * TWO32) / 1e6);
  const ntpSecs = (((secs + NTP_UNIX_OFFSET) % TWO32) + TWO32) % TWO32;
  return (BigInt(ntpSecs) << 32n) | BigInt(frac);
}

/**
 * NTP timestamp → µs since the Unix epoch, rounded. Like Wireshark (RFC 4330 §3): seconds with the
 * top bit set are in 1968–2036, the others in 2036–2104.
 */
export function microsFromNtp(ntp: bigint): number {
  const secs = Number((ntp >> 32n) & 0xffffffffn);
  const frac = Number(ntp & 0xffffffffn);
  const unix = secs >= 0x80000000 ? secs - NTP_UNIX_OFFSET : secs + ERA1_UNIX;
  return unix * 1e6 + Math.round((frac * 1e6) / TWO32);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * The text tshark shows for `mip.ident`: "Oct 14, 2023 05:26:40.000000000 UTC". Nanoseconds are
 * truncated from the fraction as Wireshark computes them, and an all-zero seconds field with a
 * fraction under 1 ns is the "NULL" time, 1970-01-01 (Wireshark's ENC_TIME_NTP).
 */
export function ntpText(ntp: bigint): string {
  const secs = Number((ntp >> 32n) & 0xffffffffn);
  const frac = Number(ntp & 0xffffffffn);
  const nanos = Math.trunc(1e9 * (frac / TWO32));
  let unix = secs >= 0x80000000 ? secs - NTP_UNIX_OFFSET : secs + ERA1_UNIX;
  if (secs === 0 && nanos === 0) unix = 0;
  const d = new Date(unix * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ${time}.${String(nanos).padStart(9, '0')} UTC`;
}
