import { ipv6FromText, ipv6ToText, macFromText } from '../wire/core';

/*
 * IPv6 Stateless Address Autoconfiguration (RFC 4862) as any host does it: the rules are the
 * protocol's, not the mobile node's, so a lesson or another host role can use them too. In PMIPv6
 * they are why the MN keeps its home address: the MAG advertises the same home network prefix on
 * every access link and the MN appends the same interface identifier (seed 001 §7.1).
 *
 * (src/sim/prefix.ts has an EUI-64 helper for scenarios; entities may not import sim at run
 * time (DESIGN.md layers), and the rules below are more than the helper: §5.5.3 (a)–(e).)
 */

/** ND's "infinity" lifetime (RFC 4861 §4.6.2): all ones. */
export const INFINITE_LIFETIME = 0xffffffff;
/** RFC 4862 §5.5.3 (e): the two hours below which an unauthenticated RA may not shorten a lifetime. */
export const TWO_HOURS = 2 * 60 * 60;
/** Interface identifiers for Ethernet are 64 bits (RFC 2464 §4, RFC 4291 §2.5.1). */
export const INTERFACE_ID_BITS = 64;

/** The modified EUI-64 interface identifier of a MAC (RFC 4291 App. A): ff:fe in the middle, the U/L bit flipped. */
export function interfaceIdFromMac(mac: string): Uint8Array {
  const m = macFromText(mac);
  return Uint8Array.of(m[0]! ^ 0x02, m[1]!, m[2]!, 0xff, 0xfe, m[3]!, m[4]!, m[5]!);
}

/** The address made of the first 64 bits of `prefix` and the interface identifier (RFC 4862 §5.5.3 (d)). */
export function addressFrom(prefix: string, iid: Uint8Array): string {
  const b = ipv6FromText(prefix);
  b.set(iid.subarray(0, 8), 8);
  return ipv6ToText(b);
}

/** RFC 4862 §5.3: fe80::/64 with the interface identifier, formed as soon as the interface is up. */
export function linkLocalAddress(mac: string): string {
  return addressFrom('fe80::', interfaceIdFromMac(mac));
}

/** fe80::/10 (RFC 4291 §2.5.6). */
export function isLinkLocal(addr: string): boolean {
  const b = ipv6FromText(addr);
  return b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
}

/** A Prefix Information option as the host reads it (RFC 4861 §4.6.2). */
export interface PrefixInformation {
  prefix: string;
  prefixLength: number;
  autonomous: boolean;
  onLink: boolean;
  /** Seconds; INFINITE_LIFETIME is forever. */
  valid: number;
  preferred: number;
}

/** What RFC 4862 §5.5.3 says to do with one Prefix Information option. */
export type PrefixDecision = { use: true; address: string } | { use: false; why: string };

/** RFC 4862 §5.5.3 (a)–(d): whether a PIO configures an address, and which one. */
export function autoconfigure(pio: PrefixInformation, iid: Uint8Array): PrefixDecision {
  if (!pio.autonomous) return { use: false, why: 'the A flag is clear (§5.5.3 a)' };
  if (isLinkLocal(pio.prefix)) return { use: false, why: 'it is the link-local prefix (§5.5.3 b)' };
  if (pio.preferred > pio.valid) return { use: false, why: 'its preferred lifetime exceeds the valid lifetime (§5.5.3 c)' };
  if (pio.prefixLength + iid.length * 8 !== 128) {
    return { use: false, why: `/${pio.prefixLength} plus a ${iid.length * 8}-bit interface identifier is not 128 bits (§5.5.3 d)` };
  }
  return { use: true, address: addressFrom(pio.prefix, iid) };
}

/**
 * RFC 4862 §5.5.3 (e): the new valid lifetime of an address the host already has. A longer one, or
 * one above two hours, is taken as advertised; an address with two hours or less left keeps them
 * (so a forged RA cannot cut it short); otherwise it drops to two hours. `remaining` in seconds.
 */
export function updatedValidLifetime(remaining: number, received: number): number {
  if (received === INFINITE_LIFETIME || received > TWO_HOURS || received > remaining) return received;
  if (remaining <= TWO_HOURS) return remaining;
  return TWO_HOURS;
}
