/*
 * The tunnels between a PMA and a home agent (RFC 5563 §4.2): IP-in-IP by default (RFC 2003), GRE
 * as an option (RFC 2784, with the keys of RFC 6245). Either end keeps the same table: tunnels with
 * the mobile devices that use them, as pure operations.
 */

export type Encapsulation = 'ip-in-ip' | 'gre';

export interface Tunnel4 {
  id: string;
  remote: string;
  encapsulation: Encapsulation;
  /** GRE: the key this end puts in the packets it sends (the peer's, RFC 6245 §5). */
  key?: number;
  /** NAIs of the mobile devices routed through it: the tunnel goes with the last. */
  users: readonly string[];
}

export type TunnelTable4 = Readonly<Record<string, Tunnel4>>;

/** One IP-in-IP tunnel per PMA, shared; GRE tunnels are per key, so per binding (RFC 5563 §4.2.1). */
export function tunnelId(remote: string, encapsulation: Encapsulation, key?: number): string {
  return encapsulation === 'gre' ? `gre-${remote}-${key ?? 0}` : `ipip-${remote}`;
}

export function joinTunnel4(t: TunnelTable4, o: { remote: string; encapsulation: Encapsulation; key?: number; nai: string }): { table: TunnelTable4; tunnel: Tunnel4; created: boolean } {
  const id = tunnelId(o.remote, o.encapsulation, o.key);
  const old = t[id];
  const tunnel: Tunnel4 = old
    ? { ...old, users: old.users.includes(o.nai) ? old.users : [...old.users, o.nai] }
    : { id, remote: o.remote, encapsulation: o.encapsulation, ...(o.key === undefined ? {} : { key: o.key }), users: [o.nai] };
  return { table: { ...t, [id]: tunnel }, tunnel, created: !old };
}

/** `nai` leaves tunnel `id`; an unused tunnel is removed and returned as `removed`. */
export function leaveTunnel4(t: TunnelTable4, id: string, nai: string): { table: TunnelTable4; removed?: Tunnel4; left?: Tunnel4 } {
  const old = t[id];
  if (!old) return { table: t };
  const users = old.users.filter((u) => u !== nai);
  if (users.length > 0) return { table: { ...t, [id]: { ...old, users } }, left: { ...old, users } };
  const { [id]: _gone, ...rest } = t;
  return { table: rest, removed: old };
}

