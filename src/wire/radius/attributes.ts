import {
  bitPicture, bytes, bytesToText, hexN, ipv4, ipv4FromText, ipv4ToText, ipv6, ipv6FromText, ipv6ToText, leaf, length, message,
  optionList, Registry, sized, u32, u8, utf8, utf8FromText, utf8ToText, type AnyField, type Codec, type Cursor, type Field,
  type FieldNode, type OptionFamily, type OptionValue, type SizedRule,
} from '../core';
import { messageAuthenticatorValue, userPassword } from './auth';

/*
 * RADIUS attributes (RFC 2865 §5): Type(1) Length(1) Value, Length counting all three, so a value
 * holds at most 253 octets. Wireshark shows each as `radius.avp` with `radius.avp.type`,
 * `radius.avp.length` and a field named after the attribute (`radius.User_Name`).
 *
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 *  |     Type      |    Length     |  Value ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 */

type Msg = Record<string, unknown>;

/** An IPv6 prefix attribute's value (RFC 3162 §2.3, RFC 6572 §4.8): `octets` only when not the usual count. */
export interface Ipv6PrefixValue {
  prefix: string;
  length: number;
  reserved?: number;
  octets?: number;
}

/** An IPv4 home address with its prefix length (RFC 6572 §4.12). */
export interface Ipv4HoaValue {
  address: string;
  length: number;
  reserved?: number;
}

const attributeNames: Record<number, string> = {};
/** Attribute names by type, filled in as each attribute is declared below. */
export const RADIUS_ATTRIBUTE_NAMES: Readonly<Record<number, string>> = attributeNames;
/** Service-Type values (RFC 2865 §5.6): a MAG asks for Framed (2) service. */
export const SERVICE_TYPES: Readonly<Record<number, string>> = Object.fromEntries(
  ['Login', 'Framed', 'Callback-Login', 'Callback-Framed', 'Outbound', 'Administrative', 'NAS-Prompt', 'Authenticate-Only', 'Callback-NAS-Prompt', 'Call-Check', 'Callback-Administrative'].map((n, i) => [i + 1, n]),
);
/** SMI Network Management Private Enterprise Codes, as Wireshark names them. */
export const VENDORS: Readonly<Record<number, string>> = { 9: 'ciscoSystems', 311: 'Microsoft', 5535: '3GPP2', 10415: '3GPP' };

export const radiusAttributeCodecs = new Registry<Codec<OptionValue>>('radius.avp.type');

const exact = (n: number): SizedRule => ({ fits: (k) => k === n, expect: `${n} octets`, problem: 'radius.avp.len.invalid' });

/** Type(1) Length(1) items, Length counting both: under 2 is malformed (the list's `minSize`). */
const tlvSize = (cur: Cursor): number | undefined => cur.peekU8(1);

interface AvpDoc {
  spec: string;
  doc?: string;
  /** The end of Wireshark's line `AVP: t=User-Name(1) l=17 val=…`; `val=` and the value's display by default. */
  tail?: (v: Msg, node: FieldNode) => string;
}

function avp(type: number | undefined, label: string, values: readonly AnyField[], o: AvpDoc): Codec<OptionValue> {
  const codec = message(
    'radius.avp',
    label,
    [
      u8('type', 'radius.avp.type', 'Type', { values: RADIUS_ATTRIBUTE_NAMES }),
      length('len', 'radius.avp.length', 'Length', 8, { doc: 'Octets in the attribute, its Type and Length included.' }),
      ...values,
    ],
    {
      spec: o.spec,
      ...(o.doc ? { doc: o.doc } : {}),
      check: (v, node, ctx) => {
        node.value = bytesToText(ctx.frame.subarray(node.start, node.end));
        const last = node.children?.[2];
        const shown = typeof last?.value === 'string' ? last.value : (last?.display ?? '');
        const tail = o.tail && last && !last.raw ? o.tail(v, node) : `val=${shown}`;
        node.display = `AVP: t=${label}(${v.type}) l=${v.len ?? '?'} ${tail}`;
      },
    },
  ) as unknown as Codec<OptionValue>;
  if (type !== undefined) {
    attributeNames[type] = label;
    radiusAttributeCodecs.bind(type, codec);
  }
  return codec;
}

