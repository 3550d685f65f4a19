import { createActor, type AnyActorRef } from 'xstate';
import { engineClock } from './clock';
import type { EntityDefinition, Effect, Env } from './effects';
import type { Network } from './network';
import type { Agent, Delivery, SimNode } from './node';
import { parsePrefix } from './prefix';

/**
 * Runs an entity's machine on a node: packets in become machine events, emitted effects become
 * bytes, routes and tunnels, and after every step the machine's state and tables go to the trace.
 * Timers are the machine's delayed `raise`s on the engine's clock; the inspector sees them start,
 * fire and be cancelled, so the trace shows them without the machine saying so twice.
 */
export class MachineAgent implements Agent {
  readonly actor: AnyActorRef;
  /** Running timers by id, with the event each will deliver (the same object XState hands back on firing). */
  private readonly pendingTimers = new Map<string, { type: string }>();

  constructor(
    readonly net: Network,
    readonly node: SimNode,
    readonly def: EntityDefinition,
    input: Record<string, unknown>,
    /** `recordsState: false` when the node's state is recorded for several entities at once (src/sim/colocated.ts). */
    o: { recordsState?: boolean } = {},
  ) {
    const rng = net.rng.fork(`entity:${node.id}`);
    const env: Env = { now: () => net.now, random: () => rng.u32() };
    this.actor = createActor(def.machine, {
      clock: engineClock(net.engine, node.id),
      input: { ...input, env },
      inspect: (ev) => this.inspect(ev),
    });
    for (const type of EFFECTS) this.actor.on(type, (e: Effect) => this.apply(e));
    node.agent = this;
    const records = o.recordsState !== false;
    if (records) this.actor.subscribe(() => this.record());
    this.actor.start();
    if (records) this.record();
  }

  receive(d: Delivery): void {
    const ev = this.def.toEvent({ packet: d.packet, frame: d.frame, iface: d.iface.name, ...(d.tunnel ? { tunnel: d.tunnel.id } : {}) });
    if (!ev) {
      this.net.filter(d.event, `${this.node.id} ignores this packet`);
      return;
    }
    this.actor.send(ev);
  }

  send(ev: { type: string; [k: string]: unknown }): void {
    this.actor.send(ev);
  }

  private apply(e: Effect): void {
    const n = this.node;
    switch (e.type) {
      case 'tx':
        n.sendIp(e.packet, { ...(e.iface ? { iface: e.iface } : {}), ...(e.dstMac ? { dstMac: e.dstMac } : {}), ...(e.hints ? { hints: e.hints } : {}) });
        return;
      case 'tx.frame':
        n.sendFrame(e.iface, e.frame);
        return;
      case 'route.add':
        n.removeRoutes(e.owner);
        n.addRoute({
          dst: parsePrefix(e.dst),
          owner: e.owner,
          ...(e.src ? { src: parsePrefix(e.src) } : {}),
          ...(e.iface ? { iface: e.iface } : {}),
          ...(e.tunnel ? { tunnel: e.tunnel } : {}),
        });
        return;
      case 'route.remove':
        n.removeRoutes(e.owner);
        return;
      case 'tunnel.add':
        n.tunnels.set(e.tunnel.id, e.tunnel);
        return;
      case 'tunnel.remove':
        n.tunnels.delete(e.id);
        return;
      case 'address.add':
        n.addAddress(e.iface, e.addr);
        return;
      case 'address.remove':
        n.removeAddress(e.iface, e.addr);
        return;
      case 'note':
        this.net.recorder.note({ time: this.net.now, text: e.text, entity: n.id, ...(e.section ? { section: e.section } : {}) });
        return;
    }
  }

  private timerName(eventType: string): string | undefined {
    return this.def.timers?.[eventType];
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private inspect(ev: any): void {
    if (ev.actorRef !== this.actor) return;
    const now = this.net.now;
    if (ev.type === '@xstate.action') {
      const { type, params } = ev.action as { type: string; params?: { event?: { type: string }; delay?: number; id?: string; sendId?: string } };
      if (type === 'xstate.raise' && typeof params?.delay === 'number' && params.event) {
        const name = this.timerName(params.event.type);
        if (!name) return;
        if (params.id) this.pendingTimers.set(params.id, params.event);
        this.net.recorder.timer({ time: now, entity: this.node.id, name, action: 'start', expires: now + Math.round(params.delay * 1000) });
      } else if (type === 'xstate.cancel' && params?.sendId) {
        const pending = this.pendingTimers.get(params.sendId);
        const name = pending && this.timerName(pending.type);
        this.pendingTimers.delete(params.sendId);
        if (name) this.net.recorder.timer({ time: now, entity: this.node.id, name, action: 'cancel' });
      }
    } else if (ev.type === '@xstate.event' && ev.sourceRef === this.actor) {
      const name = this.timerName((ev.event as { type: string }).type);
      if (!name) return;
      // A fired timer is no longer pending: cancelling its id later must not show as a cancel.
      for (const [id, e] of this.pendingTimers) if (e === ev.event) this.pendingTimers.delete(id);
      this.net.recorder.timer({ time: now, entity: this.node.id, name, action: 'fire' });
    }
  }

  private record(): void {
    if (!this.net.recorder.states) return;
    const snap = this.actor.getSnapshot() as { value: unknown; context: unknown };
    this.net.recorder.state(this.net.now, this.node.id, flattenState(snap.value), this.def.tables(snap.context));
  }
}

const EFFECTS: Effect['type'][] = [
  'tx',
  'tx.frame',
  'route.add',
  'route.remove',
  'tunnel.add',
  'tunnel.remove',
  'address.add',
  'address.remove',
  'note',
];

/** `{ attached: { registering: 'waitingForPba' } }` → `attached.registering.waitingForPba`. */
export function flattenState(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, sub]) => `${k}.${flattenState(sub)}`)
      .join(' | ');
  }
  return String(v);
}
