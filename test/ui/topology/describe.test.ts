import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { attachmentText, linkText, packetText, topologySummary, tunnelText } from '../../../src/ui/topology/describe';
import { topologyAt } from '../../../src/ui/topology/snapshot';
import { packetsOf, stepWhere } from './support';

const t = runScenario('pmipv6-handover', {}, [], 1);
const labels = new Map(t.entities.map((e) => [e.id, e.label]));
const labelOf = (id: string): string => labels.get(id) ?? id;

describe('the topology in words', () => {
  it('says where the MN is, which tunnel carries it and which link is down, at the end of the handover', () => {
    const s = topologyAt(t, packetsOf(t).length - 1);
    expect(attachmentText(s.attachments[0]!, labelOf)).toBe('MN is attached to MAG2 (PMA)');
    expect(tunnelText(s.tunnels[0]!, labelOf)).toBe('tunnel MAG2 (PMA) ⇄ LMA (HA): 1 user');
    expect(linkText(s.links.find((l) => l.id === 'mn1-mag1')!, labelOf)).toBe('link mn1-mag1 (MN – MAG1 (PMA)): down, unplugged');
    expect(topologySummary(s, labelOf)).toMatch(/^Topology: MN is attached to MAG2 \(PMA\); tunnel MAG2 \(PMA\) ⇄ LMA \(HA\): 1 user; down: mn1-mag1; message \d+ goes from /);
  });

  it('says when the MN has lost its link, and the tunnel only one end still has', () => {
    const dereg = stepWhere(t, (p) => p.from === 'mag1' && /lifetime 0/.test(p.summary));
    const s = topologyAt(t, dereg);
    expect(attachmentText(s.attachments[0]!, labelOf)).toBe('MN is not attached (its link to MAG1 (PMA) is down)');
    const pba = stepWhere(t, (p) => p.from === 'lma' && p.to === 'mag2');
    expect(topologyAt(t, pba).tunnels.map((x) => tunnelText(x, labelOf))).toEqual(['tunnel MAG2 (PMA) ⇄ LMA (HA): 1 user (LMA (HA) only)']);
  });

  it('names a tunnelled packet’s inner endpoints, and a packet’s fate when it was not delivered', () => {
    const step = stepWhere(t, (p) => p.inner !== undefined && p.from === 'lma');
    expect(packetText(topologyAt(t, step).packet!, labelOf)).toMatch(
      /^message \d+ goes from LMA \(HA\) to MAG1 \(PMA\) over mag1-lma: Echo \(ping\) request .*; inside the tunnel, from CN \(2001:db8:cccc::2\) to MN \(2001:db8:100::ff:fe00:11\)$/,
    );
    const filtered = stepWhere(t, (p) => p.fate === 'filtered');
    expect(packetText(topologyAt(t, filtered).packet!, labelOf)).toMatch(/; filtered: .+$/);
  });
});
