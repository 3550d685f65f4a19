import { describe, expect, it } from 'vitest';
import { bytes, decode, encode, hex, message, octetAt, Registry, u8, variant, type Codec } from '../../../src/wire/core';

// A toy protocol whose first octet picks the layout.
type V = { kind?: number; a?: number; data?: Uint8Array };
const one = message('toy.one', 'One', [u8('kind', 'toy.kind', 'Kind', { default: 1 }), u8('a', 'toy.a', 'A')]);
const raw = message('toy.raw', 'Raw', [u8('kind', 'toy.kind', 'Kind'), bytes('data', 'toy.data', 'Data')]);
const registry = new Registry<Codec<V>>('toy.kind');
registry.bind(1, one as Codec<V>);
const toy = variant<V>('toy', 'Toy', { keyAt: octetAt(0), keyOf: (v) => v.kind, registry, fallback: raw as Codec<V> });

describe('variant', () => {
  it('decodes with the codec its key octet names, without consuming the key', () => {
    const out = decode(toy, Uint8Array.of(1, 7));
    expect(out.node.name).toBe('toy.one');
    expect(out.value).toEqual({ kind: 1, a: 7 });
    expect(hex(encode(toy, { kind: 1, a: 7 }))).toBe('0107');
  });

  it('falls back for unknown keys and for empty input', () => {
    expect(decode(toy, Uint8Array.of(9, 1, 2)).node.name).toBe('toy.raw');
    expect(hex(encode(toy, { kind: 9, data: Uint8Array.of(1, 2) }))).toBe('090102');
    const empty = decode(toy, new Uint8Array(0));
    expect(empty.node.name).toBe('toy.raw');
    expect(empty.problems.map((p) => p.id)).toEqual(['toy.truncated']);
  });
});
