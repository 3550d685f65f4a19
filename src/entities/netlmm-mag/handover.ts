import type { LayerValue } from '../../wire/core';
import { contextTransfer, NETLMM_OPTION, type NetlmmValue } from '../../wire/netlmm';
import { advertise } from './access';
import { forwardingTunnel, joinTunnel, LMA_TUNNEL, leaveTunnel, removeRoutes, routeToAccess, routeToTunnel } from './data-plane';
import { cancelRefresh, sendTrigger } from './registration';
import { cite, dropEntry, identifyId, setEntry, type MagEntry, type MagRun, type NetlmmMagContext, type NetlmmMagEvent } from './types';

/*
 * A handoff between MAGs (seed 003 §4.2 step 1, Appendix D). The old MAG sends the MN's context
 * (identifier, pHoA, PMIP client) to the new one and, with data forwarding on, tunnels whatever
 * still reaches it for the MN to the new MAG, which holds it until the MN's link is up and then
 * delivers it, "without waiting for completion of the PBU signaling". What the MN sends before
 * the new MAG's tunnel to the LMA is up waits at the new MAG (the old MAG's tunnel is gone at the
 * LMA as soon as the binding moves). Appendix D says neither how long forwarding lasts nor how the
 * MAGs agree to stop; the lab's MAGs forward for a fixed time.
 */

const forwardingId = (mnId: string): string => `forwarding:${mnId}`;
/** The most packets a new MAG holds for an MN that has not arrived. */
const BUFFER_LIMIT = 64;

export const entryForNode = (c: NetlmmMagContext, node: string): MagEntry | undefined => Object.values(c.entries).find((e) => e.node === node && e.state !== 'forwarding');

export function onAttach(run: MagRun, ev: Extract<NetlmmMagEvent, { type: 'l2.attach' }>): void {
  const old = run.ctx.entries[ev.nai];
  const here = { node: ev.mn, iface: ev.iface, mac: ev.mac };
  if (old?.state === 'expecting') {
    const e: MagEntry = { ...old, ...here, state: 'attached' };
    setEntry(run, e);
    advertise(run, e, 'attach');
    return arrive(run, e);
  }
  const e: MagEntry = { mnId: ev.nai, ...here, state: 'attached', client: run.ctx.config.client, buffered: [], heldUplink: [], tunnelled: false };
  setEntry(run, e);
  run.note(`${ev.mn} attaches at layer 2 to ${run.ctx.config.name}, which learns its MN identifier ${ev.nai}.`, cite('§4.1 step 1'));
  advertise(run, e, 'attach');
  run.start({ type: 'timer.identify', mnId: e.mnId }, identifyId(e.mnId), run.ctx.config.identifyMs);
}

/** The MN is here and its context with it: routes to it, what was held for it, then the Trigger (§4.2 step 2). */
function arrive(run: MagRun, e: MagEntry): void {
  const c = run.ctx.config;
  if (e.pHoA) {
    routeToAccess(run, e);
    // The PBAck reaches the client before the Notification reaches this MAG, so the LMA tunnels
    // the MN's packets here a little before the MAG hears of it: it takes them from now on.
    joinTunnel(run, LMA_TUNNEL, c.lmaa, e.mnId);
    run.note(
      `${c.name} has the MN on its link and its pHoA from the context: it accepts what the LMA tunnels for ${e.pHoA} from now on, since the LMA moves the binding before the Notification can reach ${c.name}.`,
      cite('Appendix D, §4.9'),
    );
  }
  if (e.buffered.length > 0) {
    for (const p of e.buffered) run.tx(p, { iface: e.iface!, dstMac: e.mac! });
    run.note(`${c.name} delivers the ${e.buffered.length} packet(s) ${e.fromMag} forwarded while the MN's link was down: its data resumes before the PBU is even sent.`, cite('Appendix D'));
  }
  const next: MagEntry = { ...e, buffered: [] };
  setEntry(run, next);
  sendTrigger(run, next, 'handoff');
}

