import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { Fate, LinkInfo, PacketEvent } from '../../sim/trace';

/**
 * The sequence diagram's geometry as a pure function of the Trace (STYLE.md principle 11): where
 * each lifeline stands, where each message leaves and arrives, where a lost one dies, where the
 * step notes go. The component only draws what this returns, so all of it is tested in Node.
 *
 * Time runs down. A message is slanted by its real delay: it leaves at the y of its send time and
 * arrives at the y of its arrival time, on one time scale, so two messages in flight together are
 * drawn parallel. Two things bend the scale: messages sent (nearly) together are pushed apart to a
 * minimum spacing, and a quiet stretch longer than `maxGap` is squeezed to it and marked as a break,
 * so a 30-second wait for a lifetime does not scroll for a mile.
 */

export interface LayoutOptions {
  /** Width available, px; the layout grows wider when the lifelines need it. */
  width: number;
  /** y of the earliest message, px. */
  top?: number;
  /** Time scale where it is not bent, px per millisecond. */
  pxPerMs?: number;
  /** Least vertical distance between two successive sends, px. */
  minGap?: number;
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
}

export interface Lifeline {
  id: string;
  label: string;
  x: number;
}

export type Point = readonly [x: number, y: number];

export interface ArrowLayout {
  /** Position among the packets, from 0: the step index. */
  index: number;
  from: string;
  to: string;
  plane: PacketEvent['plane'];
  fate: Fate;
  /** The line the message travels, from the sender; it ends at the receiver, or where the message died. */
  points: Point[];
  /** Where it ended: the arrowhead's tip, or the centre of the cross. */
  end: Point;
  /** True when the message never reached the receiver's machine: drawn with a cross, not a head. */
  dead: boolean;
  /** The fate and reason shown beside the cross, for a dead message. */
  deathLabel?: string;
  /** The summary, cut to fit above the arrow (it may reach past the lifelines); the full text is in `summary`. */
  label: string;
  summary: string;
  labelX: number;
  labelY: number;
  /** Send time, µs, and its text for the time column. */
  time: number;
  timeText: string;
  /** The y of the send. */
  y: number;
  /** Vertical extent (send to arrival, with the label), for virtualisation. */
  top: number;
  bottom: number;
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
  maxGap: 140,
  timeColumn: 96,
  notesWidth: 320,
  notesMinWidth: 220,
  minLifelineGap: 112,
  charWidth: 8.9,
  noteLineHeight: 19,
  noteMaxLines: 3,
};

/** Where a message that never arrived dies, as a fraction of the way to its receiver. */
const DEATH_AT: Readonly<Record<Exclude<Fate, 'delivered'>, number>> = {
  lost: 0.5,
  'dropped-by-fault': 0.5,
  // Filtered: it reached the receiver, which threw it away.
  filtered: 0.9,
};

