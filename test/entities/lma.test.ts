import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateMachine } from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { engineClock } from '../../src/sim/clock';
import type { Effect } from '../../src/sim/effects';
import { Engine } from '../../src/sim/engine';
import { findOption, proxyBindingUpdate, type MobilityHeader, type PbuParams } from '../../src/wire/mh';
import { timeOfDay } from '../../src/protocols/pmipv6';
import { lma, lmaMachine, type LmaInput } from '../../src/entities/lma';
import type { LmaContext } from '../../src/entities/lma-steps';

/*
 * The LMA machine driven directly: createActor on the engine's clock, a fake env, PBUs built by
 * src/wire, and every emitted effect collected with the time it was emitted.
 */

const LMAA = '2001:db8:ffff::1';
const MAG1 = '2001:db8:1::1';
const MAG2 = '2001:db8:2::1';
const MN1 = 'mn1@pmip-lab.example';
const MN2 = 'mn2@pmip-lab.example';
const HNP1 = '2001:db8:100::/64';
const S = 1_000_000;

type Seen = Effect & { at: number };

function lab(over: Partial<LmaInput> = {}) {
  const engine = new Engine();
  let r = 0;
  const env = { now: () => engine.now, random: () => (r = (r + 0x9e3779b9) >>> 0) };
  const actor = createActor(lmaMachine, {
    clock: engineClock(engine, 'lma'),
    input: {
      env,
      lmaa: LMAA,
      authorizedMags: { '*': [MAG1, MAG2] },
      prefixPool: ['2001:db8:1000::/64'],
      profiles: { [MN1]: { addressing: 'per-mn-prefix', hnp: HNP1 }, [MN2]: { addressing: 'per-mn-prefix' } },
      ...over,
    },
  });
  const seen: Seen[] = [];
  actor.on('*', (e) => seen.push({ ...(e as Effect), at: engine.now }));
  actor.start();
  const send = (o: Partial<PbuParams> & { from?: string; to?: string; atUs?: number; drop?: number[] } = {}): void => {
    const { from = MAG1, to = LMAA, atUs = engine.now, drop = [], ...p } = o;
    const pbu = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 100, nai: MN1, hnps: [HNP1], handoff: 1, att: 3, timestamp: timeOfDay(atUs), ...p });
    pbu.options = pbu.options!.filter((x) => !drop.includes(x.type));
    actor.send({ type: 'rx.pbu', from, to, pbu });
  };
  const at = (us: number): void => engine.runUntil(us);
  const pbas = (): { to: string; status: number; seq: number; lifetime: number; pba: MobilityHeader }[] =>
    seen.flatMap((e) => {
      if (e.type !== 'tx') return [];
      const pba = e.packet.payload as MobilityHeader;
      const b = pba.body as { status: number; seq: number; lifetime: number };
      return [{ to: e.packet.dst as string, status: b.status, seq: b.seq, lifetime: b.lifetime * 4, pba }];
    });
  /** The effects but notes, a PBA shown as `tx:<status>`. */
  const kinds = (): string[] =>
    seen.filter((e) => e.type !== 'note').map((e) => (e.type === 'tx' ? `tx:${((e.packet.payload as MobilityHeader).body as { status: number }).status}` : e.type));
  const tables = () => lma.tables(actor.getSnapshot().context);
  const state = () => actor.getSnapshot().value;
  const clear = (): void => void seen.splice(0);
  return { engine, actor, seen, send, at, pbas, kinds, tables, state, clear };
}

