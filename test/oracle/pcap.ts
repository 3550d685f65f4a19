/**
 * Frames → a temporary pcapng file (our `writePcapng`, src/wire/pcapng.ts) → tshark.
 * One interface per distinct link type; frame i is stamped i ms after 2024-01-01 00:00:00 UTC unless
 * it carries its own time, so files are the same on every run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LINKTYPE, writePcapng, type CaptureFile } from '../../src/wire/pcapng';
import { tsharkPdml, type PdmlPacket, type TsharkOptions } from './pdml';

export { LINKTYPE };

export interface OracleFrame {
  /** LINKTYPE_ value; default Ethernet (1). Use RAW (101) for a bare IPv4 or IPv6 packet. */
  linkType?: number;
  data: Uint8Array;
  /** Shown by tshark as `frame.comment`. */
  comment?: string;
  /** Microseconds since 1970. */
  timestampUs?: number;
}

const BASE_US = 1_704_067_200_000_000;

export function captureOf(frames: readonly OracleFrame[]): CaptureFile {
  const linkTypes = [...new Set(frames.map((f) => f.linkType ?? LINKTYPE.ETHERNET))];
  return {
    format: 'pcapng',
    interfaces: linkTypes.map((linkType) => ({ linkType })),
    packets: frames.map((f, i) => ({
      interfaceId: linkTypes.indexOf(f.linkType ?? LINKTYPE.ETHERNET),
      timestampUs: f.timestampUs ?? BASE_US + i * 1000,
      data: f.data,
      ...(f.comment === undefined ? {} : { comment: f.comment }),
    })),
  };
}

/** Write the frames to a fresh temporary .pcapng, call `fn` with its path, then delete it. */
export async function withCapture<T>(frames: readonly OracleFrame[], fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'pmip-oracle-'));
  const file = join(dir, 'frames.pcapng');
  try {
    writeFileSync(file, writePcapng(captureOf(frames)));
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Frames → pcapng → `tshark -T pdml` → packets, in one call. */
export function pdmlOf(frames: readonly OracleFrame[], opts: TsharkOptions = {}): Promise<PdmlPacket[]> {
  return withCapture(frames, (file) => tsharkPdml(file, opts));
}
