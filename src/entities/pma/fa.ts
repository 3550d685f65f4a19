import { isDynamicHomeAgent, type ReplyFacts } from '../../protocols/pmipv4/registration';
import type { Draft } from './draft';
import type { RevocationVerdict } from './judge';
import { movementAckPacket, revocationAckPacket } from './messages';
import type { PmaEvent } from './types';
import { RENEW_AT_FRACTION } from './types';

/*
 * The foreign agent side of the PMA (RFC 5563 §2, §4.2): the visitor entry and the tunnel once the
 * home agent accepts, their end when the lifetime runs out, and Registration Revocation (RFC 3543,
 * RFC 5563 §4.1.4): the home agent tells the previous PMA that the device has moved, the PMA removes
 * the visitor entry, then acknowledges.
 */

const at = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

/**
 * RFC 5563 §4.1.1 step 4, §4.2: the reply accepts. The visitor entry takes the home address and the
 * home agent (from the reply when it was discovered, §4.6), the lifetime counts from when the
 * request was sent (RFC 5944 §3.6.1.3), and traffic flows through the tunnel. Then the device gets
 * its answers (step 5, nas.ts).
 */
export function establishBinding(d: Draft, nai: string, reply: ReplyFacts): void {
  const e = d.entry(nai);
  const p = e.pending!;
  const discovered = isDynamicHomeAgent(p.homeAgentField);
  const homeAgent = discovered ? reply.homeAgent : p.destination;
  const expiresUs = p.sentUs + reply.lifetime * 1e6;
  const revocation = p.withRevocation && reply.revocation !== undefined;
  const greKeys = e.greKeys ? { ...e.greKeys, ...(reply.greKey === undefined ? {} : { toHa: reply.greKey }) } : undefined;
  d.set(nai, {
    state: 'registered',
    homeAddress: reply.homeAddress,
    homeAgent,
    lifetimeSeconds: reply.lifetime,
    expiresUs,
    identification: p.identifications.at(-1)!,
    revocation,
    pending: undefined,
    ...(greKeys ? { greKeys } : {}),
  });
  d.install(nai);
  d.startTimer(nai, 'renew', Math.max(0, p.sentUs + reply.lifetime * RENEW_AT_FRACTION * 1e6 - d.now) / 1000);
  d.startTimer(nai, 'lifetime', Math.max(0, expiresUs - d.now) / 1000);
  if (p.kind === 'renewal') {
    d.note(`Reply 0: ${nai}'s binding is extended by ${reply.lifetime} s, until ${at(expiresUs)}.`, 'RFC 5563 §4.1.2 step 2');
  } else {
    const tunnel = e.encapsulation === 'gre' ? `GRE (key ${greKeys?.toHa ?? 'none'} towards the home agent, ${greKeys?.toPma} back)` : 'IP-in-IP';
    d.note(
      `4. Reply 0: home address ${reply.homeAddress} for ${reply.lifetime} s. ${d.config.name} adds the visitor entry and the ${tunnel} tunnel to ${homeAgent}: traffic from ${reply.homeAddress} goes into the tunnel and ${reply.homeAddress} is routed to ${e.iface}.${revocation ? ' Both sides support Registration Revocation.' : ''}`,
      'seed 000 §4.1.1 step 4, §4.2; RFC 5563 §4.1.1 step 4, §4.2.1',
    );
    if (discovered) d.note(`The reply names the home agent: ${homeAgent}. ${d.config.name} registers with it from now on.`, 'RFC 5563 §4.6; RFC 5944 §3.6.2.3');
  }
}

/** RFC 5944 §3.7.1: the visitor entry's lifetime ran out without a renewal. */
export function expireVisitor(d: Draft, nai: string): void {
  d.fired(nai, 'lifetime');
  d.note(`${nai}'s registration lifetime ended: ${d.config.name} removes the visitor entry, its routes and its share of the tunnel.`, 'RFC 5944 §3.7.1; RFC 5563 §7');
  d.forget(nai);
}

