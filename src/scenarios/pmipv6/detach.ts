import type { ScenarioDefinition } from '../definition';
import { labFor } from './attach';
import { after, and, cite, is, registrationSteps, rule, trafficSteps } from './steps';
import { delayParam, lossParam } from './topology';

/*
 * pmipv6-detach (SCENARIOS.md; seed 001 §6.10 last paragraph): the MN leaves MAG1 for good; MAG1
 * detects the detach and de-registers with lifetime 0; the LMA acknowledges, removes the route at
 * once and the binding cache entry after MinDelayBeforeBCEDelete (RFC 5213 §5.3.5), and the tunnel
 * because no other MN uses it.
 */

export const LEAVE_AT_US = 400_000;

export const pmipv6Detach: ScenarioDefinition = {
  id: 'pmipv6-detach',
  params: [delayParam, lossParam],
  build(net, params) {
    const lab = labFor(net, params);
    const shift = (params.delay as number) * 2000 + ((params.loss as number) > 0 ? 8_000_000 : 0);
    lab.attach('mn1', 1, 10_000);
    lab.startTraffic('mn1', 100_000 + shift);
    lab.stopTraffic(LEAVE_AT_US + shift + 100_000);
    lab.detach('mn1', LEAVE_AT_US + shift);
    const t = after(LEAVE_AT_US + shift);
    return {
      entities: lab.entities,
      // MinDelayBeforeBCEDelete is 10 s (RFC 5213 §9.1): run past it so the entry goes.
      durationUs: LEAVE_AT_US + shift + 11_000_000,
      steps: [
        ...registrationSteps('mag1', 'mn1', { untilUs: LEAVE_AT_US + shift }),
        rule('8', 'MAG1 detects the detach and de-registers the MN: PBU with lifetime 0', cite('§6.10', '§6.9.1.4'), and(t, is('PBU(dereg)', 'mag1', 'lma')), true),
        rule('9', 'The LMA acknowledges, removes the route and (no other user) the tunnel; the entry goes after MinDelayBeforeBCEDelete', cite('§6.10', '§5.3.5, §5.6.1'), and(t, is('PBA', 'lma', 'mag1')), true),
        ...trafficSteps('7', { text: 'An echo for the MN after it left: nowhere to go', section: cite('§6.10', '§5.3.5') }),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
