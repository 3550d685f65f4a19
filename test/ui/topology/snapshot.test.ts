import { describe, expect, it } from 'vitest';
import { parseFault } from '../../../src/sim/faults';
import { runScenario } from '../../../src/scenarios/run';
import { runnableIds } from '../../../src/scenarios/registry';
import { exampleTrace } from '../../../src/ui/example-trace';
import { stepView } from '../../../src/ui/panels/step-state';
import { addressOwners } from '../../../src/ui/topology/addresses';
import { topologyAt, tunnelLabel } from '../../../src/ui/topology/snapshot';
import { packetsOf, stepWhere } from './support';

const attach = runScenario('pmipv6-attach', {}, [], 1);
const handover = runScenario('pmipv6-handover', {}, [], 1);

describe('where the mobile node is', () => {
  it('hangs off MAG1 before the handover and off MAG2 after it, detached in between', () => {
    const owners = addressOwners(handover);
    const dereg = stepWhere(handover, (p) => p.from === 'mag1' && /Proxy Binding Update.*lifetime 0/.test(p.summary));
    const atMag2 = stepWhere(handover, (p) => p.from === 'mag2');
    expect(atMag2).toBeGreaterThan(dereg);
    const where = (step: number) => topologyAt(handover, step, owners).attachments;

    expect(where(0)).toEqual([{ mn: 'mn1', at: 'mag1', link: 'mn1-mag1', attached: true }]);
    expect(where(dereg - 1)).toEqual([{ mn: 'mn1', at: 'mag1', link: 'mn1-mag1', attached: true }]);
    expect(where(dereg)).toEqual([{ mn: 'mn1', at: 'mag1', link: 'mn1-mag1', attached: false }]);
    expect(where(atMag2)).toEqual([{ mn: 'mn1', at: 'mag2', link: 'mn1-mag2', attached: true }]);
    expect(where(packetsOf(handover).length - 1)).toEqual([{ mn: 'mn1', at: 'mag2', link: 'mn1-mag2', attached: true }]);
  });

  it('follows a move injected as a fault', () => {
    const echo = packetsOf(attach).find((p) => p.plane === 'data')!;
    const moved = runScenario('pmipv6-attach', {}, [{ kind: 'move', node: 'mn1', to: 'mag2', atUs: echo.time }], 1);
    const after = stepWhere(moved, (p) => p.time > echo.time);
    expect(topologyAt(moved, after).attachments).toEqual([{ mn: 'mn1', at: 'mag2', link: 'mn1-mag2', attached: true }]);
  });
});

describe('links', () => {
  it('are down until plugged in, and an unplugged one says so', () => {
    const s0 = topologyAt(handover, 0);
    expect(s0.links.find((l) => l.id === 'mag1-lma')).toMatchObject({ up: true, reason: 'plugged in', since: 0 });
    expect(s0.links.find((l) => l.id === 'mn1-mag2')).toMatchObject({ up: false, reason: 'not plugged in yet' });
    const end = topologyAt(handover, packetsOf(handover).length - 1);
    expect(end.links.find((l) => l.id === 'mn1-mag1')).toMatchObject({ up: false, reason: 'unplugged' });
    expect(end.links.find((l) => l.id === 'mn1-mag2')).toMatchObject({ up: true });
  });

  it('show a cut from the moment of the cut, and the packets the cut loses', () => {
    const t = runScenario('pmipv6-attach', {}, [parseFault('cut:mag1-lma:300')], 1);
    const before = stepWhere(t, (p) => p.time >= 290_000) - 1;
    const lost = stepWhere(t, (p) => p.link === 'mag1-lma' && p.time >= 300_000);
    expect(topologyAt(t, before).links.find((l) => l.id === 'mag1-lma')?.up).toBe(true);
    const s = topologyAt(t, lost);
    expect(s.links.find((l) => l.id === 'mag1-lma')).toMatchObject({ up: false, reason: 'cut by an injected fault', since: 300_000 });
    expect(s.packet).toMatchObject({ link: 'mag1-lma', fate: 'lost', reason: 'link mag1-lma is cut' });
  });

  it('are all up in a trace that never says when they were (a capture)', () => {
    const t = exampleTrace();
    const s = topologyAt(t, 0);
    expect(s.links.length).toBe(t.links.length);
    expect(s.links.every((l) => l.up)).toBe(true);
  });
});

