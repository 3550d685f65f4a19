import type { Cursor } from './cursor';
import type { EncodeContext, Field } from './field';
import { leaf, type Described } from './fields';
import type { Codec } from './message';
import type { Registry } from './registry';
import type { Writer } from './writer';

/**
 * A list of type-length-value items (mobility options, MIPv4 extensions, DHCP options, RADIUS
 * attributes, ND options). Each family says how big an item is and may insert alignment; each
 * item type is a message codec found in the family's registry, and unknown types fall back to a
 * raw codec that keeps their bytes.
 */

export interface OptionValue {
  type: number;
  [field: string]: unknown;
}

export interface OptionFamily extends Described {
  /** Used in problem ids: `mip6.option`. */
  id: string;
  registry: Registry<Codec<OptionValue>>;
  /** The codec for types the registry does not know. */
  unknown: Codec<OptionValue>;
  /** Total size of the item at `cur.pos`, read without consuming; undefined when its header is cut short. */
  sizeAt(cur: Cursor): number | undefined;
  /** Stop after an item of this type (DHCP End). */
  last?(type: number): boolean;
  /**
   * The items are children of the enclosing message, with no node for the list itself (DHCP
   * options and the sub-options of option 82 sit directly under their parent in Wireshark).
   */
  flat?: boolean;
  /** Octets an item takes at least (RADIUS: 2, its own Type and Length); a smaller size is malformed. */
  minSize?: number;
  /**
   * The codec for a malformed item (its size under `minSize`, cut short or past the end): raw bytes
   * rather than a value misread from the wrong octets; its values are marked `malformed: true` so
   * they encode back through it. By default the type's own codec.
   */
  malformed?: Codec<OptionValue>;
  /** Called before each item is written: alignment padding. `base` is the message's first byte in `w`. */
  beforeEach?(w: Writer, items: readonly OptionValue[], index: number, base: number): void;
  /** Called after the last item: padding to the message's size rule. */
  afterAll?(w: Writer, items: readonly OptionValue[], base: number): void;
}

export function optionList<K extends string>(key: K, name: string, label: string, family: OptionFamily): Field<K, OptionValue[], true> {
  const f: Field<K, OptionValue[], true> = {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'other' },
    ...(family.doc ? { doc: family.doc } : {}),
    ...(family.spec ? { spec: family.spec } : {}),
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const items: OptionValue[] = [];
      const container = leaf(f, start, start, null, '', { children: [] });
      while (cur.remaining > 0 && !cur.exhausted) {
        const at = cur.pos;
        const type = cur.peekU8()!;
        let size = family.sizeAt(cur);
        let malformed = true;
        if (size !== undefined && family.minSize !== undefined && size < family.minSize) {
          cur.problem(
            `${family.id}.len.invalid`,
            'error',
            `option type ${type} says it takes ${size} byte${size === 1 ? '' : 's'}, less than the ${family.minSize} of its own header`,
            at,
            cur.end,
          );
          size = cur.remaining;
        } else if (size === undefined || size <= 0 || size > cur.remaining) {
          cur.problem(
            `${family.id}.len.invalid`,
            'error',
            size === undefined || size <= 0
              ? `option type ${type} is cut short`
              : `option type ${type} claims ${size} bytes but only ${cur.remaining} remain`,
            at,
            cur.end,
          );
          size = cur.remaining;
        } else malformed = false;
        const sub = cur.sub(size, cur.layer);
        const raw = malformed ? family.malformed : undefined;
        const codec = raw ?? family.registry.get(type) ?? family.unknown;
        const { value, node } = codec.decode(sub, ctx);
        if (raw) value.malformed = true;
        items.push(value);
        container.children!.push(node);
        if (family.last?.(type)) break;
      }
      container.end = cur.pos;
      container.display = `${items.length} item${items.length === 1 ? '' : 's'}`;
      msg[key] = items;
      scope.spans.set(key, { start, end: cur.pos });
      if (cur.pos === start) return undefined;
      return family.flat ? container.children : container;
    },
    encode(w, msg, ctx: EncodeContext, scope) {
      const items = (msg[key] as OptionValue[] | undefined) ?? [];
      const start = w.length;
      items.forEach((item, i) => {
        family.beforeEach?.(w, items, i, scope.start);
        const raw = item.malformed === true ? family.malformed : undefined;
        const codec = raw ?? family.registry.get(item.type) ?? family.unknown;
        codec.encode(w, item, ctx);
      });
      family.afterAll?.(w, items, scope.start);
      scope.spans.set(key, { start, end: w.length });
    },
  };
  return f;
}

/** A nested message as one field (a fixed sub-structure that is not a list). */
export function struct<K extends string, T>(key: K, codec: Codec<T>): Field<K, T, false> {
  return {
    key,
    name: codec.id,
    label: codec.label,
    optional: false,
    kind: { t: 'other' },
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const { value, node } = codec.decode(cur, ctx);
      msg[key] = value;
      scope.spans.set(key, { start, end: cur.pos });
      return node;
    },
    encode(w, msg, ctx, scope) {
      const start = w.length;
      codec.encode(w, msg[key] as T, ctx);
      scope.spans.set(key, { start, end: w.length });
    },
  };
}
