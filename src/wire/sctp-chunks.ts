import {
  bitfield,
  bytes,
  bytesToText,
  derived,
  flag,
  hexN,
  ipv4,
  ipv6,
  leaf,
  length,
  message,
  Registry,
  u16,
  u32,
  u8,
  when,
  type AnyField,
  type Codec,
  type DecodeContext,
  type Field,
  type FieldNode,
  type OptionValue,
} from './core';

/*
 * SCTP chunks and parameters (RFC 9260 §3.2, §3.3). Both are type–length–value items padded to a
 * multiple of 4 octets, the padding not counted in their Length. The DATA chunk lives in sctp.ts
 * beside the common header; this file holds the walker and the control chunks.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  \                          Chunk Value                          \
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * tshark shows each chunk and parameter as an unnamed node; their names here (`sctp.chunk.*`,
 * `sctp.parameter`) are ours. The fields inside carry tshark's names.
 */

type Msg = Record<string, unknown>;
const pad4 = (n: number): number => (4 - (n % 4)) % 4;

export const chunkNames: Readonly<Record<number, string>> = {
  0: 'DATA', 1: 'INIT', 2: 'INIT_ACK', 3: 'SACK', 4: 'HEARTBEAT', 5: 'HEARTBEAT_ACK', 6: 'ABORT', 7: 'SHUTDOWN',
  8: 'SHUTDOWN_ACK', 9: 'ERROR', 10: 'COOKIE_ECHO', 11: 'COOKIE_ACK', 14: 'SHUTDOWN_COMPLETE',
};

export interface PaddedListOptions {
  registry: Registry<Codec<OptionValue>>;
  unknown: Codec<OptionValue>;
  /** Name of the padding nodes: `sctp.chunk_padding` or `sctp.parameter_padding`. */
  padding: string;
  /** Pad after the last item too (chunks: yes; a chunk's last parameter: no, §3.2). */
  padLast: boolean;
  /** Hints for the items' inner layers (the ports, for DATA user data). */
  hints?: (msg: Msg) => Record<string, unknown>;
  /** Octets of the type field: 1 for chunks, 2 for parameters. */
  typeSize: 1 | 2;
}

/**
 * Items of `type(…) … length(16 at offset 2)` padded to 4. Each item decodes in a cursor of exactly
 * its Length; its padding becomes a sibling node. An item keeps `padding` in its value only when
 * the bytes differ from the usual zeros, so re-encoding gives back what was read.
 */
export function paddedList<K extends string>(key: K, name: string, label: string, o: PaddedListOptions): Field<K, OptionValue[], true> {
  const f: Field<K, OptionValue[], true> = {
    key,
    name,
    label,
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const items: OptionValue[] = [];
      const container = leaf(f, start, start, null, '', { children: [] });
      const inner: DecodeContext = o.hints ? { ...ctx, hints: { ...ctx.hints, ...o.hints(msg) } } : ctx;
      while (cur.remaining > 0 && !cur.exhausted) {
        const at = cur.pos;
        const len = cur.remaining >= 4 ? ((cur.peekU8(2)! << 8) | cur.peekU8(3)!) : 0;
        if (len < 4) {
          cur.problem(`${name}.len.invalid`, 'error', `${label}: an item claims length ${len}, less than its 4-byte header`, at, cur.end);
          const leftover = cur.rest();
          container.children!.push(leaf({ name: `${name}.raw`, label: 'Undecodable bytes' }, at, cur.pos, bytesToText(leftover), bytesToText(leftover), { raw: true }));
          break;
        }
        const sub = cur.sub(len, cur.layer, `the ${label.toLowerCase()} item`);
        const type = o.typeSize === 1 ? cur.bytes[at]! : (cur.bytes[at]! << 8) | cur.bytes[at + 1]!;
        const { value, node } = (o.registry.get(type) ?? o.unknown).decode(sub, inner);
        items.push(value);
        container.children!.push(node);
        const padAt = cur.pos;
        const pad = cur.bytesOf(Math.min(pad4(len), cur.remaining))!.slice();
        if (pad.length > 0) {
          container.children!.push(leaf({ name: o.padding, label: 'Padding' }, padAt, cur.pos, bytesToText(pad), bytesToText(pad)));
        }
        const last = cur.remaining === 0;
        if (!o.padLast && last && pad.length > 0) {
          // tshark: "The padding of this final parameter should be the padding of the chunk."
          cur.problem(`${o.padding}.misplaced`, 'info', 'The last parameter is padded inside the chunk; RFC 9260 §3.2 leaves that padding to the chunk.', padAt, cur.pos);
        }
        // Keep padding the encoder would not write by itself, so re-encoding gives the same bytes.
        const usual = o.padLast || !last ? pad4(len) : 0;
        if (pad.length !== usual || pad.some((b) => b !== 0)) value.padding = pad;
      }
      container.end = cur.pos;
      container.display = `${items.length} item${items.length === 1 ? '' : 's'}`;
      msg[key] = items;
      scope.spans.set(key, { start, end: cur.pos });
      return cur.pos > start ? container : undefined;
    },
    encode(w, msg, ctx, scope) {
      const items = (msg[key] as OptionValue[] | undefined) ?? [];
      const start = w.length;
      items.forEach((item, i) => {
        const at = w.length;
        (o.registry.get(item.type) ?? o.unknown).encode(w, item, ctx);
        const given = item.padding as Uint8Array | undefined;
        if (given) w.bytes(given);
        else if (o.padLast || i < items.length - 1) w.zeros(pad4(w.length - at));
      });
      scope.spans.set(key, { start, end: w.length });
    },
  };
  return f;
}

