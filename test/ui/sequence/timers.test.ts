import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import type { TimerEvent, TraceEvent } from '../../../src/sim/trace';
import { cn } from '../../../src/entities/cn';
import { hasTrafficTimers, shownTimers, stepAtStart, timerInstances, timerName, TRAFFIC_TIMERS } from '../../../src/ui/sequence/timers';

const timer = (time: number, entity: string, name: string, action: TimerEvent['action'], expires?: number): TimerEvent => ({
  kind: 'timer', time, entity, name, action, ...(expires === undefined ? {} : { expires }),
});
const packet = (time: number): TraceEvent => ({
  kind: 'packet', packet: 0, time, link: 'l', from: 'a', to: 'b', bytes: '', linkType: 1, fate: 'delivered', summary: '', plane: 'control',
});

describe('timer instances', () => {
  it('pair each start with the fire or cancel that ends it, and count the packets before each end', () => {
    const t = timerInstances(
      [timer(0, 'mag1', 'PBU retransmission', 'start', 1_000_000), packet(0), packet(5_000), timer(10_000, 'mag1', 'PBU retransmission', 'cancel'), timer(10_000, 'mag1', 'binding renewal', 'start', 48_000), timer(48_000, 'mag1', 'binding renewal', 'fire')],
      60_000,
    );
    expect(t).toEqual([
      { entity: 'mag1', name: 'PBU retransmission', start: 0, end: 10_000, outcome: 'cancelled', expires: 1_000_000, startSeq: 0, endSeq: 2 },
      { entity: 'mag1', name: 'binding renewal', start: 10_000, end: 48_000, outcome: 'expired', expires: 48_000, startSeq: 2, endSeq: 2 },
    ]);
  });

  it('run a timer still going at the end to when it was due, or to the end of the run', () => {
    const t = timerInstances([timer(0, 'lma', 'binding lifetime', 'start', 60_000_000), timer(5, 'mn', 'address valid lifetime', 'start', 9e12), timer(6, 'mn', 'no expiry', 'start')], 2_000_000);
    expect(t.map((x) => [x.end, x.outcome, x.endSeq])).toEqual([[2_000_000, 'running', undefined], [2_000_000, 'running', undefined], [2_000_000, 'running', undefined]]);
  });

  it('stop the instance due when two of one name run at once, and the oldest on a cancel', () => {
    const t = timerInstances(
      [
        timer(0, 'lma', 'binding lifetime', 'start', 100),
        timer(10, 'lma', 'binding lifetime', 'start', 50),
        timer(50, 'lma', 'binding lifetime', 'fire'),
        timer(60, 'lma', 'binding lifetime', 'cancel'),
      ],
      1_000,
    );
    expect(t.map((x) => [x.start, x.end, x.outcome])).toEqual([[0, 60, 'cancelled'], [10, 50, 'expired']]);
  });

  it('leave out a fire or cancel with no start', () => {
    expect(timerInstances([timer(5, 'mag1', 'x', 'fire'), timer(6, 'mag1', 'x', 'cancel')], 10)).toEqual([]);
  });

  it('are named for a screen reader with where, when and how they ended', () => {
    const [t] = timerInstances([timer(19_000, 'lma', 'binding lifetime', 'start', 60_019_000)], 2_330_000);
    expect(timerName(t!, 'LMA (HA)')).toBe('Timer binding lifetime at LMA (HA): from 0.019 s to 2.330 s, still running when the run ended (due at 60.019 s)');
  });

  it('cover the timers a PMIPv6 handover really runs', () => {
    const trace = runScenario('pmipv6-handover');
    const t = timerInstances(trace.events, trace.duration);
    const names = new Set(t.map((x) => `${x.entity} ${x.name}`));
    for (const n of ['mag1 PBU retransmission', 'mag1 binding lifetime', 'mag1 binding renewal', 'lma binding lifetime', 'lma Tunnel-Life', 'lma MinDelayBeforeBCEDelete']) {
      expect(names).toContain(n);
    }
    const starts = trace.events.filter((e) => e.kind === 'timer' && e.action === 'start').length;
    expect(t).toHaveLength(starts);
    for (const x of t) expect(x.end).toBeGreaterThanOrEqual(x.start);
    expect(t.find((x) => x.entity === 'lma' && x.name === 'MinDelayBeforeBCEDelete')!.outcome).toBe('cancelled');
  });
});

describe('the step at a timer’s start', () => {
  const packets = [{ time: 0 }, { time: 10 }, { time: 20 }];

  it('is the message sent at that instant, or else the last one before it', () => {
    expect(stepAtStart({ start: 10, startSeq: 1 }, packets)).toBe(1);
    expect(stepAtStart({ start: 15, startSeq: 2 }, packets)).toBe(1);
    expect(stepAtStart({ start: 30, startSeq: 3 }, packets)).toBe(2);
    expect(stepAtStart({ start: 0, startSeq: 0 }, [])).toBe(0);
  });
});

describe('the traffic generator’s timers', () => {
  it('are the timers the CN declares, so a rename there cannot leave them drawn', () => {
    const declared = new Set(Object.values(cn.timers ?? {}));
    for (const name of TRAFFIC_TIMERS) expect(declared).toContain(name);
  });

  it('are left out of the drawing unless asked for; the protocols’ timers never are', () => {
    const trace = runScenario('pmipv6-handover');
    const all = timerInstances(trace.events, trace.duration);
    const hidden = shownTimers(all, false);
    expect(hidden.some((t) => t.entity === 'cn' && t.name === 'next packet')).toBe(false);
    expect(hidden).toEqual(all.filter((t) => !TRAFFIC_TIMERS.has(t.name)));
    expect(hidden.length).toBeGreaterThan(0);
    expect(shownTimers(all, true)).toEqual(all);
  });

  it('are offered as a choice only in a run that has any', () => {
    expect(hasTrafficTimers(runScenario('pmipv6-handover').events)).toBe(true);
    expect(hasTrafficTimers([timer(0, 'mag1', 'binding lifetime', 'start', 10), timer(10, 'mag1', 'binding lifetime', 'fire')])).toBe(false);
  });
});
