import { Sink, checkSnaplen, checkUint, hex } from './capture/bytes';
import {
  BLOCK, BLOCK_HEAD, BYTE_ORDER_MAGIC, EPB_BODY, IDB_BODY, OPT, SHB_BODY,
} from './capture/layouts';
import { textOption, writeOptions } from './capture/options';
import { readPcapng } from './capture/pcapng-read';
import { checkedUs, usToTicks } from './capture/time';
import type { CaptureFile, ReadResult } from './capture/types';
import { isPcapMagic, readPcap, writePcap } from './pcap';

export { LINKTYPE } from './capture/types';
export type { CaptureFile, CaptureInterface, CapturePacket, ReadResult } from './capture/types';
export { readPcapng };

/**
 * Writes one pcapng section (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface
 * Description Block per interface, and one Enhanced Packet Block per packet, little-endian.
 *
 * The capture is our own data, so anything a file cannot hold (an interface id with no interface,
 * a fraction of a microsecond, a NUL in a comment, a value too wide for its field) is a programming
 * error and throws a RangeError naming the field, rather than writing a file Wireshark rejects.
 */
export function writePcapng(capture: CaptureFile): Uint8Array {
  const sink = new Sink();
  block(sink, BLOCK.SHB, () => {
    // Section length -1: "not given", so the file can be streamed without seeking back (§4.1).
    sink.fixed(SHB_BODY, { magic: BYTE_ORDER_MAGIC, major: 1, minor: 0, sectionLength: -1n });
    writeOptions(sink, [
      ...(capture.application === undefined ? [] : [textOption(OPT.SHB_USERAPPL, capture.application, 'application')]),
      ...(capture.comments ?? []).map((c, i) => textOption(OPT.COMMENT, c, `comments[${i}]`)),
    ]);
  });

  const resolutions = capture.interfaces.map((iface, i) => {
    const what = `interfaces[${i}]`;
    const tsresol = iface.tsresol ?? 6;
    checkUint(iface.linkType, 0xffff, `${what}.linkType`);
    checkUint(iface.snaplen ?? 0, 0xffffffff, `${what}.snaplen`);
    // Only decimal resolutions: the high bit would switch if_tsresol to powers of two (§4.2).
    checkUint(tsresol, 0x7f, `${what}.tsresol`);
    block(sink, BLOCK.IDB, () => {
      sink.fixed(IDB_BODY, { linkType: iface.linkType, reserved: 0, snaplen: iface.snaplen ?? 0 });
      writeOptions(sink, [
        ...(iface.name === undefined ? [] : [textOption(OPT.IF_NAME, iface.name, `${what}.name`)]),
        // 6 is the default; leaving it out keeps the common file byte-identical to libpcap's.
        ...(tsresol === 6 ? [] : [[OPT.IF_TSRESOL, Uint8Array.of(tsresol)] as [number, Uint8Array]]),
      ]);
    });
    return tsresol;
  });

  capture.packets.forEach((packet, i) => {
    const what = `packets[${i}]`;
    const iface = capture.interfaces[packet.interfaceId];
    const tsresol = resolutions[packet.interfaceId];
    if (!Number.isInteger(packet.interfaceId) || !iface || tsresol === undefined) {
      throw new RangeError(`${what}.interfaceId ${packet.interfaceId} names no interface (there are ${resolutions.length})`);
    }
    checkSnaplen(packet.data.length, iface.snaplen, `interfaces[${packet.interfaceId}].snaplen`, what);
    const ticks = usToTicks(checkedUs(packet.timestampUs, what), tsresol, what);
    const originalLength = packet.originalLength ?? packet.data.length;
    checkUint(originalLength, 0xffffffff, `${what}.originalLength`);
    if (originalLength < packet.data.length) {
      throw new RangeError(`${what}.originalLength ${originalLength} is less than the ${packet.data.length} bytes captured`);
    }
    block(sink, BLOCK.EPB, () => {
      sink.fixed(EPB_BODY, {
        interfaceId: packet.interfaceId,
        timestampHigh: Number(ticks >> 32n),
        timestampLow: Number(ticks & 0xffffffffn),
        capturedLength: packet.data.length,
        originalLength,
      });
      sink.bytes(packet.data).pad4();
      writeOptions(sink, packet.comment === undefined ? [] : [textOption(OPT.COMMENT, packet.comment, `${what}.comment`)]);
    });
  });
  return sink.finish();
}

/** Writes the format the capture asks for. */
export function writeCapture(capture: CaptureFile): Uint8Array {
  return capture.format === 'pcap' ? writePcap(capture) : writePcapng(capture);
}

/**
 * Reads classic pcap or pcapng, whichever the first four bytes say. Never throws; see ReadResult.
 * Several pcapng sections are merged: their interfaces are appended in order and packet
 * interface ids are renumbered to match, the first shb_userappl wins and SHB comments are joined.
 */
export function readCapture(bytes: Uint8Array): ReadResult {
  if (bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a) {
    return readPcapng(bytes);
  }
  if (isPcapMagic(bytes)) return readPcap(bytes);
  const what = bytes.length === 0 ? 'the file is empty'
    : bytes.length < 4 ? `it is only ${bytes.length} byte${bytes.length === 1 ? '' : 's'} long (${hex(bytes)})`
    : `the first four bytes are ${hex(bytes.subarray(0, 4))}, which is neither a pcap magic ` +
      '(d4 c3 b2 a1, 4d 3c b2 a1 or either reversed) nor a pcapng section header (0a 0d 0d 0a)';
  return {
    problems: [{
      id: 'capture.format.unknown',
      severity: 'error',
      message: `not a pcap or pcapng file: ${what}.`,
      start: 0,
      end: Math.min(4, bytes.length),
    }],
  };
}

/** §3.1: the total length is known only after the body, so it is patched in at the front. */
function block(sink: Sink, type: number, body: () => void): void {
  const start = sink.length;
  sink.fixed(BLOCK_HEAD, { type, totalLength: 0 });
  body();
  sink.pad4();
  const total = sink.length - start + 4;
  sink.uint(total, 4);
  sink.patchU32(start + 4, total);
}
