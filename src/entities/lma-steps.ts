import type { Effect, Env } from '../sim/effects';
import { hex, ipv6FromText, ipv6ToText } from '../wire/core';
import type { MobilityHeader } from '../wire/mh';
import {
  createEntry, decidePbu, deleteEntry, deregisterEntry, isUnused, joinTunnel, leaveTunnel, pbaPacket, readPbu,
  removeTunnel, routeOwner, statusName, timeOfDay, tunnelIdFor, updateEntry,
  type BindingCache, type Ipv4Arrival, type LmaPolicy, type PbaOutcome, type PbuDecision, type PbuFacts, type Registration, type TunnelTable,
} from '../protocols/pmipv6';
import { ipv4RouteChange, ipv4RouteOwner, type Ipv4Route } from './lma-ipv4';
import { ipv4Refusal, pbaOverIpv4, useIpv4Tunnel, withIpv4Facts, type LmaIpv4Transport } from './lma-ipv4-transport';

/*
 * What the LMA does for each outcome of RFC 5213 §5.3: pure functions from the machine's context
 * to a Step (the new tables, the effects to emit, the timers to start or cancel). lma.ts names them.
 * A timer is started when its entry appears and cancelled only while it runs, so the trace never
 * shows a cancel for a timer that already fired.
 */

export interface LmaContext {
  env: Env;
  lmaa: string;
  policy: LmaPolicy;
  /** RFC 5213 §9.1 MinDelayBeforeBCEDelete, ms. */
  minDelayBeforeBceDeleteMs: number;
  /** How far the LMA's clock is from true time (the TIMESTAMP_MISMATCH variant), µs. */
  clockOffsetUs: number;
  /** Prefixes of static profiles, which the pool never hands out. */
  reserved: ReadonlySet<string>;
  cache: BindingCache;
  tunnels: TunnelTable;
  /** Reachable over IPv4 too (seed 002 §4, RFC 5844 §4). */
  ipv4?: LmaIpv4Transport;
}

export type LmaTimerEvent =
  | { type: 'timer.bindingLifetime'; nai: string }
  | { type: 'timer.minDelayBeforeBceDelete'; nai: string }
  | { type: 'timer.tunnelLife'; tunnel: string };

/** `via`: the PBU came over IPv4, with these outer headers. */
export type LmaEvent = { type: 'rx.pbu'; from: string; to: string; pbu: MobilityHeader; via?: Ipv4Arrival } | LmaTimerEvent;

export type TimerOp = { op: 'start'; id: string; event: LmaTimerEvent; delayMs: number } | { op: 'cancel'; id: string };

export interface Step {
  cache: BindingCache;
  tunnels: TunnelTable;
  effects: Effect[];
  timers: TimerOp[];
}

/** Timer ids: one binding-lifetime and one MinDelayBeforeBCEDelete timer per NAI, one Tunnel-Life per tunnel. */
export const timerId = {
  bindingLifetime: (nai: string): string => `bindingLifetime:${nai}`,
  minDelayBeforeBceDelete: (nai: string): string => `minDelayBeforeBCEDelete:${nai}`,
  tunnelLife: (tunnel: string): string => `tunnelLife:${tunnel}`,
};

const seconds = (us: number): string => `${+(us / 1e6).toFixed(3)} s`;

function begin(c: LmaContext): Step {
  return { cache: c.cache, tunnels: c.tunnels, effects: [], timers: [] };
}

function note(s: Step, text: string, section: string): void {
  s.effects.push({ type: 'note', text, section });
}

/** The PBU as the LMA reads it, and what §5.3 says to do with it. */
export function decide(c: LmaContext, e: Extract<LmaEvent, { type: 'rx.pbu' }>): { facts: PbuFacts; decision: PbuDecision } {
  const facts = withIpv4Facts(readPbu(e.pbu, e.from), e.pbu, e.via);
  const lmaClock = timeOfDay(c.env.now(), c.clockOffsetUs);
  return { facts, decision: ipv4Refusal(c, facts) ?? decidePbu(facts, { policy: c.policy, cache: c.cache, lmaClock, reservedPrefixes: c.reserved }) };
}

function sendPba(c: LmaContext, s: Step, facts: PbuFacts, o: PbaOutcome): void {
  s.effects.push({ type: 'tx', packet: facts.ipv4 ? pbaOverIpv4(c, facts, o) : pbaPacket(facts, c.lmaa, o) });
}

