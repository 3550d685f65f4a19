import { ByteWindow, Report, Sink, checkSnaplen, checkUint } from './capture/bytes';
import { PCAP_HEADER, PCAP_MAGIC_NS, PCAP_MAGIC_US, PCAP_RECORD } from './capture/layouts';
import { checkedUs, plainUs, US_PER_S } from './capture/time';
import type { CaptureFile, CaptureInterface, CapturePacket, ReadResult } from './capture/types';

export { LINKTYPE } from './capture/types';
export type { CaptureFile, CaptureInterface, CapturePacket, ReadResult } from './capture/types';

/** libpcap's MAXIMUM_SNAPLEN: what tcpdump writes when no snap length is asked for. */
export const DEFAULT_SNAPLEN = 262_144;

const HEADER_SIZE = 24;
const RECORD_SIZE = 16;

/**
 * Writes classic libpcap (draft-ietf-opsawg-pcap), little-endian, version 2.4.
 *
 * A pcap file has one link type in its header, so every interface must share it; anything else,
 * and a capture with no interface at all, is a programming error and throws a RangeError (write
 * pcapng instead). The file cannot hold interface names, comments or the application name, so
 * those are dropped. Timestamps are written in ns (magic 0xA1B23C4D) when every interface asks
 * for if_tsresol 9, otherwise in µs. The header's snap length is the largest interface snaplen,
 * or DEFAULT_SNAPLEN (raised to the largest packet) when none is given; a packet longer than it
 * is a RangeError, since libpcap would cut it short when reading.
 */
export function writePcap(capture: CaptureFile): Uint8Array {
  const [first, ...rest] = capture.interfaces;
  if (!first) throw new RangeError('classic pcap needs an interface: its header holds the link type of the file');
  const other = rest.find((i) => i.linkType !== first.linkType);
  if (other) {
    throw new RangeError(
      `classic pcap holds one link type per file, but the interfaces use ${first.linkType} and ${other.linkType}; ` +
        'write pcapng instead',
    );
  }
  const nano = capture.interfaces.every((i) => i.tsresol === 9);
  capture.interfaces.forEach((iface, i) => checkUint(iface.snaplen ?? 0, 0xffffffff, `interfaces[${i}].snaplen`));
  checkUint(first.linkType, 0xffff, 'interfaces[0].linkType');
  const requested = capture.interfaces.reduce((max, i) => Math.max(max, i.snaplen ?? 0), 0);
  // With no snap length asked for, the default must still cover every packet (a reader trusts it).
  const largest = capture.packets.reduce((max, p) => Math.max(max, p.data.length), 0);
  const snaplen = requested || Math.max(DEFAULT_SNAPLEN, largest);

  const sink = new Sink();
  sink.fixed(PCAP_HEADER, {
    magic: nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US,
    major: 2,
    minor: 4,
    thiszone: 0,
    sigfigs: 0,
    snaplen,
    linkType: first.linkType,
  });
  capture.packets.forEach((packet, i) => {
    const what = `packets[${i}]`;
    if (!Number.isInteger(packet.interfaceId) || !capture.interfaces[packet.interfaceId]) {
      throw new RangeError(`${what}.interfaceId ${packet.interfaceId} names no interface`);
    }
    // The file has one snap length, the largest asked for, so that is what a reader will apply.
    checkSnaplen(packet.data.length, snaplen, 'the file snap length (the largest interface snaplen)', what);
    const us = checkedUs(packet.timestampUs, what);
    const seconds = us / US_PER_S;
    if (seconds > 0xffffffffn) throw new RangeError(`${what}: timestamp ${us} µs is after 2106, past pcap's 32-bit seconds`);
    const micros = Number(us % US_PER_S);
    const originalLength = packet.originalLength ?? packet.data.length;
    checkUint(originalLength, 0xffffffff, `${what}.originalLength`);
    if (originalLength < packet.data.length) {
      throw new RangeError(`${what}.originalLength ${originalLength} is less than the ${packet.data.length} bytes captured`);
    }
    sink.fixed(PCAP_RECORD, {
      seconds: Number(seconds),
      fraction: nano ? micros * 1000 : micros,
      capturedLength: packet.data.length,
      originalLength,
    });
    sink.bytes(packet.data);
  });
  return sink.finish();
}

interface PcapFlavour {
  littleEndian: boolean;
  nano: boolean;
}

