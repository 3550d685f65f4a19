import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/queue';

describe('EventQueue', () => {
  it('pops by time, then by insertion order for ties', () => {
    const q = new EventQueue<string>();
    q.push(5, 'b');
    q.push(1, 'a');
    q.push(5, 'c');
    q.push(0, 'first');
    expect([q.pop()!.item, q.pop()!.item, q.pop()!.item, q.pop()!.item, q.pop()]).toEqual(['first', 'a', 'b', 'c', undefined]);
  });

  it('skips cancelled entries and counts only live ones', () => {
    const q = new EventQueue<number>();
    const a = q.push(1, 1);
    q.push(2, 2);
    q.cancel(a);
    q.cancel(a);
    expect(q.size).toBe(1);
    expect(q.pop()!.item).toBe(2);
  });

  it('refuses times that are not whole microseconds', () => {
    expect(() => new EventQueue().push(1.5, 0)).toThrow(RangeError);
    expect(() => new EventQueue().push(-1, 0)).toThrow(RangeError);
  });

  it('never goes back in time and keeps insertion order among equals, whatever the pushes and cancels', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }), (ops) => {
        const q = new EventQueue<number>();
        const entries = ops.map(([at], i) => q.push(at, i));
        ops.forEach(([, cancel], i) => cancel && q.cancel(entries[i]!));
        let last: { at: number; seq: number } | undefined;
        let count = 0;
        for (let e = q.pop(); e; e = q.pop()) {
          expect(e.cancelled).toBe(false);
          if (last) expect(e.at > last.at || (e.at === last.at && e.seq > last.seq)).toBe(true);
          last = e;
          count++;
        }
        expect(count).toBe(ops.filter(([, c]) => !c).length);
      }),
      { numRuns: process.env.CI ? 5_000 : 500 },
    );
  });
});
