import {
  bind,
  bitfield,
  checksum,
  crc32c,
  derived,
  flag,
  keyForPayload,
  message,
  payload,
  registerProtocol,
  table,
  u16,
  u32,
  type Codec,
  type LayerValue,
  type OptionValue,
} from './core';
import { chunk, chunkNames, chunks, paddedList, unknownChunk } from './sctp-chunks';

/*
 * Stream Control Transmission Protocol, RFC 9260 (replaces RFC 4960). The NETLMM draft (seed 003
 * §4.9.3) carries its Trigger and Notification messages in SCTP DATA chunks.
 *
 * Common header, RFC 9260 §3.1:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Source Port Number        |     Destination Port Number   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Verification Tag                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Checksum                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Chunk #1 … Chunk #n                                          |
 *
 * DATA chunk, RFC 9260 §3.3.1:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type = 0    |  Res  |I|U|B|E|           Length              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              TSN                              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Stream Identifier S      |   Stream Sequence Number n    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Payload Protocol Identifier                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  \                 User Data (seq n of Stream S)                 \
 *
 * The user data is the next layer, found like Wireshark does: by PPID in the `sctp.ppi` table,
 * else by port (lower first) in `sctp.port`; a fragment of a longer message stays data. It is a layer of its own, so the SCTP layer spans its
 * chunks while the innermost layer claims the user data bytes (see `nodeAt`).
 */

const SPEC = 'RFC 9260 §3.1';

const swap32 = (v: number): number => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

/** Well-known payload protocol identifiers (IANA "SCTP Payload Protocol Identifiers"). */
const ppiNames: Readonly<Record<number, string>> = { 0: 'not specified', 46: 'DIAMETER', 47: 'DIAMETER (DTLS)' };

function portProtocol(hints: Readonly<Record<string, unknown>>): string | undefined {
  const a = hints.srcport as number | undefined;
  const b = hints.dstport as number | undefined;
  if (a === undefined || b === undefined) return undefined;
  const t = table('sctp.port');
  return a < b ? (t.get(a) ?? t.get(b)) : (t.get(b) ?? t.get(a));
}

const whole = (m: Record<string, unknown>): boolean => {
  const f = m.flags as { b?: boolean; e?: boolean } | undefined;
  return f?.b === true && f.e === true;
};

export const dataChunk: Codec<OptionValue> = chunk(
  'data',
  'DATA',
  'RFC 9260 §3.3.1',
  [
    u32('tsn', 'sctp.data_tsn_raw', 'Transmission sequence number', {
      doc: 'Numbers every DATA chunk of the association; the SACK acknowledges it.',
    }),
    u16('sid', 'sctp.data_sid', 'Stream identifier', { hex: true }),
    u16('ssn', 'sctp.data_ssn', 'Stream sequence number', { doc: 'Orders messages within the stream.' }),
    derived(32, 'ppid', 'sctp.data_payload_proto_id', 'Payload protocol identifier', (m) => keyForPayload('sctp.ppi', m), {
      values: ppiNames,
      doc: 'What the user data is, for the receiving application; 0 = not specified.',
    }),
    // A fragment (B and E not both set) cannot be read as its protocol without reassembly, which
    // the lab does not do: its bytes are shown as data.
    payload('sctp.ppi', (m) => (whole(m) ? (m.ppid as number) : undefined), {
      guess: (_first, m, ctx) => (whole(m) ? portProtocol(ctx.hints) : 'data'),
    }),
  ],
  (v) => `TSN: ${v.tsn as number}, SID: ${v.sid as number}, SSN: ${v.ssn as number}, PPID: ${v.ppid as number}`,
  bitfield('flags', 'sctp.chunk_flags', 'Chunk flags', 8, [
    flag('i', 'sctp.data_i_bit', 0x08, 'I bit', { doc: 'Asks the receiver to SACK at once (RFC 7053).' }),
    flag('u', 'sctp.data_u_bit', 0x04, 'U bit', { doc: 'Unordered: deliver without waiting for earlier messages.' }),
    flag('b', 'sctp.data_b_bit', 0x02, 'B bit', { doc: 'First fragment of a user message.' }),
    flag('e', 'sctp.data_e_bit', 0x01, 'E bit', { doc: 'Last fragment; B and E both set = the whole message.' }),
  ]),
);
chunks.bind(0, dataChunk);

export const sctp = registerProtocol(
  message(
    'sctp',
    'Stream Control Transmission Protocol',
    [
      u16('srcport', 'sctp.srcport', 'Source port'),
      u16('dstport', 'sctp.dstport', 'Destination port'),
      u32('verificationTag', 'sctp.verification_tag', 'Verification tag', {
        hex: true,
        doc: "The receiver's Initiate Tag from the handshake; 0 only in an INIT.",
      }),
      checksum('checksum', 'sctp.checksum', 'Checksum', {
        width: 32,
        // CRC-32C over the packet, written least significant octet first (RFC 9260 §6.8, Appendix
        // B). Like tshark we show the four octets read in network order, so the value is the CRC
        // byte-swapped: CRC 0x379f9e70 is sent as 70 9e 9f 37 and shown as 0x709e9f37.
        compute: (c) => swap32(crc32c(c.bytes)),
        doc: 'CRC-32C of the whole packet, the one SCTP field written least significant octet first.',
        spec: 'RFC 9260 §6.8',
      }),
      paddedList('chunks', 'sctp.chunks', 'Chunks', {
        registry: chunks,
        unknown: unknownChunk,
        padding: 'sctp.chunk_padding',
        padLast: true,
        typeSize: 1,
        hints: (m) => ({ transport: 'sctp', srcport: m.srcport, dstport: m.dstport }),
      }),
    ],
    {
      layer: true,
      spec: SPEC,
      summary: (v) =>
        `SCTP ${v.srcport} → ${v.dstport} ${(v.chunks ?? []).map((c) => chunkNames[c.type] ?? `Chunk ${c.type}`).join(', ')}`.trim(),
    },
  ),
);

bind('ip.proto', 132, 'sctp');

export type SctpValue = (typeof sctp extends Codec<infer T> ? T : never) & { proto: 'sctp' };

/**
 * One SCTP packet with one DATA chunk holding a whole, ordered user message (B and E set, as the
 * NETLMM draft sends each Trigger or Notification, seed 003 §4.9.3).
 */
export function sctpData(o: {
  srcport: number;
  dstport: number;
  verificationTag: number;
  tsn: number;
  sid?: number;
  ssn?: number;
  ppid?: number;
  payload: LayerValue;
}): SctpValue {
  const data: OptionValue = {
    type: 0,
    flags: { b: true, e: true },
    tsn: o.tsn,
    sid: o.sid ?? 0,
    ssn: o.ssn ?? 0,
    ...(o.ppid === undefined ? {} : { ppid: o.ppid }),
    payload: o.payload,
  };
  return { proto: 'sctp', srcport: o.srcport, dstport: o.dstport, verificationTag: o.verificationTag, chunks: [data] };
}
