import type { NoteEvent, StateEvent, TimerEvent, Trace } from '../../sim/trace';

/**
 * What the state panels show for one step, as a pure function of the Trace. A step runs from its
 * packet up to the next packet (the first step from the start of the run): what the machines did on
 * receiving the packet, and the timers and notes of that stretch, belong to it. Each entity shows its
 * latest state event before the step ends; the tables a state event of this step changed are marked.
 */
export interface EntityState {
  entity: string;
  label: string;
  /** The latest state event at or before the end of the step, if the entity has had one. */
  state?: StateEvent;
  /** The tables changed during this step (empty when the state is older than the step). */
  changed: string[];
  /** Did the entity's state change during this step at all? */
  changedNow: boolean;
}

export interface StepView {
  /** Event indices: the step covers `events[from, to)`. */
  from: number;
  to: number;
  entities: EntityState[];
  /** Notes and timer events during the step, in order. */
  narration: (NoteEvent | TimerEvent)[];
}

export function stepView(trace: Trace | undefined, step: number): StepView {
  if (!trace) return { from: 0, to: 0, entities: [], narration: [] };
  const packetAt: number[] = [];
  trace.events.forEach((e, i) => {
    if (e.kind === 'packet') packetAt.push(i);
  });
  const from = step <= 0 ? 0 : (packetAt[step] ?? trace.events.length);
  const to = packetAt[step + 1] ?? trace.events.length;

  const latest = new Map<string, StateEvent>();
  const changed = new Map<string, Set<string>>();
  const narration: (NoteEvent | TimerEvent)[] = [];
  for (let i = 0; i < to; i++) {
    const e = trace.events[i]!;
    if (e.kind === 'state') {
      latest.set(e.entity, e);
      if (i >= from) {
        const set = changed.get(e.entity) ?? new Set<string>();
        for (const name of e.changed) set.add(name);
        changed.set(e.entity, set);
      }
    } else if (i >= from && (e.kind === 'note' || e.kind === 'timer')) {
      narration.push(e);
    }
  }

  const ids = [...trace.entities.map((e) => e.id)];
  for (const id of latest.keys()) if (!ids.includes(id)) ids.push(id);
  const labelOf = new Map(trace.entities.map((e) => [e.id, e.label]));
  const entities = ids.map((id): EntityState => {
    const out: EntityState = { entity: id, label: labelOf.get(id) ?? id, changed: [...(changed.get(id) ?? [])], changedNow: changed.has(id) };
    const state = latest.get(id);
    if (state) out.state = state;
    return out;
  });
  return { from, to, entities, narration };
}

/** The columns of a table: every key any row has, in first-seen order. */
export function columnsOf(rows: readonly Readonly<Record<string, unknown>>[]): string[] {
  const cols: string[] = [];
  for (const row of rows) for (const k of Object.keys(row)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** A table cell as text. */
export function cellText(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** A timer event as one line of narration: `MAG1: binding lifetime started, fires at 3.600 s`. */
export function timerText(t: TimerEvent, label: string): string {
  const at = t.expires !== undefined ? `, fires at ${(t.expires / 1e6).toFixed(3)} s` : '';
  const verb = t.action === 'start' ? `started${at}` : t.action === 'fire' ? 'fired' : 'cancelled';
  return `${label}: ${t.name} timer ${verb}`;
}
