import {
  bitfield,
  bits,
  bytesToText,
  flag,
  ipv6,
  length,
  mac,
  message,
  Registry,
  u32,
  u8,
  type Codec,
  type Field,
  type OptionFamily,
  type OptionValue,
} from './core';
import { restData } from './icmp-common';

/*
 * Neighbor Discovery options (RFC 4861 §4.6):
 *
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |              ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Length counts the whole option in units of 8 octets; 0 is invalid (RFC 4861 §4.6: "Nodes MUST
 * silently discard an ND packet that contains an option with length zero").
 */

export const ND_OPTION: Readonly<Record<number, string>> = {
  1: 'Source link-layer address',
  2: 'Target link-layer address',
  3: 'Prefix information',
  4: 'Redirected header',
  5: 'MTU',
};

const optType = () => u8('type', 'icmpv6.opt.type', 'Type', { values: ND_OPTION });
const optLen = () =>
  length('length', 'icmpv6.opt.length', 'Length', 8, {
    unit: 8,
    display: (v) => `${v} (${v * 8} bytes)`,
    doc: 'The whole option in units of 8 octets.',
  });

/** Reserved octets that tshark shows as a valueless item (`icmpv6.opt.reserved`); sent as zeros unless given. */
function reservedNone<K extends string>(key: K, size: number): Field<K, Uint8Array, true> {
  return {
    key,
    name: 'icmpv6.opt.reserved',
    label: 'Reserved',
    optional: true,
    kind: { t: 'bytes', size },
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const b = cur.bytesOf(size, 'Reserved');
      if (!b) return undefined;
      msg[key] = b.slice();
      scope.spans.set(key, { start, end: cur.pos });
      return { name: 'icmpv6.opt.reserved', label: 'Reserved', start, end: cur.pos, value: null, display: bytesToText(b) };
    },
    encode(w, msg) {
      const b = msg[key] as Uint8Array | undefined;
      w.bytes(b && b.length === size ? b : new Uint8Array(size));
    },
  };
}

const label = (name: string, detail: string): string => `ICMPv6 Option (${name}${detail ? ` : ${detail}` : ''})`;

// RFC 4861 §4.6.1: | Type=1 or 2 | Length=1 | Link-Layer Address (6 for Ethernet) |
const linkLayer = (type: 1 | 2) =>
  message('icmpv6.opt', ND_OPTION[type]!, [optType(), optLen(), mac('linkaddr', 'icmpv6.opt.linkaddr', 'Link-layer address', {
    doc: type === 1 ? 'The sender’s MAC, so the receiver can answer without asking.' : 'The MAC that the target address resolves to.',
  })], {
    spec: 'RFC 4861 §4.6.1',
    summary: (v) => label(ND_OPTION[type]!, v.linkaddr),
  });

/*
 * RFC 4861 §4.6.2 (R flag: RFC 6275 §7.2):
 * | Type=3 | Length=4 | Prefix Length |L|A|R|Reserved1|
 * | Valid Lifetime (4) | Preferred Lifetime (4) | Reserved2 (4) | Prefix (16) |
 */
const lifetime = (v: number): string => (v === 0xffffffff ? 'Infinity (4294967295)' : String(v));
export const prefixInformation = message('icmpv6.opt', 'Prefix information', [
  optType(),
  optLen(),
  u8('prefixLength', 'icmpv6.opt.prefix.length', 'Prefix Length', { doc: 'How many leading bits of the prefix are significant (64 for SLAAC).' }),
  bitfield('flags', 'icmpv6.opt.prefix.flag', 'Flag', 8, [
    flag('l', 'icmpv6.opt.prefix.flag.l', 0x80, 'On-link flag(L)', { doc: 'Addresses with this prefix are on this link: send to them directly.' }),
    flag('a', 'icmpv6.opt.prefix.flag.a', 0x40, 'Autonomous address-configuration flag(A)', { doc: 'Hosts may form their own address from this prefix (SLAAC).' }),
    flag('r', 'icmpv6.opt.prefix.flag.r', 0x20, 'Router address flag(R)'),
    bits('reserved', 'icmpv6.opt.prefix.flag.reserved', 0x1f, 'Reserved'),
  ]),
  u32('valid', 'icmpv6.opt.prefix.valid_lifetime', 'Valid Lifetime', { display: lifetime, doc: 'Seconds the prefix stays valid for on-link use; all ones is forever.' }),
  u32('preferred', 'icmpv6.opt.prefix.preferred_lifetime', 'Preferred Lifetime', { display: lifetime, doc: 'Seconds addresses from it stay preferred for new connections.' }),
  reservedNone('reserved2', 4),
  ipv6('prefix', 'icmpv6.opt.prefix', 'Prefix', { doc: 'In PMIPv6 this is the mobile node’s home network prefix, the same on every MAG.' }),
], {
  spec: 'RFC 4861 §4.6.2',
  summary: (v) => label('Prefix information', `${v.prefix}/${v.prefixLength}`),
});

// RFC 4861 §4.6.4: | Type=5 | Length=1 | Reserved (2) | MTU (4) |
export const mtuOption = message('icmpv6.opt', 'MTU', [optType(), optLen(), reservedNone('reserved', 2), u32('mtu', 'icmpv6.opt.mtu', 'MTU', { doc: 'The link MTU hosts should use.' })], {
  spec: 'RFC 4861 §4.6.4',
  summary: (v) => label('MTU', String(v.mtu)),
});

const unknownOption = message('icmpv6.opt', 'Unknown option', [optType(), optLen(), restData('data', 'icmpv6.data', 'Data')], {
  spec: 'RFC 4861 §4.6',
  summary: (v) => label(`Unknown ${v.type}`, ''),
  check: (_v, node) => {
    node.raw = true;
  },
});

const as = <T>(c: Codec<T>): Codec<OptionValue> => c as unknown as Codec<OptionValue>;
const registry = new Registry<Codec<OptionValue>>('icmpv6.opt');
registry.bind(1, as(linkLayer(1)));
registry.bind(2, as(linkLayer(2)));
registry.bind(3, as(prefixInformation));
registry.bind(5, as(mtuOption));

export const ndOptions: OptionFamily = {
  id: 'icmpv6.opt',
  registry,
  unknown: as(unknownOption),
  flat: true,
  spec: 'RFC 4861 §4.6',
  sizeAt(cur) {
    const len = cur.peekU8(1);
    return len === undefined ? undefined : len * 8;
  },
};

export type NdOption =
  | { type: 1 | 2; linkaddr: string }
  | {
      type: 3;
      prefixLength: number;
      flags: { l?: boolean; a?: boolean; r?: boolean };
      valid: number;
      preferred: number;
      prefix: string;
    }
  | { type: 5; mtu: number }
  | { type: number; data: Uint8Array };

export const sourceLinkLayer = (mac: string): NdOption => ({ type: 1, linkaddr: mac });
export const targetLinkLayer = (mac: string): NdOption => ({ type: 2, linkaddr: mac });
export const mtu = (value: number): NdOption => ({ type: 5, mtu: value });

/** A Prefix Information option: on-link and autonomous by default, as a MAG advertises a home network prefix. */
export function prefixInfo(o: { prefix: string; length?: number; onLink?: boolean; autonomous?: boolean; valid: number; preferred: number }): NdOption {
  return {
    type: 3,
    prefixLength: o.length ?? 64,
    flags: { l: o.onLink ?? true, a: o.autonomous ?? true },
    valid: o.valid,
    preferred: o.preferred,
    prefix: o.prefix,
  };
}
