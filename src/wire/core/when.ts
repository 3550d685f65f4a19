import type { Field } from './field';

type Msg = Record<string, unknown>;

/**
 * A field that is on the wire only when the message says so: GRE's checksum, key and sequence
 * number follow its C, K and S bits (RFC 2784 §2.1, RFC 2890 §2). `present` sees the fields read
 * (or given) so far; the same rule decides decoding and encoding, so the layout is written once.
 * When decoding, `remaining` is what is left of the layer (a trailing data field is absent when
 * nothing is left); when encoding it is undefined.
 */
export function when<K extends string, V>(
  present: (msg: Msg, remaining?: number) => boolean,
  field: Field<K, V, boolean>,
): Field<K, V, true> {
  return {
    ...field,
    optional: true,
    decode(cur, msg, ctx, scope) {
      return present(msg, cur.remaining) ? field.decode(cur, msg, ctx, scope) : undefined;
    },
    encode(w, msg, ctx, scope) {
      if (present(msg)) field.encode(w, msg, ctx, scope);
    },
  };
}
