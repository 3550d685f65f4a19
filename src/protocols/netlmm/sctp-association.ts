import type { LayerValue, OptionValue } from '../../wire/core';
import { NETLMM_PPID, NETLMM_SCTP_PORT, type NetlmmValue } from '../../wire/netlmm';
import { sctpData, type SctpValue } from '../../wire/sctp';

/*
 * The SCTP association a MAG keeps with its PMIP client (seed 003 §4.9.3: "a single stream ... with
 * in-sequence delivery"), the least of RFC 9260 that carries it faithfully:
 *
 *   initiator                                 responder
 *   INIT (Initiate Tag, initial TSN) ──────────►
 *            ◄──────────── INIT ACK (its own tag and TSN, State Cookie)
 *   COOKIE ECHO (the cookie) ──────────────────►
 *            ◄──────────────────────── COOKIE ACK        established
 *   DATA (TSN, stream 0, SSN, PPID) ───────────►
 *            ◄───────────────────────────── SACK         (cumulative TSN ack)
 *
 * Every packet after the INIT carries the receiver's Initiate Tag as its Verification Tag (§8.5).
 * The receiver of DATA answers at once with a SACK (§6.2 allows it; the lab never delays one). A DATA
 * chunk not acknowledged within the RTO is sent again with the RTO doubled (T3-rtx, §6.3.3); after
 * Path.Max.Retrans attempts the peer counts as unreachable (§8.2). The INIT and COOKIE ECHO have the
 * T1 timer (§5.1). Simplifications, all stated: the responder keeps its state from the INIT on and
 * checks the cookie by comparing it with the one it sent, instead of a MAC over a state-free cookie
 * (§5.1.3); RTT is not measured, so the RTO stays at RTO.Min (1 s) once data is acknowledged (§6.3.1
 * clamps any lab RTT to it anyway); and a peer that sends a new INIT is taken as restarted (§5.2.2).
 */

/** RFC 9260 §16: RTO.Initial = RTO.Min = 1 s, RTO.Max = 60 s, Path.Max.Retrans 5, Max.Init.Retransmits 8. */
export const RTO_INITIAL_MS = 1000;
export const RTO_MAX_MS = 60_000;
export const PATH_MAX_RETRANS = 5;
export const MAX_INIT_RETRANSMITS = 8;
const A_RWND = 65_535;
const SECTION = 'RFC 9260';

export type AssociationState = 'cookie-wait' | 'cookie-echoed' | 'cookie-sent' | 'established';

export interface Outstanding {
  tsn: number;
  ssn: number;
  message: NetlmmValue;
}

export interface Association {
  local: string;
  peer: string;
  state: AssociationState;
  /** Our Initiate Tag: the Verification Tag of what the peer sends us. */
  localTag: number;
  /** The peer's Initiate Tag, which we put in what we send (0 before the INIT ACK). */
  peerTag: number;
  nextTsn: number;
  nextSsn: number;
  /** The last TSN received in sequence from the peer. */
  cumTsn: number;
  /** TSNs that came ahead of a missing one, waiting for it. */
  held: { tsn: number; message: NetlmmValue | undefined }[];
  outstanding: Outstanding[];
  /** Messages given before the association was up. */
  waiting: NetlmmValue[];
  rtoMs: number;
  /** Consecutive T1 or T3 expiries. */
  errors: number;
  cookie?: Uint8Array;
  t1: boolean;
  t3: boolean;
}

export type TimerKind = 't1' | 't3';
export type SctpTimerOp = { op: 'start'; kind: TimerKind; delayMs: number } | { op: 'cancel'; kind: TimerKind };

export interface SctpResult {
  /** The association afterwards; undefined when it is gone (never set up, or given up). */
  association: Association | undefined;
  packets: SctpValue[];
  /** User messages to hand to the application, in order. */
  delivered: NetlmmValue[];
  /** User messages that will never be delivered: the peer is unreachable. */
  failed: NetlmmValue[];
  timers: SctpTimerOp[];
  notes: { text: string; section: string }[];
}

type Random = () => number;
const nonZero = (r: Random): number => (r() >>> 0) || 1;
const plus = (tsn: number, n: number): number => (tsn + n) >>> 0;

function result(a: Association | undefined): SctpResult {
  return { association: a && { ...a, held: [...a.held], outstanding: [...a.outstanding], waiting: [...a.waiting] }, packets: [], delivered: [], failed: [], timers: [], notes: [] };
}

function packet(a: Association, chunks: OptionValue[], tag = a.peerTag): SctpValue {
  return { proto: 'sctp', srcport: NETLMM_SCTP_PORT, dstport: NETLMM_SCTP_PORT, verificationTag: tag, chunks };
}

function startTimer(r: SctpResult, kind: TimerKind): void {
  const a = r.association!;
  if (a[kind]) r.timers.push({ op: 'cancel', kind });
  a[kind] = true;
  r.timers.push({ op: 'start', kind, delayMs: a.rtoMs });
}

function stopTimer(r: SctpResult, kind: TimerKind): void {
  const a = r.association!;
  if (!a[kind]) return;
  a[kind] = false;
  r.timers.push({ op: 'cancel', kind });
}

