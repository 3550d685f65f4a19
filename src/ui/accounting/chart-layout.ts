import { scaleLinear } from 'd3-scale';
import type { Handover } from '../../sim/attachments';
import type { Outcome } from '../../sim/data-accounting';
import type { Bucket } from '../../sim/data-summary';

/**
 * The data-plane chart's geometry as a pure function (STYLE.md principle 11): one stacked bar per
 * stretch of send time, delivered at the bottom, then forwarded, then lost on top; a line at each
 * handover and one at the current step's time.
 */

/** Bottom to top. */
export const STACK: readonly Outcome[] = ['delivered', 'forwarded', 'lost'];

/** A datagram or two in a tall bar still shows. */
const MIN_SEGMENT = 3;
const BAR_GAP = 2;

export interface ChartOptions {
  width: number;
  height: number;
  margin?: { top: number; right: number; bottom: number; left: number };
}

export interface Segment {
  outcome: Outcome;
  /** Position of its bucket in the list. */
  bucket: number;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tick {
  pos: number;
  text: string;
}

export interface ChartLayout {
  segments: Segment[];
  xTicks: Tick[];
  yTicks: Tick[];
  handovers: { x: number; handover: Handover }[];
  /** The current step's time, when it falls within the chart. */
  now?: number;
  plot: { left: number; right: number; top: number; bottom: number };
}

/** Room above the plot for the handover labels and the current step's marker. */
const DEFAULT_MARGIN = { top: 22, right: 10, bottom: 24, left: 32 };

export function layoutChart(buckets: readonly Bucket[], handovers: readonly Handover[], nowUs: number | undefined, o: ChartOptions): ChartLayout {
  const m = o.margin ?? DEFAULT_MARGIN;
  const plot = { left: m.left, right: Math.max(m.left + 1, o.width - m.right), top: m.top, bottom: Math.max(m.top + 1, o.height - m.bottom) };
  if (buckets.length === 0) return { segments: [], xTicks: [], yTicks: [], handovers: [], plot };

  const start = buckets[0]!.startUs;
  const end = buckets[buckets.length - 1]!.endUs;
  const x = scaleLinear().domain([start, end]).range([plot.left, plot.right]);
  const most = Math.max(1, ...buckets.map((b) => b.delivered + b.forwarded + b.lost));
  const y = scaleLinear().domain([0, most]).range([plot.bottom, plot.top]).nice();

  const segments: Segment[] = [];
  buckets.forEach((b, i) => {
    const left = x(b.startUs) + BAR_GAP / 2;
    const width = Math.max(1, x(b.endUs) - x(b.startUs) - BAR_GAP);
    let base = plot.bottom;
    for (const outcome of STACK) {
      const count = b[outcome];
      if (count === 0) continue;
      const height = Math.max(MIN_SEGMENT, y(0) - y(count));
      base -= height;
      segments.push({ outcome, bucket: i, count, x: left, y: base, width, height });
    }
  });

  const xTicks = x.ticks(Math.max(2, Math.floor((plot.right - plot.left) / 90))).map((t, _, all) => ({ pos: x(t), text: secondsText(t, all) }));
  const yTicks = y
    .ticks(Math.min(4, y.domain()[1]!))
    .filter((t) => Number.isInteger(t))
    .map((t) => ({ pos: y(t), text: String(t) }));
  const out: ChartLayout = {
    segments,
    xTicks,
    yTicks,
    handovers: handovers.filter((h) => h.at >= start && h.at <= end).map((h) => ({ x: x(h.at), handover: h })),
    plot,
  };
  if (nowUs !== undefined && nowUs >= start && nowUs <= end) out.now = x(nowUs);
  return out;
}

/** A tick in seconds with as many decimals as the ticks' spacing needs: `0.35 s`, `2 s`. */
function secondsText(us: number, all: readonly number[]): string {
  const step = all.length > 1 ? Math.abs(all[1]! - all[0]!) / 1e6 : 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return `${(us / 1e6).toFixed(decimals)} s`;
}
