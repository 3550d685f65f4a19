import type { ScenarioDefinition } from '../definition';
import { commonParams, delayParam, labFor, lifetimeParam } from './params';
import { after, and, attachSteps, cite, is, rule, trafficSteps } from './steps';

/*
 * pmipv4-renewal (SCENARIOS.md; RFC 5563 Fig. 2, §4.1.2): the MN stays on MAG1, which re-registers
 * before the lifetime ends, at 80 % of it, with the home address field set to the address the home
 * agent assigned; the home agent extends the binding each time and the CN's echo keeps flowing.
 */

export const pmipv4Renewal: ScenarioDefinition = {
  id: 'pmipv4-renewal',
  params: [...commonParams, { ...lifetimeParam, default: 8, max: 600, doc: 'The registration lifetime: MAG1 re-registers at 80 % of it, twice in the run.' }, delayParam],
  build(net, params) {
    const lifetimeUs = (params.lifetime as number) * 1_000_000;
    const lab = labFor(net, params, { trafficIntervalMs: 2000 });
    lab.attach('mn1', 1, 10_000);
    lab.startTraffic('mn1', 300_000);
    // Two re-registrations (at 80 % of the lifetime, then 80 % of that one's) and a little more.
    const end = Math.round(1.6 * lifetimeUs + 0.3 * lifetimeUs);
    lab.stopTraffic(end);
    const renewals = after(200_000);
    const s = cite('§4.1.2', 'RFC 5563 §4.1.2, Fig. 2; RFC 5944 §3.6.1');
    return {
      entities: lab.entities,
      durationUs: end + 1_000_000,
      steps: [
        rule('1', 'MAG1 re-registers before the lifetime ends: home address field = the assigned address, a newer Identification', s, and(renewals, is('PRRQ', 'mag1', 'lma')), true),
        rule('2', 'The home agent extends the binding (Proxy Registration Reply, code 0)', s, and(renewals, is('PRRP', 'lma', 'mag1')), true),
        ...attachSteps('mag1', 'mn1'),
        ...trafficSteps(),
      ],
      move: (node, to) => lab.moveFault(node, to),
    };
  },
};
