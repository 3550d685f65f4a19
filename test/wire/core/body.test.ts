import { describe, expect, it } from 'vitest';
import { asBody, bodyByType, bytes, decode, encode, findField, hex, message, Registry, u8, within, optionList, type BodyCodec, type Codec, type OptionValue } from '../../../src/wire/core';

// A toy message whose Type picks the body, and one whose Length bounds an option list.
const one = message('toy', 'One', [u8('a', 'toy.a', 'A'), u8('b', 'toy.b', 'B')]);
const raw = message('toy', 'Raw', [bytes('data', 'toy.data', 'Data')]);
const bodies = new Registry<BodyCodec>('toy.type');
bodies.bind(1, asBody(one));
const toy = message('toy', 'Toy', [u8('type', 'toy.type', 'Type'), bodyByType((m) => m.type as number, bodies, asBody(raw))]);

const item = message('toy.item', 'Item', [u8('type', 'toy.item.type', 'Type')]);
const items = new Registry<Codec<OptionValue>>('toy.item');
const family = { id: 'toy.item', registry: items, unknown: item as unknown as Codec<OptionValue>, flat: true, sizeAt: () => 1 };
const listed = message('toy', 'Listed', [
  u8('len', 'toy.len', 'Length'),
  within(optionList('items', 'toy.items', 'Items', family), (m) => m.len as number),
  bytes('rest', 'toy.rest', 'Rest'),
]);

describe('bodyByType', () => {
  it('reads the body its type names in place, merging values and nodes into the message', () => {
    const out = decode(toy, Uint8Array.of(1, 7, 8));
    expect(out.problems).toEqual([]);
    expect(out.value).toEqual({ type: 1, a: 7, b: 8 });
    expect(out.node.children!.map((c) => c.name)).toEqual(['toy.type', 'toy.a', 'toy.b']);
    expect(hex(encode(toy, { type: 1, a: 7, b: 8 } as never))).toBe('010708');
  });

  it('falls back for types it does not know', () => {
    const out = decode(toy, Uint8Array.of(9, 1, 2));
    expect(out.value).toMatchObject({ type: 9, data: Uint8Array.of(1, 2) });
    expect(findField([out.node], 'toy.data')).toMatchObject({ start: 1, end: 3 });
  });
});

describe('within', () => {
  it('keeps a field inside the bytes a length gives it, and reports a length past the end', () => {
    const out = decode(listed, Uint8Array.of(2, 5, 6, 7));
    expect(out.value).toMatchObject({ len: 2, items: [{ type: 5 }, { type: 6 }], rest: Uint8Array.of(7) });
    const long = decode(listed, Uint8Array.of(9, 5));
    expect(long.problems.map((p) => p.id)).toEqual(['toy.len.invalid']);
  });
});
