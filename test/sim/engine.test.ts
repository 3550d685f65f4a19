import { createActor, createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { engineClock } from '../../src/sim/clock';
import { Engine } from '../../src/sim/engine';
import { Rng } from '../../src/sim/rng';

describe('Engine', () => {
  it('runs events in time order and moves the clock with them', () => {
    const e = new Engine();
    const seen: string[] = [];
    e.schedule(2000, 'late', () => seen.push(`late@${e.now}`));
    e.schedule(1000, 'early', () => {
      seen.push(`early@${e.now}`);
      e.schedule(500, 'nested', () => seen.push(`nested@${e.now}`));
    });
    e.runAll();
    expect(seen).toEqual(['early@1000', 'nested@1500', 'late@2000']);
  });

  it('stops at runUntil and leaves later events pending', () => {
    const e = new Engine();
    let fired = 0;
    e.schedule(10, 'a', () => fired++);
    e.schedule(30, 'b', () => fired++);
    e.runUntil(20);
    expect([fired, e.now, e.pending]).toEqual([1, 20, 1]);
  });

  it('does not run a cancelled event', () => {
    const e = new Engine();
    let fired = false;
    const h = e.schedule(10, 'x', () => (fired = true));
    e.cancel(h);
    e.runAll();
    expect(fired).toBe(false);
  });

  it('stops a runaway schedule with a clear error', () => {
    const e = new Engine();
    const again = (): void => void e.schedule(1, 'again', again);
    again();
    expect(() => e.runAll(100)).toThrow(/runaway/);
  });

  it("drives XState's delayed transitions on virtual time", () => {
    const e = new Engine();
    const machine = createMachine({
      initial: 'waiting',
      states: { waiting: { after: { 1500: 'done' } }, done: {} },
    });
    const actor = createActor(machine, { clock: engineClock(e, 'test') }).start();
    e.runUntil(1_499_000);
    expect(actor.getSnapshot().value).toBe('waiting');
    e.runUntil(1_500_000);
    expect(actor.getSnapshot().value).toBe('done');
  });
});

describe('Rng', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const draw = (r: Rng): number[] => Array.from({ length: 8 }, () => r.u32());
    const da = draw(a);
    expect(draw(b)).toEqual(da);
    expect(draw(c)).not.toEqual(da);
  });

  it('forks streams that do not disturb the parent', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    a.fork('link');
    expect(a.u32()).toBe(b.u32());
    expect(new Rng(7).fork('x').u32()).toBe(new Rng(7).fork('x').u32());
    expect(new Rng(7).fork('x').u32()).not.toBe(new Rng(7).fork('y').u32());
  });

  it('draws floats in [0, 1) and integers within bounds', () => {
    const r = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
  });
});
