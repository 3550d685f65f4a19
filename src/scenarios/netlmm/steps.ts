import type { StepRule } from '../definition';
import { NETLMM_OPTION, NETLMM_STATUS } from '../../wire/netlmm';
import { after, and, any, before, between, is, layersOf, netlmmKind, tunnelDepth, type Match } from './kinds';

/*
 * The step and section of every packet of the netlmm-* scenarios: Figure 2 (initial attachment)
 * and Figure 3 (intra-LMD handoff) of seed 003 numbered as the draft numbers them, and the
 * appendices for their variants.
 */

export const SEED = 'draft-singh-netlmm-protocol-02';
export const cite = (section: string, more?: string): string => `${SEED} ${section}${more ? `; ${more}` : ''}`;

export function rule(step: string, text: string, section: string, match: Match, all = true): StepRule {
  return { step, text, section, match, ...(all ? { all } : {}) };
}

const depth = (n: number): Match => (_p, f) => tunnelDepth(f) === n;
/** The association set-up between two peers (INIT, INIT ACK, COOKIE ECHO, COOKIE ACK). */
const sctpControl = (a: string, b: string): Match => (p, f) => between(a, b)(p, f) && /^SCTP (INIT|COOKIE)/.test(netlmmKind(f));
/** A NETLMM message whose Status option holds `status` (lab values, src/wire/netlmm.ts). */
const statusIs = (status: number): Match => (_p, f) => {
  const n = layersOf(f).find((l) => l.proto === 'netlmm');
  return ((n?.options ?? []) as { type: number; status?: number }[]).some((o) => o.type === NETLMM_OPTION.Status && o.status === status);
};
const conflictFound = statusIs(NETLMM_STATUS.AddressConflict);

export interface AttachStepOptions {
  mag: string;
  mn: string;
  client: string;
  fromUs?: number;
  untilUs?: number;
  /** Numbers of Fig. 2's steps 2-7 as this run shows them. */
  numbers?: readonly [string, string, string, string, string, string];
}

/** Fig. 2, steps 2-7, for one MN at one MAG. */
export function attachSteps(o: AttachStepOptions): StepRule[] {
  const t = and(after(o.fromUs ?? 0), before(o.untilUs ?? Infinity));
  const M = o.mag.toUpperCase();
  const [s2, s3, s4, s5, s6, s7] = o.numbers ?? ['2', '3', '4', '5', '6', '7'];
  return [
    rule(s2, `${M} advertises the LMD prefix (Router Advertisement)`, cite('§4.1 step 2, §3'), and(t, is('RA', o.mag, o.mn))),
    rule(s2, `The MN solicits a router`, cite('§4.1 step 2', 'RFC 4861 §6.3.7'), and(t, is('RS', o.mn, o.mag))),
    rule(s2, 'pHoA acquisition: the MN asks DHCPv6 for an address (Solicit, Rapid Commit)', cite('§4.1 step 2', 'RFC 8415 §18.2.1'), and(t, is('Solicit', o.mn, o.mag))),
    rule(s2, `pHoA acquisition: ${M}, as DHCP relay, passes the Solicit to the server`, cite('§4.1 step 2', 'RFC 8415 §19.1.1'), and(t, is('Relay-forw', o.mag))),
    rule(s2, 'pHoA acquisition: the DHCPv6 server assigns a pHoA from the advertised prefix', cite('§4.1 step 2', 'RFC 8415 §18.3.1'), and(t, is('Relay-reply', undefined, o.mag))),
    rule(s2, `pHoA acquisition: ${M} relays the Reply and learns the pHoA from it`, cite('§4.1 step 2'), and(t, is('Reply', o.mag, o.mn))),
    rule(s2, 'The MN checks its new pHoA with Duplicate Address Detection', cite('§4.1 step 2, Appendix B', 'RFC 4862 §5.4.2'), and(t, is('NS(DAD)', o.mn, o.mag))),
    rule(s3, `${M} and the PMIP client set up their SCTP association (one ordered stream)`, cite('§4.9.3', 'RFC 9260 §5.1'), and(t, sctpControl(o.mag, o.client))),
    rule(s3, `${M} triggers the PMIP client: Trigger (MN identifier, pHoA)`, cite('§4.1 step 3, §4.9.1'), and(t, is('Trigger', o.mag, o.client))),
    rule(s4, 'The PMIP client binds the pHoA to the MAG: PBU (MN-ID, pHoA, Alternate CoA = pCoA)', cite('§4.1 step 4', 'RFC 5213 §6.9.1.5'), and(t, is('PBU', o.client, 'lma'))),
    rule(s5, 'The LMA binds the pHoA to the pCoA and answers the client: PBAck', cite('§4.1 step 5', 'RFC 5213 §5.3.2'), and(t, is('PBA', 'lma', o.client))),
    rule(s5, 'The LMA refuses the PBU', cite('§4.7', 'RFC 5213 §5.3.1'), and(t, (p, f) => p.from === 'lma' && p.to === o.client && netlmmKind(f).startsWith('PBA('))),
    rule(s6, `The client sends ${M} the PBAck verification status: Notification carrying the PBA`, cite('§4.1 step 6, §4.9.2'), and(t, is('Notification', o.client, o.mag), statusIs(NETLMM_STATUS.Success))),
    rule(s6, `The client answers ${M} with an error status and no PBA: ${M} sets up no tunnel`, cite('§4.7, §4.9.2'), and(t, is('Notification', o.client, o.mag))),
    // The MN's binding at the GMA does not depend on the MAG: a refresh or a retransmission after a handoff is the same step.
    rule(s7, 'A Mobile IPv6-capable MN binds its HoA to its pHoA at the GMA: Binding Update', cite('§4.1 step 7', 'RFC 6275 §11.7.1'), is('BU')),
    rule(s7, 'The GMA acknowledges: Binding Acknowledgement, to the pHoA', cite('§4.1 step 7', 'RFC 6275 §10.3.1'), is('BAck')),
  ];
}

