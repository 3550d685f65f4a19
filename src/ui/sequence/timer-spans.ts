import type { Box, Point } from './arrows';
import { fit } from './text';
import type { TimerInstance } from './timers';

/**
 * Where each timer is drawn: a thin bar beside its entity's lifeline from the y of its start to
 * the y of its end, in the first lane free at that height, so timers running together on one
 * entity stand side by side instead of on top of each other.
 */

export interface TimerSpan extends TimerInstance {
  /** Position among the trace's timers, from 0: a stable key. */
  index: number;
  x: number;
  y1: number;
  y2: number;
  lane: number;
  /** The name cut to the bar's length, for the text along it; empty when the bar is too short for any. */
  label: string;
}

export interface TimerLanes {
  /** Distance from the lifeline to the first lane, px. */
  offset: number;
  /** Distance between lanes, px. */
  width: number;
  /** Most lanes beside one lifeline; beyond this, timers share the least busy lane. */
  max: number;
  /** Average width of a character of the text along a bar, px. */
  charWidth: number;
}

export const TIMER_LANES: TimerLanes = { offset: 12, width: 17, max: 5, charWidth: 6.5 };

/** Room kept at each end of a bar for its start serif and its end mark, px. */
const END_ROOM = 10;

export function layoutTimers(
  instances: readonly TimerInstance[],
  xOf: (entity: string) => number,
  yAt: (time: number, seq?: number) => number,
  lanes: TimerLanes = TIMER_LANES,
): TimerSpan[] {
  const busyUntil = new Map<string, number[]>();
  const placed = instances.map((t, index) => ({ t, index, y1: yAt(t.start, t.startSeq), y2: yAt(t.end, t.endSeq) }));
  // Greedy interval partitioning by start: a timer re-armed the moment it fires continues its lane.
  const byStart = [...placed].sort((a, b) => a.y1 - b.y1 || a.y2 - b.y2 || a.index - b.index);
  const laneOf = new Map<number, number>();
  for (const p of byStart) {
    const ends = busyUntil.get(p.t.entity) ?? [];
    busyUntil.set(p.t.entity, ends);
    let lane = ends.findIndex((end) => end <= p.y1);
    if (lane < 0 && ends.length < lanes.max) lane = ends.length;
    if (lane < 0) lane = ends.indexOf(Math.min(...ends));
    ends[lane] = Math.max(ends[lane] ?? -Infinity, p.y2);
    laneOf.set(p.index, lane);
  }
  return placed.map(({ t, index, y1, y2 }) => {
    const lane = laneOf.get(index)!;
    const chars = Math.floor((y2 - y1 - 2 * END_ROOM) / lanes.charWidth);
    return {
      ...t,
      index,
      x: xOf(t.entity) + lanes.offset + lane * lanes.width,
      y1,
      y2,
      lane,
      label: chars >= 4 ? fit(t.name, chars) : '',
    };
  });
}

/** The spans that cross the window [y0, y1): a long trace draws only the timers on screen. */
export function visibleTimers(spans: readonly TimerSpan[], y0: number, y1: number): TimerSpan[] {
  return spans.filter((s) => s.y1 < y1 && s.y2 >= y0);
}

/** Room kept between a timer's name and a message's words, px. */
const NAME_CLEARANCE = 4;
/**
 * How far a name turned along its bar reaches across it: its baseline is 5 px right of the bar and
 * its letters (with their halo) stand about 10 px tall from there; descenders dip back over the bar.
 */
const NAME_ACROSS = { left: 3, right: 16 };

/**
 * Where the name along a bar begins, or undefined where it is not written (the tooltip still
 * names the timer). It begins at the bar's start, or, for a bar that began above the window, at
 * the window's top, so a long lifetime still says what it is; never so low that it runs past the
 * bar's end; and then below any message's words it would cross (`texts`) and any line it must
 * not be hidden under (`lines`: the current message, drawn with a wide halo), since a message
 * outranks a timer: when no stretch of the bar is clear and long enough, no name.
 */
