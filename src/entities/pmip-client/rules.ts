import type { BindingAck } from '../../wire/mh';
import { conflictReply, conflictRequest, NETLMM_OPTION, NETLMM_STATUS, notification, type NetlmmValue } from '../../wire/netlmm';
import { answersConflict, decideTrigger, holderOf, type CacheEntry } from '../../protocols/netlmm/client-cache';
import { clientPbuPacket, HI, readPba } from '../../protocols/netlmm/client-pbu';
import { authenticatedPbu } from './security';
import type { ClientRun } from './run';
import { cite, type HeldTrigger, type PendingPbu } from './types';

/*
 * The PMIP client's rules (seed 003 §4.7, §4.9, Appendix B), each a function of the run it works
 * on. The machine (pmip-client.ts) says which rule an event goes to.
 */

const retransmitId = (mnId: string): string => `pbu:${mnId}`;

/** The Trigger's fields as the client keeps them. */
export function heldTrigger(from: string, m: NetlmmValue): HeldTrigger | undefined {
  const opt = (type: number) => m.options?.find((o) => o.type === type);
  const id = opt(NETLMM_OPTION.L2Id)?.mnId as Uint8Array | undefined;
  if (!id) return undefined;
  const pHoA = opt(NETLMM_OPTION.IpAddress)?.address as string | undefined;
  return { mag: from, transaction: m.transaction, mnId: new TextDecoder().decode(id), ...(pHoA ? { pHoA } : {}), stateless: m.word?.stateless === true };
}

function answer(run: ClientRun, t: HeldTrigger, status: number, pba?: BindingAck): void {
  run.send(t.mag, notification({ transaction: t.transaction, status, ...(pba ? { pba } : {}) }));
}

/** §4.7: what the cache says about this Trigger, and the PBU, the peers' check or the error it leads to. */
export function onTrigger(run: ClientRun, t: HeldTrigger): void {
  const c = run.ctx;
  const d = decideTrigger(c.cache, t, c.config.peers.length > 0);
  const who = `${t.mnId}${t.pHoA ? ` (pHoA ${t.pHoA})` : ''}`;
  switch (d.kind) {
    case 'unknown':
      run.note(`Trigger from ${t.mag} for ${who}: ${d.why}, so the client cannot bind it.`, cite('§4.7'));
      return answer(run, t, NETLMM_STATUS.UnknownMn);
    case 'mismatch':
      run.note(
        `Trigger from ${t.mag}: ${t.mnId} is cached with pHoA ${d.entry.pHoA}, the Trigger says ${d.given}. The combination does not exist: an error goes back to the MAG and no PBU is sent.`,
        cite('§4.7, §4.2 step 2'),
      );
      return answer(run, t, NETLMM_STATUS.PhoaMismatch);
    case 'conflict':
      run.note(`${d.pHoA} configured by ${t.mnId} is already held by ${d.holder} in the client's cache: "address conflict detected".`, cite('Appendix B'));
      return answer(run, t, NETLMM_STATUS.AddressConflict);
    case 'initial':
      if (d.checkPeers) return askPeers(run, t, d.pHoA);
      run.note(`No cache entry for ${t.mnId}: an initial attachment to the LMD. The client binds ${d.pHoA} to ${t.mag}.`, cite('§4.7, §4.1 step 4'));
      return sendPbu(run, t, 'initial', d.pHoA);
    case 'handoff':
      run.note(`${t.mnId} with ${d.pHoA} is in the cache, bound to ${d.entry.pCoA ?? 'no MAG yet'}: it moved to ${t.mag}. A new PBU binds the pHoA to the new pCoA.`, cite('§4.2 steps 2-3, §4.7'));
      return sendPbu(run, t, 'handoff', d.pHoA);
    case 'refresh':
      run.note(`${t.mag} still serves ${t.mnId}: the client refreshes the binding before its lifetime ends.`, cite('§4.7; RFC 6275 §11.7.1'));
      return sendPbu(run, t, 'refresh', d.pHoA);
  }
}

