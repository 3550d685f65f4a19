import type { PacketEvent, Trace } from '../../sim/trace';
import { innerOwners } from './inner-owners';
import type { SequenceInput } from './layout';
import { timerChoice } from './timer-choice';
import { shownTimers, timerInstances } from './timers';

export interface InputOptions {
  /** Draw the traffic generator's timers too; by default, as the reader last chose in the legend. */
  trafficTimers?: boolean;
}

/**
 * What the diagram is drawn from, read off a Trace: the one place the drawing on the page and the
 * exported files take it from, so they show the same thing, down to which timers the reader chose
 * to see.
 */
export function sequenceInput(trace: Trace | undefined, packets?: readonly PacketEvent[], options: InputOptions = {}): SequenceInput {
  if (!trace) return { entities: [], packets: [] };
  const messages = packets ?? trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
  return {
    entities: trace.entities,
    packets: messages,
    links: trace.links,
    timers: shownTimers(timerInstances(trace.events, trace.duration), options.trafficTimers ?? timerChoice.traffic),
    owners: innerOwners(trace.entities, messages),
    duration: trace.duration,
  };
}
