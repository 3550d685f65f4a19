import { ECHO_IDENTIFIER } from '../../protocols/data-stream';
import type { LayerValue } from '../../wire/core';
import { DHCP_MESSAGE_TYPES, dhcpType, type DhcpMessage } from '../../wire/dhcpv4';
import type { PacketEvent } from '../../sim/trace';
import type { StepRule } from '../definition';
import { after, and, before, kindOf, layers, rule, type Match } from '../pmipv6/steps';
import type { DhcpPlacement } from './home-address-lab';

/*
 * The steps of pmipv6-ipv4-home-address, numbered as seed 002's figures number them (Fig. 2 for
 * mag-server, Fig. 3 for relay-to-lma, Figs. 14 and 15 for the Appendix A placements), then the
 * handover of §3.2.2 and the IPv4 data through the IPv4-in-IPv6 tunnel.
 */

export const SEED = 'draft-ietf-netlmm-pmip6-ipv4-support-02';
export const cite = (seed: string, rfc?: string): string => `${SEED} ${seed}${rfc ? `; ${rfc}` : ''}`;

const FIGURE: Readonly<Record<DhcpPlacement, string>> = { 'mag-server': 'Fig. 2', 'relay-to-lma': 'Fig. 3', 'relay-to-server': 'Fig. 14', 'double-relay': 'Fig. 15' };

/**
 * `DHCPDISCOVER` … `DHCPNAK` for DHCP, `echo4-request`/`echo4-reply` for the CN's ICMP echo,
 * `probe4-request`/`probe4-reply` for another echo (a host checking its gateway), `ARP request`/`ARP
 * reply`, else the PMIPv6 kinds (`PBU`, `PBA(130)`, `RA`, …).
 */
export function kindOf4(frame: LayerValue | undefined): string {
  const all = layers(frame);
  const arp = all.find((l) => l.proto === 'arp');
  if (arp) return arp.opcode === 1 ? 'ARP request' : 'ARP reply';
  const dhcp = all.find((l) => l.proto === 'dhcp');
  if (dhcp) return `DHCP${(DHCP_MESSAGE_TYPES[dhcpType(dhcp as unknown as DhcpMessage) ?? 0] ?? 'UNKNOWN').toUpperCase()}`;
  const icmp = all.find((l) => l.proto === 'icmp');
  if (icmp && (icmp.type === 8 || icmp.type === 0)) {
    const tunnelled = all.filter((l) => l.proto === 'ip' || l.proto === 'ipv6').length > 1 ? ' (tunnelled)' : '';
    const what = icmp.ident === ECHO_IDENTIFIER ? 'echo4' : 'probe4';
    return `${what}-${icmp.type === 8 ? 'request' : 'reply'}${tunnelled}`;
  }
  return kindOf(frame);
}

/** Packets of this kind (a prefix: `echo4-request` takes the tunnelled ones), optionally from and to. */
export function is4(kind: string, from?: string, to?: string): Match {
  return (p, frame) => {
    const k = kindOf4(frame);
    return (k === kind || k.startsWith(`${kind} `)) && (!from || p.from === from) && (!to || p.to === to);
  };
}

const toMn: Match = (p) => p.to.startsWith('mn');
const fromMn: Match = (p) => p.from.startsWith('mn');
const not = (m: Match): Match => (p, f) => !m(p, f);
const delivered: Match = (p) => p.fate === 'delivered';

