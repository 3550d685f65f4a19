import type { Effect } from '../sim/effects';
import type { LayerValue } from '../wire/core';
import { ipv6Packet } from '../wire/ipv6';
import type { NetlmmValue } from '../wire/netlmm';
import type { SctpValue } from '../wire/sctp';
import type { EndpointStep, SctpTimerEvent } from '../protocols/netlmm/sctp-endpoint';

/*
 * The glue between a machine and its SCTP associations (src/protocols/netlmm/sctp-endpoint.ts),
 * shared by the NETLMM MAG, the PMIP client and a second client: SCTP packets in and out as IPv6
 * packets, the association timers as delayed raises, and what the association delivers raised
 * back to the machine as `rx.netlmm`, so the machine handles a Trigger or a Notification as an
 * event of its own.
 */

export type NetlmmDelivery = { type: 'rx.netlmm'; from: string; message: NetlmmValue };
export type NetlmmFailure = { type: 'sctp.failed'; to: string; message: NetlmmValue };
export type SctpArrival = { type: 'rx.sctp'; src: string; dst: string; sctp: SctpValue };
export type SctpEvent = SctpArrival | SctpTimerEvent | NetlmmDelivery | NetlmmFailure;

export interface SctpEnqueue {
  emit(e: Effect): void;
  raise(e: SctpTimerEvent | NetlmmDelivery | NetlmmFailure, o?: { id: string; delay: number }): void;
  cancel(id: string): void;
}

/** Carry a step out: timers, packets, narration, then what it delivered or gave up on. */
export function performSctp(enqueue: SctpEnqueue, s: EndpointStep): void {
  for (const t of s.timers) {
    if (t.op === 'cancel') enqueue.cancel(t.id);
    else enqueue.raise(t.event, { id: t.id, delay: t.delayMs });
  }
  for (const p of s.packets) enqueue.emit({ type: 'tx', packet: ipv6Packet({ src: p.src, dst: p.dst, payload: p.sctp }) });
  for (const n of s.notes) enqueue.emit({ type: 'note', text: n.text, section: n.section });
  for (const d of s.delivered) enqueue.raise({ type: 'rx.netlmm', from: d.from, message: d.message });
  for (const f of s.failed) enqueue.raise({ type: 'sctp.failed', to: f.to, message: f.message });
}

/** An SCTP packet for this node as an event; anything else undefined. */
export function sctpArrival(ip: LayerValue): SctpArrival | undefined {
  const l4 = ip.payload as LayerValue | undefined;
  if (ip.proto !== 'ipv6' || l4?.proto !== 'sctp') return undefined;
  return { type: 'rx.sctp', src: ip.src as string, dst: ip.dst as string, sctp: l4 as SctpValue };
}

export const SCTP_TIMER_NAMES = { 'timer.sctpT1': 'SCTP T1-init', 'timer.sctpT3': 'SCTP T3-rtx' } as const;
