import { describe, expect, it } from 'vitest';
import type { Fate, PacketEvent } from '../../../src/sim/trace';
import type { TimerInstance } from '../../../src/ui/sequence/timers';
import { arrowAt, arrowHead, arrowName, cross, fateMark } from '../../../src/ui/sequence/arrows';
import { layoutSequence, visibleArrows, visibleNotes, type LayoutOptions, type SequenceInput } from '../../../src/ui/sequence/layout';

const entities = ['mn', 'mag1', 'lma', 'cn'].map((id) => ({ id, label: id.toUpperCase() }));

function packet(time: number, from: string, to: string, more: Partial<PacketEvent> = {}): PacketEvent {
  return {
    kind: 'packet', packet: 0, time, link: 'l', from, to, bytes: '', linkType: 1, fate: 'delivered',
    summary: `${from}→${to}`, plane: 'control', ...more,
  };
}

const opts: LayoutOptions = { width: 1200, pxPerMs: 10, minGap: 60, maxGap: 140, top: 40 };
const lay = (packets: PacketEvent[], o: Partial<LayoutOptions> = {}, input: Partial<SequenceInput> = {}) =>
  layoutSequence({ entities, packets, ...input }, { ...opts, ...o });
const y1 = (l: ReturnType<typeof lay>, i: number): number => l.arrows[i]!.points[0]![1];
const y2 = (l: ReturnType<typeof lay>, i: number): number => l.arrows[i]!.end[1];

describe('lifelines', () => {
  it('stand in the order of the entities, evenly spaced, inside the width', () => {
    const l = lay([]);
    expect(l.lifelines.map((x) => x.id)).toEqual(['mn', 'mag1', 'lma', 'cn']);
    const xs = l.lifelines.map((x) => x.x);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0]!, 6);
    expect(l.lifelineGap).toBeCloseTo(gaps[0]!, 6);
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(l.width);
  });

  it('get a lifeline for an endpoint the entity list forgot', () => {
    const l = lay([packet(0, 'mn', 'stranger')]);
    expect(l.lifelines.map((x) => x.id)).toEqual(['mn', 'mag1', 'lma', 'cn', 'stranger']);
    expect(l.lifelines[4]!.label).toBe('stranger');
  });

  it('make the drawing wider than the room when they would be closer than the minimum', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `e${i}`, label: `E${i}` }));
    const l = layoutSequence({ entities: many, packets: [] }, { width: 600, minLifelineGap: 100 });
    expect(l.width).toBeGreaterThan(600);
    expect(l.lifelineGap).toBeGreaterThanOrEqual(100);
  });
});

