import { enqueueActions, not, setup } from 'xstate';
import type { EntityDefinition, Effect, Env } from '../sim/effects';
import type { Tables } from '../sim/trace';
import type { LayerValue } from '../wire/core';
import { MH_TYPE, timestampToIso, type MobilityHeader } from '../wire/mh';
import { canonicalPrefix, ipv4TunnelColumns, reservedPrefixes, routesOf, type Ipv4HomePolicy, type MnProfile, type Ordering, type PbuDecision, type PbuFacts } from '../protocols/pmipv6';
import { ipv4Cell, ipv4RoutesOf } from './lma-ipv4';
import { isLmaAddress, lmaIpv4Config, pbuOverIpv4, type LmaIpv4TransportInput } from './lma-ipv4-transport';
import {
  acceptDeregistration, acceptRegistration, decide, deleteDeregisteredEntry, endTunnelLife, expireBinding, ignorePbu, refusePbu,
  type LmaContext, type LmaEvent, type Step,
} from './lma-steps';

/*
 * The local mobility anchor (RFC 5213 §5; the "HA" of seed 001 §5). The per-MN state (binding
 * cache entries) and the shared tunnels are data in the context; the machine's two states only
 * say whether the LMA anchors any mobile node. Every PBU goes through RFC 5213 §5.3.1 in order
 * (`decide`, a pure function of src/protocols/pmipv6), and the transitions below name its
 * outcomes. Timers: a binding lifetime per NAI, MinDelayBeforeBCEDelete per NAI after a
 * de-registration, a Tunnel-Life per tunnel, each a delayed raise with its own id.
 */

export interface LmaInput {
  env: Env;
  /** LMAA: the address MAGs send PBUs to, and the LMA's end of every tunnel. */
  lmaa: string;
  /** NAI (or `*`) → Proxy-CoAs allowed to register it (RFC 5213 §4, §5.3.1 ¶5). */
  authorizedMags: Readonly<Record<string, readonly string[]>>;
  /** Prefixes the LMA allocates when a profile has none (RFC 5213 §5.3.2 ¶1). */
  prefixPool?: readonly string[];
  profiles: Readonly<Record<string, MnProfile>>;
  /** `timestamp` (RFC 5213 §5.5, default) or `sequence` (the variant that shows why not). */
  ordering?: Ordering;
  /** TimestampValidityWindow, ms (RFC 5213 §9.1: 300). */
  timestampWindowMs?: number;
  /** The longest binding lifetime the LMA grants, s. */
  lifetimeCapSeconds?: number;
  /** MinDelayBeforeBCEDelete, ms (RFC 5213 §9.1: 10000). */
  minDelayBeforeBceDeleteMs?: number;
  /** The LMA's clock error, µs: an unsynchronised clock makes PBUs fail with 156. */
  clockOffsetUs?: number;
  /** Reachable over IPv4 as well, for MAGs in IPv4-only networks (seed 002 §4, RFC 5844 §4). */
  ipv4Transport?: LmaIpv4TransportInput;
  /** The IPv4 home network it anchors and whether the MAGs act as DHCP servers (seed 002 §3; RFC 5844 §3.1). */
  ipv4Home?: Ipv4HomePolicy;
}

/** Bad configuration fails at load (STYLE.md principle 13). */
function initialContext(i: LmaInput): LmaContext {
  const ordering = i.ordering ?? 'timestamp';
  if (ordering !== 'timestamp' && ordering !== 'sequence') {
    throw new RangeError(`LMA ordering must be timestamp or sequence, not ${String(ordering)}`);
  }
  const cap = i.lifetimeCapSeconds ?? 0xffff * 4;
  if (!(cap >= 4)) throw new RangeError(`LMA lifetime cap ${cap} s is shorter than one 4 s unit`);
  for (const [nai, p] of Object.entries(i.profiles)) {
    if (p.addressing === 'shared-prefix' && !p.homeAddress && !p.hnp) {
      throw new RangeError(`shared-prefix profile of ${nai} needs a home address or the shared prefix`);
    }
    if (p.hnp) canonicalPrefix(p.hnp);
  }
  return {
    env: i.env,
    lmaa: i.lmaa,
    policy: {
      authorizedMags: i.authorizedMags,
      profiles: i.profiles,
      prefixPool: (i.prefixPool ?? []).map(canonicalPrefix),
      ordering,
      timestampWindowMs: i.timestampWindowMs ?? 300,
      lifetimeCapSeconds: cap,
      ...(i.ipv4Home ? { ipv4Home: i.ipv4Home } : {}),
    },
    minDelayBeforeBceDeleteMs: i.minDelayBeforeBceDeleteMs ?? 10_000,
    clockOffsetUs: i.clockOffsetUs ?? 0,
    reserved: reservedPrefixes(i.profiles),
    cache: {},
    tunnels: {},
    ...(i.ipv4Transport ? { ipv4: lmaIpv4Config(i.ipv4Transport) } : {}),
  };
}

