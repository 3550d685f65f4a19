import type { Fate, PacketEvent, StateEvent, TableRow, Trace } from '../../sim/trace';
import { addressOwners, type AddressOwners } from './addresses';
import { tierOf, tierRank } from './roles';

/**
 * The network at one step of a run, as a pure function of the Trace: which links are up, where
 * each mobile node is attached, the tunnels with their user counts, and the path of the current
 * packet.
 *
 * Links and attachments are as they stood when the current packet was sent (the events before it),
 * so the packet is drawn on the network it crossed, and a fault injected "now" changes what the
 * learner is looking at. Tunnels are read from the tables as the state panel shows them after the
 * step (the events up to the next packet), so both views agree on the user counts.
 */

export interface LinkState {
  id: string;
  a: string;
  b: string;
  up: boolean;
  /** Why it is up or down: `plugged in`, `unplugged`, `cut by an injected fault`, `not plugged in yet`. */
  reason?: string;
  /** When it last went up or down, µs. */
  since?: number;
  /** When it last came up, µs. */
  cameUp?: number;
}

export interface Attachment {
  mn: string;
  /** The entity at the other end of the MN's latest plugged-in link: where it is drawn. */
  at?: string;
  link?: string;
  /** Whether that link is up now. */
  attached: boolean;
}

export interface TunnelEnd {
  entity: string;
  /** The tunnel's id in that entity's table. */
  id: string;
  users: number;
  /** The mobile nodes the table lists as its users. */
  mns: string;
}

/** A tunnel between two entities, with what each end's table says of it (one end only while it is set up or torn down). */
export interface Tunnel {
  /** The lower end (the MAG), then the higher (the LMA). */
  a: string;
  b: string;
  ends: TunnelEnd[];
}

export interface PacketPath {
  index: number;
  link: string;
  from: string;
  to: string;
  fate: Fate;
  reason?: string;
  plane: PacketEvent['plane'];
  summary: string;
  time: number;
  /** For a tunnelled packet: the inner endpoints, with the entities that own them where known. */
  inner?: { from: string; to: string; fromEntity?: string; toEntity?: string };
}

export interface TopologySnapshot {
  /** The current packet's send time (0 without packets), µs: the time a fault injected now takes effect. */
  time: number;
  links: LinkState[];
  attachments: Attachment[];
  tunnels: Tunnel[];
  /** Tunnels whose far end is an address no entity of the trace sent from. */
  unresolved: { entity: string; remote: string; users: number }[];
  packet?: PacketPath;
}

export function topologyAt(trace: Trace | undefined, step: number, owners: AddressOwners = addressOwners(trace)): TopologySnapshot {
  if (!trace) return { time: 0, links: [], attachments: [], tunnels: [], unresolved: [] };
  const packetAt: number[] = [];
  trace.events.forEach((e, i) => {
    if (e.kind === 'packet') packetAt.push(i);
  });
  const sent = packetAt[step] ?? trace.events.length;
  const stepEnd = packetAt[step + 1] ?? trace.events.length;
  const current = trace.events[sent];
  const packet = current?.kind === 'packet' ? current : undefined;

  const links = linkStates(trace, sent);
  const tunnels = tunnelsFrom(trace, stepEnd, owners);
  const out: TopologySnapshot = { time: packet?.time ?? 0, links, attachments: attachments(trace, links), ...tunnels };
  if (packet) out.packet = pathOf(packet, owners);
  return out;
}

/** Each link's state after the events before `until`. A trace that never reports a link's state shows it up. */
function linkStates(trace: Trace, until: number): LinkState[] {
  const reported = new Set<string>();
  const latest = new Map<string, { up: boolean; reason?: string; since: number }>();
  const cameUp = new Map<string, number>();
  trace.events.forEach((e, i) => {
    if (e.kind !== 'link') return;
    reported.add(e.link);
    if (i >= until) return;
    latest.set(e.link, { up: e.action === 'up', ...(e.reason === undefined ? {} : { reason: e.reason }), since: e.time });
    if (e.action === 'up') cameUp.set(e.link, e.time);
  });
  return trace.links.map((l): LinkState => {
    const state: LinkState = { id: l.id, a: l.a, b: l.b, up: !reported.has(l.id) };
    const last = latest.get(l.id);
    if (last) {
      state.up = last.up;
      state.since = last.since;
      if (last.reason !== undefined) state.reason = last.reason;
    } else if (reported.has(l.id)) state.reason = 'not plugged in yet';
    const up = cameUp.get(l.id);
    if (up !== undefined) state.cameUp = up;
    return state;
  });
}

