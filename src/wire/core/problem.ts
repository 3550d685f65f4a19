/**
 * Something malformed in the bytes, tied to where it is. Decoders never throw on bytes: they record
 * problems and go on, the way Wireshark's expert infos do. Ids are dotted like expert-info filters
 * (`mip6.opt.len.invalid`) so tests and the inspector can match on them.
 */
export interface Problem {
  id: string;
  severity: 'error' | 'warn' | 'info';
  message: string;
  /** Byte offsets into the frame (or file): [start, end). */
  start: number;
  end: number;
}
