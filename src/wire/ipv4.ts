import {
  bind,
  bitfield,
  bits,
  bytesToText,
  checksum,
  derived,
  internetChecksum,
  ipv4,
  ipv4FromText,
  length,
  message,
  packed,
  payload,
  registerProtocol,
  u16,
  u8,
  type Field,
  type LayerValue,
} from './core';
import { DSCP, ECN, IP_PROTOCOL, nextProtocol } from './ip-numbers';

/*
 * RFC 791 §3.1, with RFC 2474 §3 / RFC 3168 §5 for the DS field and ECN:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP    |ECN|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */

type Msg = Record<string, unknown>;
const frag = (m: Msg): { df?: boolean; mf?: boolean; offset?: number } => (m.frag ?? {}) as { mf?: boolean; offset?: number };
const ihlOf = (m: Msg): number => ((m.vihl ?? {}) as { ihl?: number }).ihl ?? 5;

/**
 * Options are kept raw (RFC 791 §3.1 "Options"): the lab sends none, and a learner sees their bytes.
 * Encoded options are padded with zeros (End of Option List) to a multiple of 4, so IHL counts them.
 * tshark shows them under an unnamed "Options" item, so `ip.options` has no tshark counterpart.
 */
const options: Field<'options', Uint8Array, true> = {
  key: 'options',
  name: 'ip.options',
  label: 'Options',
  optional: true,
  kind: { t: 'bytes' },
  spec: 'RFC 791 §3.1',
  doc: 'Rarely used extras (record route, timestamps); the header length says how many bytes they take.',
  decode(cur, msg, _ctx, scope) {
    const size = ihlOf(msg) * 4 - 20;
    if (size <= 0) return undefined;
    const start = cur.pos;
    const b = cur.bytesOf(size, 'Options');
    if (!b) return undefined;
    msg.options = b.slice();
    scope.spans.set('options', { start, end: cur.pos });
    const text = bytesToText(b);
    return { name: 'ip.options', label: 'Options', start, end: cur.pos, value: text, display: `Options: (${size} bytes)`, raw: true, spec: 'RFC 791 §3.1' };
  },
  encode(w, msg) {
    const b = msg.options as Uint8Array | undefined;
    if (!b || b.length === 0) return;
    w.bytes(b);
    w.zeros((4 - (b.length % 4)) % 4);
  },
};