describe('time runs down', () => {
  it('slants a message by its real delay: arrival below send by delay × scale', () => {
    const l = lay([packet(0, 'mag1', 'lma', { arrival: 8_000 })]);
    expect(y2(l, 0) - y1(l, 0)).toBeCloseTo(80, 6); // 8 ms at 10 px/ms
    expect(l.arrows[0]!.points[0]![0]).toBe(l.lifelines[1]!.x);
    expect(l.arrows[0]!.end[0]).toBe(l.lifelines[2]!.x);
  });

  it('draws a capture frame (no arrival) level', () => {
    const l = lay([packet(0, 'mn', 'mag1')]);
    expect(y2(l, 0)).toBe(y1(l, 0));
  });

  it('pushes simultaneous sends apart to the minimum spacing', () => {
    const l = lay([packet(0, 'mn', 'mag1'), packet(0, 'mag1', 'lma'), packet(0, 'lma', 'cn')]);
    expect(y1(l, 1) - y1(l, 0)).toBeCloseTo(60, 6);
    expect(y1(l, 2) - y1(l, 1)).toBeCloseTo(60, 6);
  });

  it('keeps two messages in flight together parallel', () => {
    const l = lay([packet(0, 'mag1', 'lma', { arrival: 8_000 }), packet(1_000, 'mag1', 'lma', { arrival: 9_000 })]);
    const slope = (i: number): number => (y2(l, i) - y1(l, i)) / (l.arrows[i]!.end[0] - l.arrows[i]!.points[0]![0]);
    expect(slope(1)).toBeCloseTo(slope(0), 6);
    expect(y1(l, 1)).toBeGreaterThan(y1(l, 0));
  });

  it('never draws a message sent after an arrival above that arrival', () => {
    const l = lay([
      packet(0, 'mn', 'mag1', { arrival: 1_000 }),
      packet(1_000, 'mag1', 'lma', { arrival: 9_000 }),
      packet(9_000, 'lma', 'mag1', { arrival: 17_000 }),
      packet(9_000, 'lma', 'cn', { arrival: 12_000 }),
    ]);
    expect(y1(l, 1)).toBeGreaterThanOrEqual(y2(l, 0));
    expect(y1(l, 2)).toBeGreaterThanOrEqual(y2(l, 1));
    expect(y1(l, 3)).toBeGreaterThanOrEqual(y1(l, 2) + 60);
  });

  it('squeezes a long quiet stretch to the largest gap and marks it with its real length', () => {
    const l = lay([packet(0, 'mn', 'mag1', { arrival: 1_000 }), packet(5_001_000, 'mn', 'mag1', { arrival: 5_002_000 })]);
    expect(y1(l, 1) - y2(l, 0)).toBeCloseTo(140, 6);
    expect(l.breaks).toHaveLength(1);
    expect(l.breaks[0]!.gapUs).toBe(5_000_000);
    expect(l.breaks[0]!.y).toBeGreaterThan(y2(l, 0));
    expect(l.breaks[0]!.y).toBeLessThan(y1(l, 1));
  });

  it('does not mark a stretch while something is in flight', () => {
    const l = lay([packet(0, 'mag1', 'lma', { arrival: 2_000_000 }), packet(3_000_000, 'mn', 'mag1')]);
    expect(l.breaks.map((b) => b.gapUs)).toEqual([1_000_000]);
  });
});

describe('messages in flight together', () => {
  it('share the band of the page when they are between other lifelines', () => {
    // MN → MAG1 and LMA → CN in flight at once: neither drawing meets the other.
    const l = lay([packet(0, 'mn', 'mag1', { arrival: 8_000 }), packet(1_000, 'lma', 'cn', { arrival: 9_000 })]);
    expect(y1(l, 1)).toBeLessThan(y2(l, 0));
    expect(y1(l, 1) - y1(l, 0)).toBeGreaterThanOrEqual(36); // the time column's two lines still fit
    expect(y1(l, 1) - y1(l, 0)).toBeLessThan(60);
  });

  it('keep their real spacing when it is wider than the row gap', () => {
    const l = lay([packet(0, 'mn', 'mag1', { arrival: 20_000 }), packet(5_000, 'lma', 'cn', { arrival: 25_000 })]);
    expect(y1(l, 1) - y1(l, 0)).toBeCloseTo(50, 6);
  });

  it('are pushed apart to the minimum gap when their drawings meet', () => {
    const l = lay([packet(0, 'mn', 'mag1', { arrival: 8_000 }), packet(1_000, 'mag1', 'lma', { arrival: 9_000 })]);
    expect(y1(l, 1) - y1(l, 0)).toBeCloseTo(60, 6);
  });

  it('are pushed apart when one label would cover the other message', () => {
    const wide = 'a summary long enough to reach across the neighbouring lifelines';
    const l = lay([packet(0, 'mn', 'mag1', { arrival: 8_000, summary: wide }), packet(1_000, 'lma', 'cn', { arrival: 9_000, summary: wide })], { width: 700 });
    expect(l.arrows[1]!.left).toBeLessThan(l.arrows[0]!.right);
    expect(y1(l, 1) - y1(l, 0)).toBeGreaterThanOrEqual(60);
  });
});

