import {
  asBody,
  bind,
  bodyByType,
  bytes,
  derived,
  ipv6,
  ipv6FromText,
  length,
  message,
  optionList,
  packed,
  payload,
  registerProtocol,
  Registry,
  u32,
  u8,
  within,
  type BodyCodec,
  type DecodeContext,
  type EncodeContext,
  type FieldNode,
  type LayerValue,
  type OptionValue,
  type PseudoHeader,
} from './core';
import { IP_PROTOCOL, nextProtocol } from './ip-numbers';
import { ipv6Options, type Ipv6Option } from './ipv6-opts';

/*
 * IPv6 extension headers (RFC 8200 §4), each a layer chained through its Next Header. The
 * Hop-by-Hop, Destination Options and Routing headers share their first two octets:
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  …  (Hdr Ext Len + 1) × 8 octets in all
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The upper layer's checksum covers the IPv6 pseudo-header (RFC 8200 §8.1) with the final
 * destination (a Routing header's last address while segments are left) and, for a mobile node
 * away from home, the home address of its Home Address option as the source (RFC 6275 §6.1.1,
 * §11.3.1). Each header passes that pseudo-header on.
 */

type Msg = Record<string, unknown>;
type Ext = 'hopopts' | 'dstopts' | 'routing';

const nxt = (p: string) =>
  derived(8, 'nxt', `ipv6.${p}.nxt`, p === 'fraghdr' ? 'Next header' : 'Next Header', nextProtocol, {
    display: (v) => `${IP_PROTOCOL[v] ?? 'Unknown'} (${v})`,
  });
const len = (p: Ext) =>
  length('len', `ipv6.${p}.len`, 'Length', 8, {
    unit: 8,
    adjust: -1,
    to: 'payload',
    doc: 'The header’s size in 8-octet units, not counting the first 8 octets.',
  });
const hdrBytes = (m: Msg): number => (typeof m.len === 'number' ? (m.len + 1) * 8 : 0);

/** tshark's `len_oct`: the length in octets, as a generated item on the length octet. */
const lenOct = (p: Ext) => (v: { len?: number | undefined }, node: FieldNode): void => {
  const n = node.children?.find((c) => c.name === `ipv6.${p}.len`);
  if (!n || v.len === undefined) return;
  const octets = (v.len + 1) * 8;
  n.children = [{ name: `ipv6.${p}.len_oct`, label: 'Length', start: n.start, end: n.end, value: octets, display: `${octets} bytes`, generated: true }];
};

/** Pass the pseudo-header on, with the addresses this header changes. */
const passOn = (adjust?: (p: PseudoHeader, m: Msg) => PseudoHeader) => (m: Msg, ctx: DecodeContext | EncodeContext) =>
  ctx.pseudo ? { pseudo: adjust ? adjust(ctx.pseudo, m) : ctx.pseudo } : {};

const next = (m: Msg): number => m.nxt as number;

// RFC 8200 §4.3 / §4.6: | Next Header | Hdr Ext Len | Options … |
const optionsHeader = (p: 'hopopts' | 'dstopts', label: string, spec: string, adjust?: (ph: PseudoHeader, m: Msg) => PseudoHeader) =>
  registerProtocol(
    message(
      `ipv6.${p}`,
      label,
      [
        nxt(p),
        len(p),
        within(optionList('options', `ipv6.${p}.options`, 'Options', ipv6Options), (m) => hdrBytes(m) - 2),
        payload('ip.proto', next, { inner: passOn(adjust) }),
      ],
      { layer: true, spec, summary: () => label, check: lenOct(p) },
    ),
  );

export const hopByHop = optionsHeader('hopopts', 'IPv6 Hop-by-Hop Option', 'RFC 8200 §4.3');

/** RFC 6275 §11.3.1: with a Home Address option the upper layer sums over the home address as source. */
export const destinationOptions = optionsHeader('dstopts', 'Destination Options for IPv6', 'RFC 8200 §4.6', (ph, m) => {
  const hao = (m.options as OptionValue[] | undefined)?.find((o) => o.type === 0xc9);
  return typeof hao?.homeAddress === 'string' ? { ...ph, src: ipv6FromText(hao.homeAddress) } : ph;
});

/*
 * RFC 8200 §4.4, and the type 2 Routing header of RFC 6275 §6.4:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  | Routing Type=2|Segments Left=1|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Reserved                           |
 * |                         Home Address (16)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Other routing types keep their type-specific data raw.
 */