const fieldName = (label: string): string => `radius.${label.replace(/-/g, '_')}`;
const text = (t: number, label: string, spec: string, doc?: string) =>
  avp(t, label, [utf8('value', fieldName(label), label)], { spec, ...(doc ? { doc } : {}) });
const addr4 = (t: number, label: string, spec: string, doc?: string, name = fieldName(label)) =>
  avp(t, label, [sized(ipv4('value', name, label), exact(4))], { spec, ...(doc ? { doc } : {}) });
const addr6 = (t: number, label: string, spec: string, doc?: string) =>
  avp(t, label, [sized(ipv6('value', fieldName(label), label), exact(16))], { spec, ...(doc ? { doc } : {}) });
const integer = (t: number, label: string, spec: string, o: { values?: Readonly<Record<number, string>>; doc?: string } = {}) =>
  avp(t, label, [sized(u32('value', fieldName(label), label, o.values ? { values: o.values } : {}), exact(4))], {
    spec,
    ...(o.doc ? { doc: o.doc } : {}),
  });
const octets = (t: number, label: string, spec: string, o: { size?: number; doc?: string } = {}) => {
  const f = bytes('value', fieldName(label), label, o.size ? { size: o.size } : {});
  return avp(t, label, [o.size ? sized(f, exact(o.size)) : f], { spec, ...(o.doc ? { doc: o.doc } : {}) });
};

/** Reserved(1) Prefix-Length(1) Prefix(0–16): Framed-IPv6-Prefix (RFC 3162 §2.3) and the HN-Prefix attributes (RFC 6572 §4.8). */
function ipv6Prefix(label: string, fullPrefix: boolean): Field<'value', Ipv6PrefixValue, false> {
  const name = fieldName(label);
  const usual = (len: number): number => (fullPrefix ? 16 : Math.ceil(Math.min(len, 128) / 8));
  return {
    key: 'value',
    name,
    label,
    optional: false,
    kind: { t: 'other' },
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const reserved = cur.u8('Reserved')!;
      const len = cur.u8('Prefix-Length')!;
      const p = cur.rest().slice();
      const full = new Uint8Array(16);
      full.set(p);
      const prefix = ipv6ToText(full);
      const value: Ipv6PrefixValue = { prefix, length: len };
      if (reserved !== 0) value.reserved = reserved;
      if (p.length !== usual(len)) value.octets = p.length;
      msg.value = value;
      scope.spans.set('value', { start, end: cur.pos });
      if (len > 128) cur.problem('radius.avp.prefix_length.invalid', 'warn', `${label} Prefix-Length ${len} is more than 128`, start + 1, start + 2);
      const children = [
        leaf({ name: `${name}.reserved`, label: 'Reserved' }, start, start + 1, reserved, hexN(reserved, 1)),
        leaf({ name: `${name}.prefix_length`, label: 'Prefix-Length' }, start + 1, start + 2, len, String(len)),
      ];
      if (p.length > 0) children.push(leaf({ name: `${name}.prefix`, label: 'Prefix' }, start + 2, cur.pos, prefix, prefix));
      return leaf({ name, label }, start, cur.pos, bytesToText(cur.bytes.subarray(start, cur.pos)), `${prefix}/${len}`, { children });
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const v = msg.value as Ipv6PrefixValue;
      w.u8(v.reserved ?? 0).u8(v.length);
      w.bytes(ipv6FromText(v.prefix).subarray(0, v.octets ?? usual(v.length)));
      scope.spans.set('value', { start, end: w.length });
    },
  };
}

