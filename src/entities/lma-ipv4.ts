import type { Effect } from '../sim/effects';
import type { BindingCache, Ipv4Grant } from '../protocols/pmipv6';

/*
 * The LMA's IPv4 home address routing (seed 002 §3.3.2, §3.3.3; RFC 5844 §3.1.2.2, §3.1.3): a
 * host route for the mobile node's IPv4 home address through the tunnel to its MAG, so a packet
 * from a correspondent to that address is carried IPv4-in-IPv6. It follows the session from MAG
 * to MAG and goes with it.
 */

/** The route's owner in the node's table: apart from the IPv6 prefix route, so each is replaced or removed on its own. */
export const ipv4RouteOwner = (nai: string): string => `bce4:${nai}`;

export interface Ipv4Route {
  address: string;
  tunnel: string;
}

/** The effects and narration that take the IPv4 host route from `before` to `after` (either may be absent). */
export function ipv4RouteChange(nai: string, before: Ipv4Route | undefined, after: Ipv4Route | undefined): { effects: Effect[]; note?: { text: string; section: string } } {
  if (after && (before?.address !== after.address || before.tunnel !== after.tunnel)) {
    return {
      effects: [{ type: 'route.add', owner: ipv4RouteOwner(nai), dst: `${after.address}/32`, tunnel: after.tunnel }],
      note: {
        text: `Host route ${after.address}/32 via ${after.tunnel}: IPv4 packets for ${nai}'s home address go into the tunnel, IPv4-in-IPv6.`,
        section: 'seed 002 §3.3.2, §3.3.3; RFC 5844 §3.1.2.2',
      },
    };
  }
  if (before && !after) {
    return {
      effects: [{ type: 'route.remove', owner: ipv4RouteOwner(nai) }],
      note: { text: `The host route for ${before.address} is removed.`, section: 'RFC 5844 §3.1.2.5' },
    };
  }
  return { effects: [] };
}

/** The IPv4 host routes of the registered entries, for the LMA's Routes table. */
export function ipv4RoutesOf(cache: BindingCache): { prefix: string; via: string }[] {
  return Object.values(cache).flatMap((e) => (e.tunnel && e.ipv4Home ? [{ prefix: `${e.ipv4Home.address}/32`, via: e.tunnel }] : []));
}

/** The IPv4 home address as the binding cache table shows it. */
export const ipv4Cell = (g: Ipv4Grant | undefined): string | null => (g ? `${g.address}/${g.prefixLength}` : null);
