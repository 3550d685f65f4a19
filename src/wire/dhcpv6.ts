import {
  asBody, bind, bodyByType, hexN, ipv6, leaf, macFromText, message, Registry, registerProtocol, u8,
  type BodyCodec, type Field, type LayerValue, type OptionValue,
} from './core';
import { DHCPV6_OPTION, dhcpv6OptionList } from './dhcpv6-options';

export { DHCPV6_OPTION, DHCPV6_OPTION_NAMES } from './dhcpv6-options';

/*
 * DHCPv6, RFC 8415 §8 (client/server messages) and §9 (relay agent/server messages):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    msg-type   |               transaction-id                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                            options                            .
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    msg-type   |   hop-count   |        Relay-forw (12) and Relay-repl (13)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  link-address (16 octets)                     |
 *  |                  peer-address (16 octets)                     |
 *  .                   options (Relay Message, Interface-Id …)     .
 *
 * In the NETLMM draft (seed 003 §4.1 step 2) the MAG relays the mobile node's DHCP exchange and
 * learns the proxy home address from the server's answer; the lab's client asks with Rapid Commit
 * (RFC 8415 §18.2.1), so one Solicit and one Reply assign it.
 */

export const DHCPV6_CLIENT_PORT = 546;
export const DHCPV6_SERVER_PORT = 547;
/** All_DHCP_Relay_Agents_and_Servers (RFC 8415 §7.1). */
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';

export const DHCPV6_TYPE = { Solicit: 1, Advertise: 2, Request: 3, Reply: 7, RelayForw: 12, RelayRepl: 13 } as const;

export const DHCPV6_MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'Solicit', 2: 'Advertise', 3: 'Request', 4: 'Confirm', 5: 'Renew', 6: 'Rebind', 7: 'Reply', 8: 'Release', 9: 'Decline',
  10: 'Reconfigure', 11: 'Information-request', 12: 'Relay-forw', 13: 'Relay-reply',
};

const isRelay = (type: number | undefined): boolean => type === DHCPV6_TYPE.RelayForw || type === DHCPV6_TYPE.RelayRepl;

/** The 24-bit transaction id (Wireshark: FT_UINT24, hex). */
function transactionId(): Field<'xid', number, false> {
  const f: Field<'xid', number, false> = {
    key: 'xid',
    name: 'dhcpv6.xid',
    label: 'Transaction ID',
    optional: false,
    kind: { t: 'other' },
    doc: 'Chosen by the client; the Reply carries it back so the client can match the two.',
    decode(cur, msg) {
      const start = cur.pos;
      const b = cur.bytesOf(3, 'Transaction ID');
      if (!b) return undefined;
      const v = (b[0]! << 16) | (b[1]! << 8) | b[2]!;
      msg.xid = v;
      return leaf(f, start, cur.pos, v, hexN(v, 3));
    },
    encode(w, msg) {
      const v = (msg.xid as number | undefined) ?? 0;
      w.u8((v >>> 16) & 0xff).u8((v >>> 8) & 0xff).u8(v & 0xff);
    },
  };
  return f;
}

const clientBody = message('dhcpv6', 'Client/server message', [transactionId()], { trailing: 'ignore', spec: 'RFC 8415 §8' });
const relayBody = message(
  'dhcpv6',
  'Relay message',
  [
    u8('hopcount', 'dhcpv6.hopcount', 'Hopcount', { doc: 'Relays the message has passed; the first relay sends 0.' }),
    ipv6('linkaddr', 'dhcpv6.linkaddr', 'Link address', { doc: 'An address of the client’s link, or :: when the Interface-Id option names the link.' }),
    ipv6('peeraddr', 'dhcpv6.peeraddr', 'Peer address', { doc: 'The client’s address (its link-local), where the relay sends the answer.' }),
  ],
  { trailing: 'ignore', spec: 'RFC 8415 §9' },
);

const bodies = new Registry<BodyCodec>('dhcpv6.body');
bodies.bind(DHCPV6_TYPE.RelayForw, asBody(relayBody));
bodies.bind(DHCPV6_TYPE.RelayRepl, asBody(relayBody));

export type Dhcpv6Message = LayerValue & {
  proto: 'dhcpv6';
  msgtype: number;
  xid?: number;
  hopcount?: number;
  linkaddr?: string;
  peeraddr?: string;
  options?: OptionValue[];
};

const find = (m: { options?: OptionValue[] | undefined }, type: number): OptionValue | undefined => m.options?.find((o) => o.type === type);

