import { describe, expect, it } from 'vitest';
import { faultToText, parseFault } from '../../../src/sim/faults';
import { runScenario } from '../../../src/scenarios/run';
import { runnableIds } from '../../../src/scenarios/registry';
import { cutNow, moveNow, moveTargets } from '../../../src/ui/topology/actions';
import { topologyAt } from '../../../src/ui/topology/snapshot';
import { packetsOf, stepWhere } from './support';

const attach = runScenario('pmipv6-attach', {}, [], 1);

describe('cutting a link from the topology', () => {
  it('cuts it at the current packet’s time, and the run loses what crosses it from then on', () => {
    const step = stepWhere(attach, (p) => p.plane === 'data' && p.link === 'mag1-lma');
    const s = topologyAt(attach, step);
    const fault = cutNow(s, 'mag1-lma')!;
    expect(fault).toEqual({ kind: 'cut', link: 'mag1-lma', atUs: s.time });
    expect(parseFault(faultToText(fault))).toEqual(fault);
    const cut = runScenario('pmipv6-attach', {}, [fault], 1);
    expect(packetsOf(cut).slice(0, step).map((p) => p.bytes)).toEqual(packetsOf(attach).slice(0, step).map((p) => p.bytes));
    expect(packetsOf(cut).filter((p) => p.link === 'mag1-lma' && p.time >= s.time).every((p) => p.fate === 'lost')).toBe(true);
  });

  it('offers nothing for a link that is down', () => {
    expect(cutNow(topologyAt(attach, 0), 'mn1-mag2')).toBeUndefined();
  });
});

describe('moving the MN from the topology', () => {
  it('offers every MAG but the one it is attached to', () => {
    const s = topologyAt(attach, 5);
    expect(moveTargets(attach.entities, s, 'mn1').map((e) => e.id)).toEqual(['mag2']);
    expect(moveTargets(attach.entities, s, 'lma')).toEqual([]);
  });

  /** How the new MAG registers the MN: a Proxy Binding Update (RFC 5213), or a Registration Request for PMIPv4. */
  const registration: Readonly<Record<string, RegExp>> = { pmipv6: /^Proxy Binding Update/, pmipv4: /^Reg Request/ };
  const mobile = runnableIds().filter((id) => id.split('-')[0]! in registration);

  it.each(mobile)('in %s makes the other MAG ask for the MN’s profile and register it', (id) => {
    const t = runScenario(id, {}, [], 1);
    const step = Math.floor(packetsOf(t).length / 2);
    const s = topologyAt(t, step);
    const mn = s.attachments.find((a) => a.at !== undefined)!;
    const to = moveTargets(t.entities, s, mn.mn)[0]!;
    const moved = runScenario(id, {}, [moveNow(s, mn.mn, to.id)], 1);
    expect(moved.events).toContainEqual(expect.objectContaining({ kind: 'note', text: `${mn.mn} moves to ${to.id}.` }));
    const after = packetsOf(moved).filter((p) => p.time >= s.time && p.from === to.id);
    // In WiMAX the MN does not authenticate again on a handover (RFC 5563 Fig. 6 step 1): the new FA asks the old one over R4.
    if (id === 'pmipv4-wimax') expect(after.map((p) => p.summary)).toContainEqual(expect.stringMatching(/^R4 \(lab\) Handover Request/));
    else expect(after.map((p) => p.summary)).toContainEqual(expect.stringMatching(/^Access-Request/));
    expect(after.map((p) => p.summary)).toContainEqual(expect.stringMatching(registration[id.split('-')[0]!]!));
    expect(topologyAt(moved, stepWhere(moved, (p) => p.time > s.time && p.from === to.id)).attachments).toContainEqual({
      mn: mn.mn,
      at: to.id,
      link: `${mn.mn}-${to.id}`,
      attached: true,
    });
  });
});
