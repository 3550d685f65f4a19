import {
  bytes, ipv4, length, message, optionList, Registry, sized, u32, u8, utf8,
  type AnyField, type Codec, type Field, type OptionFamily, type OptionValue, type SizedRule,
} from './core';
import { clientIdentifier, code, codeList, ipv4List, secondsText } from './dhcpv4-fields';

/*
 * DHCP options (RFC 2132 §2, RFC 2131 §4.1): Code(1) Len(1) Data(Len), except Pad (0) and End
 * (255), which are one octet. Wireshark names each option node `dhcp.option.type` (its value is
 * the code) with `dhcp.option.length` and the decoded value under it.
 *
 *   Code   Len   Data
 *  +-----+-----+-----+-----+---
 *  |  c  |  n  |  d1 |  d2 | ...
 *  +-----+-----+-----+-----+---
 */

/** Option 53 values (RFC 2132 §9.6; 9 RFC 3203; 10–13 RFC 4388), with Wireshark's names. */
export const DHCP_MESSAGE_TYPES: Readonly<Record<number, string>> = Object.fromEntries(
  ['Discover', 'Offer', 'Request', 'Decline', 'ACK', 'NAK', 'Release', 'Inform', 'Force Renew', 'Lease query', 'Lease Unassigned', 'Lease Unknown', 'Lease Active'].map(
    (n, i) => [i + 1, n],
  ),
);

/** Option names as Wireshark shows them (IANA "BOOTP Vendor Extensions and DHCP Options"). */
export const DHCP_OPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'Padding', 1: 'Subnet Mask', 2: 'Time Offset', 3: 'Router', 6: 'Domain Name Server', 12: 'Host Name', 15: 'Domain Name',
  26: 'Interface MTU', 28: 'Broadcast Address', 42: 'Network Time Protocol Servers', 43: 'Vendor-Specific Information',
  50: 'Requested IP Address', 51: 'IP Address Lease Time', 53: 'DHCP Message Type', 54: 'DHCP Server Identifier',
  55: 'Parameter Request List', 57: 'Maximum DHCP Message Size', 58: 'Renewal Time Value', 59: 'Rebinding Time Value',
  60: 'Vendor class identifier', 61: 'Client identifier', 82: 'Agent Information Option', 119: 'Domain Search',
  121: 'Classless Static Route', 255: 'End',
};

type Msg = Record<string, unknown>;

const exactly = (n: number): SizedRule => ({
  fits: (k) => k === n,
  expect: `${n} octet${n === 1 ? '' : 's'}`,
  rawName: 'dhcp.option.value',
  problem: 'dhcp.option.len.invalid',
});
const quads: SizedRule = { ...exactly(4), fits: (k) => k >= 4 && k % 4 === 0, expect: 'a non-zero multiple of 4 octets' };
const some: SizedRule = { ...exactly(1), fits: (k) => k >= 1, expect: 'at least 1 octet' };

export const dhcpOptionCodecs = new Registry<Codec<OptionValue>>('dhcp.option');

interface OptionDoc {
  spec: string;
  doc?: string;
  /** What Wireshark appends to the option line: `(Discover)`, `(10.0.0.5)`. */
  brief?: (v: Msg) => string | undefined;
}

/** One option's codec: code, length and `fields`; Pad and End are one octet, read by their single field. */
function option(typeCode: number, label: string, fields: readonly AnyField[], o: OptionDoc): Codec<OptionValue> {
  const oneOctet = typeCode === 0 || typeCode === 255;
  const head = oneOctet ? [] : [code(label), length('len', 'dhcp.option.length', 'Length', 8, { from: 'next' })];
  const codec = message('dhcp.option.type', label, [...head, ...fields], {
    spec: o.spec,
    ...(o.doc ? { doc: o.doc } : {}),
    summary: (v) => {
      const extra = v.raw === undefined ? o.brief?.(v) : undefined;
      return `Option: (${typeCode}) ${label}${extra === undefined ? '' : ` (${extra})`}`;
    },
    check: (_v, node) => {
      node.value = typeCode;
    },
  }) as unknown as Codec<OptionValue>;
  dhcpOptionCodecs.bind(typeCode, codec);
  return codec;
}

