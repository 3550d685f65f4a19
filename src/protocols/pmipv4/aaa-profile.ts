import { ipv4FromText, ipv4ToText, md5, utf8FromText, type OptionValue } from '../../wire/core';
import { attr, radiusAttr, type RadiusPacket } from '../../wire/radius';
import type { SecurityAssociation } from './security';

/*
 * What the AAA server tells a PMA about a mobile device during access authentication (RFC 5563 §7:
 * "the NAI, the MN-HA security association ... and the HA address ... is typically downloaded from
 * the AAA server"; seed 000 §4.1.1 step 1b). RFC 5563 defines no RADIUS attributes for it; the
 * lab uses the 3GPP2 vendor attributes that the 3GPP2 deployment (§11) downloads, which Wireshark
 * names from its 3GPP2 dictionary:
 *   26/5535/7   3GPP2-Home-Agent-IP-Address   absent: the PMA discovers the home agent (§4.6)
 *   26/5535/57  3GPP2-MN-HA-SPI
 *   26/5535/58  3GPP2-MN-HA-Shared-Key        salt-encrypted with the RADIUS secret (RFC 2868 §3.5)
 * and Framed-IP-Address (RFC 2865 §5.8) for a home address the profile fixes, which the PMA then
 * offers as the hint in its request (RFC 5563 §4.1.1 step 3).
 */

export const VENDOR_3GPP2 = 5535;
export const VSA_HOME_AGENT = 7;
export const VSA_MN_HA_SPI = 57;
export const VSA_MN_HA_KEY = 58;

export interface Pmipv4Profile {
  /** Absent: dynamic home agent discovery (RFC 5563 §4.6). */
  homeAgent?: string;
  /** A home address the profile fixes; absent, the home agent assigns one. */
  homeAddress?: string;
  /** The per-device MN-HA association (RFC 5563 §4.3). */
  mnHa: SecurityAssociation;
  /** Session-Timeout (RFC 2865 §5.27). */
  lifetimeSeconds?: number;
  /** The AAA server refuses this device. */
  reject?: boolean;
}

/** The profile as a PMA reads it back; the key is there only when it decrypted with the secret. */
export interface ReceivedPmipv4Profile {
  homeAgent?: string;
  homeAddress?: string;
  mnHa?: SecurityAssociation;
  lifetimeSeconds?: number;
}

const u32 = (v: number): Uint8Array => Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
const readU32 = (b: Uint8Array): number => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * RFC 2868 §3.5 (Tunnel-Password; the "encrypt=2" of the 3GPP2 dictionary): a 2-octet Salt with its
 * top bit set, then the value with a length octet in front, padded with zeros to 16-octet blocks and
 * XORed with MD5(secret + Request Authenticator + Salt), then with MD5(secret + previous block).
 */
export function saltEncrypt(value: Uint8Array, secret: string, requestAuthenticator: Uint8Array, salt: number): Uint8Array {
  const saltBytes = Uint8Array.of(0x80 | ((salt >>> 8) & 0x7f), salt & 0xff);
  const plain = new Uint8Array(Math.ceil((value.length + 1) / 16) * 16);
  plain[0] = value.length;
  plain.set(value, 1);
  const s = utf8FromText(secret);
  let prev = concat(requestAuthenticator, saltBytes);
  for (let i = 0; i < plain.length; i += 16) {
    const b = md5(concat(s, prev));
    for (let j = 0; j < 16; j++) plain[i + j]! ^= b[j]!;
    prev = plain.subarray(i, i + 16);
  }
  return concat(saltBytes, plain);
}

/** The inverse of `saltEncrypt`; undefined when the octets cannot be a salted value (wrong length or secret). */
export function saltDecrypt(cipher: Uint8Array, secret: string, requestAuthenticator: Uint8Array): Uint8Array | undefined {
  if (cipher.length < 18 || (cipher.length - 2) % 16 !== 0 || (cipher[0]! & 0x80) === 0) return undefined;
  const s = utf8FromText(secret);
  const body = cipher.subarray(2);
  const plain = new Uint8Array(body.length);
  let prev = concat(requestAuthenticator, cipher.subarray(0, 2));
  for (let i = 0; i < body.length; i += 16) {
    const b = md5(concat(s, prev));
    for (let j = 0; j < 16; j++) plain[i + j] = body[i + j]! ^ b[j]!;
    prev = body.subarray(i, i + 16);
  }
  const len = plain[0]!;
  return len + 1 <= plain.length ? plain.slice(1, 1 + len) : undefined;
}

/** The Access-Accept attributes for a profile, the key sealed for the PMA that asked (Message-Authenticator last). */
export function pmipv4ProfileAttributes(
  p: Pmipv4Profile,
  seal: { secret: string; requestAuthenticator: Uint8Array; salt: number },
): OptionValue[] {
  const vsas: { type: number; value: Uint8Array }[] = [];
  if (p.homeAgent) vsas.push({ type: VSA_HOME_AGENT, value: ipv4FromText(p.homeAgent) });
  vsas.push({ type: VSA_MN_HA_SPI, value: u32(p.mnHa.spi) });
  vsas.push({ type: VSA_MN_HA_KEY, value: saltEncrypt(p.mnHa.key, seal.secret, seal.requestAuthenticator, seal.salt) });
  const out: OptionValue[] = [attr.serviceType(2)];
  if (p.lifetimeSeconds !== undefined) out.push(attr.sessionTimeout(p.lifetimeSeconds));
  if (p.homeAddress) out.push(attr.framedIpAddress(p.homeAddress));
  out.push(attr.vendorSpecific(VENDOR_3GPP2, vsas), attr.messageAuthenticator());
  return out;
}

/** The profile in an Access-Accept; `requestAuthenticator` is the Access-Request's, which sealed the key. */
export function pmipv4ProfileFromAttributes(
  accept: Pick<RadiusPacket, 'attributes'>,
  secret: string,
  requestAuthenticator: Uint8Array,
): ReceivedPmipv4Profile {
  const vsas = (accept.attributes ?? [])
    .filter((a) => a.type === 26 && a.vendorId === VENDOR_3GPP2)
    .flatMap((a) => (a.value as { type: number; value: Uint8Array }[] | undefined) ?? []);
  const vsa = (t: number): Uint8Array | undefined => vsas.find((x) => x.type === t)?.value;
  const out: ReceivedPmipv4Profile = {};
  const ha = vsa(VSA_HOME_AGENT);
  if (ha?.length === 4) out.homeAgent = ipv4ToText(ha);
  const hoa = radiusAttr(accept, 8);
  if (hoa) out.homeAddress = hoa;
  const spi = vsa(VSA_MN_HA_SPI);
  const sealed = vsa(VSA_MN_HA_KEY);
  const key = sealed && saltDecrypt(sealed, secret, requestAuthenticator);
  if (spi?.length === 4 && key) out.mnHa = { spi: readU32(spi), key };
  const timeout = radiusAttr(accept, 27);
  if (timeout !== undefined) out.lifetimeSeconds = timeout;
  return out;
}