describe('LMA: registration (RFC 5213 §5.3.2)', () => {
  it('accepts with status 0, brings up the tunnel to the MAG and routes the prefix through it', () => {
    const l = lab();
    expect(l.state()).toBe('idle');
    l.send({ seq: 7 });
    expect(l.kinds()).toEqual(['tunnel.add', 'route.add', 'tx:0']);
    expect(l.seen.find((e) => e.type === 'tunnel.add')).toMatchObject({ tunnel: { id: `to-${MAG1}`, local: LMAA, remote: MAG1, encap: 'ip' } });
    expect(l.seen.find((e) => e.type === 'route.add')).toMatchObject({ owner: `bce:${MN1}`, dst: HNP1, tunnel: `to-${MAG1}` });
    const [pba] = l.pbas();
    expect(pba).toMatchObject({ to: MAG1, status: 0, seq: 7, lifetime: 100 });
    expect(pba!.pba.body).toMatchObject({ flags: { p: true } });
    expect(l.state()).toBe('anchoring');
    expect(l.tables()).toEqual({
      'Binding cache': [{ MN: MN1, HNP: HNP1, 'Proxy-CoA': MAG1, 'lifetime (s)': 100, 'expires (s)': 100, timestamp: '2026-01-01T00:00:00.000000000Z', seq: 7, HI: 1, ATT: 3, state: 'registered' }],
      Tunnels: [{ id: `to-${MAG1}`, remote: MAG1, users: 1, MNs: MN1, 'tunnel-life expires (s)': 100 }],
      Routes: [{ prefix: HNP1, via: `to-${MAG1}` }],
    });
    const note = l.seen.find((e) => e.type === 'note');
    expect(note).toMatchObject({ section: 'RFC 5213 §5.3.2; seed 001 §5.9' });
    expect(note && note.type === 'note' && note.text).toContain(`creates the binding cache entry for ${MN1}, prefix ${HNP1} via ${MAG1}`);
  });

  it('answers a shared-prefix MN with its home address /128 and a host route (seed 001 §5.3)', () => {
    const l = lab({ profiles: { [MN1]: { addressing: 'shared-prefix', hnp: '2001:db8:5000::/64', homeAddress: '2001:db8:5000::1' } } });
    l.send({ hnps: ['::/0'] });
    expect(l.seen.find((e) => e.type === 'route.add')).toMatchObject({ dst: '2001:db8:5000::1/128' });
    expect(findOption(l.pbas()[0]!.pba, 22)).toMatchObject({ prefix: '2001:db8:5000::1', prefixLength: 128 });
  });

  it('ignores a PBU addressed to another of the node’s addresses', () => {
    const l = lab();
    l.send({ to: '2001:db8:cccc::1' });
    expect(l.kinds()).toEqual([]);
    expect(l.state()).toBe('idle');
  });
});

describe('LMA: lifetime, expiry and Tunnel-Life (RFC 5213 §5.3.3, §5.6.1; seed 001 §5.2, §6.6)', () => {
  it('a renewal from the same MAG extends the lifetime without touching tunnel or route', () => {
    const l = lab();
    l.send();
    l.at(60 * S);
    l.clear();
    l.send({ seq: 2, handoff: 5 });
    expect(l.kinds()).toEqual(['tx:0']);
    expect(l.tables()['Binding cache']![0]).toMatchObject({ 'expires (s)': 160, HI: 5 });
    expect(l.tables().Tunnels![0]).toMatchObject({ 'tunnel-life expires (s)': 160 });
    l.at(150 * S); // past the first lifetime: the old timer was cancelled
    expect(l.state()).toBe('anchoring');
  });

  it('expiry removes the entry and the route, the user count drops, and Tunnel-Life removes the tunnel later', () => {
    const l = lab();
    l.send({ lifetimeSeconds: 100 });
    l.at(10 * S);
    l.send({ seq: 2, lifetimeSeconds: 20 }); // binding now ends at 30 s, Tunnel-Life stays at 100 s
    l.clear();
    l.at(30 * S);
    expect(l.kinds()).toEqual(['route.remove']);
    expect(l.state()).toBe('idle');
    expect(l.tables().Tunnels).toEqual([{ id: `to-${MAG1}`, remote: MAG1, users: 0, MNs: '', 'tunnel-life expires (s)': 100 }]);
    l.at(100 * S);
    expect(l.seen.filter((e) => e.type === 'tunnel.remove').map((e) => e.at)).toEqual([100 * S]);
    expect(l.tables().Tunnels).toEqual([]);
    expect(l.engine.pending).toBe(0);
  });

  it('a shared tunnel counts its users and lives as long as the longest binding', () => {
    const l = lab();
    l.send({ lifetimeSeconds: 100 });
    l.send({ nai: MN2, hnps: ['::/0'], lifetimeSeconds: 200 });
    expect(l.tables().Tunnels![0]).toMatchObject({ users: 2, 'tunnel-life expires (s)': 200 });
    expect(l.seen.filter((e) => e.type === 'tunnel.add')).toHaveLength(1);
    l.at(100 * S);
    expect(l.tables().Tunnels![0]).toMatchObject({ users: 1 });
    l.at(200 * S);
    expect(l.tables().Tunnels).toEqual([]);
    expect(l.state()).toBe('idle');
  });
});

