import { BA_STATUS, type BindingAck } from '../../wire/mh';
import { readIpv4Reply, statusName } from '../../protocols/pmipv6';
import { answer, serve } from './dhcp-as-server';
import { forward, registerAcknowledged, relay } from './dhcp-as-relay';
import type { Draft } from './draft';
import { hoaOf } from './ipv4-home-config';
import type { MagIpv4Event } from './ipv4-home-events';
import type { BulEntry } from './types';

/*
 * The MAG's side of IPv4 home address mobility (seed 002 §3.1, §3.2; RFC 5844 §3.2, §3.4): its
 * DHCP server or relay on the access links, the trigger that starts the Proxy Binding Update, the
 * IPv4 Home Address Request it carries, and what the PBA's answer lets the MAG tell the mobile node.
 *
 * - DHCP server at the MAG (seed 002 Fig. 2): "it MUST send a proxy binding update right after
 *   receiving a DHCP discovery message" (§3.2.2), learns the address from the PBA, then offers it
 *   with itself as the server identifier.
 * - DHCP relay at the MAG (Figs. 3, 14, 15): the server assigns; the MAG "MUST send a proxy binding
 *   update as soon as it receives a DHCP Acknowledgement message ... MUST NOT relay the DHCP
 *   Acknowledgement" until the binding is registered (§3.2.2).
 *
 * A new MAG after a handoff registers at once: the MN keeps its lease and sends no DISCOVER, and the
 * LMA answers an ALL_ZERO request with the session's address (RFC 5844 §3.1.2.1).
 */


/**
 * After access authentication: a new attachment waits for its DHCP trigger before the PBU (the
 * DISCOVER for a server, the server's ACK for a relay); a handoff registers at once. Says whether
 * the PBU waits. A relay now passes on what the MN sent while it was being authenticated.
 */
export function awaitsDhcpTrigger(d: Draft, nai: string): boolean {
  const c = d.config.ipv4Home;
  if (!c) return false;
  const e = d.entry(nai);
  const waiting = hoaOf(e).waiting ?? [];
  if (e.handoff === true) {
    d.note(
      `${nai} comes from another MAG and keeps its DHCP lease, so no DISCOVER will come: ${d.config.name} registers it now and asks for "any" IPv4 home address (0.0.0.0), which the LMA answers with the one the session holds.`,
      'seed 002 §3.2.2; RFC 5844 §3.1.2.1',
    );
    // A client that did speak DHCP meanwhile is served all the same: a relay passes it on now.
    if (c.dhcp === 'relay') {
      d.set(nai, { ipv4Home: { ...hoaOf(e), waiting: [] } });
      for (const m of waiting) relay(d, d.entry(nai), m);
    }
    return false;
  }
  if (c.dhcp === 'server' && waiting.some((m) => m.type === 'discover' || m.type === 'request')) {
    d.note(`${nai}'s DHCP${waiting.at(-1)!.type.toUpperCase()} came while it was being authenticated: ${d.config.name} registers it now to learn its IPv4 home address.`, 'seed 002 §3.2.2');
    return false;
  }
  d.set(nai, { state: 'authorized', ipv4Home: { ...hoaOf(e), waiting: c.dhcp === 'server' ? waiting : [] } });
  if (c.dhcp === 'server') {
    d.note(`${nai} may attach. As its DHCP server ${d.config.name} sends the PBU when the MN's DHCPDISCOVER arrives.`, 'seed 002 §3.2.2; RFC 5844 §3.4.3');
  } else {
    d.note(`${nai} may attach. As a DHCP relay ${d.config.name} registers it once the server's DHCPACK names its address.`, 'seed 002 §3.2.2; RFC 5844 §3.4.3');
    for (const m of waiting) relay(d, d.entry(nai), m);
  }
  return true;
}

/** The MN a DHCP message comes from: its MAC on that access link. */
function entryOf(d: Draft, iface: string, chaddr: string): BulEntry | undefined {
  return Object.values(d.bul).find((x) => x.iface === iface && x.mac.toLowerCase() === chaddr);
}