/** The old MAG: the MN's layer-2 handoff to `to` begins. */
export function onHandoverStart(run: MagRun, node: string, to: string): void {
  const c = run.ctx.config;
  const e = entryForNode(run.ctx, node);
  if (!e) return;
  cancelRefresh(run, e.mnId);
  run.cancel(identifyId(e.mnId));
  if (!e.pHoA || e.state !== 'serving') {
    leaveTunnel(run, LMA_TUNNEL, e.mnId);
    dropEntry(run, e.mnId);
    return run.note(`${e.mnId} leaves ${c.name} before it was served: there is no context to hand over.`, cite('§4.2 step 1'));
  }
  const transaction = run.ctx.nextTransaction;
  run.ctx.nextTransaction = (transaction + 1) >>> 0;
  run.send(to, contextTransfer({ transaction, mnId: e.mnId, pHoA: e.pHoA, client: e.client }));
  if (!c.forwarding) {
    removeRoutes(run, e.mnId);
    leaveTunnel(run, LMA_TUNNEL, e.mnId);
    dropEntry(run, e.mnId);
    return run.note(
      `${e.mnId} hands off to ${to}. ${c.name} sends its context (identifier, pHoA, PMIP client) but forwards no data: what the LMA still tunnels here for ${e.pHoA} is lost.`,
      cite('§4.2 step 1, Appendix D'),
    );
  }
  const next: MagEntry = { ...e, state: 'forwarding', toMag: to };
  delete next.iface;
  delete next.mac;
  setEntry(run, next);
  joinTunnel(run, forwardingTunnel(to), to, e.mnId);
  routeToTunnel(run, next, forwardingTunnel(to));
  run.start({ type: 'timer.forwarding', mnId: e.mnId }, forwardingId(e.mnId), c.forwardingMs);
  run.note(
    `${e.mnId} hands off to ${to}. ${c.name} transfers its context and, until the LMA's binding moves, tunnels what arrives for ${e.pHoA} to ${to}.`,
    cite('§4.2 step 1, Appendix D'),
  );
}

/** The MN left without a handoff. The draft has no de-registration: the binding at the LMA lapses with its lifetime. */
export function onDetach(run: MagRun, node: string): void {
  const e = entryForNode(run.ctx, node);
  if (!e) return;
  cancelRefresh(run, e.mnId);
  run.cancel(identifyId(e.mnId));
  removeRoutes(run, e.mnId);
  leaveTunnel(run, LMA_TUNNEL, e.mnId);
  if (e.fromMag) leaveTunnel(run, forwardingTunnel(e.fromMag), e.mnId);
  dropEntry(run, e.mnId);
  run.note(`${e.mnId} left ${run.ctx.config.name} with no handoff: the MAG stops refreshing it, and its binding at the LMA ends with its lifetime (the draft defines no de-registration).`, cite('§4.9'));
}

/**
 * The forwarding time is over: the old MAG stops forwarding, the new one closes its end of the
 * forwarding tunnel, and a context whose MN never came is forgotten.
 */
export function onForwardingEnd(run: MagRun, mnId: string): void {
  const e = run.ctx.entries[mnId];
  if (!e) return;
  if (e.state !== 'forwarding' && e.state !== 'expecting') {
    if (!e.fromMag) return;
    leaveTunnel(run, forwardingTunnel(e.fromMag), mnId);
    const next: MagEntry = { ...e };
    delete next.fromMag;
    return setEntry(run, next);
  }
  if (e.state === 'forwarding') {
    removeRoutes(run, mnId);
    leaveTunnel(run, forwardingTunnel(e.toMag!), mnId);
    leaveTunnel(run, LMA_TUNNEL, mnId);
    run.note(`${run.ctx.config.name} stops forwarding for ${mnId}: the LMA tunnels its traffic to ${e.toMag} by now.`, cite('Appendix D'));
  } else {
    if (e.fromMag) leaveTunnel(run, forwardingTunnel(e.fromMag), mnId);
    run.note(`${mnId} never arrived: ${run.ctx.config.name} forgets its context${e.buffered.length ? ` and the ${e.buffered.length} packet(s) held for it` : ''}.`, cite('Appendix D'));
  }
  dropEntry(run, mnId);
}

