import { ALL_ZERO, replyPacket, replyRoute, requestState, serverReply, type ClientMessage, type ServerParams } from '../../protocols/dhcp-server';
import { ipv4Mask } from '../../protocols/pmipv6';
import type { Draft } from './draft';
import { hoaOf, type MagIpv4Home, type MnIpv4Home } from './ipv4-home-config';
import type { MagIpv4Event } from './ipv4-home-events';
import { register } from './ipv4-register';
import type { BulEntry } from './types';

/*
 * The MAG as its mobile nodes' DHCP server (seed 002 §3.1, Fig. 2; RFC 5844 §3.4.1): it offers only
 * the address the LMA assigned, with itself as the server identifier, and a DISCOVER from an MN it
 * has not registered yet is the trigger for the PBU.
 */

export function serverParams(c: MagIpv4Home, h: MnIpv4Home): ServerParams {
  return { serverId: c.serverId, mask: ipv4Mask(h.prefixLength ?? 32), router: h.defaultRouter ?? c.address, leaseSecs: c.leaseSeconds };
}

/** Send a reply of the MAG's own server to the MN, on its access link. */
export function answer(d: Draft, e: BulEntry, m: ClientMessage, kind: 'offer' | 'ack' | 'nak'): void {
  const c = d.config.ipv4Home!;
  const h = hoaOf(e);
  const reply = serverReply(kind, serverParams(c, h), m, kind === 'nak' ? ALL_ZERO : h.address);
  const route = replyRoute(m, reply);
  d.emit({ type: 'tx', packet: replyPacket(c.serverId, route, reply), iface: e.iface, dstMac: route.dstMac ?? e.mac });
  if (kind === 'nak') {
    d.set(e.nai, { ipv4Home: { ...h, lease: undefined } });
    return;
  }
  const state = kind === 'ack' ? 'bound' : 'offered';
  d.set(e.nai, { ipv4Home: { ...h, lease: { address: h.address!, state, expiresUs: d.now + c.leaseSeconds * 1e6 } } });
}

/** Seed 002 §3.1, §3.2.2 and Fig. 2: the MAG as the MN's DHCP server. */
export function serve(d: Draft, e: BulEntry, ev: Extract<MagIpv4Event, { type: 'rx.dhcpClient' }>): void {
  const c = d.config.ipv4Home!;
  const m = ev.m;
  const h = hoaOf(e);
  const registered = (e.state === 'registered' || e.state === 'reregistering') && h.address !== undefined;
  if (m.type === 'discover' || m.type === 'request') {
    const state = m.type === 'request' ? requestState(m, ev.dst !== '255.255.255.255') : undefined;
    if (state === 'selecting' && m.serverId !== c.serverId) {
      d.note(`${e.nai} chose the server ${m.serverId}, not ${d.config.name}: nothing to answer.`, 'RFC 2131 §4.3.2');
      return;
    }
    if (ev.dst !== '255.255.255.255' && ev.dst !== c.serverId && ev.dst !== c.address) {
      d.note(
        `${e.nai}'s DHCP client still unicasts its renewal to ${ev.dst}, the server of its previous MAG: it cannot tell that it moved. ${d.config.name} discards the request, so the client will rebind by broadcast at T2.`,
        'seed 002 §3.2.2, last bullet',
      );
      return;
    }
    // Seed 002 §3.2.2 would also have a renewal trigger a PBU; the binding keeps its own lifetime and
    // re-registration (RFC 5213 §6.9.1.3), so a registered MN is answered at once.
    if (registered) {
      const wanted = m.type === 'discover' ? h.address : (m.requestedIp ?? m.ciaddr);
      if (wanted !== h.address) {
        answer(d, e, m, 'nak');
        d.note(`${e.nai} asks for ${wanted}, but its IPv4 home address is ${h.address}: DHCPNAK.`, 'RFC 2131 §4.3.2; RFC 5844 §3.4.1');
        return;
      }
      const kind = m.type === 'discover' ? 'offer' : 'ack';
      answer(d, e, m, kind);
      d.note(
        kind === 'offer'
          ? `${d.config.name} offers ${h.address}, the address the LMA assigned, with itself (${c.serverId}) as the server identifier.`
          : `${d.config.name} acknowledges ${h.address} for ${c.leaseSeconds} s (${(state ?? 'selecting').toUpperCase()}).`,
        kind === 'offer' ? 'seed 002 §3.1, Fig. 2 step 5' : 'seed 002 Fig. 2 step 7; RFC 2131 §4.3.2',
      );
      return;
    }
    d.set(e.nai, { ipv4Home: { ...h, waiting: [...(h.waiting ?? []).filter((x) => x.type !== m.type), m] } });
    if (e.state === 'authorized') {
      // A rebinding client names the address it has: the LMA is asked for that one.
      if (m.type === 'request' && m.ciaddr !== ALL_ZERO) d.set(e.nai, { ipv4Home: { ...hoaOf(d.entry(e.nai)), requested: { address: m.ciaddr, prefixLength: 32 } } });
      register(d, e.nai, `DHCP${m.type.toUpperCase()} from ${e.nai}: the IPv4 home address must come from the LMA.`);
    } else {
      d.note(`${d.config.name} answers ${e.nai}'s DHCP${m.type.toUpperCase()} once the LMA has assigned the IPv4 home address.`, 'seed 002 §3.2.2; RFC 5844 §3.4.1');
    }
    return;
  }
  d.note(`${e.nai} sends DHCP${m.type.toUpperCase()}: ${d.config.name} keeps the binding, which the LMA holds for the session.`, 'RFC 5844 §3.4.2');
}
