import { describe, expect, it } from 'vitest';
import { nodeText, printable, problemLine, seconds, treeLines } from '../../src/cli/capture-text';
import type { FieldNode } from '../../src/wire/core';

const frame = Uint8Array.of(0x45, 0x00, 0x40, 0x00, 0x12, 0x34);

describe('the text of a field tree', () => {
  it('shows label and display, or the display alone when it starts with the label', () => {
    const base = { name: 'x', start: 0, end: 1, value: 1 };
    expect(nodeText({ ...base, label: 'Time to Live', display: '64' }, frame)).toBe('Time to Live: 64');
    expect(nodeText({ ...base, label: 'Ethernet II', display: 'Ethernet II, Src: a, Dst: b' }, frame)).toBe('Ethernet II, Src: a, Dst: b');
    expect(nodeText({ ...base, label: 'Options', display: '' }, frame)).toBe('Options');
  });

  it("leads a bit field with its bit picture, computing it from the frame when the display has none", () => {
    const flag: FieldNode = { name: 'ip.flags.df', label: "Don't fragment", start: 2, end: 4, value: true, display: '.1.. .... .... .... = Set', mask: 0x4000, bits: 16 };
    expect(nodeText(flag, frame)).toBe(".1.. .... .... .... = Don't fragment: Set");
    expect(nodeText({ ...flag, display: 'Set' }, frame)).toBe(".1.. .... .... .... = Don't fragment: Set");
    const labelled: FieldNode = { ...flag, display: ".1.. .... .... .... = Don't fragment: Set" };
    expect(nodeText(labelled, frame)).toBe(".1.. .... .... .... = Don't fragment: Set");
  });

  it('indents children, gives filter name and range, and marks generated and raw nodes', () => {
    const tree: FieldNode[] = [{
      name: 'ip', label: 'Internet Protocol Version 4', start: 0, end: 6, value: null, display: 'Internet Protocol Version 4, Src: a, Dst: b',
      children: [
        { name: 'ip.checksum', label: 'Header Checksum', start: 4, end: 6, value: 0x1234, display: '0x1234',
          children: [{ name: 'ip.checksum.status', label: 'Header checksum status', start: 4, end: 6, value: 'Good', display: 'Good', generated: true }] },
        { name: 'ip.options', label: 'Options', start: 6, end: 6, value: '', display: 'Options: (0 bytes)', raw: true },
      ],
    }];
    expect(treeLines(tree, frame)).toEqual([
      '  Internet Protocol Version 4, Src: a, Dst: b  ip  [0..6)',
      '    Header Checksum: 0x1234  ip.checksum  [4..6)',
      '      [Header checksum status: Good]  ip.checksum.status  [4..6)  (generated)',
      '    Options: (0 bytes)  ip.options  [6..6)  (raw)',
    ]);
  });

  it('escapes control characters from untrusted text', () => {
    expect(printable('a\u001b[31mb\nc\u0000')).toBe('a\\x1b[31mb\\nc\\x00');
    expect(problemLine({ id: 'x.bad', severity: 'error', message: 'bad\r', start: 1, end: 3 })).toBe('error x.bad: bad\\r [1..3)');
  });

  it('prints microseconds as seconds with six decimals, negative too', () => {
    expect(seconds(0n)).toBe('0.000000');
    expect(seconds(1_234_567n)).toBe('1.234567');
    expect(seconds(-250n)).toBe('-0.000250');
  });
});
