import type { LayerValue } from '../../wire/core';
import {
  ALL_DHCP_RELAY_AGENTS_AND_SERVERS, assignedAddress, DHCPV6_CLIENT_PORT, DHCPV6_OPTION, DHCPV6_SERVER_PORT, DHCPV6_TYPE, dhcpv6Message, duidLl, iaNa,
  type Dhcpv6Message,
} from '../../wire/dhcpv6';
import { icmpv6Echo, neighborSolicitation } from '../../wire/icmpv6';
import { ipv6FromText, ipv6ToText } from '../../wire/core';
import { ipv6Packet } from '../../wire/ipv6';
import { homeBindingUpdate, MH_TYPE, type BindingAck, type MobilityHeader } from '../../wire/mh';
import { linkLocalAddress } from '../../protocols/slaac';

/*
 * The packets of the Mobile IPv6-capable MN of seed 003: its DHCPv6 Solicit (RFC 8415 §18.2.1,
 * with Rapid Commit), the Neighbor Solicitation of Duplicate Address Detection (RFC 4862 §5.4.2),
 * the home registration Binding Update (RFC 6275 §11.7.1), and how it reads the answers.
 */

/** The IAID of the MN's one IA_NA: its only interface. */
export const IAID = 1;

/** RFC 4291 §2.7.1: ff02::1:ff and the address's last 24 bits. */
export function solicitedNode(address: string): string {
  const b = ipv6FromText(address);
  const out = ipv6FromText('ff02::1:ff00:0');
  out.set(b.subarray(13), 13);
  return ipv6ToText(out);
}

export function solicitPacket(mac: string, xid: number, elapsedCs: number): LayerValue {
  const solicit = dhcpv6Message(DHCPV6_TYPE.Solicit, xid, [
    { type: DHCPV6_OPTION.ClientId, duid: duidLl(mac) },
    { type: DHCPV6_OPTION.RapidCommit },
    { type: DHCPV6_OPTION.ElapsedTime, elapsed: Math.min(0xffff, elapsedCs) },
    iaNa({ iaid: IAID }),
  ]);
  const udp: LayerValue = { proto: 'udp', srcport: DHCPV6_CLIENT_PORT, dstport: DHCPV6_SERVER_PORT, payload: solicit };
  return ipv6Packet({ src: linkLocalAddress(mac), dst: ALL_DHCP_RELAY_AGENTS_AND_SERVERS, hopLimit: 1, payload: udp });
}

/** RFC 4862 §5.4.2: from the unspecified address to the tentative address's solicited-node group. */
export function dadPacket(tentative: string): LayerValue {
  return ipv6Packet({ src: '::', dst: solicitedNode(tentative), hopLimit: 255, payload: neighborSolicitation({ target: tentative }) });
}

/** RFC 6275 §11.7.1: from the care-of address to the home agent, the HoA in a Home Address option. */
export function bindingUpdatePacket(o: { coa: string; hoa: string; ha: string; seq: number; lifetimeSeconds: number }): LayerValue {
  const hao: LayerValue = { proto: 'ipv6.dstopts', options: [{ type: 0xc9, homeAddress: o.hoa }], payload: homeBindingUpdate({ seq: o.seq, lifetimeSeconds: o.lifetimeSeconds }) };
  return ipv6Packet({ src: o.coa, dst: o.ha, payload: hao });
}

export function echoReplyPacket(o: { src: string; dst: string; ident: number; seq: number; data?: Uint8Array }): LayerValue {
  return ipv6Packet({ src: o.src, dst: o.dst, payload: icmpv6Echo({ reply: true, ident: o.ident, seq: o.seq, ...(o.data ? { data: o.data } : {}) }) });
}

/** A DHCPv6 Reply with an address, from the relay on the link. */
export function readDhcpv6Reply(ip: LayerValue): { xid: number; address: string; valid: number } | undefined {
  const udp = ip.payload as LayerValue | undefined;
  if (udp?.proto !== 'udp' || udp.dstport !== DHCPV6_CLIENT_PORT) return undefined;
  const m = udp.payload as Dhcpv6Message | undefined;
  if (m?.proto !== 'dhcpv6' || m.msgtype !== DHCPV6_TYPE.Reply) return undefined;
  const a = assignedAddress(m);
  return a ? { xid: m.xid ?? 0, address: a.address, valid: a.valid } : undefined;
}

/** RFC 6275 §9.5.4: the home agent's answer, to the care-of address with a type 2 Routing header. */
export function readBindingAck(ip: LayerValue): { src: string; ack: BindingAck } | undefined {
  const rh = ip.payload as LayerValue | undefined;
  const mh = (rh?.proto === 'ipv6.routing' ? rh.payload : rh) as MobilityHeader | undefined;
  return mh?.proto === 'mipv6' && mh.mhType === MH_TYPE.BINDING_ACK ? { src: ip.src as string, ack: mh as BindingAck } : undefined;
}
