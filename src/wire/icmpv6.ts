import {
  asBody,
  bind,
  bitfield,
  bits,
  bodyByType,
  bytes,
  checksum,
  flag,
  ipv6,
  message,
  optionList,
  pseudoHeaderChecksum,
  registerProtocol,
  Registry,
  u16,
  u32,
  u8,
  type BodyCodec,
  type LayerValue,
  type OptionValue,
} from './core';
import { quotedPacket, restData } from './icmp-common';
import { ndOptions, type NdOption } from './ndp';

/*
 * RFC 4443 §2.1 (ICMPv6), with the Neighbor Discovery messages of RFC 4861 §4:
 *
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Message Body                          |
 *
 * The checksum covers the IPv6 pseudo-header with Next Header 58 (RFC 4443 §2.3), so it proves
 * the addresses too. Errors (types below 128) quote as much of the offending packet as fits.
 */

export const ICMPV6_TYPE: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable',
  2: 'Packet Too Big',
  3: 'Time Exceeded',
  4: 'Parameter Problem',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  133: 'Router Solicitation',
  134: 'Router Advertisement',
  135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement',
  137: 'Redirect',
};

const ICMPV6_CODE: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: {
    0: 'no route to destination',
    1: 'communication with destination administratively prohibited',
    2: 'beyond scope of source address',
    3: 'Address unreachable',
    4: 'Port unreachable',
    5: 'source address failed ingress/egress policy',
    6: 'reject route to destination',
  },
  3: { 0: 'hop limit exceeded in transit', 1: 'fragment reassembly time exceeded' },
  4: { 0: 'erroneous header field encountered', 1: 'unrecognized Next Header type encountered', 2: 'unrecognized IPv6 option encountered' },
};

const reserved = () => bytes('reserved', 'icmpv6.reserved', 'Reserved', { size: 4 });
const quoted = () => quotedPacket('Invoking packet');
const options = () => optionList('options', 'icmpv6.opts', 'Options', ndOptions);

// RFC 4443 §3.1 / §3.3: | Unused (4) | As much of invoking packet as possible |
const error = message('icmpv6', 'Error', [reserved(), quoted()], { spec: 'RFC 4443 §3.1' });

// RFC 4443 §3.2: | MTU (4) | As much of invoking packet as possible |
const packetTooBig = message('icmpv6', 'Packet Too Big', [
  u32('mtu', 'icmpv6.mtu', 'MTU', { doc: 'The next link’s MTU: IPv6 routers never fragment, so the sender must send smaller packets.' }),
  quoted(),
], { spec: 'RFC 4443 §3.2' });

// RFC 4443 §3.4: | Pointer (4) | As much of invoking packet as possible |
const parameterProblem = message('icmpv6', 'Parameter Problem', [
  u32('pointer', 'icmpv6.pointer', 'Pointer', { doc: 'The octet of the invoking packet where the problem is.' }),
  quoted(),
], { spec: 'RFC 4443 §3.4' });

// RFC 4443 §4.1 / §4.2: | Identifier | Sequence Number | Data … |
const echo = message('icmpv6', 'Echo', [
  u16('ident', 'icmpv6.echo.identifier', 'Identifier', { hex: true, doc: 'Matches replies to the pinging process.' }),
  u16('seq', 'icmpv6.echo.sequence_number', 'Sequence', { doc: 'Counts the pings, so a reply names the request it answers.' }),
  restData('data', 'data.data', 'Data'),
], { spec: 'RFC 4443 §4.1' });

// RFC 4861 §4.1: | Reserved (4) | Options (Source link-layer address) |
const routerSolicitationBody = message('icmpv6', 'Router Solicitation', [reserved(), options()], { spec: 'RFC 4861 §4.1' });

/*
 * RFC 4861 §4.2 (H: RFC 6275 §7.1, Prf: RFC 4191 §2.2, P: RFC 4389 §4):
 * | Cur Hop Limit |M|O|H|Prf|P|R| Router Lifetime (2) |
 * | Reachable Time (4) | Retrans Timer (4) | Options … |
 */
