import type { OptionValue } from '../../wire/core';
import {
  BA_STATUS, findOption, ipv4DefaultRouterOption, ipv4DhcpSupportModeOption, ipv4HomeAddressReplyOption, type BindingAck, type MobilityHeader,
} from '../../wire/mh';
import type { BindingCache, BindingCacheEntry } from './binding-cache';
import { allocateIpv4, inIpv4Prefix, type Ipv4Pool } from './ipv4-pool';

/*
 * IPv4 home address mobility (seed 002 §3; RFC 5844 §3.1, the numbers on the wire). The MAG asks
 * in its PBU with the IPv4 Home Address Request option (36): 0.0.0.0 for "allocate one", or the
 * address a DHCP server assigned. The LMA allocates or checks it, and answers in the PBA with the
 * IPv4 Home Address Reply (37), the IPv4 Default-Router Address (38) and the IPv4 DHCP Support
 * Mode (39). Seed 002 used DSMIPv6's options 29 and 30 for the same purpose.
 */

export const ALL_ZERO_IPV4 = '0.0.0.0';

/** RFC 5844 §3.3.2: the IPv4 Home Address Reply's own Status (distinct from the PBA's). */
export const IPV4_REPLY_STATUS = {
  SUCCESS: 0,
  FAILURE_UNSPECIFIED: 128,
  ADMINISTRATIVELY_PROHIBITED: 129,
  INCORRECT_IPV4_HOME_ADDRESS: 130,
  INVALID_IPV4_ADDRESS: 131,
  DYNAMIC_ASSIGNMENT_NOT_AVAILABLE: 132,
} as const;

/** What the LMA knows of the IPv4 home network it anchors. */
export interface Ipv4HomePolicy {
  /** The home network, its default router, and the addresses the LMA may allocate (none when a DHCP server allocates). */
  pool: Ipv4Pool;
  /** RFC 5844 §3.3.4: the MAG acts as the DHCP server (true, seed 002 Fig. 2) or as a relay (false, Fig. 3). */
  dhcpServerAtMag: boolean;
}

/** The IPv4 Home Address Request option of a PBU. */
export interface Ipv4Request {
  address: string;
  prefixLength: number;
}

/** The IPv4 home address a mobility session holds (RFC 5844 §3.1.1: with its prefix length and default router). */
export interface Ipv4Grant {
  address: string;
  prefixLength: number;
  defaultRouter: string;
  /** The LMA allocated it; it returns to the pool when the entry goes. */
  fromPool: boolean;
}

export function readIpv4Request(pbu: MobilityHeader): Ipv4Request | undefined {
  const o = findOption(pbu, 36);
  return o ? { address: o.address, prefixLength: o.flags?.prefixLength ?? 0 } : undefined;
}

export type Ipv4Decision =
  | { kind: 'grant'; grant: Ipv4Grant }
  | { kind: 'reject'; status: number; replyStatus: number; rule: string; section: string };

/** Every IPv4 home address some entry holds (de-registered entries keep theirs until deleted) → its NAI. */
export function ipv4Owners(cache: BindingCache): Map<string, string> {
  return new Map(Object.values(cache).flatMap((e) => (e.ipv4Home ? [[e.ipv4Home.address, e.nai] as const] : [])));
}

/**
 * The LMA's answer to an IPv4 Home Address Request (seed 002 §3.3.2; RFC 5844 §3.1.2.1-3.1.2.4):
 * ALL_ZERO allocates, or keeps the session's address after a handoff; a named address must be on
 * the LMA's IPv4 home network and nobody else's. No address left: status 130, and the option says
 * 128 (RFC 5844 §3.1.2.2, third bullet).
 */
