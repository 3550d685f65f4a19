import type { Attachment, LinkState, PacketPath, TopologySnapshot, Tunnel } from './snapshot';
import { tunnelLabel } from './snapshot';

/**
 * The topology in words, for the drawing's accessible name and the text beside it: what is
 * attached where, which tunnels carry how many users, which links are down, and where the current
 * packet goes.
 */

export type LabelOf = (id: string) => string;

export function attachmentText(a: Attachment, labelOf: LabelOf): string {
  if (a.at === undefined) return `${labelOf(a.mn)} is not attached`;
  if (a.attached) return `${labelOf(a.mn)} is attached to ${labelOf(a.at)}`;
  return `${labelOf(a.mn)} is not attached (its link to ${labelOf(a.at)} is down)`;
}

export function tunnelText(t: Tunnel, labelOf: LabelOf): string {
  return `tunnel ${labelOf(t.a)} ⇄ ${labelOf(t.b)}: ${tunnelLabel(t, labelOf)}`;
}

export function linkText(l: LinkState, labelOf: LabelOf): string {
  const state = l.up ? 'up' : `down${l.reason ? `, ${l.reason}` : ''}`;
  return `link ${l.id} (${labelOf(l.a)} – ${labelOf(l.b)}): ${state}`;
}

export function packetText(p: PacketPath, labelOf: LabelOf): string {
  let text = `message ${p.index + 1} goes from ${labelOf(p.from)} to ${labelOf(p.to)} over ${p.link}: ${p.summary}`;
  if (p.inner) {
    const end = (address: string, entity: string | undefined): string => (entity ? `${labelOf(entity)} (${address})` : address);
    text += `; inside the tunnel, from ${end(p.inner.from, p.inner.fromEntity)} to ${end(p.inner.to, p.inner.toEntity)}`;
  }
  if (p.fate !== 'delivered') text += `; ${p.fate}${p.reason ? `: ${p.reason}` : ''}`;
  return text;
}

/** One sentence for the drawing's accessible name. */
export function topologySummary(s: TopologySnapshot, labelOf: LabelOf): string {
  const parts = [
    ...s.attachments.map((a) => attachmentText(a, labelOf)),
    s.tunnels.length === 0 ? 'no tunnels' : s.tunnels.map((t) => tunnelText(t, labelOf)).join('; '),
  ];
  const down = s.links.filter((l) => !l.up && l.cameUp !== undefined);
  if (down.length > 0) parts.push(`down: ${down.map((l) => l.id).join(', ')}`);
  if (s.packet) parts.push(packetText(s.packet, labelOf));
  return `Topology: ${parts.join('; ')}.`;
}
