import type { ScenarioDefinition } from '../definition';
import { ParamError } from '../params';
import { MAX_REVOCATION_TRANSMISSIONS, REVOCATION_TIMEOUT_MS } from '../../protocols/pmipv4/revocation';
import { commonParams, delayParam, labFor, lifetimeParam, lossParam } from './params';
import type { StepRule } from '../definition';
import type { Match } from '../pmipv6/steps';
import { after, and, attachSteps, cite, is, linkCheckSteps, rule, trafficSteps } from './steps';

/*
 * pmipv4-handover (SCENARIOS.md; seed 000 Fig. 2, RFC 5563 Figs. 3 and 4): the MN leaves MAG1 with no
 * detach indication (its radio link is simply lost) and attaches to MAG2. MAG2 authenticates it, the
 * MN checks its gateway (ARP, TTL-1 echo) and so shows MAG2 its home address, MAG2 registers, and
 * the home agent moves the binding. `cleanup` says what becomes of MAG1's visitor entry:
 *   revocation            the home agent revokes it (RFC 3543), MAG1 removes it and acknowledges;
 *   confirm-attachment    no revocation: at re-registration time MAG1 cannot confirm the MN is
 *                         attached, so it sends nothing and the entry lapses (RFC 5563 §4.4);
 *   stale-reregistration  no revocation, and MAG1 re-registers without confirming: the home agent
 *                         moves the binding back to MAG1 and the MN's traffic is lost until MAG2
 *                         re-registers (what RFC 5563 §4.4 says an integrated PMA must not do).
 */

export const CLEANUPS = ['revocation', 'confirm-attachment', 'stale-reregistration'] as const;
export type Cleanup = (typeof CLEANUPS)[number];
export const ATTACH_AT_US = 10_000;
export const MOVE_AT_US = 1_000_000;
export const LEASE_SECS = 4;
/** From the first revocation to the home agent giving up: each wait doubles, the last one unanswered. */
export const REVOCATION_GIVE_UP_US = REVOCATION_TIMEOUT_MS * 1000 * (2 ** MAX_REVOCATION_TRANSMISSIONS - 1);

/**
 * RFC 5563 §6.3, seed 000 §6.3: at T1 the MN renews its lease by unicast to the server that granted
 * it. With the server in the access router every MAG answers for that address (the home network's
 * gateway), so the new MAG acknowledges; with a relay the request goes up the tunnel to the server
 * at the home agent, whose answer comes back the same way.
 */
function dhcpRenewalSteps(t: Match): StepRule[] {
  const s = cite('§6.3', 'RFC 5563 §6.3; RFC 2131 §4.4.5');
  const from = (p: Parameters<Match>[0]): boolean => p.from === 'mn1' || p.to === 'mn1';
  return [
    rule('lease', 'T1: the MN renews its lease by unicast to its DHCP server, as if it had never moved', s, and(t, is('DHCPREQUEST', 'mn1')), true),
    rule('lease', 'The renewal goes up the tunnel to the DHCP server at the home agent', s, and(t, is('DHCPREQUEST'), (p) => !from(p)), true),
    rule('lease', 'The DHCP server at the home agent extends the lease; the answer comes back through the tunnel', s, and(t, is('DHCPACK'), (p) => !from(p)), true),
    rule('lease', 'DHCPACK: the lease on the home address is extended', s, and(t, is('DHCPACK', undefined, 'mn1')), true),
  ];
}

