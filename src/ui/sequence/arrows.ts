import { line } from 'd3-shape';
import type { Fate, PacketEvent } from '../../sim/trace';
import { fit, seconds } from './text';

/**
 * One message of the sequence diagram: the line it travels, where it ends (at its receiver, or
 * where it died and how), its label, and for a tunnelled packet the inner packet's own path.
 */

export type Point = readonly [x: number, y: number];

export interface InnerPath {
  /** The inner packet's endpoints, as the trace names them (addresses). */
  from: string;
  to: string;
  /** From one lifeline to the other at one height, below the tunnel's arrow. */
  x1: number;
  x2: number;
  y: number;
  /** True when a lifeline owns each endpoint; otherwise the path is drawn along the tunnel's ends. */
  placed: boolean;
  /** `carries CN → MN (2001:db8:cccc::2 → 2001:db8:100::ff:fe00:11)`, and that cut to fit. */
  text: string;
  label: string;
  labelX: number;
  labelY: number;
}

/** A rectangle of the drawing, px. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ArrowLayout {
  /** Position among the packets, from 0: the step index. */
  index: number;
  from: string;
  to: string;
  plane: PacketEvent['plane'];
  fate: Fate;
  /** Why it was dropped, lost or filtered. */
  reason?: string;
  /** The line the message travels, from the sender; it ends at the receiver, or where the message died. */
  points: Point[];
  /** Where it ended: the arrowhead's tip, or the centre of the mark where it died. */
  end: Point;
  /** True when the message never reached the receiver's machine: drawn with a mark of its fate, not a head. */
  dead: boolean;
  /** For a dead message, the rest of the way it would have gone, drawn faint. */
  ghost?: Point[];
  /** The fate and reason shown under the mark, for a dead message, and the x of its middle (inside the drawing). */
  deathLabel?: string;
  deathX?: number;
  /** The summary, cut to fit above the arrow (it may reach past the lifelines); the full text is in `summary`. */
  label: string;
  summary: string;
  labelX: number;
  labelY: number;
  /** For a tunnelled packet: the inner packet's path. */
  inner?: InnerPath;
  /** Send time, µs, and its text for the time column. */
  time: number;
  timeText: string;
  /** The y of the send. */
  y: number;
  /** Vertical extent (label, line, marks and inner path), for virtualisation. */
  top: number;
  bottom: number;
  /** For a dead or tunnelled message, the top of its mark, death label and inner path, which `bottom` ends. */
  marksTop?: number;
  /** Horizontal extent of all of it: two arrows whose extents do not meet may share a height. */
  left: number;
  right: number;
  /** Where its words are (label, death label, inner path's label), halo included: what a timer's name keeps clear of. */
  texts: Box[];
}

/** Where labels may go: between the time column and the notes. */
export interface Bounds {
  left: number;
  right: number;
  charWidth: number;
}

export interface Ends {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  /** x of the lifeline that owns each inner endpoint, when one does. */
  innerFrom?: number | undefined;
  innerTo?: number | undefined;
  /** Names of the inner endpoints' lifelines, for the inner path's text. */
  innerFromLabel?: string | undefined;
  innerToLabel?: string | undefined;
}

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
/** A label may be this wide even between two close lifelines, px. */
const LABEL_MIN_WIDTH = 320;
/** The inner path's distance below the lowest point of the tunnel's arrow (or its death label), px. */
const INNER_DROP = 16;
/** Half the height of the marks drawn where a message died, and of the inner path's head, px. */
const MARK_RADIUS = 12;
/** The death label's baseline below the mark, px. */
export const DEATH_LABEL_DROP = 26;
/** The death label's text is smaller than an arrow's label. */
const DEATH_TEXT_SCALE = 0.85;
/** The inner path's text is smaller than an arrow's label. */
const INNER_TEXT_SCALE = 0.84;
/** How far each size of text reaches above and below its baseline, halo included, px. */
const LABEL_REACH = { up: 14, down: 5 };
const SMALL_REACH = { up: 12, down: 4 };

/** The box of a line of text `width` wide whose baseline is at `y`. */
function textBox(x1: number, width: number, y: number, reach: { up: number; down: number }): Box {
  return { x1, y1: y - reach.up, x2: x1 + width, y2: y + reach.down };
}

