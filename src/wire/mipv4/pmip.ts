import {
  bytes,
  bytesToText,
  macFromText,
  message,
  octetAt,
  Registry,
  u8,
  utf8FromText,
  variant,
  type Codec,
  type Field,
  type OptionValue,
} from '../core';
import { bindExtension, extType, longLength, shortLength } from './extensions';

/**
 * Proxy Mobile IPv4 extensions (RFC 5563 §5). They go before the authentication extension of the
 * registration message. Two extension types, each with its own sub-type numbering:
 * 47 (non-skippable, long form) and 147 (skippable, short form with sub-type).
 */

export const PMIPV4_NONSKIP_SUBTYPE: Readonly<Record<number, string>> = { 1: 'Per-Node Authentication Method' };

export const PMIPV4_AUTH_METHOD: Readonly<Record<number, string>> = {
  0: 'Reserved',
  1: 'FA-HA Authentication',
  2: 'IPsec Authentication',
};

export const PMIPV4_SKIP_SUBTYPE: Readonly<Record<number, string>> = {
  1: 'Interface ID',
  2: 'Device ID',
  3: 'Subscriber ID',
  4: 'Access Technology Type',
};

export const PMIPV4_DEVICE_ID_TYPE: Readonly<Record<number, string>> = {
  0: 'Reserved',
  1: 'Ethernet MAC address',
  2: 'Mobile Equipment Identifier (MEID)',
  3: 'International Mobile Equipment Identity (IMEI)',
  4: 'Electronic Serial Number (ESN)',
};

export const PMIPV4_SUBSCRIBER_ID_TYPE: Readonly<Record<number, string>> = {
  0: 'Reserved',
  1: 'International Mobile Subscriber Identity (IMSI)',
};

/** RFC 5563 §5.5 Tech-Type: its own numbering, not the PMIPv6 Access Technology Type of RFC 5213. */
export const PMIPV4_ACCESS_TECH: Readonly<Record<number, string>> = {
  0: 'Reserved',
  1: '802.3',
  2: '802.11a/b/g',
  3: '802.16e',
  4: '802.16m',
  5: '3GPP EUTRAN/LTE',
  6: '3GPP UTRAN/GERAN',
  7: '3GPP2 1xRTT/HRPD',
  8: '3GPP2 UMB',
};

/** Identifiers are octets; show them as text too when they are printable (IMSI digits, "eth0"). */
function identifierText(b: Uint8Array): string {
  const printable = b.length > 0 && b.every((x) => x >= 0x20 && x < 0x7f);
  return printable ? `"${String.fromCharCode(...b)}" (${bytesToText(b)})` : bytesToText(b) || '(empty)';
}

const identifier = (name: string, doc: string): Field<'identifier', Uint8Array, false> =>
  bytes('identifier', name, 'Identifier', { display: identifierText, doc });

// ---- 47: PMIPv4 Non-skippable, long form (RFC 5563 §5.1) ----------------------------------------
//  | Type=47 | Sub-Type=1 |   Length = 1 (16)   |
//  | Method  |
const nonSkipSubtype = (dflt?: number) =>
  u8('subtype', 'mip.ext.pmipv4nonskipext.subtype', 'Sub-Type', {
    values: PMIPV4_NONSKIP_SUBTYPE,
    ...(dflt === undefined ? {} : { default: dflt }),
  });

export const perNodeAuthMethodExtension = message('mip.ext.pmipv4nonskipext', 'PMIPv4 Per-Node Authentication Method Extension', [
  extType(47),
  nonSkipSubtype(1),
  longLength(),
  u8('method', 'mip.ext.pmipv4nonskipext.pernodeauthmethod', 'Method', {
    values: PMIPV4_AUTH_METHOD,
    doc: 'The PMA and the HA share one key for all mobile nodes; 1 means the FA-HA extension authenticates the message.',
    spec: 'RFC 5563 §5.1',
  }),
], { spec: 'RFC 5563 §5.1', summary: (v) => `PMIPv4 Per-Node Authentication Method: ${PMIPV4_AUTH_METHOD[v.method ?? -1] ?? v.method}` });

