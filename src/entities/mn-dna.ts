import { arpPacket } from '../wire/arp';
import type { LayerValue } from '../wire/core';
import { ethernetFrame } from '../wire/ethernet';
import { icmpEcho } from '../wire/icmp';
import { ipv4Packet } from '../wire/ipv4';
import type { Effect } from '../sim/effects';

/*
 * How an unmodified IPv4 host checks its link after the link went down and up (RFC 5563 §6, seed
 * 000 §6): it asks ARP for its default gateway (§6.1; DNAv4, RFC 4436) and some stacks send the
 * gateway an ICMP echo with TTL 1 to see that it is still directly reachable (§6.2). A PMA that
 * serves the host answers both as the home network's gateway would, so the host believes it has not
 * moved. The host also answers ARP for its own address, as any host does (RFC 826).
 */

/** The echo Identifier of the reachability probe, apart from the correspondent's stream ("DN"). */
export const PROBE_IDENTIFIER = 0x444e;
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export interface LinkCheck {
  /** IPv4 address → MAC, as ARP taught the host. */
  arp: Readonly<Record<string, string>>;
  /** The probes sent, with the time each was answered. */
  probes: readonly { seq: number; router: string; sentUs: number; answeredUs?: number }[];
}

export const linkCheck = (): LinkCheck => ({ arp: {}, probes: [] });

export type MnDnaEvent =
  | { type: 'rx.arp'; opcode: number; sha: string; spa: string; tpa: string }
  | { type: 'rx.echoReply4'; src: string; ident: number; seq: number };

/** An ARP packet, or an ICMP echo reply to the probe, as the MN's event. */
export function mnDnaEvent(packet: LayerValue): MnDnaEvent | undefined {
  if (packet.proto === 'arp') {
    return { type: 'rx.arp', opcode: packet.opcode as number, sha: packet.sha as string, spa: packet.spa as string, tpa: packet.tpa as string };
  }
  const icmp = packet.payload as LayerValue | undefined;
  if (packet.proto !== 'ip' || icmp?.proto !== 'icmp' || icmp.type !== 0 || icmp.ident !== PROBE_IDENTIFIER) return undefined;
  return { type: 'rx.echoReply4', src: packet.src as string, ident: icmp.ident as number, seq: icmp.seq as number };
}

export interface HostView {
  nowUs: number;
  iface: string;
  mac: string;
  /** The host's IPv4 address and default gateway, once it has them. */
  address?: string;
  router?: string;
}

export type Step = { check: LinkCheck; effects: Effect[] };

/** The link came up again: ARP for the gateway, and the TTL-1 probe, when the host has an address to check. */
export function checkLink(c: LinkCheck, h: HostView): Step {
  if (!h.address || !h.router) return { check: c, effects: [] };
  const seq = c.probes.length + 1;
  const arp = arpPacket({ opcode: 1, sha: h.mac, spa: h.address, tpa: h.router });
  const probe = ipv4Packet({ src: h.address, dst: h.router, ttl: 1, payload: icmpEcho({ ident: PROBE_IDENTIFIER, seq }) });
  return {
    check: { arp: {}, probes: [...c.probes, { seq, router: h.router, sentUs: h.nowUs }] },
    effects: [
      {
        type: 'note',
        text: `The link is up again. The host keeps ${h.address} and checks that its gateway ${h.router} is still there: an ARP request, and an ICMP echo with TTL 1 that only a router on this very link can answer.`,
        section: 'RFC 5563 §4.1.3 step 4, §6.1, §6.2; seed 000 §9.2',
      },
      { type: 'tx.frame', iface: h.iface, frame: ethernetFrame({ src: h.mac, dst: BROADCAST_MAC, payload: arp }) },
      { type: 'tx', iface: h.iface, packet: probe },
    ],
  };
}

/** ARP in: learn the sender, and answer a request for the host's own address (RFC 826). */
export function onArp(c: LinkCheck, e: Extract<MnDnaEvent, { type: 'rx.arp' }>, h: HostView): Step {
  if (!h.address || e.tpa !== h.address) return { check: c, effects: [] };
  const check: LinkCheck = { ...c, arp: { ...c.arp, [e.spa]: e.sha } };
  if (e.opcode === 1) {
    const reply = arpPacket({ opcode: 2, sha: h.mac, spa: h.address, tha: e.sha, tpa: e.spa });
    return { check, effects: [{ type: 'tx.frame', iface: h.iface, frame: ethernetFrame({ src: h.mac, dst: e.sha, payload: reply }) }] };
  }
  const firstAnswer = c.arp[e.spa] === undefined && e.spa === h.router;
  return {
    check,
    effects: firstAnswer ? [{ type: 'note', text: `The gateway ${e.spa} answers from ${e.sha}: for the host nothing has changed.`, section: 'RFC 5563 §6.1; seed 000 §6.1' }] : [],
  };
}

/** The probe's answer: the gateway is still one hop away, so the host is still at home. */
export function onProbeReply(c: LinkCheck, e: Extract<MnDnaEvent, { type: 'rx.echoReply4' }>, h: HostView): Step {
  const i = c.probes.findIndex((p) => p.seq === e.seq && p.router === e.src && p.answeredUs === undefined);
  if (i < 0) return { check: c, effects: [] };
  const probes = c.probes.map((p, j) => (j === i ? { ...p, answeredUs: h.nowUs } : p));
  return {
    check: { ...c, probes },
    effects: [{ type: 'note', text: `The gateway ${e.src} answers the TTL-1 echo: the host concludes it is still on its home network.`, section: 'RFC 5563 §6.2; seed 000 §6.2' }],
  };
}

export function linkCheckRows(c: LinkCheck | undefined): Record<string, string>[] {
  if (!c) return [];
  return Object.entries(c.arp).map(([ip, mac]) => ({ address: ip, MAC: mac }));
}
