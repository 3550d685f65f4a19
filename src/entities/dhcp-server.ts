import { enqueueActions, setup } from 'xstate';
import type { LayerValue } from '../wire/core';
import { answerClient, expireLease, readClientMessage, replyPacket, replyRoute, type ClientMessage, type Leases, type ServerParams } from '../protocols/dhcp-server';
import { relayPacket, towardsServer } from '../protocols/dhcp-relay';
import type { Effect, EntityDefinition, Env } from '../sim/effects';

/*
 * A DHCPv4 server or relay agent of the PMIPv6 domain (seed 002 §3.1 and Appendix A): the server
 * at the LMA (Fig. 3), a standalone server (Figs. 14, 15), or the LMA relaying to one (Fig. 15).
 * The MAG's own DHCP server and relay are part of the MAG (src/entities/mag/ipv4.ts), since what
 * they do is tied to its Proxy Binding Updates. The rules are src/protocols/dhcp-server.ts and
 * dhcp-relay.ts; this machine keeps the leases and their timers.
 */

export type DhcpRole = 'server' | 'relay';

export interface DhcpServerInput {
  env: Env;
  name: string;
  role: DhcpRole;
  /** Its own address: the Server Identifier of a server, the source of what a relay passes on. */
  address: string;
  /** A server's answers (without the identifier, which is `address`) and the addresses it hands out. */
  server?: { params: Omit<ServerParams, 'serverId'>; pool: readonly string[] };
  /** A relay's next hop towards the server. */
  relayTo?: string;
}

export interface DhcpServerContext {
  env: Env;
  name: string;
  role: DhcpRole;
  address: string;
  params?: ServerParams;
  pool: readonly string[];
  relayTo?: string;
  leases: Leases;
  /** Requests passed on (relay). */
  relayed: number;
}

export type DhcpServerEvent =
  | { type: 'rx.dhcp'; src: string; dst: string; m: ClientMessage }
  | { type: 'timer.lease'; chaddr: string };

const leaseTimer = (chaddr: string): string => `lease:${chaddr}`;

/** Bad configuration fails at load (STYLE.md principle 13). */
export function dhcpServerContext(i: DhcpServerInput): DhcpServerContext {
  if (i.role === 'server' && !i.server) throw new RangeError(`${i.name}: a DHCP server needs its parameters and pool`);
  if (i.role === 'relay' && !i.relayTo) throw new RangeError(`${i.name}: a DHCP relay needs the address to relay to`);
  return {
    env: i.env,
    name: i.name,
    role: i.role,
    address: i.address,
    ...(i.server ? { params: { ...i.server.params, serverId: i.address } } : {}),
    pool: i.server?.pool ?? [],
    ...(i.relayTo ? { relayTo: i.relayTo } : {}),
    leases: {},
    relayed: 0,
  };
}

type Rx = Extract<DhcpServerEvent, { type: 'rx.dhcp' }>;

