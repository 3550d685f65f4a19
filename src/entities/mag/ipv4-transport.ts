import type { Tunnel } from '../../sim/node';
import {
  carrySignalling, dataPort, magTransportFromPba, MODE_NAMES, pbuSourcePort, readSignalling, signallingPort,
  type Ipv4Arrival, type Ipv4Encoding, type Ipv4TunnelPath, type TunnelMode,
} from '../../protocols/pmipv6';
import { HANDOFF_INDICATOR, ipv4CareOfAddressOption, MH_TYPE, type BindingAck, type BindingUpdate } from '../../wire/mh';
import type { LayerValue } from '../../wire/core';
import type { Draft } from './draft';
import { requestedLifetime } from './lifecycle';
import type { BulEntry, MagConfig, PbuKind } from './types';

/*
 * The MAG in an IPv4-only access network (seed 002 §4.2, RFC 5844 §4.2): its PBUs go over IPv4 and
 * UDP with the IPv4 Care-of Address option, it reads the encapsulation mode from the PBA, and when
 * the PBA reports a NAT it keeps the NAT binding open with a PBU every refresh time (RFC 5555 §4.3).
 * The shared machine files call these hooks; without `ipv4Transport` in the configuration each one
 * leaves the IPv6 behaviour alone.
 */

export interface MagIpv4TransportInput {
  encoding: Ipv4Encoding;
  /** The IPv4-Proxy-CoA: the MAG's IPv4 address towards the LMA. */
  address: string;
  /** Each LMA's IPv4-LMAA, by its IPv6 LMAA (RFC 5844 §4.2.1: from the policy profile; seed 002 §4: configured). */
  lmas: Readonly<Record<string, string>>;
  /** ForceIPv4UDPEncapsulationSupport (RFC 5844 §4.2.2.1): set F in every PBU. */
  forceUdp?: boolean;
  /** Ask for the TLV-header format with the T flag (RFC 5845 §7.2; seed 002 Figs. 10, 13). */
  tlvHeader?: boolean;
  /** Seed 002's NAT traversal: signalling and data from one UDP port, so one NAT binding holds both. */
  natTraversal?: boolean;
  /** Send the keepalive PBUs a NAT Detection option asks for (RFC 5555 §4.3); false lets the binding lapse. */
  natKeepalive?: boolean;
}

export type MagIpv4Transport = Required<MagIpv4TransportInput>;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Bad configuration fails at load (STYLE.md principle 13). */
export function ipv4TransportConfig(name: string, i: MagIpv4TransportInput): MagIpv4Transport {
  if (i.encoding !== 'rfc5844' && i.encoding !== 'draft-02') throw new RangeError(`MAG ${name}: IPv4 encoding must be rfc5844 or draft-02, not ${String(i.encoding)}`);
  for (const a of [i.address, ...Object.values(i.lmas)]) {
    if (!IPV4.test(a)) throw new RangeError(`MAG ${name}: ${a} is not an IPv4 address`);
  }
  if (Object.keys(i.lmas).length === 0) throw new RangeError(`MAG ${name}: IPv4 transport needs the IPv4 address of at least one LMA`);
  return {
    encoding: i.encoding,
    address: i.address,
    lmas: i.lmas,
    forceUdp: i.forceUdp ?? false,
    tlvHeader: i.tlvHeader ?? false,
    natTraversal: i.natTraversal ?? false,
    natKeepalive: i.natKeepalive ?? true,
  };
}

const SEED = 'draft-ietf-netlmm-pmip6-ipv4-support-02';

// ---- sending the PBU (seed 002 §4.2.2 Fig. 8; RFC 5844 §4.2.2.1) ----------------------------

