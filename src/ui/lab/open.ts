import { readCaptureTrace, type CaptureTrace } from '../../sim/from-capture';
import type { Trace } from '../../sim/trace';
import { parseTrace } from '../../sim/trace-json';
import type { Problem } from '../../wire/core';

/** A message about an opened file, as plain text (nothing from the file is ever inserted as HTML). */
export interface Notice {
  tone: 'error' | 'warn';
  title: string;
  lines: string[];
}

/** At most this many problems are listed; the rest are counted. */
const MAX_LINES = 6;

/** Larger files are refused before they are read: the lab runs in a browser tab. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface Opened {
  trace?: Trace;
  notice?: Notice;
}

/**
 * A file the user opened: a pcap or pcapng capture, or a Trace as JSON (`pmip-lab run --json`),
 * told apart by the first byte that is not white space.
 */
export function openBytes(bytes: Uint8Array, fileName: string): Opened {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b) return openTraceJson(new TextDecoder().decode(bytes), fileName);
  const result = readCaptureTrace(bytes, fileName);
  const notice = noticeFor(fileName, result);
  return result.trace ? (notice ? { trace: result.trace, notice } : { trace: result.trace }) : { notice: notice! };
}

export function tooLarge(fileName: string, size: number): Notice {
  return {
    tone: 'error',
    title: `“${fileName}” is too large to open here.`,
    lines: [`It is ${(size / 2 ** 20).toFixed(0)} MiB; the lab opens files of up to ${MAX_FILE_BYTES / 2 ** 20} MiB.`],
  };
}

function openTraceJson(text: string, fileName: string): Opened {
  const { trace, problems } = parseTrace(text);
  const name = `“${fileName}”`;
  const packets = trace?.events.filter((e) => e.kind === 'packet').length ?? 0;
  if (!trace || packets === 0) {
    return { notice: { tone: 'error', title: trace ? `${name} has no packets to show.` : `${name} could not be opened.`, lines: problems } };
  }
  if (problems.length === 0) return { trace };
  return { trace, notice: { tone: 'warn', title: `${name} is not a clean trace. Showing what could be read.`, lines: problems } };
}

/**
 * What to tell the user about a file they opened: nothing when it read cleanly, an error when
 * nothing could be shown, a warning naming what was damaged when only part of it could be read.
 */
export function noticeFor(fileName: string, result: CaptureTrace): Notice | undefined {
  const lines = problemLines(result.problems);
  const name = `“${fileName}”`;
  if (!result.trace) {
    return {
      tone: 'error',
      title: result.problems.length === 0 ? `${name} has no packets to show.` : `${name} could not be opened.`,
      lines,
    };
  }
  if (result.problems.length === 0) return undefined;
  const n = result.trace.events.filter((e) => e.kind === 'packet').length;
  return {
    tone: 'warn',
    title: `${name} is damaged. Showing the ${n === 1 ? 'one packet' : `${n} packets`} that could be read.`,
    lines,
  };
}

function problemLines(problems: readonly Problem[]): string[] {
  const lines = problems.slice(0, MAX_LINES).map((p) => `${p.message} (file ${fileRange(p.start, p.end)})`);
  const more = problems.length - MAX_LINES;
  if (more > 0) lines.push(`…and ${more} more ${more === 1 ? 'problem' : 'problems'}.`);
  return lines;
}

function fileRange(start: number, end: number): string {
  return end - start <= 1 ? `byte ${start}` : `bytes ${start}–${end - 1}`;
}
