import type { TraceEvent } from '../../sim/trace';
import { seconds } from './text';

/**
 * The trace's timers as spans: each start paired with the fire or cancel that ended it, so the
 * diagram can draw how long a lifetime, a retransmission back-off or a refresh was running.
 */

export type TimerOutcome = 'expired' | 'cancelled' | 'running';

export interface TimerInstance {
  entity: string;
  name: string;
  /** When it was started, µs. */
  start: number;
  /**
   * When it fired or was cancelled; for one still running when the run ended, when it was due or
   * the end of the run, whichever comes first.
   */
  end: number;
  outcome: TimerOutcome;
  /** When it was due to fire. */
  expires?: number;
  /**
   * How many packets the trace records before the start and before the end. Many things happen
   * at one instant (a PBA arrives, its timer stops, a Router Advertisement leaves); the count
   * puts the span's ends between the right messages. Undefined for the end of a running timer,
   * which is placed by its time alone.
   */
  startSeq: number;
  endSeq?: number;
}

/**
 * The timers of the CN's traffic generator (entities/cn.ts): they pace the test traffic rather
 * than run any protocol, and drawn they lay a bar down the CN's lifeline for the whole run. The
 * diagram and its exports leave them out unless the reader asks for them (`TimerChoice`).
 */
export const TRAFFIC_TIMERS: ReadonlySet<string> = new Set(['next packet', 'traffic start', 'traffic stop']);

/** The timers the diagram draws: the protocols' always, the traffic generator's only when asked for. */
export function shownTimers<T extends Pick<TimerInstance, 'name'>>(timers: readonly T[], traffic: boolean): T[] {
  return traffic ? [...timers] : timers.filter((t) => !TRAFFIC_TIMERS.has(t.name));
}

/** Whether the run has any timer of the traffic generator: only then is there a choice to offer. */
export function hasTrafficTimers(events: readonly TraceEvent[]): boolean {
  return events.some((e) => e.kind === 'timer' && TRAFFIC_TIMERS.has(e.name));
}

/**
 * Timers are told apart by entity and name. A fire stops the instance due at that moment; when an
 * entity runs two timers of one name at once (a lifetime per binding) and one is cancelled, the
 * trace does not say which, and the oldest is taken. A fire or cancel with no start is left out.
 */
export function timerInstances(events: readonly TraceEvent[], duration: number): TimerInstance[] {
  const out: TimerInstance[] = [];
  const running = new Map<string, TimerInstance[]>();
  let packets = 0;
  for (const e of events) {
    if (e.kind === 'packet') packets++;
    if (e.kind !== 'timer') continue;
    const key = `${e.entity}\u0000${e.name}`;
    const list = running.get(key) ?? [];
    running.set(key, list);
    if (e.action === 'start') {
      const t: TimerInstance = { entity: e.entity, name: e.name, start: e.time, end: e.time, outcome: 'running', startSeq: packets };
      if (e.expires !== undefined) t.expires = e.expires;
      list.push(t);
      out.push(t);
      continue;
    }
    let k = e.action === 'fire' ? list.findIndex((t) => t.expires === e.time) : -1;
    if (k < 0 && list.length > 0) k = 0;
    if (k < 0) continue;
    const [t] = list.splice(k, 1);
    t!.end = Math.max(t!.start, e.time);
    t!.endSeq = packets;
    t!.outcome = e.action === 'fire' ? 'expired' : 'cancelled';
  }
  for (const t of out) {
    if (t.outcome === 'running') t.end = Math.max(t.start, Math.min(t.expires ?? duration, duration));
  }
  return out;
}

/**
 * The step at the moment a timer started: the message sent at that instant (a PBU and its
 * retransmission timer), or else the last message before it (the PBA whose arrival started a lifetime).
 */
export function stepAtStart(t: Pick<TimerInstance, 'start' | 'startSeq'>, packets: readonly { time: number }[]): number {
  const next = packets[t.startSeq];
  return next && next.time === t.start ? t.startSeq : Math.max(0, t.startSeq - 1);
}

/** What a timer span says to a screen reader and in its tooltip. */
export function timerName(t: Pick<TimerInstance, 'name' | 'outcome' | 'start' | 'end' | 'expires'>, entityLabel: string): string {
  return `Timer ${t.name} at ${entityLabel}: ${timerPeriod(t)}, ${timerOutcome(t)}`;
}

export function timerPeriod(t: Pick<TimerInstance, 'start' | 'end'>): string {
  return `from ${seconds(t.start)} to ${seconds(t.end)}`;
}

export function timerOutcome(t: Pick<TimerInstance, 'outcome' | 'expires' | 'end'>): string {
  if (t.outcome === 'expired') return 'expired';
  if (t.outcome === 'cancelled') return 'cancelled';
  return t.expires !== undefined && t.expires > t.end
    ? `still running when the run ended (due at ${seconds(t.expires)})`
    : 'still running when the run ended';
}
