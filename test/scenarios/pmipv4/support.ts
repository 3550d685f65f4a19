import { fromHex, hmacMd5, walk, type FieldNode, type LayerValue } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import type { PacketEvent, StateEvent, Trace } from '../../../src/sim/trace';
import { kindOf } from '../../../src/scenarios/pmipv4/steps';

export const packets = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');
export const frameOf = (p: PacketEvent): LayerValue | undefined => dissect(fromHex(p.bytes), p.linkType).value;
/** `from>to kind`, decoded again from the bytes. */
export const line = (p: PacketEvent): string => `${p.from}>${p.to} ${kindOf(frameOf(p))}`;
export const control = (t: Trace): string[] => packets(t).filter((p) => p.plane === 'control').map(line);
export const find = (t: Trace, l: string): PacketEvent[] => packets(t).filter((p) => line(p) === l);

/** The Mobile IP message of a packet, as decoded. */
export function mipOf(p: PacketEvent): LayerValue {
  for (let l = frameOf(p); l; l = l.payload as LayerValue | undefined) if (l.proto === 'mip') return l;
  throw new Error(`packet ${p.packet + 1} carries no Mobile IP message`);
}

export function states(t: Trace, entity: string): StateEvent[] {
  return t.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === entity);
}

export function lastState(t: Trace, entity: string): StateEvent {
  const s = states(t, entity).at(-1);
  if (!s) throw new Error(`no state for ${entity}`);
  return s;
}

/** The entity's tables as they were at `time` (its last state event up to then). */
export function stateAt(t: Trace, entity: string, time: number): StateEvent {
  const s = states(t, entity).filter((e) => e.time <= time).at(-1);
  if (!s) throw new Error(`no state for ${entity} by ${time} µs`);
  return s;
}

type Row = Record<string, unknown>;
export const rows = (s: StateEvent, table: string): Row[] => (s.tables[table] ?? []) as Row[];

export interface Authenticator {
  /** Extension type: 32 MN-HA, 34 FA-HA. */
  type: number;
  spi: number;
  /** What it is in the packet. */
  value: Uint8Array;
  /** HMAC-MD5 with `key` over the octets it covers: from the Mobile IP Type to the Authenticator (RFC 5944 §3.5.1). */
  recompute(key: Uint8Array): Uint8Array;
}

/** Each authentication extension of a packet's Mobile IP message, with what it covers, read from the frame's own bytes. */
export function authenticators(p: PacketEvent): Authenticator[] {
  const bytes = fromHex(p.bytes);
  const { layers } = dissect(bytes, p.linkType);
  const mip = layers.find((l) => l.name === 'mip');
  if (!mip) throw new Error(`packet ${p.packet + 1} carries no Mobile IP message`);
  const out: Authenticator[] = [];
  for (const ext of walk(mip.children ?? [])) {
    const type = ext.children?.find((c: FieldNode) => c.name === 'mip.ext.type')?.value;
    const spi = ext.children?.find((c: FieldNode) => c.name === 'mip.auth.spi')?.value;
    const auth = ext.children?.find((c: FieldNode) => c.name === 'mip.auth.auth');
    if (typeof type !== 'number' || typeof spi !== 'number' || !auth) continue;
    const covered = bytes.subarray(mip.start, auth.start);
    out.push({ type, spi, value: bytes.slice(auth.start, auth.end), recompute: (key) => hmacMd5(key, covered) });
  }
  return out;
}

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
