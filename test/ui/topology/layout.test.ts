import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityInfo } from '../../../src/sim/trace';
import { along, boxEdge, boxWidth, heightFor, NODE_HEIGHT, placeNodes, widthFor, segment, tunnelCurve, type NodePlace } from '../../../src/ui/topology/layout';
import type { Attachment } from '../../../src/ui/topology/snapshot';

const lab: EntityInfo[] = [
  { id: 'mn1', label: 'MN1', role: 'MN' },
  { id: 'mn2', label: 'MN2', role: 'MN' },
  { id: 'mag1', label: 'MAG1 (PMA)', role: 'MAG' },
  { id: 'mag2', label: 'MAG2 (PMA)', role: 'MAG' },
  { id: 'aaa', label: 'AAA (RADIUS)', role: 'AAA' },
  { id: 'lma', label: 'LMA (HA)', role: 'LMA' },
  { id: 'cn', label: 'CN', role: 'CN' },
];
const size = { width: 640, height: 440 };
const byId = (places: NodePlace[]) => new Map(places.map((p) => [p.id, p]));
const atMag = (mn: string, mag: string | undefined): Attachment => (mag ? { mn, at: mag, link: `${mn}-${mag}`, attached: true } : { mn, attached: false });

describe('placing the entities', () => {
  it('stacks the roles from the CN at the top to the mobile nodes at the bottom, the AAA between two MAGs', () => {
    const p = byId(placeNodes(lab, [atMag('mn1', 'mag1'), atMag('mn2', 'mag2')], size));
    expect(p.get('cn')!.y).toBeLessThan(p.get('lma')!.y);
    expect(p.get('lma')!.y).toBeLessThan(p.get('mag1')!.y);
    expect(p.get('mag1')!.y).toBe(p.get('mag2')!.y);
    expect(p.get('mag1')!.y).toBeLessThan(p.get('mn1')!.y);
    expect(p.get('mag1')!.x).toBeLessThan(p.get('mag2')!.x);
    const aaa = p.get('aaa')!;
    expect(aaa.x).toBeCloseTo(p.get('lma')!.x, 6);
    expect(aaa.y).toBeGreaterThan(p.get('lma')!.y);
    expect(aaa.y).toBeLessThan(p.get('mag1')!.y);
  });

  it('puts the servers in a column on the right when a MAG stands in the middle', () => {
    const three = [...lab, { id: 'mag3', label: 'MAG3 (PMA)', role: 'MAG' }];
    const p = byId(placeNodes(three, [], size));
    const aaa = p.get('aaa')!;
    expect(aaa.x).toBeGreaterThan(Math.max(...['mag1', 'mag2', 'mag3'].map((id) => p.get(id)!.x)));
    expect(aaa.y).toBeGreaterThan(p.get('lma')!.y);
    expect(aaa.y).toBeLessThan(p.get('mag1')!.y);
  });

  it('puts a mobile node under the MAG it is attached to, and two side by side without overlap', () => {
    const alone = byId(placeNodes(lab, [atMag('mn1', 'mag2'), atMag('mn2', undefined)], size));
    expect(alone.get('mn1')!.x).toBe(alone.get('mag2')!.x);
    const both = byId(placeNodes(lab, [atMag('mn1', 'mag1'), atMag('mn2', 'mag1')], size));
    const [a, b] = [both.get('mn1')!, both.get('mn2')!];
    expect((a.x + b.x) / 2).toBeCloseTo(both.get('mag1')!.x, 6);
    expect(b.x - a.x).toBeGreaterThanOrEqual((a.width + b.width) / 2);
  });

  it('keeps every box inside the drawing and apart from the others, whatever the roles', () => {
    const roles = ['MN', 'MAG', 'LMA', 'HA', 'AAA', 'DHCP', 'NAT', 'CN', 'ipv6', 'ipv4', 'mac'];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9]{1,6}$/), label: fc.oneof(fc.stringMatching(/^[A-Za-z0-9 :.]{1,12}$/), fc.constant('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')), role: fc.constantFrom(...roles) }), {
          selector: (e) => e.id,
          maxLength: 40,
        }),
        fc.integer({ min: 200, max: 1200 }),
        (entities, available) => {
          const width = widthFor(entities, available);
          const height = heightFor(entities, width);
          const places = placeNodes(entities, [], { width, height });
          expect(places.map((p) => p.id)).toEqual(entities.map((e) => e.id));
          for (const p of places) {
            expect(p.x - p.width / 2).toBeGreaterThanOrEqual(-0.5);
            expect(p.x + p.width / 2).toBeLessThanOrEqual(width + 0.5);
            expect(p.y - NODE_HEIGHT / 2).toBeGreaterThanOrEqual(0);
            expect(p.y + NODE_HEIGHT / 2).toBeLessThanOrEqual(height);
          }
          for (const [i, p] of places.entries()) {
            for (const q of places.slice(i + 1)) {
              const apart = Math.abs(p.x - q.x) >= (p.width + q.width) / 2 || Math.abs(p.y - q.y) >= NODE_HEIGHT + 8;
              expect(apart, `${p.id} and ${q.id} overlap`).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('sizes a box to its label', () => {
    expect(boxWidth('MAG1 (PMA)')).toBeGreaterThan(boxWidth('CN'));
  });
});

describe('geometry', () => {
  it('finds the point a fraction of the way along a segment, and the segment as a box', () => {
    expect(along([0, 0], [10, 20], 0.5)).toEqual([5, 10]);
    expect(segment([0, 0], [0, 10])).toEqual({ x: 0, y: 5, length: 10, angle: 90 });
  });

  it('stops a line at the edge of a box', () => {
    expect(boxEdge([100, 100], [300, 100], 80, 30, 0)).toEqual([140, 100]);
    expect(boxEdge([100, 100], [100, 0], 80, 30, 0)).toEqual([100, 85]);
    expect(boxEdge([100, 100], [102, 100], 80, 30, 0)).toEqual([102, 100]);
  });

  it('bows a tunnel away from the middle of the drawing, and writes its label further out', () => {
    const left = tunnelCurve([100, 300], [300, 100], 300);
    const right = tunnelCurve([500, 300], [300, 100], 300);
    expect(left.d).toMatch(/^M100,300/);
    expect(left.label[0]).toBeLessThan(200);
    expect(right.label[0]).toBeGreaterThan(400);
  });
});
