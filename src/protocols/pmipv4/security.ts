import { encode, type LayerValue } from '../../wire/core';
import { MIP_KEYS_HINT, mip, verifyAuthenticators, type AuthCheck, type AuthSpec, type MipKeys } from '../../wire/mipv4';

/*
 * Mobility security associations between a PMA and a home agent (RFC 5563 §4.3; RFC 5944 §1.6):
 * per mobile node (MN-HA, the key the AAA server hands the PMA) or per node (FA-HA, one key for
 * every mobile node a PMA serves). Each is an SPI and a shared key for HMAC-MD5 (RFC 5944 §3.5.1).
 * Senders put the keys in the encoder's hints; receivers check the authenticators of the message
 * they decoded.
 */

export interface SecurityAssociation {
  /** 256 and up (RFC 5944 §1.6: 0–255 are reserved). */
  spi: number;
  key: Uint8Array;
}

/** Which extension authorizes a proxy registration: the default MN-HA, or FA-HA with the Per-Node Method (RFC 5563 §5.1). */
export type AuthMode = 'mn-ha' | 'fa-ha';

export const EXT_MN_HA = 32;
export const EXT_FA_HA = 34;

/** The encoder's hints for these associations, so it computes the authenticators over the final bytes. */
export function keyHints(...sas: (SecurityAssociation | undefined)[]): Record<string, unknown> {
  const keys: Record<number, Uint8Array> = {};
  for (const sa of sas) if (sa) keys[sa.spi] = sa.key;
  return { [MIP_KEYS_HINT]: keys satisfies MipKeys };
}

/**
 * The authentication extensions a message carries, last (RFC 5944 §3.6.1.3): MN-HA, then FA-HA
 * covering everything before it.
 */
export function authSpecs(o: { mnHa?: SecurityAssociation | undefined; faHa?: SecurityAssociation | undefined }): AuthSpec[] {
  const out: AuthSpec[] = [];
  if (o.mnHa) out.push({ kind: 'mn-ha', spi: o.mnHa.spi });
  if (o.faHa) out.push({ kind: 'fa-ha', spi: o.faHa.spi });
  return out;
}

/**
 * The verdict on each authentication extension of a received message under the receiver's keys.
 * The message arrived decoded; encoding the decoded value gives back its octets (lengths and
 * authenticators are kept as received), which are then decoded again with the keys.
 */
export function checkAuthentication(message: LayerValue, ...sas: (SecurityAssociation | undefined)[]): AuthCheck[] {
  const keys: Record<number, Uint8Array> = {};
  for (const sa of sas) if (sa) keys[sa.spi] = sa.key;
  return verifyAuthenticators(encode(mip, message), keys);
}

export type AuthVerdict = 'good' | 'bad' | 'missing' | 'duplicated' | 'unknown-spi';

/**
 * One association's verdict (RFC 5944 §3.8.2.1, §3.7.3.1): exactly one extension of the type,
 * naming the association's SPI, with a good authenticator.
 */
export function verdictFor(checks: readonly AuthCheck[], type: number, sa: SecurityAssociation | undefined): AuthVerdict {
  const found = checks.filter((c) => c.type === type);
  if (found.length === 0) return 'missing';
  if (found.length > 1) return 'duplicated';
  if (!sa || found[0]!.spi !== sa.spi) return 'unknown-spi';
  return found[0]!.status === 'good' ? 'good' : 'bad';
}