/** Each MN stands at the far end of its most recently plugged-in link; it is attached while that link is up. */
function attachments(trace: Trace, links: readonly LinkState[]): Attachment[] {
  const roleOf = new Map(trace.entities.map((e) => [e.id, e.role]));
  const other = (l: LinkState, mn: string): string => (l.a === mn ? l.b : l.a);
  return trace.entities
    .filter((e) => tierOf(e.role) === 'access')
    .map((mn): Attachment => {
      const mine = links.filter(
        (l) => (l.a === mn.id || l.b === mn.id) && (l.up || l.cameUp !== undefined) && tierOf(roleOf.get(other(l, mn.id)) ?? '') !== 'access',
      );
      // A link that went down keeps the MN where it was until another comes up.
      const pick = mine.reduce<LinkState | undefined>((best, l) => (best === undefined || (l.cameUp ?? 0) >= (best.cameUp ?? 0) ? l : best), undefined);
      if (!pick) return { mn: mn.id, attached: false };
      return { mn: mn.id, at: other(pick, mn.id), link: pick.id, attached: pick.up };
    });
}

/** The latest tunnel tables before `until`, paired up by address. */
function tunnelsFrom(trace: Trace, until: number, owners: AddressOwners): Pick<TopologySnapshot, 'tunnels' | 'unresolved'> {
  const latest = new Map<string, StateEvent>();
  for (let i = 0; i < until; i++) {
    const e = trace.events[i]!;
    if (e.kind === 'state') latest.set(e.entity, e);
  }
  const rank = new Map(trace.entities.map((e) => [e.id, tierRank(tierOf(e.role))]));
  const tunnels = new Map<string, Tunnel>();
  const unresolved: TopologySnapshot['unresolved'] = [];
  for (const [entity, state] of latest) {
    for (const [name, rows] of Object.entries(state.tables)) {
      if (!/^tunnels?$/i.test(name)) continue;
      for (const row of rows) {
        const remote = row['remote'];
        const users = row['users'];
        if (typeof remote !== 'string' || typeof users !== 'number') continue;
        const peer = peerOf(row, entity, owners);
        if (peer === undefined) {
          unresolved.push({ entity, remote, users });
          continue;
        }
        const [a, b] = (rank.get(entity) ?? 0) <= (rank.get(peer) ?? 0) ? [entity, peer] : [peer, entity];
        const key = `${a}\u0000${b}`;
        const tunnel = tunnels.get(key) ?? { a, b, ends: [] };
        const id = row['id'];
        const mns = row['MNs'];
        tunnel.ends.push({ entity, id: typeof id === 'string' ? id : remote, users, mns: typeof mns === 'string' ? mns : '' });
        tunnels.set(key, tunnel);
      }
    }
  }
  const order = new Map(trace.entities.map((e, i) => [e.id, i]));
  const byPosition = (t: Tunnel): number => (order.get(t.a) ?? 0) * 1000 + (order.get(t.b) ?? 0);
  return { tunnels: [...tunnels.values()].sort((x, y) => byPosition(x) - byPosition(y)), unresolved };
}

/**
 * The entity at the far end of a tunnel row: the owner of its `remote` address, or else of another
 * address the row gives (an IPv4 transport's far end, `203.0.113.1:5437`, when the remote is the
 * LMA's IPv6 address that never appears on an IPv4 wire).
 */
function peerOf(row: TableRow, entity: string, owners: AddressOwners): string | undefined {
  const cells = [row['remote'], ...Object.entries(row).filter(([k]) => k !== 'remote' && k !== 'local').map(([, v]) => v)];
  for (const cell of cells) {
    if (typeof cell !== 'string') continue;
    const peer = owners.get(withoutPort(cell));
    if (peer !== undefined && peer !== entity) return peer;
  }
  return undefined;
}

/** `203.0.113.1:5437` → `203.0.113.1`, `[2001:db8::1]:5436` → `2001:db8::1`; anything else as it is. */
function withoutPort(text: string): string {
  return /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text)?.[1] ?? /^\[([0-9a-f:.]+)\]:\d+$/i.exec(text)?.[1] ?? text;
}

function pathOf(p: PacketEvent, owners: AddressOwners): PacketPath {
  const path: PacketPath = { index: p.packet, link: p.link, from: p.from, to: p.to, fate: p.fate, plane: p.plane, summary: p.summary, time: p.time };
  if (p.reason !== undefined) path.reason = p.reason;
  if (p.inner) {
    const inner: NonNullable<PacketPath['inner']> = { from: p.inner.from, to: p.inner.to };
    const fromEntity = owners.get(p.inner.from);
    const toEntity = owners.get(p.inner.to);
    if (fromEntity !== undefined) inner.fromEntity = fromEntity;
    if (toEntity !== undefined) inner.toEntity = toEntity;
    path.inner = inner;
  }
  return path;
}

/** The number of users a tunnel carries, as one label: `2 users`, or each end's count while they differ. */
export function tunnelLabel(t: Tunnel, labelOf: (id: string) => string): string {
  const counts = new Set(t.ends.map((e) => e.users));
  if (counts.size === 1 && t.ends.length === 2) return usersText(t.ends[0]!.users);
  if (t.ends.length === 1) return `${usersText(t.ends[0]!.users)} (${labelOf(t.ends[0]!.entity)} only)`;
  return t.ends.map((e) => `${labelOf(e.entity)}: ${e.users}`).join(', ');
}

export const usersText = (n: number): string => `${n} user${n === 1 ? '' : 's'}`;
