import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { accountData } from '../../../src/sim/data-accounting';
import { bucketsOf, type Bucket } from '../../../src/sim/data-summary';
import { layoutChart, STACK } from '../../../src/ui/accounting/chart-layout';

const bucket = (startUs: number, delivered: number, forwarded: number, lost: number): Bucket => ({
  startUs,
  endUs: startUs + 100_000,
  delivered,
  forwarded,
  lost,
  ids: [],
});

const SIZE = { width: 400, height: 150, margin: { top: 10, right: 10, bottom: 20, left: 30 } };

describe('the data-plane chart layout', () => {
  it('stacks delivered, forwarded and lost from the bottom, each bar in its own stretch of time', () => {
    const c = layoutChart([bucket(0, 4, 0, 0), bucket(100_000, 1, 1, 2)], [], undefined, SIZE);
    expect(c.segments.map((s) => [s.bucket, s.outcome, s.count])).toEqual([
      [0, 'delivered', 4],
      [1, 'delivered', 1],
      [1, 'forwarded', 1],
      [1, 'lost', 2],
    ]);
    const [full, d, f, l] = c.segments;
    // The tallest bar fills the plot; stacked segments touch and go up in STACK order.
    expect(full!.y).toBeCloseTo(10);
    expect(full!.y + full!.height).toBeCloseTo(130);
    expect(d!.y).toBeCloseTo(f!.y + f!.height);
    expect(f!.y).toBeCloseTo(l!.y + l!.height);
    expect(l!.height).toBeCloseTo(2 * d!.height);
    expect(d!.x).toBeGreaterThan(full!.x + full!.width);
    expect(c.plot).toEqual({ left: 30, right: 390, top: 10, bottom: 130 });
    expect(STACK).toEqual(['delivered', 'forwarded', 'lost']);
  });

  it('keeps one datagram visible in a tall bar', () => {
    const c = layoutChart([bucket(0, 200, 0, 1)], [], undefined, SIZE);
    expect(c.segments.find((s) => s.outcome === 'lost')!.height).toBeGreaterThanOrEqual(3);
  });

  it('draws the current step and the handovers only where they fall inside the chart', () => {
    const handover = { mobile: 'mn1', at: 150_000, from: 'mag1', to: 'mag2' };
    const c = layoutChart([bucket(0, 1, 0, 0), bucket(100_000, 1, 0, 0)], [handover, { ...handover, at: 900_000 }], 50_000, SIZE);
    expect(c.now).toBeCloseTo(30 + 360 / 4);
    expect(c.handovers.map((h) => h.x)).toEqual([30 + (360 * 3) / 4]);
    expect(layoutChart([bucket(0, 1, 0, 0)], [], 500_000, SIZE).now).toBeUndefined();
  });

  it('labels time in seconds and counts in whole datagrams', () => {
    const c = layoutChart([bucket(0, 3, 0, 0), bucket(100_000, 1, 0, 0)], [], undefined, SIZE);
    expect(c.xTicks.map((t) => t.text)).toContain('0.10 s');
    expect(c.yTicks.every((t) => /^\d+$/.test(t.text))).toBe(true);
  });

  it('is empty for no datagrams', () => {
    expect(layoutChart([], [], 0, SIZE)).toMatchObject({ segments: [], xTicks: [], yTicks: [], handovers: [] });
  });

  it('lays out a real handover run with a bar for every stretch that sent something', () => {
    const acc = accountData(runScenario('pmipv6-handover'));
    const { buckets } = bucketsOf(acc);
    const c = layoutChart(buckets, acc.handovers, undefined, SIZE);
    expect(c.segments.reduce((n, s) => n + s.count, 0)).toBe(acc.totals.sent);
    expect(c.handovers).toHaveLength(1);
    for (const s of c.segments) {
      expect(s.x).toBeGreaterThanOrEqual(c.plot.left);
      expect(s.x + s.width).toBeLessThanOrEqual(c.plot.right);
    }
  });
});
