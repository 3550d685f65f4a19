import type { ScenarioDefinition } from '../definition';
import { after, and, cite, is, registrationSteps, rule, trafficSteps } from './steps';
import { delayParam, Lab } from './topology';
import { magLinkLocal } from './addressing';

/*
 * pmipv6-shared-tunnel (SCENARIOS.md; seed 001 §5.2, §6.6): MN1 and MN2 attach to MAG1 and share
 * its one tunnel to the LMA (user count 2, Tunnel-Life = the longest binding). MN1 moves to MAG2;
 * the MAG1 tunnel stays up for MN2, whose echo keeps flowing through it.
 */

export const MOVE_AT_US = 400_000;

export const pmipv6SharedTunnel: ScenarioDefinition = {
  id: 'pmipv6-shared-tunnel',
  params: [delayParam],
  build(net, params) {
    const delay = params.delay as number;
    const lab = new Lab(net, {
      mns: 2,
      addressing: 'per-mn-prefix',
      prefix: 'profile',
      lifetimeSeconds: 60,
      magLmaDelayMs: [delay, delay],
      lossPercent: 0,
      trafficIntervalMs: 50,
    });
    const shift = delay * 2000;
    lab.attach('mn1', 1, 10_000);
    lab.attach('mn2', 1, 60_000);
    lab.startTraffic('mn2', 200_000 + shift);
    const moveAt = MOVE_AT_US + shift;
    lab.detach('mn1', moveAt);
    lab.attach('mn1', 2, moveAt + 20_000, { handoff: true, previousRouter: magLinkLocal(1) });
    lab.stopTraffic(moveAt + 400_000);
    const t = after(moveAt);
    return {
      entities: lab.entities,
      durationUs: moveAt + 1_000_000,
      steps: [
        ...registrationSteps('mag1', 'mn1', { untilUs: 55_000 }),
        ...registrationSteps('mag1', 'mn2', { fromUs: 55_000, untilUs: moveAt }).map((r) => ({
          ...r,
          text: `${r.text} — MN2 joins MN1’s tunnel (user count 2)`,
          section: cite('§5.2, §6.6', '§5.6.1, §6.10.1'),
        })),
        rule('8', 'MN1 left: MAG1 de-registers it; the tunnel stays for MN2 (user count 1)', cite('§6.10, §6.6', '§6.9.1.4, §5.6.1'), and(t, is('PBU(dereg)', 'mag1', 'lma')), true),
        rule('8', 'The LMA acknowledges; its MAG1 tunnel keeps one user', cite('§6.6', '§5.3.5'), and(t, is('PBA', 'lma', 'mag1')), true),
        ...registrationSteps('mag2', 'mn1', { fromUs: moveAt, handoff: true, numbers: ['9', '10', '11', '12', '13'] }),
        rule('13', 'MAG2 withdraws MAG1 as MN1’s default router', cite('§7.3', '§6.9.3'), and(t, is('RA(withdraw)', 'mag2', 'mn1')), true),
        ...trafficSteps('7'),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
