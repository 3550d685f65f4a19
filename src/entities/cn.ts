import { assign, enqueueActions, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { icmpEcho } from '../wire/icmp';
import { icmpv6Echo } from '../wire/icmpv6';
import { ipv4Packet } from '../wire/ipv4';
import { ipv6Packet } from '../wire/ipv6';
import { DATA_PORT, ECHO_IDENTIFIER, stampBytes } from '../protocols/data-stream';
import type { Effect, EntityDefinition, Env } from '../sim/effects';

/*
 * The correspondent node: a host somewhere beyond the LMA that sends the mobile node a steady
 * stream (SCENARIOS.md: every complete flow carries data), ICMPv6 echo requests (RFC 4443 §4.1) or
 * UDP datagrams to the data port. It keeps one record per packet (sent, answered) so a scenario
 * can show what was delivered, lost or late around a handover; for UDP only the MN knows what
 * arrived, so the CN's records are the send side of that join.
 */

export type TrafficMode = 'echo' | 'udp';

export interface CnInput {
  env: Env;
  name: string;
  /** The CN's own address. */
  address: string;
  /** Its IPv4 address, the source of what it sends to an IPv4 home address (seed 002 §3.3.3). */
  address4?: string;
  /** The MN's home address (IPv6, or IPv4), or undefined until `app.start` names it. */
  target?: string;
  mode: TrafficMode;
  /** One packet every `intervalMs` (default 100 ms). */
  intervalMs?: number;
  /** Start and stop on their own at these times (µs since the run began); `app.start` / `app.stop` work too. */
  startUs?: number;
  stopUs?: number;
  /** An echo request unanswered this long counts as lost (default 1000 ms). */
  replyTimeoutMs?: number;
  /** ICMPv6 echo Identifier (default ECHO_IDENTIFIER). */
  ident?: number;
}

export interface SentRecord {
  seq: number;
  sentUs: number;
  /** First reply (echo mode only). */
  receivedUs?: number;
}

export interface CnContext {
  env: Env;
  name: string;
  address: string;
  address4?: string;
  target?: string;
  mode: TrafficMode;
  intervalMs: number;
  startUs?: number;
  stopUs?: number;
  replyTimeoutMs: number;
  ident: number;
  /** The next sequence number: ping(8) counts from 1. */
  seq: number;
  records: SentRecord[];
  received: number;
  duplicates: number;
  lost: number;
  lastRttMs?: number;
}

export type CnEvent =
  | { type: 'app.start'; target?: string }
  | { type: 'app.stop' }
  | { type: 'timer.start' }
  | { type: 'timer.stop' }
  | { type: 'timer.send' }
  | { type: 'rx.echoReply'; src: string; ident: number; seq: number };

/** Echo sequence numbers are 16 bits (RFC 4443 §4.1) and wrap. */
const SEQ_MODULO = 0x10000;

/** Requests with no reply yet whose time to answer has passed. */
function countLost(c: Pick<CnContext, 'records' | 'replyTimeoutMs' | 'mode'>, now: number): number {
  if (c.mode !== 'echo') return 0;
  const deadline = now - c.replyTimeoutMs * 1000;
  return c.records.reduce((n, r) => (r.receivedUs === undefined && r.sentUs <= deadline ? n + 1 : n), 0);
}

export const cnMachine = setup({
  types: {
    input: {} as CnInput,
    context: {} as CnContext,
    events: {} as CnEvent,
    emitted: {} as Effect,
  },
  delays: {
    interval: ({ context }) => context.intervalMs,
  },
  guards: {
    'traffic.hasTarget': ({ context, event }) => (event.type === 'app.start' && !!event.target) || context.target !== undefined,
    /** RFC 4443 §4.2: a reply echoes the Identifier; ours come from the MN's address. */
    'reply.isOurs': ({ context, event }) => event.type === 'rx.echoReply' && event.ident === context.ident && event.src === context.target,
  },
  actions: {
    /** The scenario's start and stop times become timers with ids, like every other delay (STYLE.md principle 8). */
    scheduleStartAndStop: enqueueActions(({ context, enqueue }) => {
      const now = context.env.now();
      if (context.startUs !== undefined) enqueue.raise({ type: 'timer.start' }, { id: 'start', delay: Math.max(0, context.startUs - now) / 1000 });
      if (context.stopUs !== undefined) enqueue.raise({ type: 'timer.stop' }, { id: 'stop', delay: Math.max(0, context.stopUs - now) / 1000 });
    }),
    takeTarget: assign({ target: ({ context, event }) => (event.type === 'app.start' && event.target) || context.target }),
    sendNext: enqueueActions(({ context, enqueue }) => {
      const now = context.env.now();
      const seq = context.seq;
      const data = stampBytes({ seq, sentUs: now });
      const v4 = !context.target!.includes(':');
      const echo = { ident: context.ident, seq, data };
      const payload: LayerValue =
        context.mode === 'echo'
          ? v4
            ? icmpEcho(echo)
            : icmpv6Echo(echo)
          : { proto: 'udp', srcport: DATA_PORT, dstport: DATA_PORT, payload: { proto: 'data', data } };
      const packet = v4 ? ipv4Packet({ src: context.address4 ?? '0.0.0.0', dst: context.target!, payload }) : ipv6Packet({ src: context.address, dst: context.target!, payload });
      enqueue.emit({ type: 'tx', packet });
      enqueue.assign({
        seq: context.mode === 'echo' ? (seq + 1) % SEQ_MODULO : seq + 1,
        records: [...context.records, { seq, sentUs: now }],
        lost: countLost(context, now),
      });
      enqueue.raise({ type: 'timer.send' }, { id: 'send', delay: 'interval' });
    }),
    stopSending: enqueueActions(({ enqueue }) => enqueue.cancel('send')),
    /** The first reply for a sequence completes its record (the newest record with that number: they wrap). */
    recordReply: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.echoReply') return;
      const now = context.env.now();
      let i = context.records.length - 1;
      while (i >= 0 && context.records[i]!.seq !== event.seq) i--;
      const r = context.records[i];
      if (!r) return;
      if (r.receivedUs !== undefined) {
        enqueue.assign({ duplicates: context.duplicates + 1 });
        return;
      }
      const records = context.records.slice();
      records[i] = { ...r, receivedUs: now };
      enqueue.assign({ records, received: context.received + 1, lastRttMs: (now - r.sentUs) / 1000, lost: countLost({ ...context, records }, now) });
    }),
    noteNoTarget: enqueueActions(({ context, enqueue }) =>
      enqueue.emit({ type: 'note', text: `${context.name} has no address to send to yet: the MN's home address is not known.` }),
    ),
  },
}).createMachine({
  id: 'cn',
  initial: 'idle',
  context: ({ input }) => ({
    env: input.env,
    name: input.name,
    address: input.address,
    ...(input.address4 === undefined ? {} : { address4: input.address4 }),
    ...(input.target === undefined ? {} : { target: input.target }),
    mode: input.mode,
    intervalMs: input.intervalMs ?? 100,
    ...(input.startUs === undefined ? {} : { startUs: input.startUs }),
    ...(input.stopUs === undefined ? {} : { stopUs: input.stopUs }),
    replyTimeoutMs: input.replyTimeoutMs ?? 1000,
    ident: input.ident ?? ECHO_IDENTIFIER,
    seq: 1,
    records: [],
    received: 0,
    duplicates: 0,
    lost: 0,
  }),
  entry: 'scheduleStartAndStop',
  on: {
    'rx.echoReply': { guard: 'reply.isOurs', actions: 'recordReply' },
  },
  states: {
    idle: {
      on: {
        'app.start': [{ guard: 'traffic.hasTarget', target: 'sending', actions: 'takeTarget' }, { actions: 'noteNoTarget' }],
        'timer.start': [{ guard: 'traffic.hasTarget', target: 'sending' }, { actions: 'noteNoTarget' }],
      },
    },
    sending: {
      entry: 'sendNext',
      exit: 'stopSending',
      on: {
        'timer.send': { actions: 'sendNext' },
        'app.stop': 'idle',
        'timer.stop': 'idle',
        // A new target (the scenario learnt the home address late) takes effect from the next packet.
        'app.start': { actions: 'takeTarget' },
      },
    },
  },
});

