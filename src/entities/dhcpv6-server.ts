import { enqueueActions, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { DHCPV6_SERVER_PORT, DHCPV6_TYPE, duidLl, type Dhcpv6Message } from '../wire/dhcpv6';
import { ipv6Packet } from '../wire/ipv6';
import { answerRelayed, type Dhcpv6Leases, type Dhcpv6Pool } from '../protocols/dhcpv6-server';
import type { Effect, EntityDefinition, Env } from '../sim/effects';

/*
 * The DHCPv6 server of the local mobility domain (seed 003 §4.1 step 2: "a DHCP server assigns a
 * pHoA consistent with the advertised prefix"). It hears only the MAGs, which relay for the mobile
 * nodes, and answers each with a Relay-repl (src/protocols/dhcpv6-server.ts has the rules).
 */

export interface Dhcpv6ServerInput {
  env: Env;
  name: string;
  address: string;
  /** Its DUID-LL is made from this MAC. */
  mac: string;
  pool: Dhcpv6Pool;
}

export interface Dhcpv6ServerContext {
  env: Env;
  name: string;
  address: string;
  duid: Uint8Array;
  pool: Dhcpv6Pool;
  leases: Dhcpv6Leases;
}

export type Dhcpv6ServerEvent = { type: 'rx.relayForw'; src: string; relay: Dhcpv6Message };

export const dhcpv6ServerMachine = setup({
  types: {
    input: {} as Dhcpv6ServerInput,
    context: {} as Dhcpv6ServerContext,
    events: {} as Dhcpv6ServerEvent,
    emitted: {} as Effect,
  },
  actions: {
    answerRelay: enqueueActions(({ context, event, enqueue }) => {
      const a = answerRelayed({ relay: event.relay, leases: context.leases, pool: context.pool, serverDuid: context.duid, nowUs: context.env.now() });
      if (a.kind === 'ignore') {
        enqueue.emit({ type: 'note', text: `${context.name} ignores a relayed message: ${a.why}.`, section: 'RFC 8415 §18.3' });
        return;
      }
      enqueue.assign({ leases: a.leases });
      const udp: LayerValue = { proto: 'udp', srcport: DHCPV6_SERVER_PORT, dstport: DHCPV6_SERVER_PORT, payload: a.reply };
      enqueue.emit({ type: 'tx', packet: ipv6Packet({ src: context.address, dst: event.src, payload: udp }) });
      const how = a.rapid ? 'a Reply at once (Rapid Commit)' : 'its answer';
      enqueue.emit({
        type: 'note',
        text: `${context.name} ${a.fresh ? 'assigns' : 'assigns again'} ${a.lease.address} from the LMD prefix and sends ${how}, relayed back through ${event.src}.`,
        section: 'draft-singh-netlmm-protocol-02 §4.1 step 2; RFC 8415 §18.3.1, §19.3',
      });
    }),
  },
}).createMachine({
  id: 'dhcpv6Server',
  initial: 'serving',
  context: ({ input }) => ({ env: input.env, name: input.name, address: input.address, duid: duidLl(input.mac), pool: input.pool, leases: {} }),
  states: { serving: { on: { 'rx.relayForw': { actions: 'answerRelay' } } } },
});

/** A Relay-forw to the server port; a server hears nothing else here. */
export function dhcpv6ServerEvent(d: { packet: LayerValue; tunnel?: string }): Dhcpv6ServerEvent | undefined {
  const ip = d.packet;
  const udp = ip.payload as LayerValue | undefined;
  if (ip.proto !== 'ipv6' || d.tunnel || udp?.proto !== 'udp' || udp.dstport !== DHCPV6_SERVER_PORT) return undefined;
  const m = udp.payload as Dhcpv6Message | undefined;
  return m?.proto === 'dhcpv6' && m.msgtype === DHCPV6_TYPE.RelayForw ? { type: 'rx.relayForw', src: ip.src as string, relay: m } : undefined;
}

export const dhcpv6Server: EntityDefinition<Dhcpv6ServerEvent> = {
  role: 'DHCP',
  machine: dhcpv6ServerMachine,
  toEvent: dhcpv6ServerEvent,
  tables: (c) => ({
    'DHCPv6 leases': Object.values((c as Dhcpv6ServerContext).leases).map((l) => ({ address: l.address, 'client DUID': l.client, IAID: l.iaid, 'since (s)': +(l.sinceUs / 1e6).toFixed(3) })),
  }),
};
