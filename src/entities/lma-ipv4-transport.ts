import {
  carrySignalling, dataPort, ipv4PbuFacts, MODE_NAMES, pathText, pbaMessage, planLmaTunnel, readSignalling, signallingPort, NATKATIMEOUT_S,
  type Ipv4Arrival, type Ipv4TunnelPath, type LmaIpv4Policy, type PbaOutcome, type PbuDecision, type PbuFacts,
} from '../protocols/pmipv6';
import type { LayerValue } from '../wire/core';
import { findOption, ipv4CareOfAddressOption, MH_TYPE, natDetectionOption, type MobilityHeader } from '../wire/mh';
import type { LmaContext, LmaEvent, Step } from './lma-steps';

/*
 * The LMA reached over an IPv4-only network (seed 002 §4.3, RFC 5844 §4.1): PBUs come in over IPv4
 * and UDP, the NAT check compares the IPv4 Care-of Address option with the packet's source (RFC
 * 5555 §4.2), the PBA goes back the way the PBU came, and the tunnel runs to the address and port
 * the LMA saw, in the mode the flags and the NAT decide. The shared machine files call these hooks;
 * without `ipv4` in the context, or for a PBU that came over IPv6, nothing here applies.
 */

export interface LmaIpv4TransportInput {
  /** The IPv4-LMAA: where MAGs send PBUs over IPv4, and the LMA's end of every IPv4 tunnel. */
  address: string;
  /** The refresh time suggested to a MAG behind a NAT, s (RFC 5555 §6: NATKATIMEOUT, 110). */
  natRefreshSeconds?: number;
  /** AcceptForcedIPv4UDPEncapsulationRequest (RFC 5844 §5, default 1). */
  acceptForcedUdp?: boolean;
  /** Whether the LMA supports the TLV-header format (RFC 5845 §7.2), default yes. */
  tlvHeader?: boolean;
}

export interface LmaIpv4Transport extends LmaIpv4Policy {
  address: string;
}

const SEED = 'draft-ietf-netlmm-pmip6-ipv4-support-02';

/** Bad configuration fails at load (STYLE.md principle 13). */
export function lmaIpv4Config(i: LmaIpv4TransportInput): LmaIpv4Transport {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(i.address)) throw new RangeError(`LMA: ${i.address} is not an IPv4 address`);
  const refresh = i.natRefreshSeconds ?? NATKATIMEOUT_S;
  if (!(Number.isInteger(refresh) && refresh >= 1 && refresh < 0xffffffff)) throw new RangeError(`LMA: NAT refresh time ${refresh} s is not a whole number of seconds`);
  return { address: i.address, natRefreshSeconds: refresh, acceptForcedUdp: i.acceptForcedUdp ?? true, tlvHeader: i.tlvHeader ?? true };
}

/** Both the LMAA and the IPv4-LMAA are the LMA's own addresses for PMIPv6. */
export function isLmaAddress(c: LmaContext, addr: string): boolean {
  return addr === c.lmaa || (c.ipv4 !== undefined && addr === c.ipv4.address);
}

/**
 * A PBU over IPv4 as the machine's event. Who sent it: the inner IPv6 source in the seed's layout;
 * in RFC 5844's, the IPv4 Care-of Address option (the MAG's own address, seed 002 §4.2.2) or,
 * without one, the packet's source (RFC 5844 §4.1.1).
 */
export function pbuOverIpv4(packet: LayerValue): Extract<LmaEvent, { type: 'rx.pbu' }> | undefined {
  const r = readSignalling(packet);
  if (!r || r.mh.mhType !== MH_TYPE.BINDING_UPDATE) return undefined;
  if ((r.mh.body as { flags?: { p?: boolean } }).flags?.p !== true) return undefined;
  const a = r.arrival;
  const from = a.inner6?.src ?? findOption(r.mh, 32)?.address ?? a.src;
  return { type: 'rx.pbu', from, to: a.inner6?.dst ?? a.dst, pbu: r.mh, via: a };
}

/** The PBU's facts with what it says about the IPv4 transport. */
export function withIpv4Facts(facts: PbuFacts, pbu: MobilityHeader, via: Ipv4Arrival | undefined): PbuFacts {
  return via ? { ...facts, ipv4: ipv4PbuFacts(pbu, via) } : facts;
}

/** RFC 5844 §4.1.3.1: F set while AcceptForcedIPv4UDPEncapsulationRequest is 0 → 129. */
export function ipv4Refusal(c: LmaContext, facts: PbuFacts): PbuDecision | undefined {
  if (!facts.ipv4?.forceUdp || !c.ipv4 || c.ipv4.acceptForcedUdp) return undefined;
  return {
    kind: 'reject',
    status: 129,
    rule: 'the F flag asks for UDP encapsulation, which this LMA does not accept (AcceptForcedIPv4UDPEncapsulationRequest is 0)',
    section: 'RFC 5844 §4.1.3.1',
    ...(facts.nai === undefined ? {} : { nai: facts.nai }),
  };
}

