import { ipv6FromText, ipv6ToText } from '../../wire/core';
import { BA_STATUS } from '../../wire/mh';

/*
 * Home network prefixes at the LMA: the two addressing models of seed 001 §5.3 and how a PBU's
 * Home Network Prefix option is checked or answered (RFC 5213 §5.3.2 ¶1-3, §5.4.1.1 ¶3-4).
 *
 * - per-MN-prefix (RFC 5213 §5.2, the only model of the RFC): a /64 for the mobile node alone,
 *   routed as a whole: "HoP::/64 via tunnel0".
 * - shared-prefix (seed 001 §5.3 and §8.3): the MNs share one prefix, so the LMA routes each one's
 *   home address: "HoA::/128 via tunnel0". The PBU's option then carries the home address with
 *   prefix length 128.
 */

export type AddressingModel = 'per-mn-prefix' | 'shared-prefix';

/** The part of the mobile node's policy profile (RFC 5213 §6.2) the LMA reads. */
export interface MnProfile {
  addressing: AddressingModel;
  /** per-MN-prefix: the MN's /64 (absent: the LMA allocates from its pool). shared-prefix: the shared prefix. */
  hnp?: string;
  /** shared-prefix: the MN's home address. */
  homeAddress?: string;
}

/** "2001:DB8:100:0::/64" → "2001:db8:100::/64", with the host bits cleared. Bad text throws (configuration fails at load). */
export function canonicalPrefix(text: string): string {
  const [addr, len] = text.split('/');
  const length = len === undefined ? 128 : Number(len);
  if (!addr || !Number.isInteger(length) || length < 0 || length > 128) throw new RangeError(`not an IPv6 prefix: ${text}`);
  const bytes = ipv6FromText(addr);
  for (let i = 0; i < 16; i++) bytes[i]! &= (0xff << (8 - Math.max(0, Math.min(8, length - i * 8)))) & 0xff;
  return `${ipv6ToText(bytes)}/${length}`;
}

/** Is `inner` (a prefix or an address) inside `outer`? */
export function prefixCovers(outer: string, inner: string): boolean {
  const o = canonicalPrefix(outer);
  const len = Number(o.split('/')[1]);
  const innerLen = Number(inner.split('/')[1] ?? 128);
  return innerLen >= len && canonicalPrefix(`${inner.split('/')[0]}/${len}`) === o;
}

/** A Home Network Prefix option's value as prefix text. */
export function optionPrefix(o: { prefix: string; prefixLength: number }): string {
  return canonicalPrefix(`${o.prefix}/${o.prefixLength}`);
}

/** ALL_ZERO: the MAG asks the LMA to assign the prefix (RFC 5213 §6.9.1.1). */
export function isAllZero(o: { prefix: string }): boolean {
  return ipv6FromText(o.prefix).every((b) => b === 0);
}

/** The first pool prefix no mobility session holds (deterministic: the pool's order, never a random pick). */
export function allocateFromPool(pool: readonly string[], inUse: ReadonlySet<string>): string | undefined {
  return pool.map(canonicalPrefix).find((p) => !inUse.has(p));
}

export type PrefixResolution = { prefix: string; fromPool: boolean } | { status: number; rule: string; section: string };

/**
 * The prefix a new mobility session gets, or the status that refuses it (RFC 5213 §5.3.2 ¶1-3).
 * `requested` is the PBU's option (undefined: none, treated as ALL_ZERO), `owners` maps every
 * prefix in the binding cache to the NAI holding it.
 */
export function resolveNewSessionPrefix(o: {
  nai: string;
  profile: MnProfile;
  requested: { prefix: string; prefixLength: number } | undefined;
  owners: ReadonlyMap<string, string>;
  pool: readonly string[];
  /** Prefixes the pool must not hand out although nobody holds them now: other profiles' static prefixes. */
  reserved?: ReadonlySet<string>;
}): PrefixResolution {
  const { profile, requested, owners } = o;
  const takenByOther = (p: string): boolean => (owners.get(p) ?? o.nai) !== o.nai;
  const notAuthorized = {
    status: BA_STATUS.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX,
    rule: 'the mobile node is not authorized for the requested home network prefix',
    section: 'RFC 5213 §5.3.2 ¶3',
  };
  const noResources = {
    status: BA_STATUS.INSUFFICIENT_RESOURCES,
    rule: 'the LMA has no home network prefix left to allocate',
    section: 'RFC 5213 §5.3.2 ¶2',
  };
  if (requested && !isAllZero(requested)) {
    const p = optionPrefix(requested);
    if (takenByOther(p)) return { ...notAuthorized, rule: 'the requested prefix belongs to another mobile node', section: 'RFC 5213 §5.4.1.1 ¶3' };
    if (profile.addressing === 'per-mn-prefix') {
      return profile.hnp && canonicalPrefix(profile.hnp) === p ? { prefix: p, fromPool: false } : notAuthorized;
    }
    // Shared prefix: the option carries the home address, /128 (seed 001 §8.3).
    const isHoa = requested.prefixLength === 128;
    const mine = profile.homeAddress ? canonicalPrefix(profile.homeAddress) === p : !!profile.hnp && prefixCovers(profile.hnp, p);
    return isHoa && mine ? { prefix: p, fromPool: false } : notAuthorized;
  }
  // ALL_ZERO (or no option): the LMA assigns (§5.3.2 ¶1).
  if (profile.addressing === 'shared-prefix') {
    const hoa = profile.homeAddress && canonicalPrefix(profile.homeAddress);
    return hoa && !takenByOther(hoa) ? { prefix: hoa, fromPool: false } : noResources;
  }
  if (profile.hnp) {
    const p = canonicalPrefix(profile.hnp);
    if (takenByOther(p)) return { ...notAuthorized, rule: 'the profile prefix belongs to another mobile node', section: 'RFC 5213 §5.4.1.1 ¶3' };
    return { prefix: p, fromPool: false };
  }
  const allocated = allocateFromPool(o.pool, new Set([...owners.keys(), ...(o.reserved ?? [])]));
  return allocated ? { prefix: allocated, fromPool: true } : noResources;
}