const chunkType = u8('type', 'sctp.chunk_type', 'Chunk type', { values: chunkNames });
const chunkFlags = u8('flags', 'sctp.chunk_flags', 'Chunk flags', { hex: true, default: 0 });
const chunkLength = length('length', 'sctp.chunk_length', 'Chunk length', 16, {
  bounds: true,
  doc: 'Octets in the chunk without its padding.',
});

/** A chunk: type, flags, length, then `fields`. */
export function chunk<const Fs extends readonly AnyField[]>(
  id: string,
  label: string,
  spec: string,
  fields: Fs,
  summary?: (v: Msg) => string,
  flags: AnyField = chunkFlags,
): Codec<OptionValue> {
  return message(`sctp.chunk.${id}`, label, [chunkType, flags, chunkLength, ...fields], {
    spec,
    summary: (value) => {
      const v = value as Msg;
      return `${chunkNames[v.type as number] ?? `Chunk ${v.type as number}`} chunk${summary ? ` (${summary(v)})` : ''}`;
    },
  }) as unknown as Codec<OptionValue>;
}

/* Parameters (RFC 9260 §3.2.1): Type(16) Length(16) Value, padded to 4. */
const paramNames: Readonly<Record<number, string>> = {
  1: 'Heartbeat info', 5: 'IPv4 address', 6: 'IPv6 address', 7: 'State cookie', 8: 'Unrecognized parameters',
  9: 'Cookie preservative', 11: 'Hostname', 12: 'Supported address types', 0x8000: 'ECN', 0xc000: 'Forward TSN supported',
};
function param(label: string, value: AnyField): Codec<OptionValue> {
  return message('sctp.parameter', label, [
    u16('type', 'sctp.parameter_type', 'Parameter type', { display: (v) => `${paramNames[v] ?? 'Unknown'} (${hexN(v, 2)})` }),
    length('length', 'sctp.parameter_length', 'Parameter length', 16, { bounds: true }),
    value,
  ], { spec: 'RFC 9260 §3.2.1', summary: (v) => `${paramNames[v.type] ?? 'Unknown'} parameter` }) as unknown as Codec<OptionValue>;
}
const params = new Registry<Codec<OptionValue>>('sctp.parameter');
params.bind(1, param('Heartbeat info', bytes('info', 'sctp.parameter_heartbeat_information', 'Heartbeat information')));
params.bind(5, param('IPv4 address', ipv4('address', 'sctp.parameter_ipv4_address', 'IP Version 4 address')));
params.bind(6, param('IPv6 address', ipv6('address', 'sctp.parameter_ipv6_address', 'IP Version 6 address')));
params.bind(7, param('State cookie', bytes('cookie', 'sctp.parameter_state_cookie', 'State cookie')));
params.bind(9, param('Cookie preservative', u32('increment', 'sctp.parameter_cookie_preservative_incr', 'Suggested Cookie life-span increment (msec)')));
const parameterList = paddedList('parameters', 'sctp.parameters', 'Parameters', {
  registry: params,
  unknown: param('Parameter', bytes('value', 'sctp.parameter_value', 'Parameter value')),
  padding: 'sctp.parameter_padding',
  padLast: false,
  typeSize: 2,
});

/** INIT and INIT ACK share a layout (RFC 9260 §3.3.2, §3.3.3); tshark prefixes their fields differently. */
function initChunk(id: string, label: string, p: string, spec: string): Codec<OptionValue> {
  return chunk(id, label, spec, [
    u32('initiateTag', `sctp.${p}_initiate_tag`, 'Initiate tag', { hex: true, doc: 'The tag the peer must put in every packet it sends.' }),
    u32('credit', `sctp.${p}_credit`, 'Advertised receiver window credit (a_rwnd)'),
    u16('outStreams', `sctp.${p}_nr_out_streams`, 'Number of outbound streams'),
    u16('inStreams', `sctp.${p}_nr_in_streams`, 'Number of inbound streams'),
    u32('initialTsn', `sctp.${p}_initial_tsn`, 'Initial TSN'),
    parameterList,
  ], (v) => `Outbound streams: ${v.outStreams as number}, inbound streams: ${v.inStreams as number}`);
}

const gapBlock = message('sctp.sack_gap_block', 'Gap Ack Block', [
  u16('start', 'sctp.sack_gap_block_start', 'Start', { doc: 'Offset from the Cumulative TSN Ack.' }),
  u16('end', 'sctp.sack_gap_block_end', 'End'),
]);
const duplicate = message('sctp.sack_duplicate', 'Duplicate TSN', [u32('tsn', 'sctp.sack_duplicate_tsn', 'Duplicate TSN')]);

