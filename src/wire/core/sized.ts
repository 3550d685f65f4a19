import type { Field } from './field';
import { leaf } from './fields';
import { bytesToText } from './format';

type Msg = Record<string, unknown>;

export interface SizedRule {
  /** Whether the field can be read from `n` octets (an IPv4 address from exactly 4). */
  fits: (n: number) => boolean;
  /** The rule in words, for the problem: `4 octets`, `a multiple of 4 octets`. */
  expect: string;
  /** The node for the raw bytes: `dhcp.option.value`, or the field's own name when absent. */
  rawName?: string;
  /** Problem id when the size is wrong, e.g. `dhcp.option.len.invalid`. */
  problem: string;
  /** Where the raw bytes go in the message value; `raw` unless told. */
  rawKey?: string;
}

/**
 * The value of an option or attribute whose size its type fixes (a DHCP Subnet Mask, a RADIUS
 * NAS-IP-Address). Read from the rest of the item: when that many octets fit the rule, `field`
 * reads them; otherwise they become one raw node, their bytes go to `raw`, and one problem says
 * what the size should be (Wireshark's "length isn't 4"). An encoder writes `raw` when it is
 * set, so a malformed item decodes and encodes back to the same bytes.
 */
export function sized<K extends string, V, O extends boolean>(field: Field<K, V, O>, rule: SizedRule): Field<K, V, O> {
  const rawKey = rule.rawKey ?? 'raw';
  return {
    ...field,
    decode(cur, msg, ctx, scope) {
      const n = cur.remaining;
      if (rule.fits(n)) return field.decode(cur, msg, ctx, scope);
      const start = cur.pos;
      const b = cur.rest().slice();
      msg[rawKey] = b;
      scope.spans.set(field.key, { start, end: cur.pos });
      cur.problem(rule.problem, 'error', `${field.label} should take ${rule.expect} but has ${n}`, start, cur.pos);
      const text = bytesToText(b);
      return leaf({ name: rule.rawName ?? field.name, label: field.label }, start, cur.pos, text, text || '(empty)', { raw: true });
    },
    encode(w, msg: Msg, ctx, scope) {
      const raw = msg[rawKey];
      if (!(raw instanceof Uint8Array)) return field.encode(w, msg, ctx, scope);
      const start = w.length;
      w.bytes(raw);
      scope.spans.set(field.key, { start, end: w.length });
    },
  };
}
