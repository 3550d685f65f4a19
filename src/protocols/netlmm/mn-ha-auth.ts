import { encode, hmacSha1, ipv6FromText, type OptionValue } from '../../wire/core';
import { AUTH_SUBTYPE, mobilityHeader, type MobilityHeader } from '../../wire/mh';

/*
 * The per-MN security association of seed 003 Appendix C, put on the wire: the key the AAA gives
 * the PMIP client and the LMA authenticates each PBU for that MN. The draft runs IKE with that key
 * and protects the PBU with IPsec; the lab uses the key the way RFC 4285 §5.1 does instead, in a
 * MN-HA Mobility Message Authentication option, so the protection is visible in the capture and a
 * learner can see the LMA check it. The client stands in for the MN (its SA "is at the PMIP client
 * instead of the MN", Appendix C), the LMA for the home agent:
 *
 *   Authentication Data = First(96, HMAC_SHA1(key, care-of address | home address | MH data))
 *
 * with the pCoA (the Alternate Care-of Address) and the pHoA, and the MH data running from the
 * first octet of the Mobility Header to the end of the option's SPI, checksum field zero.
 */

export const AUTHENTICATOR_OCTETS = 12;

export interface MnHaKey {
  spi: number;
  key: Uint8Array;
}

/** Where the first authentication option's SPI ends in a BU or BA (options start at octet 12), if there is one. */
function spiEnd(mh: Uint8Array): number | undefined {
  let off = 12;
  while (off < mh.length) {
    const type = mh[off]!;
    if (type === 0) {
      off += 1;
      continue;
    }
    if (type === 9) return off + 7 <= mh.length ? off + 7 : undefined;
    if (off + 1 >= mh.length) return undefined;
    off += 2 + mh[off + 1]!;
  }
  return undefined;
}

function authenticator(key: Uint8Array, coa: string, hoa: string, mh: Uint8Array): Uint8Array | undefined {
  const end = spiEnd(mh);
  if (end === undefined) return undefined;
  const covered = mh.slice(0, end);
  covered[4] = 0;
  covered[5] = 0;
  const data = new Uint8Array(32 + covered.length);
  data.set(ipv6FromText(coa), 0);
  data.set(ipv6FromText(hoa), 16);
  data.set(covered, 32);
  return hmacSha1(key, data).subarray(0, AUTHENTICATOR_OCTETS);
}

const option = (spi: number, data: Uint8Array): OptionValue => ({ type: 9, subtype: AUTH_SUBTYPE.MnHa, spi, data });

/** The message with a MN-HA authentication option added last, its data computed over the rest. */
export function signMessage(mh: MobilityHeader, coa: string, hoa: string, sa: MnHaKey): MobilityHeader {
  const draft: MobilityHeader = { ...mh, options: [...(mh.options ?? []), option(sa.spi, new Uint8Array(AUTHENTICATOR_OCTETS))] };
  const data = authenticator(sa.key, coa, hoa, encode(mobilityHeader, draft))!;
  return { ...mh, options: [...(mh.options ?? []), option(sa.spi, data)] };
}

/** The SPI of a message's MN-HA authentication option, if it has one. */
export function spiOf(mh: MobilityHeader): number | undefined {
  const o = mh.options?.find((x) => x.type === 9 && x.subtype === AUTH_SUBTYPE.MnHa);
  return o?.spi as number | undefined;
}

/** RFC 4285 §5.5: is the option's data what the key gives for this message? */
export function verifyMessage(mh: MobilityHeader, coa: string, hoa: string, key: Uint8Array): boolean {
  const given = mh.options?.find((x) => x.type === 9 && x.subtype === AUTH_SUBTYPE.MnHa)?.data as Uint8Array | undefined;
  if (!given || given.length !== AUTHENTICATOR_OCTETS) return false;
  const want = authenticator(key, coa, hoa, encode(mobilityHeader, mh));
  return want !== undefined && want.every((b, i) => b === given[i]);
}
