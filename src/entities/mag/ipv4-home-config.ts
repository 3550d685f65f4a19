import type { OptionValue } from '../../wire/core';
import type { DhcpMessage } from '../../wire/dhcpv4';
import type { ClientMessage } from '../../protocols/dhcp-server';
import { ipv4HomeAddressRequestOption } from '../../wire/mh';
import { ALL_ZERO_IPV4 } from '../../protocols/pmipv6';
import type { BulEntry, MagConfig } from './types';

/*
 * What the MAG knows of IPv4 home addresses (seed 002 §3.2.1; RFC 5844 §3.2): its DHCP role and
 * addresses on the access links, each mobile node's IPv4 home address with the DHCP exchange
 * around it, the option its PBUs carry, the routes that address needs, and the table a learner reads.
 */

export interface MagIpv4HomeInput {
  /** RFC 5844 §3.3.4: the MAG is the DHCP server (seed 002 Fig. 2) or a relay (Figs. 3, 14, 15). */
  dhcp: 'server' | 'relay';
  /** The MAG's own IPv4 address on its access links: the server identifier of seed 002 §3.1, or giaddr as a relay. */
  address: string;
  /** The Server Identifier in its OFFER and ACK (default `address`); RFC 5844 §3.4.1 uses the default router address, the same on every MAG. */
  serverId?: string;
  /** Relay: the DHCP server (or the next relay) it relays to. */
  relayTo?: string;
  /** Server: the lease it grants, s (default 3600). */
  leaseSeconds?: number;
  /** The MNs' default router, configured on the access links so the MAG answers ARP for it (RFC 5844 §3.2.3.2). */
  defaultRouter?: string;
}

export interface MagIpv4Home {
  dhcp: 'server' | 'relay';
  address: string;
  serverId: string;
  relayTo?: string;
  leaseSeconds: number;
  defaultRouter?: string;
}

export function magIpv4HomeConfig(name: string, i: MagIpv4HomeInput): MagIpv4Home {
  if (i.dhcp === 'relay' && !i.relayTo) throw new RangeError(`MAG ${name}: a DHCP relay needs the address to relay to`);
  const leaseSeconds = i.leaseSeconds ?? 3600;
  if (!(Number.isInteger(leaseSeconds) && leaseSeconds >= 1)) throw new RangeError(`MAG ${name}: lease ${leaseSeconds} s is not a whole number of seconds`);
  return {
    dhcp: i.dhcp,
    address: i.address,
    serverId: i.serverId ?? i.address,
    ...(i.relayTo ? { relayTo: i.relayTo } : {}),
    leaseSeconds,
    ...(i.defaultRouter ? { defaultRouter: i.defaultRouter } : {}),
  };
}

/** One MN's IPv4 home address at the MAG (seed 002 §3.2.1: the binding update list entry's IPv4 home address). */
export interface MnIpv4Home {
  /** The address the next PBU asks for when none is registered: the one the DHCP server assigned (relay). */
  requested?: { address: string; prefixLength: number };
  /** Registered: the LMA's IPv4 Home Address Reply and Default-Router Address. */
  address?: string;
  prefixLength?: number;
  defaultRouter?: string;
  /** Server: the client's DISCOVER or REQUEST, answered when the PBA comes. Relay: messages held until the MN is authenticated. */
  waiting?: ClientMessage[];
  /** Relay: the server's DHCPACK, held until the PBA (seed 002 §3.2.2). */
  heldAck?: DhcpMessage;
  /** Server: the lease it gave (RFC 2131), for the table. */
  lease?: { address: string; state: 'offered' | 'bound'; expiresUs: number };
  /** Why the MN gets no IPv4 service, once the LMA refused it. */
  refused?: string;
}

export const hoaOf = (e: BulEntry): MnIpv4Home => e.ipv4Home ?? {};

/** The IPv4 addresses the MAG holds on its access links: its own, the server identifier, the default router. */
export function isMagIpv4Address(c: MagConfig, addr: string): boolean {
  const h = c.ipv4Home;
  return !!h && (addr === h.address || addr === h.serverId || addr === h.defaultRouter);
}

/** The IPv4 Home Address Request of this entry's PBUs (seed 002 §3.2.2: the registered address on renewals and de-registrations). */
export function ipv4HomeRequestOptions(c: MagConfig, e: BulEntry): OptionValue[] {
  if (!c.ipv4Home) return [];
  const h = hoaOf(e);
  if (h.refused) return [];
  if (h.address) return [ipv4HomeAddressRequestOption(h.address, h.prefixLength ?? 32)];
  if (h.requested) return [ipv4HomeAddressRequestOption(h.requested.address, h.requested.prefixLength)];
  return [ipv4HomeAddressRequestOption(ALL_ZERO_IPV4, 0)];
}

/** Route owners of the MN's IPv4 home address: the default route into the tunnel and the host route on the access link. */
export const ipv4RouteOwner = { tunnel: (nai: string): string => `bul4:${nai}`, access: (nai: string): string => `access4:${nai}` };

/**
 * Seed 002 §3.2.2: "a default route over the tunnel for all the mobile node's IPv4 traffic" (from
 * its home address, so other IPv4 traffic is not caught), IPv4-in-IPv6; and the home address itself
 * on the access link, where the tunnel's packets for it go.
 */
export function ipv4Routes(e: BulEntry, tunnel: string): { owner: string; dst: string; src?: string; iface?: string; tunnel?: string }[] {
  const a = e.ipv4Home?.address;
  if (!a || e.ipv4Home?.refused) return [];
  return [
    { owner: ipv4RouteOwner.tunnel(e.nai), dst: '0.0.0.0/0', src: `${a}/32`, tunnel },
    { owner: ipv4RouteOwner.access(e.nai), dst: `${a}/32`, iface: e.iface },
  ];
}

const secs = (us: number): number => +(us / 1e6).toFixed(3);

export function ipv4HomeTables(c: MagConfig, bul: readonly BulEntry[]): Record<string, Record<string, string | number | null>[]> {
  if (!c.ipv4Home) return {};
  const rows = bul.map((e) => {
    const h = hoaOf(e);
    const dhcp = h.refused
      ? `refused: ${h.refused}`
      : h.heldAck
        ? `DHCPACK for ${h.requested?.address ?? '?'} held`
        : h.lease
          ? `${h.lease.state}, expires ${secs(h.lease.expiresUs)} s`
          : (h.waiting ?? []).length > 0
            ? `${(h.waiting ?? []).map((m) => `DHCP${m.type.toUpperCase()}`).join(', ')} waiting`
            : null;
    return { MN: e.nai, 'IPv4 HoA': h.address ? `${h.address}/${h.prefixLength}` : null, 'default router': h.defaultRouter ?? null, DHCP: dhcp };
  });
  return { 'IPv4 home addresses': rows };
}
