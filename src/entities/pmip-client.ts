import { enqueueActions, setup } from 'xstate';
import type { EntityDefinition, Effect } from '../sim/effects';
import type { Tables } from '../sim/trace';
import type { LayerValue } from '../wire/core';
import { MH_TYPE, type BindingAck, type MobilityHeader } from '../wire/mh';
import { NETLMM_TYPE } from '../wire/netlmm';
import type { RadiusPacket } from '../wire/radius';
import { associationRows, sctpReceive, sctpTimer } from '../protocols/netlmm/sctp-endpoint';
import { performSctp, SCTP_TIMER_NAMES, sctpArrival, type SctpEnqueue } from './netlmm-sctp';
import { holdForKey, onKeyAnswer, onKeyTimeout } from './pmip-client/key-fetch';
import { heldTrigger, onConflictReply, onConflictRequest, onPba, onPbuTimeout, onRequestLost, onTrigger } from './pmip-client/rules';
import type { ClientRun } from './pmip-client/run';
import { runRule } from './netlmm-run';
import { CLIENT_RADIUS_PORT, RADIUS_AUTH_PORT } from './pmip-client/security';
import { INITIAL_BINDACK_TIMEOUT_MS, MAX_PBU_TRANSMISSIONS, type PmipClientContext, type PmipClientEvent, type PmipClientInput } from './pmip-client/types';

/*
 * The PMIP client of seed 003 (§3, §4.7, §4.9): a separate entity, fixed for an MN while it stays
 * in the local mobility domain, that sends the PBUs the MAGs ask for. It keeps the cache of MN
 * identifier, pHoA and pCoA, checks every Trigger against it, sends the PBU with the serving MAG as
 * the Alternate Care-of Address, and answers the Trigger with a Notification carrying the PBA,
 * matched by the Transaction Number. Its MAGs reach it over SCTP (src/protocols/netlmm). With peers
 * it checks stateless pHoAs with them (Appendix B); with an AAA server it fetches a per-MN key
 * first (Appendix C). The rules are in pmip-client/rules.ts; this file says which event goes where.
 */

export type { PmipClientInput, PmipClientContext, PmipClientEvent } from './pmip-client/types';

/** Bad configuration fails at load (STYLE.md principle 13): the scenario calls this when it builds the client. */
export function pmipClientConfig(i: PmipClientInput): PmipClientContext['config'] {
  if (!(i.lifetimeSeconds >= 4 && i.lifetimeSeconds <= 0xffff * 4)) throw new RangeError(`${i.name}: lifetime ${i.lifetimeSeconds} s is not 4 s to 262140 s`);
  if (i.peers?.includes(i.address)) throw new RangeError(`${i.name} lists itself among its peers`);
  return {
    name: i.name,
    address: i.address,
    lmaa: i.lmaa,
    att: i.att,
    lifetimeSeconds: i.lifetimeSeconds,
    peers: i.peers ?? [],
    initialBindackTimeoutMs: i.initialBindackTimeoutMs ?? INITIAL_BINDACK_TIMEOUT_MS,
    maxPbuTransmissions: i.maxPbuTransmissions ?? MAX_PBU_TRANSMISSIONS,
    ...(i.aaa ? { aaa: i.aaa } : {}),
  };
}

const apply = (context: PmipClientContext, enqueue: unknown, f: (run: ClientRun) => void): void => runRule(context, enqueue, f);

const isFrom = (...types: number[]) => ({ event }: { event: PmipClientEvent }): boolean => event.type === 'rx.netlmm' && types.includes(event.message.type);

