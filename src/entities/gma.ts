import { enqueueActions, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { ipv6Packet } from '../wire/ipv6';
import { findOption, homeBindingAck, MH_TYPE, type BindingUpdate, type MobilityHeader } from '../wire/mh';
import { isNewerSequence } from '../protocols/pmipv6/ordering';
import { prefixCovers } from '../protocols/pmipv6/prefixes';
import type { Effect, EntityDefinition, Env } from '../sim/effects';

/*
 * The global mobility anchor of seed 003 (§2: "a standard Mobile IPv6 Home Agent (HA) as described
 * in RFC 3775"): a Mobile IPv6-capable MN binds its home address (HoA) to its pHoA in the local
 * mobility domain, which is the GMA's care-of address for it (§4.1 step 7). The GMA keeps a binding
 * cache (RFC 6275 §10.3.1), tunnels what arrives for the HoA to the care-of address (§10.4.1) and
 * takes the MN's reverse-tunnelled packets out (§10.4.5). RFC 6275 §5.1 protects the BU with IPsec;
 * the lab's MN and GMA exchange it in clear, and the narration says so.
 */

export interface GmaInput {
  env: Env;
  name: string;
  address: string;
  /** The home prefix the GMA serves (RFC 6275 §10.3.1: other home addresses get status 132). */
  homePrefix: string;
  /** The longest lifetime it grants, s. */
  lifetimeCapSeconds?: number;
}

export interface GmaEntry {
  hoa: string;
  coa: string;
  seq: number;
  lifetimeSeconds: number;
  expiresUs: number;
}

export interface GmaContext {
  env: Env;
  name: string;
  address: string;
  homePrefix: string;
  lifetimeCapSeconds: number;
  cache: Readonly<Record<string, GmaEntry>>;
}

export type GmaEvent = { type: 'rx.bu'; src: string; hoa: string; bu: BindingUpdate } | { type: 'timer.lifetime'; hoa: string };

const SECTION = 'RFC 6275';
const tunnelFor = (coa: string): string => `gma-${coa}`;
const routeOwner = (hoa: string): string => `binding:${hoa}`;
const lifetimeTimer = (hoa: string): string => `lifetime:${hoa}`;

/** RFC 6275 §10.3.1 and §9.5.1, in order: the status for this BU (0: accepted). */
export function judgeBindingUpdate(c: GmaContext, e: Extract<GmaEvent, { type: 'rx.bu' }>): { status: number; why: string } {
  const b = e.bu.body;
  if (!b.flags?.h) return { status: 131, why: 'the GMA serves only home registrations (H set)' };
  if (!prefixCovers(c.homePrefix, e.hoa)) return { status: 132, why: `${e.hoa} is not in the home prefix ${c.homePrefix}` };
  const old = c.cache[e.hoa];
  if (old && !isNewerSequence(b.seq, old.seq)) return { status: 135, why: `sequence number ${b.seq} is not newer than ${old.seq}` };
  return { status: 0, why: 'accepted' };
}

function send(enqueue: { emit(e: Effect): void }, c: GmaContext, to: string, hoa: string, ack: MobilityHeader): void {
  // RFC 6275 §9.5.4: to the care-of address, with the home address in a type 2 Routing header.
  const rh2: LayerValue = { proto: 'ipv6.routing', type: 2, segleft: 1, homeAddress: hoa, payload: ack };
  enqueue.emit({ type: 'tx', packet: ipv6Packet({ src: c.address, dst: to, payload: rh2 }) });
}

const stillUsed = (c: GmaContext, coa: string, except: string): boolean => Object.values(c.cache).some((x) => x.coa === coa && x.hoa !== except);

export const gmaMachine = setup({
  types: {
    input: {} as GmaInput,
    context: {} as GmaContext,
    events: {} as GmaEvent,
    emitted: {} as Effect,
  },
  guards: {
    'bu.isRefused': ({ context, event }) => event.type === 'rx.bu' && judgeBindingUpdate(context, event).status >= 128,
    'bu.isDeregistration': ({ event }) => event.type === 'rx.bu' && event.bu.body.lifetime === 0,
    'binding.hasExpired': ({ context, event }) => event.type === 'timer.lifetime' && (context.cache[event.hoa]?.expiresUs ?? Infinity) <= context.env.now(),
  },
  actions: {
    refuse: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.bu') return;
      const j = judgeBindingUpdate(context, event);
      const old = context.cache[event.hoa];
      enqueue.emit({ type: 'note', text: `${context.name} refuses the Binding Update for ${event.hoa} with status ${j.status}: ${j.why}.`, section: `${SECTION} §10.3.1, §9.5.1` });
      send(enqueue, context, event.src, event.hoa, homeBindingAck({ status: j.status, seq: j.status === 135 && old ? old.seq : event.bu.body.seq, lifetimeSeconds: 0 }));
    }),
    /** §10.3.2: the binding goes, with its tunnel route. */
    deregister: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.bu') return;
      const old = context.cache[event.hoa];
      const { [event.hoa]: _gone, ...cache } = context.cache;
      enqueue.assign({ cache });
      if (old) {
        enqueue.cancel(lifetimeTimer(event.hoa));
        enqueue.emit({ type: 'route.remove', owner: routeOwner(event.hoa) });
        if (!stillUsed(context, old.coa, event.hoa)) enqueue.emit({ type: 'tunnel.remove', id: tunnelFor(old.coa) });
      }
      enqueue.emit({ type: 'note', text: `${context.name} removes the binding of ${event.hoa}.`, section: `${SECTION} §10.3.2` });
      send(enqueue, context, event.src, event.hoa, homeBindingAck({ status: 0, seq: event.bu.body.seq, lifetimeSeconds: 0 }));
    }),
    /** §10.3.1: create or update the entry, tunnel the HoA to the care-of address, acknowledge. */
    bind: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'rx.bu') return;
      const coa = findOption(event.bu, 3)?.address ?? event.src;
      const lifetimeSeconds = Math.floor(Math.min(event.bu.body.lifetime * 4, context.lifetimeCapSeconds) / 4) * 4;
      const old = context.cache[event.hoa];
      const entry: GmaEntry = { hoa: event.hoa, coa, seq: event.bu.body.seq, lifetimeSeconds, expiresUs: context.env.now() + lifetimeSeconds * 1e6 };
      enqueue.assign({ cache: { ...context.cache, [event.hoa]: entry } });
      if (old) enqueue.cancel(lifetimeTimer(event.hoa));
      enqueue.raise({ type: 'timer.lifetime', hoa: event.hoa }, { id: lifetimeTimer(event.hoa), delay: lifetimeSeconds * 1000 });
      if (old?.coa !== coa) {
        if (old && !stillUsed(context, old.coa, event.hoa)) enqueue.emit({ type: 'tunnel.remove', id: tunnelFor(old.coa) });
        if (!stillUsed(context, coa, event.hoa)) enqueue.emit({ type: 'tunnel.add', tunnel: { id: tunnelFor(coa), local: context.address, remote: coa, encap: 'ip' } });
        enqueue.emit({ type: 'route.add', owner: routeOwner(event.hoa), dst: `${event.hoa}/128`, tunnel: tunnelFor(coa) });
      }
      enqueue.emit({
        type: 'note',
        text: `${context.name} binds the home address ${event.hoa} to the care-of address ${coa} (the MN's pHoA) for ${lifetimeSeconds} s: packets for the HoA now go through an IPv6-in-IPv6 tunnel to the pHoA. The BU came without the IPsec protection RFC 6275 §5.1 asks for.`,
        section: `draft-singh-netlmm-protocol-02 §4.1 step 7; ${SECTION} §10.3.1, §10.4.1`,
      });
      send(enqueue, context, event.src, event.hoa, homeBindingAck({ status: 0, seq: event.bu.body.seq, lifetimeSeconds }));
    }),
    expire: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'timer.lifetime') return;
      const old = context.cache[event.hoa]!;
      const { [event.hoa]: _gone, ...cache } = context.cache;
      enqueue.assign({ cache });
      enqueue.emit({ type: 'route.remove', owner: routeOwner(event.hoa) });
      if (!stillUsed(context, old.coa, event.hoa)) enqueue.emit({ type: 'tunnel.remove', id: tunnelFor(old.coa) });
      enqueue.emit({ type: 'note', text: `The binding of ${event.hoa} at ${context.name} ran out without a new Binding Update.`, section: `${SECTION} §10.3.1` });
    }),
  },
}).createMachine({
  id: 'gma',
  initial: 'serving',
  context: ({ input }) => ({
    env: input.env,
    name: input.name,
    address: input.address,
    homePrefix: input.homePrefix,
    lifetimeCapSeconds: input.lifetimeCapSeconds ?? 0xffff * 4,
    cache: {},
  }),
  states: {
    serving: {
      on: {
        'rx.bu': [{ guard: 'bu.isRefused', actions: 'refuse' }, { guard: 'bu.isDeregistration', actions: 'deregister' }, { actions: 'bind' }],
        'timer.lifetime': { guard: 'binding.hasExpired', actions: 'expire' },
      },
    },
  },
});

