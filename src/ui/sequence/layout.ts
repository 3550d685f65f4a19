import { scaleLinear, scalePoint } from 'd3-scale';
import type { LinkInfo, PacketEvent } from '../../sim/trace';
import { arrowFor, moveArrow, type ArrowLayout, type Bounds, type Box } from './arrows';
import { wrap } from './text';
import { layoutTimers, TIMER_LANES, type TimerSpan } from './timer-spans';
import type { TimerInstance } from './timers';

export type { ArrowLayout, InnerPath, Point } from './arrows';
export { seconds } from './text';

/**
 * The sequence diagram's geometry as a pure function of the Trace (STYLE.md principle 11): where
 * each lifeline stands, where each message leaves and arrives, where a lost one dies, where the
 * step notes and the timers go. The component only draws what this returns, so all of it is
 * tested in Node.
 *
 * Time runs down. A message is slanted by its real delay: it leaves at the y of its send time and
 * arrives at the y of its arrival time, on one time scale, so two messages in flight together are
 * drawn parallel, and messages between other lifelines that are in flight at the same time share
 * the same band of the page. Two things bend the scale: a message whose drawing would run into the
 * previous ones is pushed down to a minimum spacing, and a quiet stretch longer than `maxGap` is
 * squeezed to it and marked as a break, so a 30-second wait for a lifetime does not scroll for a mile.
 */

export interface LayoutOptions {
  /** Width available, px; the layout grows wider when the lifelines need it. */
  width: number;
  /** y of the earliest message, px. */
  top?: number;
  /** Time scale where it is not bent, px per millisecond. */
  pxPerMs?: number;
  /** Least vertical distance between two successive sends whose drawings meet, px. */
  minGap?: number;
  /** Least vertical distance between any two successive sends (room for the time column's two lines), px. */
  rowGap?: number;
  /** A quiet stretch longer than this is squeezed to it, px. */
  maxGap?: number;
  /** Width of the time and number column on the left, px. */
  timeColumn?: number;
  /** Widest the step-note column on the right may be, px. */
  notesWidth?: number;
  /**
   * Narrowest it may be: when the lifelines leave less room than this, the notes are left out
   * (the inspector shows the current packet's step anyway).
   */
  notesMinWidth?: number;
  /** Least distance between two lifelines, px. */
  minLifelineGap?: number;
  /** Average width of a character of the arrow labels and notes, px (for truncating and wrapping). */
  charWidth?: number;
  /** Height of a line of a step note, px. */
  noteLineHeight?: number;
  /** Most lines a step note shows before it is cut with an ellipsis. */
  noteMaxLines?: number;
}

export interface SequenceInput {
  entities: readonly { id: string; label: string }[];
  packets: readonly PacketEvent[];
  /** Link delays, to slant a message that never arrived as if it had been going to. */
  links?: readonly LinkInfo[];
  /** The run's timers, paired (see `timerInstances`). */
  timers?: readonly TimerInstance[];
  /** Which lifeline owns each inner endpoint of a tunnelled packet (see `innerOwners`). */
  owners?: ReadonlyMap<string, string>;
  /** Run length, µs: the diagram reaches down to it when timers run on after the last message. */
  duration?: number;
}

export interface Lifeline {
  id: string;
  label: string;
  x: number;
}

export interface StepNote {
  /** The first and last packet index of the step (consecutive packets with the same step share a note). */
  first: number;
  last: number;
  text: string;
  lines: string[];
  x: number;
  y1: number;
  y2: number;
}

export interface TimeBreak {
  /** Where the squeezed stretch is drawn. */
  y: number;
  /** How long the quiet stretch really was, µs. */
  gapUs: number;
}

export interface SequenceLayout {
  width: number;
  height: number;
  lifelines: Lifeline[];
  arrows: ArrowLayout[];
  notes: StepNote[];
  breaks: TimeBreak[];
  timers: TimerSpan[];
  /** Where the run ends, when the input gave its duration. */
  end?: { y: number; time: number };
  /** Right edge of the time column (its text is right-aligned here). */
  timeX: number;
  /** Left edge of the notes column. */
  notesX: number;
  /** Distance between two neighbouring lifelines, px (the room for a lifeline's header). */
  lifelineGap: number;
  /** The furthest any arrow reaches from its send y, px: lets `visibleArrows` find long arrows that start above the window. */
  maxSpan: number;
}

