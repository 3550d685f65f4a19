import { MIP_REPLY_CODE, ntpText } from '../../wire/mipv4';
import { resynchronisedOffset } from '../../protocols/pmipv4/identification';
import { ALL_ONES } from '../../protocols/pmipv4/registration';
import type { Draft } from './draft';
import { establishBinding } from './fa';
import type { ReplyVerdict } from './judge';
import type { VisitorEntry } from './types';

/*
 * The PMIPv4 client side of the PMA (RFC 5563 §2, §7): it registers the device with its home agent,
 * re-registers it before the lifetime ends, retransmits with a new Identification each time, follows
 * the home agent's reply codes (133 resynchronises the clock, 149 and 150 stop proxy registrations
 * to that home agent) and de-registers the device when it leaves.
 */

const codeText = (code: number): string => `${code} (${MIP_REPLY_CODE[code] ?? 'unknown'})`;

/** The lifetime to ask for: the PMA's, within the Session-Timeout the AAA server allows. */
const lifetimeFor = (d: Draft, e: VisitorEntry): number => Math.min(d.config.lifetimeSeconds, e.profile?.lifetimeSeconds ?? Infinity);

/**
 * RFC 5563 §4.1.1 step 3 (and §4.1.3 step 2 after a handover): triggered by the device asking for an
 * address or showing the one it has, the PMA sends a Proxy Registration Request. The home address
 * field holds a fixed address from the profile, else the device's hint, else 0.0.0.0; the home agent
 * field the profile's home agent, else all ones to discover one (§4.6).
 */
export function requestRegistration(d: Draft, nai: string, why: string): void {
  const e = d.entry(nai);
  if (e.state !== 'authorized') return;
  const ha = e.profile?.homeAgent;
  const destination = ha ?? d.config.discoveryHomeAgent;
  const refused = d.refusedBy[destination];
  if (refused !== undefined) {
    d.set(nai, { state: 'rejected', reason: `home agent answered ${refused}`, waiting: [] });
    d.note(
      `${destination} answered ${codeText(refused)} before: ${d.config.name} sends it no more proxy registrations, so ${nai} gets no service and no address.`,
      'RFC 5563 §8.1',
    );
    return;
  }
  const homeAddress = e.profile?.homeAddress ?? e.hint ?? '0.0.0.0';
  const gre = d.config.tunnel === 'gre';
  if (gre) d.nextGreKey += 1;
  d.set(nai, { state: 'registering', encapsulation: d.config.tunnel, ...(gre ? { greKeys: { toPma: d.nextGreKey } } : {}) });
  const p = d.sendRequest(nai, 'registration', { homeAddress, homeAgentField: ha ?? ALL_ONES, destination, lifetime: lifetimeFor(d, e) });
  const hoaText = homeAddress === '0.0.0.0' ? 'home address 0.0.0.0 (the home agent assigns one)' : `home address ${homeAddress} as a hint`;
  const haText = ha ? `to its home agent ${ha}` : `with home agent ${ALL_ONES} to ${destination}, asking for a home agent to be assigned`;
  d.note(
    `3. ${why}: ${d.config.name} sends a Proxy Registration Request for ${nai} ${haText}: care-of address ${d.config.careOf}, ${hoaText}, NAI and PMIPv4 extensions, authenticated by ${d.config.auth === 'mn-ha' ? 'MN-HA (the key from the AAA profile)' : 'FA-HA (per-node security)'}${d.config.faHa[destination] && d.config.auth === 'mn-ha' ? ' and FA-HA' : ''}. Identification ${ntpText(p.identifications.at(-1)!)}.`,
    ha ? 'seed 000 §4.1.1 step 3; RFC 5563 §4.1.1 step 3, §4.4' : 'RFC 5563 §4.6; RFC 5944 §3.3',
  );
}