const type2 = message('ipv6.routing', 'Type 2 Routing', [
  bytes('reserved', 'ipv6.routing.mipv6.reserved', 'Reserved', { size: 4 }),
  ipv6('homeAddress', 'ipv6.routing.mipv6.home_address', 'Home Address', {
    doc: 'A correspondent sends to the mobile node’s care-of address and names its home address here.',
  }),
], { spec: 'RFC 6275 §6.4' });

const otherRouting = message('ipv6.routing', 'Type-specific data', [bytes('data', 'ipv6.routing.unknown_data', 'Type-specific data')], {
  spec: 'RFC 8200 §4.4',
  check: (_v, node) => {
    for (const c of node.children ?? []) c.raw = true;
  },
});

const routingTypes = new Registry<BodyCodec>('ipv6.routing.type');
routingTypes.bind(2, asBody(type2));

export const ROUTING_TYPE: Readonly<Record<number, string>> = {
  0: 'Source Route',
  2: 'Type 2 Routing',
  3: 'RPL Source Route',
  4: 'Segment Routing',
};

export const routing = registerProtocol(
  message(
    'ipv6.routing',
    'Routing Header for IPv6',
    [
      nxt('routing'),
      len('routing'),
      u8('type', 'ipv6.routing.type', 'Type', { values: ROUTING_TYPE }),
      u8('segleft', 'ipv6.routing.segleft', 'Segments Left', { doc: 'Route segments still to visit before the final destination.' }),
      bodyByType((m) => m.type as number, routingTypes, asBody(otherRouting), { size: (m) => hdrBytes(m) - 4 }),
      payload('ip.proto', next, {
        // RFC 8200 §8.1: while segments are left, the final destination is the last routing address.
        inner: passOn((ph, m) => (m.type === 2 && (m.segleft as number) > 0 && typeof m.homeAddress === 'string' ? { ...ph, dst: ipv6FromText(m.homeAddress) } : ph)),
      }),
    ],
    { layer: true, spec: 'RFC 8200 §4.4', summary: (v) => `Routing Header for IPv6 (${ROUTING_TYPE[v.type] ?? `Type ${v.type}`})`, check: lenOct('routing') },
  ),
);

/*
 * RFC 8200 §4.5:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Only the first fragment (offset 0) holds the next header; later ones are shown as data.
 */
const fragOf = (m: Msg): { offset?: number; more?: boolean } => (m.fo ?? {}) as { offset?: number; more?: boolean };

export const fragment = registerProtocol(
  message(
    'ipv6.fraghdr',
    'Fragment Header for IPv6',
    [
      nxt('fraghdr'),
      u8('reserved', 'ipv6.fraghdr.reserved_octet', 'Reserved octet', { default: 0, hex: true }),
      packed('fo', 'Offset and flags', 16, [
        { key: 'offset', name: 'ipv6.fraghdr.offset', label: 'Offset', mask: 0xfff8, display: (v) => `${v} (${v * 8} bytes)`, doc: 'Where this fragment’s data goes, in 8-octet units.' },
        { key: 'res', name: 'ipv6.fraghdr.reserved_bits', label: 'Reserved bits', mask: 0x0006 },
        { key: 'more', name: 'ipv6.fraghdr.more', label: 'More Fragments', mask: 0x0001, flag: true },
      ]),
      u32('ident', 'ipv6.fraghdr.ident', 'Identification', { default: 0, hex: true }),
      payload('ip.proto', (m) => ((fragOf(m).offset ?? 0) > 0 ? undefined : (m.nxt as number)), {
        inner: passOn(),
        incomplete: (m) => fragOf(m).more === true || (fragOf(m).offset ?? 0) > 0,
      }),
    ],
    {
      layer: true,
      spec: 'RFC 8200 §4.5',
      summary: (v) => `IPv6 fragment (off=${(v.fo?.offset ?? 0) * 8} more=${v.fo?.more ? 'y' : 'n'} ident=${`0x${(v.ident ?? 0).toString(16).padStart(8, '0')}`} nxt=${v.nxt})`,
    },
  ),
);

bind('ip.proto', 0, 'ipv6.hopopts');
bind('ip.proto', 43, 'ipv6.routing');
bind('ip.proto', 44, 'ipv6.fraghdr');
bind('ip.proto', 60, 'ipv6.dstopts');

export type Ipv6ExtensionHeader =
  | (LayerValue & { proto: 'ipv6.hopopts' | 'ipv6.dstopts'; options: Ipv6Option[]; payload?: LayerValue })
  | (LayerValue & { proto: 'ipv6.routing'; type: 2; segleft: number; homeAddress: string; payload?: LayerValue })
  | (LayerValue & { proto: 'ipv6.fraghdr'; nxt?: number; fo: { offset: number; more: boolean }; ident: number; payload?: LayerValue });
