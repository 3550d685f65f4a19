import type { ActorOptions, AnyActorLogic } from 'xstate';
import type { Engine } from './engine';

/** XState's clock interface, which the package does not export by name. */
export type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/**
 * XState's `Clock` over the engine, so every delayed transition (`after`, `sendTo` with a delay)
 * is an event in our queue at a whole microsecond, ordered with everything else. XState counts
 * delays in milliseconds.
 */
export function engineClock(engine: Engine, owner: string): Clock {
  return {
    setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number) {
      return engine.schedule(Math.max(0, timeoutMs) * 1000, `${owner} timer`, () => fn());
    },
    clearTimeout(handle: unknown) {
      if (handle) engine.cancel(handle as Parameters<Engine['cancel']>[0]);
    },
  };
}
