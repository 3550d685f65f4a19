import {
  bind,
  bytes,
  bytesToText,
  hexN,
  ipv4,
  length,
  message,
  optionList,
  registerProtocol,
  Registry,
  u16,
  u8,
  when,
  type AnyField,
  type Codec,
  type OptionFamily,
  type OptionValue,
} from './core';

/*
 * The IP Control Protocol, RFC 1332 §2 with the packet format of RFC 1661 §5:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Code      |  Identifier   |            Length             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Options (Configure-*) or Data (Terminate-*, Code-Reject) ...
 *  +-+-+-+-+-+-+-+-+
 *
 * Each option is Type(1) Length(1, the whole option) Data (RFC 1661 §6). PMIPv4's PPP path
 * (RFC 5563 §4) uses it to hand out the home address: the mobile node asks for 0.0.0.0 in a
 * Configure-Request, the PMA answers Configure-Nak with the home address, the node asks again
 * with that address, and the PMA sends Configure-Ack.
 *
 * tshark shows the header with the generic PPP names (`ppp.code`, `ppp.identifier`,
 * `ppp.length`) and each option as a small protocol named `ipcp.opt.*` whose value is its bytes.
 */

/** RFC 1661 §5 codes (IPCP uses 1–7, RFC 1332 §2). */
export const IPCP_CODE = {
  ConfigureRequest: 1,
  ConfigureAck: 2,
  ConfigureNak: 3,
  ConfigureReject: 4,
  TerminateRequest: 5,
  TerminateAck: 6,
  CodeReject: 7,
} as const;

export const ipcpCodeNames: Readonly<Record<number, string>> = {
  1: 'Configure-Request',
  2: 'Configure-Ack',
  3: 'Configure-Nak',
  4: 'Configure-Reject',
  5: 'Terminate-Request',
  6: 'Terminate-Ack',
  7: 'Code-Reject',
};

/** IPCP option types (IANA "PPP IPCP Configuration Option Types"). */
export const IPCP_OPTION = {
  IpCompressionProtocol: 2,
  IpAddress: 3,
  MobileIpv4: 4,
  PrimaryDns: 129,
  PrimaryNbns: 130,
  SecondaryDns: 131,
  SecondaryNbns: 132,
} as const;

const optionNames: Readonly<Record<number, string>> = {
  1: 'IP-Addresses (deprecated)',
  2: 'IP-Compression-Protocol',
  3: 'IP-Address',
  4: 'Mobile-IPv4',
  129: 'Primary DNS Server Address',
  130: 'Primary NBNS Server Address',
  131: 'Secondary DNS Server Address',
  132: 'Secondary NBNS Server Address',
};

const typeField = u8('type', 'ipcp.opt.type', 'Type', { values: optionNames });
const lengthField = length('length', 'ipcp.opt.length', 'Length', 8, { bounds: true, doc: 'Octets in the whole option.' });

/** One IPCP option as tshark shows it: a node named `name` whose value is the option's bytes. */
function option<const Fs extends readonly AnyField[]>(name: string, label: string, spec: string, fields: Fs) {
  return message(name, label, [typeField, lengthField, ...fields], {
    spec,
    trailing: 'problem',
    check: (_v, node, ctx) => {
      node.value = bytesToText(ctx.frame.subarray(node.start, node.end));
    },
  });
}

function addressOption(name: string, label: string, field: string, spec: string, doc: string): Codec<OptionValue> {
  return option(name, label, spec, [ipv4('address', field, label, { doc })]) as unknown as Codec<OptionValue>;
}