/** The attachment of `mn` at `mag`, from `fromUs` until `untilUs`: access authentication, the DHCP exchange and the binding, as the placement's figure numbers them. */
export function attachSteps(dhcp: DhcpPlacement, mag: string, mn: string, o: { fromUs?: number; untilUs?: number } = {}): StepRule[] {
  const t = and(after(o.fromUs ?? 0), before(o.untilUs ?? Infinity));
  const fig = FIGURE[dhcp];
  const M = mag.toUpperCase();
  const auth = cite('§3.2.2', 'RFC 5213 §6.5');
  const common = [
    rule('', `${M} identifies the MN and fetches its policy profile (RADIUS Access-Request, User-Name = NAI)`, auth, and(t, is4('Access-Request', mag, 'aaa')), true),
    rule('', 'The AAA answers with the profile: the MN may attach', auth, and(t, is4('Access-Accept', 'aaa', mag)), true),
    rule('', 'A dual-stack MN also solicits a router; the RA waits for the PBA', cite('§3', 'RFC 5213 §6.9.2'), and(t, is4('RS', mn, mag)), true),
    rule('', `${M} advertises the IPv6 home network prefix too (dual stack)`, cite('§3.2.2', 'RFC 5213 §6.7'), and(t, is4('RA', mag, mn)), true),
  ];
  if (dhcp === 'mag-server') {
    return [
      ...common,
      rule('1', `DHCP discovery: the MN broadcasts a DHCPDISCOVER to ${M}, its DHCP server`, cite(`${fig}, §3.1`), and(t, is4('DHCPDISCOVER', mn, mag)), true),
      rule('2', `${M} sends the Proxy Binding Update at once, with the IPv4 Home Address Request 0.0.0.0: "allocate one"`, cite(`${fig}, §3.2.2`, 'RFC 5844 §3.3.1'), and(t, is4('PBU', mag, 'lma')), true),
      rule('3', 'The LMA allocates from its pool and answers with the IPv4 home address (IPv4 Home Address Reply, Default-Router Address)', cite(`${fig}, §3.3.2`, 'RFC 5844 §3.1.2.2, §3.3.2'), and(t, is4('PBA', 'lma', mag)), true),
      rule('3', 'The LMA cannot allocate an IPv4 home address: status 130, insufficient resources', cite('§3.3.2', 'RFC 5844 §3.1.2.2'), and(t, is4('PBA(130)', 'lma', mag)), true),
      rule('5', `DHCP offer: ${M} offers the LMA's address, naming itself as the server identifier`, cite(`${fig}, §3.1`), and(t, is4('DHCPOFFER', mag, mn)), true),
      rule('6', 'DHCP request for the offered address', cite(fig, 'RFC 2131 §4.3.2'), and(t, is4('DHCPREQUEST', mn, mag)), true),
      rule('7', 'DHCP acknowledgement: the MN configures its IPv4 home address', cite(fig, 'RFC 2131 §4.3.2'), and(t, is4('DHCPACK', mag, mn)), true),
      rule('', 'The MAG refuses the request: DHCPNAK', cite('§3.2.2', 'RFC 2131 §4.3.2'), and(t, is4('DHCPNAK', mag, mn)), true),
    ];
  }
  const server = dhcp === 'relay-to-lma' ? 'the DHCP server in the LMA' : 'the DHCP server';
  const via = dhcp === 'double-relay' ? ' through the relay in the LMA' : '';
  return [
    ...common,
    rule('1', `DHCP discovery, relayed by ${M} (giaddr, option 82) to ${server}${via}`, cite(`${fig}, §3.1`, 'RFC 2131 §4.1'), and(t, is4('DHCPDISCOVER')), true),
    rule('2', `DHCP offer of an IPv4 home address from ${server}, relayed back to the MN`, cite(fig), and(t, is4('DHCPOFFER')), true),
    rule('3', 'DHCP request for the offered address, relayed', cite(fig), and(t, is4('DHCPREQUEST')), true),
    rule('4', `DHCP acknowledgement from ${server}: ${M} holds it`, cite(`${fig}, §3.2.2`), and(t, is4('DHCPACK'), not(toMn)), true),
    rule('5', `${M} sends the Proxy Binding Update with the assigned address in the IPv4 Home Address Request`, cite(`${fig}, §3.2.2`, 'RFC 5844 §3.3.1'), and(t, is4('PBU', mag, 'lma')), true),
    rule('6', 'The LMA checks the address is on its IPv4 home network and acknowledges (IPv4 Home Address Reply); no allocation of its own', cite(`${fig}, §3.1`, 'RFC 5844 §3.1.2.2'), and(t, is4('PBA', 'lma', mag)), true),
    rule('8', `Tunnel and host route are up: ${M} forwards the DHCP acknowledgement it held`, cite(`${fig}, §3.2.2`), and(t, is4('DHCPACK', mag, mn)), true),
    rule('', `${server} refuses the request: DHCPNAK`, cite(fig, 'RFC 2131 §4.3.2'), and(t, is4('DHCPNAK')), true),
  ];
}

/** The MN moves to MAG2 at `moveUs`: MAG1 de-registers, MAG2 registers at once with 0.0.0.0 and the LMA keeps the address. */
export function handoverSteps(moveUs: number): StepRule[] {
  const t = after(moveUs);
  return [
    rule('H1', 'The MN has left: MAG1 de-registers it, with the registered IPv4 home address in the PBU (lifetime 0)', cite('§3.2.2'), and(t, is4('PBU(dereg)', 'mag1', 'lma')), true),
    rule('H1', 'The LMA acknowledges the de-registration', cite('§3.3.2', 'RFC 5213 §5.3.5'), and(t, is4('PBA', 'lma', 'mag1')), true),
    rule('H2', 'MAG2 identifies the MN (RADIUS)', cite('§3.2.2', 'RFC 5213 §6.5'), and(t, (p, f) => /Access-/.test(kindOf4(f)) && (p.from === 'mag2' || p.to === 'mag2')), true),
    rule('H2', 'The MN’s link came back: it checks its default router with ARP and a TTL-1 echo (RFC 4436)', 'RFC 5563 §6; RFC 4436', and(t, fromMn, (p, f) => /^(ARP request|probe4-request)/.test(kindOf4(f))), true),
    rule('H2', 'MAG2 answers for the default router, as MAG1 did: for the MN nothing has changed', cite('§3.2.2', 'RFC 5844 §3.2.3.2'), and(t, toMn, (p, f) => /^(ARP reply|probe4-reply)/.test(kindOf4(f))), true),
    rule('H2', 'A dual-stack MN solicits a router on the new link', cite('§3', 'RFC 5213 §6.9.2'), and(t, is4('RS', undefined, 'mag2')), true),
    rule('H3', 'MAG2 registers the MN at once (Handoff Indicator 3, IPv4 Home Address Request 0.0.0.0): no DHCPDISCOVER will come', cite('§3.2.2', 'RFC 5844 §3.1.2.1'), and(t, is4('PBU', 'mag2', 'lma')), true),
    rule('H4', 'The LMA moves the binding and the IPv4 host route to MAG2 and returns the same IPv4 home address', cite('§3.3.2, §3.3.3', 'RFC 5844 §3.1.2.4'), and(t, is4('PBA', 'lma', 'mag2')), true),
    rule('H4', 'MAG2 advertises the IPv6 home network prefix (dual stack)', cite('§3', 'RFC 5213 §6.9.2'), and(t, is4('RA', 'mag2')), true),
    rule('H4', 'MAG2 withdraws MAG1 as the MN’s IPv6 default router', 'draft-sgundave-mip6-proxymip6-01 §7.3', and(t, is4('RA(withdraw)', 'mag2')), true),
  ];
}

