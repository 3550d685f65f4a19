import type { ScenarioDefinition } from '../definition';
import { ParamError } from '../params';
import { labFor } from './attach';
import { and, cite, is, registrationSteps, rule, trafficSteps } from './steps';

/*
 * pmipv6-reject (SCENARIOS.md; seed 001 §5.5, §6.10, §8.5): each refusal as a variant, with the
 * MAG's reaction.
 *   mag-not-authorized  the LMA does not let MAG1 register the MN: PBA with an error, no RA (seed 001 §6.10);
 *   timestamp           the LMA's clock is 5 s off: the PBA carries the LMA's timestamp (RFC 5213 §5.5);
 *   no-prefix           MAG1 sends its PBU with no Home Network Prefix option (seed 001 §6.10, per-MN-address
 *                       model) and the LMA has no entry for the MN: MISSING_HOME_NETWORK_PREFIX_OPTION (158);
 *   aaa-reject          the AAA refuses the MN: Access-Reject, and MAG1 never sends a PBU;
 *   lost-pba            MAG1's first PBA is lost: MAG1 retransmits with exponential back-off (RFC 5213 §6.9.4).
 */

export const REASONS = ['mag-not-authorized', 'timestamp', 'no-prefix', 'aaa-reject', 'lost-pba'] as const;
export type Reason = (typeof REASONS)[number];

export const pmipv6Reject: ScenarioDefinition = {
  id: 'pmipv6-reject',
  params: [
    {
      name: 'reason',
      label: 'Refusal',
      doc: 'Which refusal to show, each with the MAG’s reaction.',
      type: 'enum',
      values: REASONS,
      default: 'mag-not-authorized',
    },
  ],
  build(net, params) {
    const reason = params.reason as Reason;
    if (!REASONS.includes(reason)) throw new ParamError(`reason cannot be '${String(reason)}': allowed values are ${REASONS.join(', ')}`);
    const lab = labFor(net, { ...params, prefix: 'profile' }, {
      ...(reason === 'mag-not-authorized' ? { authorizedMags: [2] } : {}),
      ...(reason === 'timestamp' ? { lmaClockOffsetUs: 5_000_000 } : {}),
      ...(reason === 'no-prefix' ? { magsOmitPrefix: true } : {}),
      ...(reason === 'aaa-reject' ? { aaaRejects: true } : {}),
    });
    lab.attach('mn1', 1, 10_000);
    if (reason === 'lost-pba') {
      // The first PBU leaves MAG1 at 14 ms (after the 2 + 2 ms AAA exchange); its PBA, at 19 ms, is lost.
      net.engine.schedule(15_000, 'the MAG1–LMA link starts losing', () => {
        net.links.get('mag1-lma')!.loss = 1;
        net.recorder.note({ time: net.now, text: 'The MAG1–LMA link loses every frame for the next 10 ms: the PBA will not arrive.', section: 'scenario' });
      });
      net.engine.schedule(25_000, 'the MAG1–LMA link works again', () => {
        net.links.get('mag1-lma')!.loss = 0;
      });
      lab.startTraffic('mn1', 1_500_000);
      lab.stopTraffic(1_800_000);
    }
    const refusal = rule('5', 'The LMA refuses the registration (PBA with an error status)', cite('§5.5, §6.10', '§5.3.1, §8.9'), (p, f) => p.from === 'lma' && p.to === 'mag1' && !is('PBA')(p, f) && /Acknowledgement/.test(p.summary), true);
    return {
      entities: lab.entities,
      durationUs: reason === 'lost-pba' ? 2_500_000 : 10_000_000,
      steps: [
        rule('2', 'The AAA refuses the MN (Access-Reject): MAG1 offers no mobility service and sends no PBU', cite('§3, §6.10', '§6.5'), is('Access-Reject', 'aaa', 'mag1'), true),
        refusal,
        rule('4', 'No PBA in time: MAG1 retransmits the PBU with a new sequence number and doubled timeout', cite('§6.10', '§6.9.4'), and((p) => p.time > 500_000, is('PBU', 'mag1', 'lma')), true),
        ...registrationSteps('mag1', 'mn1'),
        ...trafficSteps(),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
