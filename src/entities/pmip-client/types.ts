import type { Env } from '../../sim/effects';
import type { BindingAck } from '../../wire/mh';
import type { RadiusPacket } from '../../wire/radius';
import type { Cache } from '../../protocols/netlmm/client-cache';
import type { Associations, SctpTimerEvent } from '../../protocols/netlmm/sctp-endpoint';
import type { NetlmmDelivery, NetlmmFailure, SctpArrival } from '../netlmm-sctp';

/** RFC 6275 §13: INITIAL_BINDACK_TIMEOUT 1 s, doubled per retransmission up to MAX_BINDACK_TIMEOUT 32 s. */
export const INITIAL_BINDACK_TIMEOUT_MS = 1000;
export const MAX_PBU_TRANSMISSIONS = 5;
export const SEED = 'draft-singh-netlmm-protocol-02';
export const cite = (section: string): string => `${SEED} ${section}`;

/** Where the client fetches per-MN keys (Appendix C), when it does. */
export interface ClientAaa {
  address: string;
  secret: string;
  /** The client's own address towards the AAA (its NAS address). */
  nasAddress: string;
}

export interface PmipClientInput {
  env: Env;
  name: string;
  /** The client's address: the source of its PBUs and its end of every SCTP association. */
  address: string;
  lmaa: string;
  /** Access Technology Type for the PBU (RFC 5213 §8.5): the MAGs' link technology, configured, since a Trigger does not carry it. */
  att: number;
  lifetimeSeconds: number;
  /** Other PMIP clients of the LMD, asked before a stateless pHoA is used (Appendix B). */
  peers?: readonly string[];
  /** Appendix C: fetch a per-MN key from the AAA before the first PBU for an MN. */
  aaa?: ClientAaa;
  initialBindackTimeoutMs?: number;
  /** PBUs sent for one Trigger before the client gives up (RFC 6275 §11.8 leaves the number to the sender). */
  maxPbuTransmissions?: number;
}

/** A Trigger as the client keeps it while it answers. */
export interface HeldTrigger {
  mag: string;
  transaction: number;
  mnId: string;
  pHoA?: string;
  stateless: boolean;
}

export interface PendingPbu {
  trigger: HeldTrigger;
  kind: 'initial' | 'handoff' | 'refresh';
  pHoA: string;
  seq: number;
  hi: number;
  tries: number;
}

/** Appendix B: a pHoA being checked with the other PMIP clients. */
export interface ConflictCheck {
  trigger: HeldTrigger;
  pHoA: string;
  /** Request transaction number → peer still to answer. */
  waiting: Readonly<Record<number, string>>;
}

/** Appendix C: the per-MN key the AAA gave, or the request for it. */
export type KeyState =
  | { state: 'fetching'; id: number; authenticator: Uint8Array; trigger: HeldTrigger; tries: number }
  | { state: 'ready'; spi: number; key: Uint8Array }
  | { state: 'refused' };

export interface PmipClientContext {
  env: Env;
  config: Required<Omit<PmipClientInput, 'env' | 'aaa'>> & { aaa?: ClientAaa };
  cache: Cache;
  pending: Readonly<Record<string, PendingPbu>>;
  checks: Readonly<Record<string, ConflictCheck>>;
  keys: Readonly<Record<string, KeyState>>;
  nextTransaction: number;
  nextRadiusId: number;
  sctp: Associations;
}

export type PmipClientEvent =
  | SctpArrival
  | SctpTimerEvent
  | NetlmmDelivery
  | NetlmmFailure
  | { type: 'rx.pba'; src: string; pba: BindingAck }
  | { type: 'rx.accessAccept' | 'rx.accessReject'; src: string; response: RadiusPacket }
  | { type: 'timer.pbuRetransmit'; mnId: string }
  | { type: 'timer.radiusRetransmit'; mnId: string };
