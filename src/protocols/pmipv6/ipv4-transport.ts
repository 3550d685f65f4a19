import type { LayerValue } from '../../wire/core';
import { ipv4Packet } from '../../wire/ipv4';
import { ipv6Packet } from '../../wire/ipv6';
import { findOption, type BindingAck, type MobilityHeader } from '../../wire/mh';
import { DSMIP6_PORT, PMIP6_DATA_PORT, tlvPacket } from '../../wire/tlv-header';
import { detectNat, keepaliveSeconds, natDetectionReply, type NatDetectionReply, type NatVerdict } from './nat-detection';

/*
 * PMIPv6 between a MAG and an LMA that share only an IPv4 network (seed 002 §4, which became RFC
 * 5844 §4). The two documents carry the signalling differently, and the lab speaks both:
 *
 *   rfc5844   IPv4 (IPv4-Proxy-CoA → IPv4-LMAA) / UDP → 5436 / Mobility Header, MH checksum 0
 *             data: IPv4 / [UDP 5437 / [TLV header]] / the MN's packet
 *   draft-02  IPv4 (IPv4-Proxy-CoA → IPv4-LMAA) / UDP 4191 / [TLV header] / IPv6 (Proxy-CoA → LMAA) / MH
 *             data: IPv4 / [UDP 4191 / [TLV header]] / the MN's packet          (seed 002 Figs. 8-13)
 *
 * Seed 002 borrows DSMIPv6's port and inner IPv6 header (RFC 5555 §4.1), so signalling and data
 * share one UDP flow, which is what lets one NAT binding carry both. Pure rules and packet shapes.
 */

export type Ipv4Encoding = 'rfc5844' | 'draft-02';

/** RFC 5844 §4 encapsulation modes (RFC 5845 §7 adds the TLV header). */
export type TunnelMode = 'ipv4' | 'ipv4-udp' | 'ipv4-udp-tlv';

/** `pmip6-cntl` (RFC 5844 §6): PMIPv6 signalling over IPv4. */
export const PMIP6_CONTROL_PORT = 5436;

export const MODE_NAMES: Readonly<Record<TunnelMode, string>> = { ipv4: 'IPv4', 'ipv4-udp': 'IPv4-UDP', 'ipv4-udp-tlv': 'IPv4-UDP-TLV' };

/** The UDP port signalling goes to. */
export const signallingPort = (e: Ipv4Encoding): number => (e === 'rfc5844' ? PMIP6_CONTROL_PORT : DSMIP6_PORT);
/** The UDP port of the data tunnel (RFC 5844 §4.1.4.1 Fig. 12; seed 002 uses DSMIPv6's one port). */
export const dataPort = (e: Ipv4Encoding): number => (e === 'rfc5844' ? PMIP6_DATA_PORT : DSMIP6_PORT);

/**
 * The MAG's source port for its PBUs. RFC 5844 sets only the destination port; 5436 is the usual
 * source. A MAG that may sit behind a NAT (seed 002's behaviour) sends from its data port instead,
 * so that one NAT binding carries its signalling and its data: the PBU keepalives then hold the
 * data path open too, as DSMIPv6's single port 4191 does (RFC 5555 §4.3).
 */
export function pbuSourcePort(e: Ipv4Encoding, natTraversal: boolean): number {
  if (e === 'draft-02') return DSMIP6_PORT;
  return natTraversal ? PMIP6_DATA_PORT : PMIP6_CONTROL_PORT;
}

/** A PBU or PBA as it travelled over IPv4: the outer addresses and ports the receiver saw. */
export interface Ipv4Arrival {
  encoding: Ipv4Encoding;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  /** A TLV header followed UDP (draft-02 with the T flag, seed 002 Figs. 8, 11). */
  tlv: boolean;
  /** draft-02 only: the inner IPv6 header's addresses. */
  inner6?: { src: string; dst: string };
}

