import { fromHex } from '../wire/core';
import type { CaptureFile } from '../wire/pcapng';
import type { PacketEvent, Trace } from './trace';

/**
 * A run as a capture: one pcapng interface per link (as if a tap sat on each), every frame at the
 * moment it was sent, commented with its step, the document section and, when it never arrived,
 * why. Wireshark then tells the same story as the sequence diagram.
 */

/** Seconds since 1970 at which run time 0 is written, so captures show a plausible date. */
export const CAPTURE_EPOCH_US = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z

export function traceToCapture(trace: Trace, application = 'PMIP Lab'): CaptureFile {
  const ifaceOf = new Map<string, number>();
  trace.links.forEach((l, i) => ifaceOf.set(l.id, i));
  const packets = trace.events
    .filter((e): e is PacketEvent => e.kind === 'packet')
    .map((p) => ({
      interfaceId: ifaceOf.get(p.link) ?? 0,
      timestampUs: CAPTURE_EPOCH_US + p.time,
      data: fromHex(p.bytes),
      comment: packetComment(p),
    }));
  return {
    format: 'pcapng',
    application,
    comments: [`${trace.scenario} ${paramText(trace.params)} seed=${trace.seed}`.trim(), ...captureNotes(trace)],
    interfaces: trace.links.map((l) => ({ linkType: l.linkType, name: `${l.a}–${l.b}` })),
    packets,
  };
}

/** What the run says to whoever reads its capture (NoteEvent `capture`), each once, in order. */
export function captureNotes(trace: Trace): string[] {
  const out: string[] = [];
  for (const e of trace.events) if (e.kind === 'note' && e.capture === true && !out.includes(e.text)) out.push(e.text);
  return out;
}

export function packetComment(p: PacketEvent): string {
  const parts = [`${p.from} → ${p.to}: ${p.summary}`];
  if (p.step) parts.push(`Step ${p.step}${p.section ? ` (${p.section})` : ''}`);
  if (p.fate !== 'delivered') parts.push(`${p.fate}: ${p.reason ?? ''}`.trim());
  return parts.join(' | ');
}

function paramText(params: Trace['params']): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}
