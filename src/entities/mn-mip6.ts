import { and, assign, emit, enqueueActions, not, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { routerSolicitation } from '../wire/icmpv6';
import { ipv6Packet } from '../wire/ipv6';
import { sourceLinkLayer } from '../wire/ndp';
import { ALL_ROUTERS, isValidAdvertisement, ND_HOP_LIMIT, readAdvertisement, updateRouterList, type Advertisement, type DefaultRouter } from '../protocols/nd-host';
import { autoconfigure, interfaceIdFromMac, linkLocalAddress } from '../protocols/slaac';
import type { Effect, EntityDefinition, Env } from '../sim/effects';
import { bindingUpdatePacket, dadPacket, echoReplyPacket, readBindingAck, readDhcpv6Reply, solicitPacket } from './mn-mip6/messages';

/*
 * The mobile node of seed 003: an IPv6 host that gets its proxy home address (pHoA) in the local
 * mobility domain by DHCPv6 through the MAG (§4.1 step 2) or by stateless autoconfiguration
 * (Appendix B), checks it with Duplicate Address Detection (RFC 4862 §5.4; RFC 8415 §18.2.10.1),
 * and, being Mobile IPv6-capable, binds its global home address (HoA) to the pHoA at the GMA
 * (§4.1 step 7; RFC 6275 §11.7.1). Inside the LMD it never moves as far as it can tell: every MAG
 * advertises the same prefix from the same router address (§3), so after a handoff it keeps its
 * pHoA and sends no new Binding Update (§4.6).
 */

/** RFC 4861 §10: RetransTimer, the time DAD waits for a defence of the tentative address. */
export const RETRANS_TIMER_MS = 1000;
/** RFC 8415 §7.6: SOL_TIMEOUT, the first Solicit retransmission timeout. */
export const SOL_TIMEOUT_MS = 1000;
/** RFC 6275 §13: INITIAL_BINDACK_TIMEOUT. */
export const INITIAL_BINDACK_TIMEOUT_MS = 1000;
const MAX_BINDACK_TIMEOUT_MS = 32_000;

export interface MnMip6Input {
  env: Env;
  name: string;
  iface: string;
  mac: string;
  /** Mobile IPv6-capable: bind the HoA at the GMA (default true). */
  mip6?: boolean;
  hoa: string;
  gma: string;
  /** The binding lifetime it asks the GMA for, s. */
  lifetimeSeconds: number;
  /** Delay before the first RS and the first Solicit (RFC 4861 §6.3.7, RFC 8415 §18.2.1 let it be random; the scenario pins it). */
  startDelayMs: number;
}

export interface MnMip6Context {
  env: Env;
  name: string;
  iface: string;
  mac: string;
  mip6: boolean;
  hoa: string;
  gma: string;
  lifetimeSeconds: number;
  startDelayMs: number;
  routers: DefaultRouter[];
  /** The address being checked by DAD. */
  tentative?: string | undefined;
  pHoA?: string;
  dhcp?: { xid: number; tries: number; startedUs: number };
  /** `refreshDue`: the refresh time came while the MN had no link; it refreshes once it hears a router. */
  binding: { seq: number; tries: number; bound: boolean; refreshDue: boolean; lifetimeSeconds?: number };
  echoAnswered: number;
}

export type MnMip6Event =
  | { type: 'l2.attach'; iface?: string }
  | { type: 'l2.detach' }
  | ({ type: 'rx.ra' } & Advertisement)
  | { type: 'rx.dhcpReply'; xid: number; address: string }
  | { type: 'rx.na'; target: string }
  | { type: 'rx.back'; src: string; status: number; seq: number; lifetimeSeconds: number }
  | { type: 'rx.echoRequest'; src: string; dst: string; ident: number; seq: number; data?: Uint8Array }
  | { type: 'timer.rs' }
  | { type: 'timer.solicit' }
  | { type: 'timer.dad' }
  | { type: 'timer.bindingRetransmit' }
  | { type: 'timer.bindingRefresh' };

type Ra = Extract<MnMip6Event, { type: 'rx.ra' }>;
const SEED = 'draft-singh-netlmm-protocol-02';

export const mnMip6Machine = setup({
  types: {
    input: {} as MnMip6Input,
    context: {} as MnMip6Context,
    events: {} as MnMip6Event,
    emitted: {} as Effect,
  },
  guards: {
    'ra.isValid': ({ event }) => event.type === 'rx.ra' && isValidAdvertisement(event),
    'address.isKnown': ({ context }) => context.pHoA !== undefined,
    'binding.isNeeded': ({ context }) => context.mip6 && (!context.binding.bound || context.binding.refreshDue),
    'ra.asksForDhcp': ({ event }) => event.type === 'rx.ra' && event.managed,
    'ra.offersAutoconfiguration': ({ event }) => event.type === 'rx.ra' && event.prefixes.some((p) => p.autonomous),
    'reply.isOurs': ({ context, event }) => event.type === 'rx.dhcpReply' && event.xid === context.dhcp?.xid,
    'na.defendsTentative': ({ context, event }) => event.type === 'rx.na' && event.target === context.tentative,
    'back.answersUpdate': ({ context, event }) => event.type === 'rx.back' && event.src === context.gma && event.seq === context.binding.seq,
    'back.isAccepted': ({ event }) => event.type === 'rx.back' && event.status < 128,
    'echo.isForUs': ({ context, event }) => event.type === 'rx.echoRequest' && (event.dst === context.pHoA || (context.binding.bound && event.dst === context.hoa)),
  },
  actions: {
    configureLinkLocal: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'address.add', iface: context.iface, addr: `${linkLocalAddress(context.mac)}/64` });
    }),
    scheduleSolicitation: enqueueActions(({ context, enqueue }) => enqueue.raise({ type: 'timer.rs' }, { id: 'rs', delay: context.startDelayMs })),
    cancelSolicitation: enqueueActions(({ enqueue }) => enqueue.cancel('rs')),
    sendRouterSolicitation: enqueueActions(({ context, enqueue }) => {
      const rs = routerSolicitation({ options: [sourceLinkLayer(context.mac)] });
      enqueue.emit({ type: 'tx', iface: context.iface, packet: ipv6Packet({ src: linkLocalAddress(context.mac), dst: ALL_ROUTERS, hopLimit: ND_HOP_LIMIT, payload: rs }) });
    }),
    learnRouter: enqueueActions(({ context, event, enqueue }) => {
      const ra = event as Ra;
      const { routers, change } = updateRouterList(context.routers, ra, context.env.now());
      enqueue.assign({ routers });
      if (routers.length > 0 && context.routers.length === 0) enqueue.emit({ type: 'route.add', owner: 'default-router', dst: '::/0', iface: context.iface });
      if (change === 'added') enqueue.emit({ type: 'note', text: `${context.name} learns its default router ${ra.src} and the prefix the LMD advertises.`, section: `${SEED} §4.1 step 2; RFC 4861 §6.3.4` });
    }),
    noteSameLink: emit(({ context }) => ({
      type: 'note',
      text: `${context.name} hears the same prefix from the same router address: to it nothing changed, so it keeps ${context.pHoA} and sends no Binding Update.`,
      section: `${SEED} §3, §4.2 step 1, §4.6`,
    })),
    /** RFC 8415 §18.2.1 with Rapid Commit; the MAG relays it. */
    startDhcp: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ dhcp: { xid: context.env.random() & 0xffffff, tries: 0, startedUs: context.env.now() } });
      enqueue.raise({ type: 'timer.solicit' }, { id: 'solicit', delay: context.startDelayMs });
    }),
    sendSolicit: enqueueActions(({ context, enqueue }) => {
      const d = context.dhcp!;
      const elapsedCs = Math.round((context.env.now() - d.startedUs) / 10_000);
      enqueue.emit({ type: 'tx', iface: context.iface, packet: solicitPacket(context.mac, d.xid, d.tries === 0 ? 0 : elapsedCs) });
      enqueue.assign({ dhcp: { ...d, tries: d.tries + 1 } });
      enqueue.raise({ type: 'timer.solicit' }, { id: 'solicit', delay: SOL_TIMEOUT_MS * 2 ** d.tries });
      if (d.tries === 0) enqueue.emit({ type: 'note', text: `The RA sets M: ${context.name} asks DHCPv6 for an address in the advertised prefix, its pHoA.`, section: `${SEED} §4.1 step 2; RFC 8415 §18.2.1` });
    }),
    cancelDhcp: enqueueActions(({ enqueue }) => enqueue.cancel('solicit')),
    takeDhcpAddress: assign({ tentative: ({ event }) => (event as Extract<MnMip6Event, { type: 'rx.dhcpReply' }>).address }),
    /** RFC 4862 §5.5.3 with the EUI-64 interface identifier (Appendix B: the MN configures its own pHoA). */
    formAddress: enqueueActions(({ context, event, enqueue }) => {
      const ra = event as Ra;
      const iid = interfaceIdFromMac(context.mac);
      const d = ra.prefixes.map((p) => autoconfigure(p, iid)).find((x) => x.use);
      if (d?.use) {
        enqueue.assign({ tentative: d.address });
        enqueue.emit({ type: 'note', text: `${context.name} forms ${d.address} itself from the advertised prefix and its interface identifier.`, section: `${SEED} Appendix B; RFC 4862 §5.5.3` });
      }
    }),
    startDad: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'tx', iface: context.iface, packet: dadPacket(context.tentative!) });
      enqueue.raise({ type: 'timer.dad' }, { id: 'dad', delay: RETRANS_TIMER_MS });
      enqueue.emit({ type: 'note', text: `${context.name} checks that nobody else uses ${context.tentative} (Duplicate Address Detection).`, section: 'RFC 4862 §5.4.2; RFC 8415 §18.2.10.1' });
    }),
    cancelDad: enqueueActions(({ enqueue }) => enqueue.cancel('dad')),
    useAddress: enqueueActions(({ context, enqueue }) => {
      const a = context.tentative!;
      enqueue.assign({ pHoA: a, tentative: undefined });
      enqueue.emit({ type: 'address.add', iface: context.iface, addr: `${a}/128` });
      enqueue.emit({ type: 'note', text: `No one defended ${a}: it is ${context.name}'s pHoA in the local mobility domain.`, section: `${SEED} §2 (pHoA); RFC 4862 §5.4.3` });
    }),
    giveUpAddress: emit(({ context }) => ({
      type: 'note',
      text: `A Neighbor Advertisement defends ${context.tentative}: the address is a duplicate, and ${context.name} must not use it (an EUI-64 address cannot be retried).`,
      section: `${SEED} Appendix B; RFC 4862 §5.4.5`,
    })),
    /** RFC 6275 §11.7.1; retransmitted with a new sequence number (§11.8). */
    sendBindingUpdate: enqueueActions(({ context, enqueue }) => {
      const b = context.binding;
      const seq = (b.seq + 1) & 0xffff;
      enqueue.emit({ type: 'tx', packet: bindingUpdatePacket({ coa: context.pHoA!, hoa: context.hoa, ha: context.gma, seq, lifetimeSeconds: context.lifetimeSeconds }) });
      enqueue.assign({ binding: { ...b, seq, tries: b.tries + 1 } });
      enqueue.raise({ type: 'timer.bindingRetransmit' }, { id: 'bu', delay: Math.min(INITIAL_BINDACK_TIMEOUT_MS * 2 ** b.tries, MAX_BINDACK_TIMEOUT_MS) });
      if (b.tries === 0) {
        enqueue.emit({ type: 'note', text: `${context.name} binds its home address ${context.hoa} to its pHoA ${context.pHoA} at the GMA (Binding Update, H and A set, the HoA in a Home Address option).`, section: `${SEED} §4.1 step 7; RFC 6275 §11.7.1` });
      }
    }),
    cancelBindingRetransmit: enqueueActions(({ enqueue }) => enqueue.cancel('bu')),
    markRefreshDue: assign({ binding: ({ context }) => ({ ...context.binding, refreshDue: true }) }),
    /** RFC 6275 §11.7.3: accepted; the HoA is used through the reverse tunnel to the home agent (§11.3.1). */
    useBinding: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Extract<MnMip6Event, { type: 'rx.back' }>;
      const first = !context.binding.bound;
      enqueue.assign({ binding: { ...context.binding, tries: 0, bound: true, refreshDue: false, lifetimeSeconds: e.lifetimeSeconds } });
      if (first) {
        enqueue.emit({ type: 'address.add', iface: context.iface, addr: `${context.hoa}/128` });
        enqueue.emit({ type: 'tunnel.add', tunnel: { id: 'gma', local: context.pHoA!, remote: context.gma, encap: 'ip' } });
        enqueue.emit({ type: 'route.add', owner: 'reverse-tunnel', dst: '::/0', src: `${context.hoa}/128`, tunnel: 'gma' });
        enqueue.emit({ type: 'note', text: `The GMA accepts: ${context.name} is reachable at ${context.hoa} through the GMA's tunnel to its pHoA, and sends from the HoA through the reverse tunnel.`, section: `${SEED} §4.1 step 7; RFC 6275 §11.3.1, §11.7.3` });
      }
      if (e.lifetimeSeconds > 0) enqueue.raise({ type: 'timer.bindingRefresh' }, { id: 'refresh', delay: e.lifetimeSeconds * 800 });
    }),
    noteBindingRefused: emit(({ event }) => ({
      type: 'note',
      text: `The GMA refuses the Binding Update with status ${(event as { status: number }).status}.`,
      section: 'RFC 6275 §11.7.3',
    })),
    answerEcho: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.echoRequest') return;
      enqueue.emit({ type: 'tx', packet: echoReplyPacket({ src: event.dst, dst: event.src, ident: event.ident, seq: event.seq, ...(event.data ? { data: event.data } : {}) }) });
      enqueue.assign({ echoAnswered: context.echoAnswered + 1 });
    }),
  },
}).createMachine({
  id: 'mnMip6',
  initial: 'detached',
  context: ({ input }) => ({
    env: input.env,
    name: input.name,
    iface: input.iface,
    mac: input.mac,
    mip6: input.mip6 ?? true,
    hoa: input.hoa,
    gma: input.gma,
    lifetimeSeconds: input.lifetimeSeconds,
    startDelayMs: input.startDelayMs,
    routers: [],
    binding: { seq: input.env.random() & 0xffff, tries: 0, bound: false, refreshDue: false },
    echoAnswered: 0,
  }),
  on: {
    'rx.echoRequest': { guard: 'echo.isForUs', actions: 'answerEcho' },
    'l2.detach': { target: '.detached' },
    'timer.bindingRefresh': { actions: 'markRefreshDue' },
  },
  states: {
    detached: {
      on: { 'l2.attach': { target: 'awaitingRouter', actions: 'configureLinkLocal' } },
    },
    awaitingRouter: {
      entry: 'scheduleSolicitation',
      exit: 'cancelSolicitation',
      on: {
        'timer.rs': { actions: 'sendRouterSolicitation' },
        'rx.ra': [
          { guard: not('ra.isValid') },
          { guard: and(['address.isKnown', 'binding.isNeeded']), target: 'registering', actions: 'learnRouter' },
          { guard: 'address.isKnown', target: 'ready', actions: ['learnRouter', 'noteSameLink'] },
          { guard: 'ra.asksForDhcp', target: 'acquiring', actions: 'learnRouter' },
          { guard: 'ra.offersAutoconfiguration', target: 'checkingAddress', actions: ['learnRouter', 'formAddress'] },
          { actions: 'learnRouter' },
        ],
      },
    },
    acquiring: {
      entry: 'startDhcp',
      exit: 'cancelDhcp',
      on: {
        'timer.solicit': { actions: 'sendSolicit' },
        'rx.dhcpReply': { guard: 'reply.isOurs', target: 'checkingAddress', actions: 'takeDhcpAddress' },
        'rx.ra': { guard: 'ra.isValid', actions: 'learnRouter' },
      },
    },
    checkingAddress: {
      entry: 'startDad',
      exit: 'cancelDad',
      on: {
        'rx.na': { guard: 'na.defendsTentative', target: 'duplicate', actions: 'giveUpAddress' },
        'timer.dad': [{ guard: 'binding.isNeeded', target: 'registering', actions: 'useAddress' }, { target: 'ready', actions: 'useAddress' }],
        'rx.ra': { guard: 'ra.isValid', actions: 'learnRouter' },
      },
    },
    registering: {
      entry: 'sendBindingUpdate',
      exit: 'cancelBindingRetransmit',
      on: {
        'timer.bindingRetransmit': { target: 'registering', reenter: true },
        'rx.back': [
          { guard: not('back.answersUpdate') },
          { guard: 'back.isAccepted', target: 'ready', actions: 'useBinding' },
          { target: 'ready', actions: 'noteBindingRefused' },
        ],
        'rx.ra': { guard: 'ra.isValid', actions: 'learnRouter' },
      },
    },
    ready: {
      on: {
        'rx.ra': { guard: 'ra.isValid', actions: 'learnRouter' },
        'timer.bindingRefresh': { target: 'registering' },
      },
    },
    /** RFC 4862 §5.4.5: the address is someone else's; the MN waits for a person to sort it out. */
    duplicate: {},
  },
});

