import type { PacketEvent, Trace } from '../../../src/sim/trace';

/** The packets of a trace, in order: a step is an index into these. */
export const packetsOf = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');

/** The step of the first packet that matches, from `from` on. */
export function stepWhere(t: Trace, match: (p: PacketEvent) => boolean, from = 0): number {
  const i = packetsOf(t).findIndex((p, n) => n >= from && match(p));
  if (i < 0) throw new Error('no such packet in the trace');
  return i;
}
