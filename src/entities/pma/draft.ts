import type { Effect } from '../../sim/effects';
import { nextIdentification, revocationTimestamp, type NodeClock } from '../../protocols/pmipv4/identification';
import { joinTunnel4, leaveTunnel4, type TunnelTable4 } from '../../protocols/pmipv4/tunnels';
import { requestPacket } from './messages';
import {
  INITIAL_REPLY_TIMEOUT_MS, type Out, type PendingRequest, type PmaConfig, type PmaContext, type PmaTimerEvent, type RequestKind, type TimerKind,
  type VisitorEntry,
} from './types';

/*
 * A working copy of the PMA's context for one step: the steps change entries, tunnels and the clock
 * here and say what to emit; `commit` gives the new context. A timer is cancelled only while it
 * runs, so the trace never shows a cancel after a fire.
 */

const TIMER_EVENT: Record<TimerKind, PmaTimerEvent['type']> = {
  radius: 'timer.radius',
  reply: 'timer.reply',
  renew: 'timer.renew',
  lifetime: 'timer.lifetime',
};

/** RFC 5944 §3.6.3: the wait doubles but stays under the lifetime asked for; the lab caps it at 16 s. */
const MAX_REPLY_TIMEOUT_MS = 16_000;

export const timerId = (kind: TimerKind, nai: string): string => `${kind}:${nai}`;

/** Route owners (src/sim/effects.ts): the reverse-tunnel route and the access route of one device. */
export const routeOwner = {
  tunnel: (nai: string): string => `visitor:${nai}`,
  homeAgent: (nai: string): string => `visitor-ha:${nai}`,
  access: (nai: string): string => `access:${nai}`,
};

type Committed = Pick<PmaContext, 'visitors' | 'tunnels' | 'clock' | 'radiusId' | 'ipcpId' | 'nextGreKey' | 'refusedBy' | 'revocations'> & { lastIdentification?: bigint };

export class Draft {
  readonly config: PmaConfig;
  visitors: Record<string, VisitorEntry>;
  tunnels: TunnelTable4;
  clock: NodeClock;
  lastIdentification: bigint | undefined;
  radiusId: number;
  ipcpId: number;
  nextGreKey: number;
  refusedBy: Record<string, number>;
  revocations: Record<string, number>;

  constructor(
    readonly context: PmaContext,
    private readonly out: Out,
  ) {
    this.config = context.config;
    this.visitors = { ...context.visitors };
    this.tunnels = context.tunnels;
    this.clock = context.clock;
    this.lastIdentification = context.lastIdentification;
    this.radiusId = context.radiusId;
    this.ipcpId = context.ipcpId;
    this.nextGreKey = context.nextGreKey;
    this.refusedBy = { ...context.refusedBy };
    this.revocations = { ...context.revocations };
  }

  get now(): number {
    return this.context.env.now();
  }

  commit(): Committed {
    return {
      visitors: this.visitors,
      tunnels: this.tunnels,
      clock: this.clock,
      radiusId: this.radiusId,
      ipcpId: this.ipcpId,
      nextGreKey: this.nextGreKey,
      refusedBy: this.refusedBy,
      revocations: this.revocations,
      ...(this.lastIdentification === undefined ? {} : { lastIdentification: this.lastIdentification }),
    };
  }

  entry(nai: string): VisitorEntry {
    const e = this.visitors[nai];
    if (!e) throw new Error(`PMA: no visitor entry for ${nai}`);
    return e;
  }