describe('tunnelled packets', () => {
  const inner = { from: '2001:db8:cccc::2', to: '2001:db8:100::11', summary: '2001:db8:cccc::2 → 2001:db8:100::11' };
  const owners = new Map([['2001:db8:cccc::2', 'cn'], ['2001:db8:100::11', 'mn']]);
  const tunnelled = [packet(0, 'lma', 'mag1', { arrival: 5_000, plane: 'data', inner, summary: 'Echo request' }), packet(5_000, 'mag1', 'mn')];

  it('show the inner path between the inner endpoints’ lifelines, under the tunnel’s arrow', () => {
    const l = lay(tunnelled, {}, { owners });
    const a = l.arrows[0]!;
    const x = (id: string): number => l.lifelines.find((f) => f.id === id)!.x;
    expect(a.points).toEqual([[x('lma'), y1(l, 0)], [x('mag1'), y2(l, 0)]]);
    expect(a.inner).toMatchObject({ x1: x('cn'), x2: x('mn'), placed: true });
    expect(a.inner!.y).toBeGreaterThan(y2(l, 0));
    expect(a.inner!.text).toBe('carries CN → MN (2001:db8:cccc::2 → 2001:db8:100::11)');
    expect(a.bottom).toBeGreaterThan(a.inner!.labelY);
  });

  it('keep the next message clear of the inner path', () => {
    const l = lay(tunnelled, {}, { owners });
    expect(l.arrows[1]!.top).toBeGreaterThanOrEqual(l.arrows[0]!.bottom);
  });

  it('let a message sent while a slow tunnelled one is in flight stand above its inner path', () => {
    const slow = [
      packet(0, 'lma', 'mag1', { arrival: 45_000, plane: 'data', inner, summary: 'Echo request' }),
      packet(10_000, 'mn', 'mag1', { arrival: 11_000 }),
    ];
    const l = lay(slow, {}, { owners });
    const [tunnel, during] = l.arrows;
    expect(during!.bottom).toBeLessThanOrEqual(tunnel!.inner!.y);
    expect(during!.y).toBeLessThan(tunnel!.end[1]);
  });

  it('fall back to the tunnel’s ends and the addresses when no lifeline owns an endpoint', () => {
    const a = lay(tunnelled).arrows[0]!;
    expect(a.inner).toMatchObject({ x1: a.points[0]![0], x2: a.end[0], placed: false });
    expect(a.inner!.text).toBe('carries 2001:db8:cccc::2 → 2001:db8:100::11');
  });

  it('say in their accessible name what they carry', () => {
    expect(arrowName(7, 'LMA', 'MAG1', 'Echo request', 215_000, 'delivered', undefined, 'carries CN → MN')).toBe(
      '8. LMA → MAG1 Echo request, 0.215 s; carries CN → MN',
    );
  });
});

describe('timers', () => {
  const timer = (entity: string, name: string, start: number, end: number, outcome: TimerInstance['outcome'], startSeq: number, endSeq?: number): TimerInstance => ({
    entity, name, start, end, outcome, startSeq, ...(endSeq === undefined ? {} : { endSeq }),
  });
  const packets = [packet(0, 'mag1', 'lma', { arrival: 5_000 }), packet(5_000, 'lma', 'mag1', { arrival: 10_000 })];

  it('span from the y of their start to the y of their end, beside their lifeline', () => {
    const l = lay(packets, {}, { timers: [timer('mag1', 'PBU retransmission', 0, 10_000, 'cancelled', 1, 2)] });
    const [s] = l.timers;
    const mag1 = l.lifelines[1]!.x;
    expect(s!.y1).toBeCloseTo(y1(l, 0), 6);
    expect(s!.y2).toBeCloseTo(y2(l, 1), 6); // stopped when the PBA arrived
    expect(s!.x).toBeGreaterThan(mag1);
    expect(s!.x - mag1).toBeLessThan(30);
  });

  it('reach past the last message to the end of the run', () => {
    const l = lay(packets, {}, { timers: [timer('lma', 'binding lifetime', 5_000, 60_000, 'running', 1)], duration: 60_000 });
    expect(l.timers[0]!.y2).toBeGreaterThan(y2(l, 1));
    expect(l.end).toMatchObject({ time: 60_000 });
    expect(l.end!.y).toBeCloseTo(l.timers[0]!.y2, 6);
    expect(l.height).toBeGreaterThan(l.timers[0]!.y2);
  });

  it('leave out timers of entities the diagram has no lifeline for', () => {
    const l = lay(packets, {}, { timers: [timer('nobody', 'x', 0, 1_000, 'expired', 0, 0)] });
    expect(l.timers).toEqual([]);
  });
});

