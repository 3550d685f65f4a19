import { describe, expect, it } from 'vitest';
import { exampleTrace } from '../../../src/ui/example-trace';
import { Lab } from '../../../src/ui/state/lab.svelte';
import { keyAt, nodeOf } from '../../../src/ui/inspector/hit';

/** The example capture holds one frame of every message the lab decodes. */
const COUNT = exampleTrace().events.filter((e) => e.kind === 'packet').length;

function loaded(): Lab {
  const lab = new Lab();
  lab.load(exampleTrace(), 'examples.pcapng');
  return lab;
}

describe('the lab state', () => {
  it('starts at the first packet of a trace it loads', () => {
    const lab = loaded();
    expect(lab.name).toBe('examples.pcapng');
    expect(lab.current).toBe(0);
    expect(lab.selected).toBe(0);
    expect(lab.count).toBe(COUNT);
    expect(COUNT).toBeGreaterThan(40);
    expect(lab.atStart).toBe(true);
    expect(lab.dissection?.layers[0]?.name).toBe('eth');
  });

  it('steps, jumps and selects within the packets', () => {
    const lab = loaded();
    lab.step(1);
    lab.step(1);
    expect(lab.current).toBe(2);
    lab.step(-5);
    expect(lab.current).toBe(0);
    lab.jump('end');
    expect(lab.current).toBe(COUNT - 1);
    expect(lab.atEnd).toBe(true);
    lab.step(1);
    expect(lab.current).toBe(COUNT - 1);
    lab.select(4);
    expect(lab.selected).toBe(4);
    expect(lab.packet?.packet).toBe(4);
    lab.jump('start');
    expect(lab.current).toBe(0);
  });

  it('keeps a picked field picked across packets that have a field of that name', () => {
    const lab = loaded();
    lab.select(0); // UDP over IPv4
    const layers = lab.dissection!.layers;
    const key = keyAt(layers, 26)!;
    expect(nodeOf(layers, key)?.name).toBe('ip.src');
    lab.pickField(key);
    expect(lab.pickedRange).toEqual([26, 30]);
    lab.select(5); // an ICMP echo over IPv4
    expect(nodeOf(lab.dissection!.layers, lab.fieldKey!)?.name).toBe('ip.src');
    lab.select(1); // UDP over IPv6: no ip.src
    expect(lab.fieldKey).toBeUndefined();
    expect(lab.pickedRange).toBeUndefined();
  });

  it('picks a byte range for a problem, and hovers a field', () => {
    const lab = loaded();
    lab.pickRange(5, 5);
    expect(lab.pickedRange).toEqual([5, 6]);
    lab.hover('0.1');
    expect(lab.hoveredRange).toEqual([6, 12]);
    lab.step(1);
    expect(lab.hovered).toBeUndefined();
  });

  it('is empty before a trace is loaded', () => {
    const lab = new Lab();
    expect(lab.count).toBe(0);
    expect(lab.packet).toBeUndefined();
    expect(lab.selected).toBeUndefined();
    lab.step(1);
    expect(lab.current).toBe(0);
  });
});