/** Reserved(10 bits) Prefix-Len(6 bits) IPv4 HoA(4): PMIP6-Home/Visited-IPv4-HoA (RFC 6572 §4.12). */
function ipv4Hoa(label: string): Field<'value', Ipv4HoaValue, false> {
  const name = fieldName(label);
  return {
    key: 'value',
    name,
    label,
    optional: false,
    kind: { t: 'other' },
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const word = cur.u16(label)!;
      const address = ipv4ToText(cur.bytesOf(4, label)!);
      const value: Ipv4HoaValue = { address, length: word & 0x3f };
      if (word >>> 6 !== 0) value.reserved = word >>> 6;
      msg.value = value;
      scope.spans.set('value', { start, end: cur.pos });
      const bit = (part: string, partLabel: string, mask: number, v: number): FieldNode =>
        leaf({ name: `${name}.${part}`, label: partLabel }, start, start + 2, v, `${bitPicture(word, mask, 16)} = ${v}`, { mask, bits: 16 });
      return leaf({ name, label }, start, cur.pos, bytesToText(cur.bytes.subarray(start, cur.pos)), `${address}/${value.length}`, {
        children: [
          bit('reserved', 'Reserved', 0xffc0, word >>> 6),
          bit('prefix_length', 'Prefix-Len', 0x003f, value.length),
          leaf({ name: `${name}.address`, label: 'IPv4 HoA' }, start + 2, cur.pos, address, address),
        ],
      });
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const v = msg.value as Ipv4HoaValue;
      w.u16((((v.reserved ?? 0) << 6) | (v.length & 0x3f)) & 0xffff).bytes(ipv4FromText(v.address));
      scope.spans.set('value', { start, end: w.length });
    },
  };
}

/** A vendor's own attribute inside Vendor-Specific (RFC 2865 §5.26): Vendor-Type(1) Vendor-Length(1) Value. */
function vendorValue(): Field<'value', Uint8Array, false> {
  return {
    key: 'value',
    name: 'radius.Unknown_Attribute',
    label: 'Value',
    optional: false,
    kind: { t: 'bytes' },
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const b = cur.rest().slice();
      msg.value = b;
      scope.spans.set('value', { start, end: cur.pos });
      if (ctx.hints.radiusVendor === 9 && msg.type === 1) {
        const t = utf8ToText(b);
        return leaf({ name: 'radius.Cisco_AVPair', label: 'Cisco-AVPair' }, start, cur.pos, t, t);
      }
      return leaf({ name: 'radius.Unknown_Attribute', label: 'Unknown-Attribute' }, start, cur.pos, bytesToText(b), bytesToText(b));
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const v = msg.value as Uint8Array | string | undefined;
      w.bytes(typeof v === 'string' ? utf8FromText(v) : (v ?? new Uint8Array(0)));
      scope.spans.set('value', { start, end: w.length });
    },
  };
}

const vsaCodec = message(
  'radius.vsa',
  'Vendor-Specific Attribute',
  [u8('type', 'radius.avp.vendor_type', 'Type'), length('len', 'radius.avp.vendor_len', 'Length', 8), vendorValue()],
  {
    check: (v, node) => {
      const last = node.children?.[2];
      const what = last?.name === 'radius.Cisco_AVPair' ? 'Cisco-AVPair' : 'Unknown-Attribute';
      node.display = `VSA: t=${what}(${v.type}) l=${v.len ?? '?'} val=${last?.display ?? ''}`;
    },
  },
) as unknown as Codec<OptionValue>;

const vsaFamily: OptionFamily = {
  id: 'radius.vsa',
  registry: new Registry<Codec<OptionValue>>('radius.vsa'),
  unknown: vsaCodec,
  sizeAt: tlvSize,
  minSize: 2,
  malformed: vsaCodec,
  flat: true,
};

function vendorAttributes(): AnyField {
  const list = optionList('value', 'radius.vsa', 'Vendor attributes', vsaFamily);
  return {
    ...list,
    decode: (cur, msg, ctx, scope) => list.decode(cur, msg, { ...ctx, hints: { ...ctx.hints, radiusVendor: msg.vendorId } }, scope),
  };
}

