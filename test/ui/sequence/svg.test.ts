import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import type { PacketEvent, TimerEvent, Trace } from '../../../src/sim/trace';
import { sequenceInput } from '../../../src/ui/sequence/input';
import { layoutSequence } from '../../../src/ui/sequence/layout';
import { diagramSvg, esc, LIGHT } from '../../../src/ui/sequence/svg';
import { TIMER_LANES } from '../../../src/ui/sequence/timer-spans';
import { TRAFFIC_TIMERS } from '../../../src/ui/sequence/timers';
import { decodeEntities, parseXml, type XmlElement } from '../../oracle/xml';

const all = (e: XmlElement): XmlElement[] => [e, ...e.children.flatMap(all)];
const byClass = (root: XmlElement, name: string): XmlElement[] => all(root).filter((e) => (e.attrs['class'] ?? '').split(' ').includes(name));
const svgOf = (trace: Trace, maxHeight?: number) =>
  diagramSvg(layoutSequence(sequenceInput(trace), { width: 1400 }), maxHeight === undefined ? { title: `${trace.scenario}: sequence diagram` } : { title: 't', maxHeight });

describe('the diagram as an SVG file', () => {
  const trace = runScenario('pmipv6-handover');
  const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
  const svg = svgOf(trace);
  const root = parseXml(svg.markup);

  it('holds every message of the run, not only those the page has on screen', () => {
    const arrows = byClass(root, 'arrow');
    expect(arrows).toHaveLength(packets.length);
    expect(arrows.map((a) => Number(a.attrs['data-index']))).toEqual(packets.map((_, i) => i));
    expect(svg.omitted).toBe(0);
  });

  it('holds the lifelines with their names, every protocol timer, the inner paths and the step notes', () => {
    expect(byClass(root, 'lifeline')).toHaveLength(trace.entities.length);
    expect(byClass(root, 'lifeline-head')).toHaveLength(trace.entities.length);
    for (const e of trace.entities) expect(svg.markup).toContain(`>${esc(e.label)}</text>`);
    const starts = trace.events.filter((e): e is TimerEvent => e.kind === 'timer' && e.action === 'start');
    const protocol = starts.filter((e) => !TRAFFIC_TIMERS.has(e.name));
    expect(protocol.length).toBeLessThan(starts.length);
    expect(byClass(root, 'timer')).toHaveLength(protocol.length);
    expect(byClass(root, 'inner')).toHaveLength(packets.filter((p) => p.inner).length);
    expect(byClass(root, 'note').length).toBeGreaterThan(0);
    expect(svg.markup).toContain('carries CN → MN (');
  });

  it('draws the traffic generator’s timers too when the reader asked for them, as the page does', () => {
    const all = parseXml(diagramSvg(layoutSequence(sequenceInput(trace, undefined, { trafficTimers: true }), { width: 1400 }), { title: 't' }).markup);
    const starts = trace.events.filter((e) => e.kind === 'timer' && e.action === 'start').length;
    expect(byClass(all, 'timer')).toHaveLength(starts);
    expect(byClass(all, 'timer').some((g) => g.attrs['data-timer'] === 'next packet')).toBe(true);
    expect(byClass(root, 'timer').some((g) => g.attrs['data-timer'] === 'next packet')).toBe(false);
  });

  it('writes no timer’s name across a message’s words', () => {
    const layout = layoutSequence(sequenceInput(trace), { width: 1400 });
    const words = layout.arrows.flatMap((a) => a.texts);
    const names = [...svg.markup.matchAll(/<text transform="translate\(([-\d.]+) ([-\d.]+)\) rotate\(90\)"[^>]*>([^<]*)<\/text>/g)];
    expect(names.length).toBeGreaterThan(0);
    for (const [, x, y, text] of names) {
      // The name's column, from its descenders over the bar to the top of its letters.
      const [left, right, top] = [Number(x) - 8, Number(x) + 11, Number(y)];
      const bottom = top + decodeEntities(text!).length * TIMER_LANES.charWidth;
      const crossed = words.filter((w) => w.x1 < right && w.x2 > left && w.y1 < bottom && w.y2 > top);
      expect(crossed, `${text} at ${x},${y}`).toEqual([]);
    }
  });

  it('is a standalone file: its own size, background and colours, no class styling needed', () => {
    expect(root.name).toBe('svg');
    expect(root.attrs).toMatchObject({ xmlns: 'http://www.w3.org/2000/svg', width: String(svg.width), height: String(svg.height) });
    expect(svg.markup).not.toMatch(/var\(--/);
    expect(svg.markup).toContain(`fill="${LIGHT.background}"`);
    const shaft = all(byClass(root, 'arrow')[0]!).find((e) => e.attrs['class'] === 'shaft')!;
    expect(shaft.attrs['stroke']).toBe(LIGHT.control);
  });

  it('can be cut to a height, and says how many messages the cut left out', () => {
    const cut = svgOf(trace, 3_000);
    expect(cut.height).toBeLessThanOrEqual(3_000);
    expect(cut.omitted).toBeGreaterThan(0);
    const kept = byClass(parseXml(cut.markup), 'arrow').length;
    expect(kept + cut.omitted).toBe(packets.length);
    expect(cut.markup).toContain(`Cut here: messages 1 to ${kept} of ${packets.length}.`);
  });
});

describe('hostile text', () => {
  const hostile = (label: string, summary: string): Trace => {
    const base = runScenario('pmipv6-attach');
    const entities = base.entities.map((e, i) => (i === 0 ? { ...e, label } : e));
    const events = base.events.map((e) => (e.kind === 'packet' && e.packet === 0 ? { ...e, summary } : e));
    return { ...base, entities, events };
  };

  it('escapes an entity name or a summary that holds markup', () => {
    const { markup } = svgOf(hostile('<script>alert("x")</script>', `a & b <img src=x onerror='y'>`));
    expect(markup).not.toContain('<script');
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(markup).toContain('a &amp; b &lt;img src=x onerror=&apos;y&apos;&gt;');
    expect(() => parseXml(markup)).not.toThrow();
  });

  it('keeps any text intact and the file well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const { markup } = svgOf(hostile(text, text));
        const root = parseXml(markup);
        // Attribute values hold the text too (the arrow's name in its title is text content).
        const xmlSafe = [...text].filter((ch) => {
          const c = ch.codePointAt(0)!;
          return c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
        }).join('');
        expect(decodeEntities(esc(text))).toBe(xmlSafe);
        expect(root.name).toBe('svg');
        expect(byClass(root, 'arrow').length).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });
});
