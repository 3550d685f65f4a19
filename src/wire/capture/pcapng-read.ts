import { ByteWindow, Report, hex } from './bytes';
import {
  BLOCK, BLOCK_HEAD, BLOCK_MIN, BYTE_ORDER_MAGIC, EPB_BODY, IDB_BODY, OPT, PB_BODY, QUIETLY_SKIPPED, SHB_BODY,
  SPB_BODY,
} from './layouts';
import { optionText, readOptions, type RawOption } from './options';
import { plainUs, ticksPerSecond, ticksToUs, US_PER_S } from './time';
import type { CaptureFile, CaptureInterface, CapturePacket, ReadResult } from './types';

/** What a packet needs from its interface beyond the model: how to turn ticks into µs. */
interface Clock {
  perSecond: bigint;
  offsetUs: bigint;
  snaplen: number;
}

/** Interface ids restart in every section (§4.1), so each section maps its ids onto the merged list. */
interface Section {
  littleEndian: boolean;
  base: number;
  clocks: Clock[];
}

/** The fixed part shared by the EPB and the obsolete Packet Block. */
interface TimedHead {
  interfaceId: number;
  timestampHigh: number;
  timestampLow: number;
  capturedLength: number;
  originalLength: number;
}

const padded = (n: number): number => (n + 3) & ~3;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Reads a pcapng file (draft-ietf-opsawg-pcapng) block by block. Never throws: a damaged block
 * is reported and, when its length cannot be trusted, ends the walk, because the next block can
 * only be found through that length. Everything read before the damage is kept.
 */
export function readPcapng(bytes: Uint8Array): ReadResult {
  const report = new Report(bytes.length);
  const capture: CaptureFile = { format: 'pcapng', interfaces: [], packets: [] };
  let section: Section | undefined;
  let at = 0;

  while (at < bytes.length) {
    const left = bytes.length - at;
    if (left < BLOCK_MIN) {
      report.add('pcapng.block.truncated', 'error',
        `The file ends ${plural(left, 'byte')} into a block at offset ${at}; a block needs at least 12.`,
        at, bytes.length);
      break;
    }
    // The SHB type reads the same in both byte orders, which is what lets a reader find it before
    // it knows the section's order.
    const isShb = new ByteWindow(bytes, at, at + 4, true).uint(0, 4) === BLOCK.SHB;
    if (isShb) {
      const order = byteOrder(bytes, at);
      if (order === undefined) {
        report.add('pcapng.shb.magic.invalid', 'error',
          `The section header at offset ${at} has byte-order magic ${hex(bytes.subarray(at + 8, at + 12))}, ` +
            'not 1a 2b 3c 4d in either order, so nothing from here on can be read.',
          at + 8, at + 12);
        break;
      }
      section = { littleEndian: order, base: capture.interfaces.length, clocks: [] };
    } else if (!section) {
      report.add('pcapng.shb.missing', 'error',
        `A pcapng file starts with a section header block, but the block at offset ${at} is not one.`, at, at + 4);
      break;
    }
    const win = new ByteWindow(bytes, at, bytes.length, section.littleEndian);
    const { type, totalLength } = win.fixed(0, BLOCK_HEAD);
    const why = totalLength < BLOCK_MIN ? 'less than the 12-byte minimum'
      : totalLength % 4 !== 0 ? 'not a multiple of 4'
      : totalLength > left ? `more than the ${left} bytes left in the file`
      : undefined;
    if (why) {
      report.add('pcapng.block.len.invalid', 'error',
        `The block at offset ${at} (type 0x${type.toString(16).padStart(8, '0')}) says it is ${totalLength} bytes ` +
          `long, which is ${why}; the rest of the file cannot be walked.`,
        at, Math.min(bytes.length, at + Math.max(totalLength, 8)));
      break;
    }
    const trailing = win.uint(totalLength - 4, 4);
    if (trailing !== totalLength) {
      report.add('pcapng.block.len.mismatch', 'error',
        `The block at offset ${at} starts with length ${totalLength} but ends with ${trailing}; ` +
          'the leading length was trusted.',
        at + totalLength - 4, at + totalLength);
    }
    const block: Block = { body: win.sub(8, totalLength - BLOCK_MIN), start: at, end: at + totalLength };
    if (isShb) readShb(block, capture, report);
    else if (type === BLOCK.IDB) readIdb(block, section, capture, report);
    else if (type === BLOCK.EPB) readTimed('epb', block, block.body.fixed(0, EPB_BODY), 20, section, capture, report);
    else if (type === BLOCK.PB) readTimed('pb', block, block.body.fixed(0, PB_BODY), 20, section, capture, report);
    else if (type === BLOCK.SPB) readSpb(block, section, capture, report);
    else if (!QUIETLY_SKIPPED.has(type)) {
      report.add('pcapng.block.unknown', 'info',
        `Block type 0x${type.toString(16).padStart(8, '0')} at offset ${at} is not one PMIP Lab reads; skipped.`,
        at, at + totalLength);
    }
    at += totalLength;
  }
  return { capture, problems: report.problems };
}

