import { describe, expect, it } from 'vitest';
import { crossing, expiredBox, layoutTimers, nameObstacles, namePlace, timerEnd, visibleTimers, TIMER_LANES } from '../../../src/ui/sequence/timer-spans';
import type { TimerInstance } from '../../../src/ui/sequence/timers';

const t = (entity: string, name: string, start: number, end: number, outcome: TimerInstance['outcome'] = 'expired'): TimerInstance => ({
  entity, name, start, end, outcome, startSeq: 0,
});
// One px per µs, lifelines 200 px apart.
const xOf = (id: string): number => ({ mag1: 100, lma: 300 })[id] ?? 0;
const yAt = (time: number): number => time;

describe('timer spans', () => {
  it('stand beside their lifeline, in lanes so that overlapping timers do not overlap', () => {
    const spans = layoutTimers([t('mag1', 'binding lifetime', 0, 600), t('mag1', 'PBU retransmission', 100, 200), t('lma', 'Tunnel-Life', 100, 700)], xOf, yAt);
    expect(spans.map((s) => [s.lane, s.x])).toEqual([
      [0, 100 + TIMER_LANES.offset],
      [1, 100 + TIMER_LANES.offset + TIMER_LANES.width],
      [0, 300 + TIMER_LANES.offset],
    ]);
    expect(spans[0]).toMatchObject({ y1: 0, y2: 600, index: 0 });
  });

  it('continue the lane of a timer that ended where they start (a re-armed retransmission)', () => {
    const spans = layoutTimers([t('mag1', 'PBU retransmission', 0, 100), t('mag1', 'PBU retransmission', 100, 300), t('mag1', 'binding lifetime', 50, 400)], xOf, yAt);
    expect(spans.map((s) => s.lane)).toEqual([0, 0, 1]);
  });

  it('share the least busy lane beyond the most lanes a lifeline has room for', () => {
    const many = Array.from({ length: TIMER_LANES.max + 1 }, (_, i) => t('mag1', `t${i}`, i, 1_000 - i));
    const lanes = layoutTimers(many, xOf, yAt).map((s) => s.lane);
    expect(Math.max(...lanes)).toBe(TIMER_LANES.max - 1);
  });

  it('carry their name cut to the bar, or none on a bar too short for it', () => {
    const [long, short] = layoutTimers([t('mag1', 'MinDelayBeforeBCEDelete', 0, 1_000), t('lma', 'binding lifetime', 0, 30)], xOf, yAt);
    expect(long!.label).toBe('MinDelayBeforeBCEDelete');
    expect(short!.label).toBe('');
    const [cut] = layoutTimers([t('mag1', 'MinDelayBeforeBCEDelete', 0, 80)], xOf, yAt);
    expect(cut!.label.endsWith('…')).toBe(true);
  });

  it('keep the name of a long bar in the window as it scrolls, never past the bar', () => {
    const [s] = layoutTimers([t('mag1', 'binding lifetime', 0, 5_000)], xOf, yAt);
    expect(namePlace(s!, [], -100)).toBe(10);
    expect(namePlace(s!, [], 2_000)).toBe(2_010);
    expect(namePlace(s!, [], 4_990)).toBeLessThanOrEqual(5_000 - s!.label.length * TIMER_LANES.charWidth);
  });

  it('end in a different shape for each outcome', () => {
    const ends = (['expired', 'cancelled', 'running'] as const).map((outcome) => timerEnd({ x: 0, y2: 0, outcome }));
    expect(new Set(ends).size).toBe(3);
  });

  it('are drawn only where they cross the window', () => {
    const spans = layoutTimers([t('mag1', 'a', 0, 100), t('mag1', 'b', 200, 300), t('mag1', 'c', 0, 1_000)], xOf, yAt);
    expect(visibleTimers(spans, 150, 250).map((s) => s.name)).toEqual(['b', 'c']);
  });

  it('write a name below a message’s words it would cross, and leave alone words beside the bar', () => {
    const [s] = layoutTimers([t('mag1', 'binding lifetime', 0, 1_000)], xOf, yAt);
    const x = s!.x;
    const across = { x1: x - 150, x2: x + 150, y1: 5, y2: 25 };
    const beside = { x1: x + 40, x2: x + 300, y1: 30, y2: 50 };
    expect(namePlace(s!, [beside])).toBe(10);
    expect(namePlace(s!, [across, beside])).toBe(29);
    // A second label a little lower leaves no room between the two: below both.
    const lower = { ...across, y1: 60, y2: 80 };
    expect(namePlace(s!, [lower, across])).toBe(84);
  });

  it('write no name where the bar has no clear stretch long enough for it; the tooltip still names it', () => {
    const [s] = layoutTimers([t('mag1', 'binding lifetime', 0, 200)], xOf, yAt);
    const length = s!.label.length * TIMER_LANES.charWidth;
    expect(namePlace(s!, [])).toBe(10);
    expect(namePlace(s!, [{ x1: 0, x2: 1_000, y1: 200 - 10 - length - 2, y2: 120 }])).toBeUndefined();
  });

  it('keep the names in the lanes to the right clear of a bar’s word “expired”', () => {
    const spans = layoutTimers([t('mag1', 'PBU retransmission', 0, 100), t('mag1', 'binding lifetime', 50, 1_000)], xOf, yAt);
    const [first, second] = spans;
    expect(second!.lane).toBe(1);
    const word = expiredBox(first!);
    const y = namePlace(second!, nameObstacles(spans, []))!;
    expect(y).toBeGreaterThanOrEqual(word.y2);
    expect(namePlace(second!, [])).toBe(60);
  });

  it('find where a message’s line crosses a bar’s column, slanted or looping back', () => {
    expect(crossing([[0, 100], [400, 140]], 100, 120)).toEqual({ x1: 100, y1: 110, x2: 120, y2: 112 });
    expect(crossing([[0, 100], [400, 140]], 500, 520)).toBeUndefined();
    // A self-message's loop: out, down and back; the column holds its far side.
    expect(crossing([[0, 0], [46, 0], [46, 30], [0, 30]], 40, 50, 7)).toEqual({ x1: 40, y1: -7, x2: 50, y2: 37 });
  });

  it('write a name clear of the current message’s line and its halo', () => {
    const [s] = layoutTimers([t('mag1', 'binding lifetime', 0, 1_000)], xOf, yAt);
    const line = [[s!.x - 100, 20], [s!.x + 100, 20]] as const;
    expect(namePlace(s!, [], -Infinity, [line])).toBe(20 + 7 + 4);
    expect(namePlace(s!, [], -Infinity, [[[s!.x + 100, 20], [s!.x + 300, 20]]])).toBe(10);
  });
});