export function arrowFor(p: PacketEvent, index: number, ends: Ends, bounds: Bounds): ArrowLayout {
  const { x1, x2, y1, y2 } = ends;
  const dead = p.fate !== 'delivered';
  const self = p.from === p.to;
  let points: Point[];
  let ghost: Point[] | undefined;
  if (self) {
    const bottom = Math.max(y2, y1 + SELF_LOOP_MIN_HEIGHT);
    points = [[x1, y1], [x1 + SELF_LOOP_WIDTH, y1], [x1 + SELF_LOOP_WIDTH, bottom], [x1, bottom]];
    if (dead) {
      ghost = points.slice(2);
      points = points.slice(0, 3);
    }
  } else if (dead) {
    const f = DEATH_AT[p.fate as Exclude<Fate, 'delivered'>];
    const at: Point = [x1 + (x2 - x1) * f, y1 + (y2 - y1) * f];
    points = [[x1, y1], at];
    ghost = [at, [x2, y2]];
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
  const xs = [...points.map((pt) => pt[0]), ...(ghost ?? []).map((pt) => pt[0])];
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
    bottom: Math.max(...ys) + 8,
    left: Math.min(...xs, self ? start : labelX - half),
    right: Math.max(...xs, self ? start + 2 * half : labelX + half),
    texts: [textBox(self ? start : labelX - half, 2 * half, labelY, LABEL_REACH)],
  };
  if (p.reason !== undefined) out.reason = p.reason;
  if (ghost) out.ghost = ghost;
  // Under the lowest point of the line, or under the death label.
  let floor = Math.max(...ys);
  if (deathLabel) {
    out.deathLabel = deathLabel;
    const w = (deathLabel.length * charWidth * DEATH_TEXT_SCALE) / 2;
    out.deathX = Math.min(right - w, Math.max(left + w, end[0]));
    out.marksTop = end[1] - MARK_RADIUS;
    floor = Math.max(floor, end[1] + DEATH_LABEL_DROP + 4);
    out.bottom = Math.max(out.bottom, floor + 6);
    out.left = Math.min(out.left, out.deathX - w);
    out.right = Math.max(out.right, out.deathX + w);
    out.texts.push(textBox(out.deathX - w, 2 * w, end[1] + DEATH_LABEL_DROP, SMALL_REACH));
  }
  if (p.inner) {
    const inner = innerPath(p.inner, ends, floor + INNER_DROP, bounds);
    out.inner = inner;
    out.marksTop = Math.min(out.marksTop ?? Infinity, inner.y - MARK_RADIUS);
    out.bottom = Math.max(out.bottom, inner.labelY + 6);
    const w = (inner.label.length * charWidth * INNER_TEXT_SCALE) / 2;
    out.left = Math.min(out.left, inner.x1, inner.x2, inner.labelX - w);
    out.right = Math.max(out.right, inner.x1, inner.x2, inner.labelX + w);
    out.texts.push(textBox(inner.labelX - w, 2 * w, inner.labelY, SMALL_REACH));
  }
  return out;
}

/** The same arrow drawn `dy` lower: everything about an arrow but its height is fixed by its message. */
export function moveArrow(a: ArrowLayout, dy: number): ArrowLayout {
  const down = (p: Point): Point => [p[0], p[1] + dy];
  const out: ArrowLayout = {
    ...a,
    points: a.points.map(down),
    end: down(a.end),
    labelY: a.labelY + dy,
    y: a.y + dy,
    top: a.top + dy,
    bottom: a.bottom + dy,
    texts: a.texts.map((b) => ({ ...b, y1: b.y1 + dy, y2: b.y2 + dy })),
  };
  if (a.ghost) out.ghost = a.ghost.map(down);
  if (a.marksTop !== undefined) out.marksTop = a.marksTop + dy;
  if (a.inner) out.inner = { ...a.inner, y: a.inner.y + dy, labelY: a.inner.labelY + dy };
  return out;
}

/** The inner packet's path: from its source's lifeline to its destination's, under the tunnel. */
function innerPath(inner: NonNullable<PacketEvent['inner']>, ends: Ends, y: number, bounds: Bounds): InnerPath {
  const placed = ends.innerFrom !== undefined && ends.innerTo !== undefined && ends.innerFrom !== ends.innerTo;
  const x1 = placed ? ends.innerFrom! : ends.x1;
  const x2 = placed ? ends.innerTo! : ends.x2;
  const text = innerText(inner, ends.innerFromLabel, ends.innerToLabel);
  const charWidth = bounds.charWidth * INNER_TEXT_SCALE;
  const room = Math.min(bounds.right - bounds.left, Math.max(Math.abs(x2 - x1) - 12, LABEL_MIN_WIDTH));
  const label = fit(text, Math.max(8, Math.floor(room / charWidth)));
  const half = (label.length * charWidth) / 2;
  const labelX = Math.min(bounds.right - half, Math.max(bounds.left + half, (x1 + x2) / 2));
  return { from: inner.from, to: inner.to, x1, x2, y, placed, text, label, labelX, labelY: y + 16 };
}

/**
 * `carries CN → MN (2001:db8:cccc::2 → 2001:db8:100::ff:fe00:11)`: the lifelines' names where
 * they are known, the addresses always, and the inner summary when it says more than them.
 */
export function innerText(inner: NonNullable<PacketEvent['inner']>, fromLabel?: string, toLabel?: string): string {
  const addresses = `${inner.from} → ${inner.to}`;
  const names = `${fromLabel ?? inner.from} → ${toLabel ?? inner.to}`;
  if (inner.summary !== addresses && inner.summary !== '') return `carries ${names}: ${inner.summary}`;
  return names === addresses ? `carries ${addresses}` : `carries ${names} (${addresses})`;
}

