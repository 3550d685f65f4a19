import type { Layout } from './bytes';

/*
 * Block layouts from draft-ietf-opsawg-pcapng (pcapng) and draft-ietf-opsawg-pcap (classic pcap).
 * Each fixed part is declared once here; the reader and the writer both walk these declarations.
 *
 * draft-ietf-opsawg-pcapng §3.1, General Block Structure (every block, so unknown ones can be skipped):
 *    0                   1                   2                   3
 *   +---------------------------------------------------------------+
 *   |                          Block Type                           |
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 *   /                          Block Body  (padded to 32 bits)      /
 *   +---------------------------------------------------------------+
 *   |                      Block Total Length                       |
 *   +---------------------------------------------------------------+
 * The length is repeated at the end so a reader can walk the file backwards; a mismatch means the
 * block is damaged.
 */
export const BLOCK_HEAD = [['type', 4], ['totalLength', 4]] as const satisfies Layout;
/** Type, length and trailing length: the smallest possible block. */
export const BLOCK_MIN = 12;

export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  /** Appendix A: obsolete, but old files still carry it. */
  PB: 0x00000002,
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
} as const;

/** Blocks that are legitimate but carry nothing for our model; skipped without a problem. */
export const QUIETLY_SKIPPED = new Set([
  BLOCK.NRB, BLOCK.ISB,
  0x00000007, // IRIG timestamp (obsolete)
  0x00000008, // ARINC 429 (obsolete)
  0x00000009, // systemd Journal Export
  0x0000000a, // Decryption Secrets
  0x00000bad, 0x40000bad, // Custom blocks
]);

/**
 * §4.1 Section Header Block body. The byte-order magic is written in the writer's order, so reading
 * it as 0x1A2B3C4D or 0x4D3C2B1A tells the reader the order of the whole section. Section length -1
 * means "not given", which lets a writer stream without seeking back.
 *   | Byte-Order Magic (32) | Major (16) | Minor (16) | Section Length (64) | Options |
 */
export const SHB_BODY = [['magic', 4], ['major', 2], ['minor', 2], ['sectionLength', 8]] as const satisfies Layout;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/**
 * §4.2 Interface Description Block body. Packets name their interface by the order of IDBs in the
 * section, so an IDB we cannot fully read must still take its place in the list.
 *   | LinkType (16) | Reserved (16) | SnapLen (32) | Options |
 */
export const IDB_BODY = [['linkType', 2], ['reserved', 2], ['snaplen', 4]] as const satisfies Layout;

/**
 * §4.3 Enhanced Packet Block body. The timestamp is a 64-bit count of if_tsresol units split into
 * two 32-bit halves (high first), so the split does not depend on the section's byte order.
 *   | Interface ID (32) | Timestamp (High) | Timestamp (Low) | Captured Len | Original Len |
 *   | Packet Data (padded to 32 bits) | Options |
 */
export const EPB_BODY = [
  ['interfaceId', 4], ['timestampHigh', 4], ['timestampLow', 4], ['capturedLength', 4], ['originalLength', 4],
] as const satisfies Layout;

/**
 * §4.4 Simple Packet Block body: no interface id (always interface 0), no timestamp and no captured
 * length; the captured length is min(original length, snaplen, what the block holds).
 *   | Original Packet Length (32) | Packet Data |
 */
export const SPB_BODY = [['originalLength', 4]] as const satisfies Layout;

/**
 * Appendix A, Packet Block (obsolete): like the EPB with a 16-bit interface id and a drops count.
 *   | Interface ID (16) | Drops Count (16) | Timestamp (High) | Timestamp (Low) | Captured Len |
 *   | Original Len | Packet Data | Options |
 */
export const PB_BODY = [
  ['interfaceId', 2], ['dropsCount', 2], ['timestampHigh', 4], ['timestampLow', 4],
  ['capturedLength', 4], ['originalLength', 4],
] as const satisfies Layout;

/** §3.5 options: code (16), length (16), value padded to 32 bits; the list ends with opt_endofopt. */
export const OPTION_HEAD = [['code', 2], ['length', 2]] as const satisfies Layout;
export const OPT = {
  END: 0,
  COMMENT: 1,
  SHB_USERAPPL: 4,
  IF_NAME: 2,
  IF_TSRESOL: 9,
  IF_TSOFFSET: 14,
} as const;

/**
 * draft-ietf-opsawg-pcap §4, File Header (24 octets), and §5, Packet Record header (16 octets).
 * The magic gives both the byte order and the unit of the fraction field: 0xA1B2C3D4 µs,
 * 0xA1B23C4D ns. The low 16 bits of LinkType are the LINKTYPE_ value; the high bits carry FCS info.
 */
export const PCAP_HEADER = [
  ['magic', 4], ['major', 2], ['minor', 2], ['thiszone', 4], ['sigfigs', 4], ['snaplen', 4], ['linkType', 4],
] as const satisfies Layout;
export const PCAP_RECORD = [['seconds', 4], ['fraction', 4], ['capturedLength', 4], ['originalLength', 4]] as const satisfies Layout;
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