/** The F and T flags the configuration asks for, and the IPv4 Care-of Address option (seed 002: "MUST be present"). */
export function withIpv4TransportRequest(c: MagConfig, pbu: BindingUpdate): BindingUpdate {
  const t = c.ipv4Transport;
  if (!t) return pbu;
  const flags = { ...pbu.body.flags, ...(t.forceUdp ? { f: true } : {}), ...(t.tlvHeader ? { t: true } : {}) };
  return { ...pbu, body: { ...pbu.body, flags }, options: [...(pbu.options ?? []), ipv4CareOfAddressOption(t.address)] };
}

/** The PBU's IPv6 packet as it goes to an LMA over IPv4; unchanged without IPv4 transport or without the LMA's IPv4 address. */
export function carryPbu(c: MagConfig, lmaa: string, packet: LayerValue): LayerValue {
  const t = c.ipv4Transport;
  const lma4 = t?.lmas[lmaa];
  if (!t || !lma4) return packet;
  return carrySignalling(packet.payload as BindingUpdate, {
    encoding: t.encoding,
    src: t.address,
    dst: lma4,
    sport: pbuSourcePort(t.encoding, t.natTraversal),
    dport: signallingPort(t.encoding),
    // The TLV header rides with the signalling only in the seed's layout (Fig. 8); RFC 5845 puts it on data.
    tlv: t.tlvHeader && t.encoding === 'draft-02',
    inner6: { src: packet.src as string, dst: lmaa },
  });
}

// ---- receiving the PBA ---------------------------------------------------------------------

/** A PBA over IPv4 as the machine's event: the inner IPv6 addresses in the seed's layout, the outer IPv4 ones in RFC 5844's. */
export function pbaOverIpv4(packet: LayerValue): { type: 'rx.pba'; src: string; dst: string; pba: BindingAck; via: Ipv4Arrival } | undefined {
  const r = readSignalling(packet);
  if (!r || r.mh.mhType !== MH_TYPE.BINDING_ACK) return undefined;
  const ends = r.arrival.inner6 ?? r.arrival;
  return { type: 'rx.pba', src: ends.src, dst: ends.dst, pba: r.mh as BindingAck, via: r.arrival };
}

/**
 * The addresses a PBA must come from and go to (RFC 5213 §6.9.1.2 ¶5): the LMAA and the Proxy-CoA;
 * in RFC 5844's layout, with no IPv6 header, the IPv4-LMAA and the IPv4-Proxy-CoA.
 */
export function pbaEnds(c: MagConfig, via: Ipv4Arrival | undefined): { proxyCoa: string; lmaa: (lmaa6: string) => string } {
  const t = c.ipv4Transport;
  if (!t || !via || via.inner6) return { proxyCoa: c.proxyCoa, lmaa: (lmaa6) => lmaa6 };
  return { proxyCoa: t.address, lmaa: (lmaa6) => t.lmas[lmaa6] ?? lmaa6 };
}

// ---- the tunnel (RFC 5844 §4.2.2; seed 002 §4.2.2) -----------------------------------------

/** RFC 5844 §4.2.2: the PBA decides the encapsulation; the entry keeps it for the tunnel it installs. */
export function negotiateIpv4Transport(d: Draft, nai: string, pba: BindingAck): void {
  if (!d.config.ipv4Transport) return;
  const { mode, natDetected } = magTransportFromPba(pba);
  d.set(nai, { transport: { mode, natDetected } });
}

/** The tunnel to `lmaa` as the node runs it: IPv6-in-IPv6, or over IPv4 in the negotiated mode. */
export function magTunnel(c: MagConfig, e: BulEntry, id: string, lmaa: string): { tunnel: Tunnel; path?: Ipv4TunnelPath } {
  const t = c.ipv4Transport;
  const lma4 = t?.lmas[lmaa];
  if (!t || !lma4) return { tunnel: { id, local: c.proxyCoa, remote: lmaa, encap: 'ip' } };
  const { mode, natDetected }: { mode: TunnelMode; natDetected: boolean } = e.transport ?? { mode: 'ipv4', natDetected: false };
  const port = dataPort(t.encoding);
  const path: Ipv4TunnelPath = { mode, remote: lma4, port, natDetected };
  if (mode === 'ipv4') return { tunnel: { id, local: t.address, remote: lma4, encap: 'ip' }, path };
  return { tunnel: { id, local: t.address, remote: lma4, encap: 'udp', sport: port, dport: port, tlv: mode === 'ipv4-udp-tlv' }, path };
}

