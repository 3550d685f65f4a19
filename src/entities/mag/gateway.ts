import { arpPacket } from '../../wire/arp';
import { ethernetFrame } from '../../wire/ethernet';
import { icmpEcho } from '../../wire/icmp';
import { ipv4Packet } from '../../wire/ipv4';
import type { Draft } from './draft';
import type { MagIpv4Event } from './ipv4-home-events';

/* The MAG as the mobile nodes' IPv4 default router on the access link: it answers ARP and echo for its addresses. */

/**
 * RFC 5844 §3.2.3.2: the MAG "SHOULD ... respond to any ARP requests sent by the mobile node to
 * resolve the hardware address of the default router", so a host that checks its gateway after a
 * link change (RFC 4436) finds it on the new link as on the old one.
 */
export function answerArp(d: Draft, ev: Extract<MagIpv4Event, { type: 'rx.arpRequest' }>): void {
  const mac = d.config.accessIfaces[ev.iface]!.mac;
  const reply = arpPacket({ opcode: 2, sha: mac, spa: ev.tpa, tha: ev.sha, tpa: ev.spa });
  d.emit({ type: 'tx.frame', iface: ev.iface, frame: ethernetFrame({ src: mac, dst: ev.sha, payload: reply }) });
  d.note(`${d.config.name} answers ARP for ${ev.tpa} on ${ev.iface}: the MN's default router is here too.`, 'RFC 5844 §3.2.3.2; RFC 826');
}

/** RFC 1122 §3.2.2.6: an echo to one of the MAG's addresses is answered, on the link it came from. */
export function answerEcho(d: Draft, ev: Extract<MagIpv4Event, { type: 'rx.echo4' }>): void {
  const e = Object.values(d.bul).find((x) => x.iface === ev.iface);
  const reply = icmpEcho({ reply: true, ident: ev.ident, seq: ev.seq, ...(ev.data ? { data: ev.data } : {}) });
  d.emit({ type: 'tx', packet: ipv4Packet({ src: ev.dst, dst: ev.src, payload: reply }), iface: ev.iface, ...(e ? { dstMac: e.mac } : {}) });
}
