import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findOption } from '../../src/wire/mh';
import { radiusAttr } from '../../src/wire/radius';
import type { BulEntry, MagContext } from '../../src/entities/mag';
import { HNP1, HNP2, LMAA, MAC1, MAC2, NAI1, NAI2, lab } from '../support/mag';

/*
 * Random runs of the MAG machine (STYLE.md, "Tests": the invariants after every step): mobile nodes
 * attach, answer or not, are refused, leave, vanish, while time passes; the RADIUS and PBA answers
 * are real bytes. After every step the tables, what the node was told to do and the timers agree.
 */

const MNS = [
  { mn: 'mn1', nai: NAI1, mac: MAC1, iface: 'eth1', hnp: HNP1 },
  { mn: 'mn2', nai: NAI2, mac: MAC2, iface: 'eth2', hnp: HNP2 },
] as const;

type Action =
  | { k: 'attach'; n: 0 | 1; handoff: boolean }
  | { k: 'radius'; n: 0 | 1; reject: boolean }
  | { k: 'pba'; n: 0 | 1; status: number }
  | { k: 'rs' | 'detach' | 'lost'; n: 0 | 1 }
  | { k: 'wait'; ms: number };

const n = fc.constantFrom(0 as const, 1 as const);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ k: fc.constant('attach' as const), n, handoff: fc.boolean() }),
  fc.record({ k: fc.constant('radius' as const), n, reject: fc.boolean() }),
  fc.record({ k: fc.constant('pba' as const), n, status: fc.constantFrom(0, 0, 0, 154, 155, 156, 157) }),
  fc.record({ k: fc.constantFrom('rs' as const, 'detach' as const, 'lost' as const), n }),
  fc.record({ k: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 70_000 }) }),
);

function perform(l: ReturnType<typeof lab>, a: Action): void {
  if (a.k === 'wait') return l.advance(a.ms);
  const m = MNS[a.n];
  const entry = (l.context() as unknown as MagContext).bul[m.nai];
  switch (a.k) {
    case 'attach':
      return l.attach({ mn: m.mn, nai: m.nai, mac: m.mac, iface: m.iface, handoff: a.handoff });
    case 'radius': {
      const request = l.requests().filter((r) => radiusAttr(r, 1) === m.nai).at(-1);
      if (entry?.state !== 'authenticating' || !request) return;
      return l.answerRadius({ request, nai: m.nai, reject: a.reject, profile: { addressing: 'per-mn-prefix', lmaa: LMAA, hnp: m.hnp } });
    }
    case 'pba': {
      const pbu = l.pbus().filter((p) => findOption(p.mh, 8)?.identifier === m.nai).at(-1);
      if (!entry?.pending || !pbu) return;
      return l.answerPbu({ pbu: pbu.mh, status: a.status });
    }
    case 'rs':
      return l.solicit({ iface: m.iface, mac: m.mac });
    case 'detach':
    case 'lost':
      return void l.actor.send({ type: a.k === 'detach' ? 'l2.detach' : 'l2.lost', mn: m.mn });
  }
}

function checkInvariants(l: ReturnType<typeof lab>, from: number): void {
  const c = l.context() as unknown as MagContext;
  const entries = Object.values(c.bul) as BulEntry[];
  // What the node was told: live tunnels and route owners, replayed from the effects.
  const tunnels = new Set<string>();
  const routes = new Set<string>();
  for (const e of l.effects) {
    if (e.type === 'tunnel.add') tunnels.add(e.tunnel.id);
    if (e.type === 'tunnel.remove') tunnels.delete(e.id);
    if (e.type === 'route.add') routes.add(e.owner);
    if (e.type === 'route.remove') routes.delete(e.owner);
  }
  expect([...tunnels].sort()).toEqual(Object.keys(c.tunnels).sort());
  const installed = entries.filter((e) => e.installed);
  expect([...routes].sort()).toEqual(installed.flatMap((e) => [`access:${e.nai}`, `bul:${e.nai}`]).sort());
  // The tunnel's users are exactly the installed entries; an unused tunnel is gone.
  for (const t of Object.values(c.tunnels)) {
    expect([...t.users].sort()).toEqual(installed.map((e) => e.nai).sort());
    expect(t.users.length).toBeGreaterThan(0);
  }
  // Only a registered binding is advertised (RFC 5213 §6.9.1.2 ¶11, §6.9.2 ¶2).
  for (const e of l.effects.slice(from)) {
    if (e.type !== 'tx' || !e.dstMac) continue;
    const pio = ((e.packet.payload as { options?: { type: number }[] }).options ?? []).some((o) => o.type === 3);
    const owner = entries.find((x) => x.mac === e.dstMac);
    if (pio) expect(owner?.installed).toBe(true);
  }
  expect(l.state()).toBe(entries.length > 0 ? 'serving' : 'idle');
  // The timers each entry believes are running are the ones XState has scheduled.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const scheduled = Object.values((l.actor.system as any).getSnapshot()._scheduledEvents as Record<string, { id: string }>).map((s) => s.id);
  expect(scheduled.sort()).toEqual(entries.flatMap((e) => e.timers.map((t) => `${t}:${e.nai}`)).sort());
}

describe('MAG: invariants over random runs', () => {
  it('keeps tables, node effects and timers in agreement, and advertises only registered prefixes', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        const l = lab();
        for (const a of actions) {
          const from = l.effects.length;
          perform(l, a);
          checkInvariants(l, from);
        }
      }),
      { numRuns: 300 },
    );
  });
});
