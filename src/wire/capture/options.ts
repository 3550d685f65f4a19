import { decodeUtf8, utf8, type ByteWindow, type Report, type Sink } from './bytes';
import { OPT, OPTION_HEAD } from './layouts';

/** One option as found in a block, with its absolute byte range for problems. */
export interface RawOption {
  code: number;
  value: Uint8Array;
  /** The value in the section's byte order, for numeric options. */
  view: ByteWindow;
  start: number;
  end: number;
}

const padded = (n: number): number => (n + 3) & ~3;

/**
 * draft-ietf-opsawg-pcapng §3.5. The list may end at opt_endofopt or simply at the end of the
 * block (the end marker is optional when nothing follows), so both are accepted. An option that
 * runs past the block is reported and ends the list: what follows cannot be trusted.
 */
export function readOptions(win: ByteWindow, report: Report, where: string): RawOption[] {
  const out: RawOption[] = [];
  let at = 0;
  while (at + 4 <= win.length) {
    const { code, length } = win.fixed(at, OPTION_HEAD);
    if (code === OPT.END) break;
    const start = win.start + at;
    if (at + 4 + length > win.length) {
      report.add(
        'pcapng.opt.len.invalid',
        'warn',
        `${where}: option ${code} at offset ${start} says its value is ${length} bytes, but only ` +
          `${win.length - at - 4} remain in the block, so it and any options after it were ignored.`,
        start,
        win.end,
      );
      break;
    }
    out.push({ code, value: win.slice(at + 4, length), view: win.sub(at + 4, length), start, end: start + 4 + length });
    at += 4 + padded(length);
  }
  return out;
}

/**
 * Text options are UTF-8 without a terminating NUL (§3.5). Some writers add one anyway, so trailing
 * NULs are dropped; invalid UTF-8 is kept with replacement characters and reported.
 */
export function optionText(opt: RawOption, report: Report, where: string): string {
  let n = opt.value.length;
  while (n > 0 && opt.value[n - 1] === 0) n--;
  const { text, valid } = decodeUtf8(opt.value.subarray(0, n));
  if (!valid) {
    report.add(
      'pcapng.opt.utf8.invalid',
      'warn',
      `${where}: option ${opt.code} at offset ${opt.start} is not valid UTF-8; bad bytes are shown as U+FFFD.`,
      opt.start,
      opt.end,
    );
  }
  return text;
}

/** An option value from a caller's string; a NUL or an over-long value is a programming error. */
export function textOption(code: number, text: string, what: string): [number, Uint8Array] {
  if (text.includes('\u0000')) throw new RangeError(`${what} contains a NUL character, which pcapng text options cannot hold`);
  const value = utf8.encode(text);
  if (value.length > 0xffff) throw new RangeError(`${what} is ${value.length} bytes of UTF-8; an option holds at most 65535`);
  return [code, value];
}

/** Writes the options and opt_endofopt; writes nothing when there are none (the list is optional). */
export function writeOptions(sink: Sink, options: readonly [number, Uint8Array][]): void {
  if (options.length === 0) return;
  for (const [code, value] of options) {
    sink.fixed(OPTION_HEAD, { code, length: value.length }).bytes(value).pad4();
  }
  sink.fixed(OPTION_HEAD, { code: OPT.END, length: 0 });
}
