import type { Problem } from './problem';

/**
 * A bounds-checked reader over one layer of a frame (STYLE.md principle 3). Offsets are absolute
 * into the frame so every field node can point at its bytes. A short read returns `undefined`,
 * records one problem on the bytes that are there, and every later read in this cursor is a no-op,
 * so a truncated packet yields one clear problem rather than a cascade.
 */
export class Cursor {
  pos: number;
  /** Set after the first short read. */
  exhausted = false;

  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    public end: number,
    readonly problems: Problem[],
    /** Protocol name used in problem ids, e.g. `ipv6`. */
    readonly layer: string,
  ) {
    this.pos = start;
  }

  static over(bytes: Uint8Array, problems: Problem[] = [], layer = 'frame'): Cursor {
    return new Cursor(bytes, 0, bytes.length, problems, layer);
  }

  get remaining(): number {
    return Math.max(0, this.end - this.pos);
  }

  /** Reserve `n` bytes; on a short read record `truncated` once and give up. */
  private take(n: number, what: string): number | undefined {
    if (this.exhausted) return undefined;
    if (n < 0 || this.pos + n > this.end) {
      this.exhausted = true;
      this.problem(
        `${this.layer}.truncated`,
        'error',
        `${what} needs ${n} byte${n === 1 ? '' : 's'} but only ${this.remaining} remain${this.remaining === 1 ? 's' : ''}`,
        this.pos,
        this.end,
      );
      this.pos = this.end;
      return undefined;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(what = 'a field'): number | undefined {
    const at = this.take(1, what);
    return at === undefined ? undefined : this.bytes[at]!;
  }

  u16(what = 'a field'): number | undefined {
    const at = this.take(2, what);
    return at === undefined ? undefined : (this.bytes[at]! << 8) | this.bytes[at + 1]!;
  }

  u32(what = 'a field'): number | undefined {
    const at = this.take(4, what);
    if (at === undefined) return undefined;
    const b = this.bytes;
    return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  }

  u64(what = 'a field'): bigint | undefined {
    const at = this.take(8, what);
    if (at === undefined) return undefined;
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.bytes[at + i]!);
    return v;
  }

  bytesOf(n: number, what = 'a field'): Uint8Array | undefined {
    const at = this.take(n, what);
    return at === undefined ? undefined : this.bytes.subarray(at, at + n);
  }

  /** Everything left in this layer. Never short. */
  rest(): Uint8Array {
    const out = this.bytes.subarray(this.pos, Math.max(this.pos, this.end));
    this.pos = Math.max(this.pos, this.end);
    return out;
  }

  peekU8(offset = 0): number | undefined {
    const at = this.pos + offset;
    return at < this.end ? this.bytes[at] : undefined;
  }

  /**
   * A child cursor over the next `n` bytes (an option, a payload). If fewer remain, the child is
   * clipped to what is there and the shortfall is recorded here, so the child still decodes what
   * it can.
   */
  sub(n: number, layer = this.layer, what = 'the contents'): Cursor {
    const avail = this.remaining;
    const len = Math.max(0, n);
    if (len > avail && !this.exhausted) {
      this.problem(
        `${this.layer}.len.invalid`,
        'error',
        `${what} should take ${len} bytes but only ${avail} remain`,
        this.pos,
        this.end,
      );
    }
    const take = Math.min(len, avail);
    const child = new Cursor(this.bytes, this.pos, this.pos + take, this.problems, layer);
    this.pos += take;
    return child;
  }

  problem(id: string, severity: Problem['severity'], message: string, start = this.pos, end = this.end): void {
    this.problems.push({ id, severity, message, start, end: Math.max(start, end) });
  }
}
