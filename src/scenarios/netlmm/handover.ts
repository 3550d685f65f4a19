import type { ScenarioDefinition } from '../definition';
import { nai } from './addressing';
import { and, after, is } from './kinds';
import { addressParam, bindingDoneUs, delayParam, lossParam, mnSpec, netlmmLab, securityParam } from './params';
import { attachSteps, cite, conflictSteps, handoverSteps, keySteps, rule, sctpSteps, trafficSteps } from './steps';

/*
 * netlmm-handover (SCENARIOS.md; seed 003 Fig. 3, §4.2, Appendix D): from a completed attach the MN
 * hands off from MAG1 to MAG2. MAG1 transfers the MN's context to MAG2 and forwards its data there;
 * MAG2 triggers the MN's PMIP client (named in the context), whose PBU moves the binding to the new
 * pCoA; the Notification lets MAG2 bring its tunnel up. The CN's echo runs all along.
 *
 * `forwarding = false`: MAG1 forwards nothing, and what the LMA still tunnels to it is lost.
 * `mismatch`: after the MN has left, a device presenting the MN's identifier attaches to MAG1 with
 * a pHoA of its own; the client finds the identifier cached with another pHoA and reports an error
 * instead of sending a PBU (§4.7). `address = stateless` runs two PMIP clients (Appendix B), and
 * `security = aaa` the per-MN keys (Appendix C).
 */

export const ATTACH_AT_US = 10_000;
const AFTER_HANDOFF_US = 800_000;
/** When the device with the MN's identifier shows up at MAG1, after the handoff. */
const IMPOSTOR_AFTER_US = 300_000;

export const netlmmHandover: ScenarioDefinition = {
  id: 'netlmm-handover',
  params: [
    {
      name: 'forwarding',
      label: 'Data forwarding',
      doc: 'MAG1 tunnels what still reaches it for the MN to MAG2, which holds it until the MN arrives (Appendix D); off, those packets are lost.',
      type: 'boolean',
      default: true,
    },
    {
      name: 'mismatch',
      label: 'pHoA mismatch',
      doc: 'After the handoff a device presents the MN’s identifier at MAG1 with another pHoA: the client reports an error and sends no PBU (§4.7).',
      type: 'boolean',
      default: false,
    },
    addressParam,
    securityParam,
    {
      name: 'gap',
      label: 'Layer-2 handoff time',
      doc: 'Time between the MN leaving MAG1 and its link up at MAG2: without forwarding, the longer the more echoes are lost.',
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
    const mismatch = params.mismatch as boolean;
    const mns = mismatch ? [mnSpec(1), mnSpec(2, { nai: nai(1), mip6: false, label: 'Device with MN’s identifier' })] : [mnSpec(1)];
    const lab = netlmmLab(net, params, { mns, forwarding: params.forwarding as boolean, trafficIntervalMs: 20 });
    const client = 'client';
    lab.schedule(ATTACH_AT_US, 'mn1 attaches to mag1', () => lab.attachNow('mn1', 1));
    const start = bindingDoneUs(params, ATTACH_AT_US);
    lab.startTraffic('mn1', start);
    const leaveAt = start + 300_000;
    const gapUs = (params.gap as number) * 1000;
    lab.schedule(leaveAt, 'mn1 hands off to mag2', () => lab.moveNow('mn1', 2, gapUs));
    const impostorAt = leaveAt + gapUs + IMPOSTOR_AFTER_US;
    if (mismatch) lab.schedule(impostorAt, 'mn2 attaches to mag1', () => lab.attachNow('mn2', 1));
    const stopAt = leaveAt + gapUs + AFTER_HANDOFF_US + ((params.loss as number) > 0 ? 8_000_000 : 0);
    lab.stopTraffic(stopAt);
    const lostText = params.forwarding
      ? { text: 'An echo lost in the handoff', section: cite('§4.2, Appendix D') }
      : { text: 'Lost in the handoff: MAG1 forwards nothing once the MN has left (no data forwarding)', section: cite('Appendix D', '§4.5') };
    return {
      entities: lab.entities,
      durationUs: stopAt + 1_500_000,
      steps: [
        ...keySteps(),
        ...conflictSteps(),
        ...(mismatch
          ? [
              rule('M', 'A device presents the MN’s identifier at MAG1: Trigger with its own pHoA', cite('§4.7'), and(after(impostorAt), is('Trigger', 'mag1', client))),
              rule('M', 'The client has this identifier with another pHoA: error status to MAG1, and no PBU', cite('§4.7, §4.2 step 2'), and(after(impostorAt), is('Notification', client, 'mag1'))),
              ...attachSteps({ mag: 'mag1', mn: 'mn2', client, fromUs: impostorAt }),
            ]
          : []),
        ...attachSteps({ mag: 'mag1', mn: 'mn1', client, untilUs: leaveAt }),
        ...handoverSteps({ fromUs: leaveAt, client, numbers: ['8', '9', '10', '11', '12'] }),
        ...sctpSteps(),
        ...trafficSteps('', cite('§4.2 (Fig. 3: forward packets)', 'RFC 2473'), lostText),
      ],
      move: (node, to) => lab.move(node, to),
    };
  },
};
