import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proxyCoa } from '../../../src/scenarios/pmipv6/addressing';
import { Ipv4HomeLab, type DhcpPlacement } from '../../../src/scenarios/pmipv6-ipv4/home-address-lab';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import type { Tables } from '../../../src/sim/trace';
import { walk, walkAction } from '../../support/walk';

/*
 * Random runs with IPv4 home addresses (follows test/scenarios/pmipv6/random.test.ts): two MNs with
 * DHCP clients attach, move between the MAGs and leave, in any order, with any DHCP placement and
 * stack, random MAG–LMA delay and loss, and leases short enough to be renewed and rebound during the
 * quiet periods. After each action, once the network is quiet, the PMIPv6 invariants hold, and so do
 * the IPv4 ones: one IPv4 home address per MN and never one for two, its host route at the LMA
 * through the tunnel of the MAG the MN is on, and the MN bound to the address its binding holds.
 */

/** Long enough for the registration back-off and for a lease's T1, T2 or end to come round. */
const QUIET_US = 70_000_000;

const tablesOf = (lab: Ipv4HomeLab, which: 'lma' | 'mag1' | 'mag2'): Tables => {
  const agent = which === 'lma' ? lab.lma.agent : lab.mags[which === 'mag1' ? 0 : 1]!.agent;
  return agent.def.tables(agent.actor.getSnapshot().context);
};

describe('random PMIPv6 runs with IPv4 home addresses', () => {
  it('keep the binding, tunnel and IPv4 home address invariants after every attach, move and detach', () => {
    fc.assert(
      fc.property(
        fc.array(walkAction, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<DhcpPlacement>('mag-server', 'relay-to-lma', 'relay-to-server', 'double-relay'),
        fc.constantFrom('ipv4' as const, 'dual' as const),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(0, 0, 10),
        fc.integer({ min: 20, max: 60 }),
        fc.nat(),
        (actions, dhcp, stack, delayMs, lossPercent, leaseSeconds, seed) => {
          const net = new Network(new Rng(seed));
          net.recorder.states = false;
          const lab = new Ipv4HomeLab(net, {
            mns: 2,
            dhcp,
            stack,
            poolSize: 4,
            leaseSeconds,
            serverId: 'mag-address',
            lifetimeSeconds: 3600,
            magLmaDelayMs: delayMs,
            lossPercent,
            trafficIntervalMs: 1000,
          });
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
            const cache = lma['Binding cache']!;
            const live = cache.filter((b) => b.state !== 'deregistered' && b['lifetime (s)'] !== 0);
            // No IPv4 home address belongs to two MNs, live or de-registered.
            const held = cache.map((b) => b['IPv4 HoA']).filter((x) => x !== null);
            expect(new Set(held).size).toBe(held.length);
            for (const h of lab.mns) {
              const mine = live.filter((b) => b.MN === h.nai);
              expect(mine.length).toBeLessThanOrEqual(1);
              const attachedTo = at.get(h.id);
              const b = mine[0];
              if (b && attachedTo !== undefined) expect(b['Proxy-CoA']).toBe(proxyCoa(attachedTo));
              else if (b && lossPercent === 0) throw new Error(`${h.id} left but the LMA still binds it to ${String(b['Proxy-CoA'])}`);
              if (!b && attachedTo !== undefined && lossPercent === 0) throw new Error(`${h.id} on mag${attachedTo} has no binding (${dhcp}, ${stack})`);
              if (!b) continue;
              // Every live binding holds an IPv4 home address, routed through the tunnel to its MAG.
              const hoa = String(b['IPv4 HoA']).split('/')[0]!;
              expect(b['IPv4 HoA']).not.toBeNull();
              expect(lma.Routes).toContainEqual({ prefix: `${hoa}/32`, via: `to-${String(b['Proxy-CoA'])}` });
              expect(b.HNP === null).toBe(stack === 'ipv4');
              // The MN, when bound, uses the address its binding holds.
              const leased = lab.ipv4AddressOf(h.id);
              if (leased !== undefined && lossPercent === 0) expect(leased).toBe(hoa);
            }
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
      { numRuns: process.env.CI ? 200 : 30 },
    );
  }, 600_000);
});
