import { bitfield, bits, flag, ipv4, reserved, u32, u8, when } from '../core';
import { mobilityOption } from './options';
import { IPV4_ACK_STATUS_NAMES, IPV4_HOA_REPLY_STATUS_NAMES } from './tables';

/*
 * IPv4 options: DSMIPv6 (RFC 5555 §3), the GRE Key (RFC 5845 §6.1) and IPv4 support for PMIPv6
 * (RFC 5844 §3.3). All but the DHCP Support Mode align at 4n, so the IPv4 address that follows
 * the first word sits on a 4-octet boundary.
 *
 * Prefix-len is the top 6 bits of an octet; tshark shows it as the 8-bit field
 * `mip6.ipv4ha.preflen` with mask 0xfc wherever it appears.
 */

const prefixLen = (mask: number, o: { at?: { offset: number; width: 8 } } = {}) =>
  bits('prefixLength', 'mip6.ipv4ha.preflen', mask, 'Prefix-len', {
    doc: 'Length of the IPv4 home network prefix (32 for a single address).',
    ...o,
  });

/*
 * RFC 5555 §3.1.1, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type        |   Length      |Prefix-len |P|    Reserved     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     IPv4 home address                         |
 */
export const ipv4HomeAddress = mobilityOption(
  29,
  'mip6.options.ipv4ha',
  'IPv4 Home Address',
  [
    bitfield('flags', 'mip6.ipv4ha.flags', 'Prefix-len and flags', 16, [
      // tshark: Prefix-len as an 8-bit field over the first octet, P on the whole word.
      prefixLen(0xfc00, { at: { offset: 0, width: 8 } }),
      flag('p', 'mip6.ipv4ha.p_flag', 0x0200, 'Mobile network prefix requested (P)'),
    ]),
    ipv4('address', 'mip6.ipv4ha.ha', 'IPv4 home address'),
  ],
  { align: { x: 4, y: 0 }, lengths: [6], spec: 'RFC 5555 §3.1.1', summary: (v) => v.address },
);

/*
 * RFC 5555 §3.2.1, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Length     |   Status      |Pref-len   |Res|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      IPv4 home address                        |
 * Wireshark 4.0 labels Status 128–132 with access-technology names; the numbers are right.
 */
export const ipv4AddressAck = mobilityOption(
  30,
  'mip6.options.ipv4aa',
  'IPv4 Address Acknowledgement',
  [
    u8('status', 'mip6.ipv4aa.sts', 'Status', { values: IPV4_ACK_STATUS_NAMES }),
    bitfield('flags', 'mip6.ipv4aa.flags', 'Prefix-len', 8, [prefixLen(0xfc)]),
    ipv4('address', 'mip6.ipv4ha.ha', 'IPv4 home address'),
  ],
  { align: { x: 4, y: 0 }, lengths: [6], spec: 'RFC 5555 §3.2.1', summary: (v) => v.address },
);

/*
 * RFC 5555 §3.2.2, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Length     |F|          Reserved           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Refresh time                             |
 */
export const natDetection = mobilityOption(
  31,
  'mip6.options.natd',
  'NAT Detection',
  [
    bitfield('flags', 'mip6.natd.flags', 'Flags', 16, [
      flag('f', 'mip6.natd.f_flag', 0x8000, 'UDP encapsulation required (F)', {
        doc: 'A NAT sits between the peers, so data MUST be tunnelled in UDP.',
      }),
      bits('rsv', 'mip6.natd.reserved', 0x7fff, 'Reserved'),
    ]),
    u32('refreshTime', 'mip6.natd.refresh_t', 'Refresh time', {
      display: (v) => (v === 0xffffffff ? `${v} s (keepalives are not needed, no NAT detected)` : `${v} s`),
      doc: 'How often (seconds) to send keepalives to hold the NAT binding open; 0 means unspecified, all ones means none needed.',
    }),
  ],
  { align: { x: 4, y: 0 }, lengths: [6], spec: 'RFC 5555 §3.2.2' },
);

/*
 * RFC 5555 §3.1.2, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type        |   Length      |         Reserved              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     IPv4 Care-of address                      |
 */
export const ipv4CareOfAddress = mobilityOption(
  32,
  'mip6.options.ipv4coa',
  'IPv4 Care-of Address',
  [
    reserved('reserved', 'mip6.ipv4coa.reserved', 'Reserved', 2),
    ipv4('address', 'mip6.ipv4coa.addr', 'IPv4 Care-of address', {
      doc: 'The sender\'s own IPv4 address; if the outer source differs, a NAT rewrote it (RFC 5555 §4.2).',
    }),
  ],
  { align: { x: 4, y: 0 }, lengths: [6], spec: 'RFC 5555 §3.1.2', summary: (v) => v.address },
);