describe('messages that never arrived', () => {
  const links = [{ id: 'l', a: 'mag1', b: 'lma', linkType: 1, delayUs: 8_000 }];
  const dead = (fate: Fate) => lay([packet(0, 'mag1', 'lma', { fate, reason: 'link down' })], {}, { links }).arrows[0]!;

  it('die half-way when lost or dropped, with their reason, and the rest of the way drawn faint', () => {
    for (const fate of ['lost', 'dropped-by-fault'] as const) {
      const a = dead(fate);
      const [x1, y] = a.points[0]!;
      const x2 = lay([]).lifelines[2]!.x;
      expect(a.dead).toBe(true);
      expect(a.end[0]).toBeCloseTo((x1 + x2) / 2, 6);
      expect(a.end[1] - y).toBeCloseTo(40, 6); // half of the link's 8 ms
      expect(a.deathLabel).toBe(`${fate}: link down`);
      expect(a.reason).toBe('link down');
      expect(a.ghost).toEqual([a.end, [x2, y + 80]]);
    }
  });

  it('end in a different mark for each fate, so colour is not the only cue', () => {
    const marks = (['lost', 'dropped-by-fault', 'filtered'] as const).map((f) => {
      const a = dead(f);
      return arrowAt(a, 1).head;
    });
    expect(marks[0]).toBe(cross(dead('lost').end));
    expect(marks[1]).toBe(fateMark('dropped-by-fault', dead('dropped-by-fault').points[0]!, dead('dropped-by-fault').end));
    expect(marks[1]).toMatch(/a10,10/); // a ring round the cross
    expect(marks[2]).toMatch(/Z M|ZM/); // a head against a bar
    expect(new Set(marks).size).toBe(3);
  });

  it('die at the receiver when filtered', () => {
    const a = dead('filtered');
    const x2 = lay([]).lifelines[2]!.x;
    expect(a.end[0]).toBeGreaterThan(a.points[0]![0] + 0.85 * (x2 - a.points[0]![0]));
  });

  it('are named with their fate and its reason', () => {
    expect(arrowName(2, 'LMA', 'MAG1', 'Proxy Binding Acknowledgement', 12_000, 'lost')).toBe(
      '3. LMA → MAG1 Proxy Binding Acknowledgement, 0.012 s, lost',
    );
    expect(arrowName(2, 'LMA', 'MAG1', 'PBA', 12_000, 'dropped-by-fault', 'dropped by an injected fault')).toBe(
      '3. LMA → MAG1 PBA, 0.012 s, dropped-by-fault: dropped by an injected fault',
    );
  });

  it('keep the next message that would run into the death label below it', () => {
    const l = lay([packet(0, 'mag1', 'lma', { fate: 'lost', reason: 'link down' }), packet(100, 'mag1', 'lma')], {}, { links });
    const [first, next] = l.arrows;
    expect(next!.top).toBeGreaterThanOrEqual(first!.bottom);
  });
});

describe('labels and names', () => {
  it('names an arrow for a screen reader as the brief shows', () => {
    expect(arrowName(2, 'MAG1', 'LMA', 'Proxy Binding Update', 12_000)).toBe('3. MAG1 → LMA Proxy Binding Update, 0.012 s');
  });

  it('cuts a long summary with an ellipsis and keeps the label inside the drawing', () => {
    const long = 'x'.repeat(400);
    const l = lay([packet(0, 'mn', 'mag1', { summary: long })]);
    const a = l.arrows[0]!;
    expect(a.label.endsWith('…')).toBe(true);
    expect(a.summary).toBe(long);
    const half = (a.label.length * 8.9) / 2;
    expect(a.labelX - half).toBeGreaterThanOrEqual(96);
    expect(a.labelX + half).toBeLessThanOrEqual(l.width);
    expect(a.labelY).toBeLessThan(a.points[0]![1]);
  });

});

