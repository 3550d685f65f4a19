import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { proxyCoa } from '../../../src/scenarios/pmipv6/addressing';
import { traceToJson } from './json';
import { control, innerSource, lastState, line, packets, rows, tunnelsMatchBindings } from './support';

const ATTACH1 = ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS', 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 RA'];
const ATTACH2 = ['mag2>aaa Access-Request', 'aaa>mag2 Access-Accept', 'mn1>mag2 RS', 'mag2>lma PBU', 'lma>mag2 PBA', 'mag2>mn1 RA', 'mag2>mn1 RA(withdraw)'];

const leaveTime = (t: ReturnType<typeof runScenario>): number => packets(t).find((p) => line(p) === 'mag2>aaa Access-Request')!.time;

describe('pmipv6-handover', () => {
  it('de-registers at MAG1, registers at MAG2 with the same prefix, withdraws MAG1 as router, and counts the echoes lost', () => {
    const t = runScenario('pmipv6-handover');
    expect(control(t)).toEqual([...ATTACH1, 'mag1>lma PBU(dereg)', 'lma>mag1 PBA', ...ATTACH2]);
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toEqual([expect.objectContaining({ 'Proxy-CoA': proxyCoa(2), HI: 3 })]);
    tunnelsMatchBindings(t);
    const lost = packets(t).filter((p) => p.plane === 'data' && p.fate !== 'delivered');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((p) => p.step?.startsWith('An echo lost in the handover'))).toBe(true);
    // Traffic resumes through MAG2, and the MN answers from the same home address.
    const replies = packets(t).filter((p) => p.from === 'mn1' && line(p).startsWith('mn1>mag') && line(p).includes('echo-reply'));
    expect(replies.some((p) => p.to === 'mag1') && replies.some((p) => p.to === 'mag2')).toBe(true);
    expect(new Set(replies.map(innerSource)).size).toBe(1);
    // No data reaches the MN through MAG1 once MAG2's PBA is in.
    const done = packets(t).find((p) => line(p) === 'lma>mag2 PBA')!.arrival!;
    expect(packets(t).filter((p) => p.plane === 'data' && p.from === 'mag1' && p.to === 'mn1' && p.time >= done && p.fate === 'delivered')).toEqual([]);
  });

  it('race: MAG1’s de-registration arrives after MAG2’s PBU and the LMA keeps the new binding (timestamps)', () => {
    const t = runScenario('pmipv6-handover', { race: true });
    const seq = control(t);
    const pbu2 = packets(t).find((p) => line(p) === 'mag2>lma PBU')!;
    const dereg = packets(t).find((p) => line(p) === 'mag1>lma PBU(dereg)')!;
    expect(dereg.time).toBeLessThan(pbu2.time);
    expect(dereg.arrival!).toBeGreaterThan(pbu2.arrival!);
    expect(seq.at(-1)).toMatch(/^lma>mag1 PBA\(\d+\)$/);
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toEqual([expect.objectContaining({ 'Proxy-CoA': proxyCoa(2) })]);
    tunnelsMatchBindings(t);
    expect(packets(t).filter((p) => p.plane === 'data' && p.from === 'mag2' && p.to === 'mn1' && p.fate === 'delivered').length).toBeGreaterThan(0);
  });

  it.each([false, true])('ordering=sequence (race %s): the LMA compares the MAGs’ own counters and refuses MAG2', (race) => {
    const t = runScenario('pmipv6-handover', { ordering: 'sequence', race });
    expect(control(t)).toContain('lma>mag2 PBA(135)');
    // The MN is at MAG2 but no echo reaches it there.
    expect(packets(t).filter((p) => p.plane === 'data' && p.to === 'mn1' && p.time > leaveTime(t) && p.fate === 'delivered')).toEqual([]);
  });

  it('runs the same for the same parameters and seed', () => {
    expect(traceToJson(runScenario('pmipv6-handover', { race: true, loss: 10 }, [], 3))).toBe(traceToJson(runScenario('pmipv6-handover', { race: true, loss: 10 }, [], 3)));
  });

  it('moves the MN on a learner’s move fault, and says why when it cannot', () => {
    const t = runScenario('pmipv6-attach', {}, [{ kind: 'move', node: 'mn1', to: 'mag2', atUs: 400_000 }, { kind: 'move', node: 'mn9', to: 'mag2', atUs: 500_000 }]);
    expect(control(t)).toEqual(expect.arrayContaining(['mag1>lma PBU(dereg)', 'mag2>lma PBU', 'mag2>mn1 RA(withdraw)']));
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toEqual([expect.objectContaining({ 'Proxy-CoA': proxyCoa(2) })]);
    const notes = t.events.filter((e) => e.kind === 'note').map((e) => (e as { text: string }).text);
    expect(notes).toContain('mn1 moves to mag2.');
    expect(notes.some((n) => n.startsWith('Cannot move mn9 to mag2: mn9 is not a mobile node'))).toBe(true);
  });
});
