import type { LayerValue } from '../../wire/core';
import { freeAddress, type BindingList, type MobilityBinding } from './bindings';
import { checkIdentification, mismatchIdentification } from './identification';
import { isDynamicHomeAgent, readRequest, type RequestFacts } from './registration';
import { checkAuthentication, EXT_FA_HA, EXT_MN_HA, verdictFor, type SecurityAssociation } from './security';

/*
 * How a home agent processes a Proxy Registration Request, as a pure function of the request, its
 * policy and its bindings: RFC 5944 §3.8.2.1 (authentication, then the Identification, then the
 * FA-HA extension), RFC 5563 §8.1 (proxy registrations enabled, and allowed from this PMA) and
 * §4.1.1 step 4 (the home address assigned or authorized), then §3.8.2.2 (the binding list).
 * The machine asks for the decision, then carries it out.
 */

export const CODE = {
  ACCEPTED: 0,
  PROHIBITED: 129,
  INSUFFICIENT_RESOURCES: 130,
  MN_AUTH_FAILED: 131,
  FA_AUTH_FAILED: 132,
  ID_MISMATCH: 133,
  UNKNOWN_HA: 136,
  PMIP_UNSUPPORTED: 149,
  PMIP_DISALLOWED: 150,
} as const;

export interface Subscriber {
  mnHa: SecurityAssociation;
  /** A home address fixed for this device; else one from the pool. */
  homeAddress?: string;
  /** Policy refuses this device here (RFC 5944 §3.8.2.3: "unauthorized service areas"). */
  prohibited?: boolean;
}

export interface HaPolicy {
  address: string;
  /** RFC 5563 §8.1: a home agent not enabled for proxy registrations answers 149. */
  proxyEnabled: boolean;
  /** PMAs (by address) that may send proxy registrations; others get 150. */
  allowedPmas: readonly string[] | '*';
  subscribers: Readonly<Record<string, Subscriber>>;
  /** FA-HA associations by PMA address (RFC 5563 §4.3: per node). */
  pmas: Readonly<Record<string, SecurityAssociation>>;
  pool: readonly string[];
  lifetimeCapSeconds: number;
  toleranceS: number;
}

export interface HaView {
  bindings: BindingList;
  /** The last Identification accepted per NAI (RFC 5944 §5.7.1), kept when a binding goes. */
  accepted: Readonly<Record<string, bigint>>;
  /**
   * The home address each NAI last had. A device keeps using its address after its binding goes
   * (its DHCP lease or IPCP address outlives it), so the pool gives it back to that device only.
   */
  remembered: Readonly<Record<string, string>>;
  /** The home agent's clock as an NTP timestamp. */
  clock: bigint;
}

/** The associations the reply is authenticated with: those the request used that the home agent has. */
export interface ReplyAuth {
  perNode: boolean;
  mnHa?: SecurityAssociation;
  faHa?: SecurityAssociation;
}

export type RequestDecision =
  | { kind: 'discard'; rule: string; section: string }
  | { kind: 'deny'; code: number; rule: string; section: string; identification: bigint; homeAddress: string; auth: ReplyAuth }
  | {
      kind: 'accept';
      action: 'create' | 'renew' | 'move' | 'deregister' | 'nothing-to-deregister';
      nai: string;
      homeAddress: string;
      lifetimeSeconds: number;
      fromPool: boolean;
      /** The binding before this request (renew, move, deregister). */
      previous?: MobilityBinding;
      auth: ReplyAuth;
    };

/** The request as the home agent read it, with the decision. */
export interface Decided {
  facts: RequestFacts;
  decision: RequestDecision;
}

const allowed = (p: HaPolicy, pma: string): boolean => p.allowedPmas === '*' || p.allowedPmas.includes(pma);

export function decideRequest(message: LayerValue, from: string, policy: HaPolicy, view: HaView): Decided {
  const facts = readRequest(message);
  const decision = decide(message, facts, from, policy, view);
  return { facts, decision };
}