function dataChunk(o: Outstanding): OptionValue {
  return sctpData({ srcport: 0, dstport: 0, verificationTag: 0, tsn: o.tsn, ssn: o.ssn, ppid: NETLMM_PPID, payload: o.message }).chunks![0]!;
}

function sendData(r: SctpResult, message: NetlmmValue): void {
  const a = r.association!;
  const o: Outstanding = { tsn: a.nextTsn, ssn: a.nextSsn, message };
  a.nextTsn = plus(a.nextTsn, 1);
  a.nextSsn = (a.nextSsn + 1) & 0xffff;
  a.outstanding.push(o);
  r.packets.push(packet(a, [dataChunk(o)]));
  if (!a.t3) startTimer(r, 't3');
}

/** Send `message` to `peer`, setting the association up first if there is none (§5.1). */
export function sendMessage(a: Association | undefined, local: string, peer: string, message: NetlmmValue, random: Random): SctpResult {
  if (a) {
    const r = result(a);
    if (a.state === 'established') sendData(r, message);
    else r.association!.waiting.push(message);
    return r;
  }
  const fresh: Association = {
    local, peer, state: 'cookie-wait', localTag: nonZero(random), peerTag: 0, nextTsn: random() >>> 0, nextSsn: 0, cumTsn: 0,
    held: [], outstanding: [], waiting: [message], rtoMs: RTO_INITIAL_MS, errors: 0, t1: false, t3: false,
  };
  const r = result(fresh);
  r.packets.push(packet(fresh, [initChunk(1, fresh)], 0));
  startTimer(r, 't1');
  r.notes.push({ text: `No association with ${peer} yet: an SCTP INIT opens one, with a single ordered stream.`, section: `${SECTION} §5.1; draft-singh-netlmm-protocol-02 §4.9.3` });
  return r;
}

function initChunk(type: 1 | 2, a: Association, cookie?: Uint8Array): OptionValue {
  return {
    type, initiateTag: a.localTag, credit: A_RWND, outStreams: 1, inStreams: 1, initialTsn: a.nextTsn,
    parameters: cookie ? [{ type: 7, cookie }] : [],
  };
}

/** One SCTP packet from `peer` (§8.5: a wrong Verification Tag is silently discarded). */
export function receivePacket(a: Association | undefined, local: string, peer: string, p: SctpValue, random: Random): SctpResult {
  const chunks = p.chunks ?? [];
  const init = chunks.find((c) => c.type === 1);
  if (init) return onInit(a, local, peer, init, random);
  const r = result(a);
  if (!r.association) {
    r.notes.push({ text: `An SCTP packet from ${peer} belongs to no association: it is discarded.`, section: `${SECTION} §8.4` });
    return r;
  }
  if (p.verificationTag !== r.association.localTag) {
    r.notes.push({ text: `SCTP packet from ${peer} with Verification Tag ${p.verificationTag}, not ours: discarded.`, section: `${SECTION} §8.5` });
    return r;
  }
  const replies: OptionValue[] = [];
  for (const c of chunks) {
    if (c.type === 2) onInitAck(r, c);
    else if (c.type === 10) onCookieEcho(r, c, replies);
    else if (c.type === 11) onCookieAck(r);
    else if (c.type === 0) onData(r, c, replies);
    else if (c.type === 3) onSack(r, c);
  }
  if (replies.length > 0) r.packets.push(packet(r.association, replies));
  return r;
}

function onInit(a: Association | undefined, local: string, peer: string, init: OptionValue, random: Random): SctpResult {
  const cookie = Uint8Array.from({ length: 8 }, () => random() & 0xff);
  const fresh: Association = {
    local, peer, state: 'cookie-sent', localTag: nonZero(random), peerTag: init.initiateTag as number, nextTsn: random() >>> 0, nextSsn: 0,
    cumTsn: plus(init.initialTsn as number, -1), held: [], outstanding: [], waiting: a?.waiting ?? [], rtoMs: RTO_INITIAL_MS, errors: 0, cookie, t1: false, t3: false,
  };
  const r = result(fresh);
  if (a?.t1) r.timers.push({ op: 'cancel', kind: 't1' });
  if (a?.t3) r.timers.push({ op: 'cancel', kind: 't3' });
  if (a) r.notes.push({ text: `${peer} sends a new INIT: it restarted, so the old association is dropped.`, section: `${SECTION} §5.2.2` });
  r.packets.push(packet(fresh, [initChunk(2, fresh, cookie)]));
  return r;
}

function onInitAck(r: SctpResult, c: OptionValue): void {
  const a = r.association!;
  if (a.state !== 'cookie-wait') return;
  const cookie = ((c.parameters as OptionValue[] | undefined) ?? []).find((p) => p.type === 7)?.cookie as Uint8Array | undefined;
  if (!cookie) {
    r.notes.push({ text: 'The INIT ACK has no State Cookie: the association cannot go on.', section: `${SECTION} §3.3.3` });
    return;
  }
  a.peerTag = c.initiateTag as number;
  a.cumTsn = plus(c.initialTsn as number, -1);
  a.cookie = cookie;
  a.state = 'cookie-echoed';
  a.errors = 0;
  r.packets.push(packet(a, [{ type: 10, cookie }]));
  startTimer(r, 't1');
}

