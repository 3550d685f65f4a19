import {
  bind,
  derived,
  ipv6,
  ipv6FromText,
  length,
  message,
  packed,
  payload,
  registerProtocol,
  u8,
  type LayerValue,
  type PseudoHeader,
} from './core';
import { DSCP, ECN, IP_PROTOCOL, nextProtocol } from './ip-numbers';

/*
 * RFC 8200 §3 (with RFC 2474 §3 and RFC 3168 §5 for the traffic class):
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Source Address (128 bits)                    |
 * |               Destination Address (128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Extension headers (src/wire/ipv6-ext.ts) are layers of their own, chained through Next Header
 * like any payload. tshark draws them inside the ipv6 tree and widens the ipv6 item over them; we
 * keep the ipv6 node at its 40 octets.
 */

/** The pseudo-header of RFC 8200 §8.1 for the layer inside; extension headers may replace its addresses. */
export function ipv6Pseudo(m: Record<string, unknown>): { pseudo?: PseudoHeader } {
  if (typeof m.src !== 'string' || typeof m.dst !== 'string') return {};
  return { pseudo: { version: 6, src: ipv6FromText(m.src), dst: ipv6FromText(m.dst) } };
}

export const ipv6Codec = registerProtocol(
  message(
    'ipv6',
    'Internet Protocol Version 6',
    [
      packed('vtf', 'Version, traffic class and flow label', 32, [
        { key: 'version', name: 'ipv6.version', label: 'Version', mask: 0xf0000000, at: [0, 1], default: 6 },
        {
          name: 'ipv6.tclass',
          label: 'Traffic Class',
          mask: 0x0ff00000,
          display: (v) => `0x${v.toString(16).padStart(2, '0')}`,
          doc: 'The IPv4 DS field by another name: DSCP for queueing, ECN for congestion.',
          children: [
            { key: 'dscp', name: 'ipv6.tclass.dscp', label: 'Differentiated Services Codepoint', mask: 0x0fc00000, values: DSCP },
            { key: 'ecn', name: 'ipv6.tclass.ecn', label: 'Explicit Congestion Notification', mask: 0x00300000, values: ECN },
          ],
        },
        {
          key: 'flow',
          name: 'ipv6.flow',
          label: 'Flow Label',
          mask: 0x000fffff,
          at: [1, 3],
          display: (v) => `0x${v.toString(16).padStart(5, '0')}`,
          doc: 'Lets routers keep the packets of one flow on one path; zero when unused.',
        },
      ], { spec: 'RFC 8200 §3' }),
      length('plen', 'ipv6.plen', 'Payload Length', 16, {
        from: { at: 40 },
        bounds: true,
        doc: 'Octets after this 40-octet header, extension headers included.',
      }),
      derived(8, 'nxt', 'ipv6.nxt', 'Next Header', nextProtocol, {
        display: (v) => `${IP_PROTOCOL[v] ?? 'Unknown'} (${v})`,
        doc: 'What follows: an extension header, or the upper layer (58 ICMPv6, 135 Mobility Header, 41 IPv6 in a tunnel).',
      }),
      u8('hlim', 'ipv6.hlim', 'Hop Limit', { default: 64, doc: 'IPv6’s TTL; Neighbor Discovery insists on 255 so it cannot have crossed a router.' }),
      ipv6('src', 'ipv6.src', 'Source Address'),
      ipv6('dst', 'ipv6.dst', 'Destination Address'),
      // A new IP header starts a new transport: an outer UDP's `transport: 'udp'` (which zeroes a
      // Mobility Header's checksum) is not about the packet inside (seed 002's IPv6+MH in UDP 4191).
      payload('ip.proto', (m) => m.nxt as number, { inner: (m) => ({ ...ipv6Pseudo(m), hints: { transport: 'ipv6' } }) }),
    ],
    {
      layer: true,
      spec: 'RFC 8200 §3',
      summary: (v) => `Internet Protocol Version 6, Src: ${v.src}, Dst: ${v.dst}`,
      check: (v, node, ctx) => {
        const version = v.vtf?.version;
        if (version !== undefined && version !== 6) {
          ctx.problems.push({ id: 'ipv6.version.invalid', severity: 'error', message: `Version is ${version}, not 6`, start: node.start, end: node.start + 1 });
        }
      },
    },
  ),
);

bind('eth.type', 0x86dd, 'ipv6');
// RFC 2473 (IPv6 in IPv6, the PMIPv6 tunnel) and RFC 4213 (IPv6 in IPv4): the same number after either header.
bind('ip.proto', 41, 'ipv6');

export type Ipv6Packet = LayerValue & {
  proto: 'ipv6';
  src: string;
  dst: string;
  hlim?: number;
  nxt?: number;
  vtf?: { version?: number; dscp?: number; ecn?: number; flow?: number };
  payload?: LayerValue;
};

/** An IPv6 packet around `payload`; Next Header and Payload Length are filled in on encode. */
export function ipv6Packet(o: { src: string; dst: string; payload?: LayerValue; hopLimit?: number; flow?: number; dscp?: number }): Ipv6Packet {
  const v: Ipv6Packet = { proto: 'ipv6', src: o.src, dst: o.dst };
  if (o.payload) v.payload = o.payload;
  if (o.hopLimit !== undefined) v.hlim = o.hopLimit;
  if (o.flow !== undefined || o.dscp !== undefined) v.vtf = { ...(o.flow === undefined ? {} : { flow: o.flow }), ...(o.dscp === undefined ? {} : { dscp: o.dscp }) };
  return v;
}
