import type { ScenarioDefinition } from '../definition';
import { after, and, cite, is, registrationSteps, rule, trafficSteps } from './steps';
import { labFor } from './attach';
import { delayParam, lossParam } from './topology';
import { magLinkLocal } from './addressing';

/*
 * pmipv6-handover (SCENARIOS.md; seed 001 §7.2, §5.5, §6.10): from a completed attach, the MN
 * leaves MAG1 and attaches to MAG2. MAG1 de-registers (lifetime 0), MAG2 registers with the
 * Handoff Indicator, the LMA moves the route to the MAG2 tunnel, MAG2 advertises the same prefix
 * and withdraws MAG1 as the MN's default router (seed 001 §7.3). The CN's echo keeps running, so
 * the requests lost between the detach and the new route show in the trace.
 *
 * `race`: MAG1's link to the LMA is slow, so its de-registration arrives after MAG2's PBU; with
 * timestamp ordering the LMA keeps the new binding (seed 001 §5.5). `ordering = sequence`: the LMA
 * compares sequence numbers that two MAGs count independently, and refuses or undoes the handoff.
 */

export const ATTACH_AT_US = 10_000;
export const TRAFFIC_AT_US = 100_000;
export const LEAVE_AT_US = 300_000;
export const TRAFFIC_UNTIL_US = 800_000;
/** How much slower MAG1's link to the LMA is in the race variant, ms. */
export const RACE_EXTRA_MS = 40;

export const pmipv6Handover: ScenarioDefinition = {
  id: 'pmipv6-handover',
  params: [
    {
      name: 'race',
      label: 'De-registration race',
      doc: 'MAG1’s link to the LMA is 40 ms slower, so its de-registration arrives after MAG2’s PBU: the LMA must keep the new binding (seed 001 §5.5).',
      type: 'boolean',
      default: false,
    },
    {
      name: 'ordering',
      label: 'LMA ordering',
      doc: 'timestamp (RFC 5213 §5.5) orders PBUs from different MAGs by their time; sequence compares counters the two MAGs keep independently, and goes wrong.',
      type: 'enum',
      values: ['timestamp', 'sequence'],
      default: 'timestamp',
    },
    {
      name: 'gap',
      label: 'Layer-2 handoff time',
      doc: 'Time between the MN leaving MAG1 and its link up at MAG2: the longer, the more echoes are lost.',
      type: 'number',
      min: 0,
      max: 2000,
      default: 20,
      unit: 'ms',
    },
    delayParam,
    lossParam,
  ],
  build(net, params) {
    const delay = params.delay as number;
    const race = params.race as boolean;
    const lab = labFor(net, params, {
      magLmaDelayMs: [race ? delay + RACE_EXTRA_MS : delay, delay],
      ordering: params.ordering as 'timestamp' | 'sequence',
      trafficIntervalMs: 20,
    });
    const gapUs = (params.gap as number) * 1000;
    lab.attach('mn1', 1, ATTACH_AT_US);
    lab.startTraffic('mn1', TRAFFIC_AT_US + (race ? RACE_EXTRA_MS * 2000 : 0) + delay * 2000);
    const leaveAt = LEAVE_AT_US + (race ? RACE_EXTRA_MS * 2000 : 0) + delay * 2000;
    lab.detach('mn1', leaveAt);
    lab.attach('mn1', 2, leaveAt + gapUs, { handoff: true, previousRouter: magLinkLocal(1) });
    const stopAt = leaveAt + gapUs + TRAFFIC_UNTIL_US - LEAVE_AT_US + ((params.loss as number) > 0 ? 8_000_000 : 0);
    lab.stopTraffic(stopAt);
    const t = after(leaveAt);
    const ho = cite('§7.2, §5.5', '§5.3.4, §6.9.1.4');
    return {
      entities: lab.entities,
      durationUs: stopAt + 1_500_000,
      steps: [
        ...registrationSteps('mag1', 'mn1', { untilUs: leaveAt }),
        rule('8', 'The MN has left: MAG1 de-registers it (PBU, lifetime 0)', cite('§6.10, §7.2', '§6.9.1.4'), and(t, is('PBU(dereg)', 'mag1', 'lma')), true),
        rule('8', 'The LMA acknowledges the de-registration', cite('§6.10', '§5.3.5'), and(t, is('PBA', 'lma', 'mag1')), true),
        rule('8', 'The LMA answers MAG1’s de-registration with an error', cite('§5.5', '§5.3.5, §8.9'), and(t, (p, f) => is('PBA', 'lma', 'mag1')(p, f) === false && p.from === 'lma' && p.to === 'mag1' && /Acknowledgement/.test(p.summary)), true),
        ...registrationSteps('mag2', 'mn1', { fromUs: leaveAt, handoff: true, numbers: ['9', '10', '11', '12', '13'] }),
        rule('12', 'The LMA refuses MAG2’s handoff', ho, and(t, (p) => p.from === 'lma' && p.to === 'mag2' && /Acknowledgement/.test(p.summary)), true),
        rule('13', 'MAG2 withdraws MAG1 as the MN’s default router (Router Lifetime 0 from MAG1’s link-local)', cite('§7.3', '§6.9.3'), and(t, is('RA(withdraw)', 'mag2', 'mn1')), true),
        ...trafficSteps('7', { text: 'An echo lost in the handover: sent before the route moved to MAG2', section: cite('§7.2', '§5.3.4') }),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