/** RFC 5944 §3.6.3: no reply in time; send again with a new Identification, or give up. */
export function retransmitOrGiveUp(d: Draft, nai: string): void {
  d.fired(nai, 'reply');
  const e = d.entry(nai);
  const p = e.pending!;
  if (p.kind === 'deregistration') {
    d.note(`No reply to the de-registration of ${nai}: ${d.config.name} removes its visitor entry anyway.`, 'RFC 5944 §3.7.3.2');
    d.forget(nai);
    return;
  }
  if (p.tries >= d.config.maxRequests) {
    if (p.kind === 'registration') {
      d.set(nai, { state: 'rejected', reason: 'no reply from the home agent', pending: undefined, waiting: [] });
      d.note(`No reply after ${p.tries} requests: ${d.config.name} gives up on ${nai}.`, 'RFC 5944 §3.6.3');
    } else {
      d.set(nai, { state: 'lapsing', pending: undefined });
      d.note(`No reply after ${p.tries} re-registrations: ${nai}'s binding ends when its lifetime does.`, 'RFC 5944 §3.6.3');
    }
    return;
  }
  d.sendRequest(nai, p.kind, { homeAddress: p.homeAddress, homeAgentField: p.homeAgentField, destination: p.destination, lifetime: p.lifetime });
  d.note(`No reply within ${p.timeoutMs / 1000} s: ${d.config.name} sends the request again, with a new Identification (a retransmission counts as a new registration) and twice the wait.`, 'RFC 5944 §3.6.3');
}

/**
 * RFC 5563 §4.1.2 step 1: before the lifetime ends, re-register with the assigned home address. An
 * integrated PMA MUST first confirm the device is still attached (§4.4); one that does not tells
 * the home agent the device is here when it has gone (the stale re-registration).
 */
export function reregister(d: Draft, nai: string): void {
  d.fired(nai, 'renew');
  const e = d.entry(nai);
  if (!e.attached && d.config.confirmsAttachment) {
    d.set(nai, { state: 'lapsing' });
    d.note(
      `Time to re-register ${nai}, but ${d.config.name} cannot confirm it is still attached: it sends no request and lets the binding end (at ${((e.expiresUs ?? d.now) / 1e6).toFixed(3)} s).`,
      'RFC 5563 §4.4, §8',
    );
    return;
  }
  d.set(nai, { state: 'reregistering' });
  d.sendRequest(nai, 'renewal', { homeAddress: e.homeAddress!, homeAgentField: e.homeAgent!, destination: e.homeAgent!, lifetime: lifetimeFor(d, e) });
  if (!e.attached) {
    d.note(
      `${d.config.name} re-registers ${nai} without confirming that it is still attached. It has moved on: the home agent will be told it is here again.`,
      'RFC 5563 §4.4 (what an integrated PMA must not do)',
    );
    return;
  }
  d.note(`Re-registration before the lifetime ends: same home agent and care-of address, home address field = the assigned ${e.homeAddress}.`, 'RFC 5563 §4.1.2 step 1; RFC 5944 §3.6.1');
}

/** The device left (a link-layer detach): de-register its binding (lifetime 0), or just forget it. */
export function deregister(d: Draft, nai: string): void {
  const e = d.entry(nai);
  d.stopTimer(nai, 'renew');
  d.stopTimer(nai, 'reply');
  d.set(nai, { state: 'deregistering', pending: undefined, attached: false, waiting: [] });
  d.sendRequest(nai, 'deregistration', { homeAddress: e.homeAddress!, homeAgentField: e.homeAgent!, destination: e.homeAgent!, lifetime: 0 });
  d.note(`${nai} has left ${e.iface}: ${d.config.name} de-registers its care-of address with a request of lifetime 0.`, 'RFC 5563 §4.1; RFC 5944 §3.8.2.2');
}

export function completeDeregistration(d: Draft, v: Extract<ReplyVerdict, { kind: 'deregistered' }>): void {
  d.stopTimer(v.nai, 'reply');
  d.note(v.reply.code === 0 ? `The home agent confirms the de-registration of ${v.nai}.` : `The home agent answers the de-registration with ${codeText(v.reply.code)}; the device is gone all the same.`, 'RFC 5944 §3.8.2.2');
  d.forget(v.nai);
}

