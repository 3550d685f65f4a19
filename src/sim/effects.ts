import type { LayerValue } from '../wire/core';
import type { Tunnel } from './node';
import type { Tables } from './trace';

/**
 * What a machine may ask of the node it runs on (STYLE.md principle 7: machines do no I/O, they
 * emit). The agent carries each effect out: sends bytes, changes routes and tunnels, narrates.
 */
export type Effect =
  /**
   * Send an IP packet: routed, or out of `iface` to `dstMac` (a reply on the access link).
   * `hints` reach the encoders (a RADIUS secret and request authenticator, MIPv4 keys), so
   * authenticators are computed over the final bytes.
   */
  | { type: 'tx'; packet: LayerValue; iface?: string; dstMac?: string; hints?: Readonly<Record<string, unknown>> }
  /** Send a frame as it is (ARP). */
  | { type: 'tx.frame'; iface: string; frame: LayerValue }
  | { type: 'route.add'; owner: string; dst: string; src?: string; iface?: string; tunnel?: string }
  | { type: 'route.remove'; owner: string }
  | { type: 'tunnel.add'; tunnel: Tunnel }
  | { type: 'tunnel.remove'; id: string }
  | { type: 'address.add'; iface: string; addr: string }
  | { type: 'address.remove'; iface: string; addr: string }
  /** Narration for the learner, with the section of the document it explains. */
  | { type: 'note'; text: string; section?: string };

/** What a machine may read of the world: virtual time and its own random stream. */
export interface Env {
  /** µs since the run began. */
  now(): number;
  /** A uniform 32-bit draw from the entity's own seeded stream. */
  random(): number;
}

/** Everything a node needs to run an entity: its machine and how to talk to it. */
export interface EntityDefinition<TEvent extends { type: string } = { type: string }> {
  role: string;
  /** An XState machine (typed loosely here, since sim does not know the entities' types). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  machine: any;
  /** The packet that reached the node, as the event the machine understands; undefined to ignore it. */
  toEvent(d: {
    packet: LayerValue;
    frame: LayerValue;
    iface: string;
    /** The tunnel the packet came through, if any. */
    tunnel?: string;
  }): TEvent | undefined;
  /** The tables a learner reads, from the machine's context. */
  tables(context: unknown): Tables;
  /** Names of the machine's timer events, for the trace (`timer.lifetime` → `binding lifetime`). */
  timers?: Readonly<Record<string, string>>;
}
