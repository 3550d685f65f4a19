import { enqueueActions, setup } from 'xstate';
import type { Effect, EntityDefinition } from '../../sim/effects';
import type { Tables } from '../../sim/trace';
import type { LayerValue } from '../../wire/core';
import { readClientMessage } from '../../protocols/dhcp-server';
import { MIP_PORT } from '../../protocols/pmipv4/ports';
import { r4Of } from '../../protocols/pmipv4/r4';
import { answerArp, answerEcho, attach, expire, haTunnelId, lost, onR4, onReply, serveDhcp, Step, type Of } from './fa-steps';
import type { FaContext, FaEvent, FaInput } from './fa-types';

/*
 * A foreign agent of a WiMAX split PMA, in a data path function (RFC 5563 §10, Figs. 5 and 6): it
 * ends the tunnel from the home agent and emulates the home link for the MN (DHCP proxy with the
 * same server address in every ASN, item 6; proxy ARP), but registers nothing itself: it asks the
 * PMIPv4 client in the authenticator over R4 (item 5) and passes the PRRQ and the PRRP through.
 * On a handover the new FA and the old FA talk over R4: the old one forwards the MN's data to the
 * new one until the new registration is done (Fig. 6 steps 1, 2, 8).
 */

type Enqueue = { assign(v: Partial<FaContext>): void; emit(e: Effect): void; raise(e: FaEvent, o: { id: string; delay: number }): void; cancel(id: string): void };

function perform(enqueue: Enqueue, c: FaContext, run: (s: Step) => void): void {
  const s = new Step(c);
  run(s);
  enqueue.assign({ visitors: s.visitors, haTunnels: s.haTunnels, nextTransaction: s.nextTransaction });
  for (const t of s.timers) {
    if (t.op === 'cancel') enqueue.cancel(t.id);
    else enqueue.raise(t.event, { id: t.id, delay: t.delay });
  }
  for (const e of s.effects) enqueue.emit(e);
}

export const faMachine = setup({
  types: { input: {} as FaInput, context: {} as FaContext, events: {} as FaEvent, emitted: {} as Effect },
  guards: {
    'lifetime.isRunning': ({ context, event }) => event.type === 'timer.lifetime' && context.visitors[event.nai]?.expiresUs !== undefined,
  },
  actions: {
    attach: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => attach(s, event as Of<'l2.attach'>))),
    noteLost: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => lost(s, event as Of<'l2.lost'>))),
    serveDhcp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => serveDhcp(s, event as Of<'rx.dhcp'>))),
    answerArp: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => answerArp(s, event as Of<'rx.arp'>))),
    answerEcho: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => answerEcho(s, event as Of<'rx.echo'>))),
    onR4: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => onR4(s, event as Of<'rx.r4'>))),
    onReply: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => onReply(s, event as Of<'rx.reply'>))),
    expire: enqueueActions(({ context, event, enqueue }) => perform(enqueue, context, (s) => expire(s, (event as Of<'timer.lifetime'>).nai))),
  },
}).createMachine({
  id: 'wimax-fa',
  context: ({ input }) => {
    const { env, ...config } = input;
    return { env, config, visitors: {}, haTunnels: {}, nextTransaction: 0 };
  },
  on: {
    'l2.attach': { actions: 'attach' },
    'l2.lost': { actions: 'noteLost' },
    'rx.dhcp': { actions: 'serveDhcp' },
    'rx.arp': { actions: 'answerArp' },
    'rx.echo': { actions: 'answerEcho' },
    'rx.r4': { actions: 'onR4' },
    'rx.reply': { actions: 'onReply' },
    'timer.lifetime': { guard: 'lifetime.isRunning', actions: 'expire' },
  },
});

export function faEvent(d: { packet: LayerValue; iface: string; tunnel?: string }): FaEvent | undefined {
  const p = d.packet;
  if (d.tunnel) return undefined;
  if (p.proto === 'arp') return { type: 'rx.arp', iface: d.iface, opcode: p.opcode as number, spa: p.spa as string, tpa: p.tpa as string };
  if (p.proto !== 'ip') return undefined;
  const r4 = r4Of(p);
  if (r4) return { type: 'rx.r4', ...r4 };
  const l4 = p.payload as LayerValue | undefined;
  if (l4?.proto === 'udp' && l4.dstport === MIP_PORT) {
    const m = l4.payload as LayerValue | undefined;
    return m?.proto === 'mip' && m.type === 3 ? { type: 'rx.reply', src: p.src as string, message: m } : undefined;
  }
  const client = readClientMessage(p);
  if (client) return client.giaddr === '0.0.0.0' ? { type: 'rx.dhcp', iface: d.iface, message: client, unicast: p.dst !== '255.255.255.255' } : undefined;
  if (l4?.proto === 'icmp' && l4.type === 8) {
    const data = l4.data as Uint8Array | undefined;
    return { type: 'rx.echo', iface: d.iface, src: p.src as string, dst: p.dst as string, ident: l4.ident as number, seq: l4.seq as number, ...(data && data.length > 0 ? { data } : {}) };
  }
  return undefined;
}

export function faTables(context: unknown): Tables {
  const c = context as FaContext;
  return {
    'Visitor list': Object.values(c.visitors).map((v) => ({
      MN: v.nai,
      state: v.state,
      attached: v.attached,
      'home address': v.homeAddress ?? null,
      HA: v.homeAgent ?? null,
      'R4 peer FA': v.peer ?? null,
      'R4 bearer': v.bearer ?? null,
      'expires (s)': v.expiresUs === undefined ? null : +(v.expiresUs / 1e6).toFixed(3),
    })),
    Tunnels: Object.entries(c.haTunnels).filter(([, u]) => u.length > 0).map(([ha, u]) => ({ id: haTunnelId(ha), remote: ha, encapsulation: 'ip-in-ip', users: u.length, MNs: u.join(', ') })),
  };
}

export const wimaxFa: EntityDefinition<FaEvent> = {
  role: 'FA',
  machine: faMachine,
  toEvent: faEvent,
  tables: faTables,
  timers: { 'timer.lifetime': 'visitor lifetime' },
};
