import type { NetlmmValue } from '../../wire/netlmm';
import type { SctpValue } from '../../wire/sctp';
import { receivePacket, sendMessage, timerExpired, type Association, type SctpResult, type TimerKind } from './sctp-association';

/*
 * One node's SCTP associations, one per peer address, as a table a machine keeps in its context:
 * each call runs sctp-association.ts on the peer's entry and says what to send, deliver and time.
 */

export type Associations = Readonly<Record<string, Association>>;

export type SctpTimerEvent = { type: 'timer.sctpT1' | 'timer.sctpT3'; peer: string };

export interface EndpointStep {
  associations: Associations;
  /** SCTP packets for IPv6 packets from `src` to `dst`. */
  packets: { src: string; dst: string; sctp: SctpValue }[];
  delivered: { from: string; message: NetlmmValue }[];
  failed: { to: string; message: NetlmmValue }[];
  timers: ({ op: 'start'; id: string; event: SctpTimerEvent; delayMs: number } | { op: 'cancel'; id: string })[];
  notes: { text: string; section: string }[];
}

export const sctpTimerId = (kind: TimerKind, peer: string): string => `sctp-${kind}:${peer}`;

function apply(table: Associations, peer: string, r: SctpResult): EndpointStep {
  const associations = { ...table };
  if (r.association) associations[peer] = r.association;
  else delete associations[peer];
  const local = r.association?.local ?? table[peer]?.local;
  return {
    associations,
    packets: local === undefined ? [] : r.packets.map((sctp) => ({ src: local, dst: peer, sctp })),
    delivered: r.delivered.map((message) => ({ from: peer, message })),
    failed: r.failed.map((message) => ({ to: peer, message })),
    timers: r.timers.map((t) =>
      t.op === 'cancel'
        ? { op: 'cancel', id: sctpTimerId(t.kind, peer) }
        : { op: 'start', id: sctpTimerId(t.kind, peer), event: { type: t.kind === 't1' ? 'timer.sctpT1' : 'timer.sctpT3', peer }, delayMs: t.delayMs },
    ),
    notes: r.notes,
  };
}

export function sctpSend(table: Associations, local: string, peer: string, message: NetlmmValue, random: () => number): EndpointStep {
  return apply(table, peer, sendMessage(table[peer], local, peer, message, random));
}

export function sctpReceive(table: Associations, local: string, peer: string, sctp: SctpValue, random: () => number): EndpointStep {
  return apply(table, peer, receivePacket(table[peer], local, peer, sctp, random));
}

export function sctpTimer(table: Associations, e: SctpTimerEvent): EndpointStep {
  return apply(table, e.peer, timerExpired(table[e.peer], e.type === 'timer.sctpT1' ? 't1' : 't3'));
}

/** The associations as rows for the state panel. */
export function associationRows(table: Associations): Record<string, string | number>[] {
  return Object.values(table).map((a) => ({
    peer: a.peer,
    state: a.state,
    'my tag': `0x${a.localTag.toString(16).padStart(8, '0')}`,
    'peer tag': `0x${a.peerTag.toString(16).padStart(8, '0')}`,
    'next TSN': a.nextTsn,
    'unacked': a.outstanding.length,
    'RTO (ms)': a.rtoMs,
  }));
}