const unknownNonSkip = message('mip.ext.pmipv4nonskipext', 'PMIPv4 Non-skippable Extension (unknown sub-type)', [
  extType(47),
  nonSkipSubtype(),
  longLength(),
  // Wireshark shows nothing for an unknown sub-type; the name is ours.
  bytes('data', 'mip.ext.pmipv4nonskipext.data', 'Data'),
], {
  spec: 'RFC 5563 §5',
  summary: (v) => `PMIPv4 Non-skippable, unknown sub-type ${v.subtype ?? '?'}`,
  check: (v, node, ctx) => {
    node.raw = true;
    ctx.problems.push({
      id: 'mip.ext.subtype.unknown',
      severity: 'warn',
      message: `PMIPv4 non-skippable sub-type ${v.subtype ?? '?'} is unknown: a receiver must reject the message (RFC 5944 §1.8)`,
      start: node.start,
      end: node.end,
    });
  },
});

const nonSkip = new Registry<Codec<OptionValue>>('mip.ext.pmipv4nonskipext.subtype');
nonSkip.bind(1, perNodeAuthMethodExtension as unknown as Codec<OptionValue>);

export const pmipv4NonSkippableExtension = bindExtension(
  47,
  variant<OptionValue>('mip.ext.pmipv4nonskipext', 'PMIPv4 Non-skippable Extension', {
    keyAt: octetAt(1),
    keyOf: (v) => v.subtype as number | undefined,
    registry: nonSkip,
    fallback: unknownNonSkip as unknown as Codec<OptionValue>,
  }),
);

// ---- 147: PMIPv4 Skippable, short form with sub-type (RFC 5563 §5.2–§5.5) ----------------------
//  | Type=147 | Length | Sub-Type | data ...        Length counts the Sub-Type and the data
const skipSubtype = (dflt?: number) =>
  u8('subtype', 'mip.ext.pmipv4skipext.subtype', 'Sub-Type', {
    values: PMIPV4_SKIP_SUBTYPE,
    ...(dflt === undefined ? {} : { default: dflt }),
  });
const head = (subtype?: number) => [extType(147), shortLength(), skipSubtype(subtype)] as const;

// §5.2  | 147 | Length | Sub-Type=1 | Identifier ...
export const interfaceIdExtension = message('mip.ext.pmipv4skipext', 'PMIPv4 Interface ID Extension', [
  ...head(1),
  identifier('mip.ext.pmipv4skipext.interfaceid', 'The interface the mobile device attached through, as the PMA names it.'),
], { spec: 'RFC 5563 §5.2', summary: (v) => `PMIPv4 Interface ID: ${identifierText(v.identifier ?? new Uint8Array())}` });

// §5.3  | 147 | Length | Sub-Type=2 | ID-Type | Identifier ...
export const deviceIdExtension = message('mip.ext.pmipv4skipext', 'PMIPv4 Device ID Extension', [
  ...head(2),
  u8('idType', 'mip.ext.pmipv4skipext.deviceid_type', 'ID-Type', { values: PMIPV4_DEVICE_ID_TYPE }),
  identifier('mip.ext.pmipv4skipext.deviceid_id', 'The device, e.g. its MAC address: how the PMA tells devices apart.'),
], { spec: 'RFC 5563 §5.3', summary: (v) => `PMIPv4 Device ID: ${identifierText(v.identifier ?? new Uint8Array())}` });

