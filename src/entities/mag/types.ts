import type { Effect, Env } from '../../sim/effects';
import type { TunnelTable } from '../../protocols/pmipv6';
import type { AddressingModel } from '../../protocols/radius-profile';
import type { Ipv4Arrival, TunnelMode } from '../../protocols/pmipv6';
import type { BindingAck } from '../../wire/mh';
import type { MagIpv4Transport, MagIpv4TransportInput } from './ipv4-transport';
import type { MagIpv4Home, MagIpv4HomeInput, MnIpv4Home } from './ipv4-home-config';
import type { MagIpv4Event } from './ipv4-home-events';
import type { RadiusPacket } from '../../wire/radius';

/*
 * The mobile access gateway's data: its configuration, the Binding Update List (RFC 5213 §6.1,
 * seed 001 §6.11) with one entry per attached mobile node, and the shared tunnels. The per-MN
 * state lives in the entries, as the RFC keeps it; the machine's own states only say whether the
 * MAG serves anyone (src/entities/mag/machine.ts).
 */

/** RFC 6275 §12: the first wait for a Binding Acknowledgement, and the ceiling of its back-off. */
export const INITIAL_BINDACK_TIMEOUT_MS = 1000;
export const MAX_BINDACK_TIMEOUT_MS = 32_000;
/** Transmissions of one PBU before the MAG gives up: waits of 1, 2, 4, 8, 16 and 32 s, 63 s in all. */
export const MAX_PBU_TRANSMISSIONS = 6;
/**
 * When to re-register, as a fraction of the granted lifetime. RFC 5213 §6.9.1.3 leaves it to the
 * MAG; 80 % leaves a 60 s binding 12 s for the back-off (1 + 2 + 4 s) before it would expire.
 */
export const RENEW_AT_FRACTION = 0.8;
/** RADIUS leaves retransmission to the client (RFC 2865 §2.4, §2.5); 3 s and 3 tries are the common defaults. */
export const RADIUS_TIMEOUT_MS = 3000;
export const MAX_RADIUS_TRANSMISSIONS = 3;
/** The MAG's RADIUS client port: retransmissions keep it (RFC 2865 §2.5). */
export const RADIUS_CLIENT_PORT = 49152;
/** RFC 2473 §6.7: the tunnel costs the inner packet one IPv6 header, so the RA's MTU is 1500 − 40. */
export const TUNNEL_MTU = 1460;

export interface AccessInterface {
  /** The MAG's link-local address on this access link (the RA's source, RFC 5213 §6.9.3). */
  linkLocal: string;
  /** The MAG's MAC on this link (the RA's Source Link-layer Address option). */
  mac: string;
  /** Access Technology Type (RFC 5213 §8.5) of this link: 3 = 802.3, 4 = 802.11 (default). */
  att?: number;
}

/** Router Advertisement parameters (RFC 4861 §6.2.1 defaults unless the scenario sets them). */
export interface RaParameters {
  /** AdvDefaultLifetime, s: 1800 (3 × MaxRtrAdvInterval). */
  routerLifetime: number;
  /** AdvValidLifetime, s: 2592000 (30 days). */
  validLifetime: number;
  /** AdvPreferredLifetime, s: 604800 (7 days). */
  preferredLifetime: number;
  /** The M and O flags of the MN's policy (seed 001 §6.1); the lab's MNs use SLAAC. */
  managed: boolean;
  other: boolean;
}