/** Appendix B: "the PMIP client sends a 'conflict detection request' to other PMIP clients". */
function askPeers(run: ClientRun, t: HeldTrigger, pHoA: string): void {
  const waiting: Record<number, string> = {};
  for (const peer of run.ctx.config.peers) {
    const transaction = run.ctx.nextTransaction;
    run.ctx.nextTransaction = (transaction + 1) >>> 0;
    waiting[transaction] = peer;
    run.send(peer, conflictRequest({ transaction, mnId: t.mnId, pHoA }));
  }
  run.ctx.checks = { ...run.ctx.checks, [t.mnId]: { trigger: t, pHoA, waiting } };
  run.note(`${t.mnId} configured ${pHoA} itself (stateless): no other MN holds it here, so the client asks the other PMIP clients of the LMD.`, cite('Appendix B'));
}

/** Appendix B: another client asks; "conflict detected" when another identifier holds the address here (or is being checked for it). */
export function onConflictRequest(run: ClientRun, from: string, m: NetlmmValue): void {
  const t = heldTrigger(from, m);
  if (!t?.pHoA) return;
  const checking = Object.values(run.ctx.checks).some((c) => c.pHoA === t.pHoA && c.trigger.mnId !== t.mnId);
  const conflict = answersConflict(run.ctx.cache, t.mnId, t.pHoA) || checking;
  const holder = holderOf(run.ctx.cache, t.pHoA, t.mnId);
  run.note(
    conflict
      ? `${from} asks about ${t.pHoA} for ${t.mnId}: ${holder ?? 'an MN being checked here'} holds it, so the answer is "conflict detected".`
      : `${from} asks about ${t.pHoA} for ${t.mnId}: no MN here holds it, "no conflict".`,
    cite('Appendix B'),
  );
  run.send(from, conflictReply({ transaction: m.transaction, conflict }));
}

export function onConflictReply(run: ClientRun, from: string, m: NetlmmValue): void {
  const entry = Object.entries(run.ctx.checks).find(([, c]) => c.waiting[m.transaction] === from);
  if (!entry) return;
  const [mnId, check] = entry;
  const status = m.options?.find((o) => o.type === NETLMM_OPTION.Status)?.status;
  const { [mnId]: _done, ...others } = run.ctx.checks;
  if (status === NETLMM_STATUS.AddressConflict) {
    run.ctx.checks = others;
    run.note(`${from} answers "conflict detected" for ${check.pHoA}: the client tells the MAG, with no PBU.`, cite('Appendix B'));
    return answer(run, check.trigger, NETLMM_STATUS.AddressConflict);
  }
  const { [m.transaction]: _answered, ...waiting } = check.waiting;
  if (Object.keys(waiting).length > 0) {
    run.ctx.checks = { ...others, [mnId]: { ...check, waiting } };
    return;
  }
  run.ctx.checks = others;
  run.note(`Every other PMIP client answers "no conflict": ${check.pHoA} is unique in the LMD, and the client sends the PBU.`, cite('Appendix B'));
  sendPbu(run, check.trigger, 'initial', check.pHoA);
}

/** A conflict request the peer never got: as with DAD, silence counts as no conflict. */
export function onRequestLost(run: ClientRun, to: string, m: NetlmmValue): void {
  const entry = Object.entries(run.ctx.checks).find(([, c]) => c.waiting[m.transaction] === to);
  if (!entry) return;
  run.note(`${to} cannot be reached: its silence counts as "no conflict", as a Duplicate Address Detection with no answer does.`, cite('Appendix B; RFC 4862 §5.4'));
  onConflictReply(run, to, conflictReply({ transaction: m.transaction, conflict: false }));
}

const HI_FOR = { initial: HI.NewAttachment, handoff: HI.BetweenMags, refresh: HI.Unchanged } as const;

/** §4.1 step 4, §4.2 step 3: the PBU, a sequence number above the last one for this MN (RFC 6275 §9.5.1). */
export function sendPbu(run: ClientRun, t: HeldTrigger, kind: PendingPbu['kind'], pHoA: string): void {
  const c = run.ctx;
  const old = c.pending[t.mnId];
  if (old) {
    run.cancel(retransmitId(t.mnId));
    run.note(`A newer Trigger for ${t.mnId} from ${t.mag} replaces the one from ${old.trigger.mag} still waiting for the LMA.`, cite('§4.7'));
  }
  const entry = c.cache[t.mnId];
  const seq = entry && entry.state !== 'refused' ? (entry.seq + 1) & 0xffff : c.env.random() & 0xffff;
  const next: CacheEntry = entry && entry.state !== 'refused' ? { ...entry, seq } : { mnId: t.mnId, pHoA, seq, state: 'registering' };
  c.cache = { ...c.cache, [t.mnId]: next };
  const pending: PendingPbu = { trigger: t, kind, pHoA, seq, hi: HI_FOR[kind], tries: 1 };
  c.pending = { ...c.pending, [t.mnId]: pending };
  transmit(run, pending);
}