// §5.4  | 147 | Length | Sub-Type=3 | ID-Type | Identifier ...
// tshark 4.0 shows the identifier only when ID-Type is 1 (IMSI).
export const subscriberIdExtension = message('mip.ext.pmipv4skipext', 'PMIPv4 Subscriber ID Extension', [
  ...head(3),
  u8('idType', 'mip.ext.pmipv4skipext.subscriberid_type', 'ID-Type', { values: PMIPV4_SUBSCRIBER_ID_TYPE }),
  identifier('mip.ext.pmipv4skipext.subscriberid_id', 'The subscription, e.g. the IMSI digits.'),
], { spec: 'RFC 5563 §5.4', summary: (v) => `PMIPv4 Subscriber ID: ${identifierText(v.identifier ?? new Uint8Array())}` });

// §5.5  | 147 | Length=2 | Sub-Type=4 | Tech-Type |
export const accessTechnologyExtension = message('mip.ext.pmipv4skipext', 'PMIPv4 Access Technology Type Extension', [
  ...head(4),
  u8('techType', 'mip.ext.pmipv4skipext.accesstechnology_type', 'Tech-Type', {
    values: PMIPV4_ACCESS_TECH,
    doc: 'The radio the device is on, so the HA can keep one binding per access technology.',
  }),
], { spec: 'RFC 5563 §5.5', summary: (v) => `PMIPv4 Access Technology: ${PMIPV4_ACCESS_TECH[v.techType ?? -1] ?? v.techType}` });

const unknownSkip = message('mip.ext.pmipv4skipext', 'PMIPv4 Skippable Extension (unknown sub-type)', [
  ...head(),
  // Wireshark shows nothing for an unknown sub-type; the name is ours.
  bytes('data', 'mip.ext.pmipv4skipext.data', 'Data'),
], {
  spec: 'RFC 5563 §5',
  summary: (v) => `PMIPv4 Skippable, unknown sub-type ${v.subtype ?? '?'}`,
  check: (_v, node) => {
    node.raw = true;
  },
});

const skip = new Registry<Codec<OptionValue>>('mip.ext.pmipv4skipext.subtype');
skip.bind(1, interfaceIdExtension as unknown as Codec<OptionValue>);
skip.bind(2, deviceIdExtension as unknown as Codec<OptionValue>);
skip.bind(3, subscriberIdExtension as unknown as Codec<OptionValue>);
skip.bind(4, accessTechnologyExtension as unknown as Codec<OptionValue>);

export const pmipv4SkippableExtension = bindExtension(
  147,
  variant<OptionValue>('mip.ext.pmipv4skipext', 'PMIPv4 Skippable Extension', {
    keyAt: octetAt(2),
    keyOf: (v) => v.subtype as number | undefined,
    registry: skip,
    fallback: unknownSkip as unknown as Codec<OptionValue>,
  }),
);

// ---- Typed values for the machines ---------------------------------------------------------------

export type PmipExtension =
  | { type: 47; subtype: 1; method: number }
  | { type: 147; subtype: 1; identifier: Uint8Array }
  | { type: 147; subtype: 2 | 3; idType: number; identifier: Uint8Array }
  | { type: 147; subtype: 4; techType: number };

const octets = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? utf8FromText(v) : v);

export const perNodeAuthMethod = (method = 1): PmipExtension => ({ type: 47, subtype: 1, method });
export const interfaceId = (id: Uint8Array | string): PmipExtension => ({ type: 147, subtype: 1, identifier: octets(id) });
export const deviceId = (idType: number, id: Uint8Array | string): PmipExtension => ({
  type: 147,
  subtype: 2,
  idType,
  identifier: octets(id),
});
/** Device ID type 1, from a MAC address in text. */
export const macDeviceId = (mac: string): PmipExtension => deviceId(1, macFromText(mac));
export const subscriberId = (idType: number, id: Uint8Array | string): PmipExtension => ({
  type: 147,
  subtype: 3,
  idType,
  identifier: octets(id),
});
/** Subscriber ID type 1: the IMSI as its ASCII digits. */
export const imsiSubscriberId = (imsi: string): PmipExtension => subscriberId(1, imsi);
export const accessTechnology = (techType: number): PmipExtension => ({ type: 147, subtype: 4, techType });
