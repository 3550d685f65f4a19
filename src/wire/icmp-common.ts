import {
  bytesToText,
  MAX_DEPTH,
  protocolCodec,
  softenTruncation,
  type DecodeContext,
  type Field,
  type FieldNode,
  type LayerValue,
} from './core';

/** Bytes to the end of the message as one node (echo data), or nothing when there are none. */
export function restData<K extends string>(key: K, name: string, label: string, doc?: string): Field<K, Uint8Array, true> {
  return {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'bytes' },
    ...(doc ? { doc } : {}),
    decode(cur, msg, _ctx, scope) {
      if (cur.remaining === 0) return undefined;
      const start = cur.pos;
      const b = cur.rest().slice();
      msg[key] = b;
      scope.spans.set(key, { start, end: cur.pos });
      const text = bytesToText(b);
      const node: FieldNode = { name, label, start, end: cur.pos, value: text, display: text };
      if (doc) node.doc = doc;
      return node;
    },
    encode(w, msg) {
      const b = msg[key] as Uint8Array | undefined;
      if (b) w.bytes(b);
    },
  };
}

/**
 * The packet an ICMP error quotes: RFC 792 "Internet Header + 64 bits of Original Data Datagram",
 * RFC 4443 §2.4(c) "as much of invoking packet as possible" within the minimum MTU. Decoded as
 * nested IP layers whose nodes are children of the ICMP node, as tshark draws them. It is cut
 * short on purpose, so the layers inside get the `incomplete` hint: no pseudo-header (their
 * checksums show as unverified) and notes, not errors, for the bytes that are missing.
 *
 * Decoding keeps the quoted bytes in `quoted` (so the message encodes back to the same bytes
 * even though the layers inside are cut short) and the decoded packet in `original`, for reading.
 * To encode, give `quoted` as a packet value (`{ proto: 'ip', … }`, encoded whole) or as bytes.
 */
export function quotedPacket(label: string): Field<'quoted', LayerValue | Uint8Array, true> {
  return {
    key: 'quoted',
    name: 'quoted',
    label,
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg, ctx, scope) {
      if (cur.remaining === 0) return undefined;
      const start = cur.pos;
      const version = (cur.peekU8() ?? 0) >> 4;
      const codec = protocolCodec(version === 6 ? 'ipv6' : version === 4 ? 'ip' : 'data');
      if (!codec) return undefined;
      if (ctx.depth >= MAX_DEPTH) {
        cur.problem(`${cur.layer}.nesting`, 'warn', `ICMP errors nested more than ${MAX_DEPTH} deep; the rest is not decoded`, start, cur.end);
        const b = cur.rest();
        msg.quoted = b.slice();
        scope.spans.set('quoted', { start, end: cur.pos });
        return { name: 'data.data', label: 'Data', start, end: cur.pos, value: bytesToText(b), display: bytesToText(b), raw: true };
      }
      const layers: FieldNode[] = [];
      const inner: DecodeContext = { ...ctx, layers, depth: ctx.depth + 1, hints: { ...ctx.hints, incomplete: true } };
      delete inner.pseudo;
      const mark = ctx.problems.length;
      const sub = cur.sub(cur.remaining, codec.id);
      msg.original = codec.decode(sub, inner).value;
      softenTruncation(ctx.problems, mark, 'an ICMP error quotes only the start of the original packet');
      // Bytes after the quoted packet's own length are left to the message (RFC 4884 extensions).
      if (sub.end < cur.pos) cur.pos = sub.end;
      msg.quoted = cur.bytes.slice(start, cur.pos);
      scope.spans.set('quoted', { start, end: cur.pos });
      return layers;
    },
    encode(w, msg, ctx, scope) {
      const v = msg.quoted as LayerValue | Uint8Array | undefined;
      if (!v) return;
      const start = w.length;
      if (v instanceof Uint8Array) w.bytes(v);
      else {
        const codec = protocolCodec(v.proto);
        if (!codec) throw new Error(`no codec is registered for quoted protocol ${v.proto}`);
        codec.encode(w, v, { hints: ctx.hints });
      }
      scope.spans.set('quoted', { start, end: w.length });
    },
  };
}
