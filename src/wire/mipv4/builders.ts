import type { LayerValue, OptionValue } from '../core';
import type { PmipExtension } from './pmip';
import { perNodeAuthMethod } from './pmip';
import type { RegistrationReply, RegistrationRequest, RrqFlags } from './registration';
import type { RegistrationRevocation, RevocationAck } from './revocation';

/**
 * Typed builders for the machines: they place extensions in the order the RFCs require and leave
 * lengths and authenticators to the encoder's fix-ups (the keys come from `hints.mipKeys`).
 *
 * Order (RFC 5944 §3.6.1.3, RFC 2794 §2, RFC 5563 §5, RFC 3543 §3.2): the MN-NAI first, then the
 * PMIPv4, GRE Key and other extensions, then Revocation Support, and the authentication extension
 * last, so it covers all of them.
 */

export type AuthKind = 'mn-ha' | 'mn-fa' | 'fa-ha' | 'mn-aaa';

/** Extension type of each kind: MN-HA 32, MN-FA 33, FA-HA 34, MN-AAA 36 (subtype 1). */
export const AUTH_EXTENSION_TYPE: Readonly<Record<AuthKind, number>> = { 'mn-ha': 32, 'mn-fa': 33, 'fa-ha': 34, 'mn-aaa': 36 };

export interface AuthSpec {
  kind: AuthKind;
  spi: number;
  /** Normally computed by the encoder; set it to send a wrong one on purpose. */
  authenticator?: Uint8Array;
}

export function authentication(a: AuthSpec): OptionValue {
  const ext: OptionValue = { type: AUTH_EXTENSION_TYPE[a.kind], spi: a.spi };
  if (a.kind === 'mn-aaa') ext.subtype = 1;
  if (a.authenticator) ext.authenticator = a.authenticator;
  return ext;
}

export const mnNai = (nai: string): OptionValue => ({ type: 131, nai });
export const greKey = (key: number): OptionValue => ({ type: 48, subtype: 0, key });
export const revocationSupport = (r: { timestamp: number; i?: boolean }): OptionValue => ({
  type: 137,
  flags: { i: r.i ?? false },
  timestamp: r.timestamp,
});

type Mip<T> = T & LayerValue & { proto: 'mip'; type: number };

interface Common {
  nai?: string;
  greKey?: number;
  revocationSupport?: { timestamp: number; i?: boolean };
  /** Any other extensions, placed after the ones above and before the authenticator. */
  extensions?: readonly OptionValue[];
  /**
   * The authentication extension(s), last and in this order: MN-HA, then MN-FA or MN-AAA, then
   * FA-HA (RFC 5944 §3.6.1.3, RFC 3012 §6), each covering those before it.
   */
  auth?: AuthSpec | readonly AuthSpec[];
}

const authList = (a: AuthSpec | readonly AuthSpec[] | undefined): readonly AuthSpec[] =>
  a === undefined ? [] : 'kind' in a ? [a] : a;

function ordered(c: Common, middle: readonly OptionValue[] = []): OptionValue[] {
  const out: OptionValue[] = [];
  if (c.nai !== undefined) out.push(mnNai(c.nai));
  out.push(...middle);
  if (c.greKey !== undefined) out.push(greKey(c.greKey));
  out.push(...(c.extensions ?? []));
  if (c.revocationSupport) out.push(revocationSupport(c.revocationSupport));
  for (const a of authList(c.auth)) out.push(authentication(a));
  return out;
}

export interface RegistrationRequestInit extends Common {
  lifetime: number;
  homeAddress?: string;
  homeAgent: string;
  careOf: string;
  identification: bigint;
  flags?: RrqFlags;
}

export function registrationRequest(r: RegistrationRequestInit, middle: readonly OptionValue[] = []): Mip<RegistrationRequest> {
  return {
    proto: 'mip',
    type: 1,
    flags: r.flags ?? {},
    lifetime: r.lifetime,
    homeAddress: r.homeAddress ?? '0.0.0.0',
    homeAgent: r.homeAgent,
    careOf: r.careOf,
    identification: r.identification,
    extensions: ordered(r, middle),
  };
}

export interface ProxyRegistrationRequestInit extends RegistrationRequestInit {
  nai: string;
  auth: AuthSpec | readonly AuthSpec[];
  pmipExtensions?: readonly PmipExtension[];
}

/**
 * A PMA's Proxy Registration Request (RFC 5563 §4.1.1). The PMA tunnels the device's traffic both
 * ways (§4.2.1), so T is set unless `flags` says otherwise, and G when a GRE key is offered.
 * With per-node FA-HA security the Per-Node Authentication Method extension is a MUST (§5.1), so it
 * is added (Method 1) when `pmipExtensions` has none.
 */
export function proxyRegistrationRequest(r: ProxyRegistrationRequestInit): Mip<RegistrationRequest> {
  const pmip: OptionValue[] = [...(r.pmipExtensions ?? [])];
  const perNode = authList(r.auth).some((a) => a.kind === 'fa-ha');
  if (perNode && !pmip.some((e) => e.type === 47)) pmip.unshift(perNodeAuthMethod(1));
  return registrationRequest({ ...r, flags: r.flags ?? { t: true, g: r.greKey !== undefined } }, pmip);
}

export interface RegistrationReplyInit extends Common {
  code: number;
  lifetime: number;
  homeAddress: string;
  homeAgent: string;
  identification: bigint;
  /** For a reply to a proxy registration with per-node security: the Method extension again (§5.1). */
  pmipExtensions?: readonly PmipExtension[];
}

export function registrationReply(r: RegistrationReplyInit): Mip<RegistrationReply> {
  return {
    proto: 'mip',
    type: 3,
    code: r.code,
    lifetime: r.lifetime,
    homeAddress: r.homeAddress,
    homeAgent: r.homeAgent,
    identification: r.identification,
    extensions: ordered(r, r.pmipExtensions ?? []),
  };
}

export interface RegistrationRevocationInit {
  /** The sender is the home agent (A bit). */
  fromHomeAgent: boolean;
  /** Ask the foreign agent to inform the mobile node (I bit). */
  inform?: boolean;
  homeAddress: string;
  homeDomainAddress: string;
  foreignDomainAddress: string;
  revocationId: number;
  nai?: string;
  extensions?: readonly OptionValue[];
  auth: AuthSpec | readonly AuthSpec[];
}

export function registrationRevocation(r: RegistrationRevocationInit): Mip<RegistrationRevocation> {
  return {
    proto: 'mip',
    type: 7,
    flags: { a: r.fromHomeAgent, i: r.inform ?? false },
    homeAddress: r.homeAddress,
    homeDomainAddress: r.homeDomainAddress,
    foreignDomainAddress: r.foreignDomainAddress,
    revocationId: r.revocationId,
    extensions: ordered(r),
  };
}

export interface RevocationAckInit {
  /** The mobile node was informed (I bit). */
  informed?: boolean;
  homeAddress: string;
  revocationId: number;
  nai?: string;
  extensions?: readonly OptionValue[];
  auth: AuthSpec | readonly AuthSpec[];
}

export function revocationAck(r: RevocationAckInit): Mip<RevocationAck> {
  return {
    proto: 'mip',
    type: 15,
    flags: { i: r.informed ?? false },
    homeAddress: r.homeAddress,
    revocationId: r.revocationId,
    extensions: ordered(r),
  };
}