  set(nai: string, patch: Partial<VisitorEntry>): VisitorEntry {
    const e = { ...this.entry(nai), ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (e as unknown as Record<string, unknown>)[k];
    this.visitors[nai] = e;
    return e;
  }

  emit(e: Effect): void {
    this.out.emit(e);
  }

  note(text: string, section: string): void {
    this.out.emit({ type: 'note', text, section });
  }

  /** (Re)start a timer of this entry; one still running is cancelled first. */
  startTimer(nai: string, kind: TimerKind, delayMs: number): void {
    const e = this.entry(nai);
    if (e.timers.includes(kind)) this.out.cancel(timerId(kind, nai));
    this.out.raise({ type: TIMER_EVENT[kind], nai }, { id: timerId(kind, nai), delay: delayMs });
    this.set(nai, { timers: [...e.timers.filter((t) => t !== kind), kind] });
  }

  stopTimer(nai: string, kind: TimerKind): void {
    const e = this.visitors[nai];
    if (!e?.timers.includes(kind)) return;
    this.out.cancel(timerId(kind, nai));
    this.set(nai, { timers: e.timers.filter((t) => t !== kind) });
  }

  /** The timer fired: it no longer runs. */
  fired(nai: string, kind: TimerKind): void {
    const e = this.visitors[nai];
    if (e) this.set(nai, { timers: e.timers.filter((t) => t !== kind) });
  }

  /**
   * Send (or send again) a request of `kind`. Each transmission has a new Identification from the
   * clock, greater than the last (RFC 5944 §3.6.3, §5.7.1), and doubles the wait for the reply.
   */
  sendRequest(nai: string, kind: RequestKind, o: { homeAddress: string; homeAgentField: string; destination: string; lifetime: number; resynchronised?: boolean }): PendingRequest {
    const e = this.entry(nai);
    const identification = nextIdentification(this.clock, this.now, this.lastIdentification);
    this.lastIdentification = identification;
    const again = e.pending?.kind === kind ? e.pending : undefined;
    const withRevocation = this.config.revocation && this.config.faHa[o.destination] !== undefined;
    const pending: PendingRequest = again
      ? { ...again, identifications: [...again.identifications, identification], tries: again.tries + 1, timeoutMs: Math.min(again.timeoutMs * 2, MAX_REPLY_TIMEOUT_MS), sentUs: this.now }
      : { kind, identifications: [identification], ...o, sentUs: this.now, tries: 1, timeoutMs: INITIAL_REPLY_TIMEOUT_MS, withRevocation };
    if (o.resynchronised) pending.resynchronised = true;
    const next = this.set(nai, { pending });
    const r = requestPacket(this.config, next, pending, identification, withRevocation ? revocationTimestamp(this.clock, this.now) : undefined);
    this.emit({ type: 'tx', packet: r.packet, hints: r.hints });
    this.startTimer(nai, 'reply', pending.timeoutMs);
    return pending;
  }

  /**
   * RFC 5563 §4.2: the tunnel to the home agent (created for its first user), the device's traffic
   * into it (§4.2.1: by where it comes from, here a source-specific default route) and its home
   * address on the access link.
   */
  install(nai: string): void {
    const e = this.entry(nai);
    if (e.installed) return;
    const encapsulation = e.encapsulation ?? 'ip-in-ip';
    const key = e.greKeys?.toHa;
    const r = joinTunnel4(this.tunnels, { remote: e.homeAgent!, encapsulation, nai, ...(key === undefined ? {} : { key }) });
    this.tunnels = r.table;
    if (r.created) {
      this.emit({
        type: 'tunnel.add',
        tunnel: { id: r.tunnel.id, local: this.config.careOf, remote: e.homeAgent!, encap: encapsulation === 'gre' ? 'gre' : 'ip', ...(key === undefined ? {} : { key }) },
      });
    }
    this.emit({ type: 'route.add', owner: routeOwner.tunnel(nai), dst: '0.0.0.0/0', src: `${e.homeAddress!}/32`, tunnel: r.tunnel.id });
    // Even to the home agent itself (a DHCP renewal to its server): the PMA's own host route must not take the device's packets.
    this.emit({ type: 'route.add', owner: routeOwner.homeAgent(nai), dst: `${e.homeAgent!}/32`, src: `${e.homeAddress!}/32`, tunnel: r.tunnel.id });
    this.emit({ type: 'route.add', owner: routeOwner.access(nai), dst: `${e.homeAddress!}/32`, iface: e.iface });
    this.set(nai, { installed: true });
  }

  /** The device's routes go; the tunnel with its last user. */
  uninstall(nai: string): void {
    const e = this.visitors[nai];
    if (!e?.installed) return;
    this.emit({ type: 'route.remove', owner: routeOwner.tunnel(nai) });
    this.emit({ type: 'route.remove', owner: routeOwner.homeAgent(nai) });
    this.emit({ type: 'route.remove', owner: routeOwner.access(nai) });
    const id = Object.values(this.tunnels).find((t) => t.users.includes(nai))?.id;
    if (id) {
      const r = leaveTunnel4(this.tunnels, id, nai);
      this.tunnels = r.table;
      if (r.removed) {
        this.emit({ type: 'tunnel.remove', id });
        this.note(`No mobile device uses the tunnel to ${r.removed.remote} any more: ${this.config.name} removes it.`, 'RFC 5563 §4.2; seed 000 §4.1.2');
      }
    }
    this.set(nai, { installed: false });
  }

  /** Timers stopped, routes and tunnel share released, entry gone. */
  forget(nai: string): void {
    const e = this.visitors[nai];
    if (!e) return;
    for (const kind of [...e.timers]) this.stopTimer(nai, kind);
    this.uninstall(nai);
    delete this.visitors[nai];
  }
}
