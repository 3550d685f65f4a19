import {
  bind, length, message, optionList, registerProtocol, u8, utf8FromText, type Field, type MessageValue, type OptionValue,
} from '../core';
import { radiusAttributeFamily, type Ipv4HoaValue, type Ipv6PrefixValue } from './attributes';
import { authenticator, pendingMessageAuthenticators } from './auth';

/** RADIUS codes (RFC 2865 §4, RFC 2866 §4, RFC 5176 §3.3). */
export const RADIUS_CODES: Readonly<Record<number, string>> = {
  1: 'Access-Request',
  2: 'Access-Accept',
  3: 'Access-Reject',
  4: 'Accounting-Request',
  5: 'Accounting-Response',
  11: 'Access-Challenge',
  12: 'Status-Server',
  13: 'Status-Client',
  40: 'Disconnect-Request',
  41: 'Disconnect-ACK',
  42: 'Disconnect-NAK',
  43: 'CoA-Request',
  44: 'CoA-ACK',
  45: 'CoA-NAK',
};

const codeName = (code: number): string => RADIUS_CODES[code] ?? `Unknown (${code})`;

/**
 * The attribute list, told what its attributes need from the packet: User-Password is hidden with
 * an Access-Request's own Authenticator, and a Message-Authenticator left out is filled in by the
 * packet once it is complete.
 */
function attributes(): Field<'attributes', OptionValue[], true> {
  const list = optionList('attributes', 'radius.avps', 'Attribute Value Pairs', radiusAttributeFamily);
  const own = (msg: Record<string, unknown>) =>
    msg.code === 1 && msg.authenticator instanceof Uint8Array ? { requestAuthenticator: msg.authenticator } : {};
  return {
    ...list,
    decode: (cur, msg, ctx, scope) => list.decode(cur, msg, { ...ctx, hints: { ...ctx.hints, ...own(msg) } }, scope),
    encode: (w, msg, ctx, scope) =>
      list.encode(w, msg, { ...ctx, hints: { ...ctx.hints, ...own(msg), radiusPendingMa: pendingMessageAuthenticators(scope) } }, scope),
  };
}

/*
 * RFC 2865 §3
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Code      |  Identifier   |            Length             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  |                         Authenticator                         |
 *  |                                                               |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Attributes ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-
 */
const fields = [
  u8('code', 'radius.code', 'Code', { values: RADIUS_CODES }),
  u8('id', 'radius.id', 'Packet identifier', {
    display: (v) => `0x${v.toString(16)} (${v})`,
    doc: 'Matches a reply to its request; a client changes it for every new request.',
  }),
  length('length', 'radius.length', 'Length', 16, {
    bounds: true,
    doc: 'Octets in the whole packet, 20 to 4096; octets beyond it are padding and ignored.',
  }),
  authenticator(codeName),
  attributes(),
] as const;

export type RadiusPacket = MessageValue<typeof fields>;

export const radius = registerProtocol(
  message('radius', 'RADIUS Protocol', fields, {
    layer: true,
    spec: 'RFC 2865 §3',
    doc: 'How the MAG asks the AAA server whether a mobile node may attach, and learns its profile (RFC 6572).',
    summary: (v) => `${codeName(v.code)} id=${v.id}`,
    check: (v, node, ctx) => {
      if (v.length !== undefined && v.length < 20) {
        ctx.problems.push({ id: 'radius.len.invalid', severity: 'error', message: `Length ${v.length} is less than the 20 octets of the header (RFC 2865 §3)`, start: node.start + 2, end: node.start + 4 });
      }
      if ((v.length ?? 0) > 4096) {
        ctx.problems.push({ id: 'radius.len.invalid', severity: 'warn', message: `Length ${v.length} is more than the 4096 octets RFC 2865 §3 allows`, start: node.start + 2, end: node.start + 4 });
      }
    },
  }),
);

bind('udp.port', 1812, 'radius');
bind('udp.port', 1813, 'radius');

/* Builders for the machines. */

export interface RadiusBuild {
  id: number;
  attributes?: readonly OptionValue[];
  /** Leave out to have it computed (replies): needs ctx.hints.radiusSecret and .requestAuthenticator. */
  authenticator?: Uint8Array;
}

const packet = (code: number, b: RadiusBuild): RadiusPacket & { proto: 'radius' } => ({
  proto: 'radius',
  code,
  id: b.id & 0xff,
  ...(b.authenticator ? { authenticator: b.authenticator } : {}),
  attributes: [...(b.attributes ?? [])],
});

/** An Access-Request; its Request Authenticator is 16 octets the caller draws from the run's seeded RNG. */
export const accessRequest = (b: RadiusBuild & { authenticator: Uint8Array }) => packet(1, b);
export const accessAccept = (b: RadiusBuild) => packet(2, b);
export const accessReject = (b: RadiusBuild) => packet(3, b);
export const accessChallenge = (b: RadiusBuild) => packet(11, b);

