/*
 * The correspondent's test traffic (SCENARIOS.md: "every run also carries data-plane traffic from a
 * correspondent node"): ICMPv6 echo (RFC 4443 §4) or a UDP stream whose datagrams say which one they
 * are, so the receiving mobile node can tell what was delivered, lost or reordered around a
 * handover. Not a published protocol: a lab convention shared by the CN (writer) and the MN (reader).
 *
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Send time, µs since the run began             |
 * |                            (64 bits)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */

/** UDP port of the stream; the same number as DATA_PORT in src/sim/network.ts, which marks data-plane packets in the trace (entities may not import sim at run time). */
export const DATA_PORT = 9000;

/** The ICMPv6 echo Identifier the CN uses (RFC 4443 §4.1: "to aid in matching Echo Replies"). */
export const ECHO_IDENTIFIER = 0x504d; // "PM"

export interface StreamStamp {
  seq: number;
  sentUs: number;
}

export function stampBytes(s: StreamStamp): Uint8Array {
  const out = new Uint8Array(12);
  const v = new DataView(out.buffer);
  v.setUint32(0, s.seq >>> 0);
  v.setBigUint64(4, BigInt(Math.max(0, Math.round(s.sentUs))));
  return out;
}

/** The stamp at the start of a payload, or undefined when it is too short to hold one. */
export function readStamp(b: Uint8Array | undefined): StreamStamp | undefined {
  if (!b || b.length < 12) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { seq: v.getUint32(0), sentUs: Number(v.getBigUint64(4)) };
}
