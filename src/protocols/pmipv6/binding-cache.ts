import type { Ipv4Grant } from './ipv4-home-address';
import type { AddressingModel } from './prefixes';

/*
 * The LMA's Binding Cache (RFC 5213 §5.1; seed 001 §5.1): one entry per mobile node, keyed by its
 * NAI. The lab gives each mobile node one mobility session (one interface, one home network
 * prefix); RFC 5213 §5.4 multihoming would key sessions by interface as well.
 */

export type EntryState =
  /** Accepted with a lifetime: the route through the tunnel is up. */
  | 'registered'
  /** De-registered (lifetime 0): no route, kept MinDelayBeforeBCEDelete in case a new MAG registers (RFC 5213 §5.3.5 ¶2). */
  | 'deregistered';

export interface BindingCacheEntry {
  /** MN-Identifier from the Mobile Node Identifier option. */
  nai: string;
  addressing: AddressingModel;
  /**
   * The home network prefix (per-MN-prefix, /64) or the home address as /128 (shared-prefix);
   * absent when the session is IPv4 only (RFC 5844 §3.1.2.6).
   */
  hnp?: string;
  /** The IPv4 home address, when the session has one (seed 002 §3.3.1; RFC 5844 §3.1.1). */
  ipv4Home?: Ipv4Grant;
  /** Allocated from the LMA's pool (it returns there when the entry is deleted). */
  fromPool: boolean;
  /** Proxy-CoA of the MAG that last updated the binding. */
  proxyCoa: string;
  /** The tunnel the entry's route uses and in whose user count it is; none while de-registered. */
  tunnel?: string;
  /** Granted lifetime, seconds (0 once de-registered). */
  lifetimeSeconds: number;
  /** When the binding ends (registered) or the entry is deleted (de-registered), µs of run time. */
  expiresUs: number;
  /** Timestamp of the last accepted PBU (RFC 5213 §5.1; absent under the sequence-number scheme). */
  timestamp?: bigint;
  /** Sequence number of the last accepted PBU, the reference of the sequence-number scheme. */
  seq: number;
  /** Handoff Indicator and Access Technology Type of the last accepted PBU. */
  hi: number;
  att: number;
  /** MN link-layer identifier, hex, when the PBU carried one. */
  mnLinkLayerId?: string;
  /** The MAG's link-local address on the access link (RFC 5213 §5.1, §5.3.6). */
  magLinkLocal?: string;
  state: EntryState;
}

export type BindingCache = Readonly<Record<string, BindingCacheEntry>>;

/** The accepted values of a registration (RFC 5213 §5.3.2 ¶4: "set the fields ... to the accepted values"). */
export type Registration = Omit<BindingCacheEntry, 'state' | 'expiresUs'> & { nowUs: number };

function entryOf(r: Registration): BindingCacheEntry {
  const { nowUs, ...fields } = r;
  return { ...fields, expiresUs: nowUs + r.lifetimeSeconds * 1_000_000, state: 'registered' };
}

/** RFC 5213 §5.3.2 ¶4: a new mobility session. */
export function createEntry(cache: BindingCache, r: Registration): BindingCache {
  if (cache[r.nai]) throw new Error(`${r.nai} has a binding cache entry already`);
  return { ...cache, [r.nai]: entryOf(r) };
}

/**
 * RFC 5213 §5.3.3 ¶1 (same MAG: lifetime extension) and §5.3.4 ¶1 (new MAG: handoff): the entry
 * takes the accepted values. The link-local address survives a handoff (§5.3.6).
 */
export function updateEntry(cache: BindingCache, r: Registration): BindingCache {
  const old = cache[r.nai];
  if (!old) throw new Error(`${r.nai} has no binding cache entry to update`);
  const next = entryOf(r);
  if (!next.magLinkLocal && old.magLinkLocal) next.magLinkLocal = old.magLinkLocal;
  return { ...cache, [r.nai]: next };
}

/**
 * RFC 5213 §5.3.5 ¶2: accepted with lifetime 0. The entry stays, without route or tunnel, until
 * MinDelayBeforeBCEDelete has passed; its timestamp and sequence number still order later PBUs.
 */
export function deregisterEntry(
  cache: BindingCache,
  nai: string,
  o: { nowUs: number; minDelayMs: number; timestamp?: bigint | undefined; seq: number },
): BindingCache {
  const old = cache[nai];
  if (!old) throw new Error(`${nai} has no binding cache entry to de-register`);
  const { tunnel: _t, timestamp: _ts, ...rest } = old;
  const next: BindingCacheEntry = {
    ...rest,
    ...(o.timestamp === undefined ? {} : { timestamp: o.timestamp }),
    seq: o.seq,
    lifetimeSeconds: 0,
    expiresUs: o.nowUs + Math.round(o.minDelayMs * 1000),
    state: 'deregistered',
  };
  return { ...cache, [nai]: next };
}

export function deleteEntry(cache: BindingCache, nai: string): BindingCache {
  const { [nai]: _gone, ...rest } = cache;
  return rest;
}

/** Every prefix (or /128 home address) in the cache → the NAI holding it. */
export function prefixOwners(cache: BindingCache): Map<string, string> {
  return new Map(Object.values(cache).flatMap((e) => (e.hnp ? [[e.hnp, e.nai] as const] : [])));
}

/** RFC 5213 §5.3.2 ¶6 / seed 001 §5.3: the route each registered entry needs, "HoP::/64 via tunnel0". */
export function routesOf(cache: BindingCache): { owner: string; prefix: string; via: string }[] {
  return Object.values(cache).flatMap((e) => (e.tunnel && e.hnp ? [{ owner: routeOwner(e.nai), prefix: e.hnp, via: e.tunnel }] : []));
}

/** The route's owner in the node's table, so it is replaced or removed with its entry. */
export function routeOwner(nai: string): string {
  return `bce:${nai}`;
}
