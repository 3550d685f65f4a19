import type { ScenarioDefinition } from '../definition';
import { labFor } from './attach';
import { after, and, cite, is, registrationSteps, rule, trafficSteps } from './steps';
import { lifetimeParam } from './topology';

/*
 * pmipv6-renewal (SCENARIOS.md; seed 001 §5.2, §6.6): MAG1 re-registers before the binding
 * lifetime ends (at 80 % of it); then the MN vanishes without a detach indication (`l2.lost`,
 * RFC 5213 §6.13), MAG1 stops renewing, the binding expires at the LMA, the tunnel's user count
 * drops to 0 and Tunnel-Life removes the tunnel.
 */

export const pmipv6Renewal: ScenarioDefinition = {
  id: 'pmipv6-renewal',
  params: [{ ...lifetimeParam, default: 8, max: 600, doc: 'The binding lifetime: MAG1 renews at 80 % of it, and the LMA lets the binding expire this long after the last renewal.' }],
  build(net, params) {
    const lifetimeUs = (params.lifetime as number) * 1_000_000;
    const lab = labFor(net, params, { trafficIntervalMs: 2000 });
    lab.attach('mn1', 1, 10_000);
    lab.startTraffic('mn1', 200_000);
    // Two renewals, then the MN is gone.
    const lostAt = Math.round(2.5 * lifetimeUs);
    lab.stopTraffic(lostAt);
    lab.lost('mn1', lostAt);
    const first = after(100_000);
    return {
      entities: lab.entities,
      durationUs: lostAt + 2 * lifetimeUs + 1_000_000,
      steps: [
        ...registrationSteps('mag1', 'mn1', { untilUs: 100_000 }),
        rule('renewal', 'MAG1 re-registers before the lifetime ends (same prefix, newer timestamp)', cite('§5.2, §6.6', '§6.9.1.3, §5.3.3'), and(first, is('PBU', 'mag1', 'lma')), true),
        rule('renewal', 'The LMA extends the binding and the tunnel’s Tunnel-Life', cite('§5.2, §6.6', '§5.3.3'), and(first, is('PBA', 'lma', 'mag1')), true),
        ...trafficSteps('7', { text: 'An echo for the MN after it vanished', section: cite('§5.2', '§6.13') }),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