const bytesOf = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? utf8FromText(v) : v);

/** Attribute values for the builders. PMIPv6 ones are the Home variants; `visited()` turns one into its Visited twin. */
export const attr = {
  userName: (name: string): OptionValue => ({ type: 1, value: name }),
  /** Hidden at encode time with ctx.hints.radiusSecret and the Request Authenticator (RFC 2865 §5.2). */
  userPassword: (password: string): OptionValue => ({ type: 2, password }),
  nasIpAddress: (a: string): OptionValue => ({ type: 4, value: a }),
  serviceType: (t: number): OptionValue => ({ type: 6, value: t }),
  framedIpAddress: (a: string): OptionValue => ({ type: 8, value: a }),
  replyMessage: (text: string): OptionValue => ({ type: 18, value: text }),
  vendorSpecific: (vendorId: number, vsas: readonly { type: number; value: Uint8Array | string }[]): OptionValue => ({
    type: 26,
    vendorId,
    value: vsas.map((x) => ({ type: x.type, value: bytesOf(x.value) })),
  }),
  sessionTimeout: (seconds: number): OptionValue => ({ type: 27, value: seconds }),
  callingStationId: (id: string): OptionValue => ({ type: 31, value: id }),
  nasIdentifier: (id: string): OptionValue => ({ type: 32, value: id }),
  /** Computed when the packet is encoded (RFC 3579 §3.2). */
  messageAuthenticator: (): OptionValue => ({ type: 80 }),
  nasIpv6Address: (a: string): OptionValue => ({ type: 95, value: a }),
  framedIpv6Prefix: (prefix: string, length: number): OptionValue => ({ type: 97, value: { prefix, length } }),
  mobileNodeIdentifier: (id: Uint8Array | string): OptionValue => ({ type: 145, value: bytesOf(id) }),
  serviceSelection: (service: string): OptionValue => ({ type: 146, value: service }),
  pmip6HomeLmaIpv6Address: (a: string): OptionValue => ({ type: 147, value: a }),
  pmip6HomeLmaIpv4Address: (a: string): OptionValue => ({ type: 149, value: a }),
  pmip6HomeHnPrefix: (prefix: string, length: number): OptionValue => ({ type: 151, value: { prefix, length } }),
  pmip6HomeInterfaceId: (id: Uint8Array): OptionValue => ({ type: 153, value: id }),
  pmip6HomeIpv4Hoa: (address: string, length: number): OptionValue => ({ type: 155, value: { address, length } }),
  pmip6HomeDhcp4ServerAddress: (a: string): OptionValue => ({ type: 157, value: a }),
  pmip6HomeDhcp6ServerAddress: (a: string): OptionValue => ({ type: 159, value: a }),
  pmip6HomeIpv4Gateway: (a: string): OptionValue => ({ type: 161, value: a }),
};

/** The Visited twin of an RFC 6572 Home attribute (its type plus one). */
export function visited(a: OptionValue): OptionValue {
  if (a.type < 147 || a.type > 161 || a.type % 2 === 0) throw new RangeError(`attribute ${a.type} has no Visited twin`);
  return { ...a, type: a.type + 1 };
}

/** Value types of the attributes the lab uses, for `radiusAttr`. */
export interface RadiusAttrValues {
  1: string;
  2: Uint8Array;
  4: string;
  6: number;
  8: string;
  18: string;
  26: OptionValue[];
  27: number;
  31: string;
  32: string;
  80: Uint8Array;
  95: string;
  97: Ipv6PrefixValue;
  145: Uint8Array;
  146: string;
  147: string;
  148: string;
  149: string;
  150: string;
  151: Ipv6PrefixValue;
  152: Ipv6PrefixValue;
  153: Uint8Array;
  154: Uint8Array;
  155: Ipv4HoaValue;
  156: Ipv4HoaValue;
  157: string;
  158: string;
  159: string;
  160: string;
  161: string;
  162: string;
}

type AttrValue<T extends number> = T extends keyof RadiusAttrValues ? RadiusAttrValues[T] : unknown;

/** The value of the first attribute of this type. */
export function radiusAttr<T extends number>(p: { attributes?: readonly OptionValue[] | undefined }, type: T): AttrValue<T> | undefined {
  return p.attributes?.find((a) => a.type === type)?.value as AttrValue<T> | undefined;
}

/** Every attribute of this type, in order (Reply-Message may repeat). */
export function radiusAttrs<T extends number>(p: { attributes?: readonly OptionValue[] | undefined }, type: T): AttrValue<T>[] {
  return (p.attributes ?? []).filter((a) => a.type === type).map((a) => a.value as AttrValue<T>);
}

/** The User-Password as the decoder revealed it (only when it had the secret). */
export function radiusUserPassword(p: { attributes?: readonly OptionValue[] | undefined }): string | undefined {
  const a = p.attributes?.find((x) => x.type === 2);
  return typeof a?.password === 'string' ? a.password : undefined;
}