export const pmipClientMachine = setup({
  types: {
    input: {} as PmipClientInput,
    context: {} as PmipClientContext,
    events: {} as PmipClientEvent,
    emitted: {} as Effect,
  },
  guards: {
    'message.isTrigger': isFrom(NETLMM_TYPE.Trigger),
    'message.isConflictRequest': isFrom(NETLMM_TYPE.ConflictRequest),
    'message.isConflictReply': isFrom(NETLMM_TYPE.ConflictReply),
  },
  actions: {
    runSctp: enqueueActions(({ context, event, enqueue }) => {
      const s =
        event.type === 'rx.sctp'
          ? sctpReceive(context.sctp, context.config.address, event.src, event.sctp, context.env.random)
          : sctpTimer(context.sctp, event as Extract<PmipClientEvent, { type: 'timer.sctpT1' | 'timer.sctpT3' }>);
      enqueue.assign({ sctp: s.associations });
      performSctp(enqueue as unknown as SctpEnqueue, s);
    }),
    /** §4.7 (and Appendix C: not before the MN's key is there). */
    answerTrigger: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type !== 'rx.netlmm') return;
        const t = heldTrigger(event.from, event.message);
        if (!t) return run.note(`A Trigger from ${event.from} without an MN identifier cannot be answered.`, 'draft-singh-netlmm-protocol-02 §4.9.1');
        if (!holdForKey(run, t)) onTrigger(run, t);
      }),
    ),
    answerConflictRequest: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type === 'rx.netlmm') onConflictRequest(run, event.from, event.message);
      }),
    ),
    takeConflictReply: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type === 'rx.netlmm') onConflictReply(run, event.from, event.message);
      }),
    ),
    giveUpOnPeer: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type === 'sctp.failed') onRequestLost(run, event.to, event.message);
      }),
    ),
    takePba: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type === 'rx.pba') onPba(run, event.src, event.pba);
      }),
    ),
    retransmitPbu: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type === 'timer.pbuRetransmit') onPbuTimeout(run, event.mnId);
      }),
    ),
    takeKey: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type !== 'rx.accessAccept' && event.type !== 'rx.accessReject') return;
        const t = onKeyAnswer(run, event.src, event.response, event.type === 'rx.accessAccept');
        if (t) onTrigger(run, t);
      }),
    ),
    retransmitKeyRequest: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type === 'timer.radiusRetransmit') onKeyTimeout(run, event.mnId);
      }),
    ),
  },
}).createMachine({
  id: 'pmipClient',
  initial: 'serving',
  context: ({ input }) => ({
    env: input.env,
    config: pmipClientConfig(input),
    cache: {},
    pending: {},
    checks: {},
    keys: {},
    nextTransaction: input.env.random() >>> 0,
    nextRadiusId: input.env.random() & 0xff,
    sctp: {},
  }),
  // Per-MN state is data in the cache: the machine itself always serves.
  states: {
    serving: {
      on: {
        'rx.sctp': { actions: 'runSctp' },
        'timer.sctpT1': { actions: 'runSctp' },
        'timer.sctpT3': { actions: 'runSctp' },
        'rx.netlmm': [
          { guard: 'message.isTrigger', actions: 'answerTrigger' },
          { guard: 'message.isConflictRequest', actions: 'answerConflictRequest' },
          { guard: 'message.isConflictReply', actions: 'takeConflictReply' },
        ],
        'sctp.failed': { actions: 'giveUpOnPeer' },
        'rx.pba': { actions: 'takePba' },
        'timer.pbuRetransmit': { actions: 'retransmitPbu' },
        'rx.accessAccept': { actions: 'takeKey' },
        'rx.accessReject': { actions: 'takeKey' },
        'timer.radiusRetransmit': { actions: 'retransmitKeyRequest' },
      },
    },
  },
});

/** SCTP from MAGs and peers, the LMA's PBAs and the AAA's answers; nothing else is the client's business. */
export function pmipClientEvent(d: { packet: LayerValue; tunnel?: string }): PmipClientEvent | undefined {
  const ip = d.packet;
  if (ip.proto !== 'ipv6' || d.tunnel) return undefined;
  const sctp = sctpArrival(ip);
  if (sctp) return sctp;
  const l4 = ip.payload as LayerValue | undefined;
  if (l4?.proto === 'udp' && l4.srcport === RADIUS_AUTH_PORT && l4.dstport === CLIENT_RADIUS_PORT) {
    const r = l4.payload as LayerValue | undefined;
    if (r?.proto !== 'radius') return undefined;
    const src = ip.src as string;
    if (r.code === 2) return { type: 'rx.accessAccept', src, response: r as unknown as RadiusPacket };
    if (r.code === 3) return { type: 'rx.accessReject', src, response: r as unknown as RadiusPacket };
    return undefined;
  }
  const mh = l4 as MobilityHeader | undefined;
  if (mh?.proto === 'mipv6' && mh.mhType === MH_TYPE.BINDING_ACK) return { type: 'rx.pba', src: ip.src as string, pba: mh as BindingAck };
  return undefined;
}

const secs = (us: number | undefined): number | null => (us === undefined ? null : +(us / 1e6).toFixed(3));

export function pmipClientTables(context: unknown): Tables {
  const c = context as PmipClientContext;
  return {
    'PMIP client cache': Object.values(c.cache).map((e) => ({
      'MN identifier': e.mnId,
      pHoA: e.pHoA,
      pCoA: e.pCoA ?? null,
      seq: e.seq,
      state: e.state,
      'lifetime (s)': e.lifetimeSeconds ?? null,
      'expires (s)': secs(e.expiresUs),
    })),
    'Waiting for the LMA': Object.values(c.pending).map((p) => ({ MN: p.trigger.mnId, MAG: p.trigger.mag, transaction: p.trigger.transaction, seq: p.seq, HI: p.hi, tries: p.tries })),
    ...(c.config.peers.length > 0
      ? { 'Conflict checks': Object.entries(c.checks).map(([mn, k]) => ({ MN: mn, pHoA: k.pHoA, 'waiting for': Object.values(k.waiting).join(', ') })) }
      : {}),
    ...(c.config.aaa
      ? { 'Per-MN keys': Object.entries(c.keys).map(([mn, k]) => ({ MN: mn, state: k.state, SPI: k.state === 'ready' ? k.spi : null })) }
      : {}),
    'SCTP associations': associationRows(c.sctp),
  };
}

export const pmipClient: EntityDefinition<PmipClientEvent> = {
  role: 'PMIP-client',
  machine: pmipClientMachine,
  toEvent: pmipClientEvent,
  tables: pmipClientTables,
  timers: {
    ...SCTP_TIMER_NAMES,
    'timer.pbuRetransmit': 'PBU retransmission',
    'timer.radiusRetransmit': 'RADIUS retransmission',
  },
};
