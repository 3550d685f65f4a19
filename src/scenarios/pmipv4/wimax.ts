import type { ScenarioDefinition } from '../definition';
import type { Match } from '../pmipv6/steps';
import { lifetimeParam } from './params';
import { after, and, before, is, kindOf, rule } from './steps';
import { WimaxLab } from './wimax-topology';

/*
 * pmipv4-wimax (SCENARIOS.md; RFC 5563 §10, Figs. 5 and 6): the split PMA of WiMAX. The PMIPv4
 * client stays in the authenticator ASN; the foreign agent is in the data path function. Network
 * entry at DPF1 (the DHCPDISCOVER triggers the registration, §10 item 7), then a handover to DPF2
 * over R4 (Fig. 6): new FA ↔ old FA, the new FA asks the client, the client's PRRQ goes through the
 * new FA to the HA and the PRRP back the same way, the old FA cleans up. `forwarding` says whether
 * the old FA forwards the MN's data over R4 meanwhile. R4 is a simplified lab encoding
 * (src/wire/r4.ts) on a UDP port of the lab's choosing.
 */

export const ENTER_AT_US = 10_000;
export const HANDOVER_AT_US = 1_000_000;
const TRAFFIC_FOR_AFTER_US = 700_000;

const fig6 = (step: string): string => `RFC 5563 §10, Fig. 6 step ${step}`;
const entry = (item: string): string => (item.startsWith('§') ? `RFC 5563 §10; ${item}` : `RFC 5563 §10 ${item}`);

