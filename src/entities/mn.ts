import { and, assign, emit, enqueueActions, not, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { icmpEcho } from '../wire/icmp';
import { icmpv6Echo, routerSolicitation } from '../wire/icmpv6';
import { ipv4Packet } from '../wire/ipv4';
import { ipv6Packet } from '../wire/ipv6';
import { sourceLinkLayer } from '../wire/ndp';
import { DATA_PORT, readStamp } from '../protocols/data-stream';
import { dhcpClient, readDhcpReply, type DhcpClient } from '../protocols/dhcp-client';
import {
  ALL_ROUTERS, isValidAdvertisement, MAX_RTR_SOLICITATION_DELAY_MS, MAX_RTR_SOLICITATIONS, ND_HOP_LIMIT, readAdvertisement,
  RTR_SOLICITATION_INTERVAL_MS, updateRouterList, type Advertisement, type DefaultRouter,
} from '../protocols/nd-host';
import { autoconfigure, INFINITE_LIFETIME, interfaceIdFromMac, linkLocalAddress, updatedValidLifetime } from '../protocols/slaac';
import type { Effect, EntityDefinition, Env } from '../sim/effects';
import { DHCP_TIMER_NAMES, dhcpLeaseRows, mnDhcpStep, type MnDhcpEvent } from './mn-dhcp';
import { checkLink, linkCheck, linkCheckRows, mnDnaEvent, onArp, onProbeReply, type HostView, type LinkCheck, type MnDnaEvent } from './mn-dna';
import { IPCP_TIMER_NAMES, ipcpRows, mnIpcpEvent, mnIpcpStep, type MnIpcpEvent } from './mn-ipcp';
import { ipcpClient, type IpcpClient } from '../protocols/ipcp-client';

/*
 * The mobile node: an unmodified IPv6 host (seed 001 §7). It knows nothing of mobility: it
 * solicits routers (RFC 4861 §6.3.7), keeps a Default Router List (§6.3.4, §6.3.5), forms its
 * addresses by SLAAC (RFC 4862 §5.5.3) and answers pings. PMIPv6 works because every MAG
 * advertises the same home network prefix, so the same address follows the MN (seed 001 §7.1, §7.2).
 * With `dhcp4` it is also a DHCPv4 client (RFC 2131) for the IPv4 scenarios (mn-dhcp.ts), which
 * checks its gateway after a link change (mn-dna.ts); with `ipcp` it takes its address from IPCP
 * on a PPP link (mn-ipcp.ts).
 */

export interface MnInput {
  env: Env;
  name: string;
  iface: string;
  mac: string;
  /** The delay before the first RS; absent: random in 0–MAX_RTR_SOLICITATION_DELAY (§6.3.7 SHOULD). 0 is allowed ("MAY be omitted"). */
  rsDelayMs?: number;
  /** Also run a DHCPv4 client on attach (RFC 2131); default false. */
  dhcp4?: boolean;
  /** false: an IPv4-only host (seed 002 §3), which neither solicits routers nor forms IPv6 addresses; default true. */
  ipv6?: boolean;
  /** On a PPP link: take the IPv4 address from IPCP (RFC 1332; mn-ipcp.ts) instead of DHCP; default false. */
  ipcp?: boolean;
}

export interface ConfiguredAddress {
  address: string;
  prefixLength: number;
  origin: 'link-local' | 'SLAAC';
  /** µs; undefined is forever. */
  validUntilUs?: number;
  /** The router whose RA last refreshed it. */
  router?: string;
}

export interface MnContext {
  env: Env;
  name: string;
  iface: string;
  mac: string;
  rsDelayMs?: number;
  solicitations: number;
  /** Most recently advertised first: seed 001 §7.3 wants the newly learnt router used. */
  routers: DefaultRouter[];
  addresses: ConfiguredAddress[];
  echoAnswered: number;
  /** Data-stream datagrams received: sequence, arrival, sender. */
  datagrams: { seq: number; atUs: number; src: string }[];
  /** The DHCPv4 client, when the input enables it. */
  dhcp?: DhcpClient;
  ipv6: boolean;
  /** The IPCP negotiation, when the input enables it. */
  ipcp?: IpcpClient;
  /** With DHCP: the ARP cache and the gateway probes sent after a link change (mn-dna.ts). */
  link?: LinkCheck;
}

export type MnEvent =
  | { type: 'l2.attach'; iface?: string }
  | { type: 'l2.detach' }
  | ({ type: 'rx.ra' } & Advertisement)
  /** `v4`: an ICMP (IPv4) echo to the DHCP-assigned address rather than an ICMPv6 one. */
  | { type: 'rx.echoRequest'; src: string; dst: string; ident: number; seq: number; data?: Uint8Array; v4?: boolean }
  | { type: 'rx.udp'; src: string; dst: string; seq: number }
  | { type: 'timer.rs' }
  | { type: 'timer.routerLifetime'; router: string }
  | { type: 'timer.validLifetime'; address: string }
  | MnDhcpEvent
  | MnIpcpEvent
  | MnDnaEvent;

type Ra = Extract<MnEvent, { type: 'rx.ra' }>;
const routerTimer = (router: string): string => `router:${router}`;
const addressTimer = (address: string): string => `valid:${address}`;
const seconds = (us: number): number => Math.round(us / 1e6);
/** The IPv4 address the host uses, from DHCP or IPCP. */
const ipv4Address = (c: MnContext): string | undefined => c.dhcp?.lease?.address ?? c.ipcp?.configured;
const hostView = (c: MnContext): HostView => {
  const lease = c.dhcp?.lease;
  return { nowUs: c.env.now(), iface: c.iface, mac: c.mac, ...(lease ? { address: lease.address, ...(lease.router ? { router: lease.router } : {}) } : {}) };
};

/** What a valid RA teaches a host: routers (RFC 4861 §6.3.4), then addresses (RFC 4862 §5.5.3). */
const learnFromAdvertisement = ['updateDefaultRouterList', 'autoconfigureAddresses'] as const;

export const mnMachine = setup({
  types: {
    input: {} as MnInput,
    context: {} as MnContext,
    events: {} as MnEvent,
    emitted: {} as Effect,
  },
  delays: {
    /** §6.3.7: a random delay before the first RS, unless the scenario pins it. */
    firstSolicitation: ({ context }) => context.rsDelayMs ?? context.env.random() % (MAX_RTR_SOLICITATION_DELAY_MS + 1),
    /** Between RSs RTR_SOLICITATION_INTERVAL; after the last, MAX_RTR_SOLICITATION_DELAY to wait for an answer. */
    nextSolicitation: ({ context }) => (context.solicitations < MAX_RTR_SOLICITATIONS ? RTR_SOLICITATION_INTERVAL_MS : MAX_RTR_SOLICITATION_DELAY_MS),
  },
  guards: {
    'solicitation.mayRetransmit': ({ context }) => context.solicitations < MAX_RTR_SOLICITATIONS,
    'solicitation.wasSent': ({ context }) => context.solicitations > 0,
    'ra.isValid': ({ event }) => event.type === 'rx.ra' && isValidAdvertisement(event),
    'ra.hasRouterLifetime': ({ event }) => event.type === 'rx.ra' && event.routerLifetime > 0,
    'echo.isForOurAddress': ({ context, event }) =>
      event.type === 'rx.echoRequest' && (event.v4 ? ipv4Address(context) === event.dst : context.addresses.some((a) => a.address === event.dst)),
    'ipv6.isDisabled': ({ context }) => !context.ipv6,
  },
  actions: {
    attachInterface: assign({ iface: ({ context, event }) => (event.type === 'l2.attach' && event.iface) || context.iface, solicitations: 0 }),
    /** RFC 4862 §5.3: the link-local address comes first, from the MAC (DAD is not simulated). */
    configureLinkLocal: enqueueActions(({ context, enqueue }) => {
      const address = linkLocalAddress(context.mac);
      if (context.addresses.some((a) => a.address === address)) return;
      enqueue.assign({ addresses: [{ address, prefixLength: 64, origin: 'link-local' }, ...context.addresses] });
      enqueue.emit({ type: 'address.add', iface: context.iface, addr: `${address}/64` });
    }),
    scheduleFirstSolicitation: enqueueActions(({ enqueue }) => {
      enqueue.cancel('rs');
      enqueue.raise({ type: 'timer.rs' }, { id: 'rs', delay: 'firstSolicitation' });
    }),
    /** §6.3.7: to all-routers from the link-local address, with the SLLA so the router can answer at once. */
    sendRouterSolicitation: enqueueActions(({ context, enqueue }) => {
      const rs = routerSolicitation({ options: [sourceLinkLayer(context.mac)] });
      enqueue.emit({ type: 'tx', iface: context.iface, packet: ipv6Packet({ src: linkLocalAddress(context.mac), dst: ALL_ROUTERS, hopLimit: ND_HOP_LIMIT, payload: rs }) });
      enqueue.assign({ solicitations: context.solicitations + 1 });
      enqueue.raise({ type: 'timer.rs' }, { id: 'rs', delay: 'nextSolicitation' });
    }),
    cancelSolicitation: enqueueActions(({ enqueue }) => enqueue.cancel('rs')),
    concludeNoRouters: emit({
      type: 'note',
      text: `No Router Advertisement after ${MAX_RTR_SOLICITATIONS} solicitations: the MN concludes there is no router on the link, yet still listens for one.`,
      section: 'RFC 4861 §6.3.7',
    }),
    discardAdvertisement: emit(({ event }) => ({
      type: 'note',
      text: `The MN discards a Router Advertisement from ${(event as Ra).src}: ND messages need hop limit 255 and a link-local source.`,
      section: 'RFC 4861 §6.1.2',
    })),
    /** RFC 4861 §6.3.4, with seed 001 §7.3's withdrawal: a zero lifetime from a known router drops it. */
    updateDefaultRouterList: enqueueActions(({ context, event, enqueue }) => {
      const ra = event as Ra;
      const { routers, change } = updateRouterList(context.routers, ra, context.env.now());
      enqueue.assign({ routers });
      enqueue.cancel(routerTimer(ra.src));
      if (ra.routerLifetime > 0) enqueue.raise({ type: 'timer.routerLifetime', router: ra.src }, { id: routerTimer(ra.src), delay: ra.routerLifetime * 1000 });
      if (change === 'added') enqueue.emit({ type: 'note', text: `${ra.src} is a new default router for the MN (lifetime ${ra.routerLifetime} s).`, section: 'RFC 4861 §6.3.4' });
      if (change === 'withdrawn') {
        enqueue.emit({
          type: 'note',
          text: `Router Lifetime 0 from ${ra.src}: the MN times that default router out at once, so it stops using the previous MAG.`,
          section: 'seed 001 §7.3; RFC 4861 §6.3.4',
        });
      }
      if (routers.length > 0 && context.routers.length === 0) enqueue.emit({ type: 'route.add', owner: 'default-router', dst: '::/0', iface: context.iface });
      if (routers.length === 0 && context.routers.length > 0) enqueue.emit({ type: 'route.remove', owner: 'default-router' });
      if (ra.managed) enqueue.emit({ type: 'note', text: 'The RA sets M: the MN should ask DHCPv6 for its address (not simulated).', section: 'seed 001 §7.1' });
    }),
    /** RFC 4862 §5.5.3: an address from each autonomous prefix and the EUI-64 interface identifier; known ones get new lifetimes. */
    autoconfigureAddresses: enqueueActions(({ context, event, enqueue }) => {
      const ra = event as Ra;
      const now = context.env.now();
      const iid = interfaceIdFromMac(context.mac);
      const addresses = [...context.addresses];
      for (const pio of ra.prefixes) {
        const d = autoconfigure(pio, iid);
        if (!d.use) {
          enqueue.emit({ type: 'note', text: `The MN forms no address from ${pio.prefix}/${pio.prefixLength}: ${d.why}.`, section: 'RFC 4862 §5.5.3' });
          continue;
        }
        const i = addresses.findIndex((a) => a.address === d.address);
        const old = addresses[i];
        const remaining = old ? (old.validUntilUs === undefined ? INFINITE_LIFETIME : seconds(old.validUntilUs - now)) : 0;
        const valid = old ? updatedValidLifetime(remaining, pio.valid) : pio.valid;
        if (!old && valid === 0) continue; // §5.5.3 (d): a new address needs a non-zero valid lifetime.
        const entry: ConfiguredAddress = {
          address: d.address,
          prefixLength: pio.prefixLength,
          origin: 'SLAAC',
          router: ra.src,
          ...(valid === INFINITE_LIFETIME ? {} : { validUntilUs: now + valid * 1e6 }),
        };
        if (old) addresses[i] = entry;
        else addresses.push(entry);
        enqueue.cancel(addressTimer(d.address));
        if (valid !== INFINITE_LIFETIME) enqueue.raise({ type: 'timer.validLifetime', address: d.address }, { id: addressTimer(d.address), delay: valid * 1000 });
        if (!old) {
          enqueue.emit({ type: 'address.add', iface: context.iface, addr: `${d.address}/${pio.onLink ? pio.prefixLength : 128}` });
          enqueue.emit({ type: 'note', text: `The MN forms ${d.address} from ${pio.prefix}/${pio.prefixLength} and its EUI-64 interface identifier.`, section: 'seed 001 §7.1; RFC 4862 §5.5.3' });
        } else if (old.router !== ra.src) {
          enqueue.emit({ type: 'note', text: `${ra.src} advertises the same prefix, so the MN keeps ${d.address}: to the MN the PMIPv6 domain is one link.`, section: 'seed 001 §7.2' });
        }
      }
      enqueue.assign({ addresses });
    }),
    /** §6.3.5: the lifetime ran out. */
    timeOutRouter: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'timer.routerLifetime') return;
      const routers = context.routers.filter((r) => r.router !== event.router);
      if (routers.length === context.routers.length) return;
      enqueue.assign({ routers });
      enqueue.emit({ type: 'note', text: `The default router ${event.router} timed out.`, section: 'RFC 4861 §6.3.5' });
      if (routers.length === 0) enqueue.emit({ type: 'route.remove', owner: 'default-router' });
    }),
    /** RFC 4862 §5.5.4: an address whose valid lifetime ends is removed from the interface. */
    invalidateAddress: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'timer.validLifetime') return;
      enqueue.assign({ addresses: context.addresses.filter((a) => a.address !== event.address) });
      enqueue.emit({ type: 'address.remove', iface: context.iface, addr: event.address });
      enqueue.emit({ type: 'note', text: `The valid lifetime of ${event.address} ended: the MN removes it.`, section: 'RFC 4862 §5.5.4' });
    }),
    /** RFC 4443 §4.2: the reply goes back from the address the request was sent to, with its identifier, sequence and data. */
    answerEcho: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.echoRequest') return;
      const o = { reply: true, ident: event.ident, seq: event.seq, ...(event.data ? { data: event.data } : {}) };
      const packet = event.v4 ? ipv4Packet({ src: event.dst, dst: event.src, payload: icmpEcho(o) }) : ipv6Packet({ src: event.dst, dst: event.src, payload: icmpv6Echo(o) });
      enqueue.emit({ type: 'tx', packet });
      enqueue.assign({ echoAnswered: context.echoAnswered + 1 });
    }),
    countDatagram: assign({
      datagrams: ({ context, event }) => (event.type === 'rx.udp' ? [...context.datagrams, { seq: event.seq, atUs: context.env.now(), src: event.src }] : context.datagrams),
    }),
    /** RFC 2131 §4.4: one step of the DHCPv4 client, its sends, leases and timers as the MN's effects. */
    runDhcp: enqueueActions(({ context, event, enqueue }) => {
      if (!context.dhcp) return;
      const r = mnDhcpStep(context.dhcp, event, { env: context.env, iface: context.iface });
      if (!r) return;
      enqueue.assign({ dhcp: r.client });
      for (const o of r.ops) {
        if (o.op === 'emit') enqueue.emit(o.effect);
        else if (o.op === 'cancel') enqueue.cancel(o.id);
        else enqueue.raise(o.event, { id: o.id, delay: o.delayMs });
      }
    }),
    /** RFC 1332: one step of the IPCP negotiation, its frames, address and timer as the MN's effects. */
    runIpcp: enqueueActions(({ context, event, enqueue }) => {
      if (!context.ipcp) return;
      const r = mnIpcpStep(context.ipcp, event, { env: context.env, iface: context.iface });
      if (!r) return;
      enqueue.assign({ ipcp: r.client });
      for (const o of r.ops) {
        if (o.op === 'emit') enqueue.emit(o.effect);
        else if (o.op === 'cancel') enqueue.cancel(o.id);
        else enqueue.raise(o.event, { id: o.id, delay: o.delayMs });
      }
    }),
    /** RFC 5563 §6.1, §6.2: after a link change a host with an address checks its gateway (mn-dna.ts). */
    checkLink: enqueueActions(({ context, enqueue }) => {
      if (!context.link) return;
      const r = checkLink(context.link, hostView(context));
      enqueue.assign({ link: r.check });
      for (const e of r.effects) enqueue.emit(e);
    }),
    answerArp: enqueueActions(({ context, event, enqueue }) => {
      if (!context.link || event.type !== 'rx.arp') return;
      const r = onArp(context.link, event, hostView(context));
      enqueue.assign({ link: r.check });
      for (const e of r.effects) enqueue.emit(e);
    }),
    takeProbeReply: enqueueActions(({ context, event, enqueue }) => {
      if (!context.link || event.type !== 'rx.echoReply4') return;
      const r = onProbeReply(context.link, event, hostView(context));
      enqueue.assign({ link: r.check });
      for (const e of r.effects) enqueue.emit(e);
    }),
    noteDetach: emit({
      type: 'note',
      text: 'The MN loses its link. It keeps its addresses and default routers: an unmodified host does not know it moved.',
      section: 'seed 001 §7.3',
    }),
  },
}).createMachine({
  id: 'mn',
  initial: 'detached',
  context: ({ input }) => ({
    env: input.env,
    name: input.name,
    iface: input.iface,
    mac: input.mac,
    ...(input.rsDelayMs === undefined ? {} : { rsDelayMs: input.rsDelayMs }),
    solicitations: 0,
    routers: [],
    addresses: [],
    echoAnswered: 0,
    datagrams: [],
    ...(input.dhcp4 ? { dhcp: dhcpClient(input.mac) } : {}),
    ipv6: input.ipv6 ?? true,
    ...(input.ipcp ? { ipcp: ipcpClient() } : {}),
    ...(input.dhcp4 ? { link: linkCheck() } : {}),
  }),
  on: {
    // §6.3.7: attaching, or attaching again after being away, starts solicitations afresh.
    'l2.attach': [
      { guard: 'ipv6.isDisabled', target: '.attached', reenter: true, actions: ['attachInterface', 'runDhcp', 'runIpcp', 'checkLink'] },
      { target: '.soliciting', reenter: true, actions: ['attachInterface', 'configureLinkLocal', 'runDhcp'] },
    ],
    'rx.echoRequest': { guard: 'echo.isForOurAddress', actions: 'answerEcho' },
    'rx.udp': { actions: 'countDatagram' },
    'timer.routerLifetime': { actions: 'timeOutRouter' },
    'timer.validLifetime': { actions: 'invalidateAddress' },
    'rx.dhcp': { actions: 'runDhcp' },
    'timer.dhcpRetransmit': { actions: 'runDhcp' },
    'timer.dhcpT1': { actions: 'runDhcp' },
    'timer.dhcpT2': { actions: 'runDhcp' },
    'timer.dhcpLease': { actions: 'runDhcp' },
    'rx.ipcp': { actions: 'runIpcp' },
    'timer.ipcpRestart': { actions: 'runIpcp' },
    'rx.arp': { actions: 'answerArp' },
    'rx.echoReply4': { actions: 'takeProbeReply' },
  },
  states: {
    detached: {},
    /** IPv4 only: the link is up and DHCP runs; there is no IPv6 to configure. */
    attached: {
      on: { 'l2.detach': { target: 'detached', actions: ['noteDetach', 'runIpcp'] } },
    },
    soliciting: {
      entry: 'scheduleFirstSolicitation',
      exit: 'cancelSolicitation',
      on: {
        'timer.rs': [{ guard: 'solicitation.mayRetransmit', actions: 'sendRouterSolicitation' }, { actions: 'concludeNoRouters' }],
        'rx.ra': [
          { guard: not('ra.isValid'), actions: 'discardAdvertisement' },
          // §6.3.7: after an RS, a valid RA with a non-zero Router Lifetime ends the solicitations.
          { guard: and(['ra.hasRouterLifetime', 'solicitation.wasSent']), target: 'configured', actions: [...learnFromAdvertisement] },
          { actions: [...learnFromAdvertisement] },
        ],
        'l2.detach': { target: 'detached', actions: 'noteDetach' },
      },
    },
    configured: {
      on: {
        'rx.ra': [{ guard: not('ra.isValid'), actions: 'discardAdvertisement' }, { actions: [...learnFromAdvertisement] }],
        'l2.detach': { target: 'detached', actions: 'noteDetach' },
      },
    },
  },
});

