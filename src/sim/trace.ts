/**
 * The Trace: everything a run did, as plain data (DESIGN.md, "Contracts"). The UI and the CLI read
 * only this; stepping through a run is choosing an index into `events`.
 */

export type Fate = 'delivered' | 'dropped-by-fault' | 'lost' | 'filtered';

export interface PacketEvent {
  kind: 'packet';
  /** Index among the trace's packets, from 0: the frame number minus one in the pcapng. */
  packet: number;
  /** When the first bit left the sender, µs since the run began. */
  time: number;
  /** When it reached the receiver, if it did. */
  arrival?: number;
  link: string;
  from: string;
  to: string;
  /** The frame as it crossed the link, lowercase hex. */
  bytes: string;
  linkType: number;
  fate: Fate;
  /** Why it was dropped, lost or filtered. */
  reason?: string;
  /** One line, like a capture tool's Info column. */
  summary: string;
  /** Control-plane signalling or the correspondent's data. */
  plane: 'control' | 'data';
  /** For tunnelled packets: the endpoints of the inner packet. */
  inner?: { from: string; to: string; summary: string };
  /** The scenario step this packet belongs to, and the document section it illustrates. */
  step?: string;
  section?: string;
}

export type TableCell = string | number | boolean | null;
export type TableRow = Readonly<Record<string, TableCell>>;
/** The tables a learner reads for an entity: binding cache, binding update list, tunnels, routes, leases, NAT bindings. */
export type Tables = Readonly<Record<string, readonly TableRow[]>>;

export interface StateEvent {
  kind: 'state';
  time: number;
  entity: string;
  /** The machine's state, flattened: `registered`, `attached.waitingForPba`. */
  state: string;
  tables: Tables;
  /** Names of the tables that changed since this entity's previous state event. */
  changed: string[];
}

export interface TimerEvent {
  kind: 'timer';
  time: number;
  entity: string;
  /** What the timer is for: `binding lifetime`, `PBA retransmission`, `tunnel-life`, `NAT binding`. */
  name: string;
  action: 'start' | 'fire' | 'cancel';
  /** For a start: when it will fire. */
  expires?: number;
}

export interface NoteEvent {
  kind: 'note';
  time: number;
  text: string;
  /** The document section the note explains, e.g. `draft-sgundave-mip6-proxymip6-01 §6.10`. */
  section?: string;
  entity?: string;
  /**
   * Also for whoever opens an exported capture: written as a comment of the pcapng file and said
   * when the lab exports one (the Decode As a dissector needs, a departure from the published RFC).
   */
  capture?: boolean;
}

/**
 * A link came up or went down: plugged in when the run builds its network or an MN attaches,
 * unplugged when an MN leaves, cut or restored by a learner's fault. A trace whose links have no
 * such events (one read from a capture) says nothing of when they were up.
 */
export interface LinkEvent {
  kind: 'link';
  time: number;
  /** The id of a link in the trace's `links`. */
  link: string;
  action: 'up' | 'down';
  /** Why, in a few words: `plugged in`, `unplugged`, `cut by an injected fault`. */
  reason?: string;
}

export type TraceEvent = PacketEvent | StateEvent | TimerEvent | NoteEvent | LinkEvent;

export interface EntityInfo {
  id: string;
  /** Both names where the documents differ: `MAG (PMA)`. */
  label: string;
  role: string;
}

export interface LinkInfo {
  id: string;
  a: string;
  b: string;
  linkType: number;
  delayUs: number;
}

export interface Trace {
  version: 1;
  scenario: string;
  params: Readonly<Record<string, string | number | boolean>>;
  seed: number;
  faults: readonly unknown[];
  entities: EntityInfo[];
  links: LinkInfo[];
  events: TraceEvent[];
  /** Run length, µs. */
  duration: number;
}
