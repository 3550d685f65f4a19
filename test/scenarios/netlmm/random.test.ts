import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { magAddress } from '../../../src/scenarios/netlmm/addressing';
import { layersOf } from '../../../src/scenarios/netlmm/kinds';
import { mnSpec } from '../../../src/scenarios/netlmm/params';
import { NetlmmLab } from '../../../src/scenarios/netlmm/topology';
import { accountData } from '../../../src/sim/data-accounting';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import type { PacketEvent, Tables } from '../../../src/sim/trace';
import type { MobilityHeader } from '../../../src/wire/mh';
import { frameOf, kind } from './support';

/*
 * Random runs of the real machines: two MNs attach and hand off between the MAGs in any order,
 * with random core delays, handoff gaps and (sometimes) loss. After each action the network is
 * left quiet, and then the invariants must hold: one binding per MN, the LMA's binding at the MAG
 * the MN is on (without loss), the one client's sequence numbers always newer so the LMA never
 * answers "out of window" (§4.2: they suffice, no timestamps needed), no data through a MAG an MN
 * has left, and with forwarding and no loss not one datagram lost across any handoff (Appendix D).
 */

type Action = { kind: 'attach' | 'move'; mn: 1 | 2; mag: 1 | 2; gapMs: number };

const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.constantFrom('attach', 'move'),
  mn: fc.constantFrom(1, 2),
  mag: fc.constantFrom(1, 2),
  gapMs: fc.integer({ min: 0, max: 60 }),
}) as fc.Arbitrary<Action>;

const tablesOf = (lab: NetlmmLab, id: string): Tables => {
  const a = lab.agents.get(id)!;
  return a.def.tables(a.actor.getSnapshot().context);
};

describe('random netlmm runs', () => {
  it('keep the invariants after every attach and handoff, whatever the delays, gaps and losses', () => {
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 0, 0, 10),
        fc.nat(),
        (actions, delayMs, lossPercent, seed) => {
          const net = new Network(new Rng(seed));
          net.recorder.states = false;
          const lossy = lossPercent > 0;
          const lab = new NetlmmLab(net, {
            address: 'dhcp',
            clients: 1,
            security: 'preconfigured',
            forwarding: true,
            coreDelayMs: delayMs,
            lossPercent,
            lifetimeSeconds: 3600,
            mns: [mnSpec(1), mnSpec(2)],
            trafficIntervalMs: lossy ? 1000 : 50,
          });
          // Long enough for DAD and the GMA binding, or, with loss, for every retransmission to run out.
          const quietUs = lossy ? 70_000_000 : 3_000_000;
          const where = new Map<string, number>();
          const stays: { mn: string; mag: number; from: number }[] = [];
          let traffic = false;
          let t = 0;
          for (const a of actions) {
            const mn = `mn${a.mn}`;
            const at = where.get(mn);
            if (a.kind === 'attach' && at === undefined) lab.attachNow(mn, a.mag);
            else if (a.kind === 'move' && at !== undefined && at !== a.mag) lab.moveNow(mn, a.mag, a.gapMs * 1000);
            else continue;
            where.set(mn, a.mag);
            stays.push({ mn, mag: a.mag, from: t });
            t += quietUs;
            net.engine.runUntil(t);
            if (!traffic && lab.addressOf('mn1')) {
              lab.agents.get('cn')!.send({ type: 'app.start', target: lab.addressOf('mn1') });
              traffic = true;
            }

            const lma = tablesOf(lab, 'lma');
            const bindings = lma['Binding cache']!;
            for (const [id, mag] of where) {
              const nai = `${id}@netlmm.example`;
              const mine = bindings.filter((b) => b.MN === nai);
              expect(mine.length, `${id}'s bindings`).toBeLessThanOrEqual(1);
              if (!lossy) {
                expect(mine[0]?.['Proxy-CoA'], `${id} is on mag${mag}`).toBe(magAddress(mag));
                const cached = tablesOf(lab, 'client')['PMIP client cache']!.find((r) => r['MN identifier'] === nai);
                expect(cached?.pCoA).toBe(magAddress(mag));
              }
            }
            for (const tun of lma.Tunnels!) expect(tun.users).toBe(bindings.filter((b) => b['Proxy-CoA'] === tun.remote).length);
          }
          if (traffic) lab.agents.get('cn')!.send({ type: 'app.stop' });
          net.engine.runUntil(t + quietUs);

          const ps = net.recorder.events.filter((e): e is PacketEvent => e.kind === 'packet');
          // The client's PBUs for one MN carry ever newer sequence numbers, and the LMA never finds one stale.
          const seqs = new Map<string, number[]>();
          for (const p of ps) {
            const k = kind(p);
            if (k === 'PBA(135)') throw new Error(`the LMA answered a PBU with 135 at ${p.time} µs`);
            if (k !== 'PBU' || p.from !== 'client') continue;
            const mh = layersOf(frameOf(p)).find((l) => l.proto === 'mipv6') as unknown as MobilityHeader;
            const id = (mh.options ?? []).find((o) => o.type === 8)?.identifier as string;
            seqs.set(id, [...(seqs.get(id) ?? []), (mh.body as { seq: number }).seq]);
          }
          for (const list of seqs.values()) {
            for (let i = 1; i < list.length; i++) expect(((list[i]! - list[i - 1]!) & 0xffff) > 0 && ((list[i]! - list[i - 1]!) & 0xffff) < 0x8000).toBe(true);
          }
          // No data packet reaches an MN through a MAG it has left.
          for (const p of ps) {
            if (p.plane !== 'data' || p.fate !== 'delivered' || !p.to.startsWith('mn')) continue;
            const stay = stays.filter((s) => s.mn === p.to && s.from <= p.time).at(-1);
            expect(p.from, `${p.to} got a data packet at ${p.time} µs`).toBe(`mag${stay?.mag ?? 'none'}`);
          }
          // Appendix D: with data forwarding and no loss, every datagram arrives, handoffs or not. A
          // frame already on the air when the MN's link goes down is lost by the radio, which no
          // forwarding can bring back: those are the only losses allowed.
          if (!lossy) {
            const acc = accountData({ version: 1, scenario: 'random', params: {}, seed, faults: [], entities: lab.entities, links: [], events: net.recorder.events, duration: net.now });
            const lost = acc.datagrams.filter((d) => d.outcome === 'lost' && !(d.lost?.fate === 'lost' && /^mn\d-mag\d$/.test(d.lost.link) && /went down while the frame was in flight/.test(d.lost.reason)));
            expect(lost.map((d) => d.lost)).toEqual([]);
          }
        },
      ),
      { numRuns: process.env.CI ? 200 : 25 },
    );
  }, 600_000);
});
