import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proxyCoa } from '../../../src/scenarios/pmipv6/addressing';
import { Lab } from '../../../src/scenarios/pmipv6/topology';
import { ipv4Core, magIpv4, natPublicIpv4, type Ipv4CoreOptions } from '../../../src/scenarios/pmipv6-ipv4/ipv4-core';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import type { Tables } from '../../../src/sim/trace';
import { walk, walkAction } from '../../support/walk';

/*
 * Random runs over the IPv4 transport (follows test/scenarios/pmipv6/random.test.ts): two MNs attach,
 * move between the MAGs and leave, each MAG behind a NAT of its own or not, in either layout, with
 * or without F, T and keepalives, with random delays and losses. After each action the network is
 * left quiet (longer than the NATs' binding timeout) and the PMIPv6 invariants must still hold,
 * along with the NAT's: the LMA reaches a MAG behind a NAT at the NAT's address in UDP, and, when
 * the MAG keeps it alive, through the binding the NAT really holds.
 */

const core: fc.Arbitrary<Ipv4CoreOptions> = fc
  .record({
    encoding: fc.constantFrom('rfc5844' as const, 'draft-02' as const),
    natted: fc.tuple(fc.boolean(), fc.boolean()),
    forceUdp: fc.boolean(),
    tlvHeader: fc.boolean(),
    natKeepalive: fc.boolean(),
  })
  .map((o) => ({ ...o, natTraversal: o.natted[0] || o.natted[1] }));

/** Long enough for the registration back-off (1+2+4+8+16 s) and past the NATs' 30 s timeout. */
const QUIET_US = 70_000_000;

const tablesOf = (lab: Lab, which: 'lma' | 'mag1' | 'mag2' | 'nat1' | 'nat2'): Tables => {
  if (which.startsWith('nat')) {
    const state = [...lab.net.recorder.events].reverse().find((e) => e.kind === 'state' && e.entity === which);
    return state?.kind === 'state' ? state.tables : {};
  }
  const agent = which === 'lma' ? lab.lma.agent : lab.mags[which === 'mag1' ? 0 : 1]!.agent;
  return agent.def.tables(agent.actor.getSnapshot().context);
};

describe('random PMIPv6 runs over IPv4, with NATs', () => {
  it('keep the invariants after every attach, move and detach', () => {
    fc.assert(
      fc.property(
        fc.array(walkAction, { minLength: 1, maxLength: 5 }),
        core,
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 0, 10),
        fc.nat(),
        (actions, o, delayMs, lossPercent, seed) => {
          const net = new Network(new Rng(seed));
          const lab = new Lab(net, {
            mns: 2,
            addressing: 'per-mn-prefix',
            prefix: 'profile',
            lifetimeSeconds: 3600,
            magLmaDelayMs: [delayMs, delayMs],
            lossPercent,
            trafficIntervalMs: 1000,
            core: ipv4Core(o),
          });
          // The LMA knows a MAG by its IPv6 Proxy-CoA in the seed's layout, by its IPv4 one in RFC 5844's.
          const known = (n: number): string => (o.encoding === 'draft-02' ? proxyCoa(n) : magIpv4(o, n));
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
              expect(mine.length).toBeLessThanOrEqual(1);
              const attachedTo = at.get(h.id);
              if (mine[0] && attachedTo !== undefined) expect(mine[0]['Proxy-CoA']).toBe(known(attachedTo));
              else if (mine[0] && lossPercent === 0) throw new Error(`${h.id} left but the LMA still binds it to ${String(mine[0]['Proxy-CoA'])}`);
              if (!mine[0] && attachedTo !== undefined && lossPercent === 0) throw new Error(`${h.id} on mag${attachedTo} has no binding`);
            }
            for (const tun of lma.Tunnels!) {
              // Each tunnel's user count equals the bindings that use it.
              expect(tun.users).toBe(live.filter((b) => b['Proxy-CoA'] === tun.remote).length);
              // A MAG behind a NAT is reached at the NAT's public address, in UDP; a MAG on a direct link at its own.
              const n = [1, 2].find((x) => known(x) === tun.remote)!;
              const natted = o.natted[n - 1]!;
              expect(String(tun['IPv4 far end']).split(':')[0]).toBe(natted ? natPublicIpv4(n) : magIpv4(o, n));
              expect(tun['NAT detected']).toBe(natted);
              if (natted || o.forceUdp || o.tlvHeader) expect(tun.encapsulation).toMatch(/^IPv4-UDP/);
              else expect(tun.encapsulation).toBe('IPv4');
              // With keepalives and no loss, the NAT still holds the binding the LMA sends to.
              if (natted && o.natKeepalive && lossPercent === 0 && tun.users !== 0) {
                const nat = tablesOf(lab, n === 1 ? 'nat1' : 'nat2')['NAT bindings'] ?? [];
                expect(nat.map((b) => b.public)).toContain(tun['IPv4 far end']);
              }
            }
            // No data packet reaches an MN through a MAG it has left.
            for (const e of net.recorder.events) {
              if (e.kind !== 'packet' || e.plane !== 'data' || e.fate !== 'delivered' || !e.to.startsWith('mn')) continue;
              const where = attachments.filter((x) => x.mn === e.to && x.from <= e.time).at(-1);
              expect(e.from, `${e.to} got a data packet at ${e.time} µs`).toBe(`mag${where?.mag ?? 'none'}`);
            }
            // Nothing but UDP leaves a NAT's inside, and only from its own MAG.
            for (const n of [1, 2] as const) {
              for (const b of tablesOf(lab, n === 1 ? 'nat1' : 'nat2')['NAT bindings'] ?? []) expect(String(b.inside)).toMatch(new RegExp(`^10\\.0\\.${n}\\.1:`));
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
  });
});