const outcome = (kind: PbuDecision['kind']) => ({ context, event }: { context: LmaContext; event: LmaEvent }): boolean =>
  event.type === 'rx.pbu' && isLmaAddress(context, event.to) && decide(context, event).decision.kind === kind;

/** The part of XState's `enqueue` a Step needs. */
interface Enqueue {
  assign(values: Partial<LmaContext>): void;
  emit(e: Effect): void;
  raise(e: LmaEvent, o: { id: string; delay: number }): void;
  cancel(id: string): void;
}

/** Carry a Step out: the new tables, then timers, then effects, in the order the Step lists them. */
function perform(enqueue: Enqueue, s: Step): void {
  enqueue.assign({ cache: s.cache, tunnels: s.tunnels });
  for (const t of s.timers) {
    if (t.op === 'cancel') enqueue.cancel(t.id);
    else enqueue.raise(t.event, { id: t.id, delay: t.delayMs });
  }
  for (const e of s.effects) enqueue.emit(e);
}

/** The Step for the decision the guard saw (the same pure function of the same context and time). */
function onDecision<K extends PbuDecision['kind']>(
  c: LmaContext,
  e: LmaEvent,
  kind: K,
  run: (c: LmaContext, facts: PbuFacts, d: Extract<PbuDecision, { kind: K }>) => Step,
): Step {
  if (e.type !== 'rx.pbu') throw new Error(`LMA: ${e.type} is not a PBU`);
  const { facts, decision } = decide(c, e);
  if (decision.kind !== kind) throw new Error(`LMA: expected a ${kind} decision, got ${decision.kind}`);
  return run(c, facts, decision as Extract<PbuDecision, { kind: K }>);
}

const naiOf = (e: LmaEvent): string => (e as { nai: string }).nai;

export const lmaMachine = setup({
  types: {
    input: {} as LmaInput,
    context: {} as LmaContext,
    events: {} as LmaEvent,
    emitted: {} as Effect,
  },
  guards: {
    /** The node delivers every packet addressed to it; only the LMAA speaks PMIPv6. */
    'pbu.isForAnotherAddress': ({ context, event }) => event.type === 'rx.pbu' && !isLmaAddress(context, event.to),
    /** RFC 5213 §5.3.1 ¶4-12, §5.3.2 ¶2-3, §5.4.1.1 ¶3-4: a status ≥ 128. */
    'pbu.isRefused': outcome('reject'),
    /** §5.3.5 ¶1 (de-registration from a MAG that no longer serves the MN) and §5.4.1.3 ¶4 (no session). */
    'pbu.isIgnored': outcome('ignore'),
    'pbu.isDeregistration': outcome('deregister'),
    /** §5.3.1 ¶13: the Proxy-CoA is the one in the entry. */
    'pbu.isLifetimeExtension': outcome('renew'),
    'pbu.isHandoff': outcome('handoff'),
    /** The entry is still registered and its lifetime is over (a renewal would have cancelled the timer). */
    'bindingLifetime.hasEnded': ({ context, event }) => {
      const e = event.type === 'timer.bindingLifetime' ? context.cache[event.nai] : undefined;
      return e?.state === 'registered' && e.expiresUs <= context.env.now();
    },
    'entry.isDeregistered': ({ context, event }) =>
      event.type === 'timer.minDelayBeforeBceDelete' && context.cache[event.nai]?.state === 'deregistered',
    'tunnel.exists': ({ context, event }) => event.type === 'timer.tunnelLife' && context.tunnels[event.tunnel] !== undefined,
    'bindingCache.hasEntries': ({ context }) => Object.keys(context.cache).length > 0,
  },
  actions: {
    ignoreMisaddressedPbu: enqueueActions(({ context, event, enqueue }) => {
      const rule = `it is addressed to ${(event as { to: string }).to}, not to the LMAA ${context.lmaa}`;
      perform(enqueue, ignorePbu(context, { rule, section: 'RFC 5213 §2.2 (LMAA)' }));
    }),
    sendRefusal: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'reject', refusePbu))),
    ignorePbu: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'ignore', (c, _f, d) => ignorePbu(c, d)))),
    deregisterBinding: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, onDecision(context, event, 'deregister', acceptDeregistration)),
    ),
    extendBindingLifetime: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'renew', acceptRegistration))),
    handOffBinding: enqueueActions(({ context, event, enqueue }) => perform(enqueue, onDecision(context, event, 'handoff', acceptRegistration))),
    createMobilitySession: enqueueActions(({ context, event, enqueue }) =>
      perform(enqueue, onDecision(context, event, 'create', acceptRegistration)),
    ),
    expireBinding: enqueueActions(({ context, event, enqueue }) => perform(enqueue, expireBinding(context, naiOf(event)))),
    deleteBindingCacheEntry: enqueueActions(({ context, event, enqueue }) => perform(enqueue, deleteDeregisteredEntry(context, naiOf(event)))),
    endTunnelLife: enqueueActions(({ context, event, enqueue }) => perform(enqueue, endTunnelLife(context, (event as { tunnel: string }).tunnel))),
  },
}).createMachine({
  id: 'lma',
  context: ({ input }) => initialContext(input),
  initial: 'idle',
  // Transitions without a target: per-MN state is data, only `always` moves between the two states.
  on: {
    'rx.pbu': [
      { guard: 'pbu.isForAnotherAddress', actions: 'ignoreMisaddressedPbu' },
      { guard: 'pbu.isRefused', actions: 'sendRefusal' },
      { guard: 'pbu.isIgnored', actions: 'ignorePbu' },
      { guard: 'pbu.isDeregistration', actions: 'deregisterBinding' },
      { guard: 'pbu.isLifetimeExtension', actions: 'extendBindingLifetime' },
      { guard: 'pbu.isHandoff', actions: 'handOffBinding' },
      { actions: 'createMobilitySession' },
    ],
    'timer.bindingLifetime': { guard: 'bindingLifetime.hasEnded', actions: 'expireBinding' },
    'timer.minDelayBeforeBceDelete': { guard: 'entry.isDeregistered', actions: 'deleteBindingCacheEntry' },
    'timer.tunnelLife': { guard: 'tunnel.exists', actions: 'endTunnelLife' },
  },
  states: {
    /** No binding cache entry (tunnels may still be waiting for their Tunnel-Life to end). */
    idle: { always: { guard: 'bindingCache.hasEntries', target: 'anchoring' } },
    /** At least one mobility session. */
    anchoring: { always: { guard: not('bindingCache.hasEntries'), target: 'idle' } },
  },
});