const DEFAULTS = {
  top: 40,
  pxPerMs: 10,
  minGap: 60,
  rowGap: 36,
  maxGap: 140,
  timeColumn: 96,
  notesWidth: 320,
  notesMinWidth: 220,
  minLifelineGap: 112,
  charWidth: 8.9,
  noteLineHeight: 19,
  noteMaxLines: 3,
};

/** Horizontal padding inside the lifeline area, so the outer headers fit. */
const EDGE = 72;
/** Two drawings closer than this side by side are taken to meet, px. */
const SIDE_GAP = 12;
/** Space kept between one message's marks or inner path and the next message's label, px. */
const CLEARANCE = 6;
/** Room under the last thing drawn, px. */
const FOOT = 40;

export function layoutSequence(input: SequenceInput, options: LayoutOptions): SequenceLayout {
  const o = { ...DEFAULTS, ...options };
  const hasNotes = input.packets.some((p) => p.step !== undefined && p.step !== '');
  const ids = lifelineIds(input);
  const labelOf = new Map(input.entities.map((e) => [e.id, e.label]));
  const needed = o.timeColumn + 2 * EDGE + Math.max(0, ids.length - 1) * o.minLifelineGap;
  const room = o.width - needed;
  const notesWidth = hasNotes && room >= o.notesMinWidth ? Math.min(o.notesWidth, Math.max(o.notesMinWidth, room * 0.75)) : 0;
  const width = Math.max(o.width, needed + notesWidth);
  const x = scalePoint<string>()
    .domain(ids)
    .range([o.timeColumn + EDGE, width - notesWidth - EDGE])
    .align(0.5);
  const xOf = (id: string): number => x(id) ?? o.timeColumn + EDGE;
  const lifelines = ids.map((id) => ({ id, label: labelOf.get(id) ?? id, x: xOf(id) }));
  const notesX = width - notesWidth + 24;
  const bounds: Bounds = { left: o.timeColumn + 8, right: notesWidth > 0 ? notesX - 30 : width - 8, charWidth: o.charWidth };
  const owners = input.owners ?? new Map<string, string>();
  const ownerX = (address: string): number | undefined => {
    const id = owners.get(address);
    return id === undefined ? undefined : x(id);
  };
  const ownerLabel = (address: string): string | undefined => {
    const id = owners.get(address);
    return id === undefined ? undefined : (labelOf.get(id) ?? id);
  };

  const delayOf = new Map((input.links ?? []).map((l) => [l.id, l.delayUs]));
  const endTime = (p: PacketEvent): number =>
    p.arrival ?? (p.fate === 'delivered' ? p.time : p.time + (delayOf.get(p.link) ?? 0));
  const lifelineSet = new Set(ids);
  const timers = (input.timers ?? []).filter((t) => lifelineSet.has(t.entity));
  const timerTimes = timers.flatMap((t) => [t.start, t.end]);
  const runEnd = input.duration !== undefined && input.duration > 0 ? [input.duration] : [];
  const { y: baseY, breaks: quiet } = bentTimeScale(input.packets, endTime, [...timerTimes, ...runEnd], o.pxPerMs, o.maxGap);

  // Sends in trace order, each below the previous one by the row gap, by the minimum gap when
  // their drawings meet, below any marks or inner path of a message whose drawing they meet, and
  // below the last note's text; `shift` only grows, so the order of events on the page is their
  // order in time.
  const arrows: ArrowLayout[] = [];
  const notes: StepNote[] = [];
  const shifts: number[] = [];
  const noteChars = Math.max(8, Math.floor((notesWidth - 40) / o.charWidth));
  let shift = 0;
  let prevY = -Infinity;
  let noteFloor = -Infinity;
  let maxSpan = 0;

  input.packets.forEach((p, i) => {
    const startsNote = p.step !== undefined && p.step !== '' && input.packets[i - 1]?.step !== p.step;
    const natural = o.top + baseY(p.time);
    const drop = baseY(endTime(p)) - baseY(p.time);
    let y = Math.max(natural + shift, prevY + o.rowGap, startsNote ? noteFloor : -Infinity);
    let arrow = arrowFor(
      p,
      i,
      {
        x1: xOf(p.from),
        x2: xOf(p.to),
        y1: y,
        y2: y + drop,
        innerFrom: p.inner && ownerX(p.inner.from),
        innerTo: p.inner && ownerX(p.inner.to),
        innerFromLabel: p.inner && ownerLabel(p.inner.from),
        innerToLabel: p.inner && ownerLabel(p.inner.to),
      },
      bounds,
    );
    // Each pass moves the send below what it met; what lies above the new height is not met again.
    for (let pass = 0; pass < arrows.length + 1; pass++) {
      const need = clearance(arrows, arrow, maxSpan, o.minGap);
      if (need <= y) break;
      arrow = moveArrow(arrow, need - y);
      y = need;
    }
    shift = y - natural;
    shifts.push(shift);
    prevY = y;
    arrows.push(arrow);
    maxSpan = Math.max(maxSpan, arrow.bottom - arrow.y, arrow.y - arrow.top);

    const y2 = y + drop;
    if (startsNote && notesWidth > 0) {
      const lines = wrap(p.step!, noteChars, o.noteMaxLines);
      notes.push({ first: i, last: i, text: p.step!, lines, x: notesX, y1: y, y2: Math.max(y, y2) });
      noteFloor = y + lines.length * o.noteLineHeight + 12;
    } else if (p.step !== undefined && p.step !== '' && notesWidth > 0) {
      const note = notes[notes.length - 1]!;
      note.last = i;
      note.y2 = Math.max(note.y2, y, y2);
    }
  });

  /** The y of an instant: by the messages recorded before it when known, else by its time. */
  const yAt = (time: number, seq?: number): number => {
    const k = seq === undefined ? lastIndexAtOrBefore(input.packets, time) : Math.min(seq, shifts.length) - 1;
    return o.top + baseY(time) + (k < 0 ? 0 : shifts[k]!);
  };
  const breaks = quiet.map((b) => ({ y: yAt(b.after) + (b.y - baseY(b.after)), gapUs: b.gapUs }));
  // The end of the run, clear of the last message's drawing and of its line in the time column;
  // whatever runs until then ends on it.
  const last = arrows[arrows.length - 1];
  const end = runEnd.length > 0 ? { y: Math.max(yAt(runEnd[0]!), last ? Math.max(last.bottom, last.y + o.rowGap) + 12 : 0), time: runEnd[0]! } : undefined;
  const yOrEnd = (time: number, seq?: number): number => (end && time >= end.time ? end.y : yAt(time, seq));
  const spans = layoutTimers(timers, xOf, yOrEnd, TIMER_LANES);

  const bottoms = [
    o.top,
    ...arrows.map((a) => a.bottom),
    ...notes.map((n) => n.y1 + n.lines.length * o.noteLineHeight),
    ...spans.map((s) => s.y2 + 16),
    end?.y ?? 0,
  ];
  const out: SequenceLayout = {
    width,
    height: Math.ceil(Math.max(...bottoms) + FOOT),
    lifelines,
    arrows,
    notes,
    breaks,
    timers: spans,
    timeX: o.timeColumn - 14,
    notesX,
    lifelineGap: ids.length > 1 ? x.step() : width - o.timeColumn - notesWidth,
    maxSpan,
  };
  if (end) out.end = end;
  return out;
}