export const ip = registerProtocol(
  message(
    'ip',
    'Internet Protocol Version 4',
    [
      packed('vihl', 'Version and header length', 8, [
        { key: 'version', name: 'ip.version', label: 'Version', mask: 0xf0, default: 4 },
        {
          key: 'ihl',
          name: 'ip.hdr_len',
          label: 'Header Length',
          mask: 0x0f,
          // tshark's ip.hdr_len is in bytes; the field counts 32-bit words.
          show: (w) => w * 4,
          display: (w) => `${w * 4} bytes (${w})`,
          fixup: ({ start, headerEnd }) => Math.floor((headerEnd - start) / 4),
          doc: 'The header size in 32-bit words: 5 (20 bytes) without options.',
        },
      ]),
      bitfield('dsfield', 'ip.dsfield', 'Differentiated Services Field', 8, [
        bits('dscp', 'ip.dsfield.dscp', 0xfc, 'Differentiated Services Codepoint', { values: DSCP }),
        bits('ecn', 'ip.dsfield.ecn', 0x03, 'Explicit Congestion Notification', { values: ECN }),
      ], { spec: 'RFC 2474 §3', doc: 'How routers should queue the packet (DSCP) and whether it has met congestion (ECN).' }),
      length('len', 'ip.len', 'Total Length', 16, { bounds: true, doc: 'Header plus data in octets; bytes beyond it (Ethernet padding) are not part of the packet.' }),
      u16('id', 'ip.id', 'Identification', {
        default: 0,
        display: (v) => `0x${v.toString(16).padStart(4, '0')} (${v})`,
        doc: 'Ties the fragments of one datagram together.',
      }),
      packed('frag', 'Flags and fragment offset', 16, [
        {
          name: 'ip.flags',
          label: 'Flags',
          mask: 0xe000,
          at: [0, 1],
          hex: true,
          children: [
            { key: 'rb', name: 'ip.flags.rb', label: 'Reserved bit', mask: 0x8000, at: [0, 1], flag: true },
            { key: 'df', name: 'ip.flags.df', label: "Don't fragment", mask: 0x4000, at: [0, 1], flag: true, doc: 'Routers must drop rather than fragment the packet (path MTU discovery).' },
            { key: 'mf', name: 'ip.flags.mf', label: 'More fragments', mask: 0x2000, at: [0, 1], flag: true },
          ],
        },
        {
          key: 'offset',
          name: 'ip.frag_offset',
          label: 'Fragment Offset',
          mask: 0x1fff,
          at: [0, 2],
          display: (v) => `${v * 8}`,
          doc: 'Where this fragment belongs in the original datagram, in units of 8 octets.',
        },
      ]),
      u8('ttl', 'ip.ttl', 'Time to Live', { default: 64, doc: 'Each router takes one off; at zero the packet is dropped and an ICMP Time Exceeded goes back.' }),
      derived(8, 'protocol', 'ip.proto', 'Protocol', nextProtocol, {
        display: (v) => `${IP_PROTOCOL[v] ?? 'Unknown'} (${v})`,
        doc: 'What the payload is: 1 ICMP, 4 IPv4-in-IPv4, 17 UDP, 41 IPv6, 47 GRE.',
      }),
      checksum('checksum', 'ip.checksum', 'Header Checksum', {
        // RFC 791 §3.1: over the header only; each router recomputes it after decrementing the TTL.
        // A header cut short cannot be checked.
        compute: ({ bytes, headerEnd, msg }) => (headerEnd < ihlOf(msg) * 4 ? undefined : internetChecksum(bytes.subarray(0, headerEnd))),
        spec: 'RFC 791 §3.1',
        doc: 'Covers the header only; the payload has its own checksum.',
      }),
      ipv4('src', 'ip.src', 'Source Address'),
      ipv4('dst', 'ip.dst', 'Destination Address'),
      options,
      payload('ip.proto', (m) => ((frag(m).offset ?? 0) > 0 ? undefined : (m.protocol as number)), {
        // RFC 768 / RFC 9293 §3.1: the upper layer's checksum covers this pseudo-header.
        // A new IP header starts a new transport: what an outer UDP said (`transport: 'udp'`, which
        // zeroes a Mobility Header's checksum) is not about the packet inside (IPv4 in UDP 434/5437).
        inner: (m) => ({
          hints: { transport: 'ip' },
          ...(typeof m.src === 'string' && typeof m.dst === 'string' ? { pseudo: { version: 4, src: ipv4FromText(m.src), dst: ipv4FromText(m.dst) } } : {}),
        }),
        // Only the first fragment carries the upper header; later ones are shown as data.
        incomplete: (m) => frag(m).mf === true || (frag(m).offset ?? 0) > 0,
      }),
    ],
    {
      layer: true,
      spec: 'RFC 791 §3.1',
      summary: (v) => `Internet Protocol Version 4, Src: ${v.src}, Dst: ${v.dst}`,
      check: (v, node, ctx) => {
        const version = v.vihl?.version;
        if (version !== undefined && version !== 4) {
          ctx.problems.push({ id: 'ip.version.invalid', severity: 'error', message: `Version is ${version}, not 4`, start: node.start, end: node.start + 1 });
        }
        const ihl = v.vihl?.ihl;
        if (ihl !== undefined && ihl < 5) {
          ctx.problems.push({
            id: 'ip.hdr_len.invalid',
            severity: 'error',
            message: `Header Length is ${ihl * 4} bytes, less than the 20-byte minimum`,
            start: node.start,
            end: node.start + 1,
          });
        }
      },
    },
  ),
);

bind('eth.type', 0x0800, 'ip');
// RFC 2003 (IPv4 in IPv4) and RFC 2473 (IPv4 in IPv6): the same number after either header.
bind('ip.proto', 4, 'ip');

export type Ipv4Packet = LayerValue & {
  proto: 'ip';
  src: string;
  dst: string;
  ttl?: number;
  id?: number;
  /** The Protocol field; derived from the payload unless set. */
  protocol?: number;
  frag?: { df?: boolean; mf?: boolean; offset?: number };
  dsfield?: { dscp?: number; ecn?: number };
  /** Version and header length (in 32-bit words); filled in unless set. */
  vihl?: { version?: number; ihl?: number };
  /** Raw options, padded to a multiple of 4 octets on encode. */
  options?: Uint8Array;
  payload?: LayerValue;
};

/** An IPv4 packet around `payload`; the protocol number, lengths and checksum are filled in on encode. */
export function ipv4Packet(o: { src: string; dst: string; payload?: LayerValue; ttl?: number; id?: number; df?: boolean; dscp?: number }): Ipv4Packet {
  const v: Ipv4Packet = { proto: 'ip', src: o.src, dst: o.dst };
  if (o.payload) v.payload = o.payload;
  if (o.ttl !== undefined) v.ttl = o.ttl;
  if (o.id !== undefined) v.id = o.id;
  if (o.df) v.frag = { df: true };
  if (o.dscp !== undefined) v.dsfield = { dscp: o.dscp };
  return v;
}
