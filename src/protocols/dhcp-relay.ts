import type { LayerValue } from '../wire/core';
import { dhcpRelayed, dhcpUnrelayed } from '../wire/dhcpv4-build';
import type { DhcpMessage } from '../wire/dhcpv4';
import { ipv4Packet } from '../wire/ipv4';
import { DHCP_SERVER_PORT } from './dhcp-client';
import { ALL_ZERO, clientRoute, type ClientMessage, type ReplyRoute } from './dhcp-server';

/*
 * A DHCP relay agent's rules (RFC 2131 §4.1, RFC 1542 §4.1, RFC 3046 §2.1): towards the server, the
 * first relay puts its own address in giaddr and adds the Relay Agent Information option; a second
 * relay (the LMA in seed 002 Fig. 15) leaves both as they are and only counts a hop. The server
 * answers the relay at giaddr, which hands the reply to the client on its link.
 */

/** RFC 1542 §4.1.1: a relay discards a request that has already crossed this many relays. */
export const MAX_HOPS = 16;

export interface RelayAgent {
  /** The relay's address on the client's link: giaddr, where the server's answer comes back. */
  address: string;
  /** Option 82's Agent Circuit ID: the access link the client is on (RFC 3046 §3.1). */
  circuitId?: string;
  /** Option 82's Agent Remote ID: who the client is, the MN-Identifier here (RFC 5844 §3.4.3). */
  remoteId?: string;
}

/** The request to pass to the server, or undefined when it has crossed too many relays (RFC 1542 §4.1.1). */
export function towardsServer(m: ClientMessage, agent: RelayAgent): DhcpMessage | undefined {
  if (m.hops >= MAX_HOPS) return undefined;
  if (m.giaddr !== ALL_ZERO) return { ...m.message, hops: m.hops + 1 };
  return dhcpRelayed(m.message, {
    giaddr: agent.address,
    ...(agent.circuitId === undefined ? {} : { circuitId: agent.circuitId }),
    ...(agent.remoteId === undefined ? {} : { remoteId: agent.remoteId }),
  });
}

/** The relayed request in UDP from port 67 to the server's port 67 (RFC 2131 §4.1). */
export function relayPacket(src: string, server: string, m: DhcpMessage): LayerValue {
  return ipv4Packet({ src, dst: server, payload: { proto: 'udp', srcport: DHCP_SERVER_PORT, dstport: DHCP_SERVER_PORT, payload: { ...m, proto: 'dhcp' } as unknown as LayerValue } });
}

/** A server's reply as the relay delivers it: option 82 removed (RFC 3046 §2.2), on the client's link by RFC 2131 §4.1. */
export function towardsClient(reply: DhcpMessage): { message: DhcpMessage; route: ReplyRoute } {
  const message = dhcpUnrelayed(reply);
  return { message, route: clientRoute(message) };
}