interface Block {
  body: ByteWindow;
  start: number;
  end: number;
}

/** true for little-endian, false for big-endian, undefined when the magic is neither. */
function byteOrder(bytes: Uint8Array, at: number): boolean | undefined {
  const magic = new ByteWindow(bytes, at + 8, at + 12, true).uint(0, 4);
  if (magic === BYTE_ORDER_MAGIC) return true;
  if (magic === 0x4d3c2b1a) return false;
  return undefined;
}

function readShb({ body, start, end }: Block, capture: CaptureFile, report: Report): void {
  if (body.length < 16) {
    report.add('pcapng.shb.truncated', 'error',
      `The section header at offset ${start} is too short to hold its version and section length.`, start, end);
    return;
  }
  const { major, minor } = body.fixed(0, SHB_BODY);
  if (major !== 1) {
    report.add('pcapng.shb.version.unsupported', 'error',
      `The section at offset ${start} is pcapng version ${major}.${minor}; only 1.x is defined, ` +
        'so it was read as 1.0 and may come out wrong.',
      start + 12, start + 16);
  }
  for (const opt of readOptions(body.sub(16), report, `Section header at offset ${start}`)) {
    if (opt.code === OPT.SHB_USERAPPL) capture.application ??= optionText(opt, report, 'shb_userappl');
    else if (opt.code === OPT.COMMENT) (capture.comments ??= []).push(optionText(opt, report, 'opt_comment'));
  }
}

function readIdb({ body, start, end }: Block, section: Section, capture: CaptureFile, report: Report): void {
  const iface: CaptureInterface = { linkType: body.uint(0, 2) };
  const clock: Clock = { perSecond: US_PER_S, offsetUs: 0n, snaplen: 0 };
  // Even a broken IDB takes its place in the list: packets refer to interfaces by position.
  capture.interfaces.push(iface);
  section.clocks.push(clock);
  if (body.length < 8) {
    report.add('pcapng.idb.truncated', 'error',
      `The interface description block at offset ${start} is too short to hold a link type and snap length.`,
      start, end);
    return;
  }
  const { snaplen } = body.fixed(0, IDB_BODY);
  if (snaplen !== 0) iface.snaplen = clock.snaplen = snaplen;
  const where = `Interface description block at offset ${start}`;
  for (const opt of readOptions(body.sub(8), report, where)) {
    if (opt.code === OPT.IF_NAME) iface.name = optionText(opt, report, 'if_name');
    else if (opt.code === OPT.IF_TSRESOL && sized(opt, 1, where, report)) {
      const r = opt.value[0] ?? 6;
      clock.perSecond = ticksPerSecond(r);
      // The model only speaks powers of ten; a power-of-two clock is still converted to µs.
      if (!(r & 0x80) && r !== 6) iface.tsresol = r;
    } else if (opt.code === OPT.IF_TSOFFSET && sized(opt, 8, where, report)) {
      clock.offsetUs = BigInt.asIntN(64, opt.view.u64(0)) * US_PER_S;
    }
  }
}

function sized(opt: RawOption, want: number, where: string, report: Report): boolean {
  if (opt.value.length === want) return true;
  report.add('pcapng.opt.value.invalid', 'warn',
    `${where}: option ${opt.code} should be ${plural(want, 'byte')} but is ${opt.value.length}; it was ignored.`,
    opt.start, opt.end);
  return false;
}

