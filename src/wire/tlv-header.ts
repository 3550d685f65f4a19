import {
  bind,
  bits,
  bitfield,
  derived,
  keyForPayload,
  length,
  message,
  payload,
  protocolCodec,
  registerProtocol,
  type Codec,
  type LayerValue,
} from './core';
import './data';

/*
 * The TLV header of the IPv4-UDP-TLV tunnel mode, RFC 5845 §7.2 (the format of the 2007 DSMIPv6
 * draft §4.1 that seed 002 points to):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Type=0 |Resrvd | Next Header   |            Length             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Length counts the octets after this header; Next Header is an IP protocol number (4, 41, 47).
 * tshark 4.0 has no dissector for it (PROTOCOLS.md §3.6), so the field names are ours, under
 * `pmip6.tlv.*`.
 */

const SPEC = 'RFC 5845 §7.2';

export const tlvHeader = registerProtocol(
  message(
    'pmip6.tlv',
    'PMIPv6 TLV header',
    [
      bitfield('typeAndReserved', 'pmip6.tlv.type_reserved', 'Type and Reserved', 8, [
        bits('type', 'pmip6.tlv.type', 0xf0, 'Type', {
          doc: 'Always 0, which tells this header apart from an IP version nibble (4 or 6).',
        }),
        bits('reservedBits', 'pmip6.tlv.reserved', 0x0f, 'Reserved'),
      ], { spec: SPEC }),
      derived(8, 'nextHeader', 'pmip6.tlv.next_header', 'Next Header', (m) => keyForPayload('ip.proto', m), {
        values: { 4: 'IPv4', 41: 'IPv6', 47: 'GRE' },
        doc: 'The IP protocol number of what follows: 4 = IPv4, 41 = IPv6, 47 = GRE.',
      }),
      length('length', 'pmip6.tlv.length', 'Length', 16, {
        from: 'next',
        bounds: true,
        doc: 'Octets after the TLV header; equals the UDP length − 8 − 4.',
      }),
      payload('ip.proto', (m) => m.nextHeader as number),
    ],
    {
      layer: true,
      spec: SPEC,
      summary: (v) => `TLV header, next header ${v.nextHeader ?? '?'}, length ${v.length ?? '?'}`,
      check: (v, node, ctx) => {
        const type = v.typeAndReserved?.type ?? 0;
        if (type !== 0) {
          ctx.problems.push({
            id: 'pmip6.tlv.type.invalid',
            severity: 'error',
            message: `TLV header Type is ${type} but must be 0 (RFC 5845 §7.2).`,
            start: node.start,
            end: node.start + 1,
          });
        }
      },
    },
  ),
);

export type TlvHeaderValue = (typeof tlvHeader extends Codec<infer T> ? T : never) & { proto: 'pmip6.tlv' };

/** The TLV header around a payload (next header and length are computed). */
export function tlvPacket(inner: LayerValue): TlvHeaderValue {
  return { proto: 'pmip6.tlv', payload: inner };
}

/** UDP port for PMIPv6 data over IPv4-UDP (`pmip6-data`, RFC 5844 §4). */
export const PMIP6_DATA_PORT = 5437;
/** UDP port of DSMIPv6 NAT traversal (`dsmipv6`, RFC 5555 §2.3.2.2), used by seed 002 for the PBU. */
export const DSMIP6_PORT = 4191;

const byNibble: Readonly<Record<number, string>> = { 0: 'pmip6.tlv', 4: 'ip', 6: 'ipv6' };

/**
 * What follows the UDP header on ports 5437 and 4191, chosen by the first nibble: 0 = TLV header,
 * 4 = IPv4, 6 = IPv6 (RFC 5844 §4 and RFC 5845 §7.2: the receiver looks at the version nibble).
 *
 * - 5437 carries data: an inner IPv4 or IPv6 packet, or a TLV header before it (IPv4-UDP-TLV).
 * - 4191 is how seed 002 (Figs. 8 and 11) carries the PBU/PBA: IPv4 | UDP | [TLV] | IPv6 | MH,
 *   with an inner IPv6 header before the Mobility Header, as DSMIPv6 does. RFC 5844 instead puts
 *   the MH directly after UDP on port 5436, with no inner IPv6 header (PROTOCOLS.md §3.5).
 *
 * tshark has no binding for either port: it needs `-d udp.port==5437,ip` / `-d udp.port==4191,ipv6`
 * (Decode As, PROTOCOLS.md §12), and even then cannot read the TLV header.
 *
 * This is a dispatcher, not a layer: it adds no node of its own. The inner packet's value carries
 * its own `proto`, so encoding goes straight to that codec and never through here.
 */
export const udpEncapsulation: Codec<LayerValue> = registerProtocol<LayerValue>({
  id: 'pmip6.udp-encap',
  label: 'PMIPv6 UDP encapsulation',
  fields: [],
  options: {},
  decode(cur, ctx) {
    const first = cur.peekU8();
    const id = first === undefined ? undefined : byNibble[first >> 4];
    const codec = (id && protocolCodec(id)) || protocolCodec('data')!;
    if (!id && first !== undefined) {
      cur.problem(
        'pmip6.udp-encap.unknown',
        'warn',
        `The first nibble is ${first >> 4}: neither a TLV header (0) nor an IPv4 (4) or IPv6 (6) packet.`,
        cur.pos,
        cur.pos + 1,
      );
    }
    const sub = cur.sub(cur.remaining, codec.id);
    // The inner packet starts afresh: what the outer UDP said (`transport: 'udp'`) is not about it.
    const out = codec.decode(sub, { ...ctx, hints: { tunnel: 'udp' } });
    // A packet that knows its length may end early: hand the rest back so UDP shows it.
    if (sub.end < cur.pos) cur.pos = cur.end = sub.end;
    return out;
  },
  encode(_w, value) {
    throw new Error(`pmip6.udp-encap only dispatches decoding; encode the inner ${value.proto} packet itself`);
  },
});

bind('udp.port', DSMIP6_PORT, 'pmip6.udp-encap');
bind('udp.port', PMIP6_DATA_PORT, 'pmip6.udp-encap');
