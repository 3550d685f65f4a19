import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ancestorsOf, bitPicture, BYTE, byteMarks, keyAt, keyOf, nodeOf, rangeOf, rangeText, valueText } from '../../../src/ui/inspector/hit';
import type { FieldNode } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import { allExamples } from '../../../src/wire/examples';

/** A hand-made tree: a layer with a plain field, a MAC with its two bit fields, and a flags byte. */
const leaf = (name: string, start: number, end: number, more: Partial<FieldNode> = {}): FieldNode =>
  ({ name, label: name, start, end, value: 0, display: '0', ...more });
const tree: FieldNode[] = [
  {
    ...leaf('eth', 0, 14, { value: null }),
    children: [
      leaf('eth.dst', 0, 6, {
        value: '02:00:00:00:00:01',
        children: [leaf('eth.dst.lg', 0, 3, { mask: 0x020000, bits: 24 }), leaf('eth.dst.ig', 0, 3, { mask: 0x010000, bits: 24 })],
      }),
      leaf('eth.src', 6, 12),
      leaf('eth.status', 0, 0, { generated: true }),
      leaf('eth.type', 12, 14),
    ],
  },
  {
    ...leaf('ip', 14, 34, { value: null }),
    children: [
      leaf('ip.version', 14, 15, { mask: 0xf0, bits: 8, value: 4, display: '0100 .... = Version: 4', label: 'Version' }),
      leaf('ip.hdr_len', 14, 15, { mask: 0x0f, bits: 8 }),
      leaf('ip.flags', 20, 21, { children: [leaf('ip.flags.df', 20, 21, { mask: 0x40, bits: 8 })] }),
      leaf('ip.payload', 21, 34, { raw: true }),
    ],
  },
];

describe('the hit-test', () => {
  it('finds the deepest field at a byte', () => {
    expect(keyAt(tree, 7)).toBe('0.1');
    expect(nodeOf(tree, keyAt(tree, 13)!)?.name).toBe('eth.type');
  });

  it('stops at a valued field rather than pick one of the bit fields that share its bytes', () => {
    expect(nodeOf(tree, keyAt(tree, 0)!)?.name).toBe('eth.dst');
    expect(nodeOf(tree, keyAt(tree, 20)!)?.name).toBe('ip.flags');
  });

  it('hits the bit fields of a layer, which are fields in their own right', () => {
    expect(nodeOf(tree, keyAt(tree, 14)!)?.name).toBe('ip.version');
  });

  it('skips generated nodes, which are not on the wire', () => {
    const only: FieldNode[] = [{ ...leaf('x', 0, 4, { value: null }), children: [leaf('x.status', 0, 4, { generated: true })] }];
    expect(keyAt(only, 1)).toBe('0');
  });

  it('finds nothing outside the layers', () => {
    expect(keyAt(tree, 40)).toBeUndefined();
    expect(keyAt([], 0)).toBeUndefined();
  });

  it('lets the innermost layer win where layers overlap', () => {
    const nested: FieldNode[] = [leaf('sctp', 0, 20, { value: null }), leaf('data', 12, 20, { value: null })];
    expect(keyAt(nested, 14)).toBe('1');
    expect(keyAt(nested, 3)).toBe('0');
  });
});

describe('keys', () => {
  it('name a node by its path and give its bytes', () => {
    expect(keyOf([1, 2, 0])).toBe('1.2.0');
    expect(nodeOf(tree, '1.2.0')?.name).toBe('ip.flags.df');
    expect(nodeOf(tree, '9')).toBeUndefined();
    expect(nodeOf(tree, '0.x')).toBeUndefined();
    expect(nodeOf(tree, '')).toBeUndefined();
    expect(rangeOf(tree, '0.3')).toEqual([12, 14]);
    expect(ancestorsOf('1.2.0')).toEqual(['1', '1.2']);
    expect(ancestorsOf('1')).toEqual([]);
  });

  it('say bytes as a learner counts them', () => {
    expect(rangeText(14, 15)).toBe('byte 14');
    expect(rangeText(14, 34)).toBe('bytes 14–33');
    expect(rangeText(5, 5)).toBe('at byte 5');
  });
});

describe('byte marks', () => {
  it('mark raw bytes, problems, and bytes no layer claims', () => {
    const marks = byteMarks(tree, [{ id: 'x', severity: 'error', message: '', start: 16, end: 18 }], 36);
    expect(marks[0]).toBe(0);
    expect(marks[21]! & BYTE.RAW).toBeTruthy();
    expect(marks[16]! & BYTE.PROBLEM).toBeTruthy();
    expect(marks[18]! & BYTE.PROBLEM).toBe(0);
    expect(marks[35]).toBe(BYTE.UNCLAIMED);
  });

  it('mark the byte before an empty problem range (a field missing at the end)', () => {
    expect(byteMarks(tree, [{ id: 'x', severity: 'warn', message: '', start: 3, end: 3 }], 14)[3]! & BYTE.PROBLEM).toBeTruthy();
  });
});

describe('bit fields', () => {
  it('are drawn bit by bit from the frame, in groups of four', () => {
    const frame = Uint8Array.of(...new Array(14).fill(0), 0x45);
    const pic = bitPicture(frame, nodeOf(tree, '1.0')!)!;
    expect(pic.map((g) => g.map((b) => b.bit).join(''))).toEqual(['0100', '....']);
    expect(pic[0]!.every((b) => b.inField)).toBe(true);
    const mac = bitPicture(Uint8Array.of(0x02, 0, 0), nodeOf(tree, '0.0.0')!)!;
    expect(mac.flat().map((b) => b.bit).join('')).toBe('......1.................');
  });

  it('are not drawn when the node is no bit field or its word is not in the frame', () => {
    expect(bitPicture(new Uint8Array(40), nodeOf(tree, '0.1')!)).toBeUndefined();
    expect(bitPicture(new Uint8Array(10), nodeOf(tree, '1.0')!)).toBeUndefined();
  });

  it('show their value without the picture and label the display repeats', () => {
    expect(valueText(nodeOf(tree, '1.0')!)).toBe('4');
    expect(valueText(leaf('a', 0, 1, { label: 'Type', display: 'Type: 5' }))).toBe('5');
    expect(valueText(leaf('b', 0, 1, { display: '1.2.3.4' }))).toBe('1.2.3.4');
  });
});

describe('on every example frame', () => {
  const examples = allExamples().map((e) => ({ name: e.name, bytes: e.build(), d: dissect(e.build(), e.linkType) }));

  it('every byte of a layer hits a field that covers it, and its key names that field', () => {
    for (const { bytes, d } of examples) {
      for (let o = 0; o < bytes.length; o++) {
        const key = keyAt(d.layers, o);
        if (key === undefined) continue;
        const n = nodeOf(d.layers, key)!;
        expect(n.start <= o && o < n.end, `${n.name} at ${o}`).toBe(true);
        expect(n.generated).toBeFalsy();
      }
    }
  });

  it('never throws on any offset, in or out of the frame', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), fc.integer({ min: -10, max: 2000 }), (i, o) => {
        const key = keyAt(examples[i]!.d.layers, o);
        if (key !== undefined) expect(nodeOf(examples[i]!.d.layers, key)).toBeDefined();
      }),
    );
  });
});