const registry = new Registry<Codec<OptionValue>>('ipcp.option');
registry.bind(
  IPCP_OPTION.IpCompressionProtocol,
  option('ipcp.opt.compress', 'IP-Compression-Protocol', 'RFC 1332 §3.2', [
    u16('protocol', 'ipcp.opt.compress_proto', 'IP-Compression-Protocol', {
      display: (v) => `${v === 0x002d ? 'Van Jacobson compressed TCP/IP' : v === 0x0061 ? 'IP header compression' : 'Unknown'} (${hexN(v, 2)})`,
    }),
    bytes('data', 'ipcp.opt.compress.data', 'Data', { doc: 'Parameters of the compression protocol, kept as bytes.' }),
  ]) as unknown as Codec<OptionValue>,
);
registry.bind(
  IPCP_OPTION.IpAddress,
  addressOption('ipcp.opt.addr', 'IP-Address', 'ipcp.opt.ip_address', 'RFC 1332 §3.3',
    'The sender\'s address; 0.0.0.0 asks the peer to assign one, which it does with a Configure-Nak.'),
);
registry.bind(
  IPCP_OPTION.MobileIpv4,
  addressOption('ipcp.opt.mobileipv4', 'Mobile-IPv4', 'ipcp.opt.mobilenodehomeaddress', 'RFC 2290 §2',
    'The mobile node\'s home address, so the link does not reassign it.'),
);
registry.bind(
  IPCP_OPTION.PrimaryDns,
  addressOption('ipcp.opt.pri_dns', 'Primary DNS Server Address', 'ipcp.opt.pri_dns_address', 'RFC 1877 §1.1', 'A DNS server for the peer to use.'),
);
registry.bind(
  IPCP_OPTION.PrimaryNbns,
  addressOption('ipcp.opt.pri_nbns', 'Primary NBNS Server Address', 'ipcp.opt.pri_nbns_address', 'RFC 1877 §1.2', 'A NetBIOS name server.'),
);
registry.bind(
  IPCP_OPTION.SecondaryDns,
  addressOption('ipcp.opt.sec_dns', 'Secondary DNS Server Address', 'ipcp.opt.sec_dns_address', 'RFC 1877 §1.3', 'A second DNS server.'),
);
registry.bind(
  IPCP_OPTION.SecondaryNbns,
  addressOption('ipcp.opt.sec_nbns', 'Secondary NBNS Server Address', 'ipcp.opt.sec_nbns_address', 'RFC 1877 §1.4', 'A second NetBIOS name server.'),
);

/** tshark shows unknown options as unnamed text; our names for them are ours. */
const unknownOption = option('ipcp.opt.unknown', 'Unknown option', 'RFC 1661 §6', [
  bytes('data', 'ipcp.opt.unknown.data', 'Data'),
]) as unknown as Codec<OptionValue>;

export const ipcpOptions: OptionFamily = {
  id: 'ipcp.opt',
  registry,
  unknown: unknownOption,
  spec: 'RFC 1661 §6',
  // Length counts the Type and Length octets; less than 2 cannot be walked over.
  sizeAt: (cur) => {
    const len = cur.peekU8(1);
    return len === undefined || len < 2 ? undefined : len;
  },
};

const isConfigure = (m: Record<string, unknown>): boolean => {
  const code = m.code as number | undefined;
  return code !== undefined && code >= 1 && code <= 4;
};

export const ipcp = registerProtocol(
  message(
    'ipcp',
    'PPP IP Control Protocol',
    [
      u8('code', 'ppp.code', 'Code', { values: ipcpCodeNames, doc: 'Configure-Request 1, -Ack 2, -Nak 3, -Reject 4, Terminate 5/6.' }),
      u8('identifier', 'ppp.identifier', 'Identifier', {
        display: (v) => `${v} (${hexN(v, 1)})`,
        doc: 'Matches a reply to its request.',
      }),
      length('length', 'ppp.length', 'Length', 16, { bounds: true, doc: 'Octets in the whole packet, Code to the end of the data.' }),
      when(isConfigure, optionList('options', 'ipcp.options', 'Options', ipcpOptions)),
      when((m, remaining) => !isConfigure(m) && remaining !== 0, bytes('data', 'ppp.data', 'Data')),
    ],
    {
      layer: true,
      spec: 'RFC 1332 §2, RFC 1661 §5',
      summary: (v) => {
        const address = v.options?.find((o) => o.type === IPCP_OPTION.IpAddress)?.address as string | undefined;
        return `${ipcpCodeNames[v.code] ?? `Code ${v.code}`} id=${v.identifier}${address ? ` IP-Address=${address}` : ''}`;
      },
    },
  ),
);

bind('ppp.protocol', 0x8021, 'ipcp');

/** An IPCP option item for `ipcpPacket`, e.g. `ipcpOption.ipAddress('0.0.0.0')`. */
export const ipcpOption = {
  ipAddress: (address: string): OptionValue => ({ type: IPCP_OPTION.IpAddress, address }),
  primaryDns: (address: string): OptionValue => ({ type: IPCP_OPTION.PrimaryDns, address }),
  secondaryDns: (address: string): OptionValue => ({ type: IPCP_OPTION.SecondaryDns, address }),
  mobileIpv4: (address: string): OptionValue => ({ type: IPCP_OPTION.MobileIpv4, address }),
};

/** An IPCP packet (length computed): `pppFrame(ipcpPacket({ code: 1, id: 1, options: [ipcpOption.ipAddress('0.0.0.0')] }))`. */
export type IpcpValue = (typeof ipcp extends Codec<infer T> ? T : never) & { proto: 'ipcp' };

export function ipcpPacket(o: { code: number; id: number; options?: OptionValue[]; data?: Uint8Array }): IpcpValue {
  return {
    proto: 'ipcp',
    code: o.code,
    identifier: o.id,
    ...(o.options ? { options: o.options } : {}),
    ...(o.data ? { data: o.data } : {}),
  };
}
