import type { ScenarioDefinition } from '../definition';
import type { Params } from '../params';
import { delayParam, lifetimeParam, lossParam } from '../pmipv6/topology';
import { Ipv4HomeLab, type DhcpPlacement, type Stack } from './home-address-lab';
import { attachSteps, handoverSteps, ipv4TrafficSteps, renewalSteps } from './home-address-steps';

/*
 * pmipv6-ipv4-home-address (SCENARIOS.md; seed 002 §3, Appendix A, Figs. 2, 3, 14, 15): an IPv4 or
 * dual-stack MN gets an IPv4 home address over DHCP, with the DHCP server where `dhcp` puts it; the
 * CN's IPv4 echo reaches it through the IPv4-in-IPv6 tunnel; then the MN moves to MAG2, keeps its
 * address, and its DHCP renewal meets the new MAG (seed 002 §3.2.2, last bullet). With `mns` = 2 and
 * a `pool` of 1, the second MN finds the LMA's pool exhausted: status 130.
 */

export const ATTACH_AT_US = 10_000;
/** The second MN attaches to MAG1 this late, after the first holds its address. */
export const SECOND_MN_AT_US = 300_000;
const TRAFFIC_FOR_US = 400_000;

export const dhcpParam = {
  name: 'dhcp',
  label: 'DHCP placement',
  doc: 'mag-server: the MAG is the DHCP server and the LMA allocates (Fig. 2); relay-to-lma: the MAG relays to a server in the LMA (Fig. 3); relay-to-server: to a standalone server (Fig. 14); double-relay: through a relay in the LMA (Fig. 15).',
  type: 'enum',
  values: ['mag-server', 'relay-to-lma', 'relay-to-server', 'double-relay'],
  default: 'mag-server',
} as const;

export const stackParam = {
  name: 'stack',
  label: 'MN stack',
  doc: 'ipv4: an IPv4-only MN, registered with the IPv4 Home Address Request alone; dual: it also solicits routers and the PBU carries a Home Network Prefix too (seed 002 §3).',
  type: 'enum',
  values: ['ipv4', 'dual'],
  default: 'ipv4',
} as const;

export const poolParam = {
  name: 'pool',
  label: 'IPv4 pool size',
  doc: 'Addresses the allocator holds: the LMA with the MAG as server, the DHCP server otherwise. With 2 MNs and a pool of 1 the second finds it exhausted (status 130 from the LMA).',
  type: 'number',
  min: 0,
  max: 16,
  default: 4,
  integer: true,
} as const;

export const mnsParam = {
  name: 'mns',
  label: 'Mobile nodes',
  doc: 'A second MN attaches to MAG1 after the first and stays there: it shows an exhausted pool.',
  type: 'number',
  min: 1,
  max: 2,
  default: 1,
  integer: true,
} as const;

export const leaseParam = {
  name: 'lease',
  label: 'DHCP lease',
  doc: 'The lease the DHCP server grants; the MN renews at half of it (T1) and rebinds by broadcast at 87.5 % (T2), after its move to MAG2.',
  type: 'number',
  min: 4,
  max: 600,
  default: 8,
  unit: 's',
  integer: true,
} as const;

export const serverIdParam = {
  name: 'server-id',
  label: 'Server identifier',
  doc: 'With the MAG as server: its own address (seed 002 §3.1), so after the move the unicast renewal reaches no one; or the default router address all MAGs share (RFC 5844 §3.4.1), so the new MAG answers it.',
  type: 'enum',
  values: ['mag-address', 'default-router'],
  default: 'mag-address',
} as const;

/** When the run's milestones fall, from the parameters: slower links and loss push them later. */
export function timeline(params: Params): { trafficAt: number; moveAt: number; rebindAt: number; durationUs: number } {
  const delayUs = (params.delay as number) * 1000;
  const lossy = (params.loss as number) > 0;
  // A relayed exchange crosses the MAG–LMA link up to eight times before the PBA; loss adds the PBU back-off.
  const settleUs = 100_000 + 10 * delayUs + (lossy ? 8_000_000 : 0);
  const trafficAt = ATTACH_AT_US + settleUs;
  const moveAt = trafficAt + 600_000;
  const rebindAt = ATTACH_AT_US + settleUs + Math.ceil((params.lease as number) * 0.875 * 1e6);
  return { trafficAt, moveAt, rebindAt, durationUs: Math.max(rebindAt, moveAt + settleUs) + 1_500_000 };
}

export const pmipv6Ipv4HomeAddress: ScenarioDefinition = {
  id: 'pmipv6-ipv4-home-address',
  params: [dhcpParam, stackParam, poolParam, mnsParam, leaseParam, serverIdParam, lifetimeParam, delayParam, lossParam],
  build(net, params) {
    const dhcp = params.dhcp as DhcpPlacement;
    const mns = params.mns as number;
    const lab = new Ipv4HomeLab(net, {
      mns,
      dhcp,
      stack: params.stack as Stack,
      poolSize: params.pool as number,
      leaseSeconds: params.lease as number,
      serverId: params['server-id'] as 'mag-address' | 'default-router',
      lifetimeSeconds: params.lifetime as number,
      magLmaDelayMs: params.delay as number,
      lossPercent: params.loss as number,
      trafficIntervalMs: 100,
    });
    const t = timeline(params);
    if (dhcp === 'relay-to-server') {
      net.recorder.note({
        time: 0,
        text: 'Appendix A’s text for this placement has the MAG hold the DHCPOFFER until the PBA; its Figure 14 and §3.2.2 hold the DHCPACK instead, as the lab does.',
        section: 'draft-ietf-netlmm-pmip6-ipv4-support-02 App. A, Fig. 14, §3.2.2',
      });
    }
    lab.attach('mn1', 1, ATTACH_AT_US);
    if (mns === 2) lab.attach('mn2', 1, SECOND_MN_AT_US);
    lab.startTraffic('mn1', t.trafficAt);
    lab.stopTraffic(t.trafficAt + TRAFFIC_FOR_US);
    // The echo runs across the move, so the learner sees what the handover loses.
    lab.startTraffic('mn1', t.moveAt - 150_000);
    lab.stopTraffic(t.moveAt + TRAFFIC_FOR_US);
    lab.moveAt('mn1', 2, t.moveAt);
    lab.startTraffic('mn1', t.rebindAt + 300_000);
    lab.stopTraffic(t.rebindAt + 300_000 + 250_000);
    return {
      entities: lab.entities,
      durationUs: t.durationUs,
      steps: [
        ...attachSteps(dhcp, 'mag1', 'mn1', { untilUs: t.moveAt }),
        ...(mns === 2 ? attachSteps(dhcp, 'mag1', 'mn2', { untilUs: t.moveAt }) : []),
        ...handoverSteps(t.moveAt),
        ...renewalSteps(dhcp, t.moveAt),
        ...ipv4TrafficSteps(),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
