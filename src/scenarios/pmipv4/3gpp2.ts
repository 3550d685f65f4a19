import type { ScenarioDefinition, StepRule } from '../definition';
import { ParamError } from '../params';
import { addressingParam, authParam, delayParam, dhcpParam, labFor, lifetimeParam, tunnelParam } from './params';
import type { Match } from '../pmipv6/steps';
import { after, and, is, kindOf, rule } from './steps';

/*
 * pmipv4-3gpp2 (SCENARIOS.md; RFC 5563 §11, Figs. 7-11): use case 1, the BS is the PMA and the AGW
 * the home agent (Fig. 7). Network connection setup (Fig. 10): the BS authenticates the MN as its
 * NAS, the MN's request for an address triggers the PRRQ, the AGW assigns a symmetric GRE key in
 * the PRRP. Then a handover without revocation (Fig. 11): the new BS registers, the AGW keeps the
 * binding tentative, answers, exchanges a movement notification with the old BS (a lab encoding,
 * src/wire/movement.ts) and commits. `old-bs` chooses whether the old BS answers.
 *
 * The lab's nodes keep their ids (mag1, mag2, lma); their labels use 3GPP2's names.
 */

export const OLD_BS = ['answers', 'silent'] as const;
export const ATTACH_AT_US = 10_000;
export const MOVE_AT_US = 1_000_000;
export const GAP_US = 20_000;
/** After the move: the answered notification takes one round trip; a silent old BS, three tries (0.5 + 1 + 2 s). */
const AFTER_MOVE_US: Readonly<Record<string, number>> = { answers: 1_000_000, silent: 4_000_000 };

const S = 'RFC 5563';
const fig10 = (step: string): string => `${S} §11, Fig. 10 step ${step}`;
const fig11 = (step: string): string => `${S} §11.1, Fig. 11 step ${step}`;

function setupSteps(bs: string, ok: Match): StepRule[] {
  const B = `BS${bs.slice(-1)}/PMA`;
  return [
    rule('1b', `${B}, acting as NAS, authenticates the MN with the home AAA server`, fig10('1b'), and(ok, is('Access-Request', bs, 'aaa')), true),
    rule('1b', 'The AAA server answers with the MN’s profile: its AGW/HA and MN-HA key', fig10('1b'), and(ok, is('Access-Accept', 'aaa', bs)), true),
    rule('2', 'The MN’s signalling that triggers the PMIPv4 tunnel set-up (here its DHCPDISCOVER)', `${fig10('2')}; ${S} §6.3`, and(ok, is('DHCPDISCOVER', 'mn1', bs)), true),
    rule('3', `${B} sends a PRRQ to the AGW/HA: care-of address = the BS, home address 0.0.0.0, GRE Key extension, HMAC-MD5 authenticator`, `${fig10('3')}; RFC 6245`, and(ok, is('PRRQ', bs, 'lma')), true),
    rule('4', 'The AGW/HA registers the session, assigns a symmetric GRE key and returns it in the PRRP', fig10('4'), and(ok, is('PRRP', 'lma', bs)), true),
    rule('5', `${B} answers the MN (DHCPOFFER / DHCPACK with the home address)`, fig10('5'), and(ok, (p, f) => p.from === bs && p.to === 'mn1' && /^DHCP/.test(kindOf(f))), true),
    rule('5', 'The MN completes its address configuration (DHCPREQUEST)', fig10('5'), and(ok, is('DHCPREQUEST', 'mn1', bs)), true),
    rule('5', `${B} relays DHCP to the server at the AGW/HA, and hands the answer on`, `${fig10('5')}; ${S} §6.3`, and(ok, (p, f) => /^DHCP/.test(kindOf(f)) && ((p.from === bs && p.to === 'lma') || (p.from === 'lma' && p.to === bs))), true),
  ];
}

