import type { LayerValue } from '../../wire/core';
import { findOption, type BindingAck } from '../../wire/mh';
import { NETLMM_OPTION, NETLMM_STATUS, trigger, type NetlmmValue } from '../../wire/netlmm';
import { defendAddress } from './access';
import { forwardingTunnel, joinTunnel, LMA_TUNNEL, leaveTunnel, removeRoutes, routeToAccess, uplinkThrough } from './data-plane';
import { cite, identifyId, setEntry, type MagEntry, type MagRun } from './types';

/*
 * The MAG's side of the MAG–PMIP client protocol (seed 003 §4.9): a Trigger when an MN has
 * associated (§4.1 step 3, §4.2 step 2) and, the lab adds, again before the binding's lifetime
 * ends while the MN stays; and what it does with the Notification matched to it by the
 * Transaction Number: with the PBA accepted, "the MAG creates the appropriate tunnel state required
 * for tunneling and de-tunneling of bearer packets between MAG and LMA" (§4.9).
 */

const refreshId = (mnId: string): string => `refresh:${mnId}`;

export function sendTrigger(run: MagRun, e: MagEntry, why: 'attach' | 'handoff' | 'refresh' | 'identify'): void {
  const transaction = run.ctx.nextTransaction;
  run.ctx.nextTransaction = (transaction + 1) >>> 0;
  const stateless = run.ctx.config.addressing === 'stateless' && why === 'attach';
  if (why === 'attach') run.cancel(identifyId(e.mnId));
  setEntry(run, { ...e, state: e.state === 'serving' ? 'serving' : 'triggered', transaction });
  run.send(e.client, trigger({ transaction, mnId: e.mnId, ...(e.pHoA ? { pHoA: e.pHoA } : {}), ...(stateless ? { stateless: true } : {}) }));
  const text = {
    attach: `${run.ctx.config.name} triggers the PMIP client: Trigger (transaction ${transaction}) with the MN identifier and the pHoA${stateless ? ', flagged as configured by the MN' : ''}.`,
    handoff: `${run.ctx.config.name} triggers ${e.mnId}'s PMIP client, whose address came in the context, with the MN identifier and the pHoA from the context.`,
    refresh: `${run.ctx.config.name} still serves ${e.mnId}: a new Trigger has the client refresh the binding before its lifetime ends.`,
    identify: `${run.ctx.config.name} has no context and no address request from ${e.mnId}: it triggers with the MN identifier alone, and the client fills in the pHoA from its cache.`,
  }[why];
  run.note(text, cite({ attach: '§4.1 step 3, §4.9.1', handoff: '§4.2 step 2, Appendix D', refresh: '§4.7, §4.9.1', identify: '§4.7, Appendix D' }[why]));
}

const statusOf = (m: NetlmmValue): number | undefined => m.options?.find((o) => o.type === NETLMM_OPTION.Status)?.status as number | undefined;
const pbaOf = (m: NetlmmValue): BindingAck | undefined => {
  const v = m.options?.find((o) => o.type === NETLMM_OPTION.Container)?.pba;
  return v && !(v instanceof Uint8Array) && (v as LayerValue).proto === 'mipv6' ? (v as BindingAck) : undefined;
};

/** The Notification for an outstanding Trigger, by its Transaction Number. */
export function onNotification(run: MagRun, from: string, m: NetlmmValue): void {
  const e = Object.values(run.ctx.entries).find((x) => x.transaction === m.transaction && x.client === from);
  if (!e) return run.note(`A Notification (transaction ${m.transaction}) from ${from} matches no Trigger here: ignored.`, cite('§4.9.2'));
  const pba = pbaOf(m);
  const status = statusOf(m) ?? (pba && pba.body.status < 128 ? NETLMM_STATUS.Success : NETLMM_STATUS.RejectedByLma);
  const done: MagEntry = { ...e };
  delete done.transaction;
  if (status === NETLMM_STATUS.Success && pba && pba.body.status < 128) return accept(run, done, pba);
  refuse(run, done, status, pba);
}

