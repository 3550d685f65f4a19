import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from '../wire/core';

/** An IPv4 or IPv6 prefix, for routes, home network prefixes and address pools. */
export interface Prefix {
  version: 4 | 6;
  bytes: Uint8Array;
  length: number;
}

export function isIpv6Text(addr: string): boolean {
  return addr.includes(':');
}

export function addressBytes(addr: string): Uint8Array {
  return isIpv6Text(addr) ? ipv6FromText(addr) : ipv4FromText(addr);
}

/** `2001:db8:1::/64`, `10.0.0.0/8`, or a bare address (a host prefix). */
export function parsePrefix(text: string): Prefix {
  const [addr, len] = text.split('/');
  const v6 = isIpv6Text(addr!);
  const bytes = addressBytes(addr!);
  const max = v6 ? 128 : 32;
  const length = len === undefined ? max : Number(len);
  if (!Number.isInteger(length) || length < 0 || length > max) throw new RangeError(`bad prefix length in ${text}`);
  return { version: v6 ? 6 : 4, bytes: mask(bytes, length), length };
}

function mask(bytes: Uint8Array, length: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    out[i]! &= (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

export function prefixContains(p: Prefix, addr: string): boolean {
  return prefixContainsBytes(p, addressBytes(addr));
}

/** The same test on an address already parsed, for a lookup that checks many prefixes. */
export function prefixContainsBytes(p: Prefix, addr: Uint8Array): boolean {
  if ((addr.length === 16) !== (p.version === 6)) return false;
  const full = p.length >> 3;
  for (let i = 0; i < full; i++) if (addr[i] !== p.bytes[i]) return false;
  const rest = p.length & 7;
  return rest === 0 || ((addr[full]! ^ p.bytes[full]!) & (0xff << (8 - rest)) & 0xff) === 0;
}

export function prefixText(p: Prefix): string {
  return `${p.version === 6 ? ipv6ToText(p.bytes) : ipv4ToText(p.bytes)}/${p.length}`;
}

/** The address formed from a /64 prefix and an interface identifier (RFC 4862 §5.5.3). */
export function withInterfaceId(prefix: Prefix, iid: Uint8Array): string {
  const out = prefix.bytes.slice();
  out.set(iid.subarray(0, 8), 8);
  return ipv6ToText(out);
}

/** The modified EUI-64 interface identifier of a MAC address (RFC 4291 App. A). */
export function eui64(mac: Uint8Array): Uint8Array {
  return Uint8Array.of(mac[0]! ^ 0x02, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!);
}

export function linkLocalFor(mac: Uint8Array): string {
  return withInterfaceId(parsePrefix('fe80::/64'), eui64(mac));
}