/** A PBU (MH type 5 with P) in an IPv6 packet → `rx.pbu`; anything else is not the LMA's business. */
function toEvent(d: { packet: LayerValue; tunnel?: string }): LmaEvent | undefined {
  const p = d.packet;
  if (p.proto === 'ip' && !d.tunnel) return pbuOverIpv4(p);
  const mh = p.payload as MobilityHeader | undefined;
  if (d.tunnel || p.proto !== 'ipv6' || mh?.proto !== 'mipv6' || mh.mhType !== MH_TYPE.BINDING_UPDATE) return undefined;
  if ((mh.body as { flags?: { p?: boolean } }).flags?.p !== true) return undefined;
  return { type: 'rx.pbu', from: p.src as string, to: p.dst as string, pbu: mh };
}

const secs = (us: number): number => +(us / 1e6).toFixed(3);

export function lmaTables(context: unknown): Tables {
  const c = context as LmaContext;
  return {
    'Binding cache': Object.values(c.cache).map((e) => ({
      MN: e.nai,
      HNP: e.hnp ?? null,
      ...(c.policy.ipv4Home ? { 'IPv4 HoA': ipv4Cell(e.ipv4Home) } : {}),
      'Proxy-CoA': e.proxyCoa,
      'lifetime (s)': e.lifetimeSeconds,
      'expires (s)': secs(e.expiresUs),
      timestamp: e.timestamp === undefined ? null : timestampToIso(e.timestamp),
      seq: e.seq,
      HI: e.hi,
      ATT: e.att,
      state: e.state,
    })),
    Tunnels: Object.values(c.tunnels).map((t) => ({
      id: t.id,
      remote: t.remote,
      users: t.users.length,
      MNs: t.users.join(', '),
      'tunnel-life expires (s)': secs(t.expiresUs),
      ...ipv4TunnelColumns(t.ipv4),
    })),
    Routes: [...routesOf(c.cache), ...ipv4RoutesOf(c.cache)].map((r) => ({ prefix: r.prefix, via: r.via })),
  };
}

export const lma: EntityDefinition<LmaEvent> = {
  role: 'LMA',
  machine: lmaMachine,
  toEvent,
  tables: lmaTables,
  timers: {
    'timer.bindingLifetime': 'binding lifetime',
    'timer.minDelayBeforeBceDelete': 'MinDelayBeforeBCEDelete',
    'timer.tunnelLife': 'Tunnel-Life',
  },
};
