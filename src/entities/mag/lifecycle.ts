import { HANDOFF_INDICATOR } from '../../wire/mh';
import { statusName } from '../../protocols/pmipv6';
import type { Draft } from './draft';
import { requestedPrefix } from './messages';
import { RENEW_AT_FRACTION, type BulEntry } from './types';

/*
 * The binding's life after registration, on a Draft of the context (draft.ts): retransmission and
 * back-off (RFC 5213 §6.9.4), renewal (§6.9.1.3), expiry, de-registration (§6.9.1.4) and the MN
 * whose presence can no longer be confirmed (§6.13).
 */

const secs = (us: number): string => `${+(us / 1e6).toFixed(3)} s`;

/** The lifetime to ask for: the MAG's, capped by the Session-Timeout the AAA allows (RFC 2865 §5.27). */
export function requestedLifetime(d: Draft, e: BulEntry): number {
  return Math.min(d.config.lifetimeSeconds, e.policy?.sessionTimeout ?? Infinity);
}

// ---- timers --------------------------------------------------------------------------------

/** §6.9.4: no PBA in time; resend with back-off, or give up. A de-registration waits once (§6.9.1.4). */
export function onPbaTimeout(d: Draft, nai: string): void {
  d.fired(nai, 'pba');
  const e = d.entry(nai);
  const p = e.pending!;
  if (p.kind === 'deregistration') {
    d.note(`No PBA for ${nai}'s de-registration within INITIAL_BINDACK_TIMEOUT: ${d.config.name} cleans up anyway.`, 'RFC 5213 §6.9.1.4');
    return completeDeregistration(d, nai);
  }
  if (p.tries >= d.config.maxPbuTransmissions) {
    d.set(nai, { pending: undefined, ...(p.kind === 'registration' ? { state: 'rejected' as const, reason: 'no PBA' } : { state: 'registered' as const }) });
    d.note(
      p.kind === 'registration'
        ? `No PBA after ${p.tries} PBUs: ${d.config.name} gives up on ${nai}, which gets no mobility service.`
        : `No PBA after ${p.tries} transmissions of the renewal: ${d.config.name} stops trying; ${nai}'s binding ends at ${secs(e.expiresUs ?? d.now)}.`,
      'RFC 5213 §6.9.4 ¶3',
    );
    return;
  }
  const next = d.sendPbu(nai, p.kind, p);
  d.note(
    `No PBA within ${p.timeoutMs / 1000} s: ${d.config.name} sends the PBU again (transmission ${next.tries}), with sequence number ${next.seqs.at(-1)} and a new timestamp, and waits ${next.timeoutMs / 1000} s.`,
    'RFC 5213 §6.9.4; RFC 6275 §11.8',
  );
}

/** §6.9.1.3: before the lifetime ends, the same PBU with HI 5 and a new timestamp. */
export function extendBindingLifetime(d: Draft, nai: string): void {
  d.fired(nai, 'renew');
  const e = d.set(nai, { state: 'reregistering' });
  d.sendPbu(nai, 'renewal', { hi: HANDOFF_INDICATOR.NOT_CHANGED, hnp: e.hnp!, lifetimeSeconds: requestedLifetime(d, e) });
  d.note(`${nai} is still attached and ${RENEW_AT_FRACTION * 100} % of its binding lifetime is gone: ${d.config.name} re-registers (Handoff Indicator 5).`, 'RFC 5213 §6.9.1.3, §6.13');
}

export function expireBinding(d: Draft, nai: string): void {
  d.fired(nai, 'lifetime');
  const lapsing = d.entry(nai).state === 'lapsing';
  d.forget(nai);
  d.note(
    lapsing
      ? `${nai}'s binding lifetime is over and was not extended, since the MN's presence could not be confirmed: ${d.config.name} removes the entry and its routes, as the LMA does its own.`
      : `${nai}'s binding lifetime ended before a renewal was accepted: ${d.config.name} removes its routes and entry.`,
    'RFC 5213 §6.13; RFC 6275 §11.7.1',
  );
}

// ---- leaving (§6.9.1.4, §6.13) -------------------------------------------------------------

/** §6.9.1.4: PBU with lifetime 0, HI 4, the assigned prefix; the state goes when the PBA comes or the wait ends. */
export function deregister(d: Draft, nai: string): void {
  const e = d.entry(nai);
  d.stopTimer(nai, 'renew');
  d.stopTimer(nai, 'pba');
  d.set(nai, { state: 'deregistering', pending: undefined });
  d.sendPbu(nai, 'deregistration', { hi: HANDOFF_INDICATOR.UNKNOWN, hnp: e.hnp ?? e.pending?.hnp ?? requestedPrefix(e.policy!), lifetimeSeconds: 0 });
  d.note(`${nai} has left ${e.iface}: ${d.config.name} de-registers it with a PBU of lifetime 0.`, 'RFC 5213 §6.9.1.4; seed 001 §6.10');
}

export function completeDeregistration(d: Draft, nai: string, status?: number): void {
  if (status !== undefined) {
    d.note(
      status === 0 ? `PBA accepted: the LMA has de-registered ${nai}.` : `The LMA answers ${nai}'s de-registration with ${statusName(status)}; the MN is gone all the same.`,
      'RFC 5213 §6.9.1.4',
    );
  }
  d.forget(nai);
  d.note(`${d.config.name} removes ${nai}'s binding update list entry and its routes.`, 'RFC 5213 §6.9.1.4 steps 1-3');
}

/** Nothing is registered at the LMA (or it was refused): the entry just goes. */
export function forgetMn(d: Draft, nai: string): void {
  const e = d.entry(nai);
  d.forget(nai);
  d.note(`${nai} has left before it was registered (${e.state}): ${d.config.name} forgets it.`, 'RFC 5213 §6.9.1.4');
}

/** §6.13: the MN's presence cannot be confirmed, so the binding is not extended; it lapses. */
export function stopExtendingBinding(d: Draft, nai: string): void {
  const e = d.entry(nai);
  d.stopTimer(nai, 'renew');
  d.stopTimer(nai, 'pba');
  d.set(nai, { state: 'lapsing', pending: undefined });
  d.note(
    `${d.config.name} can no longer confirm that ${nai} is attached, so it must not extend the binding: it lets it lapse at ${secs(e.expiresUs ?? d.now)}. (A detach indication would have de-registered it at once.)`,
    'RFC 5213 §6.13',
  );
}