/** Re-arm Tunnel-Life when its end moved (seed 001 §5.2: updated after each periodic registration). */
function armTunnelLife(c: LmaContext, s: Step, id: string, running: boolean, expiresUs: number): void {
  if (running) s.timers.push({ op: 'cancel', id: timerId.tunnelLife(id) });
  const delayMs = Math.max(0, expiresUs - c.env.now()) / 1000;
  s.timers.push({ op: 'start', id: timerId.tunnelLife(id), event: { type: 'timer.tunnelLife', tunnel: id }, delayMs });
}

/** The entry leaves its tunnel; on signalling (de-registration, handoff) an unused tunnel goes at once (RFC 5213 §5.3.4 ¶2; seed 001 §6.10). */
function leave(s: Step, nai: string, id: string, removeIfUnused: boolean): void {
  const { table, tunnel } = leaveTunnel(s.tunnels, id, nai);
  s.tunnels = table;
  if (!tunnel) return;
  if (isUnused(tunnel) && removeIfUnused) {
    s.tunnels = removeTunnel(s.tunnels, id);
    s.timers.push({ op: 'cancel', id: timerId.tunnelLife(id) });
    s.effects.push({ type: 'tunnel.remove', id });
    note(s, `No mobile node uses the tunnel to ${tunnel.remote} any more: the LMA deletes it.`, 'RFC 5213 §5.6.1; seed 001 §6.6');
  } else {
    note(s, `Tunnel ${id} now has ${tunnel.users.length} user(s); Tunnel-Life ends at ${seconds(tunnel.expiresUs)}.`, 'seed 001 §5.2, §6.6');
  }
}

function generatedLinkLocal(env: Env): string {
  const b = new Uint8Array(16);
  b.set([0xfe, 0x80]);
  for (let i = 8; i < 16; i += 4) {
    const r = env.random();
    b.set([r >>> 24, (r >>> 16) & 0xff, (r >>> 8) & 0xff, r & 0xff], i);
  }
  return ipv6ToText(b);
}

const TITLES = {
  create: ['creates the binding cache entry for', 'RFC 5213 §5.3.2; seed 001 §5.9'],
  renew: ['extends the binding lifetime of', 'RFC 5213 §5.3.3'],
  handoff: ['moves the binding of', 'RFC 5213 §5.3.4; seed 001 §5.5'],
} as const;

