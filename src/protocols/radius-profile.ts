import { decode, encode, findField, ipv6FromText, utf8ToText, type OptionValue } from '../wire/core';
import { attr, radius, radiusAttr, type RadiusPacket } from '../wire/radius';

/*
 * A mobile node's policy profile (seed 001 §3: "configured in a policy store, such as in AAA
 * infrastructure") as RFC 6572 RADIUS attributes, both ways: the AAA server writes them into an
 * Access-Accept, the MAG reads them back. Keeping both directions here keeps the convention below
 * in one place.
 *
 * The addressing model (seed 001 §6.1; RFC 5213 has only the per-MN-prefix model) has no attribute
 * of its own in RFC 6572, so the lab signals it by the attributes present:
 *   per-MN-prefix  PMIP6-Home-HN-Prefix (151) = the MN's own /64, and no Interface-ID;
 *   shared-prefix  PMIP6-Home-HN-Prefix (151) = the shared /64 (or none: the LMA picks it) together
 *                  with PMIP6-Home-Interface-ID (153) = the MN's interface identifier (RFC 6572 §4.10),
 *                  so the home address is that prefix and identifier, a /128 host route (seed 001 §5.3).
 * An Interface-ID therefore means shared-prefix.
 */

export type AddressingModel = 'per-mn-prefix' | 'shared-prefix';

export interface PolicyProfile {
  /** The home network prefix, `2001:db8:100::/64`; absent: the LMA allocates one (RFC 5213 §5.3.1). */
  hnp?: string;
  /** The LMA's address (PMIP6-Home-LMA-IPv6-Address, RFC 6572 §4.4). */
  lmaa: string;
  addressing: AddressingModel;
  /** Shared-prefix only: the MN's 64-bit interface identifier, `::a:b:c:d` or `a:b:c:d`. */
  interfaceId?: string;
  /** Session-Timeout (RFC 2865 §5.27): how long the MN may stay before it is authorised again. */
  lifetimeSeconds?: number;
  /** The AAA refuses this MN (the `pmipv6-reject` AAA variant). */
  reject?: boolean;
}

/** A profile as a MAG reads it from an Access-Accept. */
export interface ReceivedProfile {
  mnIdentifier?: string;
  hnp?: string;
  lmaa?: string;
  addressing: AddressingModel;
  interfaceId?: Uint8Array;
  lifetimeSeconds?: number;
}

/** Framed (RFC 2865 §5.6): the MN gets network access, not a login. */
export const SERVICE_TYPE_FRAMED = 2;

/** The 8 octets of an interface identifier written as the low 64 bits of an address. */
export function interfaceIdBytes(text: string): Uint8Array {
  return ipv6FromText(text.startsWith('::') ? text : `::${text}`).slice(8);
}

/** Bad configuration fails at load (STYLE.md principle 13): what is wrong with a profile, if anything. */
export function profileProblem(nai: string, p: PolicyProfile): string | undefined {
  if (p.hnp !== undefined && !/^[0-9a-f:]+\/\d+$/i.test(p.hnp)) return `${nai}: hnp ${p.hnp} is not a prefix like 2001:db8:100::/64`;
  if (p.addressing === 'shared-prefix' && p.interfaceId === undefined) {
    return `${nai}: the shared-prefix model needs an interfaceId, the only way the Access-Accept can tell the model`;
  }
  if (p.addressing === 'per-mn-prefix' && p.interfaceId !== undefined) return `${nai}: an interfaceId would make the MAG read the model as shared-prefix`;
  try {
    ipv6FromText(p.lmaa);
    if (p.hnp) ipv6FromText(p.hnp.split('/')[0]!);
    if (p.interfaceId !== undefined) interfaceIdBytes(p.interfaceId);
  } catch {
    return `${nai}: an address in the profile does not parse`;
  }
  return undefined;
}

/** The Access-Accept attributes for this profile (RFC 6572 §4; Message-Authenticator last, filled in on encode). */
export function profileAttributes(nai: string, p: PolicyProfile): OptionValue[] {
  const out: OptionValue[] = [attr.serviceType(SERVICE_TYPE_FRAMED)];
  if (p.lifetimeSeconds !== undefined) out.push(attr.sessionTimeout(p.lifetimeSeconds));
  // RFC 6572 §4.2: "The MAG MUST use the received MN-Identifier" in its PBUs.
  out.push(attr.mobileNodeIdentifier(nai), attr.pmip6HomeLmaIpv6Address(p.lmaa));
  if (p.hnp) {
    const [prefix, len] = p.hnp.split('/');
    out.push(attr.pmip6HomeHnPrefix(prefix!, Number(len)));
  }
  if (p.interfaceId !== undefined) out.push(attr.pmip6HomeInterfaceId(interfaceIdBytes(p.interfaceId)));
  out.push(attr.messageAuthenticator());
  return out;
}

/** The profile in an Access-Accept, read by the convention above. */
export function profileFromAttributes(p: Pick<RadiusPacket, 'attributes'>): ReceivedProfile {
  const out: ReceivedProfile = { addressing: radiusAttr(p, 153) ? 'shared-prefix' : 'per-mn-prefix' };
  const id = radiusAttr(p, 145);
  if (id) out.mnIdentifier = utf8ToText(id);
  const hnp = radiusAttr(p, 151);
  if (hnp) out.hnp = `${hnp.prefix}/${hnp.length}`;
  const lmaa = radiusAttr(p, 147);
  if (lmaa) out.lmaa = lmaa;
  const iid = radiusAttr(p, 153);
  if (iid) out.interfaceId = iid;
  const timeout = radiusAttr(p, 27);
  if (timeout !== undefined) out.lifetimeSeconds = timeout;
  return out;
}

/** What a check of an authenticator found: `missing` only for a Message-Authenticator left out. */
export type AuthenticatorCheck = 'good' | 'bad' | 'missing';

/**
 * The received packet's authenticators under `secret` (RFC 2865 §3, RFC 3579 §3.2). The packet
 * arrived decoded without the secret, so it is encoded again (decode then encode gives the same
 * octets) and decoded with the secret, letting src/wire/radius do the arithmetic it already does
 * for the inspector. `requestAuthenticator`: for a reply, the one of the request it answers.
 */
export function checkAuthenticators(
  p: RadiusPacket,
  secret: string,
  requestAuthenticator?: Uint8Array,
): { message: AuthenticatorCheck; response?: AuthenticatorCheck } {
  const bytes = encode(radius, p);
  const hints = { radiusSecret: secret, ...(requestAuthenticator ? { requestAuthenticator } : {}) };
  const { layers } = decode(radius, bytes, { hints });
  const status = (name: string): AuthenticatorCheck | undefined => {
    const v = findField(layers, name)?.value;
    return v === undefined ? undefined : v === 'Good' ? 'good' : 'bad';
  };
  const response = status('radius.authenticator.status');
  return { message: status('radius.Message_Authenticator.status') ?? 'missing', ...(response ? { response } : {}) };
}