/** RFC 6275 §9.3.1, §11.7.1: a BU from the care-of address with the HoA in a Home Address option. */
export function gmaEvent(d: { packet: LayerValue; tunnel?: string }): GmaEvent | undefined {
  const ip = d.packet;
  if (ip.proto !== 'ipv6' || d.tunnel) return undefined;
  const dst = ip.payload as LayerValue | undefined;
  if (dst?.proto !== 'ipv6.dstopts') return undefined;
  const hoa = (dst.options as { type: number; homeAddress?: string }[] | undefined)?.find((o) => o.type === 0xc9)?.homeAddress;
  const mh = dst.payload as MobilityHeader | undefined;
  if (!hoa || mh?.proto !== 'mipv6' || mh.mhType !== MH_TYPE.BINDING_UPDATE) return undefined;
  return { type: 'rx.bu', src: ip.src as string, hoa, bu: mh as BindingUpdate };
}

export const gma: EntityDefinition<GmaEvent> = {
  role: 'GMA',
  machine: gmaMachine,
  toEvent: gmaEvent,
  tables: (context) => {
    const c = context as GmaContext;
    const entries = Object.values(c.cache);
    return {
      'Binding cache': entries.map((e) => ({ HoA: e.hoa, 'care-of address': e.coa, seq: e.seq, 'lifetime (s)': e.lifetimeSeconds, 'expires (s)': +(e.expiresUs / 1e6).toFixed(3) })),
      Tunnels: [...new Set(entries.map((e) => e.coa))].map((coa) => {
        const hoas = entries.filter((e) => e.coa === coa).map((e) => e.hoa);
        return { id: tunnelFor(coa), local: c.address, remote: coa, users: hoas.length, MNs: hoas.join(', ') };
      }),
    };
  },
  timers: { 'timer.lifetime': 'binding lifetime' },
};
