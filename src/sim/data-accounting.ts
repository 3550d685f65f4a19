import { accessAt, arrived, attachmentsOf, handoversOf, mobilesOf, type Attachment, type Handover } from './attachments';
import { datagramKey } from './datagram-key';
import type { Fate, PacketEvent, Trace } from './trace';

/**
 * Data-plane accounting: what became of each datagram the correspondent and the mobile nodes sent,
 * read from the Trace alone, so the CLI and the UI tell the same story. A datagram crosses several
 * links (CN → LMA, LMA → MAG in the tunnel, MAG → MN), one packet event each; it is followed hop by
 * hop by its key (see datagram-key.ts): a hop continues a datagram when it leaves the node the
 * datagram had reached, with the same key. Each datagram is then
 *
 * - delivered: it reached the host at the other end;
 * - forwarded: delivered, but across a handover: sent while the MN was on one MAG's link and
 *   delivered through another, or passed through the MAGs on both sides;
 * - lost: it never got there; the hop where it died says where and the packet event's reason why.
 */

export type Outcome = 'delivered' | 'forwarded' | 'lost';

export interface LossPlace {
  /** The hop it died on: its position among the trace's packets. */
  index: number;
  /** The entity that threw it away or kept it; undefined when it died on the link itself. */
  entity?: string;
  link: string;
  fate: Fate | 'in flight';
  reason: string;
}

export interface Datagram {
  /** From 0, in the order they were sent. */
  id: number;
  origin: string;
  /** Where it arrived, when it did. */
  destination?: string;
  /** Towards a mobile node, from one, or between two hosts neither of which is mobile. */
  direction: 'down' | 'up' | 'other';
  /** The first hop's Info line: `Echo (ping) request id=0x504d, seq=3`. */
  summary: string;
  sentUs: number;
  /** Its packet events, as positions among the trace's packets, in order. */
  hops: number[];
  outcome: Outcome;
  deliveredUs?: number;
  latencyUs?: number;
  /** The MAG (the mobile node's access entity) it went through on the mobile side. */
  via?: string;
  /** For a forwarded datagram: where the mobile node was when it was sent, or the first MAG on its path. */
  forwardedFrom?: string;
  lost?: LossPlace;
}

/** One packet event of a datagram and what happened to the datagram on it. */
export interface PacketMark {
  /** Position among the trace's packets: the diagram's arrow index. */
  index: number;
  datagram: number;
  role: 'passed' | 'delivered' | 'forwarded' | 'lost';
}

export interface DataAccounting {
  datagrams: Datagram[];
  totals: Record<Outcome | 'sent', number>;
  /** Every packet event that belongs to a datagram, in packet order. */
  marks: PacketMark[];
  /** When each mobile node's frames moved to another MAG. */
  handovers: Handover[];
}

export function accountData(trace: Trace): DataAccounting {
  const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
  const mobiles = new Set(mobilesOf(trace));
  const hosts = new Set(trace.entities.filter((e) => ['mn', 'cn'].includes(e.role.toLowerCase())).map((e) => e.id));
  const attachments = attachmentsOf(trace, packets);
  const ctx: Context = { packets, duration: trace.duration, mobiles, hosts, attachments };
  // A capture names its endpoints by address and cannot tell a sender from a router that passed a
  // packet on: the accounting is for runs, whose entities say which are the hosts.
  const datagrams = hosts.size === 0 ? [] : follow(packets).map((hops, id) => classify(ctx, id, hops));

  const totals = { sent: datagrams.length, delivered: 0, forwarded: 0, lost: 0 };
  const marks: PacketMark[] = [];
  for (const d of datagrams) {
    totals[d.outcome]++;
    const last = d.destination === undefined ? -1 : lastOf(d.hops, (h) => packets[h]!.to === d.destination && arrived(packets[h]!, trace.duration)) ?? -1;
    for (const index of d.hops) {
      const role = index === d.lost?.index ? 'lost' : index === last ? (d.outcome === 'forwarded' ? 'forwarded' : 'delivered') : 'passed';
      marks.push({ index, datagram: d.id, role });
    }
  }
  marks.sort((a, b) => a.index - b.index);
  return { datagrams, totals, marks, handovers: handoversOf(attachments) };
}

interface Context {
  packets: readonly PacketEvent[];
  duration: number;
  mobiles: ReadonlySet<string>;
  /** The hosts at the ends of the data flows: the MNs and CNs. */
  hosts: ReadonlySet<string>;
  attachments: ReadonlyMap<string, readonly Attachment[]>;
}

