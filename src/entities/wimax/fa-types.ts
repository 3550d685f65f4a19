import type { Env } from '../../sim/effects';
import type { LayerValue } from '../../wire/core';
import type { ClientMessage } from '../../protocols/dhcp-server';
import type { HomeLink } from '../pma/types';

/* The foreign agent of a WiMAX split PMA (RFC 5563 §10): its configuration, visitors and events. */

export interface FaInput {
  env: Env;
  name: string;
  careOf: string;
  /** The authenticator (PMIPv4 client) on R4. */
  authenticator: string;
  home: HomeLink;
  /** As the old FA: forward the MN's data over R4 during a handover (Fig. 6 step 1). */
  forwarding: boolean;
}

export type VisitorState = 'attached' | 'handover' | 'registering' | 'registered' | 'forwarding';

export interface Visitor {
  nai: string;
  mn: string;
  mac: string;
  iface: string;
  attached: boolean;
  state: VisitorState;
  homeAddress?: string;
  homeAgent?: string;
  /** The FA the MN came from (new FA) or went to (old FA), while R4 carries its data. */
  peer?: string;
  /** Requests passed to the home agent: the reply is matched to them. */
  relayed: bigint[];
  transaction: number;
  /** The R4 bearer tunnel to the peer FA. */
  bearer?: string;
  waiting: { message: ClientMessage; unicast: boolean }[];
  probes: { src: string; ident: number; seq: number; data?: Uint8Array }[];
  /** Routes to the home agent's tunnel are in place. */
  installed: boolean;
  expiresUs?: number;
}

export interface FaContext {
  env: Env;
  config: Omit<FaInput, 'env'>;
  visitors: Readonly<Record<string, Visitor>>;
  /** NAIs using the tunnel to each home agent. */
  haTunnels: Readonly<Record<string, readonly string[]>>;
  nextTransaction: number;
}

export type FaEvent =
  /** `previous`: the FA the MN was served by, from the handover context (Fig. 6 step 1). */
  | { type: 'l2.attach'; mn: string; nai: string; mac: string; iface: string; previous?: string }
  | { type: 'l2.lost'; mn: string }
  | { type: 'rx.dhcp'; iface: string; message: ClientMessage; unicast: boolean }
  | { type: 'rx.arp'; iface: string; opcode: number; spa: string; tpa: string }
  | { type: 'rx.echo'; iface: string; src: string; dst: string; ident: number; seq: number; data?: Uint8Array }
  | { type: 'rx.r4'; src: string; message: LayerValue }
  | { type: 'rx.reply'; src: string; message: LayerValue }
  | { type: 'timer.lifetime'; nai: string };

