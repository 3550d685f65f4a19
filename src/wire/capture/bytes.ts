import type { Problem } from '../core/problem';

/**
 * Capture files are the one place in `wire/` whose byte order is chosen by the writer (a pcapng
 * section or a pcap file may be big- or little-endian), so they get their own small reader and
 * writer instead of the big-endian `core/cursor` and `core/writer`.
 *
 * Fixed headers are declared once as a `Layout` and both directions walk the same declaration, so
 * the reader and the writer cannot disagree about an offset (STYLE.md principle 1).
 */
export type FieldSpec = readonly [name: string, size: 1 | 2 | 4 | 8];
export type Layout = readonly FieldSpec[];
export type Fields<L extends Layout> = { [F in L[number] as F[0]]: F[1] extends 8 ? bigint : number };

export function layoutSize(layout: Layout): number {
  return layout.reduce((n, [, size]) => n + size, 0);
}

/**
 * A window `[start, end)` on the file in one byte order. Callers check `length` before reading a
 * fixed header; reads outside the window still give 0 rather than throw, as a backstop for the
 * reader's promise never to throw on bytes.
 */
export class ByteWindow {
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly littleEndian: boolean,
  ) {}

  get length(): number {
    return Math.max(0, this.end - this.start);
  }

  uint(off: number, size: 1 | 2 | 4): number {
    if (off < 0 || off + size > this.length) return 0;
    let v = 0;
    for (let i = 0; i < size; i++) {
      const b = this.bytes[this.start + off + (this.littleEndian ? size - 1 - i : i)] ?? 0;
      v = v * 256 + b;
    }
    return v;
  }

  u64(off: number): bigint {
    const hi = this.uint(off + (this.littleEndian ? 4 : 0), 4);
    const lo = this.uint(off + (this.littleEndian ? 0 : 4), 4);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A copy, so a packet's data does not keep the whole file alive. Clipped to the window. */
  slice(off: number, len: number): Uint8Array {
    const from = this.start + Math.min(Math.max(0, off), this.length);
    const to = Math.min(this.end, from + Math.max(0, len));
    return this.bytes.slice(from, to);
  }

  /** A narrower window in the same byte order, clipped to this one. */
  sub(off: number, len = this.length - off): ByteWindow {
    const from = this.start + Math.min(Math.max(0, off), this.length);
    return new ByteWindow(this.bytes, from, Math.min(this.end, from + Math.max(0, len)), this.littleEndian);
  }

  fixed<L extends Layout>(off: number, layout: L): Fields<L> {
    const out: Record<string, number | bigint> = {};
    let at = off;
    for (const [name, size] of layout) {
      out[name] = size === 8 ? this.u64(at) : this.uint(at, size);
      at += size;
    }
    return out as Fields<L>;
  }
}

/** A growable little-endian writer; we always write little-endian, as libpcap does on x86. */
export class Sink {
  private buf = new Uint8Array(1024);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  uint(v: number, size: 1 | 2 | 4): this {
    this.grow(size);
    for (let i = 0; i < size; i++) this.buf[this.len++] = Math.floor(v / 2 ** (8 * i)) & 0xff;
    return this;
  }

  u64(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    return this.uint(Number(u & 0xffffffffn), 4).uint(Number(u >> 32n), 4);
  }

  bytes(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** Zero bytes up to the next multiple of 4 (pcapng pads data and option values to 32 bits). */
  pad4(): this {
    const n = (4 - (this.len % 4)) % 4;
    this.grow(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
    return this;
  }

  patchU32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.buf[at + i] = Math.floor(v / 2 ** (8 * i)) & 0xff;
  }

  fixed<L extends Layout>(layout: L, values: Fields<L>): this {
    const vals = values as Record<string, number | bigint>;
    for (const [name, size] of layout) {
      const v = vals[name] ?? 0;
      if (size === 8) this.u64(BigInt(v));
      else this.uint(Number(v), size);
    }
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Writers validate the caller's numbers: a value too wide for its field is a programming error. */
export function checkUint(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} is ${value}; it must be a whole number from 0 to ${max}`);
  }
}

/**
 * libpcap cuts a packet longer than its interface's snap length down to it when reading, so a
 * file whose packets exceed the snap length it states would lose bytes in tcpdump.
 */
export function checkSnaplen(captured: number, snaplen: number | undefined, whose: string, what: string): void {
  if (snaplen && captured > snaplen) {
    throw new RangeError(`${what} captured ${captured} bytes, more than ${whose} of ${snaplen}`);
  }
}

/** Collects problems for one file, clipping every range to the file so callers can't point outside it. */
export class Report {
  readonly problems: Problem[] = [];

  constructor(private readonly size: number) {}

  add(id: string, severity: Problem['severity'], message: string, start: number, end: number): void {
    const s = Math.min(Math.max(0, start), this.size);
    const e = Math.min(Math.max(s, end), this.size);
    this.problems.push({ id, severity, message, start: s, end: e });
  }
}

// ignoreBOM keeps a leading U+FEFF as text: it is part of the comment, not a byte-order mark.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
export const utf8 = new TextEncoder();

/** Decodes UTF-8, or says it could not and decodes with U+FFFD replacements. */
export function decodeUtf8(b: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: strict.decode(b), valid: true };
  } catch {
    return { text: lenient.decode(b), valid: false };
  }
}

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
