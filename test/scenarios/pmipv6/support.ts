import { fromHex, type LayerValue } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import type { PacketEvent, StateEvent, Trace } from '../../../src/sim/trace';
import { kindOf, layers } from '../../../src/scenarios/pmipv6/steps';

export const packets = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');
export const frameOf = (p: PacketEvent): LayerValue | undefined => dissect(fromHex(p.bytes), p.linkType).value;
/** `from>to kind`, decoded again from the bytes. */
export const line = (p: PacketEvent): string => `${p.from}>${p.to} ${kindOf(frameOf(p))}`;
export const control = (t: Trace): string[] => packets(t).filter((p) => p.plane === 'control').map(line);

export function lastState(t: Trace, entity: string): StateEvent {
  const s = t.events.filter((e): e is StateEvent => e.kind === 'state' && e.entity === entity).at(-1);
  if (!s) throw new Error(`no state for ${entity}`);
  return s;
}

/** The innermost IPv6 source of a packet (the MN's address for its echo replies). */
export function innerSource(p: PacketEvent): string {
  const ips = layers(frameOf(p)).filter((l) => l.proto === 'ipv6');
  return ips.at(-1)!.src as string;
}

type Row = Record<string, unknown>;
export const rows = (s: StateEvent, table: string): Row[] => (s.tables[table] ?? []) as Row[];

/** Tunnel user counts equal the bindings (not yet de-registered) that use them. */
export function tunnelsMatchBindings(t: Trace): void {
  const s = lastState(t, 'lma');
  const live = rows(s, 'Binding cache').filter((b) => b['lifetime (s)'] !== 0 && b.state !== 'deregistered');
  for (const tun of rows(s, 'Tunnels')) {
    const users = live.filter((b) => b['Proxy-CoA'] === tun.remote).length;
    if (tun.users !== users) throw new Error(`tunnel to ${String(tun.remote)} counts ${String(tun.users)} users, bindings say ${users}`);
  }
}
