import { enqueueActions, not, setup } from 'xstate';
import type { Effect } from '../../sim/effects';
import { TIME_OF_DAY_EPOCH_US } from '../../protocols/pmipv6';
import { linkLocalAddress } from '../../protocols/slaac';
import { Draft } from './draft';
import { ipv4TransportConfig, refreshNatBinding } from './ipv4-transport';
import { onServerMessage } from './dhcp-as-relay';
import { answerArp, answerEcho } from './gateway';
import { onClientMessage } from './ipv4-home';
import { isMagIpv4Address, magIpv4HomeConfig } from './ipv4-home-config';
import { entryForNode, entryForSolicitation, judgePba, judgeRadius, type PbaVerdict } from './judge';
import * as life from './lifecycle';
import * as step from './steps';
import {
  INITIAL_BINDACK_TIMEOUT_MS, MAX_PBU_TRANSMISSIONS, type BulState, type MagConfig, type MagContext, type MagEvent, type MagInput, type MagTimerEvent,
} from './types';

/*
 * The mobile access gateway (RFC 5213 §6; the "proxy mobile agent" of seed 001 §6). Each attached
 * mobile node has a Binding Update List entry whose `state` follows the RFC's steps (types.ts);
 * the machine's two states only say whether the MAG serves anyone. Every transition is a rule of
 * RFC 5213 §6.9 named by its guard; steps.ts does what the rule says.
 */

/**
 * The configuration with its defaults. Bad configuration fails at load (STYLE.md principle 13): the
 * scenario calls this when it builds the MAG, since XState would turn a throw in `context` into an
 * actor error.
 */
export function magConfig(i: MagInput): MagConfig {
  if (Object.keys(i.accessIfaces).length === 0) throw new RangeError(`MAG ${i.name} has no access interface`);
  const lifetimeSeconds = i.lifetimeSeconds ?? 60;
  if (!(lifetimeSeconds >= 4 && lifetimeSeconds <= 0xffff * 4)) throw new RangeError(`MAG ${i.name}: lifetime ${lifetimeSeconds} s is not 4 s to 262140 s`);
  const maxPbuTransmissions = i.maxPbuTransmissions ?? MAX_PBU_TRANSMISSIONS;
  if (!(maxPbuTransmissions >= 1)) throw new RangeError(`MAG ${i.name}: maxPbuTransmissions must be at least 1`);
  return {
    name: i.name,
    proxyCoa: i.proxyCoa,
    coreIface: i.coreIface,
    aaa: { address: i.aaa.address, secret: i.aaa.secret, nasAddress: i.aaa.nasAddress ?? i.proxyCoa },
    defaultLmaa: i.defaultLmaa,
    accessIfaces: Object.fromEntries(Object.entries(i.accessIfaces).map(([name, a]) => [name, { ...a, linkLocal: a.linkLocal ?? linkLocalAddress(a.mac) }])),
    lifetimeSeconds,
    epochUs: i.epochUs ?? TIME_OF_DAY_EPOCH_US,
    clockOffsetUs: i.clockOffsetUs ?? 0,
    timestamps: i.timestamps ?? true,
    linkLocalFromLma: i.linkLocalFromLma ?? false,
    homeNetworkPrefixOption: i.homeNetworkPrefixOption ?? true,
    ra: { routerLifetime: 1800, validLifetime: 2_592_000, preferredLifetime: 604_800, managed: false, other: false, ...i.ra },
    initialBindackTimeoutMs: i.initialBindackTimeoutMs ?? INITIAL_BINDACK_TIMEOUT_MS,
    maxPbuTransmissions,
    ...(i.ipv4Transport ? { ipv4Transport: ipv4TransportConfig(i.name, i.ipv4Transport) } : {}),
    ...(i.ipv4Home ? { ipv4Home: magIpv4HomeConfig(i.name, i.ipv4Home) } : {}),
  };
}

/** The part of XState's `enqueue` a step needs. */
interface Enqueue {
  assign(values: Partial<MagContext>): void;
  emit(e: Effect): void;
  raise(e: MagTimerEvent, o: { id: string; delay: number }): void;
  cancel(id: string): void;
}

/** Run a step on a Draft of the context, then assign what it changed. */
function perform(enqueue: Enqueue, context: MagContext, run: (d: Draft) => void): void {
  const d = new Draft(context, { emit: (e) => enqueue.emit(e), raise: (e, o) => enqueue.raise(e, o), cancel: (id) => enqueue.cancel(id) });
  run(d);
  enqueue.assign(d.commit());
}

type Ctx = { context: MagContext; event: MagEvent };
const naiOf = (e: MagEvent): string => (e as { nai: string }).nai;
const stateOf = (c: MagContext, e: MagEvent): BulState | undefined => c.bul[naiOf(e)]?.state;
const pbaIs = (kind: PbaVerdict['kind']) => ({ context, event }: Ctx): boolean => event.type === 'rx.pba' && judgePba(context, event).kind === kind;
const nodeIn = (...states: BulState[]) => ({ context, event }: Ctx): boolean => {
  const e = event.type === 'l2.detach' || event.type === 'l2.lost' ? entryForNode(context, event.mn) : undefined;
  return e !== undefined && states.includes(e.state);
};
const nodeNai = (c: MagContext, e: MagEvent): string => entryForNode(c, (e as { mn: string }).mn)!.nai;

