import type { Problem } from '../core/problem';

/**
 * The plain-data model both capture formats read into and write from. It is deliberately the
 * intersection of pcap and pcapng that PMIP Lab needs: interfaces with a link type, packets with a
 * microsecond timestamp and an optional comment (the lessons label each step with one).
 */

/**
 * LINKTYPE_ values from the tcpdump.org registry (draft-ietf-opsawg-pcaplinktype). Raw IP (101)
 * takes the IP version from the first nibble, so one interface can carry IPv4 and IPv6; Ethernet
 * is needed whenever ARP or ND link-layer addresses matter.
 */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW: 101,
  IPV4: 228,
  IPV6: 229,
} as const;

export interface CaptureInterface {
  linkType: number;
  name?: string;
  /** Largest captured length; pcapng reads 0 as "no limit" and we leave it out then. */
  snaplen?: number;
  /** if_tsresol as a power of ten (6 = µs, the default). */
  tsresol?: number;
}

export interface CapturePacket {
  /** Index into `CaptureFile.interfaces` (sections of a pcapng file are merged into one list). */
  interfaceId: number;
  /**
   * Microseconds since the epoch. Readers give a number while it is a safe integer (until the year
   * 2255) so the result stays JSON-friendly, and a bigint beyond that.
   */
  timestampUs: bigint | number;
  data: Uint8Array;
  /** Length on the wire when more than `data.length` (a snapped packet). */
  originalLength?: number;
  comment?: string;
}

export interface CaptureFile {
  format: 'pcapng' | 'pcap';
  interfaces: CaptureInterface[];
  packets: CapturePacket[];
  /** shb_userappl; capinfos shows it as "Capture application". */
  application?: string;
  /** Section header comments. */
  comments?: string[];
}

/**
 * What a reader returns: the capture when the bytes are a capture at all (even a damaged one, with
 * everything that could be saved), and the problems found, each tied to its byte range in the file.
 */
export interface ReadResult {
  capture?: CaptureFile;
  problems: Problem[];
}
