import { enqueueActions, not, setup } from 'xstate';
import type { Effect } from '../../sim/effects';
import { trueClock } from '../../protocols/pmipv4/identification';
import * as client from './client';
import { Draft } from './draft';
import * as fa from './fa';
import { entryForNode, judgeRadius, judgeReply, judgeRevocation, type ReplyVerdict } from './judge';
import * as nas from './nas';
import { MAX_REQUESTS, type PmaConfig, type PmaContext, type PmaEvent, type PmaInput, type PmaTimerEvent, type VisitorState } from './types';

/*
 * The MAG as Proxy Mobility Agent (RFC 5563 §7; seed 000 §7). Each attached device has a visitor
 * entry whose `state` follows the RFC's steps (types.ts); the machine's two states only say whether
 * the PMA serves anyone. Every transition is a rule named by its guard; the steps are in nas.ts
 * (access router), client.ts (PMIPv4 client) and fa.ts (foreign agent).
 */

/** Bad configuration fails at load (STYLE.md principle 13): the scenario calls this when it builds the PMA. */
export function pmaConfig(i: PmaInput): PmaConfig {
  if (Object.keys(i.accessIfaces).length === 0) throw new RangeError(`PMA ${i.name} has no access interface`);
  if (!(i.lifetimeSeconds >= 1 && i.lifetimeSeconds <= 0xfffe)) throw new RangeError(`PMA ${i.name}: lifetime ${i.lifetimeSeconds} s is not 1 s to 65534 s`);
  if (i.auth === 'fa-ha' && Object.keys(i.faHa).length === 0) throw new RangeError(`PMA ${i.name}: per-node (FA-HA) security needs an FA-HA key`);
  const { env: _env, clockOffsetUs: _offset, revocation, confirmsAttachment, maxRequests, answersMovement, ...rest } = i;
  return { ...rest, revocation: revocation ?? true, confirmsAttachment: confirmsAttachment ?? true, maxRequests: maxRequests ?? MAX_REQUESTS, answersMovement: answersMovement ?? true };
}

interface Enqueue {
  assign(values: Partial<PmaContext>): void;
  emit(e: Effect): void;
  raise(e: PmaTimerEvent, o: { id: string; delay: number }): void;
  cancel(id: string): void;
}

/** Run a step on a Draft of the context, then assign what it changed. */
function perform(enqueue: Enqueue, context: PmaContext, run: (d: Draft) => void): void {
  const d = new Draft(context, { emit: (e) => enqueue.emit(e), raise: (e, o) => enqueue.raise(e, o), cancel: (id) => enqueue.cancel(id) });
  run(d);
  enqueue.assign(d.commit());
}

type Ctx = { context: PmaContext; event: PmaEvent };
type Of<T extends PmaEvent['type']> = Extract<PmaEvent, { type: T }>;
const naiOf = (e: PmaEvent): string => (e as { nai: string }).nai;
const stateOf = (c: PmaContext, e: PmaEvent): VisitorState | undefined => c.visitors[naiOf(e)]?.state;
const replyIs = (...kinds: ReplyVerdict['kind'][]) => ({ context, event }: Ctx): boolean => event.type === 'rx.reply' && kinds.includes(judgeReply(context, event).kind);
const nodeIn = (...states: VisitorState[]) => ({ context, event }: Ctx): boolean => {
  const e = event.type === 'l2.detach' || event.type === 'l2.lost' ? entryForNode(context, event.mn) : undefined;
  return e !== undefined && states.includes(e.state);
};
const nodeNai = (c: PmaContext, e: PmaEvent): string => entryForNode(c, (e as { mn: string }).mn)!.nai;
/** The reply verdict of the kind the guard saw. */
function verdict<K extends ReplyVerdict['kind']>(c: PmaContext, e: PmaEvent, kind: K): Extract<ReplyVerdict, { kind: K }> | undefined {
  const v = judgeReply(c, e as Of<'rx.reply'>);
  return v.kind === kind ? (v as Extract<ReplyVerdict, { kind: K }>) : undefined;
}