/**
 * The arrow's accessible name: `3. MAG1 → LMA Proxy Binding Update, 0.012 s`, with the fate and
 * its reason for a message that never arrived, and what a tunnelled packet carries.
 */
export function arrowName(
  index: number,
  fromLabel: string,
  toLabel: string,
  summary: string,
  timeUs: number,
  fate: Fate = 'delivered',
  reason?: string,
  carries?: string,
): string {
  const died = fate === 'delivered' ? '' : `, ${fate}${reason ? `: ${reason}` : ''}`;
  return `${index + 1}. ${fromLabel} → ${toLabel} ${summary}, ${seconds(timeUs)}${died}${carries ? `; ${carries}` : ''}`;
}

const polyline = line<Point>((d) => d[0], (d) => d[1]);

/** A path through the points. */
export function pathOf(points: readonly Point[]): string {
  return polyline(points as Point[]) ?? '';
}

/**
 * The shaft and head of an arrow drawn a fraction `t` of the way along its points, for the
 * animation of the current message: the path so far, and the head (or the mark of its fate) at its tip.
 */
export function arrowAt(arrow: ArrowLayout, t: number): { shaft: string; head: string; tip: Point } {
  const pts = partial(arrow.points, Math.min(1, Math.max(0, t)));
  const tip = pts[pts.length - 1]!;
  const prev = pts[pts.length - 2] ?? tip;
  const head = arrow.dead ? fateMark(arrow.fate, prev, tip) : arrowHead(prev, tip);
  return { shaft: pathOf(pts), head, tip };
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

const r2 = (n: number): string => String(Math.round(n * 100) / 100);

/** The three corners of a head with its tip at `tip`, pointing away from `from`. */
function headCorners(from: Point, tip: Point, length: number, halfWidth: number): [Point, Point, Point] {
  const angle = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const back: Point = [tip[0] - length * Math.cos(angle), tip[1] - length * Math.sin(angle)];
  const nx = -Math.sin(angle) * halfWidth;
  const ny = Math.cos(angle) * halfWidth;
  return [tip, [back[0] + nx, back[1] + ny], [back[0] - nx, back[1] - ny]];
}

const pt = (p: Point): string => `${r2(p[0])},${r2(p[1])}`;

/** A filled triangle with its tip at `tip`, pointing away from `from`. */
export function arrowHead(from: Point, tip: Point, length = 13, halfWidth = 6): string {
  const [t, a, b] = headCorners(from, tip, length, halfWidth);
  return `M${pt(t)}L${pt(a)}L${pt(b)}Z`;
}

/** An open chevron with its tip at `tip`: the inner path's head, lighter than a message's. */
export function openHead(from: Point, tip: Point, length = 9, halfWidth = 5): string {
  const [t, a, b] = headCorners(from, tip, length, halfWidth);
  return `M${pt(a)}L${pt(t)}L${pt(b)}`;
}

/** An × centred on `at`. */
export function cross(at: Point, r = 8): string {
  const [x, y] = at;
  return `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`;
}

/**
 * The mark where a message died, one shape per fate so colour is never the only cue: lost on the
 * way, an ×; dropped by an injected fault, an × in a ring; filtered by its receiver, an arrowhead
 * against a bar (it arrived and was thrown away).
 */
export function fateMark(fate: Fate, from: Point, at: Point): string {
  if (fate === 'dropped-by-fault') {
    const [x, y] = at;
    return `M${x - 10},${y}a10,10 0 1,0 20,0a10,10 0 1,0 -20,0${cross(at, 5)}`;
  }
  if (fate === 'filtered') {
    const angle = Math.atan2(at[1] - from[1], at[0] - from[0]);
    const nx = -Math.sin(angle) * 10;
    const ny = Math.cos(angle) * 10;
    const [x, y] = at;
    return `${arrowHead(from, at, 11, 5)}M${pt([x + nx, y + ny])}L${pt([x - nx, y - ny])}`;
  }
  return cross(at);
}

/** Distance back along a message's line from its end to the centre of a badge on it, px: a head or fate mark (up to 12 px) and the badge's radius (9 px), with room between. */
const BADGE_BACK = 26;

/**
 * Where a badge about a message's fate goes (the data-plane marks): on its line, just short of
 * where it ended, so it covers neither the head nor the mark of its fate, and never spills past
 * the receiver's lifeline onto the timers beside it.
 */
export function badgeAt(a: Pick<ArrowLayout, 'points'>): Point {
  const length = a.points.slice(1).reduce((sum, p, i) => sum + Math.hypot(p[0] - a.points[i]![0], p[1] - a.points[i]![1]), 0);
  const pts = partial(a.points, length === 0 ? 1 : Math.max(0, 1 - BADGE_BACK / length));
  return pts[pts.length - 1]!;
}