describe('LMA: handoff and de-registration (RFC 5213 §5.3.4, §5.3.5)', () => {
  it('moves the route to MAG2’s tunnel, keeps one binding and deletes the unused MAG1 tunnel', () => {
    const l = lab();
    l.send();
    l.at(1 * S);
    l.clear();
    l.send({ from: MAG2, handoff: 3, seq: 1 });
    expect(l.kinds()).toEqual(['tunnel.remove', 'tunnel.add', 'route.add', 'tx:0']);
    expect(l.seen.find((e) => e.type === 'route.add')).toMatchObject({ tunnel: `to-${MAG2}` });
    expect(l.tables()['Binding cache']).toHaveLength(1);
    expect(l.tables().Routes).toEqual([{ prefix: HNP1, via: `to-${MAG2}` }]);
  });

  it('keeps MAG1’s tunnel for the MN still there when one of two moves (pmipv6-shared-tunnel)', () => {
    const l = lab();
    l.send();
    l.send({ nai: MN2, hnps: ['::/0'] });
    l.at(1 * S);
    l.clear();
    l.send({ from: MAG2, handoff: 3 });
    expect(l.kinds()).toEqual(['tunnel.add', 'route.add', 'tx:0']);
    expect(l.tables().Tunnels!.map((t) => [t.id, t.users])).toEqual([[`to-${MAG1}`, 1], [`to-${MAG2}`, 1]]);
  });

  it('de-registration then MAG2 within MinDelayBeforeBCEDelete: the entry survives and moves', () => {
    const l = lab();
    l.send();
    l.at(1 * S);
    l.send({ lifetimeSeconds: 0, seq: 2 });
    expect(l.kinds().slice(-3)).toEqual(['route.remove', 'tunnel.remove', 'tx:0']);
    expect(l.pbas().at(-1)).toMatchObject({ status: 0, lifetime: 0 });
    expect(l.tables()['Binding cache']![0]).toMatchObject({ state: 'deregistered', 'expires (s)': 11 });
    expect(l.tables().Routes).toEqual([]);
    l.at(2 * S);
    l.send({ from: MAG2, handoff: 3 });
    expect(l.tables()['Binding cache']![0]).toMatchObject({ state: 'registered', 'Proxy-CoA': MAG2 });
    l.at(20 * S);
    expect(l.tables()['Binding cache']).toHaveLength(1);
  });

  it('de-registration and nothing after: the entry goes after MinDelayBeforeBCEDelete and the pool prefix is free again', () => {
    const l = lab({ minDelayBeforeBceDeleteMs: 500 });
    l.send({ nai: MN2, hnps: ['::/0'] });
    l.at(1_000);
    l.send({ nai: MN2, hnps: ['::/0'], lifetimeSeconds: 0, seq: 2 });
    l.at(500_999);
    expect(l.state()).toBe('anchoring');
    l.at(501_000);
    expect(l.state()).toBe('idle');
    expect(l.engine.pending).toBe(0);
    l.send({ nai: MN1, hnps: ['::/0'], seq: 3 });
    l.send({ nai: MN2, hnps: ['::/0'], seq: 4 });
    expect(l.tables()['Binding cache']!.map((r) => r.HNP)).toEqual([HNP1, '2001:db8:1000::/64']);
  });
});

describe('LMA: the handover race (SCENARIOS.md pmipv6-handover, variant race)', () => {
  function raced(deregSentAtUs: number) {
    const l = lab();
    l.send({ seq: 1 });
    l.at(10 * S);
    l.send({ from: MAG2, handoff: 3, seq: 1, atUs: 10 * S }); // MAG2's PBU arrives first
    l.at(10 * S + 30_000);
    l.clear();
    l.send({ from: MAG1, lifetimeSeconds: 0, seq: 2, atUs: deregSentAtUs }); // then MAG1's de-registration
    return l;
  }

  it('a de-registration sent before MAG2’s PBU is older: 157, and MAG2’s binding stays', () => {
    const l = raced(10 * S - 20_000);
    expect(l.kinds()).toEqual(['tx:157']);
    expect(l.pbas()[0]).toMatchObject({ to: MAG1, status: 157 });
    expect(findOption(l.pbas()[0]!.pba, 27)?.timestamp).toBe(timeOfDay(10 * S + 30_000));
    expect(l.tables().Routes).toEqual([{ prefix: HNP1, via: `to-${MAG2}` }]);
  });

  it('a de-registration sent after MAG2’s PBU comes from a MAG that no longer serves the MN: ignored', () => {
    const l = raced(10 * S + 10_000);
    expect(l.kinds()).toEqual([]);
    expect(l.seen).toMatchObject([{ type: 'note', section: 'RFC 5213 §5.3.5 ¶1' }]);
    expect(l.tables()['Binding cache']![0]).toMatchObject({ 'Proxy-CoA': MAG2, state: 'registered' });
  });
});

describe('LMA: refusals (RFC 5213 §5.3.1, §8.9)', () => {
  it.each<[number, Partial<LmaInput>, Partial<PbuParams> & { from?: string; atUs?: number; drop?: number[] }]>([
    [160, {}, { drop: [8] }],
    [154, {}, { from: '2001:db8:3::1' }],
    [153, {}, { nai: 'nobody@pmip-lab.example' }],
    [156, { clockOffsetUs: 2 * S }, {}],
    [158, {}, { hnps: [] }],
    [161, {}, { drop: [23] }],
    [162, {}, { drop: [24] }],
    [155, {}, { hnps: ['2001:db8:999::/64'] }],
    [130, { prefixPool: [] }, { nai: MN2, hnps: ['::/0'] }],
  ])('%i', (status, input, pbu) => {
    const l = lab(input);
    l.send(pbu);
    expect(l.kinds()).toEqual([`tx:${status}`]);
    expect(l.pbas()[0]).toMatchObject({ status, lifetime: 0 });
    expect(l.state()).toBe('idle');
    expect(l.seen[0]).toMatchObject({ type: 'note' });
  });

  it('157 for a replayed timestamp, with the LMA clock in the answer', () => {
    const l = lab();
    l.at(5 * S);
    l.send({ atUs: 5 * S });
    l.send({ atUs: 5 * S, seq: 2 });
    expect(l.pbas().map((p) => p.status)).toEqual([0, 157]);
  });
});