/**
 * DHCP after the handover (seed 002 §3.2.2, last bullet): at T1 the MN unicasts its renewal to the
 * server it knows. With the MAG as server that is MAG1, and MAG2 discards it; at T2 the MN
 * broadcasts (REBINDING) and MAG2 answers with the same address. With a relay, MAG2 relays the
 * renewal to the same server, which acknowledges it.
 */
export function renewalSteps(dhcp: DhcpPlacement, fromUs: number): StepRule[] {
  const t = after(fromUs);
  const discarded: Match = (p) => p.fate === 'filtered';
  const unicast = (p: PacketEvent, f: LayerValue | undefined): boolean => layers(f).find((l) => l.proto === 'ip')?.dst !== '255.255.255.255';
  if (dhcp === 'mag-server') {
    return [
      rule('R1', 'T1: the MN unicasts its renewal to the server identifier it knows, the previous MAG; the new MAG discards it', cite('§3.2.2, last bullet', 'RFC 2131 §4.4.5'), and(t, is4('DHCPREQUEST'), fromMn, discarded), true),
      rule('R1', 'T1: the MN renews by unicast to its server, reachable on this link (RFC 5844 §3.4.1, Fig. 8)', cite('§3.2.2', 'RFC 5844 §3.4.1'), and(t, is4('DHCPREQUEST'), fromMn, unicast, delivered), true),
      rule('R2', 'T2: no answer, so the MN broadcasts its request (REBINDING, no server identifier)', cite('§3.2.2, last bullet', 'RFC 2131 §4.4.5'), and(t, is4('DHCPREQUEST'), fromMn, not(unicast)), true),
      rule('R3', 'The new MAG acknowledges the same IPv4 home address, as the MN’s server now', cite('§3.2.2', 'RFC 5844 §3.4.1'), and(t, is4('DHCPACK'), toMn), true),
      rule('', 'The MN without an address tries again: no DHCPOFFER came', cite('§3.2.2', 'RFC 2131 §4.1'), and(t, is4('DHCPDISCOVER'), fromMn), true),
    ];
  }
  return [
    rule('R1', 'T1: the MN unicasts its renewal to its DHCP server; MAG2, in the path, relays it with its own giaddr', cite('§3.2.2, App. A', 'RFC 5844 §3.4.2'), and(t, is4('DHCPREQUEST')), true),
    rule('R2', 'The server extends the lease on the same address; MAG2 passes the acknowledgement on', cite('§3.2.2', 'RFC 2131 §4.3.2'), and(t, is4('DHCPACK')), true),
  ];
}

/** The CN's IPv4 echo to the IPv4 home address, through the IPv4-in-IPv6 tunnel (seed 002 §3.2.2, §3.3.3). */
export function ipv4TrafficSteps(): StepRule[] {
  const s = cite('§3.2.2, §3.3.3', 'RFC 5844 §3.1.3');
  return [
    rule('', 'An echo lost while the host route moves from MAG1 to MAG2', cite('§3.3.3'), and(not(delivered), (p, f) => kindOf4(f).startsWith('echo4')), true),
    rule('D', 'CN → MN echo request (IPv4), to the IPv4 home address', s, is4('echo4-request', 'cn', 'lma'), true),
    rule('D', 'The LMA’s host route sends it into the tunnel: IPv4-in-IPv6', s, is4('echo4-request', 'lma'), true),
    rule('D', 'The MAG decapsulates it and delivers it on the access link', s, and(is4('echo4-request'), toMn), true),
    rule('D', 'MN → CN echo reply, from its IPv4 home address', s, and(is4('echo4-reply'), fromMn), true),
    rule('D', 'The MAG’s IPv4 default route for the home address takes it into the tunnel to the LMA', s, and(is4('echo4-reply'), (p) => p.from.startsWith('mag')), true),
    rule('D', 'The LMA forwards the reply to the CN', s, is4('echo4-reply', 'lma', 'cn'), true),
  ];
}