/** The decoded packet as an MN event: RAs, echo requests, the data stream and DHCPv4 replies; nothing else. */
export function mnEvent(d: { packet: LayerValue; frame: LayerValue }): MnEvent | undefined {
  const ip = d.packet;
  const dhcp = readDhcpReply(ip);
  if (dhcp) return { type: 'rx.dhcp', ...dhcp };
  const link = mnIpcpEvent(ip) ?? mnDnaEvent(ip);
  if (link) return link;
  if (ip.proto === 'ip') {
    const icmp = ip.payload as LayerValue | undefined;
    if (icmp?.proto !== 'icmp' || icmp.type !== 8) return undefined;
    const data = icmp.data as Uint8Array | undefined;
    return { type: 'rx.echoRequest', src: ip.src as string, dst: ip.dst as string, ident: icmp.ident as number, seq: icmp.seq as number, v4: true, ...(data && data.length > 0 ? { data } : {}) };
  }
  if (ip.proto !== 'ipv6') return undefined;
  const src = ip.src as string;
  const dst = ip.dst as string;
  const l4 = ip.payload as LayerValue | undefined;
  const ra = readAdvertisement(ip, d.frame.src as string);
  if (ra) return { type: 'rx.ra', ...ra };
  if (l4?.proto === 'icmpv6' && l4.type === 128) {
    const data = l4.data as Uint8Array | undefined;
    return { type: 'rx.echoRequest', src, dst, ident: l4.ident as number, seq: l4.seq as number, ...(data && data.length > 0 ? { data } : {}) };
  }
  if (l4?.proto === 'udp' && l4.dstport === DATA_PORT) {
    const stamp = readStamp((l4.payload as LayerValue | undefined)?.data as Uint8Array | undefined);
    return stamp ? { type: 'rx.udp', src, dst, seq: stamp.seq } : undefined;
  }
  return undefined;
}