const addressBrief = (v: Msg): string | undefined => v.value as string | undefined;

option(0, 'Padding', [u8('type', 'dhcp.option.padding', 'Padding', { display: () => '00' })], {
  spec: 'RFC 2132 §3.1',
  doc: 'One octet of zero that aligns the next option; it has no length octet.',
});
option(255, 'End', [u8('type', 'dhcp.option.end', 'Option End')], {
  spec: 'RFC 2132 §3.2',
  doc: 'Marks the end of the options; any octets after it are padding.',
});
option(1, 'Subnet Mask', [sized(ipv4('value', 'dhcp.option.subnet_mask', 'Subnet Mask'), exactly(4))], {
  spec: 'RFC 2132 §3.3',
  brief: addressBrief,
});
option(3, 'Router', [sized(ipv4List('value', 'dhcp.option.router', 'Router'), quads)], {
  spec: 'RFC 2132 §3.5',
  doc: 'Routers on the client’s subnet, most preferred first: the default gateway.',
});
option(6, 'Domain Name Server', [sized(ipv4List('value', 'dhcp.option.domain_name_server', 'Domain Name Server'), quads)], {
  spec: 'RFC 2132 §3.8',
});
option(12, 'Host Name', [utf8('value', 'dhcp.option.hostname', 'Host Name')], { spec: 'RFC 2132 §3.14' });
option(50, 'Requested IP Address', [sized(ipv4('value', 'dhcp.option.requested_ip_address', 'Requested IP Address'), exactly(4))], {
  spec: 'RFC 2132 §9.1',
  doc: 'The address the client asks for: in a Request it names the address from the chosen Offer.',
  brief: addressBrief,
});
option(
  51,
  'IP Address Lease Time',
  [sized(u32('value', 'dhcp.option.ip_address_lease_time', 'IP Address Lease Time', { display: secondsText }), exactly(4))],
  { spec: 'RFC 2132 §9.2', doc: 'How long the client may use the address, in seconds.' },
);
option(53, 'DHCP Message Type', [sized(u8('value', 'dhcp.option.dhcp', 'DHCP', { values: DHCP_MESSAGE_TYPES }), exactly(1))], {
  spec: 'RFC 2132 §9.6',
  doc: 'Makes a BOOTP message a DHCP one and says which step of the exchange it is.',
  brief: (v) => (typeof v.value === 'number' ? (DHCP_MESSAGE_TYPES[v.value] ?? 'Unknown') : undefined),
});
option(54, 'DHCP Server Identifier', [sized(ipv4('value', 'dhcp.option.dhcp_server_id', 'DHCP Server Identifier'), exactly(4))], {
  spec: 'RFC 2132 §9.7',
  doc: 'The server’s address: a Request names the server whose Offer the client took.',
  brief: addressBrief,
});
option(55, 'Parameter Request List', [sized(codeList('value', 'dhcp.option.request_list_item', 'Parameter Request List Item', DHCP_OPTION_NAMES), some)], {
  spec: 'RFC 2132 §9.8',
  doc: 'The option codes the client wants in the reply.',
});
option(58, 'Renewal Time Value', [sized(u32('value', 'dhcp.option.renewal_time_value', 'Renewal Time Value', { display: secondsText }), exactly(4))], {
  spec: 'RFC 2132 §9.11',
  doc: 'T1: when the client starts renewing with its server (RFC 2131 §4.4.5), in seconds.',
});
option(
  59,
  'Rebinding Time Value',
  [sized(u32('value', 'dhcp.option.rebinding_time_value', 'Rebinding Time Value', { display: secondsText }), exactly(4))],
  { spec: 'RFC 2132 §9.12', doc: 'T2: when the client broadcasts to any server to extend its lease, in seconds.' },
);
option(61, 'Client identifier', [clientIdentifier()], {
  spec: 'RFC 2132 §9.14',
  doc: 'A key for the client’s lease: a type octet (1 = Ethernet) and, for Ethernet, its MAC address.',
});

