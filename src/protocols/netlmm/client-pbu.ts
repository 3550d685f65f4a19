import type { OptionValue } from '../../wire/core';
import { ipv6Packet, type Ipv6Packet } from '../../wire/ipv6';
import { alternateCareOfAddressOption, findOption, proxyBindingUpdate, type BindingAck } from '../../wire/mh';

/*
 * The Proxy Binding Update the PMIP client sends for a mobile node (seed 003 §4.1 step 4, §4.2
 * step 3) and what it reads in the answer. The draft's PBU is "a standard Mobile IPv6 Binding
 * Update" to a home agent; the lab's LMA is the RFC 5213 one, so the PBU has RFC 5213's shape
 * (P and A set; MN Identifier, Home Network Prefix, Handoff Indicator, Access Technology Type) and,
 * as the draft asks, comes from the client's own address with the Alternate Care-of Address option
 * naming the MAG, which is the care-of address the LMA binds (RFC 6275 §6.2.5; RFC 5213 §5.3.1).
 * The pHoA is a /128 in the Home Network Prefix option, the form RFC 5213 gives a single address
 * on a shared prefix. No Timestamp option: the PBUs of one MN all come from the one client, so its
 * sequence numbers order them (§4.2: "no need to add ... timestamp extensions").
 */

/** RFC 5213 §8.4: attachment over a new interface, handoff between MAGs, state not changed. */
export const HI = { NewAttachment: 1, BetweenMags: 3, Unchanged: 5 } as const;

export interface ClientPbu {
  client: string;
  lmaa: string;
  mnId: string;
  pHoA: string;
  /** The serving MAG: the Alternate Care-of Address. */
  pCoA: string;
  seq: number;
  lifetimeSeconds: number;
  hi: number;
  att: number;
  /** Options that must come last (an authentication option). */
  trailing?: readonly OptionValue[];
}

export function clientPbuPacket(p: ClientPbu): Ipv6Packet {
  const pbu = proxyBindingUpdate({
    seq: p.seq,
    lifetimeSeconds: p.lifetimeSeconds,
    nai: p.mnId,
    hnps: [`${p.pHoA}/128`],
    handoff: p.hi,
    att: p.att,
    options: [alternateCareOfAddressOption(p.pCoA), ...(p.trailing ?? [])],
  });
  return ipv6Packet({ src: p.client, dst: p.lmaa, payload: pbu });
}

export interface PbaFacts {
  status: number;
  seq: number;
  lifetimeSeconds: number;
  mnId?: string;
}

export function readPba(pba: BindingAck): PbaFacts {
  const id = findOption(pba, 8)?.identifier;
  return { status: pba.body.status, seq: pba.body.seq, lifetimeSeconds: pba.body.lifetime * 4, ...(id ? { mnId: id } : {}) };
}
