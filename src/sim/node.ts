import { encode, type LayerValue } from '../wire/core';
import { ethernet, ethernetFrame } from '../wire/ethernet';
import { grePacket } from '../wire/gre';
import { ipv4Packet } from '../wire/ipv4';
import { ipv6Packet } from '../wire/ipv6';
import { ppp, pppFrame, type PppValue } from '../wire/ppp';
import { tlvPacket } from '../wire/tlv-header';
import type { Link } from './link';
import { addressBytes, isIpv6Text, parsePrefix, prefixContainsBytes, type Prefix } from './prefix';
import type { PacketEvent } from './trace';

/**
 * A simulated host or router: interfaces with addresses, a routing table with source-specific
 * routes (the MAG's "from the home prefix, via the tunnel", RFC 5213 §6.10.5), tunnels as real
 * encapsulation, and an agent (the entity's machine adapter) for the packets addressed to it.
 */

export interface Address {
  addr: string;
  plen: number;
}

export interface Interface {
  name: string;
  mac: string;
  link?: Link;
  v4: Address[];
  v6: Address[];
}

export interface Route {
  dst: Prefix;
  /** Only for packets from this prefix (source-specific routing). */
  src?: Prefix;
  iface?: string;
  tunnel?: string;
  /** Which table entry made it, so it is removed with that entry. */
  owner: string;
}

export type TunnelEncap = 'ip' | 'gre' | 'udp';

export interface Tunnel {
  id: string;
  local: string;
  remote: string;
  encap: TunnelEncap;
  /** GRE key sent in packets on this tunnel (the peer's downlink key). */
  key?: number;
  /** UDP encapsulation ports (RFC 5844 §4: 5437 on both sides unless a NAT rewrote them). */
  sport?: number;
  dport?: number;
  /** UDP encapsulation with a TLV header after UDP (IPv4-UDP-TLV, RFC 5845 §7.2). */
  tlv?: boolean;
}

export interface Delivery {
  node: SimNode;
  iface: Interface;
  /** The IP (or ARP) packet, after any tunnel headers were removed. */
  packet: LayerValue;
  /** The frame as it arrived. */
  frame: LayerValue;
  event: PacketEvent;
  tunnel?: Tunnel;
}

export interface Agent {
  receive(d: Delivery): void;
}

/** What a node needs of the network around it. */
export interface Fabric {
  transmit(node: SimNode, iface: Interface, bytes: Uint8Array): PacketEvent | undefined;
  filter(event: PacketEvent | undefined, reason: string): void;
}

/** LINKTYPE_PPP (tcpdump.org link-layer header types): a link whose frames are PPP, not Ethernet. */
export const PPP_LINK_TYPE = 9;

const ALL_NODES = 'ff02::1';
const ALL_ROUTERS = 'ff02::2';

export function multicastMac(addr: string): string {
  if (addr === '255.255.255.255') return 'ff:ff:ff:ff:ff:ff';
  // RFC 2464 §7: 33:33 and the last four octets of the IPv6 group.
  const tail = addr.split(':').slice(-2).map((g) => g.padStart(4, '0'));
  const hex = tail.join('');
  return `33:33:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}`;
}

/**
 * Sees every IP packet a node receives on an interface before it is delivered or routed (a NAT's
 * translation, src/sim/nat.ts). Returns the packet to go on with (rewritten or not), undefined to
 * go on with the packet unchanged, or 'drop' when the hook dropped it (and said why, on `event`).
 */
export type PreRouteHook = (pkt: LayerValue, iface: Interface, event: PacketEvent) => LayerValue | 'drop' | undefined;

export class SimNode {
  readonly interfaces: Interface[] = [];
  readonly routes: Route[] = [];
  readonly tunnels = new Map<string, Tunnel>();
  /** Link-scope multicast groups it listens to besides all-nodes, all-routers and solicited-node (a DHCPv6 relay's ff02::1:2). */
  readonly groups = new Set<string>();
  agent?: Agent;
  /** Optional: called on each received IP packet (not on packets taken out of a tunnel). */
  preRoute?: PreRouteHook;

  constructor(
    readonly id: string,
    private readonly fabric: Fabric,
    /** A router forwards packets not addressed to it. */
    readonly forwarding: boolean,
  ) {}

  iface(name: string): Interface {
    const i = this.interfaces.find((x) => x.name === name);
    if (!i) throw new Error(`${this.id} has no interface ${name}`);
    return i;
  }

  addInterface(name: string, mac: string): Interface {
    const i: Interface = { name, mac, v4: [], v6: [] };
    this.interfaces.push(i);
    return i;
  }

  addAddress(ifaceName: string, text: string): void {
    const [addr, len] = text.split('/');
    const v6 = isIpv6Text(addr!);
    const list = v6 ? this.iface(ifaceName).v6 : this.iface(ifaceName).v4;
    if (!list.some((a) => a.addr === addr)) list.push({ addr: addr!, plen: len === undefined ? (v6 ? 128 : 32) : Number(len) });
    // The connected prefix is reachable on this interface.
    this.addRoute({ dst: parsePrefix(`${addr}/${len ?? (v6 ? 128 : 32)}`), iface: ifaceName, owner: `connected:${ifaceName}` });
  }