/** §5.3.2 (new session), §5.3.3 (same MAG) and §5.3.4 (new MAG): accept, route through the MAG's tunnel, answer 0. */
export function acceptRegistration(
  c: LmaContext,
  facts: PbuFacts,
  d: Extract<PbuDecision, { kind: 'create' | 'renew' | 'handoff' }>,
): Step {
  const s = begin(c);
  const now = c.env.now();
  const old = d.kind === 'create' ? undefined : d.session;
  const tunnel = tunnelIdFor(facts.proxyCoa);
  const expiresUs = now + d.lifetimeSeconds * 1_000_000;
  const [verb, section] = TITLES[d.kind];
  const homes = [d.prefix && `prefix ${d.prefix}`, d.ipv4Home && `IPv4 home address ${d.ipv4Home.address}`].filter(Boolean).join(' and ');
  note(s, `LMA accepts the PBU: ${verb} ${d.nai}, ${homes} via ${facts.proxyCoa}, lifetime ${d.lifetimeSeconds} s.`, section);
  if (old?.state === 'registered') s.timers.push({ op: 'cancel', id: timerId.bindingLifetime(d.nai) });
  if (old?.state === 'deregistered') {
    s.timers.push({ op: 'cancel', id: timerId.minDelayBeforeBceDelete(d.nai) });
    note(s, `A new registration within MinDelayBeforeBCEDelete: the entry of ${d.nai} is kept and updated.`, 'RFC 5213 §5.3.5 ¶2');
  }
  // Before Tunnel-Life, so that when both end at the same instant the binding goes first.
  const lifetimeTimer: LmaTimerEvent = { type: 'timer.bindingLifetime', nai: d.nai };
  s.timers.push({ op: 'start', id: timerId.bindingLifetime(d.nai), event: lifetimeTimer, delayMs: d.lifetimeSeconds * 1000 });
  if (old?.tunnel && old.tunnel !== tunnel) leave(s, d.nai, old.tunnel, true);
  const before = s.tunnels[tunnel];
  const joined = joinTunnel(s.tunnels, { local: c.lmaa, remote: facts.proxyCoa, nai: d.nai, bindingExpiresUs: expiresUs });
  s.tunnels = joined.table;
  if (facts.ipv4) useIpv4Tunnel(c, s, facts, tunnel, joined.created);
  else if (joined.created) {
    s.effects.push({ type: 'tunnel.add', tunnel: { id: tunnel, local: c.lmaa, remote: facts.proxyCoa, encap: 'ip' } });
    note(s, `LMA sets up the IPv6-in-IPv6 tunnel ${c.lmaa} ↔ ${facts.proxyCoa}.`, 'RFC 5213 §5.6.1; seed 001 §5.2');
  }
  if (!before || before.expiresUs !== joined.tunnel.expiresUs) armTunnelLife(c, s, tunnel, !!before, joined.tunnel.expiresUs);
  if (old?.tunnel !== tunnel && d.prefix) {
    s.effects.push({ type: 'route.add', owner: routeOwner(d.nai), dst: d.prefix, tunnel });
    const what = d.prefix.endsWith('/128') ? 'shared prefix: a host route for the home address' : 'the whole per-MN prefix';
    note(s, `Route ${d.prefix} via ${tunnel} (${what}).`, 'RFC 5213 §5.3.2 ¶6; seed 001 §5.3');
  }
  const v4Before: Ipv4Route | undefined = old?.tunnel && old.ipv4Home ? { address: old.ipv4Home.address, tunnel: old.tunnel } : undefined;
  const v4 = ipv4RouteChange(d.nai, v4Before, d.ipv4Home ? { address: d.ipv4Home.address, tunnel } : undefined);
  s.effects.push(...v4.effects);
  if (v4.note) note(s, v4.note.text, v4.note.section);
  let magLinkLocal = old?.magLinkLocal;
  // §5.3.6: ALL_ZERO asks for the entry's MAG link-local address, generated for a new entry.
  if (facts.linkLocal !== undefined) {
    magLinkLocal = ipv6FromText(facts.linkLocal).some((x) => x !== 0) ? facts.linkLocal : (magLinkLocal ?? generatedLinkLocal(c.env));
  }
  const reg: Registration = {
    nai: d.nai,
    addressing: d.kind === 'create' ? d.profile.addressing : d.session.addressing,
    hnp: d.prefix,
    ...(d.ipv4Home ? { ipv4Home: d.ipv4Home } : {}),
    fromPool: d.kind === 'create' ? d.fromPool : d.session.fromPool,
    proxyCoa: facts.proxyCoa,
    tunnel,
    lifetimeSeconds: d.lifetimeSeconds,
    nowUs: now,
    seq: facts.seq,
    hi: facts.hi ?? 0,
    att: facts.att ?? 0,
    ...(facts.timestamp === undefined ? {} : { timestamp: facts.timestamp }),
    ...(facts.mnLinkLayerId ? { mnLinkLayerId: hex(facts.mnLinkLayerId) } : {}),
    ...(magLinkLocal ? { magLinkLocal } : {}),
  };
  s.cache = old ? updateEntry(s.cache, reg) : createEntry(s.cache, reg);
  const linkLocal = magLinkLocal ? { linkLocal: magLinkLocal } : {};
  const ipv4Home = facts.ipv4Home ? { ipv4Home: { ...(d.ipv4Home ? { grant: d.ipv4Home } : {}), dhcpServerAtMag: c.policy.ipv4Home?.dhcpServerAtMag ?? true } } : {};
  sendPba(c, s, facts, { status: 0, lifetimeSeconds: d.lifetimeSeconds, ...(d.prefix ? { prefix: d.prefix } : {}), ...linkLocal, ...ipv4Home });
  return s;
}

/** §5.3.5 ¶2: accept the de-registration, drop the MN's traffic, keep the entry MinDelayBeforeBCEDelete. */
export function acceptDeregistration(c: LmaContext, facts: PbuFacts, d: Extract<PbuDecision, { kind: 'deregister' }>): Step {
  const s = begin(c);
  const old = d.session;
  const delayMs = c.minDelayBeforeBceDeleteMs;
  note(
    s,
    `LMA accepts the de-registration of ${d.nai} from ${facts.proxyCoa}: its traffic is dropped now, the entry deleted after ${delayMs} ms.`,
    'RFC 5213 §5.3.5 ¶2; seed 001 §6.10',
  );
  s.timers.push({ op: 'cancel', id: old.state === 'registered' ? timerId.bindingLifetime(d.nai) : timerId.minDelayBeforeBceDelete(d.nai) });
  if (old.tunnel) {
    s.effects.push({ type: 'route.remove', owner: routeOwner(d.nai) });
    if (old.ipv4Home) s.effects.push({ type: 'route.remove', owner: ipv4RouteOwner(d.nai) });
    leave(s, d.nai, old.tunnel, true);
  }
  s.cache = deregisterEntry(s.cache, d.nai, { nowUs: c.env.now(), minDelayMs: delayMs, timestamp: facts.timestamp, seq: facts.seq });
  const deleteTimer: LmaTimerEvent = { type: 'timer.minDelayBeforeBceDelete', nai: d.nai };
  s.timers.push({ op: 'start', id: timerId.minDelayBeforeBceDelete(d.nai), event: deleteTimer, delayMs });
  const ipv4Home = facts.ipv4Home && old.ipv4Home ? { ipv4Home: { grant: old.ipv4Home } } : {};
  sendPba(c, s, facts, { status: 0, lifetimeSeconds: 0, ...(old.hnp ? { prefix: old.hnp } : {}), ...ipv4Home });
  return s;
}