function accept(run: MagRun, e: MagEntry, pba: BindingAck): void {
  const c = run.ctx.config;
  // Triggered with the identifier alone: the pHoA is the /128 the PBA's Home Network Prefix option names.
  const pHoA = e.pHoA ?? findOption(pba, 22)?.prefix;
  const lifetimeSeconds = pba.body.lifetime * 4;
  const fresh = !e.tunnelled;
  const next: MagEntry = { ...e, state: 'serving', tunnelled: true, lifetimeSeconds, heldUplink: [], ...(pHoA ? { pHoA } : {}) };
  delete next.reason;
  setEntry(run, next);
  if (fresh && pHoA && next.iface) {
    joinTunnel(run, LMA_TUNNEL, c.lmaa, e.mnId);
    routeToAccess(run, next);
    uplinkThrough(run, next, LMA_TUNNEL);
    run.note(
      `The Notification carries the LMA's PBA (status 0): ${c.name} sets up its tunnel to the LMA and routes ${pHoA} to the MN and what the MN sends into the tunnel.`,
      cite('§4.1 step 6, §4.9'),
    );
    for (const p of e.heldUplink) run.tx(p);
    if (e.heldUplink.length > 0) run.note(`${c.name} sends on the ${e.heldUplink.length} packet(s) the MN sent while its tunnel was not up yet.`, cite('Appendix D'));
  }
  run.cancel(refreshId(e.mnId));
  if (lifetimeSeconds > 0) run.start({ type: 'timer.refresh', mnId: e.mnId }, refreshId(e.mnId), lifetimeSeconds * 800);
}

const REFUSAL: Readonly<Record<number, string>> = {
  [NETLMM_STATUS.RejectedByLma]: 'the LMA refused the PBU',
  [NETLMM_STATUS.PhoaMismatch]: 'the PMIP client has this MN identifier with another pHoA',
  [NETLMM_STATUS.AddressConflict]: 'another MN in the LMD holds this pHoA',
  [NETLMM_STATUS.NoAnswer]: 'the LMA did not answer the client',
  [NETLMM_STATUS.UnknownMn]: 'the client knows no pHoA for this MN',
  [NETLMM_STATUS.NotAuthorized]: 'the client may not send PBUs for this MN',
};

function refuse(run: MagRun, e: MagEntry, status: number, pba: BindingAck | undefined): void {
  const why = REFUSAL[status] ?? `status ${status}`;
  const lma = pba ? ` (PBA status ${pba.body.status})` : '';
  if (e.state === 'serving' && status !== NETLMM_STATUS.PhoaMismatch) {
    setEntry(run, e);
    return run.note(`The refresh for ${e.mnId} failed: ${why}${lma}. The MAG keeps its state until the binding's lifetime ends.`, cite('§4.9.2'));
  }
  if (status === NETLMM_STATUS.AddressConflict && e.pHoA && e.iface) defendAddress(run, e, e.pHoA);
  // A refused MN gets no tunnel; one that came by handover loses the forwarding routes too.
  if (e.fromMag || e.tunnelled) {
    removeRoutes(run, e.mnId);
    if (e.fromMag) leaveTunnel(run, forwardingTunnel(e.fromMag), e.mnId);
  }
  leaveTunnel(run, LMA_TUNNEL, e.mnId);
  const next: MagEntry = { ...e, state: 'refused', tunnelled: false, reason: why, heldUplink: [] };
  if (status === NETLMM_STATUS.AddressConflict) delete next.pHoA;
  setEntry(run, next);
  run.note(
    `The Notification says ${why}${lma}: ${run.ctx.config.name} sets up no tunnel for ${e.mnId} and forwards nothing for it.`,
    cite(status === NETLMM_STATUS.PhoaMismatch ? '§4.7' : status === NETLMM_STATUS.AddressConflict ? 'Appendix B' : '§4.9.2'),
  );
}

export function onRefresh(run: MagRun, mnId: string): void {
  const e = run.ctx.entries[mnId];
  if (e?.state === 'serving' && e.iface) sendTrigger(run, e, 'refresh');
}

export function cancelRefresh(run: MagRun, mnId: string): void {
  run.cancel(refreshId(mnId));
}
