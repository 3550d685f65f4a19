import { enqueueActions, setup } from 'xstate';
import type { EntityDefinition, Effect } from '../sim/effects';
import type { Tables } from '../sim/trace';
import type { LayerValue } from '../wire/core';
import { DHCPV6_SERVER_PORT, DHCPV6_TYPE, type Dhcpv6Message } from '../wire/dhcpv6';
import { NETLMM_TYPE } from '../wire/netlmm';
import { associationRows, sctpReceive, sctpTimer } from '../protocols/netlmm/sctp-endpoint';
import { advertise, relayToClient, relayToServer, snoopDad } from './netlmm-mag/access';
import { routeRows } from './netlmm-mag/data-plane';
import { onAttach, onContext, onDetach, onForwardingEnd, onHandoverStart, onHold, onIdentify } from './netlmm-mag/handover';
import { onNotification, onRefresh, sendTrigger } from './netlmm-mag/registration';
import { cite, entryOnIface, setEntry, type MagRun, type NetlmmMagConfig, type NetlmmMagContext, type NetlmmMagEvent, type NetlmmMagInput } from './netlmm-mag/types';
import { runRule } from './netlmm-run';
import { performSctp, SCTP_TIMER_NAMES, sctpArrival, type SctpEnqueue } from './netlmm-sctp';

/*
 * The MAG of seed 003: the tunnel end-point the draft keeps apart from the signalling. It attaches
 * MNs and advertises the LMD prefix, relays their DHCPv6 and learns the pHoA (§4.1 steps 1-2), or
 * watches the MN's own DAD (Appendix B); it Triggers the MN's PMIP client over SCTP and brings the
 * tunnel to the LMA up when the Notification brings the PBA (§4.9); at a handoff it hands the MN's
 * context to the new MAG and forwards its data there (§4.2, Appendix D). The rules are in
 * netlmm-mag/; this file says which event goes where.
 */

export type { NetlmmMagContext, NetlmmMagEvent, NetlmmMagInput } from './netlmm-mag/types';
export { holdsForwarded, holdsUplink } from './netlmm-mag/handover';

/** Bad configuration fails at load (STYLE.md principle 13): the scenario calls this when it builds the MAG. */
export function netlmmMagConfig(i: NetlmmMagInput): NetlmmMagConfig {
  if (Object.keys(i.accessIfaces).length === 0) throw new RangeError(`${i.name} has no access interface`);
  if (i.addressing === 'dhcp' && !i.dhcpServer) throw new RangeError(`${i.name} relays DHCPv6 but has no server to relay to`);
  if (!(i.forwardingMs > 0)) throw new RangeError(`${i.name}: the forwarding time must be positive`);
  return {
    name: i.name,
    address: i.address,
    lmaa: i.lmaa,
    client: i.client,
    accessIfaces: i.accessIfaces,
    prefix: i.prefix,
    addressing: i.addressing,
    ...(i.dhcpServer ? { dhcpServer: i.dhcpServer } : {}),
    forwarding: i.forwarding,
    forwardingMs: i.forwardingMs,
    identifyMs: i.identifyMs ?? 500,
    ra: { routerLifetime: 1800, validLifetime: 2_592_000, preferredLifetime: 604_800, ...i.ra },
  };
}

const apply = (context: NetlmmMagContext, enqueue: unknown, f: (run: MagRun) => void): void => runRule(context, enqueue, f);
const isFrom = (...types: number[]) => ({ event }: { event: NetlmmMagEvent }): boolean => event.type === 'rx.netlmm' && types.includes(event.message.type);