export const pmipv4Threegpp2: ScenarioDefinition = {
  id: 'pmipv4-3gpp2',
  params: [
    {
      name: 'old-bs',
      label: 'Old BS',
      doc: 'answers: the old BS acknowledges the AGW’s movement notification and the binding is committed at once; silent: it does not answer (the exchange is optional, RFC 5563 §11.1), the AGW tries three times, then commits.',
      type: 'enum',
      values: OLD_BS,
      default: 'answers',
    },
    { ...tunnelParam, default: 'gre', doc: 'gre (Fig. 10 step 4: the AGW assigns a symmetric GRE key in the reply) or ip-in-ip (use case 2 "may not" use GRE).' },
    addressingParam,
    dhcpParam,
    authParam,
    { ...lifetimeParam, default: 30, max: 600 },
    delayParam,
  ],
  build(net, params) {
    const oldBs = params['old-bs'] as (typeof OLD_BS)[number];
    if (!OLD_BS.includes(oldBs)) throw new ParamError(`old-bs cannot be '${String(oldBs)}': allowed values are ${OLD_BS.join(', ')}`);
    const lab = labFor(net, params, {
      trafficIntervalMs: oldBs === 'silent' ? 250 : 100,
      revocation: false,
      movementNotification: true,
      mag1AnswersMovement: oldBs === 'answers',
      names: { access: 'BS', anchor: 'AGW/HA' },
    });
    lab.attach('mn1', 1, ATTACH_AT_US);
    lab.startTraffic('mn1', 300_000 + (params.delay as number) * 4000);
    lab.move('mn1', 2, MOVE_AT_US, GAP_US);
    const stopAt = MOVE_AT_US + AFTER_MOVE_US[oldBs]!;
    lab.stopTraffic(stopAt);
    const t = after(MOVE_AT_US);
    const before: Match = (p) => p.time < MOVE_AT_US;
    const data = `${S} §4.2.1, §11`;
    return {
      entities: lab.entities,
      durationUs: stopAt + 500_000,
      steps: [
        rule('1', 'The MN attaches to the new BS; its PMA sends a PRRQ to the AGW, which holds a binding for the MN at the old BS', fig11('1'), and(t, is('PRRQ', 'mag2', 'lma'))),
        rule('3', 'The AGW has updated the binding, kept tentative (step 2), and answers the new BS with a PRRP. No Registration Revocation is used', fig11('2, 3'), and(t, is('PRRP', 'lma', 'mag2'))),
        rule('4', 'The AGW sends the old BS a PMA movement notification (lab encoding on UDP 49401: the 3GPP2 message is proprietary)', fig11('4'), and(t, is('Movement-Notification', 'lma', 'mag1')), true),
        rule('4', 'The old BS releases the MN’s resources and acknowledges: the AGW commits the binding (step 5)', `${fig11('4, 5')}`, and(t, is('Movement-Ack', 'mag1', 'lma')), true),
        ...setupSteps('mag1', before),
        ...setupSteps('mag2', t),
        rule('4', 'After the link change the MN checks its gateway (ARP, TTL-1 echo); the new BS answers as the same gateway', `${S} §6.1, §6.2`, and(t, (_p, f) => /^(ARP|probe)/.test(kindOf(f))), true),
        rule('', 'An echo lost in the handover', data, and((p, _f) => p.fate !== 'delivered', (_p, f) => /^echo-/.test(kindOf(f))), true),
        rule('data', 'CN → MN echo, tunnelled by the AGW/HA to the serving BS (GRE with the BS’s key)', data, and(is('echo-request'), (p) => p.from === 'cn' || p.from === 'lma'), true),
        rule('data', 'The BS takes it out of the tunnel and delivers it to the MN', data, and(is('echo-request'), (p) => p.to === 'mn1'), true),
        rule('data', 'The MN’s reply, tunnelled back by the BS and forwarded by the AGW/HA', data, is('echo-reply'), true),
      ],
      move: (node, to) => lab.moveFault(node, to),
    };
  },
};