const routerAdvertisementBody = message('icmpv6', 'Router Advertisement', [
  u8('curHopLimit', 'icmpv6.nd.ra.cur_hop_limit', 'Cur hop limit', { doc: 'The Hop Limit hosts should use; 0 leaves it to them.' }),
  bitfield('flags', 'icmpv6.nd.ra.flag', 'Flags', 8, [
    flag('m', 'icmpv6.nd.ra.flag.m', 0x80, 'Managed address configuration', { doc: 'Get addresses from DHCPv6; in PMIPv6 the MN’s policy profile decides.' }),
    flag('o', 'icmpv6.nd.ra.flag.o', 0x40, 'Other configuration', { doc: 'Get other settings (DNS…) from DHCPv6.' }),
    flag('h', 'icmpv6.nd.ra.flag.h', 0x20, 'Home Agent'),
    bits('prf', 'icmpv6.nd.ra.flag.prf', 0x18, 'Prf (Default Router Preference)', { values: { 0: 'Medium', 1: 'High', 2: 'Reserved', 3: 'Low' } }),
    flag('p', 'icmpv6.nd.ra.flag.p', 0x04, 'Proxy'),
    bits('rsv', 'icmpv6.nd.ra.flag.rsv', 0x03, 'Reserved'),
  ]),
  u16('routerLifetime', 'icmpv6.nd.ra.router_lifetime', 'Router lifetime (s)', { doc: 'Seconds hosts may use this router as default; 0 means not a default router.' }),
  u32('reachableTime', 'icmpv6.nd.ra.reachable_time', 'Reachable time (ms)', { default: 0 }),
  u32('retransTimer', 'icmpv6.nd.ra.retrans_timer', 'Retrans timer (ms)', { default: 0 }),
  options(),
], { spec: 'RFC 4861 §4.2' });

// RFC 4861 §4.3: | Reserved (4) | Target Address (16) | Options (Source link-layer address) |
const neighborSolicitationBody = message('icmpv6', 'Neighbor Solicitation', [
  reserved(),
  ipv6('target', 'icmpv6.nd.ns.target_address', 'Target Address', { doc: 'The address whose link-layer address is asked for (or checked for duplicates).' }),
  options(),
], { spec: 'RFC 4861 §4.3' });

// RFC 4861 §4.4: |R|S|O| Reserved (29 bits) | Target Address (16) | Options (Target link-layer address) |
const neighborAdvertisementBody = message('icmpv6', 'Neighbor Advertisement', [
  bitfield('flags', 'icmpv6.nd.na.flag', 'Flags', 32, [
    flag('r', 'icmpv6.nd.na.flag.r', 0x80000000, 'Router', { doc: 'The sender is a router.' }),
    flag('s', 'icmpv6.nd.na.flag.s', 0x40000000, 'Solicited', { doc: 'An answer to a Neighbor Solicitation (not unsolicited news).' }),
    flag('o', 'icmpv6.nd.na.flag.o', 0x20000000, 'Override', { doc: 'Replace the cached link-layer address with this one.' }),
    bits('rsv', 'icmpv6.nd.na.flag.rsv', 0x1fffffff, 'Reserved'),
  ]),
  ipv6('target', 'icmpv6.nd.na.target_address', 'Target Address'),
  options(),
], { spec: 'RFC 4861 §4.4' });

const other = message('icmpv6', 'Data', [restData('data', 'icmpv6.data', 'Data')], {
  spec: 'RFC 4443 §2.1',
  check: (_v, node) => {
    for (const c of node.children ?? []) c.raw = true;
  },
});

const bodies = new Registry<BodyCodec>('icmpv6.type');
bodies.bind(1, asBody(error));
bodies.bind(2, asBody(packetTooBig));
bodies.bind(3, asBody(error));
bodies.bind(4, asBody(parameterProblem));
bodies.bind(128, asBody(echo));
bodies.bind(129, asBody(echo));
bodies.bind(133, asBody(routerSolicitationBody));
bodies.bind(134, asBody(routerAdvertisementBody));
bodies.bind(135, asBody(neighborSolicitationBody));
bodies.bind(136, asBody(neighborAdvertisementBody));

const linkAddr = (m: Record<string, unknown>, type: number): string | undefined =>
  (m.options as OptionValue[] | undefined)?.find((o) => o.type === type)?.linkaddr as string | undefined;