function summary(v: Record<string, unknown>): string {
  const type = v.msgtype as number | undefined;
  const name = type === undefined ? 'DHCPv6' : (DHCPV6_MESSAGE_TYPES[type] ?? `Unknown (${type})`);
  if (isRelay(type)) {
    const inner = find(v as Dhcpv6Message, DHCPV6_OPTION.RelayMessage)?.message as Record<string, unknown> | undefined;
    return `DHCPv6 ${name} L: ${String(v.linkaddr)} ${inner && !(inner instanceof Uint8Array) ? summary(inner).replace(/^DHCPv6 /, '') : ''}`.trim();
  }
  return `DHCPv6 ${name} XID: ${hexN((v.xid as number | undefined) ?? 0, 3)}`;
}

export const dhcpv6 = registerProtocol(
  message(
    'dhcpv6',
    'DHCPv6',
    [
      u8('msgtype', 'dhcpv6.msgtype', 'Message type', { values: DHCPV6_MESSAGE_TYPES }),
      bodyByType((m) => (isRelay(m.msgtype as number | undefined) ? (m.msgtype as number) : 0), bodies, asBody(clientBody)),
      dhcpv6OptionList('options', 'Options'),
    ],
    { layer: true, spec: 'RFC 8415 §8, §9', summary: (v) => summary(v as unknown as Record<string, unknown>) },
  ),
);

bind('udp.port', DHCPV6_CLIENT_PORT, 'dhcpv6');
bind('udp.port', DHCPV6_SERVER_PORT, 'dhcpv6');

// ---- builders and readers for the machines ----------------------------------------------------

/** DUID-LL (RFC 8415 §11.4): type 3, hardware type 1 (Ethernet), the MAC. */
export function duidLl(mac: string): Uint8Array {
  const out = new Uint8Array(10);
  out.set([0, 3, 0, 1]);
  out.set(macFromText(mac), 4);
  return out;
}

/** One IA_NA (RFC 8415 §21.4), with the assigned address when a server answers. */
export function iaNa(o: { iaid: number; address?: { address: string; preferred: number; valid: number } }): OptionValue {
  const inner: OptionValue[] = o.address ? [{ type: DHCPV6_OPTION.IaAddress, ...o.address, options: [] }] : [];
  return { type: DHCPV6_OPTION.IaNa, iaid: o.iaid, t1: 0, t2: 0, options: inner };
}

/** A client's message (Solicit, Reply …) with its options. */
export function dhcpv6Message(msgtype: number, xid: number, options: OptionValue[]): Dhcpv6Message {
  return { proto: 'dhcpv6', msgtype, xid, options };
}

/** A Relay-forw or Relay-repl around `inner` (RFC 8415 §19.1.1, §19.2.1), naming the client's link by an Interface-Id. */
export function relayMessage(o: { msgtype: 12 | 13; hopcount?: number; linkaddr: string; peeraddr: string; interfaceId?: Uint8Array; inner: Dhcpv6Message }): Dhcpv6Message {
  const options: OptionValue[] = [];
  if (o.interfaceId) options.push({ type: DHCPV6_OPTION.InterfaceId, id: o.interfaceId });
  options.push({ type: DHCPV6_OPTION.RelayMessage, message: o.inner });
  return { proto: 'dhcpv6', msgtype: o.msgtype, hopcount: o.hopcount ?? 0, linkaddr: o.linkaddr, peeraddr: o.peeraddr, options };
}

export function dhcpv6Option(m: { options?: OptionValue[] | undefined }, type: number): OptionValue | undefined {
  return find(m, type);
}

/** The message a Relay-forw or Relay-repl carries, when it is a decoded one. */
export function relayedMessage(m: Dhcpv6Message): Dhcpv6Message | undefined {
  const inner = find(m, DHCPV6_OPTION.RelayMessage)?.message;
  return inner && !(inner instanceof Uint8Array) ? (inner as Dhcpv6Message) : undefined;
}

/** The first address assigned in the first IA_NA of a Reply, if any. */
export function assignedAddress(m: Dhcpv6Message): { address: string; preferred: number; valid: number } | undefined {
  const ia = find(m, DHCPV6_OPTION.IaNa) as { options?: OptionValue[] } | undefined;
  const a = ia && find(ia, DHCPV6_OPTION.IaAddress);
  return a ? { address: a.address as string, preferred: a.preferred as number, valid: a.valid as number } : undefined;
}
