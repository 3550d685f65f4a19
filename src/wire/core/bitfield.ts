import type { Field } from './field';
import { hexN } from './format';
import { leaf, type Described, describeUint, type UintOptions } from './fields';
import type { FieldNode } from './tree';

/**
 * A word of flags and small numbers (the BU's AHLKMRPF…, IPv6's version/class/label), declared
 * by mask. Parts an encoder leaves out are zero; bits no part covers are kept in `reserved` so a
 * decode–encode round trip loses nothing.
 */
export interface Part<K extends string = string, F extends boolean = boolean> extends Described {
  key: K;
  name: string;
  mask: number;
  label: string;
  flag: F;
  o: UintOptions;
  /** What an encoder writes when the message leaves the part out (a version number). */
  default?: number;
  /** Where Wireshark shows the part, when narrower than the word (see `PartView`). */
  at?: PartView;
}

/**
 * Some octets of the word, for a part that Wireshark shows as a narrower field: RFC 5555's
 * Prefix-len is an 8-bit field (mask 0xfc) over the first octet of a 16-bit word whose P flag is
 * shown on the whole word. The part's node then spans those octets, with its mask shifted to them.
 */
export interface PartView {
  /** Octets from the start of the word. */
  offset: number;
  width: 8 | 16 | 32;
}

export function flag<K extends string>(
  key: K,
  name: string,
  mask: number,
  label: string,
  o: Described & { at?: PartView } = {},
): Part<K, true> {
  return { key, name, mask, label, flag: true, o, ...o };
}

export function bits<K extends string>(
  key: K,
  name: string,
  mask: number,
  label: string,
  o: UintOptions & { default?: number; at?: PartView } = {},
): Part<K, false> {
  return { key, name, mask, label, flag: false, o, ...o };
}

type PartValue<P> = P extends Part<infer K, infer F> ? { [k in K]?: F extends true ? boolean : number } : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type BitfieldValue<Ps extends readonly Part[]> = UnionToIntersection<PartValue<Ps[number]>> & { reserved?: number };

const shiftOf = (mask: number): number => {
  let s = 0;
  while (s < 32 && ((mask >>> s) & 1) === 0) s++;
  return s;
};

/** The bit picture tshark prints: `.... ..1. .... ....`. */
export function bitPicture(value: number, mask: number, width: number): string {
  let out = '';
  for (let i = width - 1; i >= 0; i--) {
    const m = 2 ** i;
    out += (mask & m) !== 0 ? ((value & m) !== 0 ? '1' : '0') : '.';
    if (i % 4 === 0 && i !== 0) out += ' ';
  }
  return out;
}

export function bitfield<K extends string, const Ps extends readonly Part[]>(
  key: K,
  name: string,
  label: string,
  width: 8 | 16 | 32,
  parts: Ps,
  o: Described = {},
): Field<K, BitfieldValue<Ps>, true> {
  const covered = parts.reduce((m, p) => (m | p.mask) >>> 0, 0);
  const full = width === 32 ? 0xffffffff : (1 << width) - 1;
  const f: Field<K, BitfieldValue<Ps>, true> = {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'bitfield', bits: width, parts: parts.map((p) => ({ key: p.key, mask: p.mask, flag: p.flag })) },
    ...(o.doc ? { doc: o.doc } : {}),
    ...(o.spec ? { spec: o.spec } : {}),
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const word = width === 8 ? cur.u8(label) : width === 16 ? cur.u16(label) : cur.u32(label);
      if (word === undefined) return undefined;
      const value: Record<string, number | boolean> = {};
      const children: FieldNode[] = parts.map((p) => {
        const raw = ((word & p.mask) >>> 0) >>> shiftOf(p.mask);
        // The node's octets, and the word and mask as seen from them (the whole word by default).
        const view = p.at ?? { offset: 0, width };
        const down = width - view.offset * 8 - view.width;
        const viewFull = view.width === 32 ? 0xffffffff : (1 << view.width) - 1;
        const seen = { mask: ((p.mask >>> down) & viewFull) >>> 0, bits: view.width };
        const from = start + view.offset;
        const to = from + view.width / 8;
        const pic = bitPicture(((word >>> down) & viewFull) >>> 0, seen.mask, view.width);
        if (p.flag) {
          value[p.key] = raw !== 0;
          return leaf(p, from, to, raw !== 0, `${pic} = ${raw !== 0 ? 'Set' : 'Not set'}`, seen);
        }
        value[p.key] = raw;
        return leaf(p, from, to, raw, `${pic} = ${describeUint(raw, Math.ceil(width / 8), p.o)}`, seen);
      });
      const rest = (word & ~covered & full) >>> 0;
      if (rest !== 0) value.reserved = rest;
      msg[key] = value;
      scope.spans.set(key, { start, end: cur.pos });
      return leaf(f, start, cur.pos, word, hexN(word, width / 8), { children });
    },
    encode(w, msg, _ctx, scope) {
      const v = (msg[key] ?? {}) as Record<string, number | boolean | undefined>;
      let word = (v.reserved as number | undefined) ?? 0;
      for (const p of parts) {
        const pv = v[p.key] ?? p.default;
        const n = typeof pv === 'boolean' ? (pv ? 1 : 0) : (pv ?? 0);
        word |= (n << shiftOf(p.mask)) & p.mask;
      }
      word = (word & full) >>> 0;
      const start = w.length;
      if (width === 8) w.u8(word);
      else if (width === 16) w.u16(word);
      else w.u32(word);
      scope.spans.set(key, { start, end: w.length });
    },
  };
  return f;
}