/*
 * Option 82, Relay Agent Information (RFC 3046 §2.0): sub-options SubOpt(1) Len(1) Value, added by
 * a relay (the MAG, RFC 5844 §3.4) and echoed back by the server.
 */
export const agentSubOptionCodecs = new Registry<Codec<OptionValue>>('dhcp.option.agent_information_option');

function subOption(subCode: number | undefined, label: string, value: AnyField, spec: string): Codec<OptionValue> {
  const tagField: Field<'type', number, false> = { ...code(label), name: 'dhcp.option.agent_information_option.suboption' };
  const codec = message(
    'dhcp.option.agent_information_option.suboption',
    label,
    [tagField, length('len', 'dhcp.option.suboption_length', 'Length', 8, { from: 'next' }), value],
    {
      spec,
      summary: (v) => `Option 82 Suboption: (${v.type}) ${label}`,
      check: (v, node) => {
        node.value = v.type;
      },
    },
  ) as unknown as Codec<OptionValue>;
  if (subCode !== undefined) agentSubOptionCodecs.bind(subCode, codec);
  return codec;
}

subOption(
  1,
  'Agent Circuit ID',
  bytes('value', 'dhcp.option.agent_information_option.agent_circuit_id', 'Agent Circuit ID', {
    doc: 'The circuit the request came in on, as the relay names it: the MAG’s access link.',
  }),
  'RFC 3046 §3.1',
);
subOption(
  2,
  'Agent Remote ID',
  bytes('value', 'dhcp.option.agent_information_option.agent_remote_id', 'Agent Remote ID', {
    doc: 'The remote end of the circuit, e.g. the mobile node’s identifier.',
  }),
  'RFC 3046 §3.2',
);

/** TLV lists whose items are Code(1) Len(1) Value(Len). */
const tlvSize = (cur: { peekU8(offset?: number): number | undefined }): number | undefined => {
  const len = cur.peekU8(1);
  return len === undefined ? undefined : 2 + len;
};

const agentFamily: OptionFamily = {
  id: 'dhcp.option.agent_information_option',
  registry: agentSubOptionCodecs,
  unknown: subOption(undefined, 'Unknown', bytes('value', 'dhcp.option.agent_information_option.value', 'Value'), 'RFC 3046 §2.0'),
  sizeAt: tlvSize,
  flat: true,
  spec: 'RFC 3046 §2.0',
};

option(82, 'Agent Information Option', [optionList('value', 'dhcp.option.agent_information_option', 'Agent Information', agentFamily)], {
  spec: 'RFC 3046 §2.0',
  doc: 'Added by a relay agent (here the MAG) so the server knows where the client is; the server echoes it back.',
});

/** The option list of a DHCP message: stop after End; options are children of the message. */
export const dhcpOptionFamily: OptionFamily = {
  id: 'dhcp.option',
  registry: dhcpOptionCodecs,
  unknown: message(
    'dhcp.option.type',
    'Option',
    [code('Option'), length('len', 'dhcp.option.length', 'Length', 8, { from: 'next' }), bytes('value', 'dhcp.option.value', 'Value')],
    {
      summary: (v) => `Option: (${v.type}) ${DHCP_OPTION_NAMES[v.type] ?? 'Unassigned'}`,
      check: (v, node) => {
        node.value = v.type;
      },
    },
  ) as unknown as Codec<OptionValue>,
  sizeAt: (cur) => {
    const t = cur.peekU8();
    return t === 0 || t === 255 ? 1 : tlvSize(cur);
  },
  last: (type) => type === 255,
  flat: true,
  spec: 'RFC 2131 §4.1, RFC 2132 §2',
};