describe('tunnels', () => {
  it('appear between MAG1 and the LMA once both have set theirs up, with one user', () => {
    const pba = stepWhere(attach, (p) => p.from === 'lma' && /Proxy Binding Acknowledgement/.test(p.summary));
    expect(topologyAt(attach, pba - 1).tunnels).toEqual([]);
    const end = topologyAt(attach, packetsOf(attach).length - 1);
    expect(end.tunnels).toEqual([
      {
        a: 'mag1',
        b: 'lma',
        ends: [
          { entity: 'mag1', id: 'to-2001:db8:ffff::1', users: 1, mns: 'mn1@pmip-lab.example' },
          { entity: 'lma', id: 'to-2001:db8:1::1', users: 1, mns: 'mn1@pmip-lab.example' },
        ],
      },
    ]);
    expect(tunnelLabel(end.tunnels[0]!, (id) => id)).toBe('1 user');
  });

  it('move from MAG1 to MAG2 in the handover', () => {
    const end = topologyAt(handover, packetsOf(handover).length - 1);
    expect(end.tunnels.map((t) => [t.a, t.b, t.ends.map((e) => `${e.entity}:${e.users}`)])).toEqual([['mag2', 'lma', ['mag2:1', 'lma:1']]]);
  });

  it('carry the user counts of the tables the state panel shows, at every step of every scenario', () => {
    let compared = 0;
    for (const id of runnableIds()) {
      const t = runScenario(id, {}, [], 1);
      const owners = addressOwners(t);
      for (let step = 0; step < packetsOf(t).length; step++) {
        const s = topologyAt(t, step, owners);
        const expected = stepView(t, step).entities.flatMap((e) =>
          (e.state?.tables['Tunnels'] ?? []).map((row) => `${e.entity} ${String(row['id'])} ${String(row['users'])}`),
        );
        const drawn = s.tunnels.flatMap((tu) => tu.ends.map((end) => `${end.entity} ${end.id} ${end.users}`));
        expect(s.unresolved, `${id}, step ${step}`).toEqual([]);
        expect(drawn.sort(), `${id}, step ${step}`).toEqual(expected.sort());
        compared += drawn.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('count two users when two MNs share MAG1’s tunnel', () => {
    const t = runScenario('pmipv6-shared-tunnel', {}, [], 1);
    const owners = addressOwners(t);
    const most = Math.max(...packetsOf(t).map((_, step) => Math.max(0, ...topologyAt(t, step, owners).tunnels.flatMap((tu) => tu.ends.map((e) => e.users)))));
    expect(most).toBe(2);
  });
});

describe('the current packet', () => {
  it('goes over its link; a tunnelled one also names its inner endpoints', () => {
    const step = stepWhere(attach, (p) => p.from === 'lma' && p.to === 'mag1' && p.inner !== undefined);
    expect(topologyAt(attach, step).packet).toMatchObject({
      index: step,
      link: 'mag1-lma',
      from: 'lma',
      to: 'mag1',
      plane: 'data',
      inner: { from: '2001:db8:cccc::2', to: '2001:db8:100::ff:fe00:11', fromEntity: 'cn', toEntity: 'mn1' },
    });
    expect(topologyAt(attach, step).time).toBe(packetsOf(attach)[step]!.time);
  });

  it('is absent, and so is everything else, without a trace', () => {
    expect(topologyAt(undefined, 0)).toEqual({ time: 0, links: [], attachments: [], tunnels: [], unresolved: [] });
  });
});