const expires = (us: number | undefined): string => (us === undefined ? 'never' : `${(us / 1e6).toFixed(3)} s`);

export const mn: EntityDefinition<MnEvent> = {
  role: 'mn',
  machine: mnMachine,
  toEvent: mnEvent,
  tables: (c) => {
    const ctx = c as MnContext;
    return {
      Addresses: ctx.addresses.map((a) => ({ address: `${a.address}/${a.prefixLength}`, origin: a.origin, 'valid until': expires(a.validUntilUs) })),
      'Default routers': ctx.routers.map((r, i) => ({ router: r.router, mac: r.mac, lifetime: r.lifetime, expires: expires(r.expiresUs), 'in use': i === 0 })),
      Traffic: [{ 'echo requests answered': ctx.echoAnswered, 'datagrams received': ctx.datagrams.length }],
      ...(ctx.dhcp ? { 'DHCP lease': dhcpLeaseRows(ctx.dhcp) } : {}),
      ...(ctx.ipcp ? { IPCP: ipcpRows(ctx.ipcp) } : {}),
      ...(ctx.link ? { 'ARP cache': linkCheckRows(ctx.link) } : {}),
    };
  },
  timers: {
    'timer.rs': 'Router Solicitation',
    'timer.routerLifetime': 'router lifetime',
    'timer.validLifetime': 'address valid lifetime',
    ...DHCP_TIMER_NAMES,
    ...IPCP_TIMER_NAMES,
  },
};
