import { scalePoint } from 'd3-scale';
import { curveNatural, line } from 'd3-shape';
import type { EntityInfo } from '../../sim/trace';
import { tierOf, type Tier } from './roles';
import type { Attachment } from './snapshot';

/**
 * Where the topology view draws each entity, as a pure function (STYLE.md principle 11): the
 * correspondent at the top, then the anchors (LMA, HA), a NAT, the MAGs, and the mobile nodes at
 * the bottom, each under the MAG it is attached to. The servers a MAG asks (AAA, DHCP) stand in a
 * row between the anchors and the MAGs, inside the fan of MAG–anchor links, when an even number of
 * MAGs leaves the middle free; otherwise in a column on the right. Entities of a role the lab does
 * not know fill rows of their own in the middle.
 */

export type Point = readonly [x: number, y: number];

export interface Size {
  width: number;
  height: number;
}

export interface NodePlace {
  id: string;
  label: string;
  role: string;
  tier: Tier;
  /** Centre of the node's box. */
  x: number;
  y: number;
  /** Size of the box its label sits in. */
  width: number;
  height: number;
}

/** Top to bottom. */
const ROWS: readonly Tier[] = ['far', 'anchor', 'nat', 'other', 'service', 'edge', 'access'];
export const NODE_HEIGHT = 34;
const CHAR_WIDTH = 8.2;
const MARGIN = 16;
/** Space between the boxes of MNs under one MAG, px. */
const MN_GAP = 12;
/** Least space between two rows of boxes, px. */
const ROW_GAP = 14;

export const boxWidth = (label: string): number => Math.max(56, Math.round(label.length * CHAR_WIDTH + 22));

interface Row {
  key: string;
  tier: Tier;
  members: EntityInfo[];
}

/** The rows the entities stand in across `width`, and the width of the servers' column on the right (0 when they stand in a row). */
function rowsOf(entities: readonly EntityInfo[], width: number): { rows: Row[]; services: EntityInfo[]; sideWidth: number } {
  const count = (tier: Tier): number => entities.filter((e) => tierOf(e.role) === tier).length;
  const edges = count('edge');
  const inRow = edges >= 2 && edges % 2 === 0 && count('nat') === 0;
  const services = inRow ? [] : entities.filter((e) => tierOf(e.role) === 'service');
  const sideWidth = services.length > 0 ? Math.max(...services.map((e) => boxWidth(e.label))) + 2 * MARGIN : 0;

  // Each tier is one row, or several when its boxes do not fit across.
  const rows: Row[] = [];
  for (const tier of ROWS) {
    if (tier === 'service' && !inRow) continue;
    const members = entities.filter((e) => tierOf(e.role) === tier);
    if (members.length === 0) continue;
    const widest = Math.max(...members.map((e) => boxWidth(e.label))) + MN_GAP;
    const perRow = Math.max(1, Math.floor((width - sideWidth - 2 * MARGIN) / widest));
    for (let i = 0; i < members.length; i += perRow) rows.push({ key: `${tier}:${i}`, tier, members: members.slice(i, i + perRow) });
  }
  return { rows, services, sideWidth };
}

/** How wide the drawing must be, at least, for its widest box and the servers' column: `width` or more. */
export function widthFor(entities: readonly EntityInfo[], width: number): number {
  const widest = Math.max(0, ...entities.map((e) => boxWidth(e.label)));
  const services = entities.filter((e) => tierOf(e.role) === 'service');
  const side = services.length > 0 ? Math.max(...services.map((e) => boxWidth(e.label))) + 2 * MARGIN : 0;
  return Math.max(width, widest + 2 * MARGIN + side);
}

/** How tall the drawing should be at `width`: in proportion, and never so short that rows of boxes touch. */
export function heightFor(entities: readonly EntityInfo[], width: number): number {
  const { rows, services } = rowsOf(entities, width);
  const stacked = Math.max(rows.length, services.length);
  return Math.max(Math.round(Math.min(540, Math.max(380, width * 0.7))), Math.ceil((stacked + 0.5) * (NODE_HEIGHT + ROW_GAP) + 2 * MARGIN));
}