export function cnEvent(d: { packet: LayerValue }): CnEvent | undefined {
  const ip = d.packet;
  const l4 = ip.payload as LayerValue | undefined;
  const reply = (ip.proto === 'ipv6' && l4?.proto === 'icmpv6' && l4.type === 129) || (ip.proto === 'ip' && l4?.proto === 'icmp' && l4.type === 0);
  if (!l4 || !reply) return undefined;
  return { type: 'rx.echoReply', src: ip.src as string, ident: l4.ident as number, seq: l4.seq as number };
}

export const cn: EntityDefinition<CnEvent> = {
  role: 'cn',
  machine: cnMachine,
  toEvent: cnEvent,
  tables: (c) => {
    const ctx = c as CnContext;
    const echo = ctx.mode === 'echo';
    return {
      Traffic: [
        {
          mode: echo ? (ctx.target && !ctx.target.includes(':') ? 'ICMP echo' : 'ICMPv6 echo') : `UDP to port ${DATA_PORT}`,
          target: ctx.target ?? null,
          sent: ctx.records.length,
          // For UDP the CN cannot know: the MN counts what arrived.
          received: echo ? ctx.received : null,
          'lost so far': echo ? ctx.lost : null,
          'last rtt ms': echo && ctx.lastRttMs !== undefined ? Math.round(ctx.lastRttMs * 1000) / 1000 : null,
        },
      ],
    };
  },
  timers: { 'timer.send': 'next packet', 'timer.start': 'traffic start', 'timer.stop': 'traffic stop' },
};
