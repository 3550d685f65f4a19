import { microsFromTimestamp, timestampFromMicros } from '../../wire/mh';

/*
 * Message ordering at the LMA (RFC 5213 §5.5; seed 001 §5.5). A PBU for a mobile node may come
 * from any MAG, so the LMA needs a scale that all MAGs share: the time of day. Each MAG keeps its
 * own sequence counter, so the Mobile IPv6 sequence number (RFC 6275 §9.5.1) cannot order PBUs
 * from different MAGs; the lab keeps it as the `sequence` variant to show what goes wrong.
 */

/**
 * The simulated time of day at run time 0: 2026-01-01T00:00:00Z. It is the same instant as the
 * pcapng capture epoch (src/sim/capture.ts), so the Timestamp option that Wireshark decodes agrees
 * with the frame's arrival time. Every PMIPv6 entity reads its clock through `timeOfDay`.
 */
export const TIME_OF_DAY_EPOCH_US = 1_767_225_600_000_000;

/** `Ordering` is the LMA's configured scheme; a PBU without a Timestamp option falls back to sequence numbers (§5.5). */
export type Ordering = 'timestamp' | 'sequence';

/**
 * The 48.16 Timestamp (RFC 5213 §8.8) of a node's clock at run time `nowUs`. `offsetUs` is how far
 * that node's clock is from true time: the unsynchronised clock of the TIMESTAMP_MISMATCH variant.
 */
export function timeOfDay(nowUs: number, offsetUs = 0): bigint {
  return timestampFromMicros(BigInt(TIME_OF_DAY_EPOCH_US) + BigInt(Math.round(nowUs + offsetUs)));
}

/** Status 156 / 157 from RFC 5213 §8.9. */
export const TIMESTAMP_MISMATCH = 156;
export const TIMESTAMP_LOWER_THAN_PREV_ACCEPTED = 157;
/** RFC 6275 §6.1.8 "Sequence number out of window" (BA_STATUS_NAMES[135]); the wire tables name no constant for it. */
export const SEQUENCE_NUMBER_OUT_OF_WINDOW = 135;

/**
 * RFC 5213 §5.5, "Using the Timestamp-Based Approach", rules 6, 8 and 9: the timestamp must be
 * within TimestampValidityWindow of the LMA's clock (else 156), and greater than every timestamp
 * accepted for this mobile node (else 157). Equal is not greater: a replay is refused.
 * Returns 0 when the PBU may proceed.
 */
export function checkTimestamp(o: { received: bigint; lmaClock: bigint; windowMs: number; lastAccepted?: bigint | undefined }): 0 | 156 | 157 {
  const skewUs = microsFromTimestamp(o.received) - microsFromTimestamp(o.lmaClock);
  const windowUs = BigInt(Math.round(o.windowMs * 1000));
  if (skewUs > windowUs || -skewUs > windowUs) return TIMESTAMP_MISMATCH;
  if (o.lastAccepted !== undefined && o.received <= o.lastAccepted) return TIMESTAMP_LOWER_THAN_PREV_ACCEPTED;
  return 0;
}

/**
 * RFC 6275 §9.5.1: `seq` is newer than `last` when it is greater modulo 2^16, i.e. when the
 * forward distance from `last` to `seq` is between 1 and 2^15 - 1. So 2 follows 65535 after the
 * counter wraps, and 65535 comes before 2.
 */
export function isNewerSequence(seq: number, last: number): boolean {
  const ahead = (seq - last) & 0xffff;
  return ahead !== 0 && ahead < 0x8000;
}

/** RFC 6275 §9.5.1 as the LMA applies it when it orders by sequence number: 0, or 135 (out of window). */
export function checkSequence(seq: number, lastAccepted: number | undefined): 0 | 135 {
  return lastAccepted === undefined || isNewerSequence(seq, lastAccepted) ? 0 : SEQUENCE_NUMBER_OUT_OF_WINDOW;
}
