import type { Env } from '../../sim/effects';
import type { LayerValue } from '../../wire/core';
import type { Dhcpv6Message } from '../../wire/dhcpv6';
import type { Associations, SctpTimerEvent } from '../../protocols/netlmm/sctp-endpoint';
import type { NetlmmDelivery, NetlmmFailure, SctpArrival } from '../netlmm-sctp';
import type { NetlmmRun } from '../netlmm-run';

export const SEED = 'draft-singh-netlmm-protocol-02';
/** The timer a new MN's address request must beat before the MAG triggers with its identifier alone. */
export const identifyId = (mnId: string): string => `identify:${mnId}`;
export const cite = (section: string): string => `${SEED} ${section}`;

export interface AccessIface {
  /** The router address on this link; every MAG of the LMD uses the same one (§3: the MN must not notice a handoff). */
  linkLocal: string;
  mac: string;
}

export interface NetlmmMagInput {
  env: Env;
  name: string;
  /** The MAG's address: its pCoA, its end of every tunnel and SCTP association. */
  address: string;
  lmaa: string;
  /** The PMIP client for MNs that arrive without a context from another MAG. */
  client: string;
  accessIfaces: Readonly<Record<string, AccessIface>>;
  /** The LMD prefix every MAG advertises (§3). */
  prefix: string;
  /** How MNs get their pHoA: DHCPv6 through this MAG as relay (§4.1 step 2) or by themselves (Appendix B). */
  addressing: 'dhcp' | 'stateless';
  /** The DHCPv6 server the MAG relays to. */
  dhcpServer?: string;
  /** Appendix D: forward an MN's data to the MAG it moves to. */
  forwarding: boolean;
  /** How long the old MAG forwards, and the new one keeps a context for an MN that has not come (lab choice). */
  forwardingMs: number;
  /** How long the MAG waits for a new MN to ask for an address before triggering with its identifier alone (lab choice). */
  identifyMs?: number;
  ra?: { routerLifetime?: number; validLifetime?: number; preferredLifetime?: number };
}

export type MagEntryState = 'attached' | 'acquiring' | 'triggered' | 'serving' | 'refused' | 'forwarding' | 'expecting';

/** One MN as this MAG knows it. */
export interface MagEntry {
  mnId: string;
  /** The MN's node id, as link-layer indications name it. */
  node?: string;
  state: MagEntryState;
  /** The access link, while the MN is on it. */
  iface?: string;
  mac?: string;
  pHoA?: string;
  /** The MN's PMIP client (§4.2 step 1: part of the context). */
  client: string;
  /** The Trigger waiting for its Notification. */
  transaction?: number;
  lifetimeSeconds?: number;
  /** The MAG it came from (a forwarding tunnel's far end). */
  fromMag?: string;
  /** The MAG it left for, while this one forwards. */
  toMag?: string;
  /** Packets forwarded by the old MAG before the MN's link came up. */
  buffered: LayerValue[];
  /** Packets the MN sent before this MAG had its tunnel to the LMA, sent on once it has. */
  heldUplink: LayerValue[];
  /** Whether its traffic uses this MAG's tunnel to the LMA. */
  tunnelled: boolean;
  reason?: string;
}

export interface NetlmmMagConfig {
  name: string;
  address: string;
  lmaa: string;
  client: string;
  accessIfaces: Readonly<Record<string, AccessIface>>;
  prefix: string;
  addressing: 'dhcp' | 'stateless';
  dhcpServer?: string;
  forwarding: boolean;
  forwardingMs: number;
  identifyMs: number;
  ra: { routerLifetime: number; validLifetime: number; preferredLifetime: number };
}

export interface MagTunnel {
  remote: string;
  /** MN identifiers whose traffic uses it. */
  users: readonly string[];
}

export interface NetlmmMagContext {
  env: Env;
  config: NetlmmMagConfig;
  entries: Readonly<Record<string, MagEntry>>;
  /** The tunnel to the LMA (`lma`) and the forwarding tunnels to other MAGs (`fwd-<address>`). */
  tunnels: Readonly<Record<string, MagTunnel>>;
  nextTransaction: number;
  sctp: Associations;
}

export type NetlmmMagEvent =
  | SctpArrival
  | SctpTimerEvent
  | NetlmmDelivery
  | NetlmmFailure
  | { type: 'l2.attach'; mn: string; nai: string; mac: string; iface: string }
  | { type: 'l2.detach'; mn: string }
  /** The MN's layer-2 handoff to the MAG at `to` begins (the radio tells the old MAG where it goes). */
  | { type: 'l2.handover'; mn: string; to: string }
  | { type: 'rx.rs'; iface: string; src: string }
  | { type: 'rx.dhcpClient'; iface: string; src: string; message: Dhcpv6Message }
  | { type: 'rx.dhcpRelay'; src: string; message: Dhcpv6Message }
  | { type: 'rx.dadNs'; iface: string; target: string }
  /** A packet the node hands over to be held: forwarded for an MN not yet here, or sent by one not yet tunnelled. */
  | { type: 'data.hold'; packet: LayerValue; direction: 'down' | 'up' }
  | { type: 'timer.refresh'; mnId: string }
  | { type: 'timer.forwarding'; mnId: string }
  | { type: 'timer.identify'; mnId: string };

export type MagRun = NetlmmRun<NetlmmMagContext, NetlmmMagEvent>;

/** The MN on an access link (not one this MAG only forwards for). */
export function entryOnIface(c: NetlmmMagContext, iface: string): MagEntry | undefined {
  return Object.values(c.entries).find((e) => e.iface === iface && e.state !== 'forwarding');
}

export function setEntry(run: MagRun, e: MagEntry): void {
  run.ctx.entries = { ...run.ctx.entries, [e.mnId]: e };
}

export function dropEntry(run: MagRun, mnId: string): void {
  const { [mnId]: _gone, ...rest } = run.ctx.entries;
  run.ctx.entries = rest;
}
