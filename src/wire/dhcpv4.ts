import { bind, bitfield, bits, derived, flag, fromHex, hexN, ipv4, message, optionList, registerProtocol, u16, u32, u8, type MessageValue } from './core';
import { dhcpType } from './dhcpv4-build';
import { clientHardwareAddress, DHCP_MAGIC_COOKIE, fixedText, HARDWARE_TYPES, magicCookie, padding } from './dhcpv4-fields';
import { DHCP_MESSAGE_TYPES, dhcpOptionFamily } from './dhcpv4-options';

export * from './dhcpv4-build';
export { DHCP_MAGIC_COOKIE, secondsText } from './dhcpv4-fields';
export { DHCP_MESSAGE_TYPES, DHCP_OPTION_NAMES, dhcpOptionCodecs, agentSubOptionCodecs } from './dhcpv4-options';

/*
 * RFC 2131 §2, Figure 1: Format of a DHCP message. The options start with the magic cookie
 * 99.130.83.99 (§3) and end with End (255).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 *  +---------------+---------------+---------------+---------------+
 *  |                            xid (4)                            |
 *  +-------------------------------+-------------------------------+
 *  |           secs (2)            |           flags (2)           |
 *  +-------------------------------+-------------------------------+
 *  |                          ciaddr  (4)                          |
 *  +---------------------------------------------------------------+
 *  |                          yiaddr  (4)                          |
 *  +---------------------------------------------------------------+
 *  |                          siaddr  (4)                          |
 *  +---------------------------------------------------------------+
 *  |                          giaddr  (4)                          |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  |                          chaddr  (16)                         |
 *  |                                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  |                          sname   (64)                         |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  |                          file    (128)                        |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  |                          options (variable)                   |
 *  +---------------------------------------------------------------+
 */
const fields = [
  u8('op', 'dhcp.type', 'Message type', { values: { 1: 'Boot Request', 2: 'Boot Reply' }, doc: 'BOOTREQUEST from a client or relay, BOOTREPLY from a server.' }),
  u8('htype', 'dhcp.hw.type', 'Hardware type', { default: 1, display: (v) => `${HARDWARE_TYPES[v] ?? 'Unknown'} (${hexN(v, 1)})` }),
  derived(8, 'hlen', 'dhcp.hw.len', 'Hardware address length', (m) => fromHex((m.chaddr as string | undefined) ?? '').length),
  u8('hops', 'dhcp.hops', 'Hops', { default: 0, doc: 'Relay agents add one as they forward the message (RFC 1542 §4.1.1).' }),
  u32('xid', 'dhcp.id', 'Transaction ID', { hex: true, doc: 'Chosen by the client; replies carry it back so the client can match them.' }),
  u16('secs', 'dhcp.secs', 'Seconds elapsed', { default: 0 }),
  bitfield('flags', 'dhcp.flags', 'Bootp flags', 16, [
    flag('broadcast', 'dhcp.flags.bc', 0x8000, 'Broadcast flag', { doc: 'The client cannot receive unicast before it has an address: reply by broadcast.' }),
    bits('mbz', 'dhcp.flags.reserved', 0x7fff, 'Reserved flags', { hex: true }),
  ]),
  ipv4('ciaddr', 'dhcp.ip.client', 'Client IP address', { doc: 'Filled in only by a client that already has an address (renewing, rebinding, inform).' }),
  ipv4('yiaddr', 'dhcp.ip.your', 'Your (client) IP address', { doc: 'The address the server offers or assigns.' }),
  ipv4('siaddr', 'dhcp.ip.server', 'Next server IP address'),
  ipv4('giaddr', 'dhcp.ip.relay', 'Relay agent IP address', { doc: 'Set by a relay (the MAG): the server answers the relay at this address and picks the subnet from it.' }),
  clientHardwareAddress(),
  fixedText('sname', 'dhcp.server', 'Server host name', 64, 'not given'),
  fixedText('file', 'dhcp.file', 'Boot file name', 128, 'not given'),
  magicCookie(),
  optionList('options', 'dhcp.option', 'Options', dhcpOptionFamily),
  padding(),
] as const;

/** A DHCP message; the `…Raw` and `chaddrPadding` keys keep octets a decoded message had that its text cannot carry. */
export type DhcpMessage = MessageValue<typeof fields> & { chaddrPadding?: Uint8Array; snameRaw?: Uint8Array; fileRaw?: Uint8Array };

function summary(v: DhcpMessage): string {
  const type = dhcpType(v);
  if (type === undefined) return `Boot ${v.op === 2 ? 'Reply' : 'Request'} from ${v.chaddr}`;
  const name = DHCP_MESSAGE_TYPES[type] ?? `Unknown Message Type (${hexN(type, 1)})`;
  return `DHCP ${name.padEnd(8)} - Transaction ID 0x${(v.xid ?? 0).toString(16)}`;
}

export const dhcp = registerProtocol(
  message('dhcp', 'Dynamic Host Configuration Protocol', fields, {
    layer: true,
    spec: 'RFC 2131 §2',
    doc: 'BOOTP’s message format with DHCP options: how a mobile node gets its IPv4 home address (RFC 5844 §3.4).',
    summary,
    check: (v, node, ctx) => {
      const options = v.options ?? [];
      if (v.cookie === DHCP_MAGIC_COOKIE && options.length > 0 && options[options.length - 1]!.type !== 255) {
        ctx.problems.push({ id: 'dhcp.option.end.missing', severity: 'warn', message: 'The options do not end with End (255)', start: node.end, end: node.end });
      }
    },
  }),
);

bind('udp.port', 67, 'dhcp');
bind('udp.port', 68, 'dhcp');

