import type { EntityInfo, PacketEvent } from '../../sim/trace';

/*
 * "Predict the next message": before a message is drawn, the learner names its sender, its
 * receiver and its kind. The kinds on offer are those of the run, so the choice is among real
 * messages, not a free text to spell right.
 */

export interface Guess {
  from: string;
  to: string;
  kind: string;
}

export interface Verdict {
  from: boolean;
  to: boolean;
  kind: boolean;
  /** All three right. */
  right: boolean;
}

/** Words that name the value after them ("seq 1", "from 02:00:…", "XID: 0x…"), not the message. */
const VALUE_NAMES = new Set(['seq', 'status', 'id', 'from', 'to', 'lifetime', 'txn', 'code', 'xid', 'l', 'for']);

/**
 * A message's kind: the first words of its summary, up to its values. "Proxy Binding Update seq 1,
 * lifetime 15" → "Proxy Binding Update"; "Access-Request id=1" → "Access-Request"; "Reg Request:
 * HoA=…" → "Reg Request"; "DHCP Offer - Transaction ID …" → "DHCP Offer". ARP's Info lines start
 * with an address ("Who has 192.0.2.1?", "192.0.2.1 is at …"), so they are named as Wireshark's
 * protocol column would.
 */
export function messageKind(summary: string): string {
  if (/^Who has /.test(summary)) return 'ARP request';
  if (/^\S+ is at /.test(summary)) return 'ARP reply';
  const kind: string[] = [];
  for (const word of summary.split(/\s+/).filter(Boolean)) {
    if (word === '-' || word === '→' || /^\d|[=?@]/.test(word)) break;
    kind.push(word.replace(/[:,;]$/, ''));
    if (word.endsWith(':')) break;
  }
  while (kind.length > 1 && VALUE_NAMES.has(kind.at(-1)!.toLowerCase())) kind.pop();
  return kind.join(' ') || summary.split(/\s+/)[0] || summary;
}

/** The kinds of message in a run, in the order they first appear. */
export function kindsOf(packets: readonly PacketEvent[]): string[] {
  return [...new Set(packets.map((p) => messageKind(p.summary)))];
}

/** The entities that send or receive a message in the run, in the trace's order. */
export function endpointsOf(entities: readonly EntityInfo[], packets: readonly PacketEvent[]): EntityInfo[] {
  const used = new Set(packets.flatMap((p) => [p.from, p.to]));
  return entities.filter((e) => used.has(e.id));
}

export function judge(guess: Guess, packet: PacketEvent): Verdict {
  const from = guess.from === packet.from;
  const to = guess.to === packet.to;
  const kind = guess.kind === messageKind(packet.summary);
  return { from, to, kind, right: from && to && kind };
}

export interface Score {
  asked: number;
  right: number;
}

export function scored(score: Score, verdict: Verdict): Score {
  return { asked: score.asked + 1, right: score.right + (verdict.right ? 1 : 0) };
}