describe('LMA: ordering by sequence number (variant ordering = sequence)', () => {
  it('refuses MAG2’s newest PBU and accepts MAG1’s stale one: the route stays at the MAG the MN left', () => {
    const l = lab({ ordering: 'sequence' });
    l.send({ seq: 30 });
    l.at(10 * S);
    l.send({ from: MAG2, seq: 5, handoff: 3 });
    l.send({ from: MAG1, seq: 31, atUs: 10 * S - 50_000 }); // a renewal MAG1 sent before it saw the MN leave
    expect(l.pbas().map((p) => [p.to, p.status, p.seq])).toEqual([[MAG1, 0, 30], [MAG2, 135, 30], [MAG1, 0, 31]]);
    expect(l.tables().Routes).toEqual([{ prefix: HNP1, via: `to-${MAG1}` }]);
  });
});

describe('LMA: state coverage with xstate/graph', () => {
  const input: LmaInput = {
    env: { now: () => 0, random: () => 0 },
    lmaa: LMAA,
    authorizedMags: { '*': [MAG1, MAG2] },
    profiles: { [MN1]: { addressing: 'per-mn-prefix', hnp: HNP1 } },
  };
  const pbu = (from: string, lifetimeSeconds: number, seq: number): { type: 'rx.pbu'; from: string; to: string; pbu: MobilityHeader } => ({
    type: 'rx.pbu', from, to: LMAA,
    pbu: proxyBindingUpdate({ seq, lifetimeSeconds, nai: MN1, hnps: [HNP1], handoff: 3, att: 3 }),
  });
  const events = [pbu(MAG1, 100, 1), pbu(MAG2, 100, 2), pbu(MAG1, 0, 3), { type: 'timer.minDelayBeforeBceDelete' as const, nai: MN1 }];
  const options = {
    input,
    events,
    serializeState: (s: { value: unknown; context: { cache: Record<string, { proxyCoa: string; state: string }> } }) =>
      JSON.stringify([s.value, Object.values(s.context.cache).map((e) => `${e.proxyCoa}:${e.state}`)]),
    serializeEvent: (e: { type: string; from?: string; pbu?: MobilityHeader }) => `${e.type}:${e.from ?? ''}:${(e.pbu?.body as { lifetime?: number } | undefined)?.lifetime ?? ''}`,
  };

  it('reaches both states and every binding situation', () => {
    // No Timestamp option and a clock that stands still: the sequence numbers order these PBUs.
    const reached = getShortestPaths(lmaMachine, options as never).map((p) => options.serializeState(p.state as never));
    expect(reached).toEqual(expect.arrayContaining([
      JSON.stringify(['idle', []]),
      JSON.stringify(['anchoring', [`${MAG1}:registered`]]),
      JSON.stringify(['anchoring', [`${MAG2}:registered`]]),
      JSON.stringify(['anchoring', [`${MAG1}:deregistered`]]),
    ]));
    expect(getSimplePaths(lmaMachine, options as never).length).toBeGreaterThan(reached.length);
  });

  it('returns to idle only through MinDelayBeforeBCEDelete, and every registered entry has its tunnel in every state', () => {
    const edges = adjacencyMapToArray(getAdjacencyMap(lmaMachine as AnyStateMachine, options as never)) as unknown as {
      state: { value: string; context: LmaContext };
      event: { type: string };
      nextState: { value: string; context: LmaContext };
    }[];
    const toIdle = edges.filter((e) => e.state.value === 'anchoring' && e.nextState.value === 'idle');
    expect(toIdle.length).toBeGreaterThan(0);
    expect(toIdle.every((e) => e.event.type === 'timer.minDelayBeforeBceDelete')).toBe(true);
    for (const { nextState: { context: c } } of edges) {
      for (const e of Object.values(c.cache)) {
        if (e.state === 'registered') expect(c.tunnels[e.tunnel!]?.users).toContain(e.nai);
        else expect(e.tunnel).toBeUndefined();
      }
      for (const t of Object.values(c.tunnels)) expect(t.users.every((u) => c.cache[u]?.tunnel === t.id)).toBe(true);
    }
  });
});
