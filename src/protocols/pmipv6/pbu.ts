import { BA_STATUS, findOption, findOptions, type MobilityHeader } from '../../wire/mh';
import type { BindingCache, BindingCacheEntry } from './binding-cache';
import type { Ipv4PbuFacts } from './ipv4-transport';
import { decideIpv4, readIpv4Request, type Ipv4Grant, type Ipv4HomePolicy, type Ipv4Request } from './ipv4-home-address';
import { prefixOwners } from './binding-cache';
import { checkSequence, checkTimestamp, type Ordering } from './ordering';
import { canonicalPrefix, isAllZero, optionPrefix, resolveNewSessionPrefix, type MnProfile } from './prefixes';

/*
 * Processing a Proxy Binding Update at the LMA: RFC 5213 §5.3.1, whose rules "are chained and are
 * in a specific order" (§5.3), then §5.4.1 (which session), §5.3.2-§5.3.5 (what to do with it).
 * `decidePbu` is that chain as one pure function; the LMA machine names its outcomes.
 */

/** What the LMA reads in a PBU. */
export interface PbuFacts {
  /** IPv6 source: where the PBA goes (§5.3.6). */
  source: string;
  /** Proxy-CoA: the Alternate Care-of Address option if present, else the source (§5.3.1 ¶13). */
  proxyCoa: string;
  nai?: string;
  hnps: { prefix: string; prefixLength: number }[];
  hi?: number;
  att?: number;
  timestamp?: bigint;
  seq: number;
  lifetimeSeconds: number;
  mnLinkLayerId?: Uint8Array;
  linkLocal?: string;
  /** The PBU came over IPv4 (RFC 5844 §4, seed 002 §4): its outer headers and IPv4 flags and options. */
  ipv4?: Ipv4PbuFacts;
  /** The IPv4 Home Address Request option (seed 002 §3.2.2; RFC 5844 §3.3.1). */
  ipv4Home?: Ipv4Request;
}

export function readPbu(pbu: MobilityHeader, source: string): PbuFacts {
  const body = pbu.body as { seq: number; lifetime: number };
  const o = {
    nai: findOption(pbu, 8)?.identifier,
    hi: findOption(pbu, 23)?.hi,
    att: findOption(pbu, 24)?.att,
    timestamp: findOption(pbu, 27)?.timestamp,
    mnLinkLayerId: findOption(pbu, 25)?.lli,
    linkLocal: findOption(pbu, 26)?.address,
    ipv4Home: readIpv4Request(pbu),
  };
  const facts: PbuFacts = {
    source,
    proxyCoa: findOption(pbu, 3)?.address ?? source,
    hnps: findOptions(pbu, 22).map((h) => ({ prefix: h.prefix, prefixLength: h.prefixLength })),
    seq: body.seq,
    lifetimeSeconds: body.lifetime * 4,
  };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (facts as unknown as Record<string, unknown>)[k] = v;
  return facts;
}

/** The LMA's configuration (RFC 5213 §9.1 and the policy store of §4 and §6.2). */
export interface LmaPolicy {
  /** NAI → Proxy-CoAs of the MAGs allowed to register it; `*` applies to every NAI. */
  authorizedMags: Readonly<Record<string, readonly string[]>>;
  profiles: Readonly<Record<string, MnProfile>>;
  prefixPool: readonly string[];
  ordering: Ordering;
  /** TimestampValidityWindow (RFC 5213 §9.1, default 300 ms). */
  timestampWindowMs: number;
  /** The longest lifetime the LMA grants, seconds. */
  lifetimeCapSeconds: number;
  /** The IPv4 home network, when the LMA anchors one (seed 002 §3.3; RFC 5844 §3.1). */
  ipv4Home?: Ipv4HomePolicy;
}

export type PbuDecision =
  | { kind: 'reject'; status: number; rule: string; section: string; nai?: string; session?: BindingCacheEntry; ipv4ReplyStatus?: number }
  | { kind: 'ignore'; rule: string; section: string }
  | { kind: 'deregister'; nai: string; session: BindingCacheEntry }
  // `prefix` is absent for an IPv4-only session, `ipv4Home` for one without IPv4 (RFC 5844 §3.1.2.6).
  | { kind: 'renew' | 'handoff'; nai: string; session: BindingCacheEntry; prefix?: string; ipv4Home?: Ipv4Grant; lifetimeSeconds: number }
  | { kind: 'create'; nai: string; profile: MnProfile; prefix?: string; ipv4Home?: Ipv4Grant; fromPool: boolean; lifetimeSeconds: number };

