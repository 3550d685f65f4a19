import type { Field } from './field';
import type { Codec } from './message';
import type { Registry } from './registry';

type Msg = Record<string, unknown>;

/** A size computed from fields a short message may lack (NaN from an undefined length) reads nothing. */
const finite = (n: number): number => (Number.isFinite(n) ? n : 0);

/** Any message codec, for registries of bodies; each is encoded with the whole message value. */
export type BodyCodec = Codec<never>;

/** A codec as a registry entry for `bodyByType` (value types differ by body, so the registry forgets them). */
export function asBody<T>(codec: Codec<T>): BodyCodec {
  return codec as unknown as BodyCodec;
}

export interface BodyOptions {
  /** Bytes the body takes, from fields read before it (a Routing header's length); the rest of the message when absent. */
  size?: (msg: Msg) => number;
}

/**
 * The rest of a message whose layout depends on a field read before it: an ICMPv6 message by its
 * Type, a Routing header by its Routing Type. The chosen codec's fields are read in place; their
 * nodes become children of the enclosing message and their values are merged into its value, so
 * a Router Advertisement is `{ type: 134, curHopLimit, … }` as Wireshark and scapy show it. Types
 * the registry does not know use `fallback`, which should keep the bytes raw.
 */
export function bodyByType(
  select: (msg: Msg) => number | undefined,
  registry: Registry<BodyCodec>,
  fallback: BodyCodec,
  o: BodyOptions = {},
): Field<'body', never, true> {
  const pick = (msg: Msg): Codec<Msg> => {
    const k = select(msg);
    return ((k === undefined ? undefined : registry.get(k)) ?? fallback) as unknown as Codec<Msg>;
  };
  return {
    key: 'body',
    name: 'body',
    label: 'Body',
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg, ctx) {
      const codec = pick(msg);
      const sub = o.size ? cur.sub(finite(o.size(msg)), cur.layer, codec.label) : cur;
      if (sub.remaining === 0 && codec.fields.length === 0) return undefined;
      const { value, node } = codec.decode(sub, ctx);
      for (const [k, v] of Object.entries(value)) if (!(k in msg)) msg[k] = v;
      return node.children ?? [];
    },
    encode(w, msg, ctx) {
      pick(msg).encode(w, msg, ctx);
    },
  };
}

/**
 * A field read from exactly `size(msg)` bytes (an IPv6 extension header's options, whose length
 * the header gives): a short message clips the field and records one problem, and the field
 * cannot read past its bytes into the next header.
 */
export function within<K extends string, V, O extends boolean>(field: Field<K, V, O>, size: (msg: Msg) => number): Field<K, V, O> {
  return {
    ...field,
    decode(cur, msg, ctx, scope) {
      const sub = cur.sub(finite(size(msg)), cur.layer, field.label);
      return field.decode(sub, msg, ctx, scope);
    },
  };
}