export const magMachine = setup({
  types: {
    input: {} as MagInput,
    context: {} as MagContext,
    events: {} as MagEvent,
    emitted: {} as Effect,
  },
  guards: {
    'attach.isOnAccessInterface': ({ context, event }) => event.type === 'l2.attach' && context.config.accessIfaces[event.iface] !== undefined,
    /** RFC 2865 §3: the answer to a pending Access-Request, authentic under the shared secret. */
    'radius.answersPendingRequest': ({ context, event }) =>
      (event.type === 'rx.accessAccept' || event.type === 'rx.accessReject') && judgeRadius(context, event).kind === 'answer',
    /** RFC 5213 §6.9.1.2 ¶5: no PBU sent recently matches it. */
    'pba.matchesNoRequest': pbaIs('unmatched'),
    /** ¶6: HI, ATT, MN-LLI or MN-ID differ from the request. */
    'pba.doesNotEchoRequest': pbaIs('misechoed'),
    /** §6.9.1.4: the answer to a de-registration, whatever its status. */
    'pba.answersDeregistration': pbaIs('deregistered'),
    'pba.isAccepted': pbaIs('accepted'),
    /** ¶8: 157, register again (once). */
    'pba.asksToReassertPresence': pbaIs('reassert'),
    /** ¶10: 155 for a named prefix, ask for any (once). */
    'pba.refusesRequestedPrefix': pbaIs('askAssignment'),
    'rs.isOnAccessInterface': ({ context, event }) => event.type === 'rx.rs' && context.config.accessIfaces[event.iface] !== undefined,
    'timer.isForCurrentEntry': ({ context, event }) => context.bul[naiOf(event)] !== undefined,
    'pbu.isAwaitingAnswer': ({ context, event }) => context.bul[naiOf(event)]?.pending !== undefined,
    'binding.isRegistered': ({ context, event }) => stateOf(context, event) === 'registered',
    'authentication.isPending': ({ context, event }) => stateOf(context, event) === 'authenticating',
    /** A binding exists or may exist at the LMA: de-register it (§6.9.1.4). */
    'mn.mayHaveBinding': nodeIn('registering', 'registered', 'reregistering', 'lapsing'),
    /** A renewal is due or under way, and the MN may no longer be there (§6.13). */
    'mn.isRegistered': nodeIn('registered', 'reregistering'),
    'mn.isKnown': nodeIn('authenticating', 'authorized', 'rejected', 'registering'),
    /** Seed 002 §3.1: the MAG serves or relays DHCP for the MNs on its access links. */
    'dhcp.comesFromAccessLink': ({ context, event }) =>
      event.type === 'rx.dhcpClient' && context.config.ipv4Home !== undefined && context.config.accessIfaces[event.iface] !== undefined,
    /** RFC 2131 §4.1: a server's answer comes back to the relay that set giaddr. */
    'dhcp.answersRelay': ({ context }) => context.config.ipv4Home?.dhcp === 'relay',
    /** RFC 5844 §3.2.3.2: an ARP request on an access link for one of the MAG's IPv4 addresses. */
    'arp.asksForMagAddress': ({ context, event }) =>
      event.type === 'rx.arpRequest' && context.config.accessIfaces[event.iface] !== undefined && isMagIpv4Address(context.config, event.tpa),
    'echo.isForMagAddress': ({ context, event }) => event.type === 'rx.echo4' && isMagIpv4Address(context.config, event.dst),
    'bindingUpdateList.hasEntries': ({ context }) => Object.keys(context.bul).length > 0,
  },
  actions: {
    startAccessAuthentication: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.startAccessAuthentication(d, event as Extract<MagEvent, { type: 'l2.attach' }>)),
    ),
    noteUnknownInterface: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => d.note(`${context.config.name} has no access interface ${(event as { iface: string }).iface}: the attach is ignored.`, 'RFC 5213 §6.3')),
    ),
    retransmitAccessRequest: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => step.retransmitAccessRequest(d, naiOf(event)))),
    registerAuthorizedMn: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.registerAuthorizedMn(d, event as Extract<MagEvent, { type: 'rx.accessAccept' }>)),
    ),
    denyAccess: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.denyAccess(d, event as Extract<MagEvent, { type: 'rx.accessReject' }>)),
    ),
    discardRadiusAnswer: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.discardRadiusAnswer(d, judgeRadius(context, event as Extract<MagEvent, { type: 'rx.accessAccept' }>))),
    ),
    answerSolicitation: enqueueActions(({ context, event, enqueue }) => {
      const rs = event as Extract<MagEvent, { type: 'rx.rs' }>;
      perform(enqueue, context, (d) => step.answerSolicitation(d, rs, entryForSolicitation(context, rs)));
    }),
    ignorePba: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.ignorePba(d, judgePba(context, event as Extract<MagEvent, { type: 'rx.pba' }>))),
    ),
    haltOnMisechoedPba: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.haltOnMisechoedPba(d, event as Extract<MagEvent, { type: 'rx.pba' }>)),
    ),
    completeDeregistration: enqueueActions(({ context, event, enqueue }) => {
      const v = judgePba(context, event as Extract<MagEvent, { type: 'rx.pba' }>);
      if (v.kind === 'deregistered') perform(enqueue, context, (d) => life.completeDeregistration(d, v.nai, v.status));
    }),
    establishBinding: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.establishBinding(d, event as Extract<MagEvent, { type: 'rx.pba' }>)),
    ),
    registerAgain: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.registerAgain(d, event as Extract<MagEvent, { type: 'rx.pba' }>)),
    ),
    denyMobilityService: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => step.denyMobilityService(d, event as Extract<MagEvent, { type: 'rx.pba' }>)),
    ),
    retransmitOrGiveUp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => life.onPbaTimeout(d, naiOf(event)))),
    extendBindingLifetime: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => life.extendBindingLifetime(d, naiOf(event)))),
    answerOrRelayDhcp: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => onClientMessage(d, event as Extract<MagEvent, { type: 'rx.dhcpClient' }>)),
    ),
    answerArp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => answerArp(d, event as Extract<MagEvent, { type: 'rx.arpRequest' }>))),
    answerEcho: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => answerEcho(d, event as Extract<MagEvent, { type: 'rx.echo4' }>))),
    passOnDhcpAnswer: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, context, (d) => onServerMessage(d, event as Extract<MagEvent, { type: 'rx.dhcpServer' }>)),
    ),
    refreshNatBinding: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => refreshNatBinding(d, naiOf(event)))),
    expireBinding: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => life.expireBinding(d, naiOf(event)))),
    deregister: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => life.deregister(d, nodeNai(context, event)))),
    forgetMn: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => life.forgetMn(d, nodeNai(context, event)))),
    stopExtendingBinding: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (d) => life.stopExtendingBinding(d, nodeNai(context, event)))),
  },
}).createMachine({
  id: 'mag',
  context: ({ input }) => ({ env: input.env, config: magConfig(input), seq: 0, radiusId: 0, bul: {}, tunnels: {} }),
  initial: 'idle',
  // Transitions without a target: per-MN state is data in the entries; `always` moves between the two states.
  on: {
    'l2.attach': [{ guard: 'attach.isOnAccessInterface', actions: 'startAccessAuthentication' }, { actions: 'noteUnknownInterface' }],
    'l2.detach': [
      { guard: 'mn.mayHaveBinding', actions: 'deregister' },
      { guard: 'mn.isKnown', actions: 'forgetMn' },
    ],
    'l2.lost': [
      { guard: 'mn.isRegistered', actions: 'stopExtendingBinding' },
      { guard: 'mn.isKnown', actions: 'forgetMn' },
    ],
    'rx.accessAccept': [{ guard: 'radius.answersPendingRequest', actions: 'registerAuthorizedMn' }, { actions: 'discardRadiusAnswer' }],
    'rx.accessReject': [{ guard: 'radius.answersPendingRequest', actions: 'denyAccess' }, { actions: 'discardRadiusAnswer' }],
    'rx.rs': { guard: 'rs.isOnAccessInterface', actions: 'answerSolicitation' },
    'rx.dhcpClient': { guard: 'dhcp.comesFromAccessLink', actions: 'answerOrRelayDhcp' },
    'rx.dhcpServer': { guard: 'dhcp.answersRelay', actions: 'passOnDhcpAnswer' },
    'rx.arpRequest': { guard: 'arp.asksForMagAddress', actions: 'answerArp' },
    'rx.echo4': { guard: 'echo.isForMagAddress', actions: 'answerEcho' },
    'rx.pba': [
      { guard: 'pba.matchesNoRequest', actions: 'ignorePba' },
      { guard: 'pba.doesNotEchoRequest', actions: 'haltOnMisechoedPba' },
      { guard: 'pba.answersDeregistration', actions: 'completeDeregistration' },
      { guard: 'pba.isAccepted', actions: 'establishBinding' },
      { guard: 'pba.asksToReassertPresence', actions: 'registerAgain' },
      { guard: 'pba.refusesRequestedPrefix', actions: 'registerAgain' },
      { actions: 'denyMobilityService' },
    ],
    'timer.radiusRetransmit': { guard: 'authentication.isPending', actions: 'retransmitAccessRequest' },
    'timer.pbaRetransmit': { guard: 'pbu.isAwaitingAnswer', actions: 'retransmitOrGiveUp' },
    'timer.renew': { guard: 'binding.isRegistered', actions: 'extendBindingLifetime' },
    'timer.natRefresh': { guard: 'binding.isRegistered', actions: 'refreshNatBinding' },
    'timer.lifetime': { guard: 'timer.isForCurrentEntry', actions: 'expireBinding' },
  },
  states: {
    /** No mobile node attached. */
    idle: { always: { guard: 'bindingUpdateList.hasEntries', target: 'serving' } },
    /** At least one entry in the binding update list. */
    serving: { always: { guard: not('bindingUpdateList.hasEntries'), target: 'idle' } },
  },
});