export const dhcpServerMachine = setup({
  types: {
    input: {} as DhcpServerInput,
    context: {} as DhcpServerContext,
    events: {} as DhcpServerEvent,
    emitted: {} as Effect,
  },
  guards: {
    'role.isRelay': ({ context }) => context.role === 'relay',
    /** RFC 2131 §4.1: a broadcast, or addressed to this server. */
    'message.reachesServer': ({ context, event }) => event.type === 'rx.dhcp' && (event.dst === '255.255.255.255' || event.dst === context.address),
    'lease.exists': ({ context, event }) => event.type === 'timer.lease' && context.leases[event.chaddr] !== undefined,
  },
  actions: {
    /** RFC 2131 §4.3: answer from the pool, keep the lease, time it. */
    answerClient: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Rx;
      const now = context.env.now();
      const v = answerClient({ params: context.params!, pool: context.pool, leases: context.leases, m: e.m, unicast: e.dst !== '255.255.255.255', nowUs: now });
      enqueue.assign({ leases: v.leases });
      enqueue.emit({ type: 'note', text: `${context.name}: ${v.text}`, section: v.section });
      if (v.kind === 'reply') {
        enqueue.emit({ type: 'tx', packet: replyPacket(context.address, replyRoute(e.m, v.reply), v.reply) });
      }
      const before = context.leases[e.m.chaddr];
      const after = v.leases[e.m.chaddr];
      if (before && (!after || after.expiresUs !== before.expiresUs)) enqueue.cancel(leaseTimer(e.m.chaddr));
      if (after && after.expiresUs !== before?.expiresUs) {
        enqueue.raise({ type: 'timer.lease', chaddr: e.m.chaddr }, { id: leaseTimer(e.m.chaddr), delay: Math.max(0, after.expiresUs - now) / 1000 });
      }
    }),
    /** RFC 1542 §4.1.1, RFC 3046 §2.1.1: pass the request on with one more hop. */
    relayToServer: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Rx;
      const out = towardsServer(e.m, { address: context.address });
      if (!out) {
        enqueue.emit({ type: 'note', text: `${context.name} discards a request that has crossed ${e.m.hops} relays already.`, section: 'RFC 1542 §4.1.1' });
        return;
      }
      enqueue.emit({ type: 'tx', packet: relayPacket(context.address, context.relayTo!, out) });
      enqueue.assign({ relayed: context.relayed + 1 });
      enqueue.emit({
        type: 'note',
        text: `${context.name} relays the DHCP${e.m.type.toUpperCase()} to ${context.relayTo}: giaddr stays ${out.giaddr as string}, where the server answers, and the hop count becomes ${out.hops as number}.`,
        section: 'seed 002 App. A, Fig. 15; RFC 2131 §4.1',
      });
    }),
    ignoreForeignRequest: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Rx;
      enqueue.emit({ type: 'note', text: `${context.name} ignores a DHCP${e.m.type.toUpperCase()} addressed to ${e.dst}.`, section: 'RFC 2131 §4.1' });
    }),
    expireLease: enqueueActions(({ context, event, enqueue }) => {
      const chaddr = (event as Extract<DhcpServerEvent, { type: 'timer.lease' }>).chaddr;
      const l = context.leases[chaddr]!;
      enqueue.assign({ leases: expireLease(context.leases, chaddr, context.env.now()) });
      enqueue.emit({
        type: 'note',
        text: l.state === 'offered' ? `${context.name}: ${chaddr} never requested ${l.address}; the offer lapses.` : `${context.name}: ${chaddr}'s lease on ${l.address} ends; the address is free again.`,
        section: 'RFC 2131 §4.3.1, §4.4.5',
      });
    }),
  },
}).createMachine({
  id: 'dhcp',
  context: ({ input }) => dhcpServerContext(input),
  initial: 'start',
  states: {
    start: { always: [{ guard: 'role.isRelay', target: 'relaying' }, { target: 'serving' }] },
    serving: {
      on: {
        'rx.dhcp': [{ guard: 'message.reachesServer', actions: 'answerClient' }, { actions: 'ignoreForeignRequest' }],
        'timer.lease': { guard: 'lease.exists', actions: 'expireLease' },
      },
    },
    relaying: {
      on: { 'rx.dhcp': { actions: 'relayToServer' } },
    },
  },
});

export function dhcpServerEvent(d: { packet: LayerValue }): DhcpServerEvent | undefined {
  const m = readClientMessage(d.packet);
  return m ? { type: 'rx.dhcp', src: d.packet.src as string, dst: d.packet.dst as string, m } : undefined;
}

const secs = (us: number): number => +(us / 1e6).toFixed(3);

export function dhcpServerTables(context: unknown): Record<string, Record<string, string | number | null>[]> {
  const c = context as DhcpServerContext;
  if (c.role === 'relay') return { 'DHCP relay': [{ address: c.address, 'relays to': c.relayTo ?? null, 'requests relayed': c.relayed }] };
  return {
    'DHCP leases': Object.values(c.leases).map((l) => ({ client: l.chaddr, address: l.address, state: l.state, 'expires (s)': secs(l.expiresUs) })),
    'DHCP pool': [{ 'server id': c.address, size: c.pool.length, free: c.pool.filter((a) => !Object.values(c.leases).some((l) => l.address === a)).length }],
  };
}

export const dhcpServer: EntityDefinition<DhcpServerEvent> = {
  role: 'dhcp',
  machine: dhcpServerMachine,
  toEvent: dhcpServerEvent,
  tables: dhcpServerTables,
  timers: { 'timer.lease': 'DHCP lease (server)' },
};