function summary(m: Record<string, unknown>): string {
  const type = m.type as number;
  const name = ICMPV6_TYPE[type] ?? `Type ${type}`;
  const from = (t: number): string => (linkAddr(m, t) ? ` from ${linkAddr(m, t)}` : '');
  switch (type) {
    case 128:
    case 129:
      return `${name} id=0x${((m.ident as number | undefined) ?? 0).toString(16).padStart(4, '0')}, seq=${(m.seq as number | undefined) ?? 0}`;
    case 133:
    case 134:
      return `${name}${from(1)}`;
    case 135:
      return `${name} for ${m.target as string}${from(1)}`;
    case 136: {
      const f = (m.flags ?? {}) as { r?: boolean; s?: boolean; o?: boolean };
      const tags = [f.r && 'rtr', f.s && 'sol', f.o && 'ovr'].filter(Boolean).join(', ');
      const at = linkAddr(m, 2);
      return `${name} ${m.target as string}${tags ? ` (${tags})` : ''}${at ? ` is at ${at}` : ''}`;
    }
    default: {
      const code = ICMPV6_CODE[type]?.[(m.code as number | undefined) ?? 0];
      return code ? `${name} (${code})` : name;
    }
  }
}

export const icmpv6 = registerProtocol(
  message(
    'icmpv6',
    'Internet Control Message Protocol v6',
    [
      u8('type', 'icmpv6.type', 'Type', {
        display: (v) => `${ICMPV6_TYPE[v] ?? 'Unknown'} (${v})`,
        doc: 'Below 128 an error; 128/129 echo; 133–137 Neighbor Discovery.',
      }),
      u8('code', 'icmpv6.code', 'Code', { default: 0 }),
      checksum('checksum', 'icmpv6.checksum', 'Checksum', {
        compute: pseudoHeaderChecksum(58),
        spec: 'RFC 4443 §2.3',
        doc: 'Covers the message and the IPv6 pseudo-header (addresses, length, Next Header 58).',
      }),
      bodyByType((m) => m.type as number, bodies, asBody(other)),
    ],
    {
      layer: true,
      spec: 'RFC 4443 §2.1',
      summary: (v) => summary(v as Record<string, unknown>),
      check: (v, node) => {
        const c = node.children?.find((n) => n.name === 'icmpv6.code');
        const name = ICMPV6_CODE[v.type]?.[v.code ?? 0];
        if (c && name) c.display = `${v.code} (${name})`;
      },
    },
  ),
);

bind('ip.proto', 58, 'icmpv6');

// ---- Values for the machines -----------------------------------------------------------------

export type Icmpv6Message = LayerValue & { proto: 'icmpv6'; type: number; code?: number; checksum?: number; [field: string]: unknown };

export function icmpv6Echo(o: { reply?: boolean; ident: number; seq: number; data?: Uint8Array }): Icmpv6Message {
  return { proto: 'icmpv6', type: o.reply ? 129 : 128, ident: o.ident, seq: o.seq, ...(o.data ? { data: o.data } : {}) };
}

export function routerSolicitation(o: { options?: NdOption[] } = {}): Icmpv6Message {
  return { proto: 'icmpv6', type: 133, options: o.options ?? [] };
}

/** A Router Advertisement (RFC 4861 §4.2): what a MAG sends an attaching MN, with its home network prefix in a PIO. */
export function routerAdvertisement(o: {
  curHopLimit?: number;
  managed?: boolean;
  other?: boolean;
  routerLifetime: number;
  reachableTime?: number;
  retransTimer?: number;
  options?: NdOption[];
}): Icmpv6Message {
  return {
    proto: 'icmpv6',
    type: 134,
    curHopLimit: o.curHopLimit ?? 64,
    flags: { m: o.managed ?? false, o: o.other ?? false },
    routerLifetime: o.routerLifetime,
    reachableTime: o.reachableTime ?? 0,
    retransTimer: o.retransTimer ?? 0,
    options: o.options ?? [],
  };
}

export function neighborSolicitation(o: { target: string; options?: NdOption[] }): Icmpv6Message {
  return { proto: 'icmpv6', type: 135, target: o.target, options: o.options ?? [] };
}

export function neighborAdvertisement(o: { target: string; router?: boolean; solicited?: boolean; override?: boolean; options?: NdOption[] }): Icmpv6Message {
  return {
    proto: 'icmpv6',
    type: 136,
    flags: { r: o.router ?? false, s: o.solicited ?? false, o: o.override ?? false },
    target: o.target,
    options: o.options ?? [],
  };
}

/** An ICMPv6 error quoting `original`: Destination Unreachable (1), Packet Too Big (2, with `mtu`), Time Exceeded (3). */
export function icmpv6Error(o: { type: 1 | 2 | 3; code?: number; original: LayerValue | Uint8Array; mtu?: number }): Icmpv6Message {
  return { proto: 'icmpv6', type: o.type, code: o.code ?? 0, quoted: o.original, ...(o.type === 2 ? { mtu: o.mtu ?? 1280 } : {}) };
}