/**
 * The PBA back over IPv4 (RFC 5844 §4.1.3.2; seed 002 §4.3.2 Fig. 11): from the address the PBU was
 * sent to, to the address and port it came from, in the layout it came in. An accepted one says
 * what the LMA decided: the T flag, the NAT Detection option, and the IPv4 Care-of Address echoed.
 */
export function pbaOverIpv4(c: LmaContext, facts: PbuFacts, o: PbaOutcome): LayerValue {
  const v = facts.ipv4!;
  const plan = planLmaTunnel(v, c.ipv4!);
  const pba = pbaMessage(facts, o);
  const accepted = o.status < 128;
  const options = [...(pba.options ?? [])];
  if (v.careOfAddress !== undefined) options.push(ipv4CareOfAddressOption(v.careOfAddress));
  if (accepted && plan.natDetection) options.push(natDetectionOption(plan.natDetection.f, plan.natDetection.refreshTime));
  const flags = { ...pba.body.flags, ...(accepted && plan.tlv ? { t: true } : {}) };
  return carrySignalling(
    { ...pba, body: { ...pba.body, flags }, options },
    { encoding: v.encoding, src: v.dst, dst: v.src, sport: signallingPort(v.encoding), dport: v.sport, tlv: v.tlv, inner6: { src: v.inner6?.dst ?? c.lmaa, dst: facts.source } },
  );
}

/**
 * After an accepted PBU over IPv4 (RFC 5844 §4.1.3.1; seed 002 §4.3.2): the tunnel to the MAG, as
 * the PBU reached the LMA. A new tunnel is set up; an existing one follows the MAG when its NAT
 * binding moved to another public address or port (RFC 5555 §4.2: the home agent "stores the port
 * numbers and associates them with the mobile node's tunnel").
 */
export function useIpv4Tunnel(c: LmaContext, s: Step, facts: PbuFacts, id: string, created: boolean): void {
  const v = facts.ipv4!;
  const plan = planLmaTunnel(v, c.ipv4!);
  const udp = plan.mode !== 'ipv4';
  const path: Ipv4TunnelPath = { mode: plan.mode, remote: plan.remote, ...(udp ? { port: plan.port } : {}), natDetected: plan.nat.detected };
  const old = s.tunnels[id]?.ipv4;
  s.tunnels = { ...s.tunnels, [id]: { ...s.tunnels[id]!, ipv4: path } };
  const moved = old !== undefined && (pathText(old) !== pathText(path) || old.mode !== path.mode);
  if (!created && !moved) return;
  s.effects.push({
    type: 'tunnel.add',
    tunnel: udp
      ? { id, local: c.ipv4!.address, remote: plan.remote, encap: 'udp', sport: dataPort(v.encoding), dport: plan.port, tlv: plan.mode === 'ipv4-udp-tlv' }
      : { id, local: c.ipv4!.address, remote: plan.remote, encap: 'ip' },
  });
  const note = (text: string, section: string): void => void s.effects.push({ type: 'note', text, section });
  if (moved) {
    note(`The PBU now comes from ${pathText({ ...path, port: v.sport })}, no longer ${pathText(old)}: the NAT made a new binding, and the LMA moves the tunnel's far end to it.`, 'RFC 5555 §4.2');
    return;
  }
  note(`NAT check: ${plan.nat.why}.`, `${SEED} §4.1; RFC 5555 §4.2`);
  if (plan.nat.detected && v.encoding === 'rfc5844') {
    note(
      'This is seed 002’s behaviour, which the lab runs here: RFC 5844 assumes no NAT between MAG and LMA (§4) and takes the IPv4-Proxy-CoA from the packet’s source (§4.1.1), with nothing to compare it with.',
      `${SEED} §4.1; RFC 5844 §4, §4.1.1`,
    );
  }
  const why = plan.tlv ? 'the T flag' : plan.nat.detected ? 'the NAT' : v.forceUdp ? 'the F flag' : 'no NAT and no F flag';
  const far = udp ? `${plan.remote}:${plan.port}` : plan.remote;
  note(
    `LMA sets up the ${MODE_NAMES[plan.mode]} tunnel ${c.ipv4!.address} ↔ ${far} (${why})${plan.natDetection ? `; the PBA carries the NAT Detection option (F, refresh ${refreshText(plan.natDetection.refreshTime)})` : ''}.`,
    `${SEED} §4.3.2; RFC 5844 §4.1.3.1; RFC 5845 §7.2`,
  );
}

const refreshText = (t: number): string => (t === 0xffffffff ? 'all ones: no keepalives needed' : `${t} s`);
