import { describe, expect, it } from 'vitest';
import type { Trace, TraceEvent } from '../../../src/sim/trace';
import { cellText, columnsOf, stepView, timerText } from '../../../src/ui/panels/step-state';

const packet = (n: number, time: number): TraceEvent => ({
  kind: 'packet', packet: n, time, link: 'l', from: 'mag', to: 'lma', bytes: '00', linkType: 1, fate: 'delivered', summary: `p${n}`, plane: 'control',
});
const trace: Trace = {
  version: 1, scenario: 't', params: {}, seed: 1, faults: [], links: [], duration: 100,
  entities: [{ id: 'mag', label: 'MAG1 (PMA)', role: 'mag' }, { id: 'lma', label: 'LMA', role: 'lma' }],
  events: [
    { kind: 'state', time: 0, entity: 'mag', state: 'idle', tables: { bul: [] }, changed: [] },
    packet(0, 10),
    { kind: 'timer', time: 10, entity: 'mag', name: 'PBA retransmission', action: 'start', expires: 1_000_010 },
    { kind: 'state', time: 15, entity: 'lma', state: 'registered', tables: { 'binding cache': [{ mn: 'mn1', lifetime: 60 }] }, changed: ['binding cache'] },
    packet(1, 15),
    { kind: 'note', time: 20, text: 'registered', entity: 'mag' },
    { kind: 'state', time: 20, entity: 'mag', state: 'registered', tables: { bul: [{ mn: 'mn1', tunnel: true }] }, changed: ['bul'] },
  ],
};

describe('the state of a step', () => {
  it('runs from its packet to the next one; the first step from the start of the run', () => {
    const s0 = stepView(trace, 0);
    expect([s0.from, s0.to]).toEqual([0, 4]);
    expect(s0.entities.map((e) => [e.entity, e.state?.state, e.changed, e.changedNow])).toEqual([
      ['mag', 'idle', [], true],
      ['lma', 'registered', ['binding cache'], true],
    ]);
    expect(s0.narration.map((e) => e.kind)).toEqual(['timer']);
  });

  it('keeps older state unhighlighted and marks what the step changed', () => {
    const s1 = stepView(trace, 1);
    expect(s1.entities.map((e) => [e.entity, e.state?.state, e.changed, e.changedNow])).toEqual([
      ['mag', 'registered', ['bul'], true],
      ['lma', 'registered', [], false],
    ]);
    expect(s1.narration).toEqual([trace.events[5]]);
  });

  it('is empty without a trace, and formats tables and timers for people', () => {
    expect(stepView(undefined, 3)).toEqual({ from: 0, to: 0, entities: [], narration: [] });
    expect(columnsOf([{ a: 1 }, { b: 2, a: 3 }])).toEqual(['a', 'b']);
    expect([cellText(null), cellText(true), cellText(false), cellText(4), cellText(undefined)]).toEqual(['—', 'yes', 'no', '4', '—']);
    expect(timerText(trace.events[2] as never, 'MAG1')).toBe('MAG1: PBA retransmission timer started, fires at 1.000 s');
  });
});
