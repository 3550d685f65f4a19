import { ipv4Packet } from '../../wire/ipv4';
import type { LayerValue } from '../../wire/core';
import { MOVEMENT_PORT, MOVEMENT_STATUS, MOVEMENT_TYPE } from '../../wire/movement';
import type { MobilityBinding } from '../../protocols/pmipv4/bindings';
import { begin, leave, note } from './steps';
import type { HaContext, HaEvent, PendingMovement, Step } from './types';

/*
 * The 3GPP2 handover without revocation (RFC 5563 §11.1, Fig. 11): the AGW (home agent) keeps the
 * updated binding tentative (step 2), answers the new BS (step 3), exchanges a movement notification
 * with the old BS (step 4, a lab encoding: src/wire/movement.ts) and then commits (step 5). The RFC
 * says the notification "may" be exchanged, so an old BS that never answers does not block the
 * commit: after MAX_MOVEMENT_TRANSMISSIONS unanswered notifications the AGW commits on its own.
 */

export const MOVEMENT_TIMEOUT_MS = 500;
export const MAX_MOVEMENT_TRANSMISSIONS = 3;
export const movementTimerId = (nai: string): string => `movement:${nai}`;

function sendNotification(c: HaContext, s: Step, m: PendingMovement): void {
  const payload: LayerValue = {
    proto: 'pmamove',
    type: MOVEMENT_TYPE.Notification,
    status: 0,
    sequence: m.sequence,
    homeAddress: m.homeAddress,
    previousCareOf: m.previousCareOf,
    newCareOf: m.newCareOf,
    nai: m.nai,
  };
  const udp: LayerValue = { proto: 'udp', srcport: MOVEMENT_PORT, dstport: MOVEMENT_PORT, payload };
  s.effects.push({ type: 'tx', packet: ipv4Packet({ src: c.config.address, dst: m.previousCareOf, payload: udp }) });
  s.timers.push({ op: 'start', id: movementTimerId(m.nai), event: { type: 'timer.movement', nai: m.nai }, delayMs: m.timeoutMs });
}

/** Step 4: tell the previous BS that the device has moved to `b.careOf`. */
export function notifyPrevious(c: HaContext, s: Step, b: MobilityBinding, previousCareOf: string): void {
  s.movementSequence = (s.movementSequence + 1) >>> 0;
  const m: PendingMovement = { nai: b.nai, sequence: s.movementSequence, homeAddress: b.homeAddress, previousCareOf, newCareOf: b.careOf, tries: 1, timeoutMs: MOVEMENT_TIMEOUT_MS };
  s.movements = { ...s.movements, [b.nai]: m };
  sendNotification(c, s, m);
  note(s, `4. The AGW sends the previous BS ${previousCareOf} a PMA movement notification for ${b.nai} (sequence ${m.sequence}; a lab encoding, the 3GPP2 message is proprietary). No Registration Revocation is used.`, 'RFC 5563 §11.1 steps 3, 4');
}

/** Step 5: the binding is final; the previous BS's tunnel share goes. */
function commit(s: Step, nai: string, why: string): void {
  const b = s.bindings[nai];
  if (b?.state !== 'tentative') return;
  if (b.replaces && b.replaces.tunnel !== b.tunnel) leave(s, nai, b.replaces.tunnel);
  const { replaces: _old, ...rest } = b;
  s.bindings = { ...s.bindings, [nai]: { ...rest, state: 'active' } };
  note(s, `5. ${why}: the AGW commits the binding of ${nai} to ${b.careOf}.`, 'RFC 5563 §11.1 step 5');
}

/** A binding that goes, or moves again, takes its pending notification with it. */
export function forgetMovement(s: Step, b: MobilityBinding): void {
  if (b.state === 'tentative' && b.replaces && b.replaces.tunnel !== b.tunnel) leave(s, b.nai, b.replaces.tunnel);
  if (!s.movements[b.nai]) return;
  const { [b.nai]: _gone, ...rest } = s.movements;
  s.movements = rest;
  s.timers.push({ op: 'cancel', id: movementTimerId(b.nai) });
}

/** The old BS's answer: it matches the notification sent to it by sequence and home address. */
export function takeMovementAck(c: HaContext, ev: Extract<HaEvent, { type: 'rx.movementAck' }>): Step {
  const s = begin(c);
  const a = ev.message;
  const m = Object.values(c.movements).find((x) => x.previousCareOf === ev.src && x.sequence === a.sequence && x.homeAddress === a.homeAddress);
  if (!m || a.type !== MOVEMENT_TYPE.Acknowledgement) {
    note(s, `The AGW discards a movement answer from ${ev.src}: it matches no notification it is waiting on.`, 'RFC 5563 §11.1 step 4');
    return s;
  }
  const { [m.nai]: _gone, ...rest } = s.movements;
  s.movements = rest;
  s.timers.push({ op: 'cancel', id: movementTimerId(m.nai) });
  const status = a.status === MOVEMENT_STATUS.Accepted ? 'the previous BS has released its resources' : 'the previous BS no longer knows the device';
  commit(s, m.nai, `The movement notification is answered (${status})`);
  return s;
}

/** No answer: send again, and after the last try commit anyway (the exchange is optional). */
export function retransmitMovement(c: HaContext, nai: string): Step {
  const s = begin(c);
  const m = c.movements[nai]!;
  if (m.tries >= MAX_MOVEMENT_TRANSMISSIONS) {
    const { [nai]: _gone, ...rest } = s.movements;
    s.movements = rest;
    commit(s, nai, `No answer from the previous BS ${m.previousCareOf} after ${m.tries} notifications`);
    return s;
  }
  const next: PendingMovement = { ...m, tries: m.tries + 1, timeoutMs: m.timeoutMs * 2 };
  s.movements = { ...s.movements, [nai]: next };
  sendNotification(c, s, next);
  note(s, `No answer yet from ${m.previousCareOf}: the AGW sends the movement notification again; the binding stays tentative.`, 'RFC 5563 §11.1 step 4');
  return s;
}
