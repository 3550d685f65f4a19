import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { careOf } from '../../../src/scenarios/pmipv4/addressing';
import { Lab } from '../../../src/scenarios/pmipv4/topology';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import type { Tables } from '../../../src/sim/trace';
import { walk, walkAction } from '../../support/walk';

/*
 * Random runs of the real PMIPv4 machines: two MNs attach, move (an uncontrolled handover: the old
 * MAG only loses sight of them) and detach, in any order, over DHCP or PPP, with MAG–HA delay and
 * loss drawn at random. After each action the network is left quiet long enough for every
 * retransmission (requests, revocations, DHCP) to finish, and then the invariants must hold.
 */

/** Longer than the request back-off (1 + 2 + 4 + 8 + 16 s) and the revocation's (1 + 2 + 4 + 8 s). */
const QUIET_US = 45_000_000;

const tablesOf = (lab: Lab, which: 'lma' | 1 | 2): Tables => {
  const agent = which === 'lma' ? lab.ha.agent : lab.mags[which - 1]!.agent;
  return agent.def.tables(agent.actor.getSnapshot().context);
};

describe('random PMIPv4 runs', () => {
  it('keep one binding per MN pointing to its MAG, tunnel counts right, no visitor entry where the MN has gone, and the home address', () => {
    fc.assert(
      fc.property(
        fc.array(walkAction, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('dhcp', 'ipcp'),
        fc.constantFrom('ip-in-ip', 'gre'),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 0, 10),
        fc.nat(),
        (actions, addressing, tunnel, delayMs, lossPercent, seed) => {
          const net = new Network(new Rng(seed));
          net.recorder.states = false;
          const lab = new Lab(net, {
            mns: 2,
            addressing: addressing as 'dhcp' | 'ipcp',
            dhcp: 'server',
            tunnel: tunnel as 'ip-in-ip' | 'gre',
            auth: 'mn-ha',
            lifetimeSeconds: 3600,
            magHaDelayMs: [delayMs, delayMs],
            lossPercent,
            trafficIntervalMs: 1000,
          });
          const homes = new Map<string, string>();
          lab.startTraffic('mn1', QUIET_US - 1);
          walk(
            actions,
            {
              attach: (mn, mag) => lab.attachNow(mn, mag),
              move: (mn, mag) => lab.moveNow(mn, mag),
              leave: (mn) => lab.leaveNow(mn, 'detach'),
              runUntil: (t) => net.engine.runUntil(t),
            },
            QUIET_US,
            (at, attachments) => {
            const ha = tablesOf(lab, 'lma');
            const bindings = ha['Mobility bindings']!;
            // One binding per MN, and never one home address for two.
            expect(new Set(bindings.map((b) => b.MN)).size).toBe(bindings.length);
            expect(new Set(bindings.map((b) => b['home address'])).size).toBe(bindings.length);
            for (const h of lab.mns) {
              const mine = bindings.find((b) => b.MN === h.nai);
              const attachedTo = at.get(h.id);
              if (lossPercent === 0) {
                // Once quiet, the binding points to the MAG serving the MN, and there is none for an MN that left.
                if (attachedTo !== undefined) expect(mine?.['care-of address'], `${h.id} on mag${attachedTo}`).toBe(careOf(attachedTo));
                else expect(mine, `${h.id} has left`).toBeUndefined();
              } else if (mine && attachedTo !== undefined && mine['care-of address'] !== careOf(attachedTo)) {
                // With loss a registration may give up after its last retransmission; then, and only
                // then, the binding may still point to where the MN was.
                const entry = tablesOf(lab, attachedTo as 1 | 2)['Visitor list']!.find((e) => e.MN === h.nai);
                expect(entry?.state, `${h.id} on mag${attachedTo}, bound at ${String(mine['care-of address'])}`).toMatch(/^rejected \(no reply/);
              }
              // The MN keeps its home address wherever it goes.
              const home = lab.homeAddressOf(h.id);
              if (home) {
                if (homes.has(h.id)) expect(home).toBe(homes.get(h.id));
                homes.set(h.id, home);
              }
            }
            // Each binding has its route, and each tunnel's user count equals the bindings routed through it.
            expect(ha.Routes!.map((r) => r.prefix).sort()).toEqual(bindings.map((b) => `${String(b['home address'])}/32`).sort());
            for (const tun of ha.Tunnels!) expect(tun.users).toBe(ha.Routes!.filter((r) => r.via === tun.id).length);
            // A MAG keeps no visitor entry for an MN that left it once revocation or de-registration is over;
            // with loss those may have failed, but the MAG never believes a departed MN is attached.
            for (const n of [1, 2] as const) {
              for (const e of tablesOf(lab, n)['Visitor list']!) {
                const h = lab.mns.find((x) => x.nai === e.MN)!;
                if (at.get(h.id) === n) continue;
                if (lossPercent === 0) throw new Error(`mag${n} still has a visitor entry for ${h.id}, which left it (${String(e.state)})`);
                expect(e.attached).toBe(false);
              }
            }
            // No data packet reaches an MN through a MAG it has left.
            for (const e of net.recorder.events) {
              if (e.kind !== 'packet' || e.plane !== 'data' || e.fate !== 'delivered' || !e.to.startsWith('mn')) continue;
              const w = attachments.filter((x) => x.mn === e.to && x.from <= e.time).at(-1);
              expect(e.from, `${e.to} got a data packet at ${e.time} µs`).toBe(`mag${w?.mag ?? 'none'}`);
            }
            },
          );
        },
      ),
      { numRuns: process.env.CI ? 300 : 60 },
    );
  });
});
