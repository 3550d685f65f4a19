import { NETLMM_STATUS, notification } from '../../wire/netlmm';
import type { RadiusPacket } from '../../wire/radius';
import type { ClientRun } from './run';
import { keyFromAccept, keyRequestPacket } from './security';
import { cite, type HeldTrigger } from './types';

/*
 * Appendix C at the client, as rules: a Trigger for an MN the client holds no key for waits while
 * the key is fetched (RFC 2865 §2.4: the request goes again if no answer comes), then goes on.
 */

const RADIUS_TIMEOUT_MS = 1000;
const RADIUS_TRIES = 3;
const timerId = (mnId: string): string => `radius:${mnId}`;

function request(run: ClientRun, mnId: string, id: number, authenticator: Uint8Array): void {
  const aaa = run.ctx.config.aaa!;
  const r = keyRequestPacket({ nai: mnId, nas: aaa.nasAddress, server: aaa.address, name: run.ctx.config.name, id, authenticator, secret: aaa.secret });
  run.tx(r.packet, { hints: r.hints });
  run.start({ type: 'timer.radiusRetransmit', mnId }, timerId(mnId), RADIUS_TIMEOUT_MS);
}

/** True when the Trigger must wait for the MN's key (Appendix C: the SA exists before the first PBU). */
export function holdForKey(run: ClientRun, t: HeldTrigger): boolean {
  const c = run.ctx;
  if (!c.config.aaa || c.cache[t.mnId]) return false;
  const k = c.keys[t.mnId];
  if (k?.state === 'ready') return false;
  if (k?.state === 'fetching') {
    c.keys = { ...c.keys, [t.mnId]: { ...k, trigger: t } };
    return true;
  }
  const id = c.nextRadiusId;
  c.nextRadiusId = (id + 1) & 0xff;
  const authenticator = Uint8Array.from({ length: 16 }, () => c.env.random() & 0xff);
  c.keys = { ...c.keys, [t.mnId]: { state: 'fetching', id, authenticator, trigger: t, tries: 1 } };
  run.note(
    `The client holds no key for ${t.mnId}: its AAA client asks the local AAA server for the MN-specific key before any PBU.`,
    cite('Appendix C, §4.3'),
  );
  request(run, t.mnId, id, authenticator);
  return true;
}

/** The AAA's answer; gives back the Trigger that was waiting, when the key is now there. */
export function onKeyAnswer(run: ClientRun, src: string, response: RadiusPacket, accepted: boolean): HeldTrigger | undefined {
  const c = run.ctx;
  const aaa = c.config.aaa;
  const found = Object.entries(c.keys).find(([, k]) => k.state === 'fetching' && k.id === response.id);
  if (!aaa || src !== aaa.address || !found) return undefined;
  const [mnId, k] = found;
  if (k.state !== 'fetching') return undefined;
  const key = accepted ? keyFromAccept(response, aaa.secret, k.authenticator) : undefined;
  if (accepted && !key) {
    run.note(`The answer for ${mnId} does not authenticate under the shared secret, or holds no key: ignored.`, 'RFC 2865 §3; RFC 3579 §3.2');
    return undefined;
  }
  run.cancel(timerId(mnId));
  if (!key) {
    c.keys = { ...c.keys, [mnId]: { state: 'refused' } };
    run.note(`The AAA server refuses to give the client a key for ${mnId}: the client may not send PBUs for it.`, cite('Appendix C'));
    run.send(k.trigger.mag, notification({ transaction: k.trigger.transaction, status: NETLMM_STATUS.NotAuthorized }));
    return undefined;
  }
  c.keys = { ...c.keys, [mnId]: { state: 'ready', ...key } };
  run.note(
    `The AAA server gives the client the key for ${mnId} (SPI ${key.spi}), sealed with their shared secret. From now on it authenticates the PBUs for this MN, and the LMA will fetch the same key to check them.`,
    cite('Appendix C'),
  );
  return k.trigger;
}

export function onKeyTimeout(run: ClientRun, mnId: string): void {
  const c = run.ctx;
  const k = c.keys[mnId];
  if (k?.state !== 'fetching') return;
  if (k.tries >= RADIUS_TRIES) {
    c.keys = { ...c.keys, [mnId]: { state: 'refused' } };
    run.note(`No answer from the AAA server for ${mnId}: the client cannot get the key and tells the MAG.`, 'RFC 2865 §2.4');
    run.send(k.trigger.mag, notification({ transaction: k.trigger.transaction, status: NETLMM_STATUS.NotAuthorized }));
    return;
  }
  c.keys = { ...c.keys, [mnId]: { ...k, tries: k.tries + 1 } };
  request(run, mnId, k.id, k.authenticator);
}