/** The data packets grouped into datagrams: each a list of hops, in the order the datagrams were sent. */
function follow(packets: readonly PacketEvent[]): number[][] {
  const chains: number[][] = [];
  const byKey = new Map<string, number[][]>();
  packets.forEach((p, i) => {
    if (p.plane !== 'data') return;
    const key = datagramKey(p.bytes, p.linkType)?.key;
    if (key === undefined) return;
    const open = byKey.get(key) ?? [];
    byKey.set(key, open);
    const chain = lastOf(open, (hops) => hops.some((h) => continues(packets[h]!, p)));
    if (chain) chain.push(i);
    else {
      const fresh = [i];
      open.push(fresh);
      chains.push(fresh);
    }
  });
  return chains;
}

function lastOf<T>(list: readonly T[], test: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i];
  return undefined;
}

/** Does `next` carry on from hop `q`: sent by the node `q` reached, after it got there, or a copy of `q` sent with it? */
function continues(q: PacketEvent, next: PacketEvent): boolean {
  if (q.from === next.from && q.time === next.time) return true;
  return q.to === next.from && q.fate === 'delivered' && (q.arrival ?? q.time) <= next.time;
}

function classify(ctx: Context, id: number, hops: number[]): Datagram {
  const { packets, duration, mobiles, hosts } = ctx;
  const first = packets[hops[0]!]!;
  const origin = first.from;
  // Hops that got somewhere from which the datagram went no further.
  const ends = hops.filter((h, k) => {
    const p = packets[h]!;
    return arrived(p, duration) && !hops.slice(k + 1).some((n) => packets[n]!.from === p.to);
  });
  const home = ends.find((h) => packets[h]!.to !== origin && hosts.has(packets[h]!.to));
  const base = { id, origin, summary: first.summary, sentUs: first.time, hops };

  if (home === undefined) return { ...base, direction: directionOf(ctx, origin, undefined), outcome: 'lost', lost: lossOf(ctx, hops, ends) };
  const end = packets[home]!;
  const deliveredUs = end.arrival ?? end.time;
  const d: Datagram = { ...base, destination: end.to, direction: directionOf(ctx, origin, end.to), outcome: 'delivered', deliveredUs, latencyUs: deliveredUs - first.time };
  const mobile = mobiles.has(end.to) ? end.to : mobiles.has(origin) ? origin : undefined;
  if (mobile === undefined) return d;

  const list = ctx.attachments.get(mobile) ?? [];
  const accesses = new Set(list.map((a) => a.access));
  const onPath = [...new Set(hops.flatMap((h) => [packets[h]!.from, packets[h]!.to]))].filter((e) => accesses.has(e));
  d.via = mobile === end.to ? end.from : (onPath[onPath.length - 1] ?? packets[hops[0]!]!.to);
  const sentFrom = mobile === end.to ? accessAt(list, first.time) : undefined;
  if (sentFrom !== undefined && sentFrom !== d.via) d.forwardedFrom = sentFrom;
  else if (onPath.length > 1) d.forwardedFrom = onPath.find((e) => e !== d.via);
  if (d.forwardedFrom !== undefined) d.outcome = 'forwarded';
  return d;
}

function directionOf(ctx: Context, origin: string, destination: string | undefined): Datagram['direction'] {
  if (ctx.mobiles.has(origin)) return 'up';
  if (destination !== undefined) return ctx.mobiles.has(destination) ? 'down' : 'other';
  // Lost on the way: a correspondent's traffic is for the mobile nodes.
  return ctx.mobiles.size > 0 && ctx.hosts.has(origin) ? 'down' : 'other';
}

/**
 * Where an undelivered datagram died: the latest hop that failed (dropped, lost on its link,
 * filtered by its receiver, or still on its way when the run ended), or else the node that received
 * it and passed it on to no one.
 */
function lossOf(ctx: Context, hops: readonly number[], ends: readonly number[]): LossPlace {
  const { packets, duration } = ctx;
  const failed = hops.filter((h) => !arrived(packets[h]!, duration));
  const index = failed[failed.length - 1] ?? ends[ends.length - 1] ?? hops[hops.length - 1]!;
  const p = packets[index]!;
  if (p.fate === 'delivered' && (p.arrival ?? p.time) > duration) {
    return { index, link: p.link, fate: 'in flight', reason: 'still on its way when the run ended' };
  }
  if (p.fate === 'delivered') return { index, entity: p.to, link: p.link, fate: p.fate, reason: `${p.to} passed it on to no one` };
  const reason = p.reason ?? p.fate;
  return p.fate === 'filtered' ? { index, entity: p.to, link: p.link, fate: p.fate, reason } : { index, link: p.link, fate: p.fate, reason };
}
