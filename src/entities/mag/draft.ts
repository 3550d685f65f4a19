import type { Effect } from '../../sim/effects';
import { isUnused, joinTunnel, leaveTunnel, removeTunnel, tunnelIdFor, type TunnelTable } from '../../protocols/pmipv6';
import { MAX_BINDACK_TIMEOUT_MS, type BulEntry, type MagConfig, type MagContext, type MagTimerEvent, type Out, type PbuKind, type PendingPbu, type TimerKind } from './types';
import { magTunnel } from './ipv4-transport';
import { ipv4RouteOwner, ipv4Routes } from './ipv4-home-config';
import { magTimestamp, pbuPacket, routerAdvertisementPacket } from './messages';

/*
 * A working copy of the MAG's context for one step: the steps (steps.ts) change entries and tunnels
 * here and say what to emit; `commit` gives the new context. It also keeps the rule that a timer is
 * cancelled only while it runs, so the trace never shows a cancel after a fire.
 */

const TIMER_EVENT: Record<TimerKind, MagTimerEvent['type']> = {
  radius: 'timer.radiusRetransmit',
  pba: 'timer.pbaRetransmit',
  renew: 'timer.renew',
  lifetime: 'timer.lifetime',
  natRefresh: 'timer.natRefresh',
};

export const timerId = (kind: TimerKind, nai: string): string => `${kind}:${nai}`;

/** Route owners (src/sim/effects.ts): the tunnel route and the access route of one MN. */
export const routeOwner = { tunnel: (nai: string): string => `bul:${nai}`, access: (nai: string): string => `access:${nai}` };

export class Draft {
  readonly config: MagConfig;
  bul: Record<string, BulEntry>;
  tunnels: TunnelTable;
  seq: number;
  radiusId: number;

  constructor(
    readonly context: MagContext,
    private readonly out: Out,
  ) {
    this.config = context.config;
    this.bul = { ...context.bul };
    this.tunnels = context.tunnels;
    this.seq = context.seq;
    this.radiusId = context.radiusId;
  }

  get now(): number {
    return this.context.env.now();
  }

  commit(): Pick<MagContext, 'bul' | 'tunnels' | 'seq' | 'radiusId'> {
    return { bul: this.bul, tunnels: this.tunnels, seq: this.seq, radiusId: this.radiusId };
  }

  entry(nai: string): BulEntry {
    const e = this.bul[nai];
    if (!e) throw new Error(`MAG: no binding update list entry for ${nai}`);
    return e;
  }

  set(nai: string, patch: Partial<BulEntry>): BulEntry {
    const e = { ...this.entry(nai), ...patch };
    this.bul[nai] = e;
    return e;
  }

  drop(nai: string): void {
    delete this.bul[nai];
  }

  emit(e: Effect): void {
    this.out.emit(e);
  }

  note(text: string, section: string): void {
    this.out.emit({ type: 'note', text, section });
  }

  /** (Re)start a timer of this entry; one still running is cancelled first (XState would keep both). */
  startTimer(nai: string, kind: TimerKind, delayMs: number): void {
    const e = this.entry(nai);
    if (e.timers.includes(kind)) this.out.cancel(timerId(kind, nai));
    this.out.raise({ type: TIMER_EVENT[kind], nai }, { id: timerId(kind, nai), delay: delayMs });
    this.set(nai, { timers: [...e.timers.filter((t) => t !== kind), kind] });
  }

  stopTimer(nai: string, kind: TimerKind): void {
    const e = this.bul[nai];
    if (!e?.timers.includes(kind)) return;
    this.out.cancel(timerId(kind, nai));
    this.set(nai, { timers: e.timers.filter((t) => t !== kind) });
  }

  stopAllTimers(nai: string): void {
    for (const kind of [...(this.bul[nai]?.timers ?? [])]) this.stopTimer(nai, kind);
  }

  /** The timer fired: it no longer runs. */
  fired(nai: string, kind: TimerKind): void {
    const e = this.bul[nai];
    if (e) this.set(nai, { timers: e.timers.filter((t) => t !== kind) });
  }

  /**
   * Send (or send again) the PBU of `kind`. Every transmission takes the next value of the MAG's
   * counter and a fresh timestamp (RFC 5213 §6.9.4 ¶4, RFC 6275 §11.8: "Retransmitted Binding
   * Updates MUST use a Sequence Number value greater than that used for the previous
   * transmission"), and doubles the wait up to MAX_BINDACK_TIMEOUT (§6.9.4 ¶3).
   */
  sendPbu(nai: string, kind: PbuKind, o: { hi: number; hnp: string; lifetimeSeconds: number; retried?: boolean }): PendingPbu {
    const e = this.entry(nai);
    this.seq = (this.seq + 1) & 0xffff;
    const again = e.pending?.kind === kind && e.pending.hi === o.hi && e.pending.hnp === o.hnp ? e.pending : undefined;
    const pending: PendingPbu = again
      ? { ...again, seqs: [...again.seqs, this.seq], tries: again.tries + 1, timeoutMs: Math.min(again.timeoutMs * 2, MAX_BINDACK_TIMEOUT_MS) }
      : { kind, hi: o.hi, hnp: o.hnp, lifetimeSeconds: o.lifetimeSeconds, seqs: [this.seq], tries: 1, timeoutMs: this.config.initialBindackTimeoutMs };
    if (o.retried || e.pending?.retried) pending.retried = true;
    const next = this.set(nai, { pending, seq: this.seq });
    const timestamp = this.config.timestamps ? magTimestamp(this.config, this.now) : undefined;
    this.emit({ type: 'tx', packet: pbuPacket(this.config, next, pending, this.seq, timestamp) });
    this.startTimer(nai, 'pba', pending.timeoutMs);
    return pending;
  }

