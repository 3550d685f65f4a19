import { bitPicture } from './bitfield';
import type { Field } from './field';
import { describeUint, leaf, type Described, type UintOptions } from './fields';
import type { FieldNode } from './tree';

/**
 * A word whose parts Wireshark shows as separate items, each over its own bytes, rather than as
 * one word with children (`bitfield`): IPv4's version and header-length nibbles (one octet each),
 * its flags (octet 6) and fragment offset (octets 6–7), IPv6's version (octet 0), traffic class
 * (octets 0–3) and flow label (octets 1–3). Items with a `key` hold the message's values; an item
 * with `children` is a display-only group over its children's bits (`ip.flags` over RB/DF/MF).
 */
export interface PackedItem extends UintOptions {
  /** Where the value lives in the message; absent for a group. */
  key?: string;
  name: string;
  label: string;
  /** The item's bits, on the whole word. */
  mask: number;
  /** The bytes of the word the item covers, as [offset, size]; the whole word when absent. */
  at?: readonly [number, number];
  flag?: boolean;
  /** What an encoder writes when the message leaves the item out (a version number). */
  default?: number;
  /** The value the node shows when it is not the raw bits (`ip.hdr_len` shows bytes; the field counts words). */
  show?: (raw: number) => number;
  /** Computed on encode unless the message sets it, once the whole message is written (the IPv4 header length). */
  fixup?: (at: { start: number; headerEnd: number; end: number }) => number;
  children?: readonly PackedItem[];
}

type Leaf<P> = P extends { key: infer K extends string } ? { [k in K]?: P extends { flag: true } ? boolean : number } : never;
type Items<P> = Leaf<P> | (P extends { children: readonly (infer C)[] } ? Leaf<C> : never);
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type PackedValue<Ps extends readonly PackedItem[]> = UnionToIntersection<Items<Ps[number]>> & { reserved?: number };

const shiftOf = (mask: number): number => {
  let s = 0;
  while (s < 32 && ((mask >>> s) & 1) === 0) s++;
  return s;
};

export function packed<K extends string, const Ps extends readonly PackedItem[]>(
  key: K,
  label: string,
  width: 8 | 16 | 32,
  items: Ps,
  o: Described = {},
): Field<K, PackedValue<Ps>, true> {
  const bytes = width / 8;
  const leaves = items.flatMap((i) => (i.children ? i.children : [i])).filter((i) => i.key !== undefined);
  const covered = leaves.reduce((m, p) => (m | p.mask) >>> 0, 0);
  const full = width === 32 ? 0xffffffff : (1 << width) - 1;

  // One item as tshark shows it: its mask and bit picture are over its own bytes, not the word's.
  const node = (item: PackedItem, word: number, start: number): FieldNode => {
    const [off, size] = item.at ?? [0, bytes];
    const drop = (bytes - off - size) * 8;
    const span = size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
    const mask = ((item.mask >>> drop) & span) >>> 0;
    const part = ((word >>> drop) & span) >>> 0;
    const raw = ((word & item.mask) >>> 0) >>> shiftOf(item.mask);
    const pic = bitPicture(part, mask, size * 8);
    const value = item.flag ? raw !== 0 : (item.show?.(raw) ?? raw);
    const shown = item.flag ? (raw !== 0 ? 'Set' : 'Not set') : describeUint(raw, size, item);
    const n = leaf(item, start + off, start + off + size, value, `${pic} = ${item.label}: ${shown}`, { mask, bits: size * 8 });
    if (item.children) n.children = item.children.map((c) => node(c, word, start));
    return n;
  };

  const f: Field<K, PackedValue<Ps>, true> = {
    key,
    name: key,
    label,
    optional: true,
    kind: { t: 'bitfield', bits: width, parts: leaves.map((p) => ({ key: p.key!, mask: p.mask, flag: p.flag === true })) },
    ...(o.doc ? { doc: o.doc } : {}),
    ...(o.spec ? { spec: o.spec } : {}),
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const word = width === 8 ? cur.u8(label) : width === 16 ? cur.u16(label) : cur.u32(label);
      if (word === undefined) return undefined;
      const value: Record<string, number | boolean> = {};
      for (const p of leaves) {
        const raw = ((word & p.mask) >>> 0) >>> shiftOf(p.mask);
        value[p.key!] = p.flag ? raw !== 0 : raw;
      }
      const rest = (word & ~covered & full) >>> 0;
      if (rest !== 0) value.reserved = rest;
      msg[key] = value;
      scope.spans.set(key, { start, end: cur.pos });
      return items.map((i) => node(i, word, start));
    },
    encode(w, msg, _ctx, scope) {
      const at = w.length;
      w.zeros(bytes);
      scope.spans.set(key, { start: at, end: w.length });
      // Patched once the message is written, so a fix-up can see the header's size.
      scope.after.push((end) => {
        const v = (msg[key] ?? {}) as Record<string, number | boolean | undefined>;
        const headerEnd = scope.spans.get('payload')?.start ?? end;
        let word = (v.reserved as number | undefined) ?? 0;
        for (const p of leaves) {
          const pv = v[p.key!] ?? p.fixup?.({ start: scope.start, headerEnd, end }) ?? p.default;
          const n = typeof pv === 'boolean' ? (pv ? 1 : 0) : (pv ?? 0);
          word |= (n << shiftOf(p.mask)) & p.mask;
        }
        word = (word & full) >>> 0;
        if (width === 8) w.patchU8(at, word);
        else if (width === 16) w.patchU16(at, word);
        else w.patchU32(at, word);
      });
    },
  };
  return f;
}
