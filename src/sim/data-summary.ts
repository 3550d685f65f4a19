import type { DataAccounting, Datagram, LossPlace, Outcome } from './data-accounting';

/**
 * The accounting in the two forms a reader takes in at a glance: counts per stretch of time, for
 * a chart, and one line of text: `42 sent · 39 delivered · 2 forwarded across the handover · 1 lost
 * at MAG1 (PMA): mag1: mn1 is not connected`.
 */

export interface Bucket {
  /** The stretch [startUs, endUs) of send times. */
  startUs: number;
  endUs: number;
  delivered: number;
  forwarded: number;
  lost: number;
  /** The datagrams sent in it, by id. */
  ids: number[];
}

/** A whole number of milliseconds, 1, 2 or 5 times a power of ten, giving about `target` buckets over `spanUs`. */
export function bucketWidth(spanUs: number, target = 30): number {
  const raw = Math.max(1000, spanUs / Math.max(1, target));
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** Datagrams counted by outcome per stretch of send time, from the first send to the last. */
export function bucketsOf(acc: Pick<DataAccounting, 'datagrams'>, widthUs?: number): { widthUs: number; buckets: Bucket[] } {
  if (acc.datagrams.length === 0) return { widthUs: widthUs ?? 1000, buckets: [] };
  const first = acc.datagrams.reduce((t, d) => Math.min(t, d.sentUs), Infinity);
  const last = acc.datagrams.reduce((t, d) => Math.max(t, d.sentUs), -Infinity);
  const w = widthUs ?? bucketWidth(last - first);
  const start = Math.floor(first / w) * w;
  const buckets: Bucket[] = [];
  for (let t = start; t <= last; t += w) buckets.push({ startUs: t, endUs: t + w, delivered: 0, forwarded: 0, lost: 0, ids: [] });
  for (const d of acc.datagrams) {
    const b = buckets[Math.floor((d.sentUs - start) / w)]!;
    b[d.outcome]++;
    b.ids.push(d.id);
  }
  return { widthUs: w, buckets };
}

export interface LossGroup {
  place: LossPlace;
  count: number;
  /** The lost datagrams, by id. */
  ids: number[];
}

/** The lost datagrams grouped by where and why, the most frequent first. */
export function lossGroups(datagrams: readonly Datagram[]): LossGroup[] {
  const groups = new Map<string, LossGroup>();
  for (const d of datagrams) {
    if (!d.lost) continue;
    const key = `${d.lost.entity ?? ''}|${d.lost.link}|${d.lost.reason}`;
    const g = groups.get(key) ?? { place: d.lost, count: 0, ids: [] };
    g.count++;
    g.ids.push(d.id);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.ids[0]! - b.ids[0]!);
}

/** Where a datagram died, in words: `at MAG1 (PMA)` when a node threw it away, `on mn1-mag1` when the link did. */
export function placeText(place: LossPlace, label: (id: string) => string = (id) => id): string {
  return place.entity !== undefined ? `at ${label(place.entity)}` : `on ${place.link}`;
}

/** Why a datagram counts as forwarded across a handover. */
export function forwardedText(d: Datagram, label: (id: string) => string = (id) => id): string {
  if (d.forwardedFrom === undefined || d.via === undefined) return '';
  return d.direction === 'down' && d.destination !== undefined
    ? `sent while ${label(d.destination)} was on ${label(d.forwardedFrom)}, delivered through ${label(d.via)}`
    : `went through ${label(d.forwardedFrom)} and ${label(d.via)}`;
}

const OUTCOME_WORDS: Readonly<Record<Exclude<Outcome, 'lost'>, string>> = {
  delivered: 'delivered',
  forwarded: 'forwarded across the handover',
};

/** One line: what was sent and what became of it, and where and why what was lost was lost. */
export function summaryText(acc: Pick<DataAccounting, 'datagrams' | 'totals'>, label: (id: string) => string = (id) => id): string {
  const { sent, delivered, forwarded, lost } = acc.totals;
  const parts = [`${sent} sent`, `${delivered} ${OUTCOME_WORDS.delivered}`];
  if (forwarded > 0) parts.push(`${forwarded} ${OUTCOME_WORDS.forwarded}`);
  const groups = lossGroups(acc.datagrams);
  if (groups.length === 1) parts.push(`${lost} lost ${placeText(groups[0]!.place, label)}: ${groups[0]!.place.reason}`);
  else if (groups.length > 1) {
    parts.push(`${lost} lost: ${groups.map((g) => `${g.count} ${placeText(g.place, label)}: ${g.place.reason}`).join('; ')}`);
  } else parts.push('0 lost');
  return parts.join(' · ');
}