export const pmipv4Wimax: ScenarioDefinition = {
  id: 'pmipv4-wimax',
  params: [
    {
      name: 'forwarding',
      label: 'R4 data forwarding',
      doc: 'true: during the handover the old FA forwards the MN’s data to the new FA over R4 (Fig. 6 step 1); false: it does not, and what the HA still tunnels to the old FA is lost.',
      type: 'boolean',
      default: true,
    },
    {
      name: 'delay',
      label: 'FA–HA (R3) delay',
      doc: 'One-way delay of each FA–home agent link: the longer, the longer the handover and the more data R4 carries (or loses).',
      type: 'number',
      min: 1,
      max: 500,
      default: 30,
      unit: 'ms',
    },
    { ...lifetimeParam, default: 60, max: 600 },
  ],
  build(net, params) {
    const lab = new WimaxLab(net, { r3DelayUs: (params.delay as number) * 1000, lifetimeSeconds: params.lifetime as number, forwarding: params.forwarding as boolean, trafficIntervalMs: 20 });
    net.engine.schedule(ENTER_AT_US, 'mn1 enters through dpf1', () => lab.enter(1));
    const trafficAt = 300_000 + (params.delay as number) * 4000;
    const stopAt = Math.max(HANDOVER_AT_US, trafficAt) + TRAFFIC_FOR_AFTER_US;
    net.engine.schedule(trafficAt, 'traffic starts', () => {
      const target = lab.homeAddress();
      if (target) lab.cn.agent.send({ type: 'app.start', target });
      else net.recorder.note({ time: net.now, text: 'mn1 has no IPv4 address: the CN sends nothing.', entity: 'cn' });
    });
    net.engine.schedule(Math.max(HANDOVER_AT_US, trafficAt + 200_000), 'mn1 hands over to dpf2', () => lab.handover(2));
    net.engine.schedule(stopAt, 'traffic stops', () => lab.cn.agent.send({ type: 'app.stop' }));
    const t = after(HANDOVER_AT_US);
    const b = before(HANDOVER_AT_US);
    const r4: Match = (_p, f) => kindOf(f).startsWith('R4 ');
    const overR4: Match = (p) => (p.from === 'dpf1' && p.to === 'dpf2') || (p.from === 'dpf2' && p.to === 'dpf1');
    return {
      entities: lab.entities,
      durationUs: stopAt + 500_000,
      steps: [
        rule('entry', 'The authenticator ASN (NAS) authenticates the MN with the AAA server and gets its MN-HA key', entry('item 1; Fig. 5'), is('Access-Request', 'asngw', 'aaa')),
        rule('entry', 'The AAA server answers with the profile: home agent, MN-HA SPI and key', entry('item 1'), is('Access-Accept', 'aaa', 'asngw')),
        rule('entry', 'DHCPDISCOVER from the MN triggers Proxy Mobile IPv4 in the ASN', entry('item 7'), and(b, is('DHCPDISCOVER', 'mn1', 'dpf1'))),
        rule('entry', 'The FA asks the PMIPv4 client over R4 (simplified R4, lab encoding) to register the MN', entry('item 5'), and(b, is('R4 Trigger', 'dpf1', 'asngw'))),
        rule('entry', 'The PMIPv4 client sends the PRRQ (care-of address = DPF1, home address 0.0.0.0, MN-HA) embedded in R4 to the FA', entry('items 1, 5'), and(b, is('R4 PRRQ', 'asngw', 'dpf1'))),
        rule('entry', 'The FA forwards the PRRQ to the HA on UDP 434, unchanged', entry('item 5; §4.1.1 step 3'), and(b, is('PRRQ', 'dpf1', 'ha'))),
        rule('entry', 'The HA assigns the home address and answers the FA', entry('§4.1.1 step 4'), and(b, is('PRRP', 'ha', 'dpf1'))),
        rule('entry', 'The FA sets up the tunnel and passes the PRRP to the PMIPv4 client in R4', entry('item 5'), and(b, is('R4 PRRP', 'dpf1', 'asngw'))),
        rule('entry', 'The FA, DHCP proxy with the same server address in every ASN, gives the MN its home address', entry('items 6, 7'), and(b, (p, f) => /^DHCP/.test(kindOf(f)) && (p.from === 'mn1' || p.to === 'mn1')), true),
        rule('2', 'The new FA starts the handover with the old FA over R4', fig6('2'), and(t, is('R4 HO-Request', 'dpf2', 'dpf1'))),
        rule('2', 'The old FA answers with the MN’s context (and whether it forwards over R4)', fig6('1, 2'), and(t, is('R4 HO-Response', 'dpf1', 'dpf2'))),
        rule('3', 'The new FA asks the PMIPv4 client over R4 to begin the PMIPv4 handover', fig6('3'), and(t, is('R4 Trigger', 'dpf2', 'asngw'))),
        rule('4', 'The client’s PRRQ, with the new FA’s care-of address and the assigned home address, embedded in R4', fig6('4'), and(t, is('R4 PRRQ', 'asngw', 'dpf2'))),
        rule('5', 'The new FA forwards the PRRQ to the HA', fig6('5'), and(t, is('PRRQ', 'dpf2', 'ha'))),
        rule('6', 'The HA updates the binding and answers the new FA', fig6('6'), and(t, is('PRRP', 'ha', 'dpf2'))),
        rule('7', 'The new FA passes the PRRP to the PMIPv4 client in R4', fig6('7'), and(t, is('R4 PRRP', 'dpf2', 'asngw'))),
        rule('8', 'The new FA confirms the handover to the old FA', fig6('8'), and(t, is('R4 HO-Confirm', 'dpf2', 'dpf1'))),
        rule('8', 'The old FA has cleaned up; R4 forwarding stops', fig6('8'), and(t, is('R4 HO-Confirm-Ack', 'dpf1', 'dpf2'))),
        rule('', 'Re-registration before the lifetime ends, through the serving FA', entry('§4.1.2'), (p, f) => r4(p, f) || /^PRR[QP]/.test(kindOf(f)), true),
        rule('1', 'Data over R4 between the old and the new FA while the PMIPv4 tunnel still ends at the old FA', fig6('1'), and(overR4, (_p, f) => /^echo-/.test(kindOf(f))), true),
        rule('', 'An echo lost in the handover', fig6('1'), and((p, _f) => p.fate !== 'delivered', (_p, f) => /^echo-/.test(kindOf(f))), true),
        rule('4', 'After the link change the MN checks its gateway (ARP, TTL-1 echo); the new FA answers', 'RFC 5563 §6.1, §6.2', and(t, (_p, f) => /^(ARP|probe)/.test(kindOf(f))), true),
        rule('data', 'The CN’s echo, tunnelled by the HA to the FA the binding names, delivered to the MN; its reply comes back the same way', 'RFC 5563 §4.2.1; Fig. 6 step 9', (_p, f) => /^echo-/.test(kindOf(f)), true),
      ],
      move: (node, to) => lab.moveFault(node, to),
    };
  },
};
