import { hex, ipv6FromText, ipv6ToText, type OptionValue } from '../wire/core';
import {
  DHCPV6_OPTION, DHCPV6_TYPE, dhcpv6Message, dhcpv6Option, iaNa, relayedMessage, relayMessage,
  type Dhcpv6Message,
} from '../wire/dhcpv6';

/*
 * A DHCPv6 server's answer to a relayed client message (RFC 8415 §18.3): addresses from one pool,
 * the same address again for the same client and IA (RFC 8415 §18.3.1: a server should give a
 * client the addresses it had), Rapid Commit honoured (§18.3.1, §21.14), and the answer wrapped in
 * a Relay-repl back to the relay with the peer address and the Interface-Id it sent (§19.3).
 */

export interface Dhcpv6Pool {
  /** The prefix addresses come from (the LMD prefix that the MAGs advertise), /64. */
  prefix: string;
  /** The interface identifier of the first address handed out; each new lease takes the next one. */
  firstHost: number;
  preferredSeconds: number;
  validSeconds: number;
}

export interface Dhcpv6Lease {
  client: string;
  iaid: number;
  address: string;
  sinceUs: number;
}

export type Dhcpv6Leases = Readonly<Record<string, Dhcpv6Lease>>;

const leaseKey = (duid: Uint8Array, iaid: number): string => `${hex(duid)}/${iaid}`;

/** The n-th address of the pool. */
export function poolAddress(pool: Dhcpv6Pool, n: number): string {
  const b = ipv6FromText(pool.prefix.split('/')[0]!);
  const host = pool.firstHost + n;
  b[12] = (host >>> 24) & 0xff;
  b[13] = (host >>> 16) & 0xff;
  b[14] = (host >>> 8) & 0xff;
  b[15] = host & 0xff;
  return ipv6ToText(b);
}

export type ServerAnswer =
  | { kind: 'answer'; reply: Dhcpv6Message; leases: Dhcpv6Leases; lease: Dhcpv6Lease; fresh: boolean; rapid: boolean }
  | { kind: 'ignore'; why: string };

/** What the server makes of a Relay-forw: the Relay-repl to send back, and its leases afterwards. */
export function answerRelayed(o: { relay: Dhcpv6Message; leases: Dhcpv6Leases; pool: Dhcpv6Pool; serverDuid: Uint8Array; nowUs: number }): ServerAnswer {
  const inner = relayedMessage(o.relay);
  if (!inner) return { kind: 'ignore', why: 'the Relay-forw carries no decodable client message' };
  if (inner.msgtype !== DHCPV6_TYPE.Solicit && inner.msgtype !== DHCPV6_TYPE.Request) return { kind: 'ignore', why: `the lab's server answers Solicit and Request, not type ${inner.msgtype}` };
  const clientId = dhcpv6Option(inner, DHCPV6_OPTION.ClientId)?.duid as Uint8Array | undefined;
  const ia = dhcpv6Option(inner, DHCPV6_OPTION.IaNa);
  if (!clientId || !ia) return { kind: 'ignore', why: 'the message has no Client Identifier or no IA_NA (RFC 8415 §16.2)' };
  const iaid = ia.iaid as number;
  const key = leaseKey(clientId, iaid);
  const old = o.leases[key];
  const lease = old ?? { client: hex(clientId), iaid, address: poolAddress(o.pool, Object.keys(o.leases).length), sinceUs: o.nowUs };
  const rapid = inner.msgtype === DHCPV6_TYPE.Solicit && dhcpv6Option(inner, DHCPV6_OPTION.RapidCommit) !== undefined;
  const type = inner.msgtype === DHCPV6_TYPE.Solicit && !rapid ? DHCPV6_TYPE.Advertise : DHCPV6_TYPE.Reply;
  const options: OptionValue[] = [
    iaNa({ iaid, address: { address: lease.address, preferred: o.pool.preferredSeconds, valid: o.pool.validSeconds } }),
    { type: DHCPV6_OPTION.ClientId, duid: clientId },
    { type: DHCPV6_OPTION.ServerId, duid: o.serverDuid },
    ...(rapid ? [{ type: DHCPV6_OPTION.RapidCommit }] : []),
  ];
  const interfaceId = dhcpv6Option(o.relay, DHCPV6_OPTION.InterfaceId)?.id as Uint8Array | undefined;
  const reply = relayMessage({
    msgtype: DHCPV6_TYPE.RelayRepl,
    hopcount: o.relay.hopcount ?? 0,
    linkaddr: o.relay.linkaddr ?? '::',
    peeraddr: o.relay.peeraddr ?? '::',
    ...(interfaceId ? { interfaceId } : {}),
    inner: dhcpv6Message(type, inner.xid ?? 0, options),
  });
  const committed = type === DHCPV6_TYPE.Reply;
  return { kind: 'answer', reply, leases: committed ? { ...o.leases, [key]: lease } : o.leases, lease, fresh: !old, rapid };
}