export const pmipv4Handover: ScenarioDefinition = {
  id: 'pmipv4-handover',
  params: [
    {
      name: 'cleanup',
      label: 'Previous MAG',
      doc: 'revocation: the home agent revokes MAG1’s registration (RFC 3543); confirm-attachment: MAG1 checks the MN is there before it re-registers; stale-reregistration: it does not, and misleads the home agent (RFC 5563 §4.4).',
      type: 'enum',
      values: CLEANUPS,
      default: 'revocation',
    },
    {
      name: 'gap',
      label: 'Layer-2 handover time',
      doc: 'Time between the MN losing MAG1 and its link to MAG2: the longer, the more echoes are lost.',
      type: 'number',
      min: 0,
      max: 2000,
      default: 20,
      unit: 'ms',
    },
    ...commonParams,
    { ...lifetimeParam, default: 10, max: 120, doc: 'The registration lifetime: MAG1 would re-register at 80 % of it, after the MN has gone.' },
    delayParam,
    lossParam,
  ],
  build(net, params) {
    const cleanup = params.cleanup as Cleanup;
    if (!CLEANUPS.includes(cleanup)) throw new ParamError(`cleanup cannot be '${String(cleanup)}': allowed values are ${CLEANUPS.join(', ')}`);
    const lifetimeUs = (params.lifetime as number) * 1_000_000;
    const lab = labFor(net, params, {
      trafficIntervalMs: 250,
      // Short, so the MN renews its lease (at T1, 2 s) after the move: unicast to the server it knows.
      leaseSecs: LEASE_SECS,
      revocation: cleanup === 'revocation',
      confirmsAttachment: cleanup !== 'stale-reregistration',
    });
    const gapUs = (params.gap as number) * 1000;
    lab.attach('mn1', 1, ATTACH_AT_US);
    lab.startTraffic('mn1', 300_000 + (params.delay as number) * 4000);
    lab.move('mn1', 2, MOVE_AT_US, gapUs);
    // With revocation the story ends soon after the move; without it, after MAG1's and MAG2's re-registrations.
    const end = cleanup === 'revocation' ? MOVE_AT_US + gapUs + 1_500_000 : MOVE_AT_US + gapUs + Math.round(0.8 * lifetimeUs) + 1_000_000;
    const stopAt = end + ((params.loss as number) > 0 ? 16_000_000 : 0);
    lab.stopTraffic(stopAt);
    // An injected fault can leave the revocation unacknowledged: the run lasts until the home agent
    // has sent its last retransmission and given up (RFC 3543 §4.2.2.1), so the back-off is visible.
    const revocationSettledAt = MOVE_AT_US + gapUs + (params.delay as number) * 4000 + REVOCATION_GIVE_UP_US + 1_000_000;
    const settleAt = cleanup === 'revocation' && net.faults.faults.length > 0 ? revocationSettledAt : 0;
    const t = after(MOVE_AT_US);
    const fig2 = (step: string): string => cite(`Fig. 2 step ${step}, §4.1.2`, 'RFC 5563 §4.1.4; RFC 3543');
    return {
      entities: lab.entities,
      durationUs: Math.max(stopAt + 1_000_000, settleAt),
      steps: [
        rule('1', 'MAG2 sends a Proxy Registration Request with its own care-of address and the MN’s home address', cite('Fig. 2 step 1', 'RFC 5563 §4.1.3 step 2'), and(t, is('PRRQ', 'mag2', 'lma'))),
        rule('3', 'The home agent revokes the registration at the previous MAG (Registration Revocation, A = 1)', fig2('3'), and(t, is('Revocation', 'lma', 'mag1')), true),
        rule(
          '6',
          cleanup === 'revocation' ? 'The home agent answers MAG2, in parallel with the revocation: the binding has moved' : 'The home agent answers MAG2: the binding has moved, and MAG1 is not told',
          cite('Fig. 2 step 6', 'RFC 5563 §4.1.3 step 3'),
          and(t, is('PRRP', 'lma', 'mag2')),
        ),
        rule('renewal', 'MAG2 re-registers the MN, which is attached to it: the binding points to MAG2 again', cite('§4.1.2', 'RFC 5563 §4.1.2, §4.4'), and(t, is('PRRQ', 'mag2', 'lma')), true),
        rule('renewal', 'The home agent accepts MAG2’s re-registration', cite('§4.1.2', 'RFC 5563 §4.1.2'), and(t, is('PRRP', 'lma', 'mag2')), true),
        rule('5', 'MAG1 has removed its visitor entry and acknowledges the revocation', fig2('5'), and(t, is('Revocation-Ack', 'mag1', 'lma')), true),
        rule('stale', 'MAG1 re-registers the MN without confirming it is still attached: the home agent is misinformed', cite('§4.4', 'RFC 5563 §4.4'), and(t, is('PRRQ', 'mag1', 'lma')), true),
        rule('stale', 'The home agent accepts it and moves the binding back to MAG1', cite('§4.4', 'RFC 5563 §4.4, §8'), and(t, is('PRRP', 'lma', 'mag1')), true),
        ...linkCheckSteps('mag2', 'mn1'),
        ...dhcpRenewalSteps(t),
        rule('1b', 'MAG2 authenticates the MN (access authentication for the re-attachment)', cite('§9.2', 'RFC 5563 §4.1.3 step 1'), and(t, is('Access-Request', 'mag2', 'aaa')), true),
        rule('1b', 'The AAA server answers with the MN’s profile', cite('§9.2', 'RFC 5563 §4.1.3 step 1'), and(t, is('Access-Accept', 'aaa', 'mag2')), true),
        ...attachSteps('mag1', 'mn1'),
        ...attachSteps('mag2', 'mn1', { from: t }),
        ...trafficSteps({ text: 'An echo lost in the handover, or sent where the home agent wrongly believes the MN is', section: cite('§4.1.2', 'RFC 5563 §4.1.3, §4.4') }),
      ],
      move: (node, to) => lab.moveFault(node, to),
    };
  },
};
