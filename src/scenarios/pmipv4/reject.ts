import type { ScenarioDefinition } from '../definition';
import { ParamError } from '../params';
import { UNAUTHORIZED_ADDRESS } from './addressing';
import type { LabOptions } from './topology';
import { labFor } from './params';
import type { StepRule } from '../definition';
import type { Match } from '../pmipv6/steps';
import { and, attachSteps, cite, is, kindOf, rule, trafficSteps } from './steps';

/*
 * pmipv4-reject (SCENARIOS.md; seed 000 §4.4, §8.1; RFC 5563 §4.6, §8.1): what the home agent turns
 * down, and how the MAG reacts.
 *   prohibited               the AAA profile fixes a home address the home agent does not give this
 *                            device: 129, and the MN gets no address (RFC 5563 §4.1.1 step 4);
 *   pmip-unsupported         the home agent takes no proxy registrations: 149, and MAG1 stops (§8.1);
 *   pmip-disallowed          the home agent takes none from MAG1: 150, and MAG1 stops (§8.1);
 *   identification-mismatch  MAG1's clock is 30 s fast: 133 carries the home agent's time, MAG1
 *                            resynchronises and registers (seed 000 §4.4; RFC 5944 §5.7.1);
 *   dynamic-ha               the profile names no home agent: MAG1 asks with 255.255.255.255 and the
 *                            reply names the home agent (RFC 5563 §4.6);
 *   wrong-mn-ha-key          the AAA server hands out an MN-HA key the home agent does not hold: 131;
 *   wrong-fa-ha-key          MAG1's per-node FA-HA key is not the home agent's: 132 (RFC 5944 §3.8.2.1).
 */

export const REASONS = ['prohibited', 'pmip-unsupported', 'pmip-disallowed', 'identification-mismatch', 'dynamic-ha', 'wrong-mn-ha-key', 'wrong-fa-ha-key'] as const;
export type Reason = (typeof REASONS)[number];

/** MAG1's clock error in the identification-mismatch variant: far beyond the 7 s tolerance (RFC 5944 §5.7.1). */
export const CLOCK_ERROR_US = 30_000_000;

const VARIANT: Readonly<Record<Reason, Partial<LabOptions>>> = {
  prohibited: { profileHomeAddress: UNAUTHORIZED_ADDRESS },
  'pmip-unsupported': { proxyEnabled: false },
  'pmip-disallowed': { allowedMags: [2] },
  'identification-mismatch': { magClockOffsetUs: [CLOCK_ERROR_US, 0] },
  'dynamic-ha': { dynamicHomeAgent: true },
  'wrong-mn-ha-key': { wrongMnHaKey: true, auth: 'mn-ha' },
  'wrong-fa-ha-key': { wrongFaHaKey: true, auth: 'fa-ha' },
};

/** The variants that end with an address for the MN, and so with traffic. */
const SUCCEEDS: ReadonlySet<Reason> = new Set(['identification-mismatch', 'dynamic-ha']);

export const pmipv4Reject: ScenarioDefinition = {
  id: 'pmipv4-reject',
  params: [
    {
      name: 'reason',
      label: 'Case',
      doc: 'Which reply to show (129, 149, 150, 133, dynamic home agent, 131, 132), each with the MAG’s reaction.',
      type: 'enum',
      values: REASONS,
      default: 'prohibited',
    },
  ],
  build(net, params) {
    const reason = params.reason as Reason;
    if (!REASONS.includes(reason)) throw new ParamError(`reason cannot be '${String(reason)}': allowed values are ${REASONS.join(', ')}`);
    const lab = labFor(net, params, VARIANT[reason]);
    lab.attach('mn1', 1, 10_000);
    const ok = SUCCEEDS.has(reason);
    if (ok) {
      lab.startTraffic('mn1', 300_000);
      lab.stopTraffic(700_000);
    }
    // A refused MN keeps asking: its DHCPDISCOVERs at 4 s and 12 s show that MAG1 does not try again.
    const durationUs = ok ? 1_500_000 : 13_000_000;
    const denial: Match = (p, f) => p.from === 'lma' && /^PRRP\(\d+\)$/.test(kindOf(f));
    const retry: Match = and(is('DHCPDISCOVER', 'mn1', 'mag1'), (p) => p.time > 1_000_000);
    return {
      entities: lab.entities,
      durationUs,
      steps: [...specificSteps(reason, denial, retry), ...attachSteps('mag1', 'mn1'), ...trafficSteps()],
      move: (node, to) => lab.moveFault(node, to),
    };
  },
};

