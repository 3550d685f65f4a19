import type { EntityDefinition } from '../sim/effects';
import type { Tables } from '../sim/trace';
import type { LayerValue } from '../wire/core';
import { ntpText } from '../wire/mipv4';
import { readClientMessage } from '../protocols/dhcp-server';
import { MOVEMENT_PORT } from '../wire/movement';
import { MIP_PORT } from '../protocols/pmipv4/ports';
import { haMachine } from './ha/machine';
import { routeOwner } from './ha/steps';
import type { HaContext, HaEvent } from './ha/types';

/*
 * The LMA acting as home agent for Proxy Mobile IPv4, as an entity of the simulated network: which
 * packets become machine events, and the tables the trace shows. The machine is src/entities/ha/machine.ts.
 */

export { haConfig, haMachine } from './ha/machine';
export type { HaContext, HaEvent, HaInput } from './ha/types';

/**
 * Registration Requests and Revocation Acknowledgements on UDP 434, and DHCP client messages for its
 * server: relayed by a PMA, or a device's renewal that came up the reverse tunnel.
 */
export function haEvent(d: { packet: LayerValue; tunnel?: string }): HaEvent | undefined {
  const p = d.packet;
  if (p.proto !== 'ip') return undefined;
  const l4 = p.payload as LayerValue | undefined;
  const dhcp = readClientMessage(p);
  if (dhcp) return { type: 'rx.dhcp', message: dhcp, unicast: p.dst !== '255.255.255.255' };
  if (d.tunnel || l4?.proto !== 'udp') return undefined;
  const body = l4.payload as LayerValue | undefined;
  if (l4.dstport === MOVEMENT_PORT && body?.proto === 'pmamove') return { type: 'rx.movementAck', src: p.src as string, message: body };
  if (l4.dstport !== MIP_PORT) return undefined;
  const m = l4.payload as LayerValue | undefined;
  if (m?.proto !== 'mip') return undefined;
  if (m.type === 1) return { type: 'rx.request', src: p.src as string, dst: p.dst as string, srcport: l4.srcport as number, message: m };
  if (m.type === 15) return { type: 'rx.revocationAck', src: p.src as string, message: m };
  return undefined;
}

const secs = (us: number): number => +(us / 1e6).toFixed(3);

export function haTables(context: unknown): Tables {
  const c = context as HaContext;
  return {
    'Mobility bindings': Object.values(c.bindings).map((b) => ({
      MN: b.nai,
      state: b.replaces ? `${b.state} (replaces ${b.replaces.careOf})` : b.state,
      'home address': b.homeAddress,
      'care-of address': b.careOf,
      'lifetime (s)': b.lifetimeSeconds,
      'expires (s)': secs(b.expiresUs),
      identification: ntpText(b.identification),
      tunnel: b.encapsulation,
      'GRE keys': b.greKeys ? `${b.greKeys.toPma} to PMA, ${b.greKeys.toHa} to HA` : null,
      revocation: b.revocation !== undefined,
      MAC: b.deviceMac ?? null,
    })),
    Tunnels: Object.values(c.tunnels).map((t) => ({ id: t.id, remote: t.remote, encapsulation: t.encapsulation, key: t.key ?? null, users: t.users.length, MNs: t.users.join(', ') })),
    Routes: Object.values(c.bindings).map((b) => ({ owner: routeOwner(b.nai), prefix: `${b.homeAddress}/32`, via: b.tunnel })),
    'Movement notifications': Object.values(c.movements).map((m) => ({ MN: m.nai, 'previous care-of address': m.previousCareOf, 'new care-of address': m.newCareOf, sequence: m.sequence, tries: m.tries })),
    Revocations: Object.values(c.revocations).map((r) => ({ MN: r.nai, 'care-of address': r.careOf, 'revocation id': r.revocationId, tries: r.tries })),
    Requests: c.decisions.map((d) => ({ time: `${(d.atUs / 1e6).toFixed(3)} s`, from: d.from, MN: d.nai, outcome: d.outcome })),
  };
}

export const ha: EntityDefinition<HaEvent> = {
  role: 'LMA',
  machine: haMachine,
  toEvent: haEvent,
  tables: haTables,
  timers: {
    'timer.lifetime': 'binding lifetime',
    'timer.revocation': 'revocation retransmission',
    'timer.movement': 'movement notification retransmission',
  },
};
