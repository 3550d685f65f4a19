/**
 * Checksums carried on the wire: the Internet checksum (RFC 1071) with the IPv4 and IPv6
 * pseudo-headers that ICMPv6, UDP, TCP and the Mobility Header feed into it, and CRC-32C
 * (Castagnoli) for SCTP (RFC 9260 §6.8, Appendix B).
 *
 * Isomorphic on purpose: no Node built-ins, only typed arrays, so the same code checks packets in
 * the browser and in the CLI.
 */

/**
 * RFC 1071 §1: the 16-bit one's-complement sum of the concatenation of `parts`, taken as big-endian
 * 16-bit words, with the last odd octet padded with a zero on the right (§1(1), "if the total
 * length is odd, the received data is padded with one octet of zeros").
 *
 * The parts are summed as if concatenated: when a part has an odd length its last octet is
 * paired with the first octet of the next part, so a pseudo-header, a header and a payload can be
 * passed as separate views without copying them into one buffer. (Padding each part separately
 * would be wrong: it shifts every later byte into the other half of its word.)
 *
 * Returns the folded sum (not complemented). A sum of 0xffff over a buffer that contains its own
 * checksum means the checksum verifies (RFC 1071 §1(3)).
 */
export function onesComplementSum(parts: readonly Uint8Array[]): number {
  // A JS number holds integers exactly up to 2^53, so we add 16-bit words without folding and fold
  // once at the end (RFC 1071 §2(B) "deferred carries"): 2^37 words before any risk of precision loss,
  // far beyond any packet.
  let sum = 0;
  // The high octet of a word whose low octet lives in the next part, or -1 when word-aligned.
  let pending = -1;
  for (const part of parts) {
    const n = part.length;
    let i = 0;
    if (pending >= 0 && n > 0) {
      sum += (pending << 8) | part[0]!;
      pending = -1;
      i = 1;
    }
    const pairsEnd = i + ((n - i) & ~1);
    for (; i < pairsEnd; i += 2) sum += (part[i]! << 8) | part[i + 1]!;
    if (i < n) pending = part[i]!;
  }
  // RFC 1071 §1(1): an odd total length pads the final octet with zero on the right.
  if (pending >= 0) sum += pending << 8;
  return fold16(sum);
}

/**
 * The Internet checksum (RFC 1071 §1(2)): the one's complement of the one's-complement sum of the
 * concatenated parts. Compute it with the checksum field zeroed and write it big-endian.
 *
 * Note for UDP (RFC 768, RFC 8200 §8.1): a computed 0x0000 is transmitted as 0xffff, since zero in
 * the field means "no checksum" for UDP/IPv4 and is illegal for UDP/IPv6. That substitution is
 * UDP's business and is left to its encoder; this function returns the raw complement.
 */
export function internetChecksum(...parts: Uint8Array[]): number {
  return ~onesComplementSum(parts) & 0xffff;
}

/** Folds carries back into the low 16 bits (end-around carry, RFC 1071 §2(A)/(B)). */
function fold16(sum: number): number {
  // `sum` may exceed 32 bits, so split with arithmetic rather than `>>>`, which would truncate.
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

function checkAddress(name: string, addr: Uint8Array, len: number): void {
  if (addr.length !== len) {
    throw new RangeError(`${name} address must be ${len} bytes, got ${addr.length}`);
  }
}

function checkUint(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new RangeError(`${name} must be an integer in 0..${max}, got ${v}`);
  }
}

/**
 * The 12-byte IPv4 pseudo-header for UDP (RFC 768) and TCP (RFC 793 §3.1, RFC 9293 §3.1):
 * source address, destination address, a zero octet, the protocol number and the 16-bit
 * upper-layer length (header plus data, not counting the pseudo-header).
 */
export function ipv4PseudoHeader(
  src: Uint8Array,
  dst: Uint8Array,
  protocol: number,
  length: number,
): Uint8Array {
  checkAddress('IPv4 source', src, 4);
  checkAddress('IPv4 destination', dst, 4);
  checkUint('protocol', protocol, 0xff);
  checkUint('IPv4 pseudo-header length', length, 0xffff);
  const out = new Uint8Array(12);
  out.set(src, 0);
  out.set(dst, 4);
  // out[8] stays zero.
  out[9] = protocol;
  out[10] = length >>> 8;
  out[11] = length & 0xff;
  return out;
}

/**
 * The 40-byte IPv6 pseudo-header (RFC 8200 §8.1): source address, final destination address (the
 * last Routing-header address if one is present), the 32-bit upper-layer packet length, three
 * zero octets and the Next Header value of the upper-layer protocol (not of any extension header
 * in between; 135 for the Mobility Header, RFC 6275 §6.1.1). Choosing which addresses to pass is
 * the caller's job, since it depends on the extension headers present.
 */
export function ipv6PseudoHeader(
  src: Uint8Array,
  dst: Uint8Array,
  nextHeader: number,
  length: number,
): Uint8Array {
  checkAddress('IPv6 source', src, 16);
  checkAddress('IPv6 destination', dst, 16);
  checkUint('next header', nextHeader, 0xff);
  checkUint('IPv6 pseudo-header length', length, 0xffffffff);
  const out = new Uint8Array(40);
  out.set(src, 0);
  out.set(dst, 16);
  out[32] = length >>> 24;
  out[33] = (length >>> 16) & 0xff;
  out[34] = (length >>> 8) & 0xff;
  out[35] = length & 0xff;
  // out[36..38] stay zero.
  out[39] = nextHeader;
  return out;
}

/** Byte-at-a-time table for the reflected Castagnoli polynomial; built on first use. */
let crc32cTable: Uint32Array | undefined;

function buildCrc32cTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    // 0x82F63B78 is the bit-reversal of the Castagnoli polynomial 0x1EDC6F41 (RFC 3720 §12.1,
    // RFC 9260 Appendix B): the reflected form lets us shift right, processing LSB first.
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * CRC-32C (Castagnoli) as used by iSCSI (RFC 3720 §12.1, vectors in Appendix B.4) and SCTP
 * (RFC 9260 §6.8, Appendix B): reflected input and output, initial value 0xFFFFFFFF, final XOR
 * 0xFFFFFFFF. Returns the unsigned 32-bit value, e.g. 0xE3069283 for ASCII "123456789".
 *
 * For SCTP, compute over the whole packet with the checksum field set to zero, then write the
 * result with `sctpChecksumBytes` — not big-endian (see there).
 */
export function crc32c(data: Uint8Array): number {
  const table = (crc32cTable ??= buildCrc32cTable());
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The four checksum-field octets of an SCTP common header for a CRC-32C value, in wire order.
 *
 * RFC 9260 Appendix B (as RFC 4960 Appendix B before it): because the CRC is computed over
 * reflected (LSB-first) bits, its least-significant octet is the first one transmitted. The
 * field therefore holds the CRC little-endian, the one exception to network byte order in the
 * SCTP header. "123456789" → 0xE3069283 → bytes 83 92 06 E3.
 */
export function sctpChecksumBytes(crc: number): Uint8Array {
  return Uint8Array.of(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, (crc >>> 24) & 0xff);
}