/** §5.3.1: a refusal, answered with its status (§5.3.6); 156/157 carry the LMA's clock (§5.5 ¶8-9). */
export function refusePbu(c: LmaContext, facts: PbuFacts, d: Extract<PbuDecision, { kind: 'reject' }>): Step {
  const s = begin(c);
  note(s, `LMA refuses the PBU${d.nai ? ` for ${d.nai}` : ''} with status ${statusName(d.status)}: ${d.rule}.`, d.section);
  const o: PbaOutcome = { status: d.status, lifetimeSeconds: 0 };
  if (d.status === 156 || d.status === 157) o.lmaTimestamp = timeOfDay(c.env.now(), c.clockOffsetUs);
  if (d.status === 135 && d.session) o.seq = d.session.seq;
  if (d.ipv4ReplyStatus !== undefined) o.ipv4Home = { replyStatus: d.ipv4ReplyStatus };
  sendPba(c, s, facts, o);
  return s;
}

export function ignorePbu(c: LmaContext, d: { rule: string; section: string }): Step {
  const s = begin(c);
  note(s, `LMA ignores the PBU: ${d.rule}.`, d.section);
  return s;
}

/** RFC 6275 §9.6 (each entry has its own lifetime timer): the lifetime ran out without renewal. Tunnel-Life, not this timer, removes the tunnel. */
export function expireBinding(c: LmaContext, nai: string): Step {
  const s = begin(c);
  const e = c.cache[nai]!;
  const homes = [e.hnp, e.ipv4Home?.address].filter(Boolean).join(' and ');
  const text = `The binding lifetime of ${nai} ended without a renewal: the LMA deletes its entry and the route for ${homes}.`;
  note(s, text, 'RFC 6275 §9.6; seed 001 §5.2');
  s.effects.push({ type: 'route.remove', owner: routeOwner(nai) });
  if (e.ipv4Home) s.effects.push({ type: 'route.remove', owner: ipv4RouteOwner(nai) });
  if (e.tunnel) leave(s, nai, e.tunnel, false);
  s.cache = deleteEntry(s.cache, nai);
  return s;
}

/** §5.3.5 ¶2, last bullet: no new registration came; the entry goes and its prefix may be reassigned. */
export function deleteDeregisteredEntry(c: LmaContext, nai: string): Step {
  const s = begin(c);
  const e = c.cache[nai]!;
  const freed = [e.fromPool && e.hnp, e.ipv4Home?.fromPool && e.ipv4Home.address].filter(Boolean).join(' and ');
  const pool = freed ? ` and ${freed} returns to the pool` : '';
  note(s, `MinDelayBeforeBCEDelete passed with no new registration: the LMA deletes the entry of ${nai}${pool}.`, 'RFC 5213 §5.3.5 ¶2');
  s.cache = deleteEntry(s.cache, nai);
  return s;
}

/** RFC 5213 §5.6.1 / seed 001 §5.2: Tunnel-Life ended. A tunnel still in use lives on to its users' longest binding. */
export function endTunnelLife(c: LmaContext, id: string): Step {
  const s = begin(c);
  const t = c.tunnels[id]!;
  if (isUnused(t)) {
    s.tunnels = removeTunnel(s.tunnels, id);
    s.effects.push({ type: 'tunnel.remove', id });
    note(s, `Tunnel-Life of ${id} ended with no users: the LMA deletes the tunnel.`, 'RFC 5213 §5.6.1; seed 001 §5.2');
    return s;
  }
  const expiresUs = Math.max(...t.users.map((u) => c.cache[u]?.expiresUs ?? 0));
  s.tunnels = { ...s.tunnels, [id]: { ...t, expiresUs } };
  armTunnelLife(c, s, id, false, expiresUs);
  note(s, `Tunnel-Life of ${id} ended but ${t.users.length} mobile node(s) still use it: it lives until ${seconds(expiresUs)}.`, 'seed 001 §5.2');
  return s;
}
