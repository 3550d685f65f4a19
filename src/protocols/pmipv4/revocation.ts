import type { LayerValue, OptionValue } from '../../wire/core';
import { registrationRevocation, revocationAck } from '../../wire/mipv4';
import { authSpecs, type SecurityAssociation } from './security';

/*
 * Registration Revocation (RFC 3543) between the home agent and a PMA (RFC 5563 §4.1.4; seed 000
 * §4.1.2): when a mobile node's binding moves to a new PMA, the home agent revokes it at the
 * previous one, which removes its visitor entry and acknowledges. Both messages carry the NAI and
 * are protected by the FA-HA authenticator (RFC 3543 §3.3, §3.4; RFC 5563 §4.3).
 */

export interface RevocationInit {
  homeAddress: string;
  homeAgent: string;
  /** The care-of address of the binding being revoked: the previous PMA. */
  careOf: string;
  /** The home agent's 32-bit timestamp (RFC 3543 §3.5). */
  revocationId: number;
  nai: string;
  faHa: SecurityAssociation;
}

/**
 * A=1: the home agent revokes (§3.3). I=0: there is no one to inform, the device has moved on
 * (§4.2.2.1: "because it knows the mobile node has registered with a different foreign agent").
 */
export function revocationMessage(r: RevocationInit): LayerValue {
  return registrationRevocation({
    fromHomeAgent: true,
    inform: false,
    homeAddress: r.homeAddress,
    homeDomainAddress: r.homeAgent,
    foreignDomainAddress: r.careOf,
    revocationId: r.revocationId,
    nai: r.nai,
    auth: authSpecs({ faHa: r.faHa }),
  }) as LayerValue;
}

/** §3.4: the Home Address and Revocation Identifier copied from the revocation; I=0, nobody was told. */
export function revocationAckMessage(r: { homeAddress: string; revocationId: number; nai?: string | undefined; faHa: SecurityAssociation }): LayerValue {
  return revocationAck({
    informed: false,
    homeAddress: r.homeAddress,
    revocationId: r.revocationId,
    ...(r.nai === undefined ? {} : { nai: r.nai }),
    auth: authSpecs({ faHa: r.faHa }),
  }) as LayerValue;
}

export interface RevocationFacts {
  fromHomeAgent: boolean;
  homeAddress: string;
  homeAgent: string;
  careOf: string;
  revocationId: number;
  nai?: string;
}

const naiOf = (m: LayerValue): string | undefined =>
  ((m.extensions as OptionValue[] | undefined) ?? []).find((e) => e.type === 131)?.nai as string | undefined;

export function readRevocation(m: LayerValue): RevocationFacts {
  const nai = naiOf(m);
  return {
    fromHomeAgent: (m.flags as { a?: boolean } | undefined)?.a === true,
    homeAddress: m.homeAddress as string,
    homeAgent: m.homeDomainAddress as string,
    careOf: m.foreignDomainAddress as string,
    revocationId: m.revocationId as number,
    ...(nai === undefined ? {} : { nai }),
  };
}

export function readRevocationAck(m: LayerValue): { homeAddress: string; revocationId: number; nai?: string } {
  const nai = naiOf(m);
  return { homeAddress: m.homeAddress as string, revocationId: m.revocationId as number, ...(nai === undefined ? {} : { nai }) };
}

/**
 * RFC 3543 §3.5: a revocation is new when its identifier is later than the last one accepted from
 * that agent for that home address ("in conjunction with the home address field"); equal or older
 * is a replay and is silently discarded. Identifiers are 32-bit seconds.
 */
export const isNewRevocation = (id: number, last: number | undefined): boolean => last === undefined || id > last;

/** §4.2.2.1: retransmit without an acknowledgement, backing off from 1 s, and never past the binding's end. */
export const REVOCATION_TIMEOUT_MS = 1000;
export const MAX_REVOCATION_TRANSMISSIONS = 4;
