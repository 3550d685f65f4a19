import type { Ipv4TunnelPath } from './ipv4-transport';

/*
 * The LMA's bi-directional tunnels (RFC 5213 §5.6.1; seed 001 §5.2, §6.6). One IPv6-in-IPv6
 * tunnel per MAG, shared by every mobile node that MAG serves (a 1:m relation), with a
 * tunnel-user-count and a Tunnel-Life that is the longest binding lifetime granted to its users.
 * Pure table operations: the machine turns their results into effects and timers.
 */

export interface TunnelEntry {
  /** `to-<Proxy-CoA>`: the name routes use. */
  id: string;
  /** LMAA: the address the MAG sends its PBUs to (seed 001 §5.2). */
  local: string;
  /** The Proxy-CoA. */
  remote: string;
  /** NAIs of the mobile nodes whose route goes through the tunnel; the user count is its length. */
  users: readonly string[];
  /** When Tunnel-Life ends, µs of run time. */
  expiresUs: number;
  /** Over an IPv4 transport (RFC 5844 §4): the encapsulation mode and the far end as reached. */
  ipv4?: Ipv4TunnelPath;
}

export type TunnelTable = Readonly<Record<string, TunnelEntry>>;

export function tunnelIdFor(proxyCoa: string): string {
  return `to-${proxyCoa}`;
}

/**
 * Count `nai` as a user of the tunnel to `remote`, creating the tunnel when there is none (RFC
 * 5213 §5.3.2 ¶5). Tunnel-Life becomes the later of its current end and this binding's end, so it
 * is always the highest lifetime granted to a user (seed 001 §5.2, "MUST set the Tunnel-Life timer
 * value to the highest binding life time"), and is extended by each periodic registration.
 */
export function joinTunnel(
  table: TunnelTable,
  o: { local: string; remote: string; nai: string; bindingExpiresUs: number },
): { table: TunnelTable; tunnel: TunnelEntry; created: boolean } {
  const id = tunnelIdFor(o.remote);
  const old = table[id];
  const tunnel: TunnelEntry = old
    ? { ...old, users: old.users.includes(o.nai) ? old.users : [...old.users, o.nai], expiresUs: Math.max(old.expiresUs, o.bindingExpiresUs) }
    : { id, local: o.local, remote: o.remote, users: [o.nai], expiresUs: o.bindingExpiresUs };
  return { table: { ...table, [id]: tunnel }, tunnel, created: !old };
}

/** `nai` stops using tunnel `id`: the user count drops. The tunnel stays; the caller decides when it goes. */
export function leaveTunnel(table: TunnelTable, id: string, nai: string): { table: TunnelTable; tunnel: TunnelEntry | undefined } {
  const old = table[id];
  if (!old) return { table, tunnel: undefined };
  const tunnel = { ...old, users: old.users.filter((u) => u !== nai) };
  return { table: { ...table, [id]: tunnel }, tunnel };
}

export function removeTunnel(table: TunnelTable, id: string): TunnelTable {
  const { [id]: _gone, ...rest } = table;
  return rest;
}

/** RFC 5213 §5.6.1: "The tunnel SHOULD be deleted when either the tunnel lifetime expires or when there are no mobile nodes sharing the tunnel." */
export function isUnused(t: TunnelEntry): boolean {
  return t.users.length === 0;
}