/** The SCTP acknowledgements and association set-ups not covered by a numbered step. */
export function sctpSteps(): StepRule[] {
  return [
    rule('', 'SCTP acknowledges the DATA chunk at once (SACK)', cite('§4.9.3', 'RFC 9260 §6.2'), (_p, f) => netlmmKind(f) === 'SCTP SACK'),
    rule('', 'SCTP association set-up between NETLMM peers', cite('§4.9.3', 'RFC 9260 §5.1'), (_p, f) => netlmmKind(f).startsWith('SCTP ')),
  ];
}

/** "forward packets" at the end of Figs. 2 and 3: the CN's echo through the GMA's tunnel inside the LMA's. */
export function trafficSteps(step: string, section: string, lost?: { text: string; section: string }): StepRule[] {
  const down = 'CN → MN echo request';
  const notDelivered: Match = (p) => p.fate !== 'delivered';
  return [
    ...(lost ? [rule('', lost.text, lost.section, and(notDelivered, any(is('echo-request'), is('echo-reply'))))] : []),
    rule(step, down, section, and(is('echo-request', 'cn', 'gma'), depth(0))),
    rule(step, `${down}: the GMA tunnels it to the MN's care-of address, its pHoA (tunnel 1)`, cite('§4.1', 'RFC 6275 §10.4.1'), and(is('echo-request', 'gma', 'lma'), depth(1))),
    rule(step, `${down}: the GMA routes it to the pHoA, which the LMA anchors`, section, and(is('echo-request', 'gma', 'lma'), depth(0))),
    rule(step, `${down}: the LMA tunnels it to the MAG (tunnel 2 around tunnel 1)`, section, and(is('echo-request', 'lma'), depth(2))),
    rule(step, `${down}: the LMA tunnels it to the MAG`, section, and(is('echo-request', 'lma'), depth(1))),
    rule(step, 'Data forwarding: the old MAG tunnels it on to the new MAG', cite('Appendix D'), is('echo-request', 'mag1', 'mag2')),
    rule(step, `${down}: the MAG takes off the outer tunnel and delivers it on the access link`, section, (p, f) => is('echo-request')(p, f) && p.to.startsWith('mn')),
    rule(step, 'MN → CN echo reply, reverse-tunnelled by the MN to the GMA', cite('§4.1', 'RFC 6275 §11.3.1'), (p, f) => is('echo-reply')(p, f) && p.from.startsWith('mn')),
    rule(step, 'The MAG tunnels the reply to the LMA', section, (p, f) => is('echo-reply')(p, f) && p.from.startsWith('mag') && p.to === 'lma'),
    rule(step, 'The LMA takes off its tunnel and passes the reply on to the GMA', section, is('echo-reply', 'lma', 'gma')),
    rule(step, 'The GMA takes off its tunnel and delivers the reply to the CN', cite('§4.1', 'RFC 6275 §10.4.5'), is('echo-reply', 'gma', 'cn')),
  ];
}