/** What reaches the MN: RAs, the DHCPv6 Reply, a defending NA, the GMA's BAck, echo requests. */
export function mnMip6Event(d: { packet: LayerValue; frame: LayerValue }): MnMip6Event | undefined {
  const ip = d.packet;
  if (ip.proto !== 'ipv6') return undefined;
  const ra = readAdvertisement(ip, d.frame.src as string);
  if (ra) return { type: 'rx.ra', ...ra };
  const reply = readDhcpv6Reply(ip);
  if (reply) return { type: 'rx.dhcpReply', xid: reply.xid, address: reply.address };
  const back = readBindingAck(ip);
  if (back) return { type: 'rx.back', src: back.src, status: back.ack.body.status, seq: back.ack.body.seq, lifetimeSeconds: back.ack.body.lifetime * 4 };
  const l4 = ip.payload as LayerValue | undefined;
  if (l4?.proto === 'icmpv6' && l4.type === 136) return { type: 'rx.na', target: l4.target as string };
  if (l4?.proto === 'icmpv6' && l4.type === 128) {
    const data = l4.data as Uint8Array | undefined;
    return { type: 'rx.echoRequest', src: ip.src as string, dst: ip.dst as string, ident: l4.ident as number, seq: l4.seq as number, ...(data && data.length > 0 ? { data } : {}) };
  }
  return undefined;
}