export function acceptReply(d: Draft, v: Extract<ReplyVerdict, { kind: 'accepted' }>): void {
  d.stopTimer(v.nai, 'reply');
  establishBinding(d, v.nai, v.reply);
}

/**
 * RFC 5944 §3.6.2.3, §5.7.1; RFC 5563 §4.4, seed 000 §4.4: 133 carries the home agent's time in the
 * high-order 32 bits. The low-order bits matched the request, so the PMA sets its clock from them and
 * sends the request again with an Identification the home agent will take.
 */
export function resynchroniseAndRetry(d: Draft, v: Extract<ReplyVerdict, { kind: 'resynchronise' }>): void {
  d.stopTimer(v.nai, 'reply');
  const p = d.entry(v.nai).pending!;
  const before = d.clock.offsetUs;
  d.clock = { ...d.clock, offsetUs: resynchronisedOffset(d.clock, d.now, v.reply.identification) };
  d.lastIdentification = undefined;
  d.note(
    `Reply 133: the Identification was not acceptable. Its high-order 32 bits are the home agent's clock (${ntpText(v.reply.identification & ~0xffffffffn)}); ${d.config.name} moves its own clock by ${((d.clock.offsetUs - before) / 1e6).toFixed(3)} s and tries again.`,
    'RFC 5944 §5.7.1, §3.6.2.3; RFC 5563 §4.4; seed 000 §4.4',
  );
  d.set(v.nai, { pending: undefined });
  d.sendRequest(v.nai, p.kind, { homeAddress: p.homeAddress, homeAgentField: p.homeAgentField, destination: p.destination, lifetime: p.lifetime, resynchronised: true });
}

/** RFC 5563 §8.1: "A PMA receiving these error codes SHOULD NOT retry sending Proxy Mobile IPv4 messages to the HA". */
export function stopProxyRegistrations(d: Draft, v: Extract<ReplyVerdict, { kind: 'disallowed' }>): void {
  const e = d.entry(v.nai);
  d.stopTimer(v.nai, 'reply');
  d.refusedBy[e.pending!.destination] = v.reply.code;
  d.set(v.nai, { state: 'rejected', reason: `home agent answered ${v.reply.code}`, pending: undefined, waiting: [] });
  d.note(
    `Reply ${codeText(v.reply.code)}: ${d.config.name} will not send proxy registrations to ${e.pending!.destination} again, for this device or any other. ${v.nai} gets no address.`,
    'RFC 5563 §8.1; seed 000 §8.1',
  );
}

/** RFC 5944 §3.6.2.3: denied. The device gets no address; a renewal's denial ends the binding. */
export function denyService(d: Draft, v: Extract<ReplyVerdict, { kind: 'denied' }>): void {
  const e = d.entry(v.nai);
  const p = e.pending!;
  d.stopTimer(v.nai, 'reply');
  if (p.kind === 'renewal') {
    d.note(`The home agent refuses to renew ${v.nai}: ${codeText(v.reply.code)}. ${d.config.name} removes its visitor entry.`, 'RFC 5944 §3.7.3.2');
    d.forget(v.nai);
    return;
  }
  d.set(v.nai, { state: 'rejected', reason: codeText(v.reply.code), pending: undefined, waiting: [] });
  const auth = v.reply.code === 131 || v.reply.code === 132;
  d.note(
    `Reply ${codeText(v.reply.code)}: the home agent refuses ${v.nai}. ${d.config.name} hands out no address${auth ? ' and logs a security exception: the key it was given is not the one the home agent holds, so trying again cannot help' : ''}.`,
    auth ? 'RFC 5944 §3.6.2.1, §3.8.2.1' : 'RFC 5944 §3.6.2.3; RFC 5563 §4.1.1 step 4',
  );
}

export function ignoreReply(d: Draft, v: Extract<ReplyVerdict, { kind: 'unmatched' | 'forged' }>): void {
  d.note(`${d.config.name} silently discards a Registration Reply: ${v.why}.`, v.kind === 'forged' ? 'RFC 5944 §3.6.2.1, §3.7.3.1' : 'RFC 5944 §3.7.3.1');
}
