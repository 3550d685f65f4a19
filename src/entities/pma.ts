import type { EntityDefinition } from '../sim/effects';
import type { Tables } from '../sim/trace';
import type { LayerValue } from '../wire/core';
import { ntpText } from '../wire/mipv4';
import { MOVEMENT_PORT, MOVEMENT_TYPE } from '../wire/movement';
import type { RadiusPacket } from '../wire/radius';
import { readClientMessage, readServerMessage } from '../protocols/dhcp-server';
import { readIpcp } from '../protocols/ipcp-client';
import { MIP_PORT } from '../protocols/pmipv4/ports';
import { pmaMachine } from './pma/machine';
import { RADIUS_AUTH_PORT } from './pma/messages';
import { routeOwner } from './pma/draft';
import type { PmaContext, PmaEvent } from './pma/types';

/*
 * The MAG acting as Proxy Mobility Agent, as an entity of the simulated network (src/sim/agent.ts):
 * which packets become machine events, and the tables the trace shows. The machine is
 * src/entities/pma/machine.ts.
 */

export { pmaConfig, pmaMachine } from './pma/machine';
export type { PmaContext, PmaEvent, PmaInput, VisitorEntry, VisitorState } from './pma/types';

/**
 * RADIUS answers, Registration Replies and Revocations (UDP 434), relayed DHCP answers, and on the
 * access links what the device sends to its gateway: DHCP, IPCP, ARP and the echo. What the node
 * forwards is not the PMA's business, and neither is anything that came out of a tunnel.
 */
export function pmaEvent(d: { packet: LayerValue; frame: LayerValue; iface: string; tunnel?: string }): PmaEvent | undefined {
  const p = d.packet;
  if (d.tunnel) return undefined;
  if (p.proto === 'arp') return { type: 'rx.arp', iface: d.iface, opcode: p.opcode as number, sha: p.sha as string, spa: p.spa as string, tpa: p.tpa as string };
  const ipcp = readIpcp(p);
  if (ipcp) return { type: 'rx.ipcp', iface: d.iface, message: ipcp };
  if (p.proto !== 'ip') return undefined;
  const src = p.src as string;
  const dst = p.dst as string;
  const l4 = p.payload as LayerValue | undefined;
  if (l4?.proto === 'udp' && l4.srcport === RADIUS_AUTH_PORT) {
    const r = l4.payload as LayerValue | undefined;
    if (r?.proto !== 'radius') return undefined;
    if (r.code === 2) return { type: 'rx.accessAccept', src, response: r as unknown as RadiusPacket };
    if (r.code === 3) return { type: 'rx.accessReject', src, response: r as unknown as RadiusPacket };
    return undefined;
  }
  if (l4?.proto === 'udp' && l4.dstport === MIP_PORT) {
    const m = l4.payload as LayerValue | undefined;
    if (m?.proto !== 'mip') return undefined;
    if (m.type === 3) return { type: 'rx.reply', src, dst, message: m };
    if (m.type === 7) return { type: 'rx.revocation', src, srcport: l4.srcport as number, message: m };
    return undefined;
  }
  if (l4?.proto === 'udp' && l4.dstport === MOVEMENT_PORT) {
    const m = l4.payload as LayerValue | undefined;
    return m?.proto === 'pmamove' && m.type === MOVEMENT_TYPE.Notification ? { type: 'rx.movement', src, message: m } : undefined;
  }
  const client = readClientMessage(p);
  if (client) return client.giaddr === '0.0.0.0' ? { type: 'rx.dhcp', iface: d.iface, message: client, unicast: dst !== '255.255.255.255' } : undefined;
  if (readServerMessage(p)) return { type: 'rx.dhcpServer', src, message: p };
  if (l4?.proto === 'icmp' && l4.type === 8) {
    const data = l4.data as Uint8Array | undefined;
    return { type: 'rx.echo', iface: d.iface, src, dst, ident: l4.ident as number, seq: l4.seq as number, ...(data && data.length > 0 ? { data } : {}) };
  }
  return undefined;
}

const secs = (us: number | undefined): number | null => (us === undefined ? null : +(us / 1e6).toFixed(3));

export function pmaTables(context: unknown): Tables {
  const c = context as PmaContext;
  const entries = Object.values(c.visitors);
  return {
    'Visitor list': entries.map((e) => ({
      MN: e.nai,
      MAC: e.mac,
      iface: e.iface,
      state: e.reason ? `${e.state} (${e.reason})` : e.state,
      'home address': e.homeAddress ?? null,
      HA: e.homeAgent ?? e.profile?.homeAgent ?? null,
      'lifetime (s)': e.lifetimeSeconds ?? null,
      'expires (s)': secs(e.expiresUs),
      identification: e.identification === undefined ? null : ntpText(e.identification),
      tries: e.pending?.tries ?? 0,
      attached: e.attached,
      revocation: e.revocation,
      waiting: e.waiting.length,
    })),
    Tunnels: Object.values(c.tunnels).map((t) => ({ id: t.id, remote: t.remote, encapsulation: t.encapsulation, key: t.key ?? null, users: t.users.length, MNs: t.users.join(', ') })),
    Routes: entries
      .filter((e) => e.installed)
      .flatMap((e) => [
        { owner: routeOwner.tunnel(e.nai), dst: '0.0.0.0/0', src: `${e.homeAddress!}/32`, via: `tunnel to ${e.homeAgent!}` },
        { owner: routeOwner.homeAgent(e.nai), dst: `${e.homeAgent!}/32`, src: `${e.homeAddress!}/32`, via: `tunnel to ${e.homeAgent!}` },
        { owner: routeOwner.access(e.nai), dst: `${e.homeAddress!}/32`, src: null, via: e.iface },
      ]),
    Clock: [
      {
        'offset (s)': +(c.clock.offsetUs / 1e6).toFixed(3),
        'last identification': c.lastIdentification === undefined ? null : ntpText(c.lastIdentification),
        'refused by': Object.entries(c.refusedBy).map(([ha, code]) => `${ha} (${code})`).join(', ') || null,
      },
    ],
  };
}

export const pma: EntityDefinition<PmaEvent> = {
  role: 'MAG',
  machine: pmaMachine,
  toEvent: pmaEvent,
  tables: pmaTables,
  timers: {
    'timer.radius': 'RADIUS retransmission',
    'timer.reply': 'Registration Reply wait',
    'timer.renew': 're-registration',
    'timer.lifetime': 'registration lifetime',
  },
};