export const mnMip6: EntityDefinition<MnMip6Event> = {
  role: 'MN',
  machine: mnMip6Machine,
  toEvent: mnMip6Event,
  tables: (context) => {
    const c = context as MnMip6Context;
    return {
      Addresses: [
        { address: linkLocalAddress(c.mac), use: 'link-local' },
        ...(c.tentative ? [{ address: c.tentative, use: 'tentative (DAD)' }] : []),
        ...(c.pHoA ? [{ address: c.pHoA, use: 'pHoA (local mobility domain)' }] : []),
        { address: c.hoa, use: c.binding.bound ? 'HoA, bound at the GMA' : 'HoA (not bound yet)' },
      ],
      'Binding update list': c.mip6 ? [{ HoA: c.hoa, 'care-of address': c.pHoA ?? null, GMA: c.gma, seq: c.binding.seq, bound: c.binding.bound, 'lifetime (s)': c.binding.lifetimeSeconds ?? null }] : [],
      'Default routers': c.routers.map((r) => ({ router: r.router, mac: r.mac, lifetime: r.lifetime })),
      // RFC 6275 §11.3.1: the MN's end of the GMA's tunnel, which it also sends its HoA traffic back through.
      Tunnels: c.binding.bound && c.pHoA ? [{ id: 'gma', local: c.pHoA, remote: c.gma, users: 1, MNs: c.hoa }] : [],
      Traffic: [{ 'echo requests answered': c.echoAnswered }],
    };
  },
  timers: {
    'timer.rs': 'Router Solicitation',
    'timer.solicit': 'DHCPv6 Solicit',
    'timer.dad': 'Duplicate Address Detection',
    'timer.bindingRetransmit': 'BU retransmission',
    'timer.bindingRefresh': 'binding refresh',
  },
};
