import type { ScenarioDefinition } from '../definition';
import type { Params } from '../params';
import { registrationSteps, trafficSteps } from './steps';
import { delayParam, Lab, lifetimeParam, lossParam, type Addressing } from './topology';

/*
 * pmipv6-attach (SCENARIOS.md; seed 001 §3, §6.10, §7.1): the MN attaches to MAG1, which fetches
 * its profile from the AAA, registers it at the LMA and advertises its home network prefix; then
 * the CN's echo flows through the MAG1–LMA tunnel.
 */

export const ATTACH_AT_US = 10_000;
export const TRAFFIC_AT_US = 200_000;
export const TRAFFIC_FOR_US = 500_000;

export const addressingParam = {
  name: 'addressing',
  label: 'Addressing model',
  doc: 'per-mn-prefix gives each MN its own /64 (a prefix route at the LMA); shared-prefix gives it a /128 on a shared prefix (a host route, seed 001 §5.3).',
  type: 'enum',
  values: ['per-mn-prefix', 'shared-prefix'],
  default: 'per-mn-prefix',
} as const;

export const prefixParam = {
  name: 'prefix',
  label: 'Prefix source',
  doc: 'profile: the AAA profile names the home network prefix; lma-allocated: the MAG sends ::/0 and the LMA allocates one from its pool (RFC 5213 §5.3.2).',
  type: 'enum',
  values: ['profile', 'lma-allocated'],
  default: 'profile',
} as const;

/** The Lab every single-MN scenario starts from, with the shared parameters applied. */
export function labFor(net: Parameters<ScenarioDefinition['build']>[0], params: Params, more: Partial<ConstructorParameters<typeof Lab>[1]> = {}): Lab {
  const delay = (params.delay as number | undefined) ?? 5;
  return new Lab(net, {
    mns: 1,
    addressing: ((params.addressing as Addressing | undefined) ?? 'per-mn-prefix'),
    prefix: ((params.prefix as 'profile' | 'lma-allocated' | undefined) ?? 'profile'),
    lifetimeSeconds: (params.lifetime as number | undefined) ?? 60,
    magLmaDelayMs: [delay, delay],
    lossPercent: (params.loss as number | undefined) ?? 0,
    trafficIntervalMs: 100,
    ...more,
  });
}

export const pmipv6Attach: ScenarioDefinition = {
  id: 'pmipv6-attach',
  params: [addressingParam, prefixParam, lifetimeParam, delayParam, lossParam],
  build(net, params) {
    const lab = labFor(net, params);
    lab.attach('mn1', 1, ATTACH_AT_US);
    // With loss the PBU may need its back-off (1 + 2 + 4 s…): start the echo once the MN has its address.
    const lossy = (params.loss as number) > 0;
    const start = lossy ? 8_000_000 : TRAFFIC_AT_US + (params.delay as number) * 2000;
    lab.startTraffic('mn1', start);
    lab.stopTraffic(start + TRAFFIC_FOR_US);
    return {
      entities: lab.entities,
      durationUs: start + TRAFFIC_FOR_US + 1_000_000,
      steps: [...registrationSteps('mag1', 'mn1'), ...trafficSteps()],
      move: (node, to) => lab.move(node, to),
    };
  },
};
