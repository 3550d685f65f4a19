import { enqueueActions, setup } from 'xstate';
import type { Effect, EntityDefinition, Env } from '../sim/effects';
import type { LayerValue } from '../wire/core';
import { findOption, MH_TYPE, type MobilityHeader } from '../wire/mh';
import type { RadiusPacket } from '../wire/radius';
import { spiOf, verifyMessage, type MnHaKey } from '../protocols/netlmm/mn-ha-auth';
import type { LmaEvent } from './lma-steps';
import { CLIENT_RADIUS_PORT, keyFromAccept, keyRequestPacket, RADIUS_AUTH_PORT } from './pmip-client/security';

/*
 * The LMA's "local AAA client function" of seed 003 Appendix C, in front of the LMA's own machine
 * on the same node: a PBU for an MN it holds no key for waits while it "queries the local AAA
 * server and fetches the key"; a PBU whose MN-HA authenticator the key confirms goes on to the LMA
 * (src/entities/lma.ts, unchanged), any other is silently discarded (RFC 4285 §5.5). That the AAA
 * gives the LMA the same key it gave the client "also serves as validation that the PMIP client is
 * authorized to send BUs for that MN", and the LMA asks once per MN.
 */

type PbuEvent = Extract<LmaEvent, { type: 'rx.pbu' }>;

export interface LmaKeyClientInput {
  env: Env;
  name: string;
  /** The LMA's address, its NAS address towards the AAA. */
  address: string;
  aaa: { address: string; secret: string };
}

type Key = { state: 'fetching'; id: number; authenticator: Uint8Array; held: PbuEvent[]; tries: number } | { state: 'ready'; sa: MnHaKey } | { state: 'refused' };

export interface LmaKeyClientContext {
  env: Env;
  name: string;
  address: string;
  aaa: { address: string; secret: string };
  keys: Readonly<Record<string, Key>>;
  nextRadiusId: number;
  /** Counts of PBUs passed on and discarded. */
  passed: number;
  discarded: number;
}

export type LmaKeyClientEvent =
  | PbuEvent
  | { type: 'rx.accessAccept' | 'rx.accessReject'; src: string; response: RadiusPacket }
  | { type: 'timer.radiusRetransmit'; mnId: string };

/** What the key client hands on: a PBU the LMA may process. */
export type VerifiedPbu = { type: 'pbu.verified'; event: PbuEvent };

const SECTION = 'draft-singh-netlmm-protocol-02 Appendix C';
const RADIUS_TIMEOUT_MS = 1000;
const RADIUS_TRIES = 3;
const timerId = (mnId: string): string => `radius:${mnId}`;
const mnIdOf = (e: PbuEvent): string | undefined => findOption(e.pbu, 8)?.identifier;
/** The pCoA and pHoA the client's authenticator covers (src/protocols/netlmm/mn-ha-auth.ts). */
const addressesOf = (e: PbuEvent): { coa: string; hoa: string } => ({ coa: findOption(e.pbu, 3)?.address ?? e.from, hoa: findOption(e.pbu, 22)?.prefix ?? '::' });

interface Enqueue {
  emit(e: Effect | VerifiedPbu): void;
  assign(v: Partial<LmaKeyClientContext>): void;
}

/** Check a PBU with the MN's key: pass it on, or discard it. Returns the counters afterwards. */
function judge(c: LmaKeyClientContext, enqueue: Enqueue, e: PbuEvent, sa: MnHaKey, counts: { passed: number; discarded: number }): void {
  const { coa, hoa } = addressesOf(e);
  const good = spiOf(e.pbu) === sa.spi && verifyMessage(e.pbu, coa, hoa, sa.key);
  if (good) {
    counts.passed++;
    enqueue.emit({ type: 'note', text: `${c.name} checks the PBU from ${e.from}: the MN-HA authenticator is right for SPI ${sa.spi}, so the LMA may process it.`, section: `${SECTION}; RFC 4285 §5.5` });
    enqueue.emit({ type: 'pbu.verified', event: e });
  } else {
    counts.discarded++;
    enqueue.emit({ type: 'note', text: `${c.name} finds no valid MN-HA authenticator in the PBU from ${e.from}: it is silently discarded.`, section: `${SECTION}; RFC 4285 §5.5` });
  }
}

