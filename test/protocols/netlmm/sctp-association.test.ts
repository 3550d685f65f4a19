import { describe, expect, it } from 'vitest';
import { PATH_MAX_RETRANS, receivePacket, RTO_INITIAL_MS, sendMessage, timerExpired, type Association, type SctpResult } from '../../../src/protocols/netlmm/sctp-association';
import { notification, trigger } from '../../../src/wire/netlmm';
import type { SctpValue } from '../../../src/wire/sctp';

/*
 * The MAG–PMIP client association (RFC 9260, the part seed 003 §4.9.3 needs): the four-way set-up,
 * DATA answered by SACK, in-order delivery, T3-rtx retransmission with a doubled RTO, giving up
 * after Path.Max.Retrans, and Verification Tags that must match.
 */

const MAG = '2001:db8:1::1';
const CLIENT = '2001:db8:c::1';
let n = 0;
const random = (): number => (n = (n * 1103515245 + 12345) >>> 0);
const chunkTypes = (p: SctpValue): number[] => (p.chunks ?? []).map((c) => c.type);

/** Deliver every packet of `r` to the other end, as the network would, in order. */
function deliver(r: SctpResult, to: Association | undefined, local: string, peer: string): SctpResult[] {
  let a = to;
  const out: SctpResult[] = [];
  for (const p of r.packets) {
    const s = receivePacket(a, local, peer, p, random);
    a = s.association;
    out.push(s);
  }
  return out;
}

describe('the SCTP association of the MAG and its PMIP client', () => {
  it('sets itself up with INIT, INIT ACK, COOKIE ECHO, COOKIE ACK, then carries the message and SACKs it', () => {
    const t = trigger({ transaction: 7, mnId: 'mn1@netlmm.example', pHoA: '2001:db8:100::100' });
    const s1 = sendMessage(undefined, MAG, CLIENT, t, random);
    expect(s1.packets.map(chunkTypes)).toEqual([[1]]);
    expect(s1.packets[0]!.verificationTag).toBe(0);
    expect(s1.timers).toEqual([{ op: 'start', kind: 't1', delayMs: RTO_INITIAL_MS }]);
    const [c1] = deliver(s1, undefined, CLIENT, MAG);
    expect(c1!.packets.map(chunkTypes)).toEqual([[2]]);
    const [m2] = deliver(c1!, s1.association, MAG, CLIENT);
    expect(m2!.packets.map(chunkTypes)).toEqual([[10]]);
    const [c3] = deliver(m2!, c1!.association, CLIENT, MAG);
    expect(c3!.association!.state).toBe('established');
    expect(c3!.packets.map(chunkTypes)).toEqual([[11]]);
    const [m4] = deliver(c3!, m2!.association, MAG, CLIENT);
    expect(m4!.association!.state).toBe('established');
    // The waiting Trigger goes now, in a DATA chunk with the client's tag; T1 stops, T3 starts.
    expect(m4!.packets.map(chunkTypes)).toEqual([[0]]);
    expect(m4!.packets[0]!.verificationTag).toBe(c1!.association!.localTag);
    expect(m4!.timers).toEqual([{ op: 'cancel', kind: 't1' }, { op: 'start', kind: 't3', delayMs: RTO_INITIAL_MS }]);
    const [c5] = deliver(m4!, c3!.association, CLIENT, MAG);
    expect(c5!.delivered).toEqual([expect.objectContaining({ type: 1, transaction: 7 })]);
    expect(c5!.packets.map(chunkTypes)).toEqual([[3]]);
    const [m6] = deliver(c5!, m4!.association, MAG, CLIENT);
    expect(m6!.association!.outstanding).toEqual([]);
    expect(m6!.timers).toEqual([{ op: 'cancel', kind: 't3' }]);
  });

  it('sends a DATA chunk again when its SACK is late, doubling the RTO, and gives up after Path.Max.Retrans', () => {
    const s = sendMessage(undefined, MAG, CLIENT, trigger({ transaction: 1, mnId: 'mn1@netlmm.example' }), random);
    const [c1] = deliver(s, undefined, CLIENT, MAG);
    const [m2] = deliver(c1!, s.association, MAG, CLIENT);
    const [c3] = deliver(m2!, c1!.association, CLIENT, MAG);
    const [m4] = deliver(c3!, m2!.association, MAG, CLIENT);
    let a = m4!.association;
    const tsn = a!.outstanding[0]!.tsn;
    for (let i = 1; i <= PATH_MAX_RETRANS; i++) {
      const r = timerExpired(a, 't3');
      expect(r.packets.map((p) => p.chunks![0]!.tsn)).toEqual([tsn]);
      expect(r.timers.at(-1)).toEqual({ op: 'start', kind: 't3', delayMs: Math.min(RTO_INITIAL_MS * 2 ** i, 60_000) });
      a = r.association;
    }
    const last = timerExpired(a, 't3');
    expect(last.association).toBeUndefined();
    expect(last.failed).toEqual([expect.objectContaining({ transaction: 1 })]);
  });

  it('delivers in order what arrives out of order, and acknowledges a duplicate without delivering it twice', () => {
    const s = sendMessage(undefined, MAG, CLIENT, notification({ transaction: 1, status: 0 }), random);
    const [c1] = deliver(s, undefined, CLIENT, MAG);
    const [m2] = deliver(c1!, s.association, MAG, CLIENT);
    const [c3] = deliver(m2!, c1!.association, CLIENT, MAG);
    const [m4] = deliver(c3!, m2!.association, MAG, CLIENT);
    const second = sendMessage(m4!.association, MAG, CLIENT, notification({ transaction: 2, status: 0 }), random);
    let client = c3!.association;
    const late = receivePacket(client, CLIENT, MAG, second.packets[0]!, random);
    expect(late.delivered).toEqual([]);
    client = late.association;
    const first = receivePacket(client, CLIENT, MAG, m4!.packets[0]!, random);
    expect(first.delivered.map((m) => m.transaction)).toEqual([1, 2]);
    const again = receivePacket(first.association, CLIENT, MAG, m4!.packets[0]!, random);
    expect(again.delivered).toEqual([]);
    expect(again.packets.map(chunkTypes)).toEqual([[3]]);
  });

  it('discards a packet whose Verification Tag is not its own (RFC 9260 §8.5)', () => {
    const s = sendMessage(undefined, MAG, CLIENT, trigger({ transaction: 1, mnId: 'x@y.z' }), random);
    const [c1] = deliver(s, undefined, CLIENT, MAG);
    const forged: SctpValue = { ...c1!.packets[0]!, verificationTag: (s.association!.localTag + 1) >>> 0, chunks: [{ type: 11 }] };
    const r = receivePacket(s.association, MAG, CLIENT, forged, random);
    expect(r.association!.state).toBe('cookie-wait');
    expect(r.notes[0]!.section).toBe('RFC 9260 §8.5');
  });
});