/**
 * After an accepted PBA: narrate the mode at registration, and when the PBA reports a NAT, (re)start
 * the keepalive timer (RFC 5555 §4.3; seed 002 §4.2.2: "MUST send a proxy binding update every
 * refresh time specified in the NAT detection option") unless the MAG is told not to.
 */
export function keepNatBindingOpen(d: Draft, nai: string, pba: BindingAck, kind: PbuKind): void {
  const t = d.config.ipv4Transport;
  if (!t) return;
  const got = magTransportFromPba(pba);
  const every = got.keepaliveSeconds;
  if (kind === 'registration') {
    const port = dataPort(t.encoding);
    const how =
      got.mode === 'ipv4'
        ? `plain IPv4 encapsulation (the MN's packets right after an IPv4 header)`
        : `${MODE_NAMES[got.mode]} encapsulation (UDP port ${port}${got.mode === 'ipv4-udp-tlv' ? ', then a TLV header' : ''})`;
    const why = got.natDetected ? 'The PBA carries the NAT Detection option: a NAT sits between the MAG and the LMA. ' : '';
    d.note(`${why}${d.config.name} tunnels ${nai}'s traffic to ${t.lmas[d.entry(nai).policy!.lmaa] ?? '?'} with ${how}.`, `${SEED} §4.2.2; RFC 5844 §4.2.2; RFC 5845 §7.2`);
  }
  if (every === undefined) return;
  if (!t.natKeepalive) {
    if (kind === 'registration') {
      d.note(
        `The LMA asks for a refresh every ${every} s, but ${d.config.name} sends no keepalives: when the NAT's binding times out, the NAT drops what the LMA sends until the MAG sends again.`,
        'RFC 5555 §4.3',
      );
    }
    return;
  }
  d.startTimer(nai, 'natRefresh', every * 1000);
  if (kind === 'registration') {
    d.note(`${d.config.name} will send a PBU every ${every} s, the refresh time the LMA gave, so the NAT keeps its binding open.`, `${SEED} §4.2.2; RFC 5555 §4.3`);
  }
}

/** The refresh time passed: a PBU (HI 5) both refreshes the NAT binding and extends the binding (RFC 5555 §4.3). */
export function refreshNatBinding(d: Draft, nai: string): void {
  d.fired(nai, 'natRefresh');
  d.stopTimer(nai, 'renew');
  const e = d.set(nai, { state: 'reregistering' });
  d.sendPbu(nai, 'renewal', { hi: HANDOFF_INDICATOR.NOT_CHANGED, hnp: e.hnp!, lifetimeSeconds: requestedLifetime(d, e) });
  d.note(`The refresh time is up: ${d.config.name} sends a PBU for ${nai} to keep the NAT binding open; the LMA extends the binding too.`, `${SEED} §4.2.2; RFC 5555 §4.3`);
}

/** Where the PBU goes from and to, for the narration: IPv6 addresses, or the IPv4 ones it really travels between. */
export function pbuRouteText(c: MagConfig, lmaa: string): string {
  const t = c.ipv4Transport;
  const lma4 = t?.lmas[lmaa];
  if (!t || !lma4) return `from its Proxy-CoA ${c.proxyCoa} to ${lmaa}`;
  return `over IPv4, from its IPv4-Proxy-CoA ${t.address} to the LMA's IPv4 address ${lma4} (UDP ${pbuSourcePort(t.encoding, t.natTraversal)} → ${signallingPort(t.encoding)})`;
}