export const lmaKeyClientMachine = setup({
  types: {
    input: {} as LmaKeyClientInput,
    context: {} as LmaKeyClientContext,
    events: {} as LmaKeyClientEvent,
    emitted: {} as Effect | VerifiedPbu,
  },
  actions: {
    checkPbu: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.pbu') return;
      const mnId = mnIdOf(event);
      const k = mnId === undefined ? undefined : context.keys[mnId];
      const counts = { passed: context.passed, discarded: context.discarded };
      if (mnId === undefined || k?.state === 'refused' || spiOf(event.pbu) === undefined) {
        counts.discarded++;
        enqueue.emit({ type: 'note', text: `${context.name} discards a PBU from ${event.from} that it cannot authenticate (no MN identifier, no key, or no authentication option).`, section: `${SECTION}; RFC 4285 §5` });
      } else if (k?.state === 'ready') {
        judge(context, enqueue, event, k.sa, counts);
      } else if (k?.state === 'fetching') {
        enqueue.assign({ keys: { ...context.keys, [mnId]: { ...k, held: [...k.held, event] } } });
      } else {
        const id = context.nextRadiusId;
        const authenticator = Uint8Array.from({ length: 16 }, () => context.env.random() & 0xff);
        const r = keyRequestPacket({ nai: mnId, nas: context.address, server: context.aaa.address, name: context.name, id, authenticator, secret: context.aaa.secret });
        enqueue.emit({ type: 'tx', packet: r.packet, hints: r.hints });
        enqueue.raise({ type: 'timer.radiusRetransmit', mnId }, { id: timerId(mnId), delay: RADIUS_TIMEOUT_MS });
        enqueue.assign({ nextRadiusId: (id + 1) & 0xff, keys: { ...context.keys, [mnId]: { state: 'fetching', id, authenticator, held: [event], tries: 1 } } });
        enqueue.emit({ type: 'note', text: `The first PBU for ${mnId} names SPI ${spiOf(event.pbu)}: the LMA's AAA client fetches that MN's key from the local AAA server.`, section: SECTION });
      }
      enqueue.assign(counts);
    }),
    takeKey: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.accessAccept' && event.type !== 'rx.accessReject') return;
      const found = Object.entries(context.keys).find(([, k]) => k.state === 'fetching' && k.id === event.response.id);
      if (!found || event.src !== context.aaa.address) return;
      const [mnId, k] = found;
      if (k.state !== 'fetching') return;
      const sa = event.type === 'rx.accessAccept' ? keyFromAccept(event.response, context.aaa.secret, k.authenticator) : undefined;
      if (event.type === 'rx.accessAccept' && !sa) return;
      enqueue.cancel(timerId(mnId));
      const counts = { passed: context.passed, discarded: context.discarded + (sa ? 0 : k.held.length) };
      enqueue.assign({ keys: { ...context.keys, [mnId]: sa ? { state: 'ready', sa } : { state: 'refused' } } });
      if (!sa) enqueue.emit({ type: 'note', text: `The AAA server gives the LMA no key for ${mnId}: its PBUs are discarded.`, section: SECTION });
      else for (const e of k.held) judge(context, enqueue, e, sa, counts);
      enqueue.assign(counts);
    }),
    retransmit: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'timer.radiusRetransmit') return;
      const k = context.keys[event.mnId];
      if (k?.state !== 'fetching') return;
      if (k.tries >= RADIUS_TRIES) {
        enqueue.assign({ keys: { ...context.keys, [event.mnId]: { state: 'refused' } }, discarded: context.discarded + k.held.length });
        enqueue.emit({ type: 'note', text: `No answer from the AAA server for ${event.mnId}: the held PBUs are discarded.`, section: 'RFC 2865 §2.4' });
        return;
      }
      const r = keyRequestPacket({ nai: event.mnId, nas: context.address, server: context.aaa.address, name: context.name, id: k.id, authenticator: k.authenticator, secret: context.aaa.secret });
      enqueue.emit({ type: 'tx', packet: r.packet, hints: r.hints });
      enqueue.raise({ type: 'timer.radiusRetransmit', mnId: event.mnId }, { id: timerId(event.mnId), delay: RADIUS_TIMEOUT_MS });
      enqueue.assign({ keys: { ...context.keys, [event.mnId]: { ...k, tries: k.tries + 1 } } });
    }),
  },
}).createMachine({
  id: 'lmaKeyClient',
  initial: 'serving',
  context: ({ input }) => ({ env: input.env, name: input.name, address: input.address, aaa: input.aaa, keys: {}, nextRadiusId: input.env.random() & 0xff, passed: 0, discarded: 0 }),
  states: {
    serving: {
      on: {
        'rx.pbu': { actions: 'checkPbu' },
        'rx.accessAccept': { actions: 'takeKey' },
        'rx.accessReject': { actions: 'takeKey' },
        'timer.radiusRetransmit': { actions: 'retransmit' },
      },
    },
  },
});

/** Every PBU (before the LMA sees it) and the AAA's answers to the LMA's requests. */
export function lmaKeyClientEvent(d: { packet: LayerValue; tunnel?: string }): LmaKeyClientEvent | undefined {
  const ip = d.packet;
  if (ip.proto !== 'ipv6' || d.tunnel) return undefined;
  const l4 = ip.payload as LayerValue | undefined;
  if (l4?.proto === 'udp' && l4.srcport === RADIUS_AUTH_PORT && l4.dstport === CLIENT_RADIUS_PORT) {
    const r = l4.payload as LayerValue | undefined;
    if (r?.proto !== 'radius' || (r.code !== 2 && r.code !== 3)) return undefined;
    return { type: r.code === 2 ? 'rx.accessAccept' : 'rx.accessReject', src: ip.src as string, response: r as unknown as RadiusPacket };
  }
  const mh = l4 as MobilityHeader | undefined;
  if (mh?.proto !== 'mipv6' || mh.mhType !== MH_TYPE.BINDING_UPDATE) return undefined;
  return { type: 'rx.pbu', from: ip.src as string, to: ip.dst as string, pbu: mh };
}

export const lmaKeyClient: EntityDefinition<LmaKeyClientEvent> = {
  role: 'LMA',
  machine: lmaKeyClientMachine,
  toEvent: lmaKeyClientEvent,
  tables: (context) => {
    const c = context as LmaKeyClientContext;
    return {
      'Per-MN keys': Object.entries(c.keys).map(([mn, k]) => ({ MN: mn, state: k.state, SPI: k.state === 'ready' ? k.sa.spi : null })),
      'PBU checks': [{ passed: c.passed, discarded: c.discarded }],
    };
  },
  timers: { 'timer.radiusRetransmit': 'RADIUS retransmission' },
};