/** What each case adds to the attachment's steps; the first matching rule explains a packet. */
function specificSteps(reason: Reason, denial: Match, retry: Match): StepRule[] {
  const refused = (code: string, text: string, section: string, again: string, againSection: string): StepRule[] => [
    rule('4', `The home agent answers ${code}: ${text}`, cite('§8.1', section), denial, true),
    rule('2', `The MN asks again for an address: ${again}`, cite('§8.1', againSection), retry, true),
  ];
  switch (reason) {
    case 'prohibited':
      return refused('129, administratively prohibited', 'the home address in the request, fixed by the AAA profile, is not one it gives this MN', 'RFC 5563 §4.1.1 step 4; RFC 5944 §3.8.2.3', 'MAG1 has no home address to give it', 'RFC 5944 §3.6.2.3');
    case 'pmip-unsupported':
      return refused('149, PMIP_UNSUPPORTED', 'it takes no proxy registrations', 'RFC 5563 §8.1', 'MAG1 sends that home agent no more proxy registrations', 'RFC 5563 §8.1');
    case 'pmip-disallowed':
      return refused('150, PMIP_DISALLOWED', 'it takes no proxy registrations from MAG1', 'RFC 5563 §8.1', 'MAG1 sends that home agent no more proxy registrations', 'RFC 5563 §8.1');
    case 'wrong-mn-ha-key':
      return refused('131, mobile node failed authentication', 'the MN-HA authenticator does not verify with the key the home agent holds', 'RFC 5944 §3.8.2.1 a', 'MAG1 does not retry with a key that failed', 'RFC 5944 §3.6.2.1');
    case 'wrong-fa-ha-key':
      return refused('132, foreign agent failed authentication', 'MAG1’s per-node FA-HA authenticator does not verify', 'RFC 5944 §3.8.2.1 c; RFC 5563 §4.3', 'MAG1 does not retry with a key that failed', 'RFC 5944 §3.6.2.1');
    case 'identification-mismatch':
      return [
        rule('3', 'MAG1 sends the Proxy Registration Request, its Identification from a clock 30 s fast', cite('§4.4', 'RFC 5563 §4.4; RFC 5944 §5.7.1'), is('PRRQ', 'mag1', 'lma')),
        rule('4', 'The home agent answers 133: the Identification carries the home agent’s time in its high-order 32 bits', cite('§4.4', 'RFC 5944 §5.7.1, §3.6.2.3'), denial),
        rule('3', 'MAG1 sets its clock from the home agent’s and registers again', cite('§4.4', 'RFC 5944 §5.7.1; RFC 5563 §4.4'), is('PRRQ', 'mag1', 'lma')),
      ];
    case 'dynamic-ha':
      return [
        rule('3', 'The profile named no home agent: MAG1’s request has home agent 255.255.255.255, asking for one to be assigned', cite('§4.1.1 step 3', 'RFC 5563 §4.6; RFC 5944 §3.3'), is('PRRQ', 'mag1', 'lma')),
        rule('4', 'The home agent takes the MN and names itself in the reply’s home agent field', cite('§4.1.1 step 4', 'RFC 5563 §4.6'), is('PRRP', 'lma', 'mag1')),
      ];
  }
}
