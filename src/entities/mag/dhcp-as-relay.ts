import type { DhcpMessage } from '../../wire/dhcpv4';
import { dhcpOption } from '../../wire/dhcpv4-build';
import { prefixLengthOf } from '../../protocols/dhcp-client';
import { relayPacket, towardsClient, towardsServer } from '../../protocols/dhcp-relay';
import { ALL_ZERO, replyPacket, type ClientMessage } from '../../protocols/dhcp-server';
import type { Draft } from './draft';
import { hoaOf } from './ipv4-home-config';
import type { MagIpv4Event } from './ipv4-home-events';
import { register } from './ipv4-register';
import type { BulEntry } from './types';

/*
 * The MAG as a DHCP relay (seed 002 Figs. 3, 14, 15; RFC 5844 §3.4.2): it passes the MN's messages
 * to the server with giaddr and option 82, and the server's DHCPACK is the trigger for the PBU; the
 * ACK waits for the PBA.
 */

/** RFC 5844 §3.4.2: a relay checks a request against the registered address, then passes it on with giaddr and option 82. */
export function relay(d: Draft, e: BulEntry, m: ClientMessage): void {
  const c = d.config.ipv4Home!;
  const h = hoaOf(e);
  const wanted = m.requestedIp ?? (m.ciaddr !== ALL_ZERO ? m.ciaddr : undefined);
  if (m.type === 'request' && h.address && wanted && wanted !== h.address) {
    d.note(`${e.nai} asks the server for ${wanted}, but the LMA registered ${h.address}: ${d.config.name} drops the request.`, 'RFC 5844 §3.4.2');
    return;
  }
  const out = towardsServer(m, { address: c.address, circuitId: e.iface, remoteId: e.policy?.mnId ?? e.nai });
  if (!out) return;
  d.emit({ type: 'tx', packet: relayPacket(c.address, c.relayTo!, out) });
  d.note(
    `${d.config.name} relays ${e.nai}'s DHCP${m.type.toUpperCase()} to ${c.relayTo}, with giaddr ${c.address} (where the answer comes back) and the MN's identifier in option 82.`,
    'seed 002 §3.1, Fig. 3; RFC 2131 §4.1; RFC 3046',
  );
}

export function onServerMessage(d: Draft, ev: Extract<MagIpv4Event, { type: 'rx.dhcpServer' }>): void {
  const chaddr = (ev.reply.chaddr as string).toLowerCase();
  const e = Object.values(d.bul).find((x) => x.mac.toLowerCase() === chaddr);
  const what = `DHCP${ev.kind.toUpperCase()}`;
  if (!e) {
    d.note(`A ${what} for ${chaddr}, which is not attached to ${d.config.name}: dropped.`, 'RFC 2131 §4.1');
    return;
  }
  const h = hoaOf(e);
  const yiaddr = ev.reply.yiaddr as string;
  const registered = (e.state === 'registered' || e.state === 'reregistering') && h.address !== undefined;
  if (ev.kind === 'ack' && !registered) {
    if (e.state === 'registering') {
      d.set(e.nai, { ipv4Home: { ...h, heldAck: ev.reply } });
      d.note(`The server acknowledges ${yiaddr} for ${e.nai} while its registration is under way: ${d.config.name} holds the DHCPACK until the PBA.`, 'seed 002 §3.2.2');
      return;
    }
    if (e.state !== 'authorized') {
      d.note(`A ${what} for ${e.nai}, whose binding is ${e.state}: ${d.config.name} does not pass it on.`, 'seed 002 §3.2.2');
      return;
    }
    registerAcknowledged(d, e.nai, ev.reply);
    return;
  }
  if (registered && ev.kind !== 'nak' && yiaddr !== h.address) {
    d.note(`The server gives ${e.nai} ${yiaddr}, but the LMA assigned ${h.address}: ${d.config.name} drops the ${what}.`, 'RFC 5844 §3.4.2');
    return;
  }
  forward(d, e, ev.reply);
  d.note(`${d.config.name} passes the server's ${what} on to ${e.nai}.`, 'seed 002 Fig. 3; RFC 2131 §4.1');
}

/** Seed 002 §3.2.2: hold the server's DHCPACK and register the address it assigns. */
export function registerAcknowledged(d: Draft, nai: string, ack: DhcpMessage): void {
  const yiaddr = ack.yiaddr as string;
  const mask = dhcpOption(ack, 1);
  const prefixLength = mask ? prefixLengthOf(mask) : 32;
  d.set(nai, { ipv4Home: { ...hoaOf(d.entry(nai)), heldAck: ack, requested: { address: yiaddr, prefixLength } } });
  register(d, nai, `The server acknowledges ${yiaddr} for ${nai}. ${d.config.name} holds the DHCPACK: the MN must not use the address before the LMA routes it.`);
}

/** A relay hands a server's reply to the MN on its link (RFC 2131 §4.1, RFC 3046 §2.2). */
export function forward(d: Draft, e: BulEntry, reply: DhcpMessage): void {
  const c = d.config.ipv4Home!;
  const out = towardsClient(reply);
  d.emit({ type: 'tx', packet: replyPacket(c.address, out.route, out.message), iface: e.iface, dstMac: out.route.dstMac ?? e.mac });
}
