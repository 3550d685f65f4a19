import type { EntityInfo, LinkEvent, LinkInfo, NoteEvent, PacketEvent, StateEvent, Tables, TimerEvent, Trace, TraceEvent } from './trace';

/**
 * Collects trace events as the run goes. Packet events are recorded when sent and completed when
 * their fate is known (delivered, lost on the link, filtered by the receiver).
 */
export class Recorder {
  readonly events: TraceEvent[] = [];
  /**
   * Whether entity states and tables are recorded. Every state event copies whole tables, which
   * is what a learner needs and what a benchmark of thousands of nodes cannot afford.
   */
  states = true;
  private packets = 0;
  private readonly lastTables = new Map<string, { state: string; tables: string; perTable: Map<string, string> }>();

  get packetCount(): number {
    return this.packets;
  }

  packet(e: Omit<PacketEvent, 'kind' | 'packet'>): PacketEvent {
    const ev: PacketEvent = { kind: 'packet', packet: this.packets++, ...e };
    this.events.push(ev);
    return ev;
  }

  /** Record an entity's state if its state or any table changed; says which tables changed. */
  state(time: number, entity: string, state: string, tables: Tables): StateEvent | undefined {
    if (!this.states) return undefined;
    const perTable = new Map(Object.entries(tables).map(([k, v]) => [k, JSON.stringify(v)]));
    const all = JSON.stringify([...perTable]);
    const prev = this.lastTables.get(entity);
    if (prev && prev.state === state && prev.tables === all) return undefined;
    const changed = [...perTable.keys()].filter((k) => prev?.perTable.get(k) !== perTable.get(k));
    for (const k of prev?.perTable.keys() ?? []) if (!perTable.has(k)) changed.push(k);
    this.lastTables.set(entity, { state, tables: all, perTable });
    const ev: StateEvent = { kind: 'state', time, entity, state, tables, changed };
    this.events.push(ev);
    return ev;
  }

  timer(e: Omit<TimerEvent, 'kind'>): void {
    this.events.push({ kind: 'timer', ...e });
  }

  note(e: Omit<NoteEvent, 'kind'>): void {
    this.events.push({ kind: 'note', ...e });
  }

  link(e: Omit<LinkEvent, 'kind'>): void {
    this.events.push({ kind: 'link', ...e });
  }

  finish(meta: {
    scenario: string;
    params: Trace['params'];
    seed: number;
    faults: Trace['faults'];
    entities: EntityInfo[];
    links: LinkInfo[];
    duration: number;
  }): Trace {
    return { version: 1, ...meta, events: this.events };
  }
}