export const netlmmMagMachine = setup({
  types: {
    input: {} as NetlmmMagInput,
    context: {} as NetlmmMagContext,
    events: {} as NetlmmMagEvent,
    emitted: {} as Effect,
  },
  guards: {
    'message.isNotification': isFrom(NETLMM_TYPE.Notification),
    'message.isContext': isFrom(NETLMM_TYPE.Context),
    'attach.isOnAccessLink': ({ context, event }) => event.type === 'l2.attach' && context.config.accessIfaces[event.iface] !== undefined,
  },
  actions: {
    runSctp: enqueueActions(({ context, event, enqueue }) => {
      const s =
        event.type === 'rx.sctp'
          ? sctpReceive(context.sctp, context.config.address, event.src, event.sctp, context.env.random)
          : sctpTimer(context.sctp, event as Extract<NetlmmMagEvent, { type: 'timer.sctpT1' | 'timer.sctpT3' }>);
      enqueue.assign({ sctp: s.associations });
      performSctp(enqueue as unknown as SctpEnqueue, s);
    }),
    attach: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'l2.attach' && onAttach(run, event))),
    detach: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'l2.detach' && onDetach(run, event.mn))),
    handOver: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'l2.handover' && onHandoverStart(run, event.mn, event.to))),
    answerSolicitation: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        const e = event.type === 'rx.rs' ? entryOnIface(run.ctx, event.iface) : undefined;
        if (e) advertise(run, e, 'solicited');
      }),
    ),
    relayRequest: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => event.type === 'rx.dhcpClient' && relayToServer(run, event.iface, event.src, event.message)),
    ),
    relayAnswer: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type !== 'rx.dhcpRelay') return;
        const e = relayToClient(run, event.message);
        if (e && e.state !== 'serving' && e.state !== 'triggered') sendTrigger(run, e, 'attach');
      }),
    ),
    watchDad: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type !== 'rx.dadNs') return;
        const e = snoopDad(run, event.iface, event.target);
        if (e) sendTrigger(run, e, 'attach');
      }),
    ),
    takeNotification: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'rx.netlmm' && onNotification(run, event.from, event.message))),
    takeContext: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'rx.netlmm' && onContext(run, event.from, event.message))),
    /** RFC 9260 §8.2: the client (or the other MAG) is unreachable. */
    noteUnreachable: enqueueActions(({ context, event, enqueue }) =>
      apply(context, enqueue, (run) => {
        if (event.type !== 'sctp.failed') return;
        const e = Object.values(run.ctx.entries).find((x) => x.transaction === event.message.transaction && x.client === event.to);
        if (e) setEntry(run, { ...e, state: 'refused', reason: `${event.to} cannot be reached` });
        run.note(`${run.ctx.config.name} cannot reach ${event.to}: its ${event.message.type === NETLMM_TYPE.Trigger ? 'Trigger' : 'message'} is lost.`, cite('§4.9.3; RFC 9260 §8.2'));
      }),
    ),
    hold: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'data.hold' && onHold(run, event.packet, event.direction))),
    refresh: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'timer.refresh' && onRefresh(run, event.mnId))),
    stopForwarding: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'timer.forwarding' && onForwardingEnd(run, event.mnId))),
    identify: enqueueActions(({ context, event, enqueue }) => apply(context, enqueue, (run) => event.type === 'timer.identify' && onIdentify(run, event.mnId))),
  },
}).createMachine({
  id: 'netlmmMag',
  initial: 'serving',
  context: ({ input }) => ({ env: input.env, config: netlmmMagConfig(input), entries: {}, tunnels: {}, nextTransaction: input.env.random() >>> 0, sctp: {} }),
  // Per-MN state is data (netlmm-mag/types.ts): the machine itself always serves.
  states: {
    serving: {
      on: {
        'l2.attach': { guard: 'attach.isOnAccessLink', actions: 'attach' },
        'l2.detach': { actions: 'detach' },
        'l2.handover': { actions: 'handOver' },
        'rx.rs': { actions: 'answerSolicitation' },
        'rx.dhcpClient': { actions: 'relayRequest' },
        'rx.dhcpRelay': { actions: 'relayAnswer' },
        'rx.dadNs': { actions: 'watchDad' },
        'rx.sctp': { actions: 'runSctp' },
        'timer.sctpT1': { actions: 'runSctp' },
        'timer.sctpT3': { actions: 'runSctp' },
        'rx.netlmm': [
          { guard: 'message.isNotification', actions: 'takeNotification' },
          { guard: 'message.isContext', actions: 'takeContext' },
        ],
        'sctp.failed': { actions: 'noteUnreachable' },
        'data.hold': { actions: 'hold' },
        'timer.refresh': { actions: 'refresh' },
        'timer.forwarding': { actions: 'stopForwarding' },
        'timer.identify': { actions: 'identify' },
      },
    },
  },
});

/** SCTP, the MNs' RS, DHCPv6 and DAD on the access links, and the server's Relay-reply. Tunnelled packets are the node's. */
export function netlmmMagEvent(d: { packet: LayerValue; iface: string; tunnel?: string }): NetlmmMagEvent | undefined {
  const ip = d.packet;
  if (ip.proto !== 'ipv6' || d.tunnel) return undefined;
  const sctp = sctpArrival(ip);
  if (sctp) return sctp;
  const l4 = ip.payload as LayerValue | undefined;
  if (l4?.proto === 'udp' && l4.dstport === DHCPV6_SERVER_PORT) {
    const m = l4.payload as Dhcpv6Message | undefined;
    if (m?.proto !== 'dhcpv6') return undefined;
    if (m.msgtype === DHCPV6_TYPE.RelayRepl) return { type: 'rx.dhcpRelay', src: ip.src as string, message: m };
    if (m.msgtype === DHCPV6_TYPE.Solicit || m.msgtype === DHCPV6_TYPE.Request) return { type: 'rx.dhcpClient', iface: d.iface, src: ip.src as string, message: m };
    return undefined;
  }
  if (l4?.proto === 'icmpv6' && l4.type === 133) return { type: 'rx.rs', iface: d.iface, src: ip.src as string };
  // RFC 4862 §5.4.2: a DAD probe comes from the unspecified address.
  if (l4?.proto === 'icmpv6' && l4.type === 135 && ip.src === '::') return { type: 'rx.dadNs', iface: d.iface, target: l4.target as string };
  return undefined;
}

export function netlmmMagTables(context: unknown): Tables {
  const c = context as NetlmmMagContext;
  const entries = Object.values(c.entries);
  return {
    'Mobile nodes': entries.map((e) => ({
      'MN identifier': e.mnId,
      pHoA: e.pHoA ?? null,
      state: e.reason ? `${e.state} (${e.reason})` : e.state,
      'PMIP client': e.client,
      link: e.iface ?? null,
      from: e.fromMag ?? null,
      to: e.toMag ?? null,
      held: e.buffered.length + e.heldUplink.length,
      'lifetime (s)': e.lifetimeSeconds ?? null,
    })),
    Tunnels: Object.entries(c.tunnels).map(([id, t]) => ({ id, remote: t.remote, users: t.users.length, MNs: t.users.join(', ') })),
    Routes: routeRows(entries),
    'SCTP associations': associationRows(c.sctp),
  };
}

export const netlmmMag: EntityDefinition<NetlmmMagEvent> = {
  role: 'MAG',
  machine: netlmmMagMachine,
  toEvent: netlmmMagEvent,
  tables: netlmmMagTables,
  timers: {
    ...SCTP_TIMER_NAMES,
    'timer.refresh': 'binding refresh',
    'timer.forwarding': 'data forwarding',
    'timer.identify': 'wait for an address request',
  },
};