export function onClientMessage(d: Draft, ev: Extract<MagIpv4Event, { type: 'rx.dhcpClient' }>): void {
  const c = d.config.ipv4Home!;
  const e = entryOf(d, ev.iface, ev.m.chaddr);
  if (!e) {
    d.note(`A DHCP${ev.m.type.toUpperCase()} from ${ev.m.chaddr}, a node ${d.config.name} has not authenticated: ignored.`, 'seed 002 §3.2.2; RFC 5844 §3.4.3');
    return;
  }
  if (hoaOf(e).refused) {
    d.note(`${e.nai} has no IPv4 service (${hoaOf(e).refused}): ${d.config.name} neither answers nor relays its DHCP${ev.m.type.toUpperCase()}.`, 'seed 002 §3.2.2');
    return;
  }
  if (e.state === 'rejected') {
    d.note(`${e.nai} has no mobility service (${e.reason}): its DHCP${ev.m.type.toUpperCase()} goes unanswered.`, 'RFC 5213 §6.9.1.2 ¶11');
    return;
  }
  if (c.dhcp === 'relay') {
    if (e.state === 'authenticating') {
      d.set(e.nai, { ipv4Home: { ...hoaOf(e), waiting: [...(hoaOf(e).waiting ?? []), ev.m] } });
      d.note(`${d.config.name} holds ${e.nai}'s DHCP${ev.m.type.toUpperCase()} until access authentication says who the MN is.`, 'RFC 5844 §3.4.3');
      return;
    }
    relay(d, e, ev.m);
    return;
  }
  serve(d, e, ev);
}

/** Seed 002 §3.2.2, RFC 5844 §3.2.3.2: read the IPv4 answer of an accepted PBA before the routes go in. */
export function takeIpv4Reply(d: Draft, nai: string, pba: BindingAck): void {
  if (!d.config.ipv4Home) return;
  const e = d.entry(nai);
  const h = hoaOf(e);
  const r = readIpv4Reply(pba);
  if (!r) {
    d.set(nai, { ipv4Home: { ...h, refused: 'no IPv4 Home Address Reply in the PBA' } });
    d.note(`The PBA has no IPv4 Home Address Reply: ${d.config.name} must not enable IPv4 for ${nai}.`, 'seed 002 §3.2.2; RFC 5844 §3.2.3.2');
    return;
  }
  if (r.status >= 128) {
    d.set(nai, { ipv4Home: { ...h, refused: `IPv4 Home Address Reply status ${r.status}` } });
    d.note(`The LMA refuses ${nai}'s IPv4 home address (reply status ${r.status}): ${d.config.name} enables IPv6 only.`, 'seed 002 §3.2.2; RFC 5844 §3.2.3.2');
    return;
  }
  const first = h.address === undefined;
  d.set(nai, { ipv4Home: { ...h, address: r.address, prefixLength: r.prefixLength, ...(r.defaultRouter ? { defaultRouter: r.defaultRouter } : {}) } });
  if (first) {
    d.note(
      `The PBA's IPv4 Home Address Reply gives ${nai} ${r.address}/${r.prefixLength}, default router ${r.defaultRouter ?? 'not given'}${r.dhcpServer === undefined ? '' : `; the DHCP Support Mode says the MAG is the ${r.dhcpServer ? 'server' : 'relay'}`}. ${d.config.name} records it in the binding update list entry.`,
      'seed 002 §3.2.1, §3.2.2; RFC 5844 §3.3.2-§3.3.4',
    );
  }
}

/** After the routes are in: answer the DHCP messages that waited for the PBA (server) or release the held ACK (relay). */
export function afterRegistration(d: Draft, nai: string): void {
  if (!d.config.ipv4Home) return;
  const e = d.entry(nai);
  const h = hoaOf(e);
  if (!h.address || h.refused) return;
  const waiting = h.waiting ?? [];
  d.set(nai, { ipv4Home: { ...h, waiting: [] } });
  for (const m of waiting) {
    if (m.type === 'discover') {
      answer(d, d.entry(nai), m, 'offer');
      d.note(`Now that the LMA has assigned it, ${d.config.name} offers ${h.address} to ${nai}, with itself (${d.config.ipv4Home.serverId}) as the server identifier.`, 'seed 002 §3.1, Fig. 2 step 5');
    } else if (m.type === 'request') {
      const wanted = m.requestedIp ?? m.ciaddr;
      const ok = wanted === h.address;
      answer(d, d.entry(nai), m, ok ? 'ack' : 'nak');
      d.note(ok ? `${d.config.name} acknowledges ${h.address}: the new MAG and the LMA keep the MN's IPv4 home address.` : `${wanted} is not ${nai}'s IPv4 home address: DHCPNAK.`, 'RFC 5844 §3.4.1, Fig. 8; seed 002 §3.2.2');
    }
  }
  if (h.heldAck) {
    const ack = h.heldAck;
    d.set(nai, { ipv4Home: { ...hoaOf(d.entry(nai)), heldAck: undefined, requested: undefined } });
    if (ack.yiaddr !== h.address) {
      d.note(`The server acknowledged ${ack.yiaddr as string}, but the LMA holds ${h.address} for ${nai}: ${d.config.name} drops the DHCPACK.`, 'RFC 5844 §3.4.2');
      return;
    }
    forward(d, d.entry(nai), ack);
    d.note(`The binding is registered and ${h.address} is routed through the tunnel: ${d.config.name} now forwards the DHCPACK it held to ${nai}.`, 'seed 002 §3.2.2, Fig. 3 step 8');
  }
}

