import type { DecodeContext, DecodeScope, EncodeContext, EncodeScope, Field } from './field';
import { leaf, type Described } from './fields';
import { hexN } from './format';
import type { FieldNode } from './tree';

/**
 * Fields an encoder computes unless the message sets them (STYLE.md principle 4): lengths and
 * checksums. A fault or a lesson can set a wrong value on purpose; the decoder then says what the
 * value should have been.
 */

type Msg = Record<string, unknown>;

export interface LengthOptions extends Described {
  /** Units the field counts in (8 for the MH Header Len). */
  unit?: number;
  /** Added to the count (−1 for the MH Header Len, which excludes the first 8 octets). */
  adjust?: number;
  /**
   * Where counting starts: the message's first byte, right after this field, after a named field
   * read before this one, or a fixed offset into the message (IPv6 Payload Length counts from
   * octet 40, after addresses that come later in the header).
   */
  from?: 'message' | 'next' | { after: string } | { at: number };
  /** Where counting stops on encode: the end of the message (the default) or where its payload starts (an IPv6 extension header's own length). */
  to?: 'end' | 'payload';
  /** On decode, limit the rest of the message to what the length says. */
  bounds?: boolean;
  display?: (v: number) => string;
}

function fromPos(scope: DecodeScope | EncodeScope, o: LengthOptions, fieldEnd: number): number {
  const from = o.from ?? 'message';
  if (from === 'message') return scope.start;
  if (from === 'next') return fieldEnd;
  if ('at' in from) return scope.start + from.at;
  return scope.spans.get(from.after)?.end ?? fieldEnd;
}

export function length<K extends string>(
  key: K,
  name: string,
  label: string,
  width: 8 | 16 | 32,
  o: LengthOptions = {},
): Field<K, number, true> {
  const unit = o.unit ?? 1;
  const adjust = o.adjust ?? 0;
  const size = width / 8;
  const f: Field<K, number, true> = {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'fixup' },
    ...(o.doc ? { doc: o.doc } : {}),
    ...(o.spec ? { spec: o.spec } : {}),
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const v = width === 8 ? cur.u8(label) : width === 16 ? cur.u16(label) : cur.u32(label);
      if (v === undefined) return undefined;
      msg[key] = v;
      scope.spans.set(key, { start, end: cur.pos });
      if (o.bounds) {
        const base = fromPos(scope, o, cur.pos);
        const want = base + (v - adjust) * unit;
        if (want > cur.end) {
          cur.problem(
            `${cur.layer}.len.invalid`,
            'error',
            `${label} says ${want - scope.start} bytes but only ${cur.end - scope.start} are there`,
            start,
            cur.pos,
          );
        } else if (want < cur.pos) {
          cur.problem(`${cur.layer}.len.invalid`, 'error', `${label} ${v} is too small for the fixed fields`, start, cur.pos);
        } else {
          cur.end = want;
        }
      }
      return leaf(f, start, cur.pos, v, o.display ? o.display(v) : String(v));
    },
    encode(w, msg, _ctx, scope) {
      const at = w.length;
      w.zeros(size);
      scope.spans.set(key, { start: at, end: w.length });
      const fieldEnd = w.length;
      scope.after.push((end) => {
        const given = msg[key] as number | undefined;
        const stop = o.to === 'payload' ? (scope.spans.get('payload')?.start ?? end) : end;
        const v = given ?? Math.floor((stop - fromPos(scope, o, fieldEnd)) / unit) + adjust;
        if (width === 8) w.patchU8(at, v);
        else if (width === 16) w.patchU16(at, v);
        else w.patchU32(at, v);
      });
    },
  };
  return f;
}

export interface ChecksumInput {
  /** The whole message (payload included) with the checksum field zeroed. */
  bytes: Uint8Array;
  /** Offset in `bytes` where the payload starts (the end of the header). */
  headerEnd: number;
  ctx: DecodeContext | EncodeContext;
  msg: Msg;
}

export interface ChecksumOptions extends Described {
  width?: 16 | 32;
  /** The right value, or undefined when it cannot be known here (no pseudo-header). */
  compute: (c: ChecksumInput) => number | undefined;
  /** A zero value means "no checksum" (UDP over IPv4, RFC 768). */
  zeroMeansNone?: boolean;
  /** Bytes of the value as written on the wire; SCTP's CRC-32C goes least significant octet first. */
  littleEndian?: boolean;
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

export function checksum<K extends string>(key: K, name: string, label: string, o: ChecksumOptions): Field<K, number, true> {
  const width = o.width ?? 16;
  const size = width / 8;
  const f: Field<K, number, true> = {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'fixup' },
    ...(o.doc ? { doc: o.doc } : {}),
    ...(o.spec ? { spec: o.spec } : {}),
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const raw = width === 16 ? cur.u16(label) : cur.u32(label);
      if (raw === undefined) return undefined;
      const v = o.littleEndian ? swap32(raw) : raw;
      msg[key] = v;
      scope.spans.set(key, { start, end: cur.pos });
      const node = leaf(f, start, cur.pos, v, hexN(v, size));
      scope.after.push((end) => {
        const bytes = ctx.frame.slice(scope.start, end);
        bytes.fill(0, start - scope.start, start - scope.start + size);
        const headerEnd = (scope.spans.get('payload')?.start ?? end) - scope.start;
        const status = statusNode(o, { bytes, headerEnd, ctx, msg }, v, name, start, start + size, size);
        node.children = [status.node];
        if (status.bad) {
          cur.problem(`${name}.bad`, 'error', `${label} is ${hexN(v, size)} but should be ${hexN(status.want!, size)}`, start, start + size);
        }
      });
      return node;
    },
    encode(w, msg, ctx, scope) {
      const at = w.length;
      w.zeros(size);
      scope.spans.set(key, { start: at, end: w.length });
      scope.after.push((end) => {
        let v = msg[key] as number | undefined;
        if (v === undefined) {
          const headerEnd = (scope.spans.get('payload')?.start ?? end) - scope.start;
          v = o.compute({ bytes: w.view(scope.start, end), headerEnd, ctx, msg }) ?? 0;
        }
        if (width === 16) w.patchU16(at, v);
        else w.patchU32(at, o.littleEndian ? swap32(v) : v);
      });
    },
  };
  return f;
}

/** tshark's `*.checksum.status` values (proto_checksum_enum_e). */
export const STATUS = { bad: 0, good: 1, unverified: 2, notPresent: 3 } as const;

function statusNode(
  o: ChecksumOptions,
  input: ChecksumInput,
  v: number,
  name: string,
  start: number,
  end: number,
  size: number,
): { node: FieldNode; bad: boolean; want?: number } {
  // Values are tshark's checksum status codes, so conformance compares them as they are.
  const node = (display: string, value: number): FieldNode => ({
    name: `${name}.status`,
    label: 'Checksum status',
    start,
    end,
    value,
    display,
    generated: true,
  });
  if (o.zeroMeansNone && v === 0) return { node: node('Not present', STATUS.notPresent), bad: false };
  const want = o.compute(input);
  if (want === undefined) return { node: node('Unverified', STATUS.unverified), bad: false };
  if (want === v) return { node: node('Good', STATUS.good), bad: false };
  return { node: node(`Bad (should be ${hexN(want, size)})`, STATUS.bad), bad: true, want };
}
