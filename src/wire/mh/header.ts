import {
  bind,
  checksum,
  leaf,
  message,
  optionList,
  pseudoHeaderChecksum,
  registerProtocol,
  reserved,
  u8,
  type Codec,
  type Field,
  type FieldNode,
  type OptionValue,
} from '../core';
import { MESSAGES, unknownMessage, type MhBody } from './messages';
import { mobilityOptions, optionCodec } from './options';
import './options-ipv4';
import './options-pmip';
import { padBefore } from './padding';
import { MH_TYPE_NAMES } from './tables';

/*
 * The Mobility Header, RFC 6275 §6.1.1: an IPv6 extension header (Next Header 135) that is always
 * the last one, or, for PMIPv6 over an IPv4 transport, the whole payload of UDP port 5436
 * (RFC 5844 §4).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 *  .                       Message Data                            .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Problems from a short read carry the layer's name (`mipv6.truncated`); the others use tshark's
 * expert names where it has one (`mip6.bogus_header_length`, `mip6.opt.len.invalid`).
 */

const SPEC = 'RFC 6275 §6.1.1';
const mhChecksum = pseudoHeaderChecksum(135);

/**
 * Header Len: the MH's length in 8-octet units, not counting the first 8 octets. It bounds the
 * message on decode; on encode it is computed (rounded down, so a list padded wrong on purpose
 * shows up as a bad length) unless the message sets it.
 */
function headerLength(): Field<'headerLen', number, true> {
  const f: Field<'headerLen', number, true> = {
    key: 'headerLen',
    name: 'mip6.hlen',
    label: 'Header Len',
    optional: true,
    kind: { t: 'fixup' },
    doc: 'Length of the Mobility Header in 8-octet units, not counting the first 8 octets.',
    spec: SPEC,
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const v = cur.u8('Header Len');
      if (v === undefined) return undefined;
      msg.headerLen = v;
      scope.spans.set('headerLen', { start, end: cur.pos });
      const size = (v + 1) * 8;
      const want = scope.start + size;
      if (want > cur.end) {
        cur.problem(
          'mip6.bogus_header_length',
          'error',
          `Header Len ${v} says the Mobility Header is ${size} bytes but only ${cur.end - scope.start} are there`,
          start,
          cur.pos,
        );
      } else if (want < cur.end) {
        // Bytes after the MH that Header Len does not cover: keep them visible as a raw node.
        const after = cur.end;
        cur.end = want;
        scope.after.push(() => {
          scope.node.children!.push(
            leaf({ name: 'mip6.trailing', label: 'Bytes after the Mobility Header' }, want, after, null, `${after - want} byte(s)`, { raw: true }),
          );
          scope.node.end = after;
          cur.problem('mip6.trailing', 'warn', `${after - want} byte(s) follow the ${size}-byte Mobility Header that Header Len gives`, want, after);
          cur.pos = after;
          cur.end = after;
        });
      }
      return leaf(f, start, cur.pos, v, `${v} (${size} bytes)`);
    },
    encode(w, msg, _ctx, scope) {
      const at = w.length;
      w.u8(0);
      scope.spans.set('headerLen', { start: at, end: w.length });
      scope.after.push((end) => {
        const given = msg.headerLen as number | undefined;
        w.patchU8(at, given ?? Math.max(0, Math.floor((end - scope.start) / 8) - 1));
      });
    },
  };
  return f;
}

/** The Message Data, decoded by the codec that the MH Type selects. */
function messageData(): Field<'body', MhBody, false> {
  const unknown = unknownMessage as unknown as Codec<MhBody>;
  const codecFor = (type: unknown): Codec<MhBody> => (typeof type === 'number' ? MESSAGES.get(type) : undefined) ?? unknown;
  return {
    key: 'body',
    name: 'mip6.body',
    label: 'Message Data',
    optional: false,
    kind: { t: 'other' },
    decode(cur, msg, ctx, scope) {
      if (msg.mhType === undefined) return undefined;
      const start = cur.pos;
      const { value, node } = codecFor(msg.mhType).decode(cur, ctx);
      msg.body = value;
      scope.spans.set('body', { start, end: cur.pos });
      return node;
    },
    encode(w, msg, ctx, scope) {
      const start = w.length;
      codecFor(msg.mhType).encode(w, msg.body as MhBody, ctx);
      scope.spans.set('body', { start, end: w.length });
    },
  };
}

const overUdp = (hints: Readonly<Record<string, unknown>>): boolean => hints.transport === 'udp';

