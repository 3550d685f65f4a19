import type { Cursor } from './cursor';
import type { AnyField, DecodeScope, EncodeScope, Field, FieldKind } from './field';
import {
  bytesToText,
  hexN,
  ipv4FromText,
  ipv4ToText,
  ipv6FromText,
  ipv6ToText,
  macFromText,
  macToText,
  utf8FromText,
  utf8ToText,
} from './format';
import type { FieldNode, FieldValue } from './tree';
import type { Writer } from './writer';

/** The declarative field kinds: integers, addresses, bytes, bit fields and fix-ups. */

export interface Described {
  doc?: string;
  spec?: string;
}

export interface UintOptions extends Described {
  /** Names for values (status codes, types); shown as `Name (n)`. */
  values?: Readonly<Record<number, string>>;
  display?: (v: number) => string;
  hex?: boolean;
}

type Msg = Record<string, unknown>;

export function leaf(
  f: { name: string; label: string; doc?: string | undefined; spec?: string | undefined },
  start: number,
  end: number,
  value: FieldValue,
  display: string,
  extra: Partial<FieldNode> = {},
): FieldNode {
  const node: FieldNode = { name: f.name, label: f.label, start, end, value, display, ...extra };
  if (f.doc) node.doc = f.doc;
  if (f.spec) node.spec = f.spec;
  return node;
}

export function describeUint(v: number, bytes: number, o: UintOptions): string {
  if (o.display) return o.display(v);
  if (o.values) return `${o.values[v] ?? 'Unknown'} (${v})`;
  if (o.hex) return hexN(v, bytes);
  return String(v);
}

function readUint(cur: Cursor, bits: 8 | 16 | 32, what: string): number | undefined {
  return bits === 8 ? cur.u8(what) : bits === 16 ? cur.u16(what) : cur.u32(what);
}

function writeUint(w: Writer, bits: 8 | 16 | 32, v: number): void {
  if (bits === 8) w.u8(v);
  else if (bits === 16) w.u16(v);
  else w.u32(v);
}

function spanOf(scope: DecodeScope | EncodeScope, key: string, start: number, end: number): void {
  scope.spans.set(key, { start, end });
}

/** Build a field from its read/write pair; the common bookkeeping lives here. */
function simple<K extends string, V, O extends boolean>(
  key: K,
  name: string,
  label: string,
  kind: FieldKind,
  optional: O,
  o: Described,
  read: (cur: Cursor, msg: Msg) => { value: V; node: FieldValue; display: string; extra?: Partial<FieldNode> } | undefined,
  write: (w: Writer, v: V | undefined, msg: Msg) => void,
): Field<K, V, O> {
  const f: Field<K, V, O> = {
    key,
    name,
    label,
    optional,
    kind,
    ...(o.doc ? { doc: o.doc } : {}),
    ...(o.spec ? { spec: o.spec } : {}),
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const r = read(cur, msg);
      if (!r) return undefined;
      msg[key] = r.value;
      spanOf(scope, key, start, cur.pos);
      return leaf(f, start, cur.pos, r.node, r.display, r.extra);
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      write(w, msg[key] as V | undefined, msg);
      spanOf(scope, key, start, w.length);
    },
  };
  return f;
}

type UintWithDefault = UintOptions & { default: number };
type UintAll = UintOptions & { default?: number; derive?: (msg: Msg) => number | undefined };

function uint<K extends string>(bits: 8 | 16 | 32, key: K, name: string, label: string, o: UintAll): Field<K, number, boolean> {
  const optional = o.default !== undefined || o.derive !== undefined;
  return simple<K, number, boolean>(
    key,
    name,
    label,
    { t: 'uint', bits },
    optional,
    o,
    (cur) => {
      const v = readUint(cur, bits, label);
      return v === undefined ? undefined : { value: v, node: v, display: describeUint(v, bits / 8, o) };
    },
    (w, v, msg) => writeUint(w, bits, v ?? o.derive?.(msg) ?? o.default ?? 0),
  );
}

export function u8<K extends string>(key: K, name: string, label: string, o: UintWithDefault): Field<K, number, true>;
export function u8<K extends string>(key: K, name: string, label: string, o?: UintOptions): Field<K, number, false>;
export function u8<K extends string>(key: K, name: string, label: string, o: UintAll = {}): Field<K, number, boolean> {
  return uint(8, key, name, label, o);
}
export function u16<K extends string>(key: K, name: string, label: string, o: UintWithDefault): Field<K, number, true>;
export function u16<K extends string>(key: K, name: string, label: string, o?: UintOptions): Field<K, number, false>;
export function u16<K extends string>(key: K, name: string, label: string, o: UintAll = {}): Field<K, number, boolean> {
  return uint(16, key, name, label, o);
}
export function u32<K extends string>(key: K, name: string, label: string, o: UintWithDefault): Field<K, number, true>;
export function u32<K extends string>(key: K, name: string, label: string, o?: UintOptions): Field<K, number, false>;
export function u32<K extends string>(key: K, name: string, label: string, o: UintAll = {}): Field<K, number, boolean> {
  return uint(32, key, name, label, o);
}