/* RFC 2865 §5 */
text(1, 'User-Name', 'RFC 2865 §5.1', 'Who is asking: for a mobile node, its NAI (mn@example.org).');
avp(2, 'User-Password', [userPassword()], { spec: 'RFC 2865 §5.2', tail: (v) => (v.password === undefined ? 'val=Encrypted' : `val=Decrypted: ${String(v.password)}`) });
addr4(4, 'NAS-IP-Address', 'RFC 2865 §5.4', 'The address of the NAS asking: here the MAG.');
integer(6, 'Service-Type', 'RFC 2865 §5.6', { values: SERVICE_TYPES });
addr4(8, 'Framed-IP-Address', 'RFC 2865 §5.8', 'The IPv4 address to give the user.', 'radius.Framed-IP-Address');
text(18, 'Reply-Message', 'RFC 2865 §5.18');
avp(26, 'Vendor-Specific', [u32('vendorId', 'radius.avp.vendor_id', 'Vendor ID', { values: VENDORS }), vendorAttributes()], {
  spec: 'RFC 2865 §5.26',
  tail: (v) => `vnd=${VENDORS[v.vendorId as number] ?? 'Unknown'}(${String(v.vendorId)})`,
});
integer(27, 'Session-Timeout', 'RFC 2865 §5.27', { doc: 'Seconds the session may last before it must be authorised again.' });
text(31, 'Calling-Station-Id', 'RFC 2865 §5.31', 'Where the user connects from: the mobile node’s MAC address.');
text(32, 'NAS-Identifier', 'RFC 2865 §5.32');
avp(80, 'Message-Authenticator', [sized(messageAuthenticatorValue(), exact(16))], { spec: 'RFC 3579 §3.2' });
addr6(95, 'NAS-IPv6-Address', 'RFC 3162 §2.1');
avp(97, 'Framed-IPv6-Prefix', [sized(ipv6Prefix('Framed-IPv6-Prefix', false), { ...exact(2), fits: (k) => k >= 2 && k <= 18, expect: '2 to 18 octets' })], {
  spec: 'RFC 3162 §2.3',
});
octets(124, 'MIP6-Feature-Vector', 'RFC 6572 §4.1', { size: 8 });

/* RFC 6572 §4: the PMIPv6 attributes a MAG or LMA gets from the AAA server. */
octets(145, 'Mobile-Node-Identifier', 'RFC 6572 §4.2', { doc: 'The MN-Identifier the MAG must use in its Proxy Binding Updates.' });
text(146, 'Service-Selection', 'RFC 6572 §4.3');
for (const [home, where] of [
  [true, 'Home'],
  [false, 'Visited'],
] as const) {
  const t = home ? 0 : 1;
  const s = (n: number): string => `RFC 6572 §4.${n + t}`;
  addr6(147 + t, `PMIP6-${where}-LMA-IPv6-Address`, s(4), 'The LMA the MAG sends its Proxy Binding Updates to.');
  addr4(149 + t, `PMIP6-${where}-LMA-IPv4-Address`, s(6));
  const hnp = sized(ipv6Prefix(`PMIP6-${where}-HN-Prefix`, true), { ...exact(2), fits: (k) => k >= 2 && k <= 18, expect: '2 to 18 octets' });
  avp(151 + t, `PMIP6-${where}-HN-Prefix`, [hnp], { spec: s(8), doc: 'The mobile node’s home network prefix.' });
  octets(153 + t, `PMIP6-${where}-Interface-ID`, s(10), { size: 8 });
  avp(155 + t, `PMIP6-${where}-IPv4-HoA`, [sized(ipv4Hoa(`PMIP6-${where}-IPv4-HoA`), exact(6))], { spec: s(12), doc: 'The mobile node’s IPv4 home address (RFC 5844).' });
  addr4(157 + t, `PMIP6-${where}-DHCP4-Server-Address`, s(14));
  addr6(159 + t, `PMIP6-${where}-DHCP6-Server-Address`, s(16));
  addr4(161 + t, `PMIP6-${where}-IPv4-Gateway`, s(20), 'The default router the mobile node gets for its IPv4 home address.');
}

const unknownAttribute = avp(undefined, 'Unknown-Attribute', [bytes('value', 'radius.Unknown_Attribute', 'Unknown-Attribute')], { spec: 'RFC 2865 §5' });

/** Every attribute of a RADIUS packet: a TLV list with no end marker, ended by the packet's Length. */
export const radiusAttributeFamily: OptionFamily = {
  id: 'radius.avp',
  registry: radiusAttributeCodecs,
  unknown: unknownAttribute,
  sizeAt: tlvSize,
  minSize: 2,
  malformed: unknownAttribute,
  spec: 'RFC 2865 §5',
};
