import {
  bitPicture,
  bytesToText,
  derived,
  hexN,
  keyForPayload,
  mac,
  message,
  payload,
  registerProtocol,
  type Field,
  type FieldNode,
  type LayerValue,
} from './core';

/*
 * Ethernet II frame (IEEE 802.3 §3.1.1 with a Type field; RFC 894 carries IPv4 in it, RFC 2464
 * IPv6), as a capture shows it: without preamble and usually without the FCS.
 *
 *  0                   6                   12      14
 * +-------------------+-------------------+-------+---------------------+------------------+
 * | Destination (6)   | Source (6)        | Type  | payload             | padding to 60    |
 * +-------------------+-------------------+-------+---------------------+------------------+
 *
 * IEEE 802.3 §4.2.3.3: a frame is at least 64 octets with its FCS, so a sender pads shorter
 * payloads with zeros to 60 octets before the FCS. The payload's own length (IPv4 Total Length,
 * an ARP packet's fixed size) says where it ends; the bytes after it are the padding.
 */

/** The minimum frame without its FCS. */
const MIN_FRAME = 60;

export const ETHERTYPE: Readonly<Record<number, string>> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6' };

/** The address's LG and IG bits, which tshark shows on its first three octets. */
const lgIg = (node: FieldNode, which: 'dst' | 'src'): void => {
  const word = Number.parseInt(String(node.value).replace(/:/g, '').slice(0, 6), 16);
  const bit = (name: string, mask: number, label: string, set: string, clear: string): FieldNode => {
    const on = (word & mask) !== 0;
    const display = `${bitPicture(word, mask, 24)} = ${label}: ${on ? set : clear}`;
    return { name, label, start: node.start, end: node.start + 3, value: on, display, mask, bits: 24 };
  };
  node.children = [
    bit(`eth.${which}.lg`, 0x020000, 'LG bit', 'Locally administered address', 'Globally unique address (factory default)'),
    bit(`eth.${which}.ig`, 0x010000, 'IG bit', 'Group address (multicast/broadcast)', 'Individual address (unicast)'),
  ];
};

/**
 * What follows the payload: zero padding up to the 60-octet minimum, then any trailer, which
 * Wireshark takes for an FCS when it is exactly 4 octets of a frame of at least 64. These bytes lie
 * outside the 14-octet Ethernet header, so their nodes join the top level rather than the `eth`
 * node, which keeps every node inside its parent. They go right after `eth`, where Wireshark's
 * tree shows them, so the innermost protocol stays the last layer.
 */
const tail: Field<'padding', Uint8Array, true> = {
  // The trailer goes to `trailer` beside it (see EthernetFrame).
  key: 'padding',
  name: 'eth.tail',
  label: 'Padding and trailer',
  optional: true,
  kind: { t: 'other' },
  decode(cur, msg, ctx, scope) {
    if (cur.remaining === 0) return undefined;
    const at = cur.pos;
    const frameEnd = cur.end;
    const minEnd = scope.start + MIN_FRAME;
    let padEnd = at;
    if (frameEnd >= minEnd && at < minEnd && cur.bytes.subarray(at, minEnd).every((b) => b === 0)) padEnd = minEnd;
    const node = (name: string, label: string, start: number, end: number, doc: string): FieldNode => {
      const b = cur.bytes.subarray(start, end);
      return { name, label, start, end, value: bytesToText(b), display: bytesToText(b), spec: 'IEEE 802.3 §4.2.3.3', doc };
    };
    const padding = cur.bytesOf(padEnd - at) ?? new Uint8Array(0);
    const trailer = cur.rest();
    const own = ctx.layers.indexOf(scope.node);
    let slot = own < 0 ? ctx.layers.length : own + 1;
    const add = (n: FieldNode): void => {
      ctx.layers.splice(slot++, 0, n);
    };
    if (padding.length > 0) {
      msg.padding = padding.slice();
      add(node('eth.padding', 'Padding', at, padEnd, 'Zeros the sender added so the frame reaches the 60-octet minimum.'));
    }
    if (trailer.length > 0) {
      msg.trailer = trailer.slice();
      const fcs = trailer.length === 4 && frameEnd - scope.start >= MIN_FRAME + 4;
      if (fcs) {
        const v = ((trailer[0]! << 24) | (trailer[1]! << 16) | (trailer[2]! << 8) | trailer[3]!) >>> 0;
        add({
          name: 'eth.fcs',
          label: 'Frame check sequence',
          start: padEnd,
          end: frameEnd,
          value: v,
          display: `${hexN(v, 4)} [unverified]`,
          spec: 'IEEE 802.3 §3.2.9',
          doc: 'A CRC-32 over the frame; captures usually drop it, so four trailing octets are only probably an FCS.',
        });
      } else {
        add(node('eth.trailer', 'Trailer', padEnd, frameEnd, 'Bytes after the payload and its padding that no layer claims.'));
      }
    }
    return undefined;
  },
  encode(w, msg) {
    const padding = msg.padding as Uint8Array | undefined;
    const trailer = msg.trailer as Uint8Array | undefined;
    if (padding) w.bytes(padding);
    if (trailer) w.bytes(trailer);
  },
};

export const ethernet = registerProtocol(
  message(
    'eth',
    'Ethernet II',
    [
      mac('dst', 'eth.dst', 'Destination', { doc: 'The next hop on this link; ff:ff:ff:ff:ff:ff reaches every station.' }),
      mac('src', 'eth.src', 'Source'),
      derived(16, 'type', 'eth.type', 'Type', (m) => keyForPayload('eth.type', m), {
        display: (v) => `${ETHERTYPE[v] ?? 'Unknown'} (${hexN(v, 2)})`,
        doc: 'Which protocol the payload carries (the EtherType).',
        spec: 'IEEE 802.3 §3.2.6',
      }),
      payload('eth.type', (m) => m.type as number),
      tail,
    ],
    {
      layer: true,
      spec: 'IEEE 802.3 §3.1.1',
      // The tail field reads everything after the payload.
      trailing: 'ignore',
      summary: (v) => `Ethernet II, Src: ${v.src}, Dst: ${v.dst}`,
      check: (_v, node) => {
        for (const c of node.children ?? []) if (c.name === 'eth.dst' || c.name === 'eth.src') lgIg(c, c.name === 'eth.dst' ? 'dst' : 'src');
      },
    },
  ),
);

export type EthernetFrame = LayerValue & { proto: 'eth'; dst: string; src: string; type?: number; padding?: Uint8Array; trailer?: Uint8Array };

/** An Ethernet frame around `payload`; the Type comes from the payload's protocol. */
export function ethernetFrame(o: { src: string; dst: string; payload: LayerValue; type?: number }): EthernetFrame {
  return { proto: 'eth', ...o };
}
