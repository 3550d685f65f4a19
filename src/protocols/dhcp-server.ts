import type { LayerValue } from '../wire/core';
import { dhcpMessage, dhcpOption, dhcpType, DHCP_TYPE } from '../wire/dhcpv4-build';
import type { DhcpMessage } from '../wire/dhcpv4';
import { ipv4Packet } from '../wire/ipv4';
import { BROADCAST_IP, BROADCAST_MAC, DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from './dhcp-client';

/*
 * A DHCPv4 server's rules (RFC 2131 §4.3) as pure functions: what a client's message asks, the
 * OFFER, ACK or NAK that answers it, and where the answer goes (§4.1). The standalone server entity
 * (src/entities/dhcp-server.ts) answers from its own pool; a MAG that is its mobile nodes' server
 * (seed 002 Fig. 2) offers only the address the LMA assigned (src/entities/mag/ipv4.ts).
 */

export const ALL_ZERO = '0.0.0.0';

export type ClientMessageType = 'discover' | 'request' | 'decline' | 'release' | 'inform';

/** A BOOTREQUEST as a server or a relay reads it. */
export interface ClientMessage {
  type: ClientMessageType;
  xid: number;
  chaddr: string;
  ciaddr: string;
  giaddr: string;
  hops: number;
  broadcast: boolean;
  /** Option 50. */
  requestedIp?: string;
  /** Option 54: the server the client chose. */
  serverId?: string;
  /** The message as it came, for a relay to pass on. */
  message: DhcpMessage;
}

const TYPES: Readonly<Record<number, ClientMessageType>> = {
  [DHCP_TYPE.discover]: 'discover',
  [DHCP_TYPE.request]: 'request',
  [DHCP_TYPE.decline]: 'decline',
  [DHCP_TYPE.release]: 'release',
  [DHCP_TYPE.inform]: 'inform',
};

/** A client's message (or a relayed one) in UDP to port 67, from the decoded IPv4 packet; undefined for anything else. */
export function readClientMessage(ip: LayerValue): ClientMessage | undefined {
  if (ip.proto !== 'ip') return undefined;
  const udp = ip.payload as LayerValue | undefined;
  if (udp?.proto !== 'udp' || udp.dstport !== DHCP_SERVER_PORT) return undefined;
  const m = udp.payload as (DhcpMessage & { proto?: unknown }) | undefined;
  if (m?.proto !== 'dhcp' || m.op !== 1) return undefined;
  const type = TYPES[dhcpType(m) ?? -1];
  if (!type) return undefined;
  const requestedIp = dhcpOption(m, 50);
  const serverId = dhcpOption(m, 54);
  return {
    type,
    xid: m.xid as number,
    chaddr: (m.chaddr as string).toLowerCase(),
    ciaddr: (m.ciaddr as string | undefined) ?? ALL_ZERO,
    giaddr: (m.giaddr as string | undefined) ?? ALL_ZERO,
    hops: (m.hops as number | undefined) ?? 0,
    broadcast: (m.flags as { broadcast?: boolean } | undefined)?.broadcast === true,
    ...(requestedIp === undefined ? {} : { requestedIp }),
    ...(serverId === undefined ? {} : { serverId }),
    message: m,
  };
}

/** A server's OFFER, ACK or NAK on its way to port 67 (a relay) or 68 (the client); undefined for anything else. */
export function readServerMessage(ip: LayerValue): { type: 'offer' | 'ack' | 'nak'; message: DhcpMessage } | undefined {
  if (ip.proto !== 'ip') return undefined;
  const udp = ip.payload as LayerValue | undefined;
  if (udp?.proto !== 'udp' || udp.srcport !== DHCP_SERVER_PORT) return undefined;
  const m = udp.payload as (DhcpMessage & { proto?: unknown }) | undefined;
  if (m?.proto !== 'dhcp' || m.op !== 2) return undefined;
  const t = dhcpType(m);
  const type = t === DHCP_TYPE.offer ? 'offer' : t === DHCP_TYPE.ack ? 'ack' : t === DHCP_TYPE.nak ? 'nak' : undefined;
  return type ? { type, message: m } : undefined;
}

/** RFC 2131 §4.3.2: the client state a DHCPREQUEST comes from. */
export type RequestState = 'selecting' | 'init-reboot' | 'renewing' | 'rebinding';

/** `unicast`: the request was addressed to a server rather than broadcast, which tells RENEWING from REBINDING. */
export function requestState(m: ClientMessage, unicast: boolean): RequestState {
  if (m.serverId !== undefined) return 'selecting';
  if (m.ciaddr === ALL_ZERO) return 'init-reboot';
  return unicast ? 'renewing' : 'rebinding';
}

/** What a server puts in its answers (RFC 2131 §3.3, §4.3.1; RFC 2132). */
export interface ServerParams {
  /** Option 54, and the source address of the server's packets. */
  serverId: string;
  /** Option 1. */
  mask: string;
  /** Option 3: the client's default router. */
  router: string;
  /** Option 51; T1 (58) and T2 (59) are 50 % and 87.5 % of it (§4.4.5). */
  leaseSecs: number;
}

/** RFC 2131 §4.3.1 (OFFER), §4.3.2 (ACK, NAK) and Table 3: the fields a server sets. */
export function serverReply(kind: 'offer' | 'ack' | 'nak', p: ServerParams, m: ClientMessage, address = ALL_ZERO): DhcpMessage & { proto: 'dhcp' } {
  const common = { xid: m.xid, chaddr: m.chaddr, giaddr: m.giaddr, serverId: p.serverId };
  if (kind === 'nak') {
    // §4.3.2: a NAK through a relay has the broadcast bit set, so the relay broadcasts it.
    return dhcpMessage({ type: 'nak', ...common, broadcast: m.giaddr !== ALL_ZERO || m.broadcast });
  }
  return dhcpMessage({
    type: kind,
    ...common,
    broadcast: m.broadcast,
    ciaddr: kind === 'ack' ? m.ciaddr : ALL_ZERO,
    yiaddr: address,
    leaseTime: p.leaseSecs,
    renewalTime: Math.floor(p.leaseSecs * 0.5),
    rebindingTime: Math.floor(p.leaseSecs * 0.875),
    subnetMask: p.mask,
    router: p.router,
  });
}

/** Where a reply goes (RFC 2131 §4.1): the relay at giaddr, the client at ciaddr, or the client's link. */
export interface ReplyRoute {
  dst: string;
  port: number;
  /** On the client's link: the MAC to send the frame to (the broadcast MAC, or chaddr). */
  dstMac?: string;
  viaRelay: boolean;
}

export function replyRoute(m: ClientMessage, reply: DhcpMessage): ReplyRoute {
  if (m.giaddr !== ALL_ZERO) return { dst: m.giaddr, port: DHCP_SERVER_PORT, viaRelay: true };
  return clientRoute(reply);
}

/**
 * How a reply reaches the client on its own link (RFC 2131 §4.1, the same rule for a server and for
 * a relay passing a reply on): a NAK or the broadcast bit → broadcast; an address the client already
 * uses (ciaddr) → unicast; otherwise unicast to the offered address, in a frame to chaddr.
 */
export function clientRoute(reply: DhcpMessage): ReplyRoute {
  const broadcast = (reply.flags as { broadcast?: boolean } | undefined)?.broadcast === true;
  if (dhcpType(reply) === DHCP_TYPE.nak || broadcast) return { dst: BROADCAST_IP, port: DHCP_CLIENT_PORT, dstMac: BROADCAST_MAC, viaRelay: false };
  const ciaddr = (reply.ciaddr as string | undefined) ?? ALL_ZERO;
  if (ciaddr !== ALL_ZERO) return { dst: ciaddr, port: DHCP_CLIENT_PORT, viaRelay: false };
  return { dst: reply.yiaddr as string, port: DHCP_CLIENT_PORT, dstMac: reply.chaddr as string, viaRelay: false };
}

/** The reply in UDP from port 67, in IPv4 from `src`. */
export function replyPacket(src: string, route: ReplyRoute, reply: DhcpMessage): LayerValue {
  return ipv4Packet({ src, dst: route.dst, payload: { proto: 'udp', srcport: DHCP_SERVER_PORT, dstport: route.port, payload: { ...reply, proto: 'dhcp' } as unknown as LayerValue } });
}

// ---- a server with its own pool -------------------------------------------------------------

/** A lease, keyed by the client's hardware address (RFC 5844 §3.4: chaddr when there is no client identifier). */
export interface Lease {
  chaddr: string;
  address: string;
  /** `offered`: held for the client until it requests it or the offer lapses; `bound`: acknowledged. */
  state: 'offered' | 'bound';
  expiresUs: number;
}

export type Leases = Readonly<Record<string, Lease>>;

/** How long an offered address is kept for the client that was offered it (RFC 2131 §4.3.1 leaves it to the server). */
export const OFFER_HOLD_SECS = 30;

export type ServerVerdict =
  | { kind: 'reply'; reply: DhcpMessage & { proto: 'dhcp' }; leases: Leases; lease?: Lease; text: string; section: string }
  | { kind: 'silent'; leases: Leases; text: string; section: string };

/**
 * A server's answer to one client message (RFC 2131 §4.3). A DISCOVER gets the client's current
 * address if it has one, else the first free address of the pool, or nothing when none is free
 * (§4.3.1: a server with nothing to offer stays silent). A REQUEST is acknowledged when it names what
 * the server offered or granted, refused (NAK) when it names an address this server knows is wrong,
 * and ignored when it is meant for another server (§4.3.2).
 */
export function answerClient(o: { params: ServerParams; pool: readonly string[]; leases: Leases; m: ClientMessage; unicast: boolean; nowUs: number }): ServerVerdict {
  const { params: p, leases, m, nowUs } = o;
  const live = (l: Lease | undefined): Lease | undefined => (l && l.expiresUs > nowUs ? l : undefined);
  const mine = live(leases[m.chaddr]);
  const hold = (state: Lease['state'], address: string, secs: number): Lease => ({ chaddr: m.chaddr, address, state, expiresUs: nowUs + secs * 1e6 });
  const withLease = (l: Lease): Leases => ({ ...leases, [l.chaddr]: l });
  if (m.type === 'discover') {
    const taken = new Set(Object.values(leases).filter((l) => l.chaddr !== m.chaddr && live(l)).map((l) => l.address));
    const address = mine?.address ?? o.pool.find((a) => !taken.has(a));
    if (!address) return { kind: 'silent', leases, text: `No free address in the pool of ${o.pool.length}: the server makes no offer to ${m.chaddr}.`, section: 'RFC 2131 §4.3.1' };
    const lease = mine?.state === 'bound' ? mine : hold('offered', address, OFFER_HOLD_SECS);
    return { kind: 'reply', reply: serverReply('offer', p, m, address), leases: withLease(lease), lease, text: `The server offers ${address} to ${m.chaddr}.`, section: 'RFC 2131 §4.3.1' };
  }
  if (m.type === 'release' || m.type === 'decline') {
    const { [m.chaddr]: _gone, ...rest } = leases;
    return { kind: 'silent', leases: rest, text: `${m.chaddr} gives its address back (DHCP${m.type.toUpperCase()}).`, section: 'RFC 2131 §4.3.3, §4.3.4' };
  }
  if (m.type !== 'request') return { kind: 'silent', leases, text: `The server does not answer DHCP${m.type.toUpperCase()} here.`, section: 'RFC 2131 §4.3.5' };
  const state = requestState(m, o.unicast);
  if (state === 'selecting' && m.serverId !== p.serverId) {
    const rest = mine?.state === 'offered' ? Object.fromEntries(Object.entries(leases).filter(([k]) => k !== m.chaddr)) : leases;
    return { kind: 'silent', leases: rest, text: `${m.chaddr} chose the server ${m.serverId}: this server withdraws its offer.`, section: 'RFC 2131 §4.3.2' };
  }
  const wanted = state === 'selecting' || state === 'init-reboot' ? m.requestedIp : m.ciaddr;
  if (mine && mine.address === wanted) {
    const lease = hold('bound', mine.address, p.leaseSecs);
    const what = state === 'renewing' || state === 'rebinding' ? `extends ${m.chaddr}'s lease on` : `binds`;
    return { kind: 'reply', reply: serverReply('ack', p, m, mine.address), leases: withLease(lease), lease, text: `The server ${what} ${mine.address} for ${p.leaseSecs} s (${state.toUpperCase()}).`, section: 'RFC 2131 §4.3.2' };
  }
  // §4.3.2: REBINDING and INIT-REBOOT without a record stay silent; otherwise the client is wrong.
  if (!mine && (state === 'rebinding' || state === 'init-reboot')) {
    return { kind: 'silent', leases, text: `The server has no record of ${m.chaddr}: it stays silent.`, section: 'RFC 2131 §4.3.2' };
  }
  return { kind: 'reply', reply: serverReply('nak', p, m), leases, text: `${wanted ?? 'no address'} is not ${m.chaddr}'s address here: DHCPNAK.`, section: 'RFC 2131 §4.3.2' };
}

/** The lease ended without a renewal: the address is free again (RFC 2131 §4.4.5 on the server's side). */
export function expireLease(leases: Leases, chaddr: string, nowUs: number): Leases {
  const l = leases[chaddr];
  if (!l || l.expiresUs > nowUs) return leases;
  const { [chaddr]: _gone, ...rest } = leases;
  return rest;
}