  /**
   * RFC 5213 §6.9.1.2 ¶12-13 (seed 001 §6.7): the shared tunnel to the LMA (created for the first
   * user), a source-specific default route into it for the MN's prefix, and the prefix on the
   * access link. The shared-prefix model routes the MN's home address only (seed 001 §5.3).
   */
  install(nai: string): void {
    const e = this.entry(nai);
    const lmaa = e.policy!.lmaa;
    const r = joinTunnel(this.tunnels, { local: this.config.proxyCoa, remote: lmaa, nai, bindingExpiresUs: e.expiresUs ?? this.now });
    this.tunnels = r.table;
    if (e.installed) return;
    if (r.created) {
      const t = magTunnel(this.config, e, r.tunnel.id, lmaa);
      if (t.path) this.tunnels = { ...this.tunnels, [r.tunnel.id]: { ...r.tunnel, ipv4: t.path } };
      this.emit({ type: 'tunnel.add', tunnel: t.tunnel });
    }
    // An IPv4-only MN has no IPv6 home network prefix (RFC 5844 §3.1.2.6).
    if (e.hnp) {
      this.emit({ type: 'route.add', owner: routeOwner.tunnel(nai), dst: '::/0', src: e.hnp, tunnel: r.tunnel.id });
      this.emit({ type: 'route.add', owner: routeOwner.access(nai), dst: e.hnp, iface: e.iface });
    }
    for (const route of ipv4Routes(e, r.tunnel.id)) this.emit({ type: 'route.add', ...route });
    if (e.magLinkLocal && !this.linkLocalInUse(e.iface, e.magLinkLocal, nai)) this.emit({ type: 'address.add', iface: e.iface, addr: `${e.magLinkLocal}/64` });
    this.set(nai, { installed: true });
  }

  /** RFC 5213 §6.9.1.4 steps 2-3, seed 001 §6.10 last paragraph: the MN's routes go; the tunnel only with its last user. */
  uninstall(nai: string): void {
    const e = this.bul[nai];
    if (!e?.installed) return;
    this.emit({ type: 'route.remove', owner: routeOwner.tunnel(nai) });
    this.emit({ type: 'route.remove', owner: routeOwner.access(nai) });
    if (e.ipv4Home?.address) for (const owner of [ipv4RouteOwner.tunnel(nai), ipv4RouteOwner.access(nai)]) this.emit({ type: 'route.remove', owner });
    const id = tunnelIdFor(e.policy!.lmaa);
    const r = leaveTunnel(this.tunnels, id, nai);
    this.tunnels = r.table;
    if (r.tunnel && isUnused(r.tunnel)) {
      this.tunnels = removeTunnel(this.tunnels, id);
      this.emit({ type: 'tunnel.remove', id });
      this.note(`No mobile node uses the tunnel to ${e.policy!.lmaa} any more: ${this.config.name} deletes it.`, 'seed 001 §6.10; RFC 5213 §6.9.1.4 ¶3');
    } else if (r.tunnel) {
      this.note(`The tunnel to ${e.policy!.lmaa} stays up: ${r.tunnel.users.length} other mobile node(s) still use it.`, 'seed 001 §6.6; RFC 5213 §5.6.1');
    }
    if (e.magLinkLocal && !this.linkLocalInUse(e.iface, e.magLinkLocal, nai)) this.emit({ type: 'address.remove', iface: e.iface, addr: e.magLinkLocal });
    this.set(nai, { installed: false });
  }

  private linkLocalInUse(iface: string, addr: string, except: string): boolean {
    if (this.config.accessIfaces[iface]?.linkLocal === addr) return true;
    return Object.values(this.bul).some((x) => x.nai !== except && x.installed && x.iface === iface && x.magLinkLocal === addr);
  }

  sendRouterAdvertisement(nai: string): void {
    const ra = routerAdvertisementPacket(this.config, this.entry(nai));
    this.emit({ type: 'tx', packet: ra.packet, iface: ra.iface, dstMac: ra.dstMac });
  }

  /** Timers stopped, routes and tunnel share released, entry gone (RFC 5213 §6.9.1.4 steps 1-3). */
  forget(nai: string): void {
    if (!this.bul[nai]) return;
    this.stopAllTimers(nai);
    this.uninstall(nai);
    this.drop(nai);
  }
}
