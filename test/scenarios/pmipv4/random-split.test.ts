import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { careOf, nai } from '../../../src/scenarios/pmipv4/addressing';
import { Lab } from '../../../src/scenarios/pmipv4/topology';
import { WimaxLab } from '../../../src/scenarios/pmipv4/wimax-topology';
import type { MachineAgent } from '../../../src/sim/agent';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import type { Tables } from '../../../src/sim/trace';

/*
 * Random runs of the split and 3GPP2 variants of PMIPv4 (RFC 5563 §10, §11): the MN hands over back
 * and forth at random moments, with random link delays; once the network is quiet the home agent
 * holds one committed binding per MN, pointing to the agent that serves it, and no other agent
 * keeps state for it.
 */

const tablesOf = (agent: MachineAgent): Tables => agent.def.tables(agent.actor.getSnapshot().context);

describe('random pmipv4-3gpp2 runs', () => {
  it('commit one binding per MN to the serving BS, with no tentative binding or pending notification left once quiet', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ mn: fc.constantFrom(1, 2), bs: fc.constantFrom(1, 2), gapMs: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        (moves, answers, delayMs, seed) => {
          const net = new Network(new Rng(seed));
          net.recorder.states = false;
          const lab = new Lab(net, {
            mns: 2, addressing: 'dhcp', dhcp: 'server', tunnel: 'gre', auth: 'mn-ha', lifetimeSeconds: 3600, magHaDelayMs: [delayMs, delayMs], lossPercent: 0, trafficIntervalMs: 1000,
            revocation: false, movementNotification: true, mag1AnswersMovement: answers, names: { access: 'BS', anchor: 'AGW/HA' },
          });
          const at = new Map<string, number>();
          let t = 0;
          for (const m of moves) {
            const mn = `mn${m.mn}`;
            const where = at.get(mn);
            if (where === m.bs) continue;
            if (where === undefined) lab.attachNow(mn, m.bs);
            else lab.moveNow(mn, m.bs, m.gapMs * 1000);
            at.set(mn, m.bs);
            // Longer than the notification's three tries (0.5 + 1 + 2 s) and the registration.
            t += 5_000_000;
            net.engine.runUntil(t);
            const ha = tablesOf(lab.ha.agent);
            const bindings = ha['Mobility bindings']!;
            expect(new Set(bindings.map((b) => b.MN)).size).toBe(bindings.length);
            expect(ha['Movement notifications']).toEqual([]);
            for (const [id, bs] of at) {
              const n = Number(id.slice(2));
              expect(bindings.find((b) => b.MN === nai(n)), `${id} on BS${bs}`).toMatchObject({ 'care-of address': careOf(bs), state: 'active' });
            }
            // Each tunnel's users are exactly the bindings routed through it: no share is left for a BS the MN left.
            for (const tun of ha.Tunnels!) expect(tun.users).toBe(ha.Routes!.filter((r) => r.via === tun.id).length);
            for (const n of [1, 2]) {
              for (const e of tablesOf(lab.mags[n - 1]!.agent)['Visitor list']!) {
                const id = `mn${String(e.MN).slice(2, 3)}`;
                if (at.get(id) === n) continue;
                // A BS that answers the notification has released the MN; a silent one at least knows it is gone.
                if (answers || n === 2) throw new Error(`BS${n} still has a visitor entry for ${id} (${String(e.state)})`);
                expect(e.attached).toBe(false);
              }
            }
          }
        },
      ),
      { numRuns: process.env.CI ? 200 : 40 },
    );
  });
});

describe('random pmipv4-wimax runs', () => {
  it('leave one binding at the HA and the client pointing to the serving FA, and no state or R4 bearer at the other FA', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 50, max: 3000 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        fc.nat(),
        (dwellMs, r3DelayMs, forwarding, seed) => {
          const net = new Network(new Rng(seed));
          net.recorder.states = false;
          const lab = new WimaxLab(net, { r3DelayUs: r3DelayMs * 1000, lifetimeSeconds: 3600, forwarding, trafficIntervalMs: 50 });
          lab.enter(1);
          let t = 2_000_000;
          net.engine.runUntil(t);
          const start = lab.homeAddress();
          expect(start).toBeDefined();
          lab.cn.agent.send({ type: 'app.start', target: start! });
          for (const dwell of dwellMs) {
            lab.handover(lab.at === 1 ? 2 : 1);
            // The handover takes a few R3 and R4 round trips; `dwell` may cut into the next one only after it is over.
            t += Math.max(dwell * 1000, 4 * r3DelayMs * 1000 + 50_000);
            net.engine.runUntil(t);
            const serving = lab.at!;
            const other = serving === 1 ? 2 : 1;
            const ha = tablesOf(lab.ha.agent);
            expect(ha['Mobility bindings']).toEqual([expect.objectContaining({ MN: nai(1), 'care-of address': careOf(serving), state: 'active', 'home address': start })]);
            expect(tablesOf(lab.asn.agent)['PMIPv4 client sessions']).toEqual([expect.objectContaining({ state: 'registered', 'serving FA (care-of address)': careOf(serving) })]);
            expect(tablesOf(lab.fas[serving - 1]!.agent)['Visitor list']).toEqual([expect.objectContaining({ MN: nai(1), state: 'registered', 'R4 bearer': null })]);
            expect(tablesOf(lab.fas[other - 1]!.agent)['Visitor list']).toEqual([]);
            expect([...lab.fas[other - 1]!.node.tunnels.keys()]).toEqual([]);
            expect(lab.homeAddress()).toBe(start);
          }
        },
      ),
      { numRuns: process.env.CI ? 200 : 40 },
    );
  });
});
