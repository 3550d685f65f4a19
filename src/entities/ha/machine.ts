import { enqueueActions, not, setup } from 'xstate';
import type { Effect } from '../../sim/effects';
import { trueClock } from '../../protocols/pmipv4/identification';
import type { RequestDecision } from '../../protocols/pmipv4/decide';
import { acceptRequest, decide, denyRequest, discardRequest, expireBinding, retransmitRevocation, serveDhcp, takeRevocationAck } from './steps';
import { retransmitMovement, takeMovementAck } from './movement';
import type { HaConfig, HaContext, HaEvent, HaInput, Step } from './types';

/*
 * The home agent (RFC 5563 §8; the LMA of seed 000 §8). The bindings, tunnels and pending
 * revocations are data in the context; the machine's two states only say whether it anchors any
 * device. Every request goes through `decide` (src/protocols/pmipv4/decide.ts) and the transitions
 * name its outcomes.
 */

export function haConfig(i: HaInput): HaConfig {
  const { env: _env, clockOffsetUs: _offset, revocation, movementNotification, ...rest } = i;
  if (!(i.lifetimeCapSeconds >= 1)) throw new RangeError(`home agent lifetime cap ${i.lifetimeCapSeconds} s is under 1 s`);
  if (i.pool.length === 0 && Object.values(i.subscribers).some((s) => !s.homeAddress)) throw new RangeError('home agent: a subscriber without a fixed home address needs a pool');
  return { ...rest, revocation: revocation ?? true, movementNotification: movementNotification ?? false };
}

interface Enqueue {
  assign(values: Partial<HaContext>): void;
  emit(e: Effect): void;
  raise(e: HaEvent, o: { id: string; delay: number }): void;
  cancel(id: string): void;
}

function perform(enqueue: Enqueue, s: Step): void {
  enqueue.assign({
    bindings: s.bindings, accepted: s.accepted, remembered: s.remembered, tunnels: s.tunnels, revocations: s.revocations, nextGreKey: s.nextGreKey, decisions: s.decisions,
    movements: s.movements, movementSequence: s.movementSequence,
  });
  for (const t of s.timers) {
    if (t.op === 'cancel') enqueue.cancel(t.id);
    else enqueue.raise(t.event, { id: t.id, delay: t.delayMs });
  }
  for (const e of s.effects) enqueue.emit(e);
}

type Ctx = { context: HaContext; event: HaEvent };
const outcome = (kind: RequestDecision['kind']) => ({ context, event }: Ctx): boolean => event.type === 'rx.request' && decide(context, event).decision.kind === kind;

function onDecision<K extends RequestDecision['kind']>(c: HaContext, e: HaEvent, kind: K, run: (c: HaContext, ev: Extract<HaEvent, { type: 'rx.request' }>, d: Extract<RequestDecision, { kind: K }>, f: ReturnType<typeof decide>['facts']) => Step): Step {
  if (e.type !== 'rx.request') throw new Error(`home agent: ${e.type} is not a request`);
  const { facts, decision } = decide(c, e);
  if (decision.kind !== kind) throw new Error(`home agent: expected a ${kind} decision, got ${decision.kind}`);
  return run(c, e, decision as Extract<RequestDecision, { kind: K }>, facts);
}

const naiOf = (e: HaEvent): string => (e as { nai: string }).nai;

export const haMachine = setup({
  types: {
    input: {} as HaInput,
    context: {} as HaContext,
    events: {} as HaEvent,
    emitted: {} as Effect,
  },
  guards: {
    /** RFC 5944 §3.8.2.1: no association to check it with, or nothing to check. */
    'request.isDiscarded': outcome('discard'),
    /** §3.8.2.3, RFC 5563 §8.1: a reply code of 128 and up. */
    'request.isDenied': outcome('deny'),
    'bindingLifetime.hasEnded': ({ context, event }) => {
      const b = event.type === 'timer.lifetime' ? context.bindings[event.nai] : undefined;
      return b !== undefined && b.expiresUs <= context.env.now();
    },
    'revocation.isUnacknowledged': ({ context, event }) => event.type === 'timer.revocation' && context.revocations[event.nai] !== undefined,
    /** RFC 5563 §11.1 step 4: the notification to the previous BS is still unanswered. */
    'movement.isUnanswered': ({ context, event }) => event.type === 'timer.movement' && context.movements[event.nai] !== undefined,
    'bindingList.hasEntries': ({ context }) => Object.keys(context.bindings).length > 0,
  },
  actions: {
    discardRequest: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'discard', discardRequest))),
    denyRequest: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'deny', denyRequest))),
    acceptRequest: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'accept', acceptRequest))),
    takeRevocationAck: enqueueActions(({ context, event, enqueue }) => perform(enqueue, takeRevocationAck(context, event as Extract<HaEvent, { type: 'rx.revocationAck' }>))),
    retransmitRevocation: enqueueActions(({ context, event, enqueue }) => perform(enqueue, retransmitRevocation(context, naiOf(event)))),
    takeMovementAck: enqueueActions(({ context, event, enqueue }) => perform(enqueue, takeMovementAck(context, event as Extract<HaEvent, { type: 'rx.movementAck' }>))),
    retransmitMovement: enqueueActions(({ context, event, enqueue }) => perform(enqueue, retransmitMovement(context, naiOf(event)))),
    expireBinding: enqueueActions(({ context, event, enqueue }) => perform(enqueue, expireBinding(context, naiOf(event)))),
    serveDhcp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, serveDhcp(context, event as Extract<HaEvent, { type: 'rx.dhcp' }>))),
  },
}).createMachine({
  id: 'ha',
  context: ({ input }) => ({
    env: input.env,
    config: haConfig(input),
    clock: trueClock(input.clockOffsetUs ?? 0),
    bindings: {},
    accepted: {},
    remembered: {},
    tunnels: {},
    revocations: {},
    nextGreKey: 0x1000,
    decisions: [],
    movements: {},
    movementSequence: 0,
  }),
  initial: 'idle',
  on: {
    'rx.request': [
      { guard: 'request.isDiscarded', actions: 'discardRequest' },
      { guard: 'request.isDenied', actions: 'denyRequest' },
      { actions: 'acceptRequest' },
    ],
    'rx.revocationAck': { actions: 'takeRevocationAck' },
    'rx.movementAck': { actions: 'takeMovementAck' },
    'rx.dhcp': { actions: 'serveDhcp' },
    'timer.lifetime': { guard: 'bindingLifetime.hasEnded', actions: 'expireBinding' },
    'timer.revocation': { guard: 'revocation.isUnacknowledged', actions: 'retransmitRevocation' },
    'timer.movement': { guard: 'movement.isUnanswered', actions: 'retransmitMovement' },
  },
  states: {
    /** No mobility binding. */
    idle: { always: { guard: 'bindingList.hasEntries', target: 'anchoring' } },
    /** At least one device bound. */
    anchoring: { always: { guard: not('bindingList.hasEntries'), target: 'idle' } },
  },
});
