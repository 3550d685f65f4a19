import type { Effect, Env } from '../../sim/effects';
import type { ClientMessage } from '../../protocols/dhcp-server';
import type { IpcpMessage } from '../../protocols/ipcp-client';
import type { ReceivedPmipv4Profile } from '../../protocols/pmipv4/aaa-profile';
import type { NodeClock } from '../../protocols/pmipv4/identification';
import type { AuthMode, SecurityAssociation } from '../../protocols/pmipv4/security';
import type { Encapsulation, TunnelTable4 } from '../../protocols/pmipv4/tunnels';
import type { LayerValue } from '../../wire/core';
import type { RadiusPacket } from '../../wire/radius';

/*
 * The MAG acting as Proxy Mobility Agent (RFC 5563 §7; the "MAG" of seed 000): its configuration,
 * its visitor list (RFC 5944 §3.7.1) with one entry per mobile device, and its tunnels to home
 * agents. An integrated PMA holds both roles of RFC 5563 §2: the PMIPv4 client that registers
 * (client.ts) and the foreign agent that ends the tunnel (fa.ts). A split PMA (§10) would run them
 * in two entities with the registration passing through the FA; the entry keeps what each needs.
 */

/** RFC 5944 §3.6.3: at least 1 s before the first retransmission, doubling after each. */
export const INITIAL_REPLY_TIMEOUT_MS = 1000;
export const MAX_REQUESTS = 5;
/** Re-register at this fraction of the granted lifetime (RFC 5563 §4.1.2: "before the lifetime expires"). */
export const RENEW_AT_FRACTION = 0.8;
/** RFC 2865 §2.5 leaves retransmission to the client: 3 s and 3 tries are the usual. */
export const RADIUS_TIMEOUT_MS = 3000;
export const MAX_RADIUS_TRANSMISSIONS = 3;
export const RADIUS_CLIENT_PORT = 49152;

/** The home link the PMA emulates on every access link (RFC 5563 §6; seed 000 §6). */
export interface HomeLink {
  /** The default gateway the device believes in: option 3, the IPCP peer, what ARP and the TTL-1 echo ask for. */
  gateway: string;
  /** The MAC every PMA answers ARP with, so the device's ARP entry stays right (seed 000 §6.1). */
  gatewayMac: string;
  mask: string;
  prefixLength: number;
  /** DHCP lease time, s. */
  leaseSecs: number;
}

export interface PmaInput {
  env: Env;
  name: string;
  /** The care-of address: the PMA's address towards the home agents, where tunnels end. */
  careOf: string;
  aaa: { address: string; secret: string; nasAddress: string };
  /** Where requests go when the profile names no home agent (RFC 5563 §4.6: "discovered by some other method"). */
  discoveryHomeAgent: string;
  /** FA-HA associations by home agent address (RFC 5563 §4.3, per node). */
  faHa: Readonly<Record<string, SecurityAssociation>>;
  auth: AuthMode;
  /** Access interfaces by name, each a point-to-point link to one device: Ethernet or PPP. */
  accessIfaces: Readonly<Record<string, { link: 'ethernet' | 'ppp' }>>;
  home: HomeLink;
  /** DHCP server in the access router, or relay to the server at the home agent (RFC 5563 §6.3). */
  dhcp: 'server' | 'relay';
  tunnel: Encapsulation;
  /** The lifetime asked for, s. */
  lifetimeSeconds: number;
  /** How far this PMA's clock is off, µs (the identification-mismatch variant). */
  clockOffsetUs?: number;
  /** Negotiate Registration Revocation (RFC 3543 §4.2.1) with the home agent; default true. */
  revocation?: boolean;
  /**
   * RFC 5563 §4.4: "an integrated PMA MUST confirm that the mobile device is still attached before
   * sending a Proxy Registration Request". false re-registers blindly (the stale-reregistration variant).
   */
  confirmsAttachment?: boolean;
  maxRequests?: number;
  /** Answers a 3GPP2 AGW's movement notification (RFC 5563 §11.1 step 4, optional there); default true. */
  answersMovement?: boolean;
}

export interface PmaConfig extends Omit<PmaInput, 'env' | 'clockOffsetUs' | 'revocation' | 'confirmsAttachment' | 'maxRequests' | 'answersMovement'> {
  revocation: boolean;
  confirmsAttachment: boolean;
  maxRequests: number;
  answersMovement: boolean;
}

/**
 * The entry's state: access authentication, authorized (waiting for the device to ask for an
 * address or show one), registering, registered, re-registering, deregistering; `lapsing` when the
 * device can no longer be confirmed and the binding is left to expire (RFC 5563 §4.4); `rejected`.
 */
export type VisitorState = 'authenticating' | 'authorized' | 'registering' | 'registered' | 'reregistering' | 'deregistering' | 'lapsing' | 'rejected';

export type RequestKind = 'registration' | 'renewal' | 'deregistration';

