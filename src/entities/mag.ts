import type { EntityDefinition } from '../sim/effects';
import type { Tables } from '../sim/trace';
import type { LayerValue } from '../wire/core';
import { MH_TYPE, type BindingAck, type MobilityHeader } from '../wire/mh';
import type { RadiusPacket } from '../wire/radius';
import { ipv4TunnelColumns, tunnelIdFor } from '../protocols/pmipv6';
import { routeOwner } from './mag/draft';
import { pbaOverIpv4 } from './mag/ipv4-transport';
import { ipv4HomeTables, ipv4Routes } from './mag/ipv4-home-config';
import { magIpv4Event } from './mag/ipv4-home-events';
import { magMachine } from './mag/machine';
import { RADIUS_AUTH_PORT } from './mag/messages';
import type { MagContext, MagEvent } from './mag/types';

/*
 * The mobile access gateway as an entity of the simulated network (src/sim/agent.ts): which packets
 * become machine events, and the tables the trace shows. The machine is src/entities/mag/machine.ts.
 */

export { magConfig, magMachine } from './mag/machine';
export type { MagContext, MagEvent, MagInput, BulEntry, BulState } from './mag/types';

/**
 * RADIUS answers (from port 1812), Router Solicitations (ICMPv6 133, RFC 4861 §4.1) and Binding
 * Acknowledgements (MH type 6) become events; the machine checks where they came from and whom
 * they answer. Anything else (including what the node forwards) is not the MAG's business.
 */
export function magEvent(d: { packet: LayerValue; frame: LayerValue; iface: string; tunnel?: string }): MagEvent | undefined {
  const ip = d.packet;
  const dhcp = magIpv4Event(d);
  if (dhcp) return dhcp;
  if (ip.proto === 'ip' && !d.tunnel) return pbaOverIpv4(ip);
  if (ip.proto !== 'ipv6' || d.tunnel) return undefined;
  const src = ip.src as string;
  const l4 = ip.payload as LayerValue | undefined;
  if (l4?.proto === 'udp' && l4.srcport === RADIUS_AUTH_PORT) {
    const r = l4.payload as LayerValue | undefined;
    if (r?.proto !== 'radius') return undefined;
    if (r.code === 2) return { type: 'rx.accessAccept', src, response: r as unknown as RadiusPacket };
    if (r.code === 3) return { type: 'rx.accessReject', src, response: r as unknown as RadiusPacket };
    return undefined;
  }
  if (l4?.proto === 'icmpv6' && l4.type === 133) {
    const slla = ((l4.options ?? []) as { type: number; linkaddr?: string }[]).find((o) => o.type === 1)?.linkaddr;
    return { type: 'rx.rs', iface: d.iface, src, mac: slla ?? (d.frame.src as string) };
  }
  const mh = l4 as MobilityHeader | undefined;
  if (mh?.proto === 'mipv6' && mh.mhType === MH_TYPE.BINDING_ACK) return { type: 'rx.pba', src, dst: ip.dst as string, pba: mh as BindingAck };
  return undefined;
}

const secs = (us: number | undefined): number | null => (us === undefined ? null : +(us / 1e6).toFixed(3));

export function magTables(context: unknown): Tables {
  const c = context as MagContext;
  const entries = Object.values(c.bul);
  return {
    'Binding update list': entries.map((e) => ({
      MN: e.nai,
      MAC: e.mac,
      iface: e.iface,
      HNP: e.hnp ?? e.pending?.hnp ?? null,
      LMA: e.policy?.lmaa ?? null,
      'lifetime (s)': e.lifetimeSeconds ?? null,
      'expires (s)': secs(e.expiresUs),
      state: e.reason ? `${e.state} (${e.reason})` : e.state,
      seq: e.seq ?? null,
      tries: e.pending?.tries ?? 0,
      'MN link-local': e.mnLinkLocal ?? null,
    })),
    Tunnels: Object.values(c.tunnels).map((t) => ({ id: t.id, local: t.local, remote: t.remote, users: t.users.length, MNs: t.users.join(', '), ...ipv4TunnelColumns(t.ipv4) })),
    Routes: entries
      .filter((e) => e.installed)
      .flatMap((e) => [
        ...(e.hnp
          ? [
              { owner: routeOwner.tunnel(e.nai), dst: '::/0', src: e.hnp, via: `tunnel ${tunnelIdFor(e.policy!.lmaa)}` },
              { owner: routeOwner.access(e.nai), dst: e.hnp, src: null, via: e.iface },
            ]
          : []),
        ...ipv4Routes(e, tunnelIdFor(e.policy!.lmaa)).map((r) => ({ owner: r.owner, dst: r.dst, src: r.src ?? null, via: r.tunnel ? `tunnel ${r.tunnel}` : r.iface! })),
      ]),
    ...ipv4HomeTables(c.config, entries),
  };
}

export const mag: EntityDefinition<MagEvent> = {
  role: 'mag',
  machine: magMachine,
  toEvent: magEvent,
  tables: magTables,
  timers: {
    'timer.radiusRetransmit': 'RADIUS retransmission',
    'timer.pbaRetransmit': 'PBU retransmission',
    'timer.renew': 'binding renewal',
    'timer.lifetime': 'binding lifetime',
    'timer.natRefresh': 'NAT keepalive',
  },
};
