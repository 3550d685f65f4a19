import type { MagEntry, MagRun } from './types';

/*
 * The MAG's tunnels and routes, as effects on its node: the IPv6-in-IPv6 tunnel to the LMA that the
 * Notification lets it bring up (§4.9: "the MAG creates the appropriate tunnel state"), and the
 * forwarding tunnel between two MAGs during a handoff (Appendix D). A tunnel lives while an MN uses
 * it. Per MN, two routes: the pHoA on its access link (or, at the old MAG, into the forwarding
 * tunnel), and what the MN sends from its pHoA into a tunnel (the reverse tunnel).
 */

export const LMA_TUNNEL = 'lma';
export const forwardingTunnel = (mag: string): string => `fwd-${mag}`;
const accessOwner = (mnId: string): string => `access:${mnId}`;
const uplinkOwner = (mnId: string): string => `uplink:${mnId}`;

export function joinTunnel(run: MagRun, id: string, remote: string, mnId: string): void {
  const t = run.ctx.tunnels[id];
  if (t?.users.includes(mnId)) return;
  if (!t) run.emit({ type: 'tunnel.add', tunnel: { id, local: run.ctx.config.address, remote, encap: 'ip' } });
  run.ctx.tunnels = { ...run.ctx.tunnels, [id]: { remote, users: [...(t?.users ?? []), mnId] } };
}

export function leaveTunnel(run: MagRun, id: string, mnId: string): void {
  const t = run.ctx.tunnels[id];
  if (!t?.users.includes(mnId)) return;
  const users = t.users.filter((u) => u !== mnId);
  const { [id]: _old, ...others } = run.ctx.tunnels;
  run.ctx.tunnels = users.length > 0 ? { ...others, [id]: { ...t, users } } : others;
  if (users.length === 0) run.emit({ type: 'tunnel.remove', id });
}

/** Packets for the pHoA go out on the MN's access link. */
export function routeToAccess(run: MagRun, e: MagEntry): void {
  run.emit({ type: 'route.add', owner: accessOwner(e.mnId), dst: `${e.pHoA}/128`, iface: e.iface! });
}

/** Packets for the pHoA go into a tunnel (the old MAG forwarding them). */
export function routeToTunnel(run: MagRun, e: MagEntry, tunnel: string): void {
  run.emit({ type: 'route.add', owner: accessOwner(e.mnId), dst: `${e.pHoA}/128`, tunnel });
}

/** What the MN sends from its pHoA goes into `tunnel` (RFC 5213 §6.10.5's reverse tunnel, whatever the MAG's other routes). */
export function uplinkThrough(run: MagRun, e: MagEntry, tunnel: string): void {
  run.emit({ type: 'route.add', owner: uplinkOwner(e.mnId), dst: '::/0', src: `${e.pHoA}/128`, tunnel });
}

export function removeUplink(run: MagRun, mnId: string): void {
  run.emit({ type: 'route.remove', owner: uplinkOwner(mnId) });
}

export function removeRoutes(run: MagRun, mnId: string): void {
  run.emit({ type: 'route.remove', owner: accessOwner(mnId) });
  run.emit({ type: 'route.remove', owner: uplinkOwner(mnId) });
}

/** The routes as the state panel shows them. */
export function routeRows(entries: readonly MagEntry[]): { MN: string; dst: string; via: string }[] {
  return entries.flatMap((e) => {
    if (!e.pHoA) return [];
    if (e.state === 'forwarding' && e.toMag) {
      return [
        { MN: e.mnId, dst: `${e.pHoA}/128`, via: `tunnel ${forwardingTunnel(e.toMag)}` },
        { MN: e.mnId, dst: `::/0 from ${e.pHoA}`, via: `tunnel ${LMA_TUNNEL}` },
      ];
    }
    if (!e.iface || (e.state !== 'serving' && e.state !== 'triggered')) return [];
    const up = e.tunnelled ? LMA_TUNNEL : e.fromMag ? forwardingTunnel(e.fromMag) : undefined;
    return [{ MN: e.mnId, dst: `${e.pHoA}/128`, via: e.iface }, ...(up ? [{ MN: e.mnId, dst: `::/0 from ${e.pHoA}`, via: `tunnel ${up}` }] : [])];
  });
}