/*
 * RFC 5845 §6.1, alignment 4n; the key is there only when Length is 6
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |           Reserved            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      GRE Key Identifier                       |
 * tshark names the Reserved field `mip6.ipv4dra.reserved` (it reuses the DRA's field).
 */
export const greKey = mobilityOption(
  33,
  'mip6.options.grek',
  'GRE Key',
  [
    reserved('reserved', 'mip6.ipv4dra.reserved', 'Reserved', 2),
    when(
      (m) => (m.len === undefined ? m.key !== undefined : (m.len as number) >= 6),
      u32('key', 'mip6.gre_key', 'GRE Key Identifier', {
        doc: 'The key the peer must put in GRE packets sent to us: a PBU carries the MAG\'s downlink key, a PBA the LMA\'s uplink key.',
      }),
    ),
  ],
  { align: { x: 4, y: 0 }, lengths: [2, 6], spec: 'RFC 5845 §6.1', summary: (v) => (v.key === undefined ? 'no key' : String(v.key)) },
);

/*
 * RFC 5844 §3.3.1, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |   Length      |Prefix-len |      Reserved     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     IPv4 home address                         |
 * tshark shows the second octet of Reserved as `mip6.ipv4ha.reserved`; the two low bits of the
 * first octet stay in `flags.reserved`.
 */
export const ipv4HomeAddressRequest = mobilityOption(
  36,
  'mip6.options.ipv4hareq',
  'IPv4 Home Address Request',
  [
    bitfield('flags', 'mip6.ipv4hareq.flags', 'Prefix-len', 8, [prefixLen(0xfc)]),
    reserved('reserved', 'mip6.ipv4ha.reserved', 'Reserved', 1),
    ipv4('address', 'mip6.ipv4ha.ha', 'IPv4 home address', {
      doc: 'The IPv4 home address the MAG asks for; 0.0.0.0 asks the LMA to allocate one.',
    }),
  ],
  { align: { x: 4, y: 0 }, lengths: [6], spec: 'RFC 5844 §3.3.1', summary: (v) => v.address },
);

/*
 * RFC 5844 §3.3.2, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Length     |   Status      |Pref-len   |Res|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      IPv4 home address                        |
 * tshark reuses `mip6.ipv4aa.sts` (with its access-technology labels for 128–132).
 */
export const ipv4HomeAddressReply = mobilityOption(
  37,
  'mip6.options.ipv4harep',
  'IPv4 Home Address Reply',
  [
    u8('status', 'mip6.ipv4aa.sts', 'Status', { values: IPV4_HOA_REPLY_STATUS_NAMES }),
    bitfield('flags', 'mip6.ipv4harep.flags', 'Prefix-len', 8, [prefixLen(0xfc)]),
    ipv4('address', 'mip6.ipv4ha.ha', 'IPv4 home address', { doc: 'The IPv4 home address the LMA assigned.' }),
  ],
  {
    align: { x: 4, y: 0 },
    lengths: [6],
    spec: 'RFC 5844 §3.3.2',
    summary: (v) => `${IPV4_HOA_REPLY_STATUS_NAMES[v.status] ?? v.status} : ${v.address}`,
  },
);

/*
 * RFC 5844 §3.3.3, alignment 4n
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |         Reserved (R)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  IPv4 Default-Router Address                  |
 */
export const ipv4DefaultRouter = mobilityOption(
  38,
  'mip6.options.ipv4dra',
  'IPv4 Default-Router Address',
  [
    reserved('reserved', 'mip6.ipv4dra.reserved', 'Reserved', 2),
    ipv4('address', 'mip6.ipv4dra.dra', 'IPv4 Default-Router Address', {
      doc: 'The router address the MAG gives the mobile node (over DHCP) on its home IPv4 subnet.',
    }),
  ],
  { align: { x: 4, y: 0 }, lengths: [6], spec: 'RFC 5844 §3.3.3', summary: (v) => v.address },
);

/*
 * RFC 5844 §3.3.4, no alignment requirement
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |    Reserved (R)             |S|
 */
export const ipv4DhcpSupportMode = mobilityOption(
  39,
  'mip6.options.ipv4dsm',
  'IPv4 DHCP Support Mode',
  [
    bitfield('flags', 'mip6.ipv4dsm.flags', 'Flags', 16, [
      bits('rsv', 'mip6.ipv4dsm.reserved', 0xfffe, 'Reserved'),
      flag('s', 'mip6.ipv4dsm.s_flag', 0x0001, 'DHCP Support Mode (S)', {
        doc: 'Set: the MAG acts as the DHCP server for the mobile node; clear: it relays to one.',
      }),
    ]),
  ],
  { lengths: [2], spec: 'RFC 5844 §3.3.4' },
);