export function namePlace(
  s: Pick<TimerSpan, 'x' | 'y1' | 'y2' | 'label'>,
  texts: readonly Box[],
  viewTop = -Infinity,
  lines: readonly (readonly Point[])[] = [],
  lanes: TimerLanes = TIMER_LANES,
): number | undefined {
  if (!s.label) return undefined;
  const length = s.label.length * lanes.charWidth;
  const last = s.y2 - END_ROOM - length;
  const x1 = s.x - NAME_ACROSS.left;
  const x2 = s.x + NAME_ACROSS.right;
  let y = Math.max(s.y1 + END_ROOM, Math.min(viewTop + END_ROOM, last));
  const crossed = lines.flatMap((l) => crossing(l, x1, x2, LINE_HALO) ?? []);
  // By top edge: once a box starts below the name's end, so do all after it.
  const across = [...texts.filter((b) => b.x1 < x2 && b.x2 > x1), ...crossed].sort((a, b) => a.y1 - b.y1);
  for (const b of across) {
    if (b.y1 - NAME_CLEARANCE >= y + length) break;
    if (b.y2 + NAME_CLEARANCE > y) y = b.y2 + NAME_CLEARANCE;
  }
  return y <= last ? y : undefined;
}

/** Half the width of the current message's halo, px (SequenceDiagram's `.halo`). */
const LINE_HALO = 7;

/** Where a line crosses the column [x1, x2]: the box of that part of it, `pad` px taller each way; undefined where it does not. */
export function crossing(points: readonly Point[], x1: number, x2: number, pad = 0): Box | undefined {
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const lo = Math.max(Math.min(ax, bx), x1);
    const hi = Math.min(Math.max(ax, bx), x2);
    if (lo > hi) continue;
    const ys = ax === bx ? [ay, by] : [lo, hi].map((x) => ay + ((by - ay) * (x - ax)) / (bx - ax));
    top = Math.min(top, ...ys);
    bottom = Math.max(bottom, ...ys);
  }
  return top <= bottom ? { x1, y1: top - pad, x2, y2: bottom + pad } : undefined;
}

/** Where a bar's `expired` word is, which the names in the lanes to its right keep clear of. */
export function expiredBox(s: Pick<TimerSpan, 'x' | 'y2'>): Box {
  return { x1: s.x + 8, y1: s.y2 - 6, x2: s.x + 52, y2: s.y2 + 7 };
}

/**
 * Everything a timer's name keeps clear of: the messages' words, the `expired` words of the timers
 * drawn, and the bands of the squeezed quiet stretches (drawn over the timers, they would cut a name in two).
 */
export function nameObstacles(spans: readonly TimerSpan[], texts: readonly Box[], bands: readonly Box[] = []): Box[] {
  return [...texts, ...spans.filter(saysExpired).map(expiredBox), ...bands];
}

/** The bar, with a serif where it starts. */
export function timerBar(s: Pick<TimerSpan, 'x' | 'y1' | 'y2'>): string {
  return `M${s.x - 4},${s.y1}H${s.x + 4}M${s.x},${s.y1}V${s.y2}`;
}

/**
 * How the bar ends: a crossbar where it expired, a square (stop) where it was cancelled, a
 * downward chevron where it was still running at the end of the run. Shapes, not colours, tell
 * them apart, and none is the × of a lost message.
 */
export function timerEnd(s: Pick<TimerSpan, 'x' | 'y2' | 'outcome'>): string {
  const { x, y2: y } = s;
  if (s.outcome === 'expired') return `M${x - 7},${y}H${x + 7}`;
  if (s.outcome === 'cancelled') return `M${x - 4},${y - 4}h8v8h-8Z`;
  return `M${x - 5},${y - 5}L${x},${y}L${x + 5},${y - 5}`;
}

/**
 * Whether the end mark gets the word `expired` beside it: the crossbar alone could be read as the
 * bar's last pixel. A cancel's square and a running timer's chevron at the end of the run say
 * enough; the bar must also be long enough not to crowd its own start.
 */
export function saysExpired(s: Pick<TimerSpan, 'outcome' | 'y1' | 'y2'>): boolean {
  return s.outcome === 'expired' && s.y2 - s.y1 > 24;
}
