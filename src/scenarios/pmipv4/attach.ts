import type { ScenarioDefinition } from '../definition';
import { commonParams, delayParam, labFor, lifetimeParam, lossParam } from './params';
import { attachSteps, trafficSteps } from './steps';

/*
 * pmipv4-attach (SCENARIOS.md; seed 000 Fig. 1, RFC 5563 Fig. 1): access authentication with the
 * AAA server, the MN asks for an address (DHCP or IPCP), the MAG registers it with a Proxy
 * Registration Request, the home agent assigns the home address, the MAG hands it to the MN, and
 * the CN's echo flows through the tunnel.
 */

export const ATTACH_AT_US = 10_000;
export const TRAFFIC_AT_US = 200_000;
export const TRAFFIC_FOR_US = 500_000;

export const pmipv4Attach: ScenarioDefinition = {
  id: 'pmipv4-attach',
  params: [...commonParams, lifetimeParam, delayParam, lossParam],
  build(net, params) {
    const lab = labFor(net, params);
    lab.attach('mn1', 1, ATTACH_AT_US);
    // With loss the request may need its back-off (1 + 2 + 4 s…): start the echo once the MN has its address.
    const start = (params.loss as number) > 0 ? 16_000_000 : TRAFFIC_AT_US + (params.delay as number) * 4000;
    lab.startTraffic('mn1', start);
    lab.stopTraffic(start + TRAFFIC_FOR_US);
    return {
      entities: lab.entities,
      durationUs: start + TRAFFIC_FOR_US + 1_000_000,
      steps: [...attachSteps('mag1', 'mn1'), ...trafficSteps()],
      move: (node, to) => lab.moveFault(node, to),
    };
  },
};