export const pmaMachine = setup({
  types: {
    input: {} as PmaInput,
    context: {} as PmaContext,
    events: {} as PmaEvent,
    emitted: {} as Effect,
  },
  guards: {
    'attach.isOnAccessInterface': ({ context, event }) => event.type === 'l2.attach' && context.config.accessIfaces[event.iface] !== undefined,
    /** RFC 2865 §3: the answer to a pending Access-Request, authentic under the shared secret. */
    'radius.answersPendingRequest': ({ context, event }) =>
      (event.type === 'rx.accessAccept' || event.type === 'rx.accessReject') && judgeRadius(context, event).kind === 'answer',
    /** RFC 5944 §3.7.3.1: no pending request has this Identification. */
    'reply.matchesNoRequest': replyIs('unmatched'),
    /** §3.6.2.1, §3.7.3.1: an authenticator is missing or wrong. */
    'reply.isNotAuthentic': replyIs('forged'),
    'reply.answersDeregistration': replyIs('deregistered'),
    'reply.isAccepted': replyIs('accepted'),
    /** §5.7.1: 133, answered once with the clock set from the home agent's. */
    'reply.asksToResynchronise': replyIs('resynchronise'),
    /** RFC 5563 §8.1: 149 or 150. */
    'reply.disallowsProxyRegistration': replyIs('disallowed'),
    /** RFC 3543 §4.2.2.2: authentic, from the home agent, not a replay. */
    'revocation.isAuthentic': ({ context, event }) => event.type === 'rx.revocation' && judgeRevocation(context, event).kind === 'revoke',
    /** The 3GPP2 notification is optional (RFC 5563 §11.1 step 4 "may"): a BS without it ignores it. */
    'movement.isUnderstood': ({ context }) => context.config.answersMovement,
    /** RFC 5563 §11.1 step 4: only the home agent the PMA registers with may say a device has moved. */
    'movement.isFromHomeAgent': ({ context, event }) =>
      event.type === 'rx.movement' && context.config.answersMovement && (context.config.faHa[event.src] !== undefined || Object.values(context.visitors).some((x) => x.homeAgent === event.src)),
    /** RFC 826 on an Ethernet access link: a request about another host (not a gratuitous one). */
    'arp.asksForAnotherHost': ({ context, event }) =>
      event.type === 'rx.arp' && context.config.accessIfaces[event.iface]?.link === 'ethernet' && event.opcode === 1 && event.tpa !== event.spa,
    /** RFC 1332: IPCP runs on a PPP access link. */
    'ipcp.isOnPppLink': ({ context, event }) => event.type === 'rx.ipcp' && context.config.accessIfaces[event.iface]?.link === 'ppp',
    'echo.isForGateway': ({ context, event }) => event.type === 'rx.echo' && event.dst === context.config.home.gateway,
    'authentication.isPending': ({ context, event }) => stateOf(context, event) === 'authenticating',
    'request.isAwaitingReply': ({ context, event }) => context.visitors[naiOf(event)]?.pending !== undefined,
    'binding.isRegistered': ({ context, event }) => stateOf(context, event) === 'registered',
    'visitor.exists': ({ context, event }) => context.visitors[naiOf(event)] !== undefined,
    /** A binding exists or may exist at the home agent: de-register it. */
    'device.mayHaveBinding': nodeIn('registering', 'registered', 'reregistering', 'lapsing'),
    'device.isKnown': nodeIn('authenticating', 'authorized', 'rejected', 'deregistering'),
    'device.isAttached': ({ context, event }) => event.type === 'l2.lost' && entryForNode(context, event.mn)?.attached === true,
    'visitorList.hasEntries': ({ context }) => Object.keys(context.visitors).length > 0,
  },
  actions: {
    startAccessAuthentication: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.startAccessAuthentication(d, event as Of<'l2.attach'>))),
    noteUnknownInterface: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => d.note(`${context.config.name} has no access interface ${(event as { iface: string }).iface}: the attach is ignored.`, 'RFC 5563 §7')),
    ),
    retransmitAccessRequest: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.retransmitAccessRequest(d, naiOf(event)))),
    authorizeDevice: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.authorizeDevice(d, event as Of<'rx.accessAccept'>))),
    denyAccess: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.denyAccess(d, event as Of<'rx.accessReject'>))),
    discardRadiusAnswer: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => nas.discardRadiusAnswer(d, judgeRadius(context, event as Of<'rx.accessAccept'>))),
    ),
    serveDhcp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.serveDhcp(d, event as Of<'rx.dhcp'>))),
    relayToDevice: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.relayToDevice(d, event as Of<'rx.dhcpServer'>))),
    negotiateIpcp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.negotiateIpcp(d, event as Of<'rx.ipcp'>))),
    answerArp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.answerArp(d, event as Of<'rx.arp'>))),
    answerGatewayEcho: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => nas.answerGatewayEcho(d, event as Of<'rx.echo'>))),
    ignoreReply: enqueueActions(({ context, event, enqueue }) => {
      const v = judgeReply(context, event as Of<'rx.reply'>);
      if (v.kind === 'unmatched' || v.kind === 'forged') perform(enqueue, context, (d) => client.ignoreReply(d, v));
    }),
    completeDeregistration: enqueueActions(({ context, event, enqueue }) => {
      const v = verdict(context, event, 'deregistered');
      if (v) perform(enqueue, context, (d) => client.completeDeregistration(d, v));
    }),
    /** RFC 5563 §4.1.1 steps 4-5: the binding, then the answers the device has been waiting for. */
    establishBinding: enqueueActions(({ context, event, enqueue }) => {
      const v = verdict(context, event, 'accepted');
      if (v) {
        perform(enqueue, context, (d) => {
          client.acceptReply(d, v);
          nas.answerWaiting(d, v.nai);
        });
      }
    }),
    resynchroniseAndRetry: enqueueActions(({ context, event, enqueue }) => {
      const v = verdict(context, event, 'resynchronise');
      if (v) perform(enqueue, context, (d) => client.resynchroniseAndRetry(d, v));
    }),
    stopProxyRegistrations: enqueueActions(({ context, event, enqueue }) => {
      const v = verdict(context, event, 'disallowed');
      if (v) perform(enqueue, context, (d) => client.stopProxyRegistrations(d, v));
    }),
    denyService: enqueueActions(({ context, event, enqueue }) => {
      const v = verdict(context, event, 'denied');
      if (v) perform(enqueue, context, (d) => client.denyService(d, v));
    }),
    revokeBinding: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Of<'rx.revocation'>;
      perform(enqueue, context, (d) => fa.revokeBinding(d, judgeRevocation(context, e), { address: e.src, port: e.srcport }));
    }),
    releaseMovedDevice: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => fa.releaseMovedDevice(d, event as Of<'rx.movement'>))),
    discardMovement: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => d.note(`${context.config.name} discards a movement notification from ${(event as Of<'rx.movement'>).src}, which is not a home agent it registers with.`, 'RFC 5563 §11.1')),
    ),
    discardRevocation: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => fa.discardRevocation(d, judgeRevocation(context, event as Of<'rx.revocation'>)))),
    retransmitOrGiveUp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => client.retransmitOrGiveUp(d, naiOf(event)))),
    reregister: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => client.reregister(d, naiOf(event)))),
    expireVisitor: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => fa.expireVisitor(d, naiOf(event)))),
    deregister: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => client.deregister(d, nodeNai(context, event)))),
    forgetDevice: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => fa.forgetDevice(d, nodeNai(context, event)))),
    noteDeviceLost: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => fa.noteDeviceLost(d, nodeNai(context, event)))),
  },
}).createMachine({
  id: 'pma',
  context: ({ input }) => ({
    env: input.env,
    config: pmaConfig(input),
    clock: trueClock(input.clockOffsetUs ?? 0),
    radiusId: 0,
    ipcpId: 0,
    nextGreKey: 0,
    visitors: {},
    tunnels: {},
    refusedBy: {},
    revocations: {},
  }),
  initial: 'idle',
  // Transitions without a target: per-device state is data in the entries; `always` moves between the two states.
  on: {
    'l2.attach': [{ guard: 'attach.isOnAccessInterface', actions: 'startAccessAuthentication' }, { actions: 'noteUnknownInterface' }],
    'l2.detach': [
      { guard: 'device.mayHaveBinding', actions: 'deregister' },
      { guard: 'device.isKnown', actions: 'forgetDevice' },
    ],
    'l2.lost': { guard: 'device.isAttached', actions: 'noteDeviceLost' },
    'rx.accessAccept': [{ guard: 'radius.answersPendingRequest', actions: 'authorizeDevice' }, { actions: 'discardRadiusAnswer' }],
    'rx.accessReject': [{ guard: 'radius.answersPendingRequest', actions: 'denyAccess' }, { actions: 'discardRadiusAnswer' }],
    'rx.reply': [
      { guard: 'reply.matchesNoRequest', actions: 'ignoreReply' },
      { guard: 'reply.isNotAuthentic', actions: 'ignoreReply' },
      { guard: 'reply.answersDeregistration', actions: 'completeDeregistration' },
      { guard: 'reply.isAccepted', actions: 'establishBinding' },
      { guard: 'reply.asksToResynchronise', actions: 'resynchroniseAndRetry' },
      { guard: 'reply.disallowsProxyRegistration', actions: 'stopProxyRegistrations' },
      { actions: 'denyService' },
    ],
    'rx.revocation': [{ guard: 'revocation.isAuthentic', actions: 'revokeBinding' }, { actions: 'discardRevocation' }],
    'rx.movement': [{ guard: 'movement.isFromHomeAgent', actions: 'releaseMovedDevice' }, { guard: 'movement.isUnderstood', actions: 'discardMovement' }],
    'rx.dhcp': { actions: 'serveDhcp' },
    'rx.dhcpServer': { actions: 'relayToDevice' },
    'rx.ipcp': { guard: 'ipcp.isOnPppLink', actions: 'negotiateIpcp' },
    'rx.arp': { guard: 'arp.asksForAnotherHost', actions: 'answerArp' },
    'rx.echo': { guard: 'echo.isForGateway', actions: 'answerGatewayEcho' },
    'timer.radius': { guard: 'authentication.isPending', actions: 'retransmitAccessRequest' },
    'timer.reply': { guard: 'request.isAwaitingReply', actions: 'retransmitOrGiveUp' },
    'timer.renew': { guard: 'binding.isRegistered', actions: 'reregister' },
    'timer.lifetime': { guard: 'visitor.exists', actions: 'expireVisitor' },
  },
  states: {
    /** No device attached. */
    idle: { always: { guard: 'visitorList.hasEntries', target: 'serving' } },
    /** At least one visitor entry. */
    serving: { always: { guard: not('visitorList.hasEntries'), target: 'idle' } },
  },
});
