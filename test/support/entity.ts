import { createActor, type AnyStateMachine } from 'xstate';
import { engineClock } from '../../src/sim/clock';
import type { Effect, Env } from '../../src/sim/effects';
import { Engine } from '../../src/sim/engine';
import { Rng } from '../../src/sim/rng';
import { encode, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';

/**
 * One entity's machine on the engine's clock with a seeded env, no network: what it emits is
 * collected, each effect stamped with the virtual time it was emitted at.
 */
export function harness(machine: AnyStateMachine, input: Record<string, unknown>, seed = 1) {
  const engine = new Engine();
  const rng = new Rng(seed);
  const env: Env = { now: () => engine.now, random: () => rng.u32() };
  const effects: (Effect & { at: number })[] = [];
  const actor = createActor(machine, { clock: engineClock(engine, 'test'), input: { ...input, env } });
  for (const t of ['tx', 'tx.frame', 'route.add', 'route.remove', 'tunnel.add', 'tunnel.remove', 'address.add', 'address.remove', 'note'] as const) {
    actor.on(t, (e: Effect) => effects.push({ ...e, at: engine.now }));
  }
  actor.start();
  return {
    actor,
    engine,
    env,
    effects,
    /** Move virtual time on by `ms`, firing the timers due. */
    advance: (ms: number) => engine.runUntil(engine.now + ms * 1000),
    of: <T extends Effect['type']>(type: T) => effects.filter((e): e is Extract<Effect, { type: T }> & { at: number } => e.type === type),
    context: () => actor.getSnapshot().context as Record<string, unknown>,
    state: () => actor.getSnapshot().value as unknown,
  };
}

/**
 * A `tx` as the wire sees it: put in an Ethernet frame, encoded with its hints (the node does the
 * same), then decoded again from the bytes. Returns the bytes and the decoded IP packet.
 */
export function onTheWire(e: Extract<Effect, { type: 'tx' }>, o: { srcMac?: string; dstMac?: string } = {}): { bytes: Uint8Array; packet: LayerValue; frame: LayerValue } {
  const frame = ethernetFrame({ src: o.srcMac ?? '02:00:00:00:00:01', dst: o.dstMac ?? '02:00:00:00:00:02', payload: e.packet });
  const bytes = encode(ethernet, frame, e.hints ? { hints: e.hints } : {});
  const d = dissect(bytes);
  if (!d.value) throw new Error('the frame does not decode');
  const errors = d.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the frame decodes with errors: ${errors.map((p) => p.message).join('; ')}`);
  return { bytes, frame: d.value, packet: d.value.payload as LayerValue };
}