/** An integer whose value an encoder can derive from the rest of the message (e.g. IPv6 next header). */
export function derived<K extends string>(
  bits: 8 | 16 | 32,
  key: K,
  name: string,
  label: string,
  derive: (msg: Msg) => number | undefined,
  o: UintOptions = {},
): Field<K, number, true> {
  return uint(bits, key, name, label, { ...o, derive }) as Field<K, number, true>;
}

export function u64<K extends string>(
  key: K,
  name: string,
  label: string,
  o: Described & { display?: (v: bigint) => string; node?: (v: bigint) => FieldValue } = {},
): Field<K, bigint, false> {
  return simple<K, bigint, false>(
    key,
    name,
    label,
    { t: 'u64' },
    false,
    o,
    (cur) => {
      const v = cur.u64(label);
      return v === undefined ? undefined : { value: v, node: o.node ? o.node(v) : v.toString(), display: o.display ? o.display(v) : v.toString() };
    },
    (w, v) => w.u64(v ?? 0n),
  );
}

function address<K extends string>(
  size: number,
  kind: FieldKind,
  toText: (b: Uint8Array) => string,
  fromText: (s: string) => Uint8Array,
) {
  return (key: K, name: string, label: string, o: Described = {}): Field<K, string, false> =>
    simple<K, string, false>(
      key,
      name,
      label,
      kind,
      false,
      o,
      (cur) => {
        const b = cur.bytesOf(size, label);
        if (!b) return undefined;
        const text = toText(b);
        return { value: text, node: text, display: text };
      },
      (w, v) => w.bytes(v === undefined ? new Uint8Array(size) : fromText(v)),
    );
}

export function ipv4<K extends string>(key: K, name: string, label: string, o: Described = {}): Field<K, string, false> {
  return address<K>(4, { t: 'ipv4' }, ipv4ToText, ipv4FromText)(key, name, label, o);
}
export function ipv6<K extends string>(key: K, name: string, label: string, o: Described = {}): Field<K, string, false> {
  return address<K>(16, { t: 'ipv6' }, ipv6ToText, ipv6FromText)(key, name, label, o);
}
export function mac<K extends string>(key: K, name: string, label: string, o: Described = {}): Field<K, string, false> {
  return address<K>(6, { t: 'mac' }, macToText, macFromText)(key, name, label, o);
}

export interface SizedOptions extends Described {
  /** A fixed size, or one computed from fields read before; the rest of the layer when absent. */
  size?: number | ((msg: Msg) => number);
  display?: (b: Uint8Array) => string;
}

function sizeOf(cur: Cursor, msg: Msg, size: SizedOptions['size']): number {
  if (size === undefined) return cur.remaining;
  return typeof size === 'number' ? size : Math.max(0, size(msg));
}

export function bytes<K extends string>(key: K, name: string, label: string, o: SizedOptions = {}): Field<K, Uint8Array, false> {
  return simple<K, Uint8Array, false>(
    key,
    name,
    label,
    typeof o.size === 'number' ? { t: 'bytes', size: o.size } : { t: 'bytes' },
    false,
    o,
    (cur, msg) => {
      const b = cur.bytesOf(sizeOf(cur, msg, o.size), label);
      if (!b) return undefined;
      const copy = b.slice();
      return { value: copy, node: bytesToText(copy), display: o.display ? o.display(copy) : bytesToText(copy) || '(empty)' };
    },
    (w, v) => {
      const size = typeof o.size === 'number' ? o.size : undefined;
      const b = v ?? new Uint8Array(size ?? 0);
      w.bytes(size !== undefined && b.length !== size ? fit(b, size) : b);
    },
  );
}

function fit(b: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(b.subarray(0, size));
  return out;
}

export function utf8<K extends string>(key: K, name: string, label: string, o: Described & { size?: SizedOptions['size'] } = {}): Field<K, string, false> {
  return simple<K, string, false>(
    key,
    name,
    label,
    { t: 'utf8' },
    false,
    o,
    (cur, msg) => {
      const b = cur.bytesOf(sizeOf(cur, msg, o.size), label);
      if (!b) return undefined;
      const text = utf8ToText(b);
      return { value: text, node: text, display: JSON.stringify(text) };
    },
    (w, v) => w.bytes(utf8FromText(v ?? '')),
  );
}

/** Reserved octets: sent as zero unless the message says otherwise, kept as read so nothing is lost. */
export function reserved<K extends string>(key: K, name: string, label: string, size: 1 | 2 | 4, o: Described = {}): Field<K, number, true> {
  const bits = (size * 8) as 8 | 16 | 32;
  return simple<K, number, true>(
    key,
    name,
    label,
    { t: 'uint', bits },
    true,
    o,
    (cur) => {
      const v = readUint(cur, bits, label);
      return v === undefined ? undefined : { value: v, node: v, display: hexN(v, size) };
    },
    (w, v) => writeUint(w, bits, v ?? 0),
  );
}

export type { AnyField };
