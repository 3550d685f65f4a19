import { fromHex, type LayerValue } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import type { PacketEvent, StateEvent, Trace } from '../../../src/sim/trace';
import { netlmmKind, tunnelDepth } from '../../../src/scenarios/netlmm/kinds';

export const packets = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');
export const frameOf = (p: PacketEvent): LayerValue | undefined => dissect(fromHex(p.bytes), p.linkType).value;
export const kind = (p: PacketEvent): string => netlmmKind(frameOf(p));
export const depth = (p: PacketEvent): number => tunnelDepth(frameOf(p));
/** `from>to kind`, decoded again from the bytes. */
export const line = (p: PacketEvent): string => `${p.from}>${p.to} ${kind(p)}`;

/** The signalling, without SCTP's own chunks, as `from>to kind` lines. */
export function signalling(t: Trace): string[] {
  return packets(t)
    .filter((p) => p.plane === 'control')
    .map(line)
    .filter((l) => !/ SCTP /.test(l));
}

/** Positions of `wanted` lines in `lines`, each found after the previous one; throws naming the first missing. */
export function inOrder(lines: readonly string[], wanted: readonly string[]): number[] {
  const at: number[] = [];
  let from = 0;
  for (const w of wanted) {
    const i = lines.findIndex((l, k) => k >= from && l === w);
    if (i < 0) throw new Error(`"${w}" does not follow in order; the lines are:\n${lines.join('\n')}`);
    at.push(i);
    from = i + 1;
  }
  return at;
}

export function lastState(t: Trace, entity: string): StateEvent {
  const s = t.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === entity).at(-1);
  if (!s) throw new Error(`no state for ${entity}`);
  return s;
}

type Row = Record<string, unknown>;
export const rows = (s: StateEvent, table: string): Row[] => (s.tables[table] ?? []) as Row[];
