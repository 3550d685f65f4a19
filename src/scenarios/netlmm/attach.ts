import { ParamError } from '../params';
import type { ScenarioDefinition } from '../definition';
import { mnMac } from './addressing';
import { addressParam, bindingDoneUs, delayParam, lossParam, mnSpec, netlmmLab, securityParam } from './params';
import { attachSteps, cite, conflictSteps, keySteps, sctpSteps, trafficSteps } from './steps';

/*
 * netlmm-attach (SCENARIOS.md; seed 003 Fig. 2, §4.1): the MN attaches to MAG1, gets its pHoA, MAG1
 * triggers the separate PMIP client over SCTP, the client's PBU binds the pHoA to MAG1 at the LMA,
 * the Notification brings the PBA back to MAG1, and the Mobile IPv6-capable MN binds its HoA to
 * the pHoA at the GMA. Then the CN's echo reaches the MN through two nested tunnels.
 *
 * `duplicate` (Appendix B): a second MN, with the same (cloned) MAC, is already at MAG2, served by
 * the second PMIP client, with the address the first MN configures; the clients find the conflict.
 * `mip6 = false`: the MN does not speak Mobile IPv6 (§4.1: "the MN need not be MIPv6 capable"); the
 * CN reaches it at its pHoA through the LMA's tunnel alone.
 */

export const ATTACH_AT_US = 10_000;
/** In the duplicate variant, the MN that arrives second. */
const SECOND_AT_US = 300_000;
const TRAFFIC_FOR_US = 500_000;

export const netlmmAttach: ScenarioDefinition = {
  id: 'netlmm-attach',
  params: [
    addressParam,
    {
      name: 'duplicate',
      label: 'Duplicate address',
      doc: 'Another MN with the same MAC is already at MAG2 with the address this MN configures: the PMIP clients detect the conflict and MAG1 defends the address (Appendix B).',
      type: 'boolean',
      default: false,
    },
    {
      name: 'mip6',
      label: 'Mobile IPv6 MN',
      doc: 'The MN binds its home address at the GMA; off, it is reached at its pHoA through one tunnel only (§4.1, §4.6).',
      type: 'boolean',
      default: true,
    },
    securityParam,
    delayParam,
    lossParam,
  ],
  build(net, params) {
    const duplicate = params.duplicate as boolean;
    if (duplicate && params.address !== 'stateless') {
      throw new ParamError('duplicate needs address stateless: a DHCPv6 server never gives one address to two MNs, so only a pHoA the MN configures itself can collide (Appendix B)');
    }
    const mip6 = params.mip6 as boolean;
    const mn1 = mnSpec(1, { mip6 });
    const mns = duplicate ? [mn1, mnSpec(2, { mac: mnMac(1), label: 'MN2 (same MAC)' })] : [mn1];
    const lab = netlmmLab(net, params, { mns, trafficIntervalMs: 100 });
    if (duplicate) {
      lab.schedule(ATTACH_AT_US, 'mn2 attaches to mag2', () => lab.attachNow('mn2', 2));
      lab.schedule(SECOND_AT_US, 'mn1 attaches to mag1', () => lab.attachNow('mn1', 1));
    } else {
      lab.schedule(ATTACH_AT_US, 'mn1 attaches to mag1', () => lab.attachNow('mn1', 1));
    }
    // With a duplicate, the first MN keeps the address: the CN talks to it.
    const target = duplicate ? 'mn2' : 'mn1';
    const start = bindingDoneUs(params, duplicate ? SECOND_AT_US : ATTACH_AT_US);
    lab.startTraffic(target, start);
    lab.stopTraffic(start + TRAFFIC_FOR_US);
    const client2 = params.address === 'stateless' ? 'client2' : 'client';
    return {
      entities: lab.entities,
      durationUs: start + TRAFFIC_FOR_US + 1_000_000,
      steps: [
        ...keySteps(),
        ...conflictSteps(),
        ...attachSteps({ mag: 'mag1', mn: 'mn1', client: 'client' }),
        ...(duplicate ? attachSteps({ mag: 'mag2', mn: 'mn2', client: client2 }) : []),
        ...sctpSteps(),
        ...trafficSteps('', cite('§4.1 (Fig. 2: forward packets)', 'RFC 2473')),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