/**
 * The least send y at which `arrow` meets none of the messages above it: the minimum gap below
 * any message whose drawing it meets side by side, and all of it either above that message's
 * marks and inner path (a message sent while a slow one is still in flight) or below them.
 * Messages that do not meet it side by side may be in flight beside it.
 */
function clearance(arrows: readonly ArrowLayout[], arrow: ArrowLayout, maxSpan: number, minGap: number): number {
  let need = arrow.y;
  const lift = arrow.y - arrow.top;
  for (let k = arrows.length - 1; k >= 0; k--) {
    const other = arrows[k]!;
    if (other.y < arrow.y - Math.max(maxSpan + lift + CLEARANCE, minGap)) break;
    if (other.right + SIDE_GAP <= arrow.left || arrow.right + SIDE_GAP <= other.left) continue;
    need = Math.max(need, other.y + minGap);
    if (other.marksTop !== undefined && arrow.bottom + CLEARANCE > other.marksTop) need = Math.max(need, other.bottom + CLEARANCE + lift);
  }
  return need;
}

/** The entities in the trace's order (each once), then any endpoint a packet names that the trace did not list. */
function lifelineIds(input: SequenceInput): string[] {
  const ids = [...new Set(input.entities.map((e) => e.id))];
  const seen = new Set(ids);
  for (const p of input.packets) {
    for (const id of [p.from, p.to]) {
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
  }
  return ids;
}

interface QuietStretch {
  /** The time the stretch begins, µs. */
  after: number;
  /** Where it is drawn on the bent scale (before the send shifts). */
  y: number;
  gapUs: number;
}

/**
 * Time → y, linear between the instants something happens (a send, an arrival), except that a
 * stretch with nothing in flight that would be taller than `maxGap` is squeezed to it. Piecewise
 * linear, so it is a d3 `scaleLinear` with one domain stop per instant.
 */
function bentTimeScale(
  packets: readonly PacketEvent[],
  endTime: (p: PacketEvent) => number,
  more: readonly number[],
  pxPerMs: number,
  maxGap: number,
): { y: (t: number) => number; breaks: QuietStretch[] } {
  const instants = [...new Set([...packets.flatMap((p) => [p.time, endTime(p)]), ...more])].sort((a, b) => a - b);
  if (instants.length < 2) return { y: () => 0, breaks: [] };
  const pxPerUs = pxPerMs / 1000;
  // The latest arrival among messages sent at or before each instant: is anything in flight?
  const bySend = [...packets].sort((a, b) => a.time - b.time);
  const range = [0];
  const breaks: QuietStretch[] = [];
  let inFlightUntil = -Infinity;
  let k = 0;
  for (let i = 1; i < instants.length; i++) {
    const a = instants[i - 1]!;
    const b = instants[i]!;
    while (k < bySend.length && bySend[k]!.time <= a) inFlightUntil = Math.max(inFlightUntil, endTime(bySend[k++]!));
    const natural = (b - a) * pxPerUs;
    const squeezed = natural > maxGap;
    const step = squeezed ? maxGap : natural;
    if (squeezed && inFlightUntil <= a) breaks.push({ after: a, y: range[i - 1]! + step / 2, gapUs: b - a });
    range.push(range[i - 1]! + step);
  }
  const scale = scaleLinear().domain(instants).range(range).clamp(true);
  return { y: (t) => scale(t), breaks };
}

function lastIndexAtOrBefore(packets: readonly PacketEvent[], time: number): number {
  for (let i = packets.length - 1; i >= 0; i--) if (packets[i]!.time <= time) return i;
  return -1;
}

/**
 * The arrows that cross the window [y0, y1), in order, found by a binary search on the send y:
 * a long trace draws only what is on screen.
 */
export function visibleArrows(layout: Pick<SequenceLayout, 'arrows' | 'maxSpan'>, y0: number, y1: number): ArrowLayout[] {
  const { arrows, maxSpan } = layout;
  // Every arrow lies within maxSpan of its send y, and the send ys only grow.
  let lo = 0;
  let hi = arrows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arrows[mid]!.y < y0 - maxSpan) lo = mid + 1;
    else hi = mid;
  }
  const out: ArrowLayout[] = [];
  for (let i = lo; i < arrows.length && arrows[i]!.y < y1 + maxSpan; i++) {
    const a = arrows[i]!;
    if (a.top < y1 && a.bottom >= y0) out.push(a);
  }
  return out;
}

/** Half the height of the band across the page that marks a squeezed quiet stretch, px. */
export const BREAK_HALF = 10;

/** The band of a squeezed quiet stretch, across the whole page. */
export function breakBand(b: Pick<TimeBreak, 'y'>): Box {
  return { x1: -Infinity, y1: b.y - BREAK_HALF, x2: Infinity, y2: b.y + BREAK_HALF };
}

/** Notes and breaks that cross the window, for the same reason. */
export function visibleNotes(notes: readonly StepNote[], y0: number, y1: number, lineHeight = DEFAULTS.noteLineHeight): StepNote[] {
  return notes.filter((n) => n.y1 - lineHeight < y1 && Math.max(n.y2, n.y1 + n.lines.length * lineHeight) >= y0);
}