export function placeNodes(entities: readonly EntityInfo[], attachments: readonly Attachment[], size: Size): NodePlace[] {
  const { rows, services, sideWidth } = rowsOf(entities, size.width);
  const mainRight = size.width - sideWidth;
  const y = scalePoint<string>()
    .domain(rows.map((r) => r.key))
    .range([MARGIN + NODE_HEIGHT / 2, size.height - MARGIN - NODE_HEIGHT / 2])
    .padding(rows.length === 1 ? 0.5 : 0.15);

  const places = new Map<string, NodePlace>();
  const place = (e: EntityInfo, x: number, yy: number): void => {
    places.set(e.id, { id: e.id, label: e.label, role: e.role, tier: tierOf(e.role), x, y: yy, width: boxWidth(e.label), height: NODE_HEIGHT });
  };
  for (const row of rows) {
    const x = scalePoint<string>().domain(row.members.map((e) => e.id)).range([MARGIN, mainRight - MARGIN]).padding(0.5);
    for (const e of row.members) place(e, x(e.id) ?? mainRight / 2, y(row.key) ?? size.height / 2);
  }

  // A mobile node stands under the entity it is attached to, beside the others there.
  const byParent = new Map<string, string[]>();
  for (const a of attachments) {
    if (a.at === undefined || !places.has(a.at) || !places.has(a.mn)) continue;
    byParent.set(a.at, [...(byParent.get(a.at) ?? []), a.mn]);
  }
  for (const [parent, mns] of byParent) {
    const p = places.get(parent)!;
    const step = Math.max(...mns.map((id) => places.get(id)!.width)) + MN_GAP;
    mns.forEach((id, k) => {
      const n = places.get(id)!;
      places.set(id, { ...n, x: p.x + (k - (mns.length - 1) / 2) * step });
    });
  }

  if (services.length > 0) {
    let top = rowY(rows, y, 'anchor') ?? MARGIN + NODE_HEIGHT;
    let bottom = rowY(rows, y, 'edge') ?? size.height - MARGIN - NODE_HEIGHT;
    let padding = services.length === 1 ? 0.5 : 0.3;
    // Too many servers to stand between the anchors and the MAGs: the column takes the whole height.
    if (bottom - top < (services.length - 1 + 2 * padding) * (NODE_HEIGHT + ROW_GAP)) {
      [top, bottom, padding] = [MARGIN + NODE_HEIGHT / 2, size.height - MARGIN - NODE_HEIGHT / 2, services.length === 1 ? 0.5 : 0];
    }
    const sy = scalePoint<string>().domain(services.map((e) => e.id)).range([top, bottom]).padding(padding);
    for (const e of services) place(e, size.width - sideWidth / 2, sy(e.id) ?? (top + bottom) / 2);
  }
  return entities.map((e) => places.get(e.id)!);
}

function rowY(rows: readonly Row[], y: (key: string) => number | undefined, tier: Tier): number | undefined {
  const row = rows.find((r) => r.tier === tier);
  return row && y(row.key);
}

/** The point a fraction `t` of the way from `a` to `b`. */
export function along(a: Point, b: Point, t: number): Point {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** A straight segment as a box to click on: its middle, length and angle (degrees). */
export function segment(a: Point, b: Point): { x: number; y: number; length: number; angle: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  return { x: (a[0] + b[0]) / 2, y: (a[1] + b[1]) / 2, length: Math.hypot(dx, dy), angle: (Math.atan2(dy, dx) * 180) / Math.PI };
}

const curve = line<Point>().curve(curveNatural);

/**
 * A tunnel drawn beside the link it runs over, bowed away from the middle of the drawing so that
 * two tunnels to one anchor do not overlap; with the point its user count is written at.
 */
export function tunnelCurve(a: Point, b: Point, middleX: number, bow = 18): { d: string; label: Point } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = Math.hypot(dx, dy) || 1;
  let nx = -dy / length;
  let ny = dx / length;
  const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const outward = Math.sign(mid[0] - middleX) || -1;
  if (Math.sign(nx) !== outward && nx !== 0) [nx, ny] = [-nx, -ny];
  const peak: Point = [mid[0] + nx * bow, mid[1] + ny * bow];
  return { d: curve([a, peak, b]) ?? '', label: [mid[0] + nx * (bow + 22), mid[1] + ny * (bow + 22)] };
}

/** Where the line from the centre of a box toward `toward` leaves the box (plus a small gap), so arrows stop at its edge. */
export function boxEdge(center: Point, toward: Point, width: number, height: number, gap = 4): Point {
  const dx = toward[0] - center[0];
  const dy = toward[1] - center[1];
  const sx = dx === 0 ? Infinity : (width / 2 + gap) / Math.abs(dx);
  const sy = dy === 0 ? Infinity : (height / 2 + gap) / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [center[0] + dx * s, center[1] + dy * s];
}
