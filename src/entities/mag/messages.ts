import { canonicalPrefix } from '../../protocols/pmipv6';
import { profileFromAttributes } from '../../protocols/radius-profile';
import { addressFrom } from '../../protocols/slaac';
import type { LayerValue } from '../../wire/core';
import { routerAdvertisement } from '../../wire/icmpv6';
import { ipv6Packet } from '../../wire/ipv6';
import { proxyBindingUpdate, timestampFromMicros } from '../../wire/mh';
import { mtu, prefixInfo, sourceLinkLayer } from '../../wire/ndp';
import { accessRequest, attr, type RadiusPacket } from '../../wire/radius';
import { carryPbu, withIpv4TransportRequest } from './ipv4-transport';
import { ipv4HomeRequestOptions } from './ipv4-home-config';
import { RADIUS_CLIENT_PORT, TUNNEL_MTU, type BulEntry, type MagConfig, type MnPolicy, type PendingPbu } from './types';

/*
 * The packets the MAG builds, as plain values for src/wire to encode: the RADIUS Access-Request
 * (RFC 2865 §4.1), the Proxy Binding Update (RFC 5213 §6.9.1.5) and the Router Advertisement
 * (RFC 5213 §6.7, §6.9.2; RFC 4861 §4.2).
 */

export const RADIUS_AUTH_PORT = 1812;
const ALL_NODES = 'ff02::1';
export const ALL_ZERO_PREFIX = '::/0';

/** The MAG's time of day as a 48.16 Timestamp (RFC 5213 §8.8), with its clock error. */
export function magTimestamp(c: MagConfig, nowUs: number): bigint {
  return timestampFromMicros(BigInt(c.epochUs) + BigInt(Math.round(nowUs + c.clockOffsetUs)));
}

/** RFC 3580 §3.21: the station's MAC in upper case, octets separated by "-". */
export function callingStationId(mac: string): string {
  return mac.toUpperCase().replaceAll(':', '-');
}

/**
 * RFC 2865 §4.1: User-Name is the NAI; NAS-IPv6-Address and NAS-Identifier say which MAG asks
 * (RFC 3162 §2.1); Calling-Station-Id is the MN's MAC. A request needs a password attribute
 * (§4.1 Note 1): with MAC authentication it is the MAC, hidden with the secret (§5.2). The
 * Message-Authenticator (RFC 3579 §3.2) is computed on encode from the `radiusSecret` hint.
 */
export function accessRequestPacket(c: MagConfig, e: BulEntry, r: { id: number; authenticator: Uint8Array }): { packet: LayerValue; hints: Record<string, unknown> } {
  const request = accessRequest({
    id: r.id,
    authenticator: r.authenticator,
    attributes: [
      attr.userName(e.nai),
      attr.userPassword(callingStationId(e.mac)),
      attr.nasIpv6Address(c.aaa.nasAddress),
      attr.nasIdentifier(c.name),
      attr.serviceType(2),
      attr.callingStationId(callingStationId(e.mac)),
      attr.messageAuthenticator(),
    ],
  });
  const udp: LayerValue = { proto: 'udp', srcport: RADIUS_CLIENT_PORT, dstport: RADIUS_AUTH_PORT, payload: request };
  return { packet: ipv6Packet({ src: c.aaa.nasAddress, dst: c.aaa.address, payload: udp }), hints: { radiusSecret: c.aaa.secret } };
}

/**
 * The profile in an Access-Accept (src/protocols/radius-profile.ts reads the RFC 6572 attributes).
 * RFC 6572 §4.2: the MAG uses the MN-Identifier the AAA returns in its PBUs. In the shared-prefix
 * model the home address is the shared prefix with the profile's interface identifier (seed 001 §6.10).
 */
export function policyFromAccept(c: MagConfig, nai: string, accept: RadiusPacket): MnPolicy {
  const p = profileFromAttributes(accept);
  const policy: MnPolicy = { mnId: p.mnIdentifier || nai, lmaa: p.lmaa ?? c.defaultLmaa, addressing: p.addressing };
  if (p.hnp) policy.hnp = canonicalPrefix(p.hnp);
  if (p.addressing === 'shared-prefix' && p.hnp && p.interfaceId) policy.homeAddress = addressFrom(p.hnp.split('/')[0]!, p.interfaceId);
  if (p.lifetimeSeconds !== undefined) policy.sessionTimeout = p.lifetimeSeconds;
  return policy;
}