export interface MagInput {
  env: Env;
  name: string;
  /** The MAG's global address on its core interface: the Proxy-CoA (RFC 5213 §6.9.1.5). */
  proxyCoa: string;
  coreIface: string;
  /** The RADIUS server; `nasAddress` is the MAG's source address towards it (default: the Proxy-CoA). */
  aaa: { address: string; secret: string; nasAddress?: string };
  /** The LMA when the profile names none (RFC 6572 §4.4 makes the attribute optional). */
  defaultLmaa: string;
  /** The access links; a link-local address left out is formed from the MAC (RFC 4862 §5.3). */
  accessIfaces: Readonly<Record<string, Omit<AccessInterface, 'linkLocal'> & { linkLocal?: string }>>;
  /** The binding lifetime the MAG asks for, s (default 60: short, so renewals show). */
  lifetimeSeconds?: number;
  /** µs since 1970 at run time 0 (default TIME_OF_DAY_EPOCH_US, the LMA's too). */
  epochUs?: number;
  /** How far this MAG's clock is off, µs (the TIMESTAMP_MISMATCH variant). */
  clockOffsetUs?: number;
  /** RFC 5213 §9.3 TimestampBasedApproachInUse (default true); false sends no Timestamp option. */
  timestamps?: boolean;
  /**
   * RFC 5213 §6.9.1.1 ¶9 with FixedMAGLinkLocalAddressOnAllAccessLinks = ALL_ZERO: ask the LMA for
   * the link-local address to use towards the MN, so every MAG uses the same one (§6.9.3).
   */
  linkLocalFromLma?: boolean;
  /**
   * false: send the PBU without a Home Network Prefix option, as seed 001 §6.10 has the MAG do in
   * the per-MN-address model before it has learned the MN's address; with no binding cache entry
   * the LMA must then refuse it (RFC 5213 §5.3.1: MISSING_HOME_NETWORK_PREFIX_OPTION, 158).
   */
  homeNetworkPrefixOption?: boolean;
  ra?: Partial<RaParameters>;
  initialBindackTimeoutMs?: number;
  maxPbuTransmissions?: number;
  /** An IPv4-only network towards the LMA (seed 002 §4, RFC 5844 §4): PBUs and data go over IPv4. */
  ipv4Transport?: MagIpv4TransportInput;
  /** IPv4 home addresses for the mobile nodes, with the MAG as their DHCP server or relay (seed 002 §3, RFC 5844 §3). */
  ipv4Home?: MagIpv4HomeInput;
}

export interface MagConfig {
  name: string;
  proxyCoa: string;
  coreIface: string;
  aaa: { address: string; secret: string; nasAddress: string };
  defaultLmaa: string;
  accessIfaces: Readonly<Record<string, AccessInterface>>;
  lifetimeSeconds: number;
  epochUs: number;
  clockOffsetUs: number;
  timestamps: boolean;
  linkLocalFromLma: boolean;
  homeNetworkPrefixOption: boolean;
  ra: RaParameters;
  initialBindackTimeoutMs: number;
  maxPbuTransmissions: number;
  ipv4Transport?: MagIpv4Transport;
  ipv4Home?: MagIpv4Home;
}

/**
 * The state of one mobile node's entry, named as the RFC's steps are: access authentication
 * (§6.5), initial registration (§6.9.1.1), registered (§6.9.1.2 ¶12-14), re-registration
 * (§6.9.1.3), de-registration (§6.9.1.4); `lapsing` when the MN's presence can no longer be
 * confirmed and the binding is not extended (§6.13); `rejected` when service is denied (§6.9.1.2 ¶11);
 * `authorized` when access is granted but the PBU waits for the MN's DHCP exchange (seed 002 §3.2.2).
 */
export type BulState = 'authenticating' | 'authorized' | 'registering' | 'registered' | 'reregistering' | 'deregistering' | 'lapsing' | 'rejected';

/** What the MAG keeps of the profile the AAA returned (RFC 5213 §6.2, RFC 6572 §4). */
export interface MnPolicy {
  /** The MN-Identifier for the PBUs (RFC 6572 §4.2: the one the AAA returned, else the NAI). */
  mnId: string;
  lmaa: string;
  addressing: AddressingModel;
  /** per-MN-prefix: the MN's /64; shared-prefix: the shared /64; absent: the LMA assigns one. */
  hnp?: string;
  /** shared-prefix: the MN's home address (the shared prefix and its interface identifier). */
  homeAddress?: string;
  /** Session-Timeout (RFC 2865 §5.27): the longest the MN is authorised for, s. */
  sessionTimeout?: number;
}

export type PbuKind = 'registration' | 'renewal' | 'deregistration';

/** The PBU awaiting its PBA (RFC 5213 §6.9.1.2 ¶5: a reply must match a request sent recently). */
export interface PendingPbu {
  kind: PbuKind;
  hi: number;
  /** The Home Network Prefix option as sent ("::/0" asks the LMA to assign one). */
  hnp: string;
  lifetimeSeconds: number;
  /** The sequence numbers of every transmission of this PBU (each one new, RFC 6275 §11.8). */
  seqs: number[];
  tries: number;
  timeoutMs: number;
  /** §6.9.1.2 ¶8 and ¶10 allow one more attempt; this says it was used. */
  retried?: boolean;
}