  removeAddress(ifaceName: string, addr: string): void {
    const i = this.iface(ifaceName);
    i.v4 = i.v4.filter((a) => a.addr !== addr);
    i.v6 = i.v6.filter((a) => a.addr !== addr);
  }

  hasAddress(addr: string): boolean {
    return this.interfaces.some((i) => i.v4.some((a) => a.addr === addr) || i.v6.some((a) => a.addr === addr));
  }

  addRoute(r: Route): void {
    this.routes.push(r);
  }

  removeRoutes(owner: string): void {
    for (let i = this.routes.length - 1; i >= 0; i--) if (this.routes[i]!.owner === owner) this.routes.splice(i, 1);
  }

  /** Longest match on the destination; a source-specific route beats a plain one of the same length. */
  lookup(dst: string, src?: string): Route | undefined {
    let best: Route | undefined;
    const d = addressBytes(dst);
    let s: Uint8Array | undefined;
    for (const r of this.routes) {
      if (!prefixContainsBytes(r.dst, d)) continue;
      if (r.src && (!src || !prefixContainsBytes(r.src, (s ??= addressBytes(src))))) continue;
      if (!best || r.dst.length > best.dst.length || (r.dst.length === best.dst.length && r.src && !best.src)) best = r;
    }
    return best;
  }

  private isLocal(dst: string, iface: Interface): boolean {
    if (this.hasAddress(dst)) return true;
    if (dst === ALL_NODES || dst === '255.255.255.255') return true;
    if (dst === ALL_ROUTERS) return this.forwarding;
    if (this.groups.has(dst)) return true;
    // Solicited-node multicast for our addresses (RFC 4291 §2.7.1).
    if (dst.startsWith('ff02::1:ff')) return iface.v6.length > 0;
    return false;
  }

  /** A frame arrives on `iface`. */
  receiveFrame(frame: LayerValue, iface: Interface, event: PacketEvent): void {
    const l3 = frame.payload as LayerValue | undefined;
    if (!l3) return this.fabric.filter(event, `${this.id} cannot read the frame`);
    // ARP, and IPCP on a PPP link (RFC 1332), are the link's own business: they go to the agent.
    if (l3.proto === 'arp' || l3.proto === 'ipcp') return this.agent?.receive({ node: this, iface, packet: l3, frame, event });
    if (l3.proto !== 'ip' && l3.proto !== 'ipv6') return this.fabric.filter(event, `${this.id} does not speak ${l3.proto}`);
    const pkt = this.preRoute ? this.preRoute(l3, iface, event) : undefined;
    if (pkt === 'drop') return;
    this.ipInput(pkt ?? l3, iface, frame, event, undefined);
  }

  private ipInput(pkt: LayerValue, iface: Interface, frame: LayerValue, event: PacketEvent, via: Tunnel | undefined): void {
    const dst = pkt.dst as string;
    if (this.isLocal(dst, iface)) {
      const tunnel = this.tunnelFor(pkt);
      if (tunnel) {
        const inner = innerPacket(pkt, tunnel);
        if (inner) return this.ipInput(inner, iface, frame, event, tunnel);
      } else if (isTunnelled(pkt, this.ownAddress)) {
        return this.fabric.filter(event, `${this.id} has no tunnel from ${pkt.src as string}`);
      }
      if (!this.agent) return this.fabric.filter(event, `nothing on ${this.id} listens for this`);
      const d: Delivery = { node: this, iface, packet: pkt, frame, event };
      if (via) d.tunnel = via;
      return this.agent.receive(d);
    }
    if (!this.forwarding) return this.fabric.filter(event, `${this.id} is not ${dst}`);
    const hops = (pkt.proto === 'ipv6' ? pkt.hlim : pkt.ttl) as number | undefined;
    if ((hops ?? 64) <= 1) return this.fabric.filter(event, `hop limit exceeded at ${this.id}`);
    const next: LayerValue = pkt.proto === 'ipv6' ? { ...pkt, hlim: (hops ?? 64) - 1 } : { ...pkt, ttl: (hops ?? 64) - 1 };
    // The header changed, so its checksum must be computed again.
    if (next.proto === 'ip') delete next.checksum;
    if (!this.sendIp(next, {}, event)) return;
  }

  private readonly ownAddress = (addr: string): boolean => this.hasAddress(addr);

  private tunnelFor(pkt: LayerValue): Tunnel | undefined {
    if (!isTunnelled(pkt, this.ownAddress)) return undefined;
    for (const t of this.tunnels.values()) if (t.remote === pkt.src && t.local === pkt.dst) return t;
    return undefined;
  }

