import type { PacketEvent, Trace } from './trace';

/**
 * Where each mobile node was attached during a run, read from the frames it exchanged: a frame
 * that crossed a link between the MN and a MAG (or foreign agent) shows the MN on that MAG's link
 * at that moment. The first frame through a new MAG starts a new attachment; that moment is the
 * handover as far as the data plane can tell, and the time between the last frame through the old
 * MAG and the first through the new one is the gap a handover leaves.
 */
export interface Attachment {
  mobile: string;
  /** The entity at the other end of the MN's link. */
  access: string;
  /** The first frame through it, µs. */
  fromUs: number;
}

export interface Handover {
  mobile: string;
  /** When the first frame crossed the new link, µs. */
  at: number;
  from: string;
  to: string;
}

/** The entities a trace names as mobile nodes (role `MN`, in any case). */
export function mobilesOf(trace: Pick<Trace, 'entities'>): string[] {
  return trace.entities.filter((e) => e.role.toLowerCase() === 'mn').map((e) => e.id);
}

/** Did the frame reach its receiver within the run? */
export function arrived(p: PacketEvent, durationUs: number): boolean {
  return p.fate === 'delivered' && (p.arrival ?? p.time) <= durationUs;
}

/** Each mobile node's attachments, in time order. */
export function attachmentsOf(trace: Trace, packets: readonly PacketEvent[]): Map<string, Attachment[]> {
  const out = new Map<string, Attachment[]>(mobilesOf(trace).map((m) => [m, []]));
  for (const p of packets) {
    if (!arrived(p, trace.duration) || p.from === p.to) continue;
    for (const [mobile, peer] of [[p.from, p.to], [p.to, p.from]] as const) {
      const list = out.get(mobile);
      if (!list || list[list.length - 1]?.access === peer) continue;
      list.push({ mobile, access: peer, fromUs: p.time });
    }
  }
  return out;
}

/** The moments a mobile node's frames moved to another MAG. */
export function handoversOf(attachments: ReadonlyMap<string, readonly Attachment[]>): Handover[] {
  const out: Handover[] = [];
  for (const list of attachments.values()) {
    for (let i = 1; i < list.length; i++) out.push({ mobile: list[i]!.mobile, at: list[i]!.fromUs, from: list[i - 1]!.access, to: list[i]!.access });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Where the mobile node was attached at time `t`: its latest attachment begun by then. */
export function accessAt(list: readonly Attachment[] | undefined, t: number): string | undefined {
  let access: string | undefined;
  for (const a of list ?? []) {
    if (a.fromUs > t) break;
    access = a.access;
  }
  return access;
}