export type TimerKind = 'radius' | 'pba' | 'renew' | 'lifetime' | 'natRefresh';

/** A Binding Update List entry (RFC 5213 §6.1; seed 001 §6.11). */
export interface BulEntry {
  nai: string;
  /** The scenario's node id of the MN. */
  mn: string;
  mac: string;
  iface: string;
  att: number;
  /** From the attach event: true = handoff between MAGs (HI 3), false = new attachment (HI 1), absent = unknown (HI 4). */
  handoff?: boolean;
  /** The previous MAG's link-local address, to withdraw it as the MN's default router (seed 001 §7.3). */
  previousRouter?: string;
  /** Learned from the Router Solicitation's source (seed 001 §6.11). */
  mnLinkLocal?: string;
  state: BulState;
  /** Why the entry is `rejected`, for the table. */
  reason?: string;
  radius?: { id: number; authenticator: Uint8Array; tries: number };
  policy?: MnPolicy;
  /** The registered prefix: the /64, or the home address /128 in the shared-prefix model. */
  hnp?: string;
  /** The link-local address the LMA gave for this link (RFC 5213 §6.9.1.2 ¶15). */
  magLinkLocal?: string;
  lifetimeSeconds?: number;
  expiresUs?: number;
  pending?: PendingPbu;
  /** The last sequence number sent for this MN. */
  seq?: number;
  /** Routes installed and counted as a user of the tunnel. */
  installed: boolean;
  /** Timers running now, so none is cancelled after it fired (the trace would show a false cancel). */
  timers: TimerKind[];
  /** Over an IPv4 transport: the encapsulation the PBA decided, and whether it reported a NAT (RFC 5844 §4.2.2). */
  transport?: { mode: TunnelMode; natDetected: boolean };
  /** The IPv4 home address and the DHCP exchange around it (seed 002 §3.2.1). */
  ipv4Home?: MnIpv4Home;
}

export interface MagContext {
  env: Env;
  config: MagConfig;
  /** The MAG-wide PBU counter (RFC 5213 §6.9.1.1 ¶6: "monotonically increasing", per MAG). */
  seq: number;
  /** The RADIUS Identifier counter (RFC 2865 §3). */
  radiusId: number;
  bul: Readonly<Record<string, BulEntry>>;
  tunnels: TunnelTable;
}

export type MagTimerEvent =
  | { type: 'timer.radiusRetransmit'; nai: string }
  | { type: 'timer.pbaRetransmit'; nai: string }
  | { type: 'timer.renew'; nai: string }
  | { type: 'timer.lifetime'; nai: string }
  /** RFC 5555 §4.3: the NAT Detection option's refresh time passed. */
  | { type: 'timer.natRefresh'; nai: string };

export type MagEvent =
  /** The MN appeared on access interface `iface` (a link-layer indication, RFC 5213 §6.3). */
  | { type: 'l2.attach'; mn: string; nai: string; mac: string; iface: string; att?: number; handoff?: boolean; previousRouter?: string }
  /** The link layer reports the MN gone (RFC 5213 §6.9.1.4). */
  | { type: 'l2.detach'; mn: string }
  /** The MAG can no longer confirm the MN is attached, without a detach indication (RFC 5213 §6.13). */
  | { type: 'l2.lost'; mn: string }
  | { type: 'rx.accessAccept'; src: string; response: RadiusPacket }
  | { type: 'rx.accessReject'; src: string; response: RadiusPacket }
  | { type: 'rx.rs'; iface: string; src: string; mac: string }
  /** `via`: the PBA came over IPv4 (seed 002 §4, RFC 5844 §4), with these outer headers. */
  | { type: 'rx.pba'; src: string; dst: string; pba: BindingAck; via?: Ipv4Arrival }
  | MagIpv4Event
  | MagTimerEvent;

/** What a step may do besides changing the context: emit effects, start and cancel timers. */
export interface Out {
  emit(e: Effect): void;
  raise(e: MagTimerEvent, o: { id: string; delay: number }): void;
  cancel(id: string): void;
}