export const mobilityHeaderFields = [
  u8('payloadProto', 'mip6.proto', 'Payload Proto', {
    default: 59,
    values: { 59: 'No Next Header for IPv6' },
    doc: 'Always 59 (No Next Header): nothing follows the Mobility Header.',
    spec: SPEC,
  }),
  headerLength(),
  u8('mhType', 'mip6.mhtype', 'MH Type', { values: MH_TYPE_NAMES, doc: 'Which mobility message this is.', spec: SPEC }),
  reserved('reserved', 'mip6.reserved', 'Reserved', 1),
  checksum('checksum', 'mip6.csum', 'Checksum', {
    // Over IPv4/UDP the MH checksum MUST be zero and the UDP checksum protects the message.
    compute: (c) => {
      if (overUdp(c.ctx.hints)) return 0;
      // A decoded message cut short cannot be checked: its checksum covers bytes that are not there.
      const hlen = c.msg.headerLen;
      if ('frame' in c.ctx && typeof hlen === 'number' && c.bytes.length < (hlen + 1) * 8) return undefined;
      return mhChecksum(c);
    },
    doc: 'Internet checksum over the IPv6 pseudo-header (Next Header 135) and the whole MH; zero when the MH rides on UDP.',
    spec: 'RFC 6275 §6.1.1, RFC 5844 §4',
  }),
  messageData(),
  optionList('options', 'mip6.options', 'Mobility Options', mobilityOptions),
] as const;

/** The `mipv6` layer (tshark's protocol name; its fields are `mip6.*`). */
export const mobilityHeader: Codec<MobilityHeader> = registerProtocol(
  message('mipv6', 'Mobile IPv6', mobilityHeaderFields, {
    layer: true,
    spec: SPEC,
    summary: (v) => summarize(v.mhType, v.body as MhBody | undefined),
    check: (v, node, ctx) => {
      const at = (name: string): FieldNode | undefined => node.children?.find((c) => c.name === name);
      const push = (id: string, severity: 'error' | 'warn' | 'info', text: string, n: FieldNode | undefined): void => {
        ctx.problems.push({ id, severity, message: text, start: n?.start ?? node.start, end: n?.end ?? node.end });
      };
      if (v.payloadProto !== undefined && v.payloadProto !== 59) {
        push('mip6.proto.invalid', 'warn', `Payload Proto is ${v.payloadProto}; it must be 59 (No Next Header)`, at('mip6.proto'));
      }
      if (v.mhType !== undefined && !MESSAGES.get(v.mhType)) {
        push('mip6.mhtype.unknown', 'info', `MH Type ${v.mhType} is not one the lab decodes; its data is kept as it is`, at('mip6.unknown'));
      }
      const list = at('mip6.options');
      for (const opt of list?.children ?? []) {
        const type = ctx.frame[opt.start]!;
        const align = optionCodec(type)?.align;
        const off = opt.start - node.start;
        if (align && padBefore(off, align) !== 0) {
          push('mip6.opt.misaligned', 'info', `${opt.label} starts at offset ${off}, but its alignment is ${align.x}n+${align.y}`, opt);
        }
      }
    },
  }),
) as unknown as Codec<MobilityHeader>;

bind('ip.proto', 135, 'mipv6');
bind('udp.port', 5436, 'mipv6');

/** The Info-column line: "Proxy Binding Update seq 7, lifetime 900 (3600 s)". */
function summarize(type: number | undefined, body: MhBody | undefined): string {
  const name = type === undefined ? 'Mobility Header' : (MH_TYPE_NAMES[type] ?? `Unknown MH Type ${type}`);
  if (!body) return name;
  const b = body as Record<string, unknown>;
  const flags = (b.flags ?? {}) as Record<string, unknown>;
  const proxy = (type === 5 || type === 6) && flags.p === true ? 'Proxy ' : '';
  const parts: string[] = [];
  if (type === 6 && typeof b.status === 'number') parts.push(`status ${b.status}`);
  if (typeof b.seq === 'number') parts.push(`seq ${b.seq}`);
  if (typeof b.lifetime === 'number') parts.push(`lifetime ${b.lifetime} (${b.lifetime * 4} s)`);
  return parts.length ? `${proxy}${name} ${parts.join(', ')}` : `${proxy}${name}`;
}

/** A Mobility Header value, as machines build it and the decoder returns it. */
export type MobilityHeader = {
  proto: 'mipv6';
  payloadProto?: number;
  headerLen?: number;
  mhType: number;
  reserved?: number;
  checksum?: number;
  body: MhBody;
  options?: OptionValue[];
};
