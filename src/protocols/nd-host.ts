import type { LayerValue } from '../wire/core';
import { isLinkLocal, type PrefixInformation } from './slaac';

/*
 * The host side of Neighbor Discovery's router discovery (RFC 4861 §6.3): the constants, what a
 * host reads from a Router Advertisement, and its Default Router List. Any IPv6 host does this;
 * the PMIPv6 mobile node is one (seed 001 §7.3: "All aspects of Neighbor Discovery Protocol …
 * remain consistent with the base IPv6 Neighbor Discovery Specification").
 */

/** RFC 4861 §10, host constants. */
export const MAX_RTR_SOLICITATION_DELAY_MS = 1000;
export const RTR_SOLICITATION_INTERVAL_MS = 4000;
export const MAX_RTR_SOLICITATIONS = 3;
export const ALL_ROUTERS = 'ff02::2';
/** ND messages carry hop limit 255, so a host knows they were not forwarded (RFC 4861 §3.1). */
export const ND_HOP_LIMIT = 255;

/** A Router Advertisement as a host reads it. */
export interface Advertisement {
  /** The router's link-local address: its identity in ND. */
  src: string;
  hopLimit: number;
  /** From the Source Link-Layer Address option, else the frame's source. */
  mac: string;
  /** Seconds; 0: "not a default router" (§4.2). */
  routerLifetime: number;
  managed: boolean;
  prefixes: PrefixInformation[];
}

/** The RA in an IPv6 packet, or undefined when the packet is not one. */
export function readAdvertisement(ip: LayerValue, frameSrc: string): Advertisement | undefined {
  const icmp = ip.payload as LayerValue | undefined;
  if (ip.proto !== 'ipv6' || icmp?.proto !== 'icmpv6' || icmp.type !== 134) return undefined;
  const options = (icmp.options ?? []) as { type: number; [k: string]: unknown }[];
  const slla = options.find((o) => o.type === 1)?.linkaddr as string | undefined;
  const prefixes = options
    .filter((o) => o.type === 3)
    .map((o) => {
      const f = (o.flags ?? {}) as { l?: boolean; a?: boolean };
      return { prefix: o.prefix as string, prefixLength: o.prefixLength as number, onLink: !!f.l, autonomous: !!f.a, valid: o.valid as number, preferred: o.preferred as number };
    });
  return {
    src: ip.src as string,
    hopLimit: (ip.hlim as number | undefined) ?? 64,
    mac: slla ?? frameSrc,
    routerLifetime: icmp.routerLifetime as number,
    managed: !!((icmp.flags ?? {}) as { m?: boolean }).m,
    prefixes,
  };
}

/** RFC 4861 §6.1.2 (the checks the decoded value allows): hop limit 255 and a link-local source. */
export function isValidAdvertisement(a: Pick<Advertisement, 'hopLimit' | 'src'>): boolean {
  return a.hopLimit === ND_HOP_LIMIT && isLinkLocal(a.src);
}

export interface DefaultRouter {
  router: string;
  mac: string;
  lifetime: number;
  expiresUs: number;
}

/**
 * RFC 4861 §6.3.4: a non-zero Router Lifetime adds or refreshes the router; zero times a known one
 * out at once. The list is kept newest first: seed 001 §7.3 asks the MN to use the newly learnt
 * router rather than the previous MAG.
 */
export function updateRouterList(
  routers: readonly DefaultRouter[],
  a: Pick<Advertisement, 'src' | 'mac' | 'routerLifetime'>,
  nowUs: number,
): { routers: DefaultRouter[]; change: 'added' | 'refreshed' | 'withdrawn' | 'none' } {
  const known = routers.some((r) => r.router === a.src);
  const others = routers.filter((r) => r.router !== a.src);
  if (a.routerLifetime > 0) {
    const entry = { router: a.src, mac: a.mac, lifetime: a.routerLifetime, expiresUs: nowUs + a.routerLifetime * 1e6 };
    return { routers: [entry, ...others], change: known ? 'refreshed' : 'added' };
  }
  return { routers: others, change: known ? 'withdrawn' : 'none' };
}