function onCookieEcho(r: SctpResult, c: OptionValue, replies: OptionValue[]): void {
  const a = r.association!;
  const cookie = c.cookie as Uint8Array | undefined;
  const same = cookie !== undefined && a.cookie !== undefined && cookie.length === a.cookie.length && cookie.every((b, i) => b === a.cookie![i]);
  if (!same) {
    r.notes.push({ text: 'A COOKIE ECHO with a cookie this end did not send: discarded.', section: `${SECTION} §5.1.5` });
    return;
  }
  replies.push({ type: 11 });
  if (a.state === 'established') return;
  a.state = 'established';
  flushWaiting(r);
}

function onCookieAck(r: SctpResult): void {
  const a = r.association!;
  if (a.state !== 'cookie-echoed') return;
  a.state = 'established';
  a.errors = 0;
  stopTimer(r, 't1');
  flushWaiting(r);
}

function flushWaiting(r: SctpResult): void {
  const a = r.association!;
  const waiting = a.waiting;
  a.waiting = [];
  for (const m of waiting) sendData(r, m);
}

function onData(r: SctpResult, c: OptionValue, replies: OptionValue[]): void {
  const a = r.association!;
  if (a.state !== 'established') return;
  const tsn = c.tsn as number;
  const ahead = (tsn - a.cumTsn) >>> 0;
  const payload = c.payload as LayerValue | undefined;
  const message = payload?.proto === 'netlmm' ? (payload as NetlmmValue) : undefined;
  if (ahead === 1) {
    a.cumTsn = tsn;
    if (message) r.delivered.push(message);
    // What came ahead of this one can be delivered now, in order.
    for (;;) {
      const next = a.held.find((h) => h.tsn === plus(a.cumTsn, 1));
      if (!next) break;
      a.held = a.held.filter((h) => h !== next);
      a.cumTsn = next.tsn;
      if (next.message) r.delivered.push(next.message);
    }
  } else if (ahead > 1 && ahead < 0x8000_0000 && !a.held.some((h) => h.tsn === tsn)) {
    a.held.push({ tsn, message });
  } else {
    r.notes.push({ text: `DATA TSN ${tsn} from ${a.peer} arrived before: a duplicate, acknowledged again and not delivered.`, section: `${SECTION} §6.2` });
  }
  if (!replies.some((x) => x.type === 3)) replies.push({ type: 3, cumulativeTsnAck: a.cumTsn, aRwnd: A_RWND, gaps: [], duplicates: [] });
  else replies.find((x) => x.type === 3)!.cumulativeTsnAck = a.cumTsn;
}

function onSack(r: SctpResult, c: OptionValue): void {
  const a = r.association!;
  const cum = c.cumulativeTsnAck as number;
  const before = a.outstanding.length;
  a.outstanding = a.outstanding.filter((o) => ((o.tsn - cum) >>> 0) < 0x8000_0000 && o.tsn !== cum);
  if (a.outstanding.length === before) return;
  a.errors = 0;
  a.rtoMs = RTO_INITIAL_MS;
  if (a.outstanding.length === 0) stopTimer(r, 't3');
  else startTimer(r, 't3');
}

/** T1-init (§5.1) or T3-rtx (§6.3.3) expired. */
export function timerExpired(a: Association | undefined, kind: TimerKind): SctpResult {
  const r = result(a);
  const s = r.association;
  if (!s || !s[kind]) return r;
  s[kind] = false;
  s.errors++;
  const limit = kind === 't1' ? MAX_INIT_RETRANSMITS : PATH_MAX_RETRANS;
  if (s.errors > limit) {
    r.failed = [...s.outstanding.map((o) => o.message), ...s.waiting];
    if (s.t1) r.timers.push({ op: 'cancel', kind: 't1' });
    if (s.t3) r.timers.push({ op: 'cancel', kind: 't3' });
    r.association = undefined;
    r.notes.push({ text: `${s.peer} did not answer after ${limit} retransmissions: the association is given up.`, section: `${SECTION} §8.2` });
    return r;
  }
  s.rtoMs = Math.min(s.rtoMs * 2, RTO_MAX_MS);
  if (kind === 't1') {
    r.packets.push(s.state === 'cookie-wait' ? packet(s, [initChunk(1, s)], 0) : packet(s, [{ type: 10, cookie: s.cookie }]));
    r.notes.push({ text: `No answer from ${s.peer}: the ${s.state === 'cookie-wait' ? 'INIT' : 'COOKIE ECHO'} goes again, T1 now ${s.rtoMs} ms.`, section: `${SECTION} §5.1` });
  } else {
    const first = s.outstanding[0];
    if (!first) return r;
    r.packets.push(packet(s, [dataChunk(first)]));
    r.notes.push({ text: `No SACK from ${s.peer} for TSN ${first.tsn}: it is sent again, RTO now ${s.rtoMs} ms.`, section: `${SECTION} §6.3.3` });
  }
  startTimer(r, kind);
  return r;
}
