import type { LayerValue } from '../../wire/core';
import type { DhcpMessage } from '../../wire/dhcpv4';
import { readClientMessage, readServerMessage, type ClientMessage } from '../../protocols/dhcp-server';
import type { MagConfig } from './types';

/* The IPv4 packets of the access links that become MAG events: DHCP, and ARP and echo for its own addresses. */

export type MagIpv4Event =
  /** A DHCP message from a mobile node on an access link (broadcast, to the MAG, or intercepted on its way elsewhere). */
  | { type: 'rx.dhcpClient'; iface: string; dst: string; m: ClientMessage }
  /** A server's answer to the MAG as relay, at giaddr. */
  | { type: 'rx.dhcpServer'; src: string; kind: 'offer' | 'ack' | 'nak'; reply: DhcpMessage }
  /** An ARP request on an access link (an IPv4 host looking for its default router). */
  | { type: 'rx.arpRequest'; iface: string; sha: string; spa: string; tpa: string }
  /** An ICMP echo request to one of the MAG's IPv4 addresses (a host checking its gateway). */
  | { type: 'rx.echo4'; iface: string; src: string; dst: string; ident: number; seq: number; data?: Uint8Array };

/** DHCP from a client or to a relay (UDP 67), an ARP request, or an echo request; the machine checks the link, its role and its addresses. */
export function magIpv4Event(d: { packet: LayerValue; iface: string; tunnel?: string }): MagIpv4Event | undefined {
  const p = d.packet;
  if (!d.tunnel && p.proto === 'arp' && p.opcode === 1) return { type: 'rx.arpRequest', iface: d.iface, sha: p.sha as string, spa: p.spa as string, tpa: p.tpa as string };
  const icmp = p.payload as LayerValue | undefined;
  if (!d.tunnel && p.proto === 'ip' && icmp?.proto === 'icmp' && icmp.type === 8) {
    const data = icmp.data as Uint8Array | undefined;
    return { type: 'rx.echo4', iface: d.iface, src: p.src as string, dst: p.dst as string, ident: icmp.ident as number, seq: icmp.seq as number, ...(data && data.length > 0 ? { data } : {}) };
  }
  if (d.tunnel || d.packet.proto !== 'ip') return undefined;
  const m = readClientMessage(d.packet);
  if (m) return { type: 'rx.dhcpClient', iface: d.iface, dst: d.packet.dst as string, m };
  const s = readServerMessage(d.packet);
  const udp = d.packet.payload as LayerValue;
  if (s && udp.dstport === 67) return { type: 'rx.dhcpServer', src: d.packet.src as string, kind: s.type, reply: s.message };
  return undefined;
}

/**
 * The point-to-point access link puts the MAG in the path of every DHCP message (RFC 5844 §3.4.2):
 * one a mobile node unicasts to another address is still the MAG's to judge. A DHCP server discards
 * a request for a server that is not itself, so the MN falls back to REBINDING by broadcast (seed 002
 * §3.2.2, last bullet); a relay passes it to its server with its own giaddr. Says whether the MAG
 * takes the packet, and the reason when it discards it.
 */
export function dhcpInterception(c: MagConfig, iface: string, packet: LayerValue, isOwn: (addr: string) => boolean): { discard?: string } | undefined {
  if (!c.ipv4Home || !c.accessIfaces[iface]) return undefined;
  const m = readClientMessage(packet);
  const dst = packet.dst as string;
  if (!m || dst === '255.255.255.255' || isOwn(dst)) return undefined;
  if (c.ipv4Home.dhcp === 'relay') return {};
  return { discard: `${c.name} discards a DHCP${m.type.toUpperCase()} unicast to ${dst}, a server that is not on this link: only a broadcast (REBINDING) will reach a server now (seed 002 §3.2.2)` };
}
