import type { Fate, PacketEvent } from '../../sim/trace';
import type { FieldNode, Problem } from '../../wire/core';
import { valueText } from '../inspector/hit';
import { seconds } from '../sequence/layout';

/**
 * The sequence diagram as text, for a screen reader or anyone who would rather read than look:
 * one line per message, and each message's fields as nested lines. Pure, so it is tested in Node.
 */

const FATE_WORDS: Readonly<Record<Fate, string>> = {
  delivered: 'delivered',
  'dropped-by-fault': 'dropped by a fault',
  lost: 'lost',
  filtered: 'filtered',
};

/**
 * `delivered`, or what became of the message and why: `lost: the link to MAG1 is down`. A reason
 * that already says it (`dropped by an injected fault`) is not prefixed with the same word.
 */
export function fateText(fate: Fate, reason?: string): string {
  const words = FATE_WORDS[fate];
  if (!reason) return words;
  return reason.split(' ')[0] === words.split(' ')[0] ? reason : `${words}: ${reason}`;
}

/** `12. 0.104 s MAG1 → LMA: Proxy Binding Update seq 3, lifetime 40 s — delivered` */
export function messageLine(index: number, packet: PacketEvent, labelOf: (id: string) => string): string {
  const { time, from, to, summary, fate, reason } = packet;
  return `${index + 1}. ${seconds(time)} ${labelOf(from)} → ${labelOf(to)}: ${summary} — ${fateText(fate, reason)}`;
}

/** What the live region says when the lab steps to a message. */
export function stepAnnouncement(index: number, count: number, line: string): string {
  return `Message ${index + 1} of ${count}: ${line.replace(/^\d+\. /, '')}`;
}

export interface TextNode {
  text: string;
  children: TextNode[];
}

/**
 * A field tree as lines: a layer as its one-line display (`Ethernet II, Src: …`), a field as
 * `label: value`, marked when it is not on the wire or was not decoded.
 */
export function fieldText(layers: readonly FieldNode[]): TextNode[] {
  const walk = (nodes: readonly FieldNode[], depth: number): TextNode[] =>
    nodes.map((node) => {
      const value = valueText(node);
      // A structure whose display is its own name (`Pad1`, `Binding Update`) is said once.
      let text = depth === 0 ? node.display : value === node.label ? value : `${node.label}: ${value}`;
      if (depth > 0 && node.generated) text += ' (worked out, not on the wire)';
      if (node.raw) text += ' (not decoded)';
      return { text, children: walk(node.children ?? [], depth + 1) };
    });
  return walk(layers, 0);
}

const SEVERITY_WORDS: Readonly<Record<Problem['severity'], string>> = { error: 'Error', warn: 'Warning', info: 'Note' };

/** A problem the decoder found, with where it is in the frame. */
export function problemText(problem: Problem): string {
  const { start, end } = problem;
  const where = end - start <= 1 ? `byte ${start}` : `bytes ${start}–${end - 1}`;
  return `${SEVERITY_WORDS[problem.severity]}: ${problem.message} (${where})`;
}

/**
 * Which lines to list, [start, end): all of them up to `max`, otherwise the `max` around the
 * current one, so a capture of a hundred thousand packets does not become a hundred thousand
 * list items.
 */
export function lineWindow(current: number, count: number, max: number): { start: number; end: number } {
  if (count <= max) return { start: 0, end: count };
  const start = Math.min(count - max, Math.max(0, current - Math.floor(max / 2)));
  return { start, end: start + max };
}
