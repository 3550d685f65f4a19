import { internetChecksum, ipv4PseudoHeader, ipv6PseudoHeader } from './checksum';
import type { ChecksumInput } from './fixups';

/**
 * The Internet checksum of an upper-layer message over its IP pseudo-header (UDP, ICMPv6, the
 * Mobility Header). Undefined when no IP header is around it, or the message is too long for the
 * pseudo-header's length field: then the checksum cannot be known and shows as unverified.
 */
export function pseudoHeaderChecksum(protocol: number): (c: ChecksumInput) => number | undefined {
  return ({ bytes, ctx }) => {
    const p = ctx.pseudo;
    if (!p) return undefined;
    if (p.version === 4) {
      if (bytes.length > 0xffff) return undefined;
      return internetChecksum(ipv4PseudoHeader(p.src, p.dst, protocol, bytes.length), bytes);
    }
    return internetChecksum(ipv6PseudoHeader(p.src, p.dst, protocol, bytes.length), bytes);
  };
}