/** Fig. 3 steps 1-5 (numbered on from Fig. 2's, as `numbers` says): the MN moves from MAG1 to MAG2 at `fromUs`. */
export function handoverSteps(o: { fromUs: number; client: string; numbers?: readonly [string, string, string, string, string] }): StepRule[] {
  const t = after(o.fromUs);
  const [s1, s2, s3, s4, s5] = o.numbers ?? ['1', '2', '3', '4', '5'];
  return [
    rule(s1, 'MN context transfer MAG1 → MAG2: MN identifier, pHoA, PMIP client', cite('§4.2 step 1, Appendix D'), and(t, is('Context', 'mag1', 'mag2'))),
    rule(s1, 'MAG1 and MAG2 set up an SCTP association for the context', cite('§4.2 step 1', 'RFC 9260 §5.1'), and(t, sctpControl('mag1', 'mag2'))),
    rule(s1, 'L2 handoff done: MAG2 advertises the same prefix from the same router address', cite('§4.2 step 1, §3'), and(t, is('RA', 'mag2'))),
    rule(s2, 'MAG2 and the MN’s PMIP client set up their SCTP association', cite('§4.9.3', 'RFC 9260 §5.1'), and(t, sctpControl('mag2', o.client))),
    rule(s2, 'MAG2 triggers the MN’s PMIP client (from the context): Trigger (MN identifier, pHoA)', cite('§4.2 step 2'), and(t, is('Trigger', 'mag2', o.client))),
    rule(s3, 'The client finds MN identifier and pHoA in its cache: PBU binding the pHoA to MAG2 (new pCoA)', cite('§4.2 step 3, §4.7'), and(t, is('PBU', o.client, 'lma'))),
    rule(s4, 'The LMA moves the binding to MAG2 and answers: PBAck', cite('§4.2 step 4', 'RFC 5213 §5.3.4'), and(t, is('PBA', 'lma', o.client))),
    rule(s5, 'The PBAck verification status goes to MAG2: Notification carrying the PBA', cite('§4.2 step 5, §4.9.2'), and(t, is('Notification', o.client, 'mag2'), statusIs(NETLMM_STATUS.Success))),
  ];
}

/** Appendix B: a pHoA the MN configured itself, checked with the other PMIP clients. */
export function conflictSteps(): StepRule[] {
  const s = cite('Appendix B');
  return [
    rule('B', 'The PMIP clients set up an SCTP association', cite('Appendix B', 'RFC 9260 §5.1'), sctpControl('client', 'client2')),
    rule('B', 'Conflict detection request: is this pHoA held by another MN?', s, is('ConflictRequest')),
    rule('B', '"Conflict detected": another MN holds the pHoA', s, and(is('ConflictReply'), conflictFound)),
    rule('B', '"No conflict": no other MN holds the pHoA', s, is('ConflictReply')),
    rule('B', 'The MAG defends the address with a Neighbor Advertisement: the MN’s DAD fails', cite('Appendix B', 'RFC 4862 §5.4.4'), is('NA')),
  ];
}

/** Appendix C: the per-MN key, fetched from the AAA by the client, then by the LMA. */
export function keySteps(): StepRule[] {
  return [
    rule('C', 'The PMIP client’s AAA client fetches the MN-specific key', cite('Appendix C', 'RFC 2865 §4.1'), (p, f) => is('Access-Request', undefined, 'aaa')(p, f) && p.from.startsWith('client')),
    rule('C', 'The LMA’s AAA client fetches the same key, to check the PBU the client signed with it', cite('Appendix C', 'RFC 4285 §5'), is('Access-Request', 'lma', 'aaa')),
    rule('C', 'The local AAA server gives the key, sealed with the shared secret', cite('Appendix C', 'RFC 2868 §3.5'), is('Access-Accept', 'aaa')),
    rule('C', 'The AAA server refuses the key', cite('Appendix C'), is('Access-Reject', 'aaa')),
  ];
}
