import { bytes, bytesToText, ipv6, reserved, u32, u64, u8 } from '../core';
import { mobilityOption } from './options';
import { ACCESS_TECHNOLOGY_NAMES, HANDOFF_INDICATOR_NAMES } from './tables';
import { timestampToIso, timestampToTshark } from './timestamp';

/* Proxy Mobile IPv6 options: RFC 5213 §8.3–8.8, and the Heartbeat's Restart Counter (RFC 5847). */

/*
 * RFC 5213 §8.3, alignment 8n+4 (so the prefix starts on an 8-octet boundary)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Reserved    | Prefix Length |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +                  Home Network Prefix (16)                     +
 * tshark reuses the NEMO Mobile Network Prefix names (`mip6.nemo.mnp.*`) and has no name for
 * Reserved.
 */
export const homeNetworkPrefix = mobilityOption(
  22,
  'mip6.options.hnp',
  'Home Network Prefix',
  [
    reserved('reserved', 'mip6.hnp.reserved', 'Reserved', 1),
    u8('prefixLength', 'mip6.nemo.mnp.pfl', 'Prefix Length'),
    ipv6('prefix', 'mip6.nemo.mnp.mnp', 'Home Network Prefix', {
      doc: 'The prefix the mobile node keeps wherever it attaches; "::" in a PBU asks the LMA to assign one.',
      spec: 'RFC 5213 §6.9.1.1',
    }),
  ],
  { align: { x: 8, y: 4 }, lengths: [18], spec: 'RFC 5213 §8.3', summary: (v) => `${v.prefix}/${v.prefixLength}` },
);

/*
 * RFC 5213 §8.4, no alignment requirement
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |  Reserved (R) |       HI      |
 */
export const handoffIndicator = mobilityOption(
  23,
  'mip6.options.hi',
  'Handoff Indicator',
  [
    reserved('reserved', 'mip6.hi.reserved', 'Reserved', 1),
    u8('hi', 'mip6.hi', 'Handoff Indicator', {
      values: HANDOFF_INDICATOR_NAMES,
      doc: 'Why the MAG sends this PBU: a new attachment, a handoff, or a re-registration; the LMA decides from it whether to reuse the binding.',
    }),
  ],
  { lengths: [2], spec: 'RFC 5213 §8.4', summary: (v) => HANDOFF_INDICATOR_NAMES[v.hi] ?? `Unknown (${v.hi})` },
);

/*
 * RFC 5213 §8.5, no alignment requirement
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |  Reserved (R) |      ATT      |
 */
export const accessTechnologyType = mobilityOption(
  24,
  'mip6.options.att',
  'Access Technology Type',
  [
    reserved('reserved', 'mip6.att.reserved', 'Reserved', 1),
    u8('att', 'mip6.att', 'Access Technology Type', {
      values: ACCESS_TECHNOLOGY_NAMES,
      doc: 'The kind of link the mobile node attached over; together with the handoff indicator it tells a handoff from a new interface.',
    }),
  ],
  { lengths: [2], spec: 'RFC 5213 §8.5', summary: (v) => ACCESS_TECHNOLOGY_NAMES[v.att] ?? `Unknown (${v.att})` },
);

/*
 * RFC 5213 §8.6; "aligned appropriately" for the identifier's size: like OAI we use 8n, which
 * puts a MAC address on a 4-octet boundary.
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type        |    Length     |          Reserved             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Link-layer Identifier ...
 */
export const mnLinkLayerIdentifier = mobilityOption(
  25,
  'mip6.options.mnlli',
  'Mobile Node Link-layer Identifier',
  [
    reserved('reserved', 'mip6.mnlli.reserved', 'Reserved', 2),
    bytes('lli', 'mip6.mnlli.lli', 'Link-layer Identifier', {
      doc: 'The mobile node\'s interface identifier on the access link (a MAC address on Ethernet).',
    }),
  ],
  { align: { x: 8, y: 0 }, minLength: 2, spec: 'RFC 5213 §8.6', summary: (v) => bytesToText(v.lli) },
);

/*
 * RFC 5213 §8.7, alignment 8n+6
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type        |    Length     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +                  Link-local Address (16)                      +
 */
export const linkLocalAddress = mobilityOption(
  26,
  'mip6.options.lla',
  'Link-local Address',
  [
    ipv6('address', 'mip6.lila_lla', 'Link-local Address', {
      doc: 'The MAG\'s link-local address on the access link, the same at every MAG so the mobile node never sees its router change; "::" asks the LMA for it.',
    }),
  ],
  { align: { x: 8, y: 6 }, lengths: [16], spec: 'RFC 5213 §8.7', summary: (v) => v.address },
);

/*
 * RFC 5213 §8.8, alignment 8n+2
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |   Length      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +                          Timestamp (64)                       +
 * The value is the raw 64-bit number; the node shows it the way tshark does (mip6.timestamp_tmp).
 */
export const timestamp = mobilityOption(
  27,
  'mip6.options.ts',
  'Timestamp',
  [
    u64('timestamp', 'mip6.timestamp_tmp', 'Timestamp', {
      node: timestampToTshark,
      display: timestampToIso,
      doc: 'When the MAG sent the PBU (48-bit seconds and 16-bit fraction since 1970); the LMA rejects one too far from its clock (156) or older than the last accepted (157).',
      spec: 'RFC 5213 §5.5',
    }),
  ],
  { align: { x: 8, y: 2 }, lengths: [8], spec: 'RFC 5213 §8.8', summary: (v) => timestampToTshark(v.timestamp) },
);

/*
 * RFC 5847 §3.4, alignment 4n+2; only in a Heartbeat response
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Type     |     Length    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Restart Counter                         |
 */
export const restartCounter = mobilityOption(
  28,
  'mip6.options.rc',
  'Restart Counter',
  [
    u32('counter', 'mip6.rc', 'Restart Counter', {
      doc: 'Goes up each time the peer restarts; a new value means its bindings are gone.',
    }),
  ],
  { align: { x: 4, y: 2 }, lengths: [4], spec: 'RFC 5847 §3.4', summary: (v) => String(v.counter) },
);
