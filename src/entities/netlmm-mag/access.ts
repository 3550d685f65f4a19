import { utf8FromText, utf8ToText, type LayerValue } from '../../wire/core';
import { DHCPV6_CLIENT_PORT, DHCPV6_OPTION, DHCPV6_SERVER_PORT, DHCPV6_TYPE, assignedAddress, dhcpv6Option, relayedMessage, relayMessage, type Dhcpv6Message } from '../../wire/dhcpv6';
import { neighborAdvertisement, routerAdvertisement } from '../../wire/icmpv6';
import { ipv6Packet } from '../../wire/ipv6';
import { mtu, prefixInfo, sourceLinkLayer, targetLinkLayer } from '../../wire/ndp';
import { cite, entryOnIface, identifyId, setEntry, type MagEntry, type MagRun } from './types';

/*
 * The MAG on its access links (seed 003 §4.1 steps 1-2, Appendix B): it advertises the LMD prefix
 * to an MN as soon as the MN attaches, relays its DHCPv6 exchange and learns the pHoA from the
 * server's answer, or watches the Duplicate Address Detection of a pHoA the MN configured itself,
 * and defends that address when the PMIP clients find it is not unique.
 */

const ALL_NODES = 'ff02::1';
/** The link MTU an MN may use: 1500 less the 40 octets of the tunnel to the LMA (RFC 5213 §6.9.2 ¶3). */
const LINK_MTU = 1460;

/** RFC 4861 §6.2.4, §4.2: from the LMD's router address, hop limit 255, to the MN's MAC only. */
export function advertise(run: MagRun, e: MagEntry, why: 'attach' | 'solicited'): void {
  const c = run.ctx.config;
  const ifc = c.accessIfaces[e.iface!]!;
  const [prefix, len] = c.prefix.split('/');
  const stateless = c.addressing === 'stateless';
  const ra = routerAdvertisement({
    managed: !stateless,
    routerLifetime: c.ra.routerLifetime,
    options: [
      sourceLinkLayer(ifc.mac),
      mtu(LINK_MTU),
      // Not on-link: every packet goes through the MAG, so MNs on different links never try to reach each other directly.
      prefixInfo({ prefix: prefix!, length: Number(len), onLink: false, autonomous: stateless, valid: c.ra.validLifetime, preferred: c.ra.preferredLifetime }),
    ],
  });
  run.tx(ipv6Packet({ src: ifc.linkLocal, dst: ALL_NODES, hopLimit: 255, payload: ra }), { iface: e.iface!, dstMac: e.mac! });
  if (why === 'attach') {
    const how = stateless ? 'A set: the MN configures its pHoA itself (Appendix B)' : 'M set: the MN asks DHCPv6 for its pHoA';
    run.note(`${c.name} advertises the LMD prefix ${c.prefix} to ${e.mnId} (${how}).`, cite('§4.1 step 2, §3'));
  }
}

/** RFC 8415 §19.1.1: the MN's message in a Relay-forw to the server, the access link named by an Interface-Id. */
export function relayToServer(run: MagRun, iface: string, src: string, m: Dhcpv6Message): void {
  const c = run.ctx.config;
  if (!c.dhcpServer) return run.note(`${c.name} has no DHCPv6 server to relay to.`, 'RFC 8415 §19.1');
  const e = entryOnIface(run.ctx, iface);
  if (e && e.state === 'attached') {
    setEntry(run, { ...e, state: 'acquiring' });
    run.cancel(identifyId(e.mnId));
  }
  const forw = relayMessage({ msgtype: DHCPV6_TYPE.RelayForw, hopcount: 0, linkaddr: '::', peeraddr: src, interfaceId: utf8FromText(iface), inner: m });
  const udp: LayerValue = { proto: 'udp', srcport: DHCPV6_SERVER_PORT, dstport: DHCPV6_SERVER_PORT, payload: forw };
  run.tx(ipv6Packet({ src: c.address, dst: c.dhcpServer, payload: udp }));
  run.note(`${c.name} relays ${e?.mnId ?? 'the MN'}'s DHCPv6 request to the server, so it will see the address assigned.`, cite('§4.1 step 2; RFC 8415 §19.1.1'));
}

/** RFC 8415 §19.2: the server's answer goes back to the MN; an assigned address is the MN's pHoA. Returns the entry that learnt one. */
export function relayToClient(run: MagRun, m: Dhcpv6Message): MagEntry | undefined {
  const c = run.ctx.config;
  const id = dhcpv6Option(m, DHCPV6_OPTION.InterfaceId)?.id as Uint8Array | undefined;
  const inner = relayedMessage(m);
  const iface = id ? utf8ToText(id) : undefined;
  const ifc = iface === undefined ? undefined : c.accessIfaces[iface];
  if (!inner || !ifc || !m.peeraddr) {
    run.note(`${c.name} cannot tell which link a Relay-reply is for: dropped.`, 'RFC 8415 §19.2');
    return undefined;
  }
  const e = entryOnIface(run.ctx, iface!);
  const udp: LayerValue = { proto: 'udp', srcport: DHCPV6_SERVER_PORT, dstport: DHCPV6_CLIENT_PORT, payload: inner };
  run.tx(ipv6Packet({ src: ifc.linkLocal, dst: m.peeraddr, payload: udp }), { iface: iface!, ...(e?.mac ? { dstMac: e.mac } : {}) });
  const a = inner.msgtype === DHCPV6_TYPE.Reply ? assignedAddress(inner) : undefined;
  if (!a || !e) return undefined;
  const learnt: MagEntry = { ...e, pHoA: a.address };
  setEntry(run, learnt);
  run.note(`${c.name} sees the server assign ${a.address} to ${e.mnId}: the pHoA it will put in the Trigger.`, cite('§4.1 step 2'));
  return learnt;
}

/** Appendix B: the MN's DAD names the address it configured; the MAG takes it as the pHoA to check. */
export function snoopDad(run: MagRun, iface: string, target: string): MagEntry | undefined {
  const e = entryOnIface(run.ctx, iface);
  if (!e || e.pHoA !== undefined || run.ctx.config.addressing !== 'stateless') return undefined;
  const learnt: MagEntry = { ...e, pHoA: target };
  setEntry(run, learnt);
  run.note(`${run.ctx.config.name} sees ${e.mnId} check ${target} with a Neighbor Solicitation: the pHoA it configured itself.`, cite('Appendix B'));
  return learnt;
}

/** RFC 4862 §5.4.4: an NA for the tentative address tells the MN it is taken. */
export function defendAddress(run: MagRun, e: MagEntry, address: string): void {
  const ifc = run.ctx.config.accessIfaces[e.iface!]!;
  const na = neighborAdvertisement({ target: address, override: true, options: [targetLinkLayer(ifc.mac)] });
  run.tx(ipv6Packet({ src: ifc.linkLocal, dst: ALL_NODES, hopLimit: 255, payload: na }), { iface: e.iface!, dstMac: e.mac! });
  run.note(`${run.ctx.config.name} answers the MN's Duplicate Address Detection with a Neighbor Advertisement for ${address}, on behalf of the MN that holds it elsewhere in the LMD.`, cite('Appendix B; RFC 4862 §5.4.4'));
}
