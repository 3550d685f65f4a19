import { describe, expect, it } from 'vitest';
import type { PacketEvent } from '../../../src/sim/trace';
import { arrowFor, arrowHead, badgeAt, cross, fateMark, innerText, moveArrow, openHead, partial } from '../../../src/ui/sequence/arrows';

const bounds = { left: 0, right: 2_000, charWidth: 8.9 };
const packet = (more: Partial<PacketEvent> = {}): PacketEvent => ({
  kind: 'packet', packet: 0, time: 0, link: 'l', from: 'cn', to: 'lma', bytes: '', linkType: 1, fate: 'delivered',
  summary: 'Echo (ping) request id=0x504d, seq=11', plane: 'data', ...more,
});

describe('arrow shapes', () => {
  it('cuts the polyline at a fraction of its length', () => {
    expect(partial([[0, 0], [100, 0]], 0.25)).toEqual([[0, 0], [25, 0]]);
    expect(partial([[0, 0], [10, 0], [10, 10]], 0.75)).toEqual([[0, 0], [10, 0], [10, 5]]);
    expect(partial([[0, 0], [10, 0]], 1)).toEqual([[0, 0], [10, 0]]);
  });

  it('draws a message’s head filled and the inner path’s open, through the same corners', () => {
    expect(arrowHead([0, 0], [10, 0])).toBe('M10,0L-3,6L-3,-6Z');
    expect(openHead([0, 0], [10, 0], 13, 6)).toBe('M-3,6L10,0L-3,-6');
  });

  it('marks each fate with its own shape where the message died', () => {
    expect(fateMark('lost', [0, 0], [50, 0])).toBe(cross([50, 0]));
    expect(fateMark('dropped-by-fault', [0, 0], [50, 0])).toBe(`M40,0a10,10 0 1,0 20,0a10,10 0 1,0 -20,0${cross([50, 0], 5)}`);
    // Filtered: it reached the receiver's filter: a head against a bar across the way it went.
    expect(fateMark('filtered', [0, 0], [50, 0])).toBe(`${arrowHead([0, 0], [50, 0], 11, 5)}M50,10L50,-10`);
  });
});

describe('what a tunnelled packet carries', () => {
  const addresses = { from: '2001:db8:cccc::2', to: '2001:db8:100::11', summary: '2001:db8:cccc::2 → 2001:db8:100::11' };

  it('names the inner endpoints’ lifelines and keeps the addresses', () => {
    expect(innerText(addresses, 'CN', 'MN')).toBe('carries CN → MN (2001:db8:cccc::2 → 2001:db8:100::11)');
    expect(innerText(addresses, undefined, 'MN')).toBe('carries 2001:db8:cccc::2 → MN (2001:db8:cccc::2 → 2001:db8:100::11)');
    expect(innerText(addresses)).toBe('carries 2001:db8:cccc::2 → 2001:db8:100::11');
  });

  it('adds the inner summary when it says more than the addresses (a capture’s Info line)', () => {
    expect(innerText({ ...addresses, summary: 'Echo (ping) request id=0x1' })).toBe(
      'carries 2001:db8:cccc::2 → 2001:db8:100::11: Echo (ping) request id=0x1',
    );
  });
});

describe('where an arrow’s words and badges go', () => {
  it('keeps the box of each of its words, which moves with the arrow', () => {
    const a = arrowFor(packet({ fate: 'filtered', reason: 'no route', inner: { from: 'a', to: 'b', summary: 'a → b' } }), 0, { x1: 800, x2: 400, y1: 100, y2: 140 }, bounds);
    expect(a.texts).toHaveLength(3);
    const [label] = a.texts;
    expect(label!.x1).toBeLessThan(a.labelX);
    expect(label!.x2).toBeGreaterThan(a.labelX);
    expect(label!.y1).toBeLessThan(a.labelY);
    expect(label!.y2).toBeGreaterThan(a.labelY);
    expect(moveArrow(a, 50).texts).toEqual(a.texts.map((b) => ({ ...b, y1: b.y1 + 50, y2: b.y2 + 50 })));
  });

  it('puts a badge on the line short of the mark of its fate, on the sender’s side, not across the receiver’s lifeline', () => {
    for (const fate of ['lost', 'filtered', 'delivered'] as const) {
      const a = arrowFor(packet({ fate }), 0, { x1: 800, x2: 400, y1: 100, y2: 140 }, bounds);
      const [x, y] = badgeAt(a);
      // 26 px back along the line from its end: clear of a head or mark (12 px) and the badge's radius (9 px).
      expect(Math.hypot(x - a.end[0], y - a.end[1])).toBeCloseTo(26, 5);
      expect(x).toBeGreaterThan(a.end[0]);
      expect(x).toBeGreaterThan(400);
      const along = (800 - x) / 400;
      expect(y).toBeCloseTo(100 + 40 * along, 5);
    }
  });
});
