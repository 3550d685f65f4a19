import type { DecodeContext, EncodeContext, Field } from './field';
import { protocolCodec, type Codec, type LayerValue } from './message';
import type { Problem } from './problem';
import { table } from './registry';

/**
 * The rest of a layer, handed to the protocol a dispatch table names (`ip.proto`, `udp.port`…).
 * The inner protocol becomes the next layer of the dissection, not a child node, as in Wireshark.
 * Bytes no table claims become a `data` layer.
 */

type Msg = Record<string, unknown>;

/** How deep encapsulations may nest before the rest is shown as data (hostile IP-in-IP chains). */
export const MAX_DEPTH = 16;

export interface PayloadOptions {
  /** Context for the inner layer: the pseudo-header for its checksum, hints. */
  inner?: (msg: Msg, ctx: DecodeContext | EncodeContext) => Partial<Pick<DecodeContext, 'pseudo' | 'hints'>>;
  /** When no key matches, try these protocols by content (e.g. the version nibble). */
  guess?: (first: number | undefined, msg: Msg, ctx: DecodeContext) => string | undefined;
  /**
   * The payload is knowingly cut short (a first fragment): the inner layers get the hint
   * `incomplete`, no pseudo-header (their checksums show as unverified), and what they say about
   * missing bytes becomes a note rather than an error. A layer under an `incomplete` hint passes it on.
   */
  incomplete?: (msg: Msg) => boolean;
}

/**
 * Problems recorded from index `from` on that only say bytes are missing become notes: the bytes
 * were cut short on purpose (a first fragment, the original packet an ICMP error quotes).
 */
export function softenTruncation(problems: Problem[], from: number, why: string): void {
  for (let i = from; i < problems.length; i++) {
    const p = problems[i]!;
    if (p.severity !== 'info' && /\.(truncated|len\.invalid)$/.test(p.id)) {
      problems[i] = { ...p, severity: 'info', message: `${p.message} (${why})` };
    }
  }
}

export function payload(
  tableName: string,
  /** The dispatch keys to try in order; `ctx` gives what outer layers passed down (SCTP's ports). */
  select: (msg: Msg, ctx: DecodeContext) => number | readonly number[] | undefined,
  o: PayloadOptions = {},
): Field<'payload', LayerValue, true> {
  return {
    key: 'payload',
    name: `${tableName}.payload`,
    label: 'Payload',
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg, ctx, scope) {
      if (cur.remaining === 0) return undefined;
      const start = cur.pos;
      const keys = select(msg, ctx);
      const list = keys === undefined ? [] : typeof keys === 'number' ? [keys] : keys;
      let codec: Codec<LayerValue> | undefined;
      for (const k of list) {
        const id = table(tableName).get(k);
        codec = id ? protocolCodec(id) : undefined;
        if (codec) break;
      }
      if (!codec && o.guess) {
        const id = o.guess(cur.peekU8(), msg, ctx);
        codec = id ? protocolCodec(id) : undefined;
      }
      if (ctx.depth >= MAX_DEPTH) {
        cur.problem(`${cur.layer}.nesting`, 'warn', `encapsulation nested more than ${MAX_DEPTH} deep; the rest is shown as data`, start, cur.end);
        codec = undefined;
      }
      codec ??= protocolCodec('data');
      const sub = cur.sub(cur.remaining, codec?.id ?? 'data');
      scope.spans.set('payload', { start, end: sub.end });
      if (!codec) return undefined;
      const extra = o.inner?.(msg, ctx) ?? {};
      const cut = o.incomplete?.(msg) === true;
      const incomplete = cut || ctx.hints.incomplete === true;
      const inner: DecodeContext = {
        ...ctx,
        depth: ctx.depth + 1,
        hints: { ...ctx.hints, ...extra.hints, ...(incomplete ? { incomplete: true } : {}) },
      };
      if (extra.pseudo && !incomplete) inner.pseudo = extra.pseudo;
      else delete inner.pseudo;
      const mark = ctx.problems.length;
      msg.payload = codec.decode(sub, inner).value;
      if (cut) softenTruncation(ctx.problems, mark, 'this is a fragment of a longer packet');
      // A payload that knows its own length (IPv4 Total Length, UDP Length) may end before this
      // layer does: give the bytes after it back, so this layer shows them (Ethernet padding) or
      // reports them, rather than leaving them covered by no node.
      if (sub.end < cur.pos) {
        cur.pos = sub.end;
        scope.spans.set('payload', { start, end: sub.end });
      }
      return undefined;
    },
    encode(w, msg, ctx, scope) {
      const v = msg.payload as LayerValue | undefined;
      if (!v) return;
      const codec = protocolCodec(v.proto);
      if (!codec) throw new Error(`no codec is registered for payload protocol ${v.proto}`);
      const start = w.length;
      const extra = o.inner?.(msg, ctx) ?? {};
      const inner: EncodeContext = { hints: { ...ctx.hints, ...extra.hints } };
      if (extra.pseudo) inner.pseudo = extra.pseudo;
      codec.encode(w, v, inner);
      scope.spans.set('payload', { start, end: w.length });
    },
  };
}

/** The key a dispatch table has for a payload value: what an encoder writes in next-header fields. */
export function keyForPayload(tableName: string, msg: Msg): number | undefined {
  const v = msg.payload as LayerValue | undefined;
  return v ? table(tableName).keyOf(v.proto) : undefined;
}
