import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proxyCoa } from '../../../src/scenarios/pmipv6/addressing';
import { Lab } from '../../../src/scenarios/pmipv6/topology';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import type { Tables } from '../../../src/sim/trace';
import { walk, walkAction } from '../../support/walk';

/*
 * Random runs of the real machines: two MNs attach, move between the MAGs and leave, in any order,
 * with MAG–LMA delay and loss drawn at random. After each action the network is left quiet long
 * enough for retransmissions to finish, and then the PMIPv6 invariants must hold (issue: "check the
 * invariants after every step").
 */

/** Long enough for the registration back-off (1+2+4+8+16 s) to run its course on a lossy link. */
const QUIET_US = 70_000_000;

const tablesOf = (lab: Lab, which: 'lma' | 'mag1' | 'mag2'): Tables => {
  const agent = which === 'lma' ? lab.lma.agent : lab.mags[which === 'mag1' ? 0 : 1]!.agent;
  return agent.def.tables(agent.actor.getSnapshot().context);
};

describe('random PMIPv6 runs', () => {
  it('keep the invariants after every attach, move and detach, whatever the delays and losses', () => {
    fc.assert(
      fc.property(
        fc.array(walkAction, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 0, 10),
        fc.nat(),
        (actions, delayMs, lossPercent, seed) => {
          const net = new Network(new Rng(seed));
          net.recorder.states = false;
          const lab = new Lab(net, {
            mns: 2,
            addressing: 'per-mn-prefix',
            prefix: 'profile',
            lifetimeSeconds: 3600,
            magLmaDelayMs: [delayMs, delayMs],
            lossPercent,
            trafficIntervalMs: 1000,
          });
          const homes = new Map<string, string>();
          // The CN pings MN1 from the end of the first quiet period, if MN1 has an address by then.
          lab.startTraffic('mn1', QUIET_US - 1);
          walk(
            actions,
            {
              attach: (mn, mag) => lab.attachNow(mn, mag),
              move: (mn, mag) => lab.moveNow(mn, mag),
              leave: (mn) => lab.leaveNow(mn),
              runUntil: (t) => net.engine.runUntil(t),
            },
            QUIET_US,
            (at, attachments) => {
            const lma = tablesOf(lab, 'lma');
            const live = lma['Binding cache']!.filter((b) => b.state !== 'deregistered' && b['lifetime (s)'] !== 0);
            for (const h of lab.mns) {
              const mine = live.filter((b) => b.MN === h.nai);
              // At most one binding per MN, and once quiet it points to the MAG the MN is on. With
              // loss the registration may have given up after its last retransmission, so an
              // attached MN may lack a binding, but never has one at the wrong MAG.
              expect(mine.length).toBeLessThanOrEqual(1);
              const attachedTo = at.get(h.id);
              // A de-registration is sent once (RFC 5213 §6.9.1.2): if loss takes it, the LMA keeps
              // the binding of a departed MN until its lifetime ends, so only without loss must it be gone.
              if (mine[0] && attachedTo !== undefined) expect(mine[0]['Proxy-CoA']).toBe(proxyCoa(attachedTo));
              else if (mine[0] && lossPercent === 0) throw new Error(`${h.id} left but the LMA still binds it to ${String(mine[0]['Proxy-CoA'])}`);
              if (!mine[0] && attachedTo !== undefined && lossPercent === 0) throw new Error(`${h.id} on mag${attachedTo} has no binding`);
              // The MN keeps its home address wherever it goes.
              const home = lab.homeAddressOf(h.id);
              if (home) {
                if (homes.has(h.id)) expect(home).toBe(homes.get(h.id));
                homes.set(h.id, home);
              }
            }
            // Each tunnel's user count equals the bindings that use it.
            for (const tun of lma.Tunnels!) {
              expect(tun.users).toBe(live.filter((b) => b['Proxy-CoA'] === tun.remote).length);
            }
            // No data packet reaches an MN through a MAG it has left.
            for (const e of net.recorder.events) {
              if (e.kind !== 'packet' || e.plane !== 'data' || e.fate !== 'delivered' || !e.to.startsWith('mn')) continue;
              const where = attachments.filter((x) => x.mn === e.to && x.from <= e.time).at(-1);
              expect(e.from, `${e.to} got a data packet at ${e.time} µs`).toBe(`mag${where?.mag ?? 'none'}`);
            }
            // A MAG keeps no binding update list entry for an MN that left it.
            for (const n of [1, 2] as const) {
              const bul = tablesOf(lab, n === 1 ? 'mag1' : 'mag2')['Binding update list']!;
              for (const e of bul) {
                const h = lab.mns.find((x) => x.nai === e.MN);
                if (h && at.get(h.id) !== n) expect(e.state).toMatch(/deregister|lapsing|rejected/);
              }
            }
            },
          );
        },
      ),
      { numRuns: process.env.CI ? 300 : 40 },
    );
  });
});
