import type { Effect, Env } from '../sim/effects';
import type { LayerValue } from '../wire/core';
import type { NetlmmValue } from '../wire/netlmm';
import { sctpSend, type Associations } from '../protocols/netlmm/sctp-endpoint';
import { performSctp, type SctpEnqueue } from './netlmm-sctp';

/** What every NETLMM entity's context has: a clock, its address and its SCTP associations. */
export interface NetlmmContext {
  env: Env;
  config: { address: string };
  sctp: Associations;
}

/** The part of XState's `enqueue` the rules use. */
export interface RunEnqueue<C, E> {
  assign(values: Partial<C>): void;
  emit(e: Effect): void;
  raise(e: E, o?: { id: string; delay: number }): void;
  cancel(id: string): void;
}

/**
 * One rule's work on a copy of the context, shared by the NETLMM MAG and the PMIP client: what it
 * sends, times and says goes out through `enqueue` in order, and `commit` assigns the context it
 * leaves.
 */
export class NetlmmRun<C extends NetlmmContext, E extends { type: string }> {
  ctx: C;

  constructor(
    context: C,
    private readonly enqueue: RunEnqueue<C, E>,
  ) {
    this.ctx = { ...context };
  }

  get now(): number {
    return this.ctx.env.now();
  }

  note(text: string, section: string): void {
    this.enqueue.emit({ type: 'note', text, section });
  }

  emit(e: Effect): void {
    this.enqueue.emit(e);
  }

  tx(packet: LayerValue, o: { hints?: Readonly<Record<string, unknown>>; iface?: string; dstMac?: string } = {}): void {
    this.enqueue.emit({ type: 'tx', packet, ...o });
  }

  /** A NETLMM message to `to` over the SCTP association with it. */
  send(to: string, message: NetlmmValue): void {
    const s = sctpSend(this.ctx.sctp, this.ctx.config.address, to, message, this.ctx.env.random);
    this.ctx.sctp = s.associations;
    // The machine's events include the SCTP ones: its `raise` takes them.
    performSctp(this.enqueue as unknown as SctpEnqueue, s);
  }

  start(e: E, id: string, delayMs: number): void {
    this.enqueue.raise(e, { id, delay: delayMs });
  }

  cancel(id: string): void {
    this.enqueue.cancel(id);
  }

  commit(): void {
    this.enqueue.assign(this.ctx);
  }
}

/** Run a rule on a copy of the context and assign what it leaves (for `enqueueActions`). */
export function runRule<C extends NetlmmContext, E extends { type: string }>(context: C, enqueue: unknown, f: (run: NetlmmRun<C, E>) => void): void {
  const run = new NetlmmRun<C, E>(context, enqueue as RunEnqueue<C, E>);
  f(run);
  run.commit();
}