function transmit(run: ClientRun, p: PendingPbu): void {
  const c = run.ctx;
  const pbu = {
    client: c.config.address, lmaa: c.config.lmaa, mnId: p.trigger.mnId, pHoA: p.pHoA, pCoA: p.trigger.mag,
    seq: p.seq, lifetimeSeconds: c.config.lifetimeSeconds, hi: p.hi, att: c.config.att,
  };
  const key = c.keys[p.trigger.mnId];
  run.tx(key?.state === 'ready' ? authenticatedPbu(pbu, key) : clientPbuPacket(pbu));
  const delay = c.config.initialBindackTimeoutMs * 2 ** (p.tries - 1);
  run.start({ type: 'timer.pbuRetransmit', mnId: p.trigger.mnId }, retransmitId(p.trigger.mnId), delay);
}

/** RFC 6275 §11.8: no acknowledgement in time; again with a new sequence number and twice the wait, a few times. */
export function onPbuTimeout(run: ClientRun, mnId: string): void {
  const c = run.ctx;
  const p = c.pending[mnId];
  if (!p) return;
  if (p.tries >= c.config.maxPbuTransmissions) {
    const { [mnId]: _gone, ...pending } = c.pending;
    c.pending = pending;
    if (p.kind === 'initial') c.cache = { ...c.cache, [mnId]: { ...c.cache[mnId]!, state: 'refused' } };
    run.note(`The LMA did not answer ${p.tries} PBUs for ${mnId}: the client gives up and tells the MAG.`, 'RFC 6275 §11.8');
    return answer(run, p.trigger, NETLMM_STATUS.NoAnswer);
  }
  const seq = (p.seq + 1) & 0xffff;
  const again: PendingPbu = { ...p, seq, tries: p.tries + 1 };
  c.pending = { ...c.pending, [mnId]: again };
  c.cache = { ...c.cache, [mnId]: { ...c.cache[mnId]!, seq } };
  run.note(`No PBA for ${mnId} in time: the client sends the PBU again with sequence number ${seq}.`, 'RFC 6275 §11.8');
  transmit(run, again);
}

/** §4.1 steps 5-6, §4.9: check the PBA, update the cache, and hand the PBA to the MAG in a Notification. */
export function onPba(run: ClientRun, src: string, pba: BindingAck): void {
  const c = run.ctx;
  const facts = readPba(pba);
  const found = Object.entries(c.pending).find(([mnId, p]) => p.seq === facts.seq && (facts.mnId === undefined || facts.mnId === mnId));
  if (!found || src !== c.config.lmaa) {
    run.note(`A PBA (sequence ${facts.seq}) from ${src} answers no PBU waiting here: ignored.`, 'RFC 6275 §11.7.3');
    return;
  }
  const [mnId, p] = found;
  run.cancel(retransmitId(mnId));
  const { [mnId]: _done, ...pending } = c.pending;
  c.pending = pending;
  const entry = c.cache[mnId]!;
  if (facts.status < 128) {
    c.cache = {
      ...c.cache,
      [mnId]: { ...entry, pCoA: p.trigger.mag, state: 'registered', lifetimeSeconds: facts.lifetimeSeconds, expiresUs: run.now + facts.lifetimeSeconds * 1e6 },
    };
    run.note(`The LMA accepts: ${p.pHoA} is bound to ${p.trigger.mag} for ${facts.lifetimeSeconds} s. The client passes the PBA to the MAG in a Notification (transaction ${p.trigger.transaction}).`, cite('§4.1 step 6, §4.9.2'));
    return answer(run, p.trigger, NETLMM_STATUS.Success, pba);
  }
  if (p.kind === 'initial') c.cache = { ...c.cache, [mnId]: { ...entry, state: 'refused' } };
  run.note(`The LMA refuses the PBU for ${mnId} with status ${facts.status}: the MAG learns it from the PBA in the Notification.`, cite('§4.7, §4.9'));
  answer(run, p.trigger, NETLMM_STATUS.RejectedByLma, pba);
}