const SELF_LOOP_WIDTH = 46;
const SELF_LOOP_MIN_HEIGHT = 26;
const LABEL_LIFT = 9;
/** Horizontal padding inside the lifeline area, so the outer headers fit. */
const EDGE = 72;
/** A label may be this wide even between two close lifelines, px. */
const LABEL_MIN_WIDTH = 320;

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

  const delayOf = new Map((input.links ?? []).map((l) => [l.id, l.delayUs]));
  const endTime = (p: PacketEvent): number =>
    p.arrival ?? (p.fate === 'delivered' ? p.time : p.time + (delayOf.get(p.link) ?? 0));

  const { y: baseY, breaks: quiet } = bentTimeScale(input.packets, endTime, o.pxPerMs, o.maxGap);

  // Sends in trace order, each at least `minGap` below the previous one and below the last note's
  // text; `shift` only grows, so the order of events on the page is their order in time.
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
    const floor = Math.max(prevY + o.minGap, startsNote ? noteFloor : -Infinity);
    const natural = o.top + baseY(p.time);
    if (natural + shift < floor) shift = floor - natural;
    shifts.push(shift);
    const y1 = natural + shift;
    prevY = y1;
    const y2 = o.top + baseY(endTime(p)) + shift;
    const arrow = arrowFor(p, i, xOf(p.from), xOf(p.to), y1, y2, bounds);
    arrows.push(arrow);
    maxSpan = Math.max(maxSpan, arrow.bottom - arrow.y, arrow.y - arrow.top);

    if (startsNote && notesWidth > 0) {
      const lines = wrap(p.step!, noteChars, o.noteMaxLines);
      notes.push({ first: i, last: i, text: p.step!, lines, x: notesX, y1, y2: Math.max(y1, y2) });
      noteFloor = y1 + lines.length * o.noteLineHeight + 12;
    } else if (p.step !== undefined && p.step !== '' && notesWidth > 0) {
      const note = notes[notes.length - 1]!;
      note.last = i;
      note.y2 = Math.max(note.y2, y1, y2);
    }
  });

  const breaks = quiet.map((b) => {
    // The shift that applies at the break is that of the last message sent before it.
    const k = lastIndexAtOrBefore(input.packets, b.after);
    return { y: o.top + b.y + (k < 0 ? 0 : shifts[k]!), gapUs: b.gapUs };
  });

  const last = arrows.reduce((max, a) => Math.max(max, a.bottom), o.top);
  const noteBottom = notes.reduce((max, n) => Math.max(max, n.y1 + n.lines.length * o.noteLineHeight), 0);
  return {
    width,
    height: Math.ceil(Math.max(last, noteBottom) + o.minGap),
    lifelines,
    arrows,
    notes,
    breaks,
    timeX: o.timeColumn - 14,
    notesX,
    lifelineGap: ids.length > 1 ? x.step() : width - o.timeColumn - notesWidth,
    maxSpan,
  };
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
  pxPerMs: number,
  maxGap: number,
): { y: (t: number) => number; breaks: QuietStretch[] } {
  const instants = [...new Set(packets.flatMap((p) => [p.time, endTime(p)]))].sort((a, b) => a - b);
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

/** Where labels may go: between the time column and the notes. */
interface Bounds {
  left: number;
  right: number;
  charWidth: number;
}

function arrowFor(p: PacketEvent, index: number, x1: number, x2: number, y1: number, y2: number, bounds: Bounds): ArrowLayout {
  const dead = p.fate !== 'delivered';
  const self = p.from === p.to;
  let points: Point[];
  if (self) {
    const bottom = Math.max(y2, y1 + SELF_LOOP_MIN_HEIGHT);
    points = [[x1, y1], [x1 + SELF_LOOP_WIDTH, y1], [x1 + SELF_LOOP_WIDTH, bottom], [x1, bottom]];
    if (dead) points = points.slice(0, 3);
  } else if (dead) {
    const f = DEATH_AT[p.fate as Exclude<Fate, 'delivered'>];
    points = [[x1, y1], [x1 + (x2 - x1) * f, y1 + (y2 - y1) * f]];
  } else {
    points = [[x1, y1], [x2, y2]];
  }
  const end = points[points.length - 1]!;
  const { left, right, charWidth } = bounds;
  // Beside a self-message loop, or centred over the arrow and free to reach past its ends (the
  // label has a halo, so it stays legible over a lifeline), but inside the drawing.
  const start = x1 + SELF_LOOP_WIDTH + 10;
  const room = self ? right - start : Math.min(right - left, Math.max(Math.abs(x2 - x1) - 24, LABEL_MIN_WIDTH));
  const label = fit(p.summary, Math.max(8, Math.floor(room / charWidth)));
  const half = (label.length * charWidth) / 2;
  const mid = (x1 + x2) / 2;
  const labelX = self ? start : Math.min(right - half, Math.max(left + half, mid));
  // Above the line where the text begins, so a slanted arrow does not cut through its own label.
  // The arrow is highest (nearest its send) at the label's edge on the sender's side.
  const along = self || x1 === x2 ? 0 : Math.min(1, Math.max(0, ((x2 > x1 ? labelX - half : labelX + half) - x1) / (x2 - x1)));
  const labelY = y1 + (y2 - y1) * along - LABEL_LIFT;
  const deathLabel = dead ? `${p.fate}${p.reason ? `: ${p.reason}` : ''}` : undefined;
  const ys = points.map((pt) => pt[1]);
  const out: ArrowLayout = {
    index,
    from: p.from,
    to: p.to,
    plane: p.plane,
    fate: p.fate,
    points,
    end,
    dead,
    label,
    summary: p.summary,
    labelX,
    labelY,
    time: p.time,
    timeText: seconds(p.time),
    y: y1,
    top: Math.min(labelY - 16, ...ys),
    bottom: Math.max(...ys) + (dead ? 28 : 8),
  };
  if (deathLabel) out.deathLabel = deathLabel;
  return out;
}

/** µs → `0.012 s`, the time column's and the accessible name's form. */
export function seconds(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}

/** A squeezed stretch's text: `+1.250 s`. */
export function gapText(us: number): string {
  return us >= 60e6 ? `+${(us / 60e6).toFixed(1)} min` : `+${(us / 1e6).toFixed(3)} s`;
}

/** The arrow's accessible name: `3. MAG1 → LMA Proxy Binding Update, 0.012 s`. */
export function arrowName(index: number, fromLabel: string, toLabel: string, summary: string, timeUs: number, fate: Fate = 'delivered'): string {
  const died = fate === 'delivered' ? '' : `, ${fate}`;
  return `${index + 1}. ${fromLabel} → ${toLabel} ${summary}, ${seconds(timeUs)}${died}`;
}

/** The text cut to `max` characters, with an ellipsis when cut. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** Word-wraps text to lines of at most `width` characters; the last of `maxLines` ends with `…` if cut. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= width) current = candidate;
    else {
      if (current !== '') lines.push(current);
      current = word.length > width ? fit(word, width) : word;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fit(`${kept[maxLines - 1]!} ${lines[maxLines]!}`, width);
  if (!kept[maxLines - 1]!.endsWith('…')) kept[maxLines - 1] = fit(`${kept[maxLines - 1]!}…`, width);
  return kept;
}

const polyline = line<Point>((d) => d[0], (d) => d[1]);

/**
 * The shaft and head of an arrow drawn a fraction `t` of the way along its points, for the
 * animation of the current message: the path so far, and the head (or cross) at its tip.
 */
export function arrowAt(arrow: ArrowLayout, t: number): { shaft: string; head: string; tip: Point } {
  const pts = partial(arrow.points, Math.min(1, Math.max(0, t)));
  const tip = pts[pts.length - 1]!;
  const prev = pts[pts.length - 2] ?? tip;
  const head = arrow.dead ? cross(tip) : arrowHead(prev, tip);
  return { shaft: polyline(pts) ?? '', head, tip };
}

/** The polyline cut at fraction `t` of its length. */
export function partial(points: readonly Point[], t: number): Point[] {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p[0] - points[i]![0], p[1] - points[i]![1]));
  let left = lengths.reduce((a, b) => a + b, 0) * t;
  const out: Point[] = [points[0]!];
  for (let i = 0; i < lengths.length; i++) {
    const seg = lengths[i]!;
    const [a, b] = [points[i]!, points[i + 1]!];
    if (left >= seg) {
      out.push(b);
      left -= seg;
      continue;
    }
    const f = seg === 0 ? 1 : left / seg;
    out.push([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]);
    break;
  }
  return out;
}

/** A filled triangle with its tip at `tip`, pointing away from `from`. */
export function arrowHead(from: Point, tip: Point, length = 13, halfWidth = 6): string {
  const angle = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const back: Point = [tip[0] - length * Math.cos(angle), tip[1] - length * Math.sin(angle)];
  const nx = -Math.sin(angle) * halfWidth;
  const ny = Math.cos(angle) * halfWidth;
  const f = (n: number): string => String(Math.round(n * 100) / 100);
  return `M${f(tip[0])},${f(tip[1])}L${f(back[0] + nx)},${f(back[1] + ny)}L${f(back[0] - nx)},${f(back[1] - ny)}Z`;
}

/** An × centred on `at`. */
export function cross(at: Point, r = 8): string {
  const [x, y] = at;
  return `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`;
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

/** Notes and breaks that cross the window, for the same reason. */
export function visibleNotes(notes: readonly StepNote[], y0: number, y1: number, lineHeight = DEFAULTS.noteLineHeight): StepNote[] {
  return notes.filter((n) => n.y1 - lineHeight < y1 && Math.max(n.y2, n.y1 + n.lines.length * lineHeight) >= y0);
}
