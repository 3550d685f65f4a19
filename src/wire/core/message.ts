import { Cursor } from './cursor';
import type { AnyField, DecodeContext, DecodeScope, EncodeContext, EncodeScope, Field } from './field';
import { bytesToText } from './format';
import type { Described } from './fields';
import type { Problem } from './problem';
import type { FieldNode } from './tree';
import { Writer } from './writer';

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ValueOf<F> = F extends Field<string, infer V, boolean> ? V : never;
/** The value type a field list declares: required fields, then the ones an encoder may leave out. */
export type MessageValue<Fs extends readonly AnyField[]> = Simplify<
  { [F in Fs[number] as F['optional'] extends true ? never : F['key']]: ValueOf<F> } & {
    [F in Fs[number] as F['optional'] extends true ? F['key'] : never]?: ValueOf<F>;
  }
>;

/** A protocol layer's value: its fields plus the id that says which codec encodes it. */
export interface LayerValue {
  proto: string;
  [field: string]: unknown;
}

export interface MessageOptions<T> extends Described {
  /** A protocol layer (a top-level node of the dissection) rather than a part of one. */
  layer?: boolean;
  /** The Info-column line for this message, shown as the node's display. */
  summary?: (v: T) => string;
  /**
   * Bytes left after the last field: a `problem` (the default), Ethernet-style `padding`, or
   * `ignore` when an outer list decides.
   */
  trailing?: 'problem' | 'padding' | 'ignore';
  /** Checks that need the whole decoded message (add generated nodes, record problems). */
  check?: (v: T, node: FieldNode, ctx: DecodeContext) => void;
}

export interface Decoded<T> {
  value: T;
  node: FieldNode;
}

export interface Codec<T = unknown> {
  readonly id: string;
  readonly label: string;
  readonly fields: readonly AnyField[];
  readonly options: MessageOptions<T>;
  decode(cur: Cursor, ctx: DecodeContext): Decoded<T>;
  encode(w: Writer, value: T, ctx: EncodeContext): void;
}

export function message<const Fs extends readonly AnyField[]>(
  id: string,
  label: string,
  fields: Fs,
  options: MessageOptions<MessageValue<Fs>> = {},
): Codec<MessageValue<Fs>> {
  const keys = new Set<string>();
  for (const f of fields) {
    // A layer's value carries its protocol id in `proto`; a field of that name would overwrite it.
    if (options.layer && f.key === 'proto') throw new Error(`${id}: a layer cannot have a field keyed 'proto' (it holds the layer's protocol id)`);
    if (keys.has(f.key)) throw new Error(`${id}: field key ${f.key} is declared twice`);
    keys.add(f.key);
  }
  return {
    id,
    label,
    fields,
    options,
    decode(cur, ctx) {
      const start = cur.pos;
      const node: FieldNode = { name: id, label, start, end: start, value: null, display: label, children: [] };
      if (options.spec) node.spec = options.spec;
      if (options.doc) node.doc = options.doc;
      if (options.layer) ctx.layers.push(node);
      const msg: Record<string, unknown> = options.layer ? { proto: id } : {};
      const scope: DecodeScope = { start, cur, spans: new Map(), after: [], node };
      for (const f of fields) {
        const out = f.decode(cur, msg, ctx, scope);
        if (Array.isArray(out)) node.children!.push(...out);
        else if (out) node.children!.push(out);
      }
      if (cur.remaining > 0 && options.trailing !== 'ignore') {
        const at = cur.pos;
        const extra = cur.rest();
        const padding = options.trailing === 'padding';
        node.children!.push({
          name: padding ? `${id}.padding` : `${id}.trailing`,
          label: padding ? 'Padding' : 'Trailing bytes',
          start: at,
          end: cur.pos,
          value: bytesToText(extra),
          display: bytesToText(extra),
          raw: !padding,
        });
        if (!padding) {
          cur.problem(`${id}.trailing`, 'warn', `${extra.length} byte(s) after the end of the ${label}`, at, cur.pos);
        }
      }
      const end = cur.pos;
      // A layer ends where its payload starts, unless it has nodes after the payload (Ethernet
      // padding, trailing bytes an inner length left over): then it spans them too, so every node
      // stays inside its parent, and the payload layer overlaps it (`nodeAt` prefers the inner one).
      const payloadStart = scope.spans.get('payload')?.start;
      const fieldsAfter = payloadStart !== undefined && node.children!.some((c) => c.end > payloadStart);
      node.end = payloadStart !== undefined && !fieldsAfter ? payloadStart : end;
      for (const task of scope.after) task(end);
      const value = msg as MessageValue<Fs>;
      if (options.summary) node.display = options.summary(value);
      options.check?.(value, node, ctx);
      return { value, node };
    },
    encode(w, value, ctx) {
      const scope: EncodeScope = { start: w.length, spans: new Map(), after: [] };
      for (const f of fields) f.encode(w, value as Record<string, unknown>, ctx, scope);
      const end = w.length;
      for (const task of scope.after) task(end);
    },
  };
}

/* Protocol codecs by id, so a payload value `{ proto: 'mipv6', … }` finds its encoder. */
const protocols = new Map<string, Codec<never>>();

export function registerProtocol<T>(codec: Codec<T>): Codec<T> {
  if (protocols.has(codec.id)) throw new Error(`protocol ${codec.id} is registered twice`);
  protocols.set(codec.id, codec as unknown as Codec<never>);
  return codec;
}

export function protocolCodec(id: string): Codec<LayerValue> | undefined {
  return protocols.get(id) as unknown as Codec<LayerValue> | undefined;
}

export function registeredProtocols(): string[] {
  return [...protocols.keys()].sort();
}

export function newDecodeContext(frame: Uint8Array, problems: Problem[] = []): DecodeContext {
  return { frame, problems, layers: [], depth: 0, hints: {} };
}

/** Encode a value to fresh bytes: the usual entry point for machines and tests. */
export function encode<T>(codec: Codec<T>, value: T, ctx: Partial<EncodeContext> = {}): Uint8Array {
  const w = new Writer();
  codec.encode(w, value, { hints: {}, ...ctx });
  return w.finish();
}

/** Decode bytes that hold exactly one message of this codec, with its problems. */
export function decode<T>(
  codec: Codec<T>,
  bytes: Uint8Array,
  ctx: Partial<Omit<DecodeContext, 'frame' | 'problems' | 'layers'>> = {},
): Decoded<T> & { problems: Problem[]; layers: FieldNode[] } {
  const full = { ...newDecodeContext(bytes), ...ctx };
  const out = codec.decode(new Cursor(bytes, 0, bytes.length, full.problems, codec.id), full);
  return { ...out, problems: full.problems, layers: full.layers };
}