/** RFC 5213 §6.9.1.1 ¶3: the profile's prefix, the home address /128 (shared prefix), or ALL_ZERO to have the LMA assign one. */
export function requestedPrefix(policy: MnPolicy): string {
  if (policy.addressing === 'shared-prefix' && policy.homeAddress) return `${policy.homeAddress}/128`;
  return policy.hnp ?? ALL_ZERO_PREFIX;
}

/** The link-local address the MAG uses towards this MN: the LMA's (§6.9.1.2 ¶15) or the interface's own. */
export function routerAddress(c: MagConfig, e: BulEntry): string {
  return e.magLinkLocal ?? c.accessIfaces[e.iface]!.linkLocal;
}

/**
 * RFC 5213 §6.9.1.5, Figure 12: from the Proxy-CoA to the LMAA, A and P set; MN Identifier, Home
 * Network Prefix, Handoff Indicator and Access Technology Type always; the Timestamp when the
 * timestamp approach is in use (§6.9.1.1 ¶6); the MN Link-layer Identifier because the MAG knows
 * the MAC (¶7: MUST); the Link-local Address option only when asking the LMA for one (¶9).
 */
export function pbuPacket(c: MagConfig, e: BulEntry, p: PendingPbu, seq: number, timestamp: bigint | undefined): LayerValue {
  const pbu = proxyBindingUpdate({
    seq,
    lifetimeSeconds: p.lifetimeSeconds,
    nai: e.policy!.mnId,
    hnps: c.homeNetworkPrefixOption ? [p.hnp] : [],
    handoff: p.hi,
    att: e.att,
    ...(timestamp === undefined ? {} : { timestamp }),
    mnLinkLayerId: e.mac,
    ...(c.linkLocalFromLma ? { linkLocal: e.magLinkLocal ?? '::' } : {}),
    // Seed 002 §3.2.2, Fig. 4: the IPv4 Home Address (Request) option, in every PBU of the session.
    options: ipv4HomeRequestOptions(c, e),
  });
  return carryPbu(c, e.policy!.lmaa, ipv6Packet({ src: c.proxyCoa, dst: e.policy!.lmaa, payload: withIpv4TransportRequest(c, pbu) }));
}

/** The on-link prefix of a registered HNP: the /64 itself, or the /64 around a /128 home address (seed 001 §6.10). */
export function advertisedPrefix(hnp: string): { prefix: string; length: number } {
  const len = Number(hnp.split('/')[1]);
  const p = canonicalPrefix(len === 128 ? `${hnp.split('/')[0]}/64` : hnp);
  const [prefix, plen] = p.split('/');
  return { prefix: prefix!, length: Number(plen) };
}

/**
 * The Router Advertisement that emulates the home link (RFC 5213 §6.7; seed 001 §6.3): from the
 * MAG's link-local address, hop limit 255 (RFC 4861 §6.1.2), to all-nodes but in a frame to the
 * MN's MAC only (seed 001 §6.10), so no other MN on a shared link learns this prefix. The PIO
 * carries the prefix: on-link in the per-MN-prefix model; in the shared-prefix model not on-link,
 * so the MN sends even to its prefix-neighbours through the MAG. The MTU option is the tunnel's
 * (RFC 5213 §6.9.2 ¶3).
 */
export function routerAdvertisementPacket(c: MagConfig, e: BulEntry): { packet: LayerValue; iface: string; dstMac: string } {
  const ifc = c.accessIfaces[e.iface]!;
  const { prefix, length } = advertisedPrefix(e.hnp!);
  const ra = routerAdvertisement({
    managed: c.ra.managed,
    other: c.ra.other,
    routerLifetime: c.ra.routerLifetime,
    options: [
      sourceLinkLayer(ifc.mac),
      mtu(TUNNEL_MTU),
      prefixInfo({ prefix, length, onLink: e.policy?.addressing !== 'shared-prefix', autonomous: true, valid: c.ra.validLifetime, preferred: c.ra.preferredLifetime }),
    ],
  });
  return { packet: ipv6Packet({ src: routerAddress(c, e), dst: ALL_NODES, hopLimit: 255, payload: ra }), iface: e.iface, dstMac: e.mac };
}

/**
 * Seed 001 §7.3: an RA from the previous MAG's link-local address with Router Lifetime 0, so the MN
 * drops that default router at once (RFC 4861 §6.3.4) instead of waiting for it to time out.
 */
export function withdrawalPacket(e: BulEntry, previousRouter: string): { packet: LayerValue; iface: string; dstMac: string } {
  const ra = routerAdvertisement({ routerLifetime: 0 });
  return { packet: ipv6Packet({ src: previousRouter, dst: ALL_NODES, hopLimit: 255, payload: ra }), iface: e.iface, dstMac: e.mac };
}
