import type { OptionValue } from '../core';
import { lifetimeUnits, type BindingAck, type BindingUpdate, type OptionByType } from './builders';
import { MH_TYPE, OPTION } from './tables';

/*
 * Builders for plain Mobile IPv6 (RFC 6275), as a mobile node and its home agent exchange them: a
 * home registration Binding Update and its Binding Acknowledgement, neither with the P flag of
 * Proxy Mobile IPv6. The IPv6 envelope (the Home Address option in a Destination Options header
 * for the update, a type 2 Routing header for the acknowledgement) is the sender's business.
 */

/** RFC 6275 §6.2.5: the care-of address to bind when it is not the packet's source. */
export function alternateCareOfAddressOption(address: string): OptionByType[3] {
  return { type: OPTION.ALTERNATE_COA, address };
}

/** RFC 6275 §11.7.1: a home registration, Acknowledge (A) and Home Registration (H) set. */
export function homeBindingUpdate(p: { seq: number; lifetimeSeconds: number; options?: readonly OptionValue[] }): BindingUpdate {
  return {
    proto: 'mipv6',
    mhType: MH_TYPE.BINDING_UPDATE,
    body: { seq: p.seq, flags: { a: true, h: true }, lifetime: lifetimeUnits(p.lifetimeSeconds) },
    options: [...(p.options ?? [])],
  };
}

/** RFC 6275 §10.3.1, §9.5.4: the home agent's answer, the update's sequence number copied. */
export function homeBindingAck(p: { status: number; seq: number; lifetimeSeconds: number; options?: readonly OptionValue[] }): BindingAck {
  return {
    proto: 'mipv6',
    mhType: MH_TYPE.BINDING_ACK,
    body: { status: p.status, flags: {}, seq: p.seq, lifetime: lifetimeUnits(p.lifetimeSeconds) },
    options: [...(p.options ?? [])],
  };
}