export interface SignallingRoute {
  encoding: Ipv4Encoding;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  tlv: boolean;
  /** draft-02: the IPv6 addresses of the inner header (Proxy-CoA and LMAA). */
  inner6: { src: string; dst: string };
}

/** A Mobility Header wrapped for the IPv4 transport (RFC 5844 §4.2.2.1, §4.1.3.2; seed 002 Figs. 8, 11). */
export function carrySignalling(mh: MobilityHeader, r: SignallingRoute): LayerValue {
  let payload: LayerValue = mh;
  if (r.encoding === 'draft-02') {
    const inner = ipv6Packet({ src: r.inner6.src, dst: r.inner6.dst, payload: mh });
    payload = r.tlv ? tlvPacket(inner) : inner;
  }
  return ipv4Packet({ src: r.src, dst: r.dst, payload: { proto: 'udp', srcport: r.sport, dstport: r.dport, payload } });
}

/**
 * The Mobility Header in an IPv4 packet and how it came, or undefined when the packet is not PMIPv6
 * signalling over IPv4: an MH right after UDP port 5436 (rfc5844), or an IPv6 packet carrying an MH
 * after UDP port 4191, with or without a TLV header (draft-02).
 */
export function readSignalling(packet: LayerValue): { mh: MobilityHeader; arrival: Ipv4Arrival } | undefined {
  if (packet.proto !== 'ip') return undefined;
  const udp = packet.payload as LayerValue | undefined;
  if (udp?.proto !== 'udp') return undefined;
  const on = (port: number): boolean => udp.srcport === port || udp.dstport === port;
  let p = udp.payload as LayerValue | undefined;
  const tlv = p?.proto === 'pmip6.tlv';
  if (tlv) p = p!.payload as LayerValue | undefined;
  let inner6: Ipv4Arrival['inner6'];
  if (p?.proto === 'ipv6') {
    inner6 = { src: p.src as string, dst: p.dst as string };
    p = p.payload as LayerValue | undefined;
  }
  if (p?.proto !== 'mipv6') return undefined;
  const encoding: Ipv4Encoding | undefined = !inner6 && !tlv && on(PMIP6_CONTROL_PORT) ? 'rfc5844' : inner6 && on(DSMIP6_PORT) ? 'draft-02' : undefined;
  if (!encoding) return undefined;
  const arrival: Ipv4Arrival = {
    encoding,
    src: packet.src as string,
    dst: packet.dst as string,
    sport: udp.srcport as number,
    dport: udp.dstport as number,
    tlv,
    ...(inner6 ? { inner6 } : {}),
  };
  return { mh: p as MobilityHeader, arrival };
}

// ---- the LMA's side ------------------------------------------------------------------------

/** What the LMA reads of a PBU that came over IPv4, besides the usual PMIPv6 facts. */
export interface Ipv4PbuFacts extends Ipv4Arrival {
  /** F: the MAG asks for UDP encapsulation (ForceIPv4UDPEncapsulationSupport, RFC 5844 §4.2.2.1). */
  forceUdp: boolean;
  /** T: the MAG asks for the TLV header (RFC 5845 §7.2). */
  tlvRequested: boolean;
  /** The IPv4 Care-of Address option: the MAG's own IPv4 address (seed 002 §4.2.2, RFC 5555 §3.1.2). */
  careOfAddress?: string;
}

export function ipv4PbuFacts(pbu: MobilityHeader, arrival: Ipv4Arrival): Ipv4PbuFacts {
  const flags = (pbu.body as { flags?: { f?: boolean; t?: boolean } }).flags ?? {};
  const coa = findOption(pbu, 32)?.address;
  return { ...arrival, forceUdp: flags.f === true, tlvRequested: flags.t === true, ...(coa === undefined ? {} : { careOfAddress: coa }) };
}

export interface LmaIpv4Policy {
  /** The refresh time the LMA suggests when it detects a NAT, s: below the NATs' binding timeout. */
  natRefreshSeconds: number;
  /** RFC 5844 §4.1.3.1 AcceptForcedIPv4UDPEncapsulationRequest. */
  acceptForcedUdp: boolean;
  /** Whether the LMA supports the TLV-header format (RFC 5845 §7.2). */
  tlvHeader: boolean;
}