function decide(message: LayerValue, f: RequestFacts, from: string, p: HaPolicy, v: HaView): RequestDecision {
  const discard = (rule: string, section: string): RequestDecision => ({ kind: 'discard', rule, section });
  const nai = f.nai;
  if (!nai && f.homeAddress === '0.0.0.0') return discard('it names no mobile node: no NAI and home address 0.0.0.0', 'RFC 2794 §3');
  const sub = nai ? p.subscribers[nai] : undefined;
  const faSa = p.pmas[from];
  const perNode = f.perNodeMethod === 1;
  const checks = checkAuthentication(message, sub?.mnHa, faSa);
  const mnHa = verdictFor(checks, EXT_MN_HA, sub?.mnHa);
  const faHa = verdictFor(checks, EXT_FA_HA, faSa);
  const auth: ReplyAuth = { perNode, ...(!perNode && sub ? { mnHa: sub.mnHa } : {}), ...(faSa ? { faHa: faSa } : {}) };
  const binding = nai ? v.bindings[nai] : undefined;
  const deny = (code: number, rule: string, section: string, identification = f.identification): RequestDecision => ({
    kind: 'deny',
    code,
    rule,
    section,
    identification,
    homeAddress: binding?.homeAddress ?? f.homeAddress,
    auth,
  });

  // RFC 5944 §3.8.2.1 a: an authorization-enabling extension, checked with a known association.
  if (perNode) {
    if (faHa === 'missing') return discard('it asks for per-node authentication but carries no FA-HA extension', 'RFC 5563 §5.1; RFC 5944 §3.8.2.1');
    if (!faSa) return discard(`the home agent shares no FA-HA key with ${from}`, 'RFC 5944 §3.8.2.1');
    if (faHa !== 'good') return deny(CODE.FA_AUTH_FAILED, `the FA-HA authenticator of per-node security is ${faHa}`, 'RFC 5944 §3.8.2.1 a, c; RFC 5563 §4.3');
  } else {
    if (mnHa === 'missing') return discard('it carries no authorization-enabling extension (MN-HA)', 'RFC 5944 §3.8.2.1 a');
    if (!sub || mnHa === 'unknown-spi') return discard(`the home agent shares no MN-HA association with ${nai ?? 'this mobile node'} under that SPI`, 'RFC 5944 §3.8.2.1 a');
    if (mnHa !== 'good') return deny(CODE.MN_AUTH_FAILED, `the MN-HA authenticator is ${mnHa}: the key is not the one the home agent holds`, 'RFC 5944 §3.8.2.1 a');
  }
  if (!faSa && faHa !== 'missing') return discard(`it carries an FA-HA extension but the home agent shares no key with ${from}`, 'RFC 5944 §3.8.2.1 d');

  // b: the Identification, a timestamp near the home agent's clock and newer than the last accepted.
  const id = checkIdentification({ received: f.identification, clock: v.clock, toleranceS: p.toleranceS, ...(nai && v.accepted[nai] !== undefined ? { lastAccepted: v.accepted[nai] } : {}) });
  if (id !== 'valid') {
    const why = id === 'clock-skew' ? `its timestamp is more than ${p.toleranceS} s from the home agent's clock` : 'its timestamp is not newer than the last one accepted for this mobile node';
    return deny(CODE.ID_MISMATCH, why, 'RFC 5944 §5.7.1; RFC 5563 §4.4', mismatchIdentification(f.identification, v.clock));
  }

  // c: with a key shared with the PMA, exactly one valid FA-HA extension.
  if (faSa && faHa !== 'good') return deny(CODE.FA_AUTH_FAILED, `the FA-HA authenticator is ${faHa}`, 'RFC 5944 §3.8.2.1 c');

  // RFC 5563 §8.1.
  if (f.pmip && !p.proxyEnabled) return deny(CODE.PMIP_UNSUPPORTED, 'this home agent does not accept proxy registrations', 'RFC 5563 §8.1');
  if (f.pmip && !allowed(p, from)) return deny(CODE.PMIP_DISALLOWED, `proxy registrations from ${from} are not allowed`, 'RFC 5563 §8.1');
  if (!nai || !sub) return deny(CODE.PROHIBITED, `no service is provisioned for ${nai ?? 'this mobile node'}`, 'RFC 5944 §3.8.2.3');
  if (sub.prohibited) return deny(CODE.PROHIBITED, `policy refuses ${nai} here`, 'RFC 5944 §3.8.2.3');
  if (f.homeAgent !== p.address && !isDynamicHomeAgent(f.homeAgent)) {
    return deny(CODE.UNKNOWN_HA, `the home agent field names ${f.homeAgent}, not this home agent`, 'RFC 5944 §3.8.2.1');
  }

  const lifetimeSeconds = Math.min(f.lifetime, p.lifetimeCapSeconds);
  if (f.lifetime === 0) {
    if (binding && binding.careOf === f.careOf) return { kind: 'accept', action: 'deregister', nai, homeAddress: binding.homeAddress, lifetimeSeconds: 0, fromPool: binding.fromPool, previous: binding, auth };
    return { kind: 'accept', action: 'nothing-to-deregister', nai, homeAddress: binding?.homeAddress ?? f.homeAddress, lifetimeSeconds: 0, fromPool: false, auth };
  }

  // RFC 5563 §4.1.1 step 4: assign a home address, or authorize the one requested.
  const wanted = f.homeAddress === '0.0.0.0' ? undefined : f.homeAddress;
  let homeAddress: string;
  let fromPool: boolean;
  if (binding) {
    if (wanted && wanted !== binding.homeAddress) return deny(CODE.PROHIBITED, `${nai} is bound to ${binding.homeAddress}, not ${wanted}`, 'RFC 5563 §4.1.1 step 4');
    homeAddress = binding.homeAddress;
    fromPool = binding.fromPool;
  } else if (sub.homeAddress) {
    if (wanted && wanted !== sub.homeAddress) return deny(CODE.PROHIBITED, `${wanted} is not the home address of ${nai}`, 'RFC 5563 §4.1.1 step 4');
    homeAddress = sub.homeAddress;
    fromPool = false;
  } else {
    const others = Object.entries(v.remembered).filter(([n]) => n !== nai).map(([, a]) => a);
    const reserved = new Set([...Object.values(p.subscribers).flatMap((s) => (s.homeAddress ? [s.homeAddress] : [])), ...others]);
    if (wanted && (!p.pool.includes(wanted) || reserved.has(wanted) || Object.values(v.bindings).some((b) => b.homeAddress === wanted))) {
      return deny(CODE.PROHIBITED, `${wanted} is not an address the home agent may give ${nai}`, 'RFC 5563 §4.1.1 step 4');
    }
    const previous = v.remembered[nai];
    const free = wanted ?? (previous && !reserved.has(previous) ? previous : freeAddress(p.pool, v.bindings, reserved));
    if (!free) return deny(CODE.INSUFFICIENT_RESOURCES, 'the home address pool is exhausted', 'RFC 5944 §3.4');
    homeAddress = free;
    fromPool = true;
  }
  const action = !binding ? 'create' : binding.careOf === f.careOf ? 'renew' : 'move';
  return { kind: 'accept', action, nai, homeAddress, lifetimeSeconds, fromPool, ...(binding ? { previous: binding } : {}), auth };
}
