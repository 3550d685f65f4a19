import { bind, bytes, hexN, ipv4, mac, message, registerProtocol, u16, u8, when, type Field, type FieldNode, type LayerValue } from './core';

/*
 * RFC 826, "Packet format" (and RFC 5227 §2.3 for the announcement):
 *
 *  0                   2                   4         5         6                   8
 * +-------------------+-------------------+---------+---------+-------------------+
 * | Hardware type (1) | Protocol (0x0800) | HW len  | Prot len| Opcode (1 or 2)   |
 * +-------------------+-------------------+---------+---------+-------------------+
 * | Sender hardware address (6) | Sender protocol address (4) |
 * | Target hardware address (6) | Target protocol address (4) |   28 octets for Ethernet/IPv4
 *
 * The four addresses are as long as the two length octets say; Ethernet and IPv4 are decoded by
 * name (tshark's arp.src.hw_mac, arp.src.proto_ipv4…), any other sizes are kept as bytes.
 */

// Left out by an encoder, the sizes and type take their Ethernet/IPv4 defaults.
const ethIp = (m: Record<string, unknown>): boolean =>
  (m.hlen ?? 6) === 6 && (m.plen ?? 4) === 4 && (m.ptype ?? 0x0800) === 0x0800;
const other = (m: Record<string, unknown>): boolean => !ethIp(m);
const hl = (m: Record<string, unknown>): number => m.hlen as number;
const pl = (m: Record<string, unknown>): number => m.plen as number;

export const ARP_OPCODE: Readonly<Record<number, string>> = { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply' };

const zeroMac = '00:00:00:00:00:00';

/**
 * ARP has no length field: the packet ends after the target protocol address. Ending the layer
 * there hands what follows (Ethernet padding) back to the link layer.
 */
const packetEnd: Field<'end', never, true> = {
  key: 'end',
  name: 'arp.end',
  label: 'End of packet',
  optional: true,
  kind: { t: 'other' },
  decode(cur) {
    cur.end = cur.pos;
    return undefined;
  },
  encode() {},
};

/** RFC 5227 §2.3/§3: sender and target protocol addresses are the same; a request with an empty target MAC is an announcement. */
function kind(v: Record<string, unknown>): { gratuitous: boolean; announcement: boolean } {
  const gratuitous = ethIp(v) && v.spa !== undefined && v.spa === v.tpa;
  return { gratuitous, announcement: gratuitous && v.opcode === 1 && v.tha === zeroMac };
}

export const arp = registerProtocol(
  message(
    'arp',
    'Address Resolution Protocol',
    [
      u16('htype', 'arp.hw.type', 'Hardware type', { default: 1, values: { 1: 'Ethernet' } }),
      u16('ptype', 'arp.proto.type', 'Protocol type', {
        default: 0x0800,
        display: (v) => `${v === 0x0800 ? 'IPv4' : 'Unknown'} (${hexN(v, 2)})`,
      }),
      u8('hlen', 'arp.hw.size', 'Hardware size', { default: 6 }),
      u8('plen', 'arp.proto.size', 'Protocol size', { default: 4 }),
      u16('opcode', 'arp.opcode', 'Opcode', { values: ARP_OPCODE, doc: 'A request asks who has the target address; the reply says which MAC has it.' }),
      when(ethIp, mac('sha', 'arp.src.hw_mac', 'Sender MAC address')),
      when(ethIp, ipv4('spa', 'arp.src.proto_ipv4', 'Sender IP address')),
      when(ethIp, mac('tha', 'arp.dst.hw_mac', 'Target MAC address', { doc: 'Unknown in a request, so it is sent as zeros.' })),
      when(ethIp, ipv4('tpa', 'arp.dst.proto_ipv4', 'Target IP address')),
      when(other, bytes('shaRaw', 'arp.src.hw', 'Sender hardware address', { size: hl })),
      when(other, bytes('spaRaw', 'arp.src.proto', 'Sender protocol address', { size: pl })),
      when(other, bytes('thaRaw', 'arp.dst.hw', 'Target hardware address', { size: hl })),
      when(other, bytes('tpaRaw', 'arp.dst.proto', 'Target protocol address', { size: pl })),
      packetEnd,
    ],
    {
      layer: true,
      spec: 'RFC 826',
      summary: (v) => {
        const k = kind(v);
        if (k.announcement) return `ARP Announcement for ${v.spa}`;
        if (k.gratuitous) return `Gratuitous ARP for ${v.spa} (${v.opcode === 2 ? 'Reply' : 'Request'})`;
        if (v.opcode === 1) return `Who has ${v.tpa ?? '?'}? Tell ${v.spa ?? '?'}`;
        if (v.opcode === 2) return `${v.spa ?? '?'} is at ${v.sha ?? '?'}`;
        return `ARP ${ARP_OPCODE[v.opcode] ?? `opcode ${v.opcode}`}`;
      },
      check: (v, node) => {
        const k = kind(v);
        if (!k.gratuitous) return;
        // tshark adds these after the opcode, as zero-length items at the start of the packet.
        const flag = (name: string, label: string, doc: string): FieldNode => ({
          name,
          label,
          start: node.start,
          end: node.start,
          value: true,
          display: `${label}: True`,
          generated: true,
          doc,
          spec: 'RFC 5227 §3',
        });
        const at = (node.children ?? []).findIndex((c) => c.name === 'arp.opcode') + 1;
        const extra = [flag('arp.isgratuitous', 'Is gratuitous', 'Sender and target IP are the same: the sender announces or refreshes its own binding.')];
        if (k.announcement) extra.push(flag('arp.isannouncement', 'Is announcement', 'An ARP request for its own address: "this IP is mine now" (RFC 5227).'));
        node.children?.splice(at, 0, ...extra);
      },
    },
  ),
);

bind('eth.type', 0x0806, 'arp');

export type ArpPacket = LayerValue & {
  proto: 'arp';
  opcode: number;
  sha: string;
  spa: string;
  tha?: string;
  tpa: string;
};

/** An Ethernet/IPv4 ARP packet; the target MAC of a request is zeros (RFC 826). */
export function arpPacket(o: { opcode: 1 | 2; sha: string; spa: string; tha?: string; tpa: string }): ArpPacket {
  return { proto: 'arp', ...o, tha: o.tha ?? zeroMac };
}

/** A gratuitous ARP: a reply (or, for an announcement, a request) about the sender's own address, to everyone. */
export function gratuitousArp(o: { sha: string; ip: string; announcement?: boolean }): ArpPacket {
  return o.announcement
    ? arpPacket({ opcode: 1, sha: o.sha, spa: o.ip, tha: zeroMac, tpa: o.ip })
    : arpPacket({ opcode: 2, sha: o.sha, spa: o.ip, tha: o.sha, tpa: o.ip });
}