/** The request awaiting its reply (RFC 5944 §3.7.1: the pending registration list). */
export interface PendingRequest {
  kind: RequestKind;
  /** The Identification of every transmission: each retransmission is a new registration (§3.6.3). */
  identifications: bigint[];
  homeAddress: string;
  /** The home agent field as sent (all ones for discovery), and where the request went. */
  homeAgentField: string;
  destination: string;
  lifetime: number;
  sentUs: number;
  tries: number;
  timeoutMs: number;
  /** 133 was answered once with a resynchronised clock; a second one ends it. */
  resynchronised?: boolean;
  withRevocation: boolean;
}

/** What the device asked for that must wait for the registration. */
export type Waiting =
  | { kind: 'dhcp'; message: ClientMessage }
  | { kind: 'ipcp'; message: IpcpMessage }
  | { kind: 'probe'; src: string; ident: number; seq: number; data?: Uint8Array };

export type TimerKind = 'radius' | 'reply' | 'renew' | 'lifetime';

/** A visitor list entry (RFC 5944 §3.7.1, kept by NAI as RFC 5563 identifies devices). */
export interface VisitorEntry {
  nai: string;
  /** The scenario's node id of the device. */
  mn: string;
  mac: string;
  iface: string;
  /** The link layer still sees the device; false after it was lost without a detach (RFC 5563 §4.4). */
  attached: boolean;
  state: VisitorState;
  reason?: string;
  radius?: { id: number; authenticator: Uint8Array; tries: number };
  profile?: ReceivedPmipv4Profile;
  /** The home agent in use: the profile's, or the one a discovery reply named (RFC 5563 §4.6). */
  homeAgent?: string;
  homeAddress?: string;
  /** A home address the device showed or asked for, offered as the request's hint (§4.1.1 step 3). */
  hint?: string;
  lifetimeSeconds?: number;
  expiresUs?: number;
  pending?: PendingRequest;
  /** The Identification of the last accepted request. */
  identification?: bigint;
  encapsulation?: Encapsulation;
  /** GRE keys (RFC 6245 §5): the PMA's, sent in the request; the home agent's, from the reply. */
  greKeys?: { toPma: number; toHa?: number };
  /** Revocation negotiated with the home agent for this binding (RFC 3543 §4.2.1). */
  revocation: boolean;
  /** The tunnel and routes are in place. */
  installed: boolean;
  waiting: Waiting[];
  /** IPCP (RFC 1332) on a PPP link: the PMA's own Configure-Request and whether the device acknowledged it. */
  ipcp?: { id: number; acked: boolean };
  timers: TimerKind[];
}

export interface PmaContext {
  env: Env;
  config: PmaConfig;
  /** The PMA's time-of-day clock; 133 resynchronises it (RFC 5944 §5.7.1). */
  clock: NodeClock;
  /** The last Identification sent: each new one is greater (§5.7.1). */
  lastIdentification?: bigint;
  radiusId: number;
  ipcpId: number;
  /** The next GRE key the PMA hands out (RFC 6245: its own, one per binding). */
  nextGreKey: number;
  visitors: Readonly<Record<string, VisitorEntry>>;
  tunnels: TunnelTable4;
  /** Home agents that answered 149 or 150: no more proxy registrations to them (RFC 5563 §8.1). */
  refusedBy: Readonly<Record<string, number>>;
  /** The last Revocation Identifier accepted, per home agent and home address (RFC 3543 §3.5). */
  revocations: Readonly<Record<string, number>>;
}

export type PmaTimerEvent =
  | { type: 'timer.radius'; nai: string }
  | { type: 'timer.reply'; nai: string }
  | { type: 'timer.renew'; nai: string }
  | { type: 'timer.lifetime'; nai: string };

export type PmaEvent =
  | { type: 'l2.attach'; mn: string; nai: string; mac: string; iface: string }
  | { type: 'l2.detach'; mn: string }
  /** The link layer no longer sees the device, with no detach indication (an uncontrolled handover). */
  | { type: 'l2.lost'; mn: string }
  | { type: 'rx.accessAccept'; src: string; response: RadiusPacket }
  | { type: 'rx.accessReject'; src: string; response: RadiusPacket }
  | { type: 'rx.reply'; src: string; dst: string; message: LayerValue }
  | { type: 'rx.revocation'; src: string; srcport: number; message: LayerValue }
  /** A 3GPP2 AGW says the device has moved to another BS (RFC 5563 §11.1 step 4, lab encoding). */
  | { type: 'rx.movement'; src: string; message: LayerValue }
  /** A DHCP client message on an access link (`unicast`: addressed to the PMA, not broadcast). */
  | { type: 'rx.dhcp'; iface: string; message: ClientMessage; unicast: boolean }
  /** A server's answer to a request the PMA relayed (RFC 2131 §4.1). */
  | { type: 'rx.dhcpServer'; src: string; message: LayerValue }
  | { type: 'rx.ipcp'; iface: string; message: IpcpMessage }
  | { type: 'rx.arp'; iface: string; opcode: number; sha: string; spa: string; tpa: string }
  /** An ICMP echo to the gateway address (RFC 5563 §6.2). */
  | { type: 'rx.echo'; iface: string; src: string; dst: string; ident: number; seq: number; data?: Uint8Array }
  | PmaTimerEvent;

export interface Out {
  emit(e: Effect): void;
  raise(e: PmaTimerEvent, o: { id: string; delay: number }): void;
  cancel(id: string): void;
}