/** RFC 3543 §4.2.2.2, seed 000 Fig. 2 steps 4-5: remove the visitor entry, then acknowledge to the revocation's source. */
export function revokeBinding(d: Draft, v: RevocationVerdict, from: { address: string; port: number }): void {
  if (v.kind !== 'revoke') return;
  d.revocations[v.key] = v.facts.revocationId;
  if (v.entry) {
    d.forget(v.entry.nai);
    d.note(
      `4. Registration Revocation from ${from.address} for ${v.facts.homeAddress}: the device has registered elsewhere. ${d.config.name} removes its visitor entry, routes and tunnel share.`,
      'seed 000 Fig. 2 step 4; RFC 5563 §4.1.4 step 2; RFC 3543 §4.2.2.2',
    );
  } else {
    d.note(`A revocation for ${v.facts.homeAddress}, which ${d.config.name} no longer has: it acknowledges so the home agent stops sending it.`, 'RFC 3543 §4.2.2.2');
  }
  const faHa = d.config.faHa[from.address]!;
  const ack = revocationAckPacket(d.config, from, { homeAddress: v.facts.homeAddress, revocationId: v.facts.revocationId, nai: v.facts.nai, faHa });
  d.emit({ type: 'tx', packet: ack.packet, hints: ack.hints });
  d.note(`5. Revocation Acknowledgement with the same Home Address and Revocation Identifier, FA-HA authenticated.`, 'seed 000 Fig. 2 step 5; RFC 5563 §4.1.4 step 3; RFC 3543 §3.4');
}

export function discardRevocation(d: Draft, v: RevocationVerdict): void {
  if (v.kind === 'discard') d.note(`${d.config.name} silently discards a Registration Revocation: ${v.why}.`, 'RFC 3543 §3.3, §3.5');
}

/** The link layer lost the device without a detach; the entry stays until it is revoked or expires (RFC 5563 §4.4). */
export function noteDeviceLost(d: Draft, nai: string): void {
  const e = d.set(nai, { attached: false });
  d.note(
    `${d.config.name} no longer sees ${nai} on ${e.iface}, but had no detach indication: its visitor entry stays until the home agent revokes it or its lifetime ends.`,
    'RFC 5563 §4.1.4, §4.4',
  );
}

/** The device left before anything was registered: the entry just goes. */
export function forgetDevice(d: Draft, nai: string): void {
  const e = d.entry(nai);
  d.forget(nai);
  d.note(`${nai} has left before it was registered (${e.state}): ${d.config.name} forgets it.`, 'RFC 5944 §3.7.1');
}

/**
 * RFC 5563 §11.1 step 4 (3GPP2, lab encoding): the AGW says the device now registers through
 * another BS. The old BS removes its visitor entry, routes and tunnel share, then answers, so the
 * AGW can commit the new binding (step 5).
 */
export function releaseMovedDevice(d: Draft, ev: Extract<PmaEvent, { type: 'rx.movement' }>): void {
  const m = ev.message;
  const nai = m.nai as string;
  const e = d.visitors[nai];
  const known = e !== undefined && e.homeAddress === m.homeAddress;
  if (known) {
    d.forget(nai);
    d.note(`4. Movement notification from the AGW: ${nai} is now served by ${m.newCareOf as string}. ${d.config.name} removes its visitor entry, routes and tunnel share, and answers.`, 'RFC 5563 §11.1 step 4');
  } else {
    d.note(`A movement notification for ${nai}, which ${d.config.name} no longer serves: it answers so the AGW can commit.`, 'RFC 5563 §11.1 step 4');
  }
  const ack = movementAckPacket(d.config, ev.src, { sequence: m.sequence as number, homeAddress: m.homeAddress as string, previousCareOf: m.previousCareOf as string, newCareOf: m.newCareOf as string, nai, known });
  d.emit({ type: 'tx', packet: ack });
}
