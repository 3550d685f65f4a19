import type { Effect, Env } from '../../sim/effects';
import type { BindingList } from '../../protocols/pmipv4/bindings';
import type { HaPolicy } from '../../protocols/pmipv4/decide';
import type { NodeClock } from '../../protocols/pmipv4/identification';
import type { SecurityAssociation } from '../../protocols/pmipv4/security';
import type { TunnelTable4 } from '../../protocols/pmipv4/tunnels';
import type { ClientMessage } from '../../protocols/dhcp-server';
import type { LayerValue } from '../../wire/core';

/*
 * The LMA acting as home agent for Proxy Mobile IPv4 (RFC 5563 §8; the "LMA" of seed 000 §8): its
 * policy, its mobility binding list and tunnels, the revocations it waits to see acknowledged, and
 * the DHCP server it runs for access routers that relay (RFC 5563 §6.3).
 */

export interface HaInput extends HaPolicy {
  env: Env;
  /** The home network's gateway, mask and lease time, for the DHCP server (RFC 5563 §4.1.1 step 5). */
  home: { gateway: string; mask: string; leaseSecs: number };
  /** Registration Revocation (RFC 3543) with PMAs that offer it; default true. */
  revocation?: boolean;
  /**
   * RFC 5563 §11.1 (3GPP2): on a move the binding is kept tentative, the previous PMA gets a movement
   * notification, and the binding is committed on its answer (or when it does not come).
   */
  movementNotification?: boolean;
  clockOffsetUs?: number;
}

export interface HaConfig extends HaPolicy {
  home: HaInput['home'];
  revocation: boolean;
  movementNotification: boolean;
}

/** A movement notification sent to the previous PMA and not yet answered (RFC 5563 §11.1 step 4). */
export interface PendingMovement {
  nai: string;
  sequence: number;
  homeAddress: string;
  previousCareOf: string;
  newCareOf: string;
  tries: number;
  timeoutMs: number;
}

/** A revocation sent and not yet acknowledged (RFC 3543 §4.2.2.1). */
export interface PendingRevocation {
  nai: string;
  homeAddress: string;
  careOf: string;
  revocationId: number;
  faHa: SecurityAssociation;
  tries: number;
  timeoutMs: number;
  /** Never retransmitted past the life of the binding it revokes. */
  untilUs: number;
}

export interface Decision {
  atUs: number;
  from: string;
  nai: string;
  outcome: string;
}

export interface HaContext {
  env: Env;
  config: HaConfig;
  clock: NodeClock;
  bindings: BindingList;
  /** The last Identification accepted per NAI (RFC 5944 §5.7.1). */
  accepted: Readonly<Record<string, bigint>>;
  /** The home address each NAI last had (decide.ts: the pool keeps it for that device). */
  remembered: Readonly<Record<string, string>>;
  tunnels: TunnelTable4;
  revocations: Readonly<Record<string, PendingRevocation>>;
  /** The next GRE key the home agent hands out (RFC 6245 §4.2). */
  nextGreKey: number;
  decisions: readonly Decision[];
  movements: Readonly<Record<string, PendingMovement>>;
  movementSequence: number;
}

export type HaTimerEvent = { type: 'timer.lifetime'; nai: string } | { type: 'timer.revocation'; nai: string } | { type: 'timer.movement'; nai: string };

export type HaEvent =
  | { type: 'rx.request'; src: string; dst: string; srcport: number; message: LayerValue }
  | { type: 'rx.revocationAck'; src: string; message: LayerValue }
  /** The previous PMA's answer to a movement notification (RFC 5563 §11.1 step 4, lab encoding). */
  | { type: 'rx.movementAck'; src: string; message: LayerValue }
  /** A DHCP client message, relayed by an access router or sent by the device itself to renew. */
  | { type: 'rx.dhcp'; message: ClientMessage; unicast: boolean }
  | HaTimerEvent;

/** What one step does: the new tables, then timers, then effects, in that order. */
export interface Step {
  bindings: BindingList;
  accepted: Readonly<Record<string, bigint>>;
  remembered: Readonly<Record<string, string>>;
  tunnels: TunnelTable4;
  revocations: Readonly<Record<string, PendingRevocation>>;
  nextGreKey: number;
  decisions: readonly Decision[];
  movements: Readonly<Record<string, PendingMovement>>;
  movementSequence: number;
  timers: ({ op: 'start'; id: string; event: HaTimerEvent; delayMs: number } | { op: 'cancel'; id: string })[];
  effects: Effect[];
}