export function decideIpv4(o: {
  nai: string;
  request: Ipv4Request;
  session: BindingCacheEntry | undefined;
  cache: BindingCache;
  policy: Ipv4HomePolicy | undefined;
}): Ipv4Decision {
  const { request, session, policy } = o;
  const refuse = (status: number, replyStatus: number, rule: string, section: string): Ipv4Decision => ({ kind: 'reject', status, replyStatus, rule, section });
  if (!policy) {
    return refuse(
      BA_STATUS.NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE,
      IPV4_REPLY_STATUS.ADMINISTRATIVELY_PROHIBITED,
      'the LMA anchors no IPv4 home network',
      'RFC 5844 §3.1.2.1',
    );
  }
  const pool = policy.pool;
  const granted = (address: string, fromPool: boolean): Ipv4Decision => ({
    kind: 'grant',
    grant: { address, prefixLength: pool.prefixLength, defaultRouter: pool.defaultRouter, fromPool },
  });
  const owners = ipv4Owners(o.cache);
  if (request.address === ALL_ZERO_IPV4) {
    // After a handoff the new MAG does not know the address: the session keeps it (RFC 5844 §3.1.2.1).
    if (session?.ipv4Home) return granted(session.ipv4Home.address, session.ipv4Home.fromPool);
    const address = allocateIpv4(pool, new Set(owners.keys()));
    if (!address) {
      return refuse(
        BA_STATUS.INSUFFICIENT_RESOURCES,
        IPV4_REPLY_STATUS.FAILURE_UNSPECIFIED,
        `the LMA has no IPv4 home address left to allocate (all ${pool.addresses.length} of its pool are held)`,
        'seed 002 §3.3.2; RFC 5844 §3.1.2.2',
      );
    }
    return granted(address, true);
  }
  const notYours = (why: string): Ipv4Decision =>
    refuse(BA_STATUS.NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS, IPV4_REPLY_STATUS.ADMINISTRATIVELY_PROHIBITED, why, 'RFC 5844 §3.1.2.2; seed 002 §6');
  if (!inIpv4Prefix(pool.prefix, request.address) || request.address === pool.defaultRouter) {
    return notYours(`${request.address} is not an address of the LMA's IPv4 home network ${pool.prefix}`);
  }
  const owner = owners.get(request.address);
  if (owner !== undefined && owner !== o.nai) return notYours(`${request.address} is the home address of another mobile node`);
  if (session?.ipv4Home && session.ipv4Home.address !== request.address) {
    return notYours(`${o.nai}'s session holds ${session.ipv4Home.address}, not ${request.address}`);
  }
  return granted(request.address, session?.ipv4Home?.fromPool ?? false);
}

/**
 * The IPv4 options of a PBA (RFC 5844 §3.1.2.6): accepted, the reply with the address, the default
 * router and the DHCP support mode; refused, the reply alone, echoing the request with its status.
 */
export function ipv4ReplyOptions(o: { request: Ipv4Request; accepted: boolean; grant?: Ipv4Grant; replyStatus?: number; dhcpServerAtMag?: boolean }): OptionValue[] {
  if (!o.accepted || !o.grant) {
    return [ipv4HomeAddressReplyOption(o.replyStatus ?? IPV4_REPLY_STATUS.FAILURE_UNSPECIFIED, o.request.address, o.request.prefixLength)];
  }
  return [
    ipv4HomeAddressReplyOption(IPV4_REPLY_STATUS.SUCCESS, o.grant.address, o.grant.prefixLength),
    ipv4DefaultRouterOption(o.grant.defaultRouter),
    ...(o.dhcpServerAtMag === undefined ? [] : [ipv4DhcpSupportModeOption(o.dhcpServerAtMag)]),
  ];
}

/** What a MAG reads from a PBA's IPv4 options. */
export interface Ipv4Reply {
  status: number;
  address: string;
  prefixLength: number;
  defaultRouter?: string;
  /** The DHCP Support Mode's S flag, if the option came. */
  dhcpServer?: boolean;
}

export function readIpv4Reply(pba: BindingAck): Ipv4Reply | undefined {
  const r = findOption(pba, 37);
  if (!r) return undefined;
  const dra = findOption(pba, 38)?.address;
  const dsm = findOption(pba, 39)?.flags?.s;
  return { status: r.status, address: r.address, prefixLength: r.flags?.prefixLength ?? 0, ...(dra ? { defaultRouter: dra } : {}), ...(dsm === undefined ? {} : { dhcpServer: dsm }) };
}