  /**
   * Route and send an IP packet. `event` is the packet that brought it here when forwarding, so
   * a drop for lack of a route shows on it. Returns false when the packet could not be sent.
   */
  sendIp(pkt: LayerValue, o: { iface?: string; dstMac?: string; hints?: Readonly<Record<string, unknown>> } = {}, event?: PacketEvent): boolean {
    const dst = pkt.dst as string;
    let ifaceName = o.iface;
    if (!ifaceName) {
      const r = this.lookup(dst, pkt.src as string);
      if (!r) {
        this.fabric.filter(event, `${this.id} has no route to ${dst}`);
        return false;
      }
      if (r.tunnel) {
        const t = this.tunnels.get(r.tunnel);
        if (!t) {
          this.fabric.filter(event, `${this.id}: tunnel ${r.tunnel} is gone`);
          return false;
        }
        return this.sendIp(encapsulate(pkt, t), o.hints ? { hints: o.hints } : {}, event);
      }
      ifaceName = r.iface;
    }
    const iface = this.iface(ifaceName!);
    const peer = iface.link?.peer(iface);
    const dstMac = o.dstMac ?? (dst.startsWith('ff') || dst === '255.255.255.255' ? multicastMac(dst) : peer?.iface.mac);
    if (!dstMac) {
      this.fabric.filter(event, `${this.id}: ${iface.name} is not connected`);
      return false;
    }
    const hints = o.hints ? { hints: o.hints } : {};
    // A PPP link (LINKTYPE_PPP, RFC 1661 §2) carries the packet in a PPP frame, with no MAC addresses.
    const bytes = iface.link?.linkType === PPP_LINK_TYPE ? encode(ppp, pppFrame(pkt), hints) : encode(ethernet, ethernetFrame({ src: iface.mac, dst: dstMac, payload: pkt }), hints);
    this.fabric.transmit(this, iface, bytes);
    return true;
  }

  /** Send a frame as it is (ARP in Ethernet, IPCP in PPP, or a reply straight back to a MAC). */
  sendFrame(ifaceName: string, frame: LayerValue): void {
    const bytes = frame.proto === 'ppp' ? encode(ppp, frame as PppValue) : encode(ethernet, frame as unknown as Parameters<typeof ethernet.encode>[1]);
    this.fabric.transmit(this, this.iface(ifaceName), bytes);
  }
}

/**
 * Whether a packet for this node carries another packet to be taken out of a tunnel. On the UDP
 * tunnel ports, signalling shares the port with data (DSMIPv6's 4191, RFC 5555 §4.1): an inner
 * packet addressed to this node itself is signalling for its agent, not tunnel traffic, and so is
 * a Mobility Header answering from port 5436 to a MAG's data port (RFC 5844 §4.1.3.2).
 */
function isTunnelled(pkt: LayerValue, isOwn: (addr: string) => boolean): boolean {
  const p = pkt.payload as LayerValue | undefined;
  if (!p) return false;
  if (p.proto === 'ip' || p.proto === 'ipv6' || p.proto === 'gre') return true;
  if (p.proto !== 'udp' || (p.dstport !== 5437 && p.dstport !== 4191)) return false;
  const inner = afterUdp(p);
  return inner !== undefined && !isOwn(inner.dst as string);
}

/** The IP packet after a UDP header and an optional TLV header (RFC 5845 §7.2), if that is what follows. */
function afterUdp(udp: LayerValue): LayerValue | undefined {
  let p = udp.payload as LayerValue | undefined;
  if (p && p.proto !== 'ip' && p.proto !== 'ipv6') p = p.payload as LayerValue | undefined;
  return p && (p.proto === 'ip' || p.proto === 'ipv6') ? p : undefined;
}

/** The packet inside a tunnel packet, or undefined when the payload is not what the tunnel carries. */
export function innerPacket(pkt: LayerValue, t: Tunnel): LayerValue | undefined {
  let p = pkt.payload as LayerValue | undefined;
  if (t.encap === 'gre' && p?.proto === 'gre') p = p.payload as LayerValue | undefined;
  if (t.encap === 'udp' && p?.proto === 'udp') return afterUdp(p);
  return p && (p.proto === 'ip' || p.proto === 'ipv6') ? p : undefined;
}

/** Wrap `inner` for tunnel `t`: IP-in-IP (RFC 2473/2003), GRE with its key (RFC 5845), or UDP (RFC 5844 §4). */
export function encapsulate(inner: LayerValue, t: Tunnel): LayerValue {
  let payload: LayerValue = inner;
  if (t.encap === 'gre') payload = grePacket(t.key === undefined ? { payload: inner } : { key: t.key, payload: inner });
  if (t.encap === 'udp') payload = { proto: 'udp', srcport: t.sport ?? 5437, dstport: t.dport ?? 5437, payload: t.tlv ? tlvPacket(inner) : inner };
  return isIpv6Text(t.local) ? ipv6Packet({ src: t.local, dst: t.remote, payload }) : ipv4Packet({ src: t.local, dst: t.remote, payload });
}