/** The tunnel the LMA sets up for a PBU that came over IPv4, and what its PBA says about it. */
export interface Ipv4TunnelPlan {
  nat: NatVerdict;
  mode: TunnelMode;
  /** The far end as the LMA reaches it: the packet's source, a NAT's address if one rewrote it. */
  remote: string;
  /** UDP modes: the destination port of tunnelled packets (the PBU's source port behind a NAT). */
  port: number;
  /** The NAT Detection option for the PBA, if any. */
  natDetection?: NatDetectionReply;
  /** The T flag of the PBA: the TLV-header format is agreed (RFC 5845 §7.2). */
  tlv: boolean;
}

/**
 * RFC 5844 §4.1.3.1, with seed 002 §4.3.2 for the NAT: the tunnel runs between the IPv4-LMAA and the
 * address the PBU came from. The T flag (when supported) selects IPv4-UDP-TLV; a NAT on the path
 * or the F flag selects IPv4-UDP; otherwise IPv4. Behind a NAT the LMA answers to the address and
 * port the PBU came from (RFC 5555 §4.2), which the NAT maps back to the MAG.
 */
export function planLmaTunnel(pbu: Ipv4PbuFacts, policy: LmaIpv4Policy): Ipv4TunnelPlan {
  const nat = detectNat({ outerSource: pbu.src, careOfAddress: pbu.careOfAddress });
  const tlv = pbu.tlvRequested && policy.tlvHeader;
  const mode: TunnelMode = tlv ? 'ipv4-udp-tlv' : nat.detected || pbu.forceUdp ? 'ipv4-udp' : 'ipv4';
  const natDetection = natDetectionReply({ natDetected: nat.detected, forced: pbu.forceUdp, refreshSeconds: policy.natRefreshSeconds });
  return {
    nat,
    mode,
    remote: pbu.src,
    port: nat.detected ? pbu.sport : dataPort(pbu.encoding),
    ...(natDetection ? { natDetection } : {}),
    tlv,
  };
}

// ---- the MAG's side ------------------------------------------------------------------------

/**
 * RFC 5844 §4.2.2 on an accepted PBA: the T flag selects IPv4-UDP-TLV (RFC 5845 §7.2); a NAT
 * Detection option with F selects IPv4-UDP; otherwise IPv4. Also how often to refresh the NAT
 * binding, when the option asks for keepalives (RFC 5555 §4.3; seed 002 §4.2.2).
 */
export function magTransportFromPba(pba: BindingAck): { mode: TunnelMode; keepaliveSeconds?: number; natDetected: boolean } {
  const natd = findOption(pba, 31);
  const mode: TunnelMode = pba.body.flags?.t ? 'ipv4-udp-tlv' : natd?.flags?.f ? 'ipv4-udp' : 'ipv4';
  const every = keepaliveSeconds(natd);
  return { mode, natDetected: every !== undefined, ...(every === undefined ? {} : { keepaliveSeconds: every }) };
}

/** How a tunnel over IPv4 is drawn in the tables: its mode and the far end as this side reaches it. */
export interface Ipv4TunnelPath {
  mode: TunnelMode;
  remote: string;
  /** UDP modes: the destination port. */
  port?: number;
  natDetected: boolean;
}

export function pathText(p: Ipv4TunnelPath): string {
  return p.mode === 'ipv4' ? p.remote : `${p.remote}:${p.port}`;
}

/** The columns a Tunnels table adds for a tunnel over IPv4 (none for an IPv6 one). */
export function ipv4TunnelColumns(p: Ipv4TunnelPath | undefined): Record<string, string | boolean> {
  return p ? { encapsulation: MODE_NAMES[p.mode], 'IPv4 far end': pathText(p), 'NAT detected': p.natDetected } : {};
}