/** The new MAG: the old one's context for an MN on its way (or just arrived). */
export function onContext(run: MagRun, from: string, m: NetlmmValue): void {
  const c = run.ctx.config;
  const opt = (t: number) => m.options?.find((o) => o.type === t);
  const id = opt(NETLMM_OPTION.L2Id)?.mnId as Uint8Array | undefined;
  const client = opt(NETLMM_OPTION.Client)?.client as string | undefined;
  if (!id || !client) return run.note(`A context from ${from} without an MN identifier or PMIP client: ignored.`, cite('Appendix D'));
  const mnId = new TextDecoder().decode(id);
  const pHoA = opt(NETLMM_OPTION.IpAddress)?.address as string | undefined;
  const known = { client, fromMag: from, ...(pHoA ? { pHoA } : {}) };
  if (c.forwarding) joinTunnel(run, forwardingTunnel(from), from, mnId);
  run.start({ type: 'timer.forwarding', mnId }, forwardingId(mnId), c.forwardingMs);
  const e = run.ctx.entries[mnId];
  run.note(`${c.name} receives ${mnId}'s context from ${from}: pHoA ${pHoA ?? 'unknown'}, PMIP client ${client}.`, cite('§4.2 step 1, Appendix D'));
  if (e && e.iface && (e.state === 'attached' || e.state === 'acquiring')) {
    run.cancel(identifyId(mnId));
    const merged: MagEntry = { ...e, ...known };
    setEntry(run, merged);
    return arrive(run, merged);
  }
  setEntry(run, { mnId, state: 'expecting', ...known, buffered: [], heldUplink: [], tunnelled: false });
}

/** Is this a packet tunnelled from `outerSrc` (the old MAG) for an MN that has not arrived yet? */
export function holdsForwarded(c: NetlmmMagContext, outerSrc: string, innerDst: string): boolean {
  return c.config.forwarding && Object.values(c.entries).some((e) => e.state === 'expecting' && e.fromMag === outerSrc && e.pHoA === innerDst);
}

/** Is this a packet from an MN on `iface` that this MAG has triggered for but has no tunnel for yet? */
export function holdsUplink(c: NetlmmMagContext, iface: string, src: string): boolean {
  return Object.values(c.entries).some((e) => e.iface === iface && e.pHoA === src && e.state === 'triggered' && !e.tunnelled);
}

export function onHold(run: MagRun, packet: LayerValue, direction: 'down' | 'up'): void {
  const e = Object.values(run.ctx.entries).find((x) => (direction === 'down' ? x.state === 'expecting' && x.pHoA === packet.dst : x.state === 'triggered' && x.pHoA === packet.src));
  if (!e) return;
  const held = direction === 'down' ? e.buffered : e.heldUplink;
  if (held.length >= BUFFER_LIMIT) return run.note(`${run.ctx.config.name} holds ${BUFFER_LIMIT} packets for ${e.mnId} already: one more is dropped.`, cite('Appendix D'));
  setEntry(run, direction === 'down' ? { ...e, buffered: [...held, packet] } : { ...e, heldUplink: [...held, packet] });
}

/** No context and no address request: the MN must already have its pHoA (§4.7: the Trigger's pHoA is optional). */
export function onIdentify(run: MagRun, mnId: string): void {
  const e = run.ctx.entries[mnId];
  if (e?.state === 'attached' && !e.pHoA) sendTrigger(run, e, 'identify');
}