/** The magic says both the byte order and the unit of the fraction field (§4). */
function flavour(bytes: Uint8Array): PcapFlavour | undefined {
  if (bytes.length < 4) return undefined;
  for (const littleEndian of [true, false]) {
    const magic = new ByteWindow(bytes, 0, 4, littleEndian).uint(0, 4);
    if (magic === PCAP_MAGIC_US) return { littleEndian, nano: false };
    if (magic === PCAP_MAGIC_NS) return { littleEndian, nano: true };
  }
  return undefined;
}

export function isPcapMagic(bytes: Uint8Array): boolean {
  return flavour(bytes) !== undefined;
}

/**
 * Reads classic pcap. Never throws. Records have no framing of their own (§5): the captured length
 * is the only way to the next record, so a record that runs past the end ends the walk, keeping
 * the bytes it has.
 */
export function readPcap(bytes: Uint8Array): ReadResult {
  const report = new Report(bytes.length);
  const kind = flavour(bytes);
  if (!kind) {
    report.add('pcap.magic.invalid', 'error', 'This is not a classic pcap file: the magic number is wrong.', 0, 4);
    return { problems: report.problems };
  }
  const capture: CaptureFile = { format: 'pcap', interfaces: [], packets: [] };
  const win = new ByteWindow(bytes, 0, bytes.length, kind.littleEndian);
  if (bytes.length < HEADER_SIZE) {
    report.add('pcap.header.truncated', 'error',
      `The file is ${bytes.length} bytes long, too short for the 24-byte pcap file header.`, 0, bytes.length);
    return { capture, problems: report.problems };
  }
  const h = win.fixed(0, PCAP_HEADER);
  if (h.major !== 2) {
    report.add('pcap.version.unexpected', 'warn',
      `The file says pcap version ${h.major}.${h.minor}; only 2.x exists, so it was read as 2.4.`, 4, 8);
  }
  // The high bits of the link type field carry FCS information, not the link type.
  const iface: CaptureInterface = { linkType: h.linkType & 0xffff };
  if (h.snaplen !== 0) iface.snaplen = h.snaplen;
  if (kind.nano) iface.tsresol = 9;
  capture.interfaces.push(iface);

  let at = HEADER_SIZE;
  while (at < bytes.length) {
    const left = bytes.length - at;
    if (left < RECORD_SIZE) {
      report.add('pcap.record.truncated', 'error',
        `The file ends ${left} bytes into the record header at offset ${at}; a record header is 16 bytes.`,
        at, bytes.length);
      break;
    }
    const r = win.fixed(at, PCAP_RECORD);
    const room = left - RECORD_SIZE;
    const end = at + RECORD_SIZE + Math.min(r.capturedLength, room);
    if (h.snaplen !== 0 && r.capturedLength > h.snaplen) {
      report.add('pcap.record.caplen.invalid', 'warn',
        `The record at offset ${at} says it captured ${r.capturedLength} bytes, more than the file's snap length ` +
          `of ${h.snaplen}; the file may be damaged from here on.`,
        at, end);
    }
    if (r.capturedLength > room) {
      report.add('pcap.record.truncated', 'error',
        `The record at offset ${at} says it captured ${r.capturedLength} bytes, but the file ends after ${room}; ` +
          'those were kept.',
        at, end);
    }
    const unit = kind.nano ? 1_000_000_000 : 1_000_000;
    if (r.fraction >= unit) {
      report.add('pcap.record.ts.invalid', 'warn',
        `The record at offset ${at} has ${r.fraction} ${kind.nano ? 'ns' : 'µs'} past the second, ` +
          'which is a second or more.',
        at + 4, at + 8);
    }
    const fractionUs = kind.nano ? BigInt(Math.floor(r.fraction / 1000)) : BigInt(r.fraction);
    const packet: CapturePacket = {
      interfaceId: 0,
      timestampUs: plainUs(BigInt(r.seconds) * US_PER_S + fractionUs),
      data: win.slice(at + RECORD_SIZE, r.capturedLength),
    };
    if (r.originalLength > packet.data.length) packet.originalLength = r.originalLength;
    else if (r.originalLength < packet.data.length) {
      report.add('pcap.record.origlen.invalid', 'warn',
        `The record at offset ${at} was ${r.originalLength} bytes on the wire but captured ` +
          `${packet.data.length}; a capture cannot be longer than the packet.`,
        at, end);
    }
    capture.packets.push(packet);
    at = end;
  }
  return { capture, problems: report.problems };
}