/** `count` items of `codec`, `size` octets each, the count read earlier in the message. */
function counted<K extends string, T>(key: K, codec: Codec<T>, count: string, size: number): Field<K, T[], true> {
  return {
    key,
    name: codec.id,
    label: codec.label,
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg, ctx) {
      const out: T[] = [];
      const nodes: FieldNode[] = [];
      const n = (msg[count] as number | undefined) ?? 0;
      for (let i = 0; i < n && !cur.exhausted; i++) {
        if (cur.remaining === 0) {
          cur.problem(`${codec.id}.count.invalid`, 'error', `${n} ${codec.label} item(s) announced but only ${i} are there`, cur.pos, cur.pos);
          break;
        }
        const { value, node } = codec.decode(cur.sub(size, cur.layer, `a ${codec.label}`), ctx);
        out.push(value);
        nodes.push(node);
      }
      msg[key] = out;
      return nodes;
    },
    encode(w, msg, ctx) {
      for (const v of (msg[key] as T[] | undefined) ?? []) codec.encode(w, v, ctx);
    },
  };
}

/** Bytes to the end of the chunk, absent when there are none. */
const rest = <K extends string>(key: K, name: string, label: string) => when((_m, remaining) => remaining !== 0, bytes(key, name, label));

const tBit = (name: string): AnyField =>
  bitfield('flags', 'sctp.chunk_flags', 'Chunk flags', 8, [flag('t', name, 0x01, 'T bit', { doc: 'Set when the sender had no TCB and reflected the tag.' })]);

export const chunks = new Registry<Codec<OptionValue>>('sctp.chunk');
chunks.bind(1, initChunk('init', 'INIT', 'init', 'RFC 9260 §3.3.2'));
chunks.bind(2, initChunk('init_ack', 'INIT ACK', 'initack', 'RFC 9260 §3.3.3'));
chunks.bind(
  3,
  chunk('sack', 'SACK', 'RFC 9260 §3.3.4', [
    u32('cumulativeTsnAck', 'sctp.sack_cumulative_tsn_ack_raw', 'Cumulative TSN ACK', { doc: 'Every TSN up to this one has arrived.' }),
    u32('aRwnd', 'sctp.sack_a_rwnd', 'Advertised receiver window credit (a_rwnd)'),
    derived(16, 'gapCount', 'sctp.sack_number_of_gap_blocks', 'Number of gap acknowledgement blocks', (m) => (m.gaps as unknown[] | undefined)?.length),
    derived(16, 'dupCount', 'sctp.sack_number_of_duplicated_tsns', 'Number of duplicated TSNs', (m) => (m.duplicates as unknown[] | undefined)?.length),
    counted('gaps', gapBlock, 'gapCount', 4),
    counted('duplicates', duplicate, 'dupCount', 4),
  ], (v) => `Cumulative TSN: ${v.cumulativeTsnAck as number}, a_rwnd: ${v.aRwnd as number}`),
);
chunks.bind(4, chunk('heartbeat', 'HEARTBEAT', 'RFC 9260 §3.3.5', [parameterList]));
chunks.bind(5, chunk('heartbeat_ack', 'HEARTBEAT ACK', 'RFC 9260 §3.3.6', [parameterList]));
chunks.bind(6, chunk('abort', 'ABORT', 'RFC 9260 §3.3.7', [rest('causes', 'sctp.chunk_value', 'Error causes')], undefined, tBit('sctp.abort_t_bit')));
chunks.bind(7, chunk('shutdown', 'SHUTDOWN', 'RFC 9260 §3.3.8', [u32('cumulativeTsnAck', 'sctp.shutdown_cumulative_tsn_ack', 'Cumulative TSN Ack')]));
chunks.bind(8, chunk('shutdown_ack', 'SHUTDOWN ACK', 'RFC 9260 §3.3.9', []));
chunks.bind(9, chunk('error', 'ERROR', 'RFC 9260 §3.3.10', [rest('causes', 'sctp.chunk_value', 'Error causes')]));
chunks.bind(10, chunk('cookie_echo', 'COOKIE ECHO', 'RFC 9260 §3.3.11', [rest('cookie', 'sctp.cookie', 'Cookie')]));
chunks.bind(11, chunk('cookie_ack', 'COOKIE ACK', 'RFC 9260 §3.3.12', []));
chunks.bind(14, chunk('shutdown_complete', 'SHUTDOWN COMPLETE', 'RFC 9260 §3.3.13', [], undefined, tBit('sctp.shutdown_complete_t_bit')));

/** Chunk types this lab does not know: header and raw value (RFC 9260 §3.2: the top two bits say what to do). */
export const unknownChunk = chunk('unknown', 'Unknown chunk', 'RFC 9260 §3.2', [rest('value', 'sctp.chunk_value', 'Chunk value')]);