describe('step notes', () => {
  it('group consecutive packets of one step into one note beside them', () => {
    const l = lay([
      packet(0, 'mn', 'mag1', { step: 'Attach' }),
      packet(1_000, 'mag1', 'lma', { step: 'Register', arrival: 9_000 }),
      packet(10_000, 'lma', 'mag1', { step: 'Register', arrival: 18_000 }),
      packet(20_000, 'mag1', 'mn'),
    ]);
    expect(l.notes.map((n) => [n.first, n.last, n.text])).toEqual([[0, 0, 'Attach'], [1, 2, 'Register']]);
    const register = l.notes[1]!;
    expect(register.y1).toBe(y1(l, 1));
    expect(register.y2).toBe(y2(l, 2));
    expect(register.x).toBeGreaterThan(Math.max(...l.lifelines.map((x) => x.x)));
  });

  it('never overlap: a long note pushes the next step down', () => {
    const text = 'a long explanation of what happens in this step, '.repeat(3);
    const l = lay([packet(0, 'mn', 'mag1', { step: text }), packet(0, 'mag1', 'lma', { step: 'next' })], { noteLineHeight: 20 });
    const first = l.notes[0]!;
    expect(first.lines.length).toBe(3);
    expect(l.notes[1]!.y1).toBeGreaterThanOrEqual(first.y1 + 3 * 20);
  });

  it('are left out when the lifelines leave no room (the inspector shows the step)', () => {
    const l = layoutSequence({ entities, packets: [packet(0, 'mn', 'mag1', { step: 'Attach' })] }, { width: 500 });
    expect(l.notes).toEqual([]);
  });
});

describe('self messages', () => {
  it('loop back to their own lifeline, below where they left', () => {
    const a = lay([packet(0, 'mag1', 'mag1')]).arrows[0]!;
    expect(a.points).toHaveLength(4);
    expect(a.end[0]).toBe(a.points[0]![0]);
    expect(a.end[1]).toBeGreaterThan(a.points[0]![1]);
  });
});

describe('drawing an arrow part of the way', () => {
  it('puts the head at the tip, pointing the way it goes', () => {
    const a = lay([packet(0, 'mn', 'mag1')]).arrows[0]!;
    const half = arrowAt(a, 0.5);
    expect(half.tip[0]).toBeCloseTo((a.points[0]![0] + a.end[0]) / 2, 6);
    expect(half.head).toBe(arrowHead(a.points[0]!, half.tip));
    expect(arrowHead([0, 0], [10, 0])).toBe('M10,0L-3,6L-3,-6Z');
  });
});

describe('virtualisation', () => {
  const many = Array.from({ length: 1000 }, (_, i) => packet(i * 1_000, i % 2 ? 'mn' : 'mag1', i % 2 ? 'mag1' : 'lma', { arrival: i * 1_000 + 500 }));
  const l = lay(many);

  it('returns only the arrows crossing the window, in order', () => {
    const shown = visibleArrows(l, 6_000, 7_000);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(25);
    for (const a of shown) expect(a.bottom >= 6_000 && a.top < 7_000).toBe(true);
    const idx = shown.map((a) => a.index);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    const all = l.arrows.filter((a) => a.bottom >= 6_000 && a.top < 7_000);
    expect(idx).toEqual(all.map((a) => a.index));
  });

  it('finds a tall arrow that starts above the window and ends inside it', () => {
    const tall = lay([packet(0, 'mag1', 'lma', { arrival: 90_000 }), packet(100_000, 'mn', 'mag1')], { maxGap: 10_000 });
    const [a] = tall.arrows;
    const shown = visibleArrows(tall, a!.end[1] - 10, a!.end[1] + 10);
    expect(shown.map((x) => x.index)).toContain(0);
  });

  it('filters notes the same way', () => {
    const withNotes = lay(many.map((p, i) => ({ ...p, step: `step ${Math.floor(i / 10)}` })));
    const shown = visibleNotes(withNotes.notes, 6_000, 7_000);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(withNotes.notes.length);
  });
});

describe('untidy input', () => {
  it('draws an entity listed twice once', () => {
    const l = layoutSequence({ entities: [...entities, entities[0]!], packets: [] }, { width: 800 });
    expect(l.lifelines.map((x) => x.id)).toEqual(['mn', 'mag1', 'lma', 'cn']);
  });

  it('keeps sends in trace order going down even when times go back', () => {
    const l = lay([packet(5_000, 'mn', 'mag1'), packet(0, 'mag1', 'lma'), packet(2_000, 'lma', 'cn')]);
    expect(y1(l, 1)).toBeGreaterThan(y1(l, 0));
    expect(y1(l, 2)).toBeGreaterThan(y1(l, 1));
  });
});
