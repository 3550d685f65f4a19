import { describe, expect, it } from 'vitest';
import { decode, encode, findField, hex, message, packed, payload, type Writer } from '../../../src/wire/core';
import '../../../src/wire/data';

// A toy header in IPv4's shape: version and length nibbles in one octet, flags and an offset in a
// 16-bit word whose flags tshark shows over the first octet only.
const toy = message('toy', 'Toy', [
  packed('vl', 'Version and length', 8, [
    { key: 'version', name: 'toy.version', label: 'Version', mask: 0xf0, default: 4 },
    { key: 'len', name: 'toy.len', label: 'Length', mask: 0x0f, show: (w) => w * 4, fixup: ({ start, headerEnd }) => (headerEnd - start) / 4 },
  ]),
  packed('fo', 'Flags and offset', 16, [
    { name: 'toy.flags', label: 'Flags', mask: 0xe000, at: [0, 1], children: [{ key: 'x', name: 'toy.flags.x', label: 'X', mask: 0x4000, at: [0, 1], flag: true }] },
    { key: 'offset', name: 'toy.offset', label: 'Offset', mask: 0x1fff, at: [0, 2] },
  ]),
  // A fourth octet, so the length fix-up counts one 32-bit word.
  { key: 'pad', name: 'toy.pad', label: 'Pad', optional: true, kind: { t: 'other' }, decode: (cur) => void cur.u8(), encode: (w: Writer) => void w.u8(0) },
  payload('toy.next', () => undefined),
], { layer: true });

describe('packed', () => {
  it('shows each item over its own bytes with its mask shifted there, and keeps the values by key', () => {
    const out = decode(toy, Uint8Array.of(0x41, 0x5f, 0xff, 0x00, 0xaa));
    expect(out.value.vl).toEqual({ version: 4, len: 1 });
    expect(out.value.fo).toEqual({ x: true, offset: 0x1fff });
    expect(findField(out.layers, 'toy.len')).toMatchObject({ start: 0, end: 1, value: 4, mask: 0x0f, bits: 8 });
    expect(findField(out.layers, 'toy.flags')).toMatchObject({ start: 1, end: 2, value: 2, mask: 0xe0, bits: 8 });
    expect(findField(out.layers, 'toy.flags.x')).toMatchObject({ start: 1, end: 2, value: true, mask: 0x40 });
    expect(findField(out.layers, 'toy.offset')).toMatchObject({ start: 1, end: 3, value: 0x1fff, mask: 0x1fff, bits: 16 });
    expect(findField(out.layers, 'toy.flags.x')!.display).toBe('.1.. .... = X: Set');
  });

  it('fills in defaults and fix-ups once the message is written, and keeps bits no item covers', () => {
    expect(hex(encode(toy, { proto: 'toy', fo: { x: true, offset: 3 } } as never))).toBe('41400300');
    const out = decode(toy, Uint8Array.of(0x41, 0xff, 0xff, 0x00));
    expect(out.value.fo).toEqual({ x: true, offset: 0x1fff, reserved: 0xa000 });
    expect(hex(encode(toy, out.value))).toBe('41ffff00');
  });
});