/** EPB (§4.3) and the obsolete Packet Block (Appendix A): both carry an interface id and a timestamp. */
function readTimed(kind: 'epb' | 'pb', block: Block, head: TimedHead, headSize: number, section: Section,
  capture: CaptureFile, report: Report): void {
  const { body, start, end } = block;
  const name = kind === 'epb' ? 'Enhanced packet block' : 'Packet block';
  if (body.length < headSize) {
    report.add(`pcapng.${kind}.truncated`, 'error',
      `${name} at offset ${start} is too short to hold its ${headSize}-byte header.`, start, end);
    return;
  }
  const clock = clockFor(kind, name, head.interfaceId, block, section, report);
  if (!clock) return;
  const room = body.length - headSize;
  const capLen = fitCapturedLength(kind, name, head.capturedLength, room, block, report);
  const ticks = (BigInt(head.timestampHigh) << 32n) | BigInt(head.timestampLow);
  const packet: CapturePacket = {
    interfaceId: section.base + head.interfaceId,
    timestampUs: plainUs(ticksToUs(ticks, clock.perSecond) + clock.offsetUs),
    data: body.slice(headSize, capLen),
  };
  setOriginalLength(kind, name, packet, head.originalLength, block, report);
  const where = `${name} at offset ${start}`;
  const comments = readOptions(body.sub(headSize + padded(capLen)), report, where)
    .filter((o) => o.code === OPT.COMMENT)
    .map((o) => optionText(o, report, 'opt_comment'));
  // The model holds one comment per packet; several are rare and read best one per line.
  if (comments.length > 0) packet.comment = comments.join('\n');
  capture.packets.push(packet);
}

/** §4.4: an SPB always belongs to interface 0 and has no timestamp, so it gets time 0. */
function readSpb(block: Block, section: Section, capture: CaptureFile, report: Report): void {
  const { body, start, end } = block;
  const name = 'Simple packet block';
  if (body.length < 4) {
    report.add('pcapng.spb.truncated', 'error', `${name} at offset ${start} is too short to hold its length.`,
      start, end);
    return;
  }
  const clock = clockFor('spb', name, 0, block, section, report);
  if (!clock) return;
  const { originalLength } = body.fixed(0, SPB_BODY);
  const limit = clock.snaplen === 0 ? originalLength : Math.min(originalLength, clock.snaplen);
  const packet: CapturePacket = {
    interfaceId: section.base,
    timestampUs: 0,
    data: body.slice(4, Math.min(limit, body.length - 4)),
  };
  if (originalLength > packet.data.length) packet.originalLength = originalLength;
  capture.packets.push(packet);
}

function clockFor(kind: string, name: string, id: number, block: Block, section: Section,
  report: Report): Clock | undefined {
  const clock = section.clocks[id];
  if (!clock) {
    report.add(`pcapng.${kind}.interface.invalid`, 'error',
      `${name} at offset ${block.start} belongs to interface ${id}, but its section has ` +
        `${plural(section.clocks.length, 'interface')} so far; the packet was dropped.`,
      block.start, block.end);
  }
  return clock;
}

function fitCapturedLength(kind: string, name: string, capLen: number, room: number, block: Block,
  report: Report): number {
  if (capLen <= room) return capLen;
  report.add(`pcapng.${kind}.caplen.invalid`, 'error',
    `${name} at offset ${block.start} says it captured ${plural(capLen, 'byte')}, but the block holds only ` +
      `${room}; those ${room} were kept.`,
    block.start, block.end);
  return room;
}

function setOriginalLength(kind: string, name: string, packet: CapturePacket, originalLength: number,
  block: Block, report: Report): void {
  if (originalLength > packet.data.length) packet.originalLength = originalLength;
  else if (originalLength < packet.data.length) {
    report.add(`pcapng.${kind}.origlen.invalid`, 'warn',
      `${name} at offset ${block.start} was ${plural(originalLength, 'byte')} on the wire but captured ` +
        `${packet.data.length}; a capture cannot be longer than the packet.`,
      block.start, block.end);
  }
}