/** The lifetime the LMA grants: the request, capped, in whole 4 s units (the field's unit). */
export function grantedLifetime(requestedSeconds: number, capSeconds: number): number {
  return Math.floor(Math.min(requestedSeconds, capSeconds) / 4) * 4;
}

function isMagAuthorized(policy: LmaPolicy, nai: string, proxyCoa: string): boolean {
  return (policy.authorizedMags[nai] ?? policy.authorizedMags['*'] ?? []).includes(proxyCoa);
}

/**
 * RFC 5213 §5.3.1 in its order. `lmaClock` is the LMA's time of day (§5.5), `reservedPrefixes`
 * the static prefixes of every profile (the pool must not hand them out).
 */
export function decidePbu(
  pbu: PbuFacts,
  s: { policy: LmaPolicy; cache: BindingCache; lmaClock: bigint; reservedPrefixes?: ReadonlySet<string> },
): PbuDecision {
  const reject = (status: number, rule: string, section: string, session?: BindingCacheEntry, ipv4ReplyStatus?: number): PbuDecision => ({
    kind: 'reject', status, rule, section, ...(pbu.nai === undefined ? {} : { nai: pbu.nai }), ...(session ? { session } : {}),
    ...(ipv4ReplyStatus === undefined ? {} : { ipv4ReplyStatus }),
  });
  // ¶4: who the mobile node is.
  const nai = pbu.nai;
  if (nai === undefined)
    return reject(BA_STATUS.MISSING_MN_IDENTIFIER_OPTION, 'the PBU has no Mobile Node Identifier option', 'RFC 5213 §5.3.1 ¶4');
  // ¶5-6: may this MAG register this mobile node (the policy of §4; seed 001 §5.9).
  if (!isMagAuthorized(s.policy, nai, pbu.proxyCoa))
    return reject(
      BA_STATUS.MAG_NOT_AUTHORIZED_FOR_PROXY_REG,
      `${pbu.proxyCoa} is not authorized to send proxy binding updates for ${nai}`,
      'RFC 5213 §5.3.1 ¶6',
    );
  // ¶7: is this LMA the mobile node's LMA (it has its profile).
  const profile = s.policy.profiles[nai];
  if (!profile) return reject(BA_STATUS.NOT_LMA_FOR_THIS_MOBILE_NODE, `the LMA has no profile for ${nai}`, 'RFC 5213 §5.3.1 ¶7');
  // ¶9 → §5.5: ordering, by timestamp; by sequence number without a Timestamp option or when so configured.
  const session = s.cache[nai];
  if (s.policy.ordering === 'timestamp' && pbu.timestamp !== undefined) {
    const windowMs = s.policy.timestampWindowMs;
    const t = checkTimestamp({ received: pbu.timestamp, lmaClock: s.lmaClock, windowMs, lastAccepted: session?.timestamp });
    if (t === 156) return reject(t, `the timestamp is more than ${windowMs} ms from the LMA's clock`, 'RFC 5213 §5.5 ¶9', session);
    if (t === 157) return reject(t, `the timestamp is not newer than the last one accepted for ${nai}`, 'RFC 5213 §5.5 ¶8', session);
  } else if (checkSequence(pbu.seq, session?.seq) !== 0) {
    return reject(135, `sequence number ${pbu.seq} is not newer than ${session?.seq} (modulo 2^16)`, 'RFC 6275 §9.5.1; RFC 5213 §5.5', session);
  }
  // ¶10: a Home Network Prefix option; seed 001 §5.9 lets an existing entry stand in for it, and
  // seed 002 §3.3.2 (RFC 5844 §3.1.2.1) an IPv4 Home Address Request option.
  if (pbu.hnps.length === 0 && !pbu.ipv4Home && !session)
    return reject(
      BA_STATUS.MISSING_HOME_NETWORK_PREFIX_OPTION,
      'no Home Network Prefix option and no binding cache entry',
      'RFC 5213 §5.3.1 ¶10; seed 001 §5.9',
    );
  // ¶11-12.
  if (pbu.hi === undefined)
    return reject(BA_STATUS.MISSING_HANDOFF_INDICATOR_OPTION, 'the PBU has no Handoff Indicator option', 'RFC 5213 §5.3.1 ¶11');
  if (pbu.att === undefined)
    return reject(BA_STATUS.MISSING_ACCESS_TECH_TYPE_OPTION, 'the PBU has no Access Technology Type option', 'RFC 5213 §5.3.1 ¶12');
  // ¶13 → §5.4.1.1 ¶3: a prefix held by another mobile node's session.
  const requested = pbu.hnps[0];
  const named = requested && !isAllZero(requested) ? optionPrefix(requested) : undefined;
  const owner = named === undefined ? undefined : prefixOwners(s.cache).get(named);
  if (owner !== undefined && owner !== nai)
    return reject(BA_STATUS.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX, `${named} belongs to another mobile node`, 'RFC 5213 §5.4.1.1 ¶3');
  // ¶13 with §5.3.5: de-registration.
  if (pbu.lifetimeSeconds === 0) {
    if (!session || (named !== undefined && named !== session.hnp))
      return {
        kind: 'ignore',
        rule: `a de-registration for ${nai} that matches no mobility session is silently ignored`,
        section: 'RFC 5213 §5.4.1.3 ¶4',
      };
    if (session.proxyCoa !== pbu.proxyCoa)
      return {
        kind: 'ignore',
        rule: `${pbu.proxyCoa} is not the MAG serving ${nai} (${session.proxyCoa}): its de-registration is ignored`,
        section: 'RFC 5213 §5.3.5 ¶1',
      };
    return { kind: 'deregister', nai, session };
  }
  const lifetimeSeconds = grantedLifetime(pbu.lifetimeSeconds, s.policy.lifetimeCapSeconds);
  // Seed 002 §3.3.2, RFC 5844 §3.1.2.2: the IPv4 home address is allocated or checked; none left is 130.
  const v4 = pbu.ipv4Home && decideIpv4({ nai, request: pbu.ipv4Home, session, cache: s.cache, policy: s.policy.ipv4Home });
  if (v4 && v4.kind === 'reject') return reject(v4.status, v4.rule, v4.section, session, v4.replyStatus);
  const ipv4Home = v4 ? { ipv4Home: v4.grant } : {};
  if (session) {
    // §5.4.1.1 ¶4: the request must name the session's prefix (or ask with ALL_ZERO / no option).
    if (named !== undefined && named !== session.hnp) {
      const mine = profile.hnp !== undefined && canonicalPrefix(profile.hnp) === named;
      return mine
        ? reject(
            BA_STATUS.BCE_PBU_PREFIX_SET_DO_NOT_MATCH,
            `${named} is not the prefix of ${nai}'s session (${session.hnp})`,
            'RFC 5213 §5.4.1.1 ¶4',
            session,
          )
        : reject(BA_STATUS.NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX, `${nai} is not authorized for ${named}`, 'RFC 5213 §5.3.2 ¶3', session);
    }
    // ¶13: same Proxy-CoA → §5.3.3, another one → §5.3.4.
    const prefix = session.hnp === undefined ? {} : { prefix: session.hnp };
    return { kind: session.proxyCoa === pbu.proxyCoa ? 'renew' : 'handoff', nai, session, ...prefix, ...ipv4Home, lifetimeSeconds };
  }
  // RFC 5844 §3.1.2.6: an IPv4-only request gets no IPv6 home network prefix.
  if (pbu.hnps.length === 0 && pbu.ipv4Home) return { kind: 'create', nai, profile, fromPool: false, ...ipv4Home, lifetimeSeconds };
  const r = resolveNewSessionPrefix({
    nai,
    profile,
    requested,
    owners: prefixOwners(s.cache),
    pool: s.policy.prefixPool,
    ...(s.reservedPrefixes ? { reserved: s.reservedPrefixes } : {}),
  });
  if ('status' in r) return reject(r.status, r.rule, r.section);
  return { kind: 'create', nai, profile, prefix: r.prefix, fromPool: r.fromPool, ...ipv4Home, lifetimeSeconds };
}

/** Static per-MN prefixes of every profile: not for the pool to give away. */
export function reservedPrefixes(profiles: Readonly<Record<string, MnProfile>>): Set<string> {
  return new Set(Object.values(profiles).flatMap((p) => (p.addressing === 'per-mn-prefix' && p.hnp ? [canonicalPrefix(p.hnp)] : [])));
}