/**
 * The LMA refused the registration (status ≥ 128, e.g. 130 when its IPv4 pool is exhausted). The MAG
 * "MUST NOT enable IPv4 support" (seed 002 §3.2.2). As a server it makes no DHCPOFFER: RFC 2131
 * §4.3.1 has a server with no address to offer stay silent, and a DHCPNAK answers only a DHCPREQUEST
 * (§4.3.2), which gets one. As a relay it drops the ACK it held, so the MN never uses the address.
 */
export function onRegistrationRefused(d: Draft, nai: string, status: number): void {
  if (!d.config.ipv4Home) return;
  const e = d.entry(nai);
  const h = hoaOf(e);
  if (status === BA_STATUS.INSUFFICIENT_RESOURCES && d.config.ipv4Home.dhcp === 'relay' && !h.requested) {
    // A handoff asked for "any" address, but the LMA holds none for this MN: here the DHCP server
    // assigns, so the registration waits for its DHCPACK, as at a first attachment.
    d.set(nai, { state: 'authorized', reason: undefined, ipv4Home: { ...h, refused: undefined, heldAck: undefined } });
    d.note(`The LMA holds no IPv4 home address for ${nai}: in this domain the DHCP server assigns one, so ${d.config.name} registers the MN when the server's DHCPACK names it.`, 'seed 002 §3.1, §3.2.2');
    if (h.heldAck) registerAcknowledged(d, nai, h.heldAck);
    return;
  }
  if (status === BA_STATUS.NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS && d.config.ipv4Home.dhcp === 'server' && h.requested) {
    // RFC 5844 §3.2.3.2: not that address again, but the MAG may let the LMA assign one. The MN's
    // request for it gets a DHCPNAK, and its next DHCPDISCOVER starts a registration with 0.0.0.0.
    d.set(nai, { state: 'authorized', reason: undefined, ipv4Home: { waiting: [] } });
    for (const m of h.waiting ?? []) if (m.type === 'request') answer(d, d.entry(nai), m, 'nak');
    d.note(
      `The LMA will not let ${nai} have ${h.requested.address}: ${d.config.name} refuses the MN's request (DHCPNAK), so the MN starts over, and its next DHCPDISCOVER asks the LMA for any address.`,
      'RFC 5844 §3.2.3.2; RFC 2131 §4.3.2',
    );
    return;
  }
  d.set(nai, { ipv4Home: { ...h, refused: `PBA status ${statusName(status)}`, waiting: [], heldAck: undefined } });
  for (const m of h.waiting ?? []) {
    if (m.type === 'request') answer(d, d.entry(nai), m, 'nak');
  }
  const nak = (h.waiting ?? []).some((m) => m.type === 'request');
  if (d.config.ipv4Home.dhcp === 'server') {
    d.note(
      `No IPv4 home address for ${nai} (PBA status ${statusName(status)}): ${d.config.name} makes no DHCPOFFER${nak ? ' and refuses the request with a DHCPNAK' : ''}. A server with nothing to offer stays silent, and a DHCPNAK answers only a DHCPREQUEST.`,
      'seed 002 §3.2.2, §3.3.2; RFC 2131 §4.3.1, §4.3.2',
    );
  } else if (h.heldAck) {
    d.note(`The LMA refuses ${nai} (PBA status ${statusName(status)}): ${d.config.name} drops the DHCPACK it held, so the MN never uses ${h.requested?.address ?? 'the address'}.`, 'seed 002 §3.2.2');
  }
}
