import type { Problem } from '../../wire/core/index.ts';
import { dissect, type Dissection } from '../../wire/dissect.ts';
import { readCapture, type CaptureFile, type CapturePacket } from '../../wire/pcapng.ts';
import { parseCommandArgs } from '../args.ts';
import { linkTypeName, plural, printable, problemLine, range, seconds, treeLines } from '../capture-text.ts';
import { exitCode, UsageError, type Command, type Io } from '../command.ts';
import { readInput } from '../files.ts';

export const decode: Command = {
  name: 'decode',
  summary: 'Dissect every packet of a pcap or pcapng file',
  usage: [
    'pmip-lab decode <capture> [--json]',
    '',
    'Prints each packet: a header line (number, length, interface, time since the first packet,',
    'summary), its comment, the field tree (label and value, filter name, byte range [start..end)),',
    'then its problems. A damaged file is decoded as far as it can be read, with warnings on stderr.',
    '',
    'Options:',
    '  --json    print one JSON document: { file, format, interfaces, packets, problems }',
  ].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, true);
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('a capture file to decode is needed');
    if (extra.length > 0) throw new UsageError(`one capture file at a time (also given: ${extra.join(' ')})`);

    const { capture, problems } = readCapture(readInput(file));
    const fatal = problems.find((p) => p.severity === 'error');
    // Not a capture at all, or one whose header could not be read: nothing to decode.
    if (!capture || (capture.interfaces.length === 0 && capture.packets.length === 0 && fatal)) {
      const why = fatal?.message ?? problems[0]?.message ?? 'not a capture file';
      io.stderr(`pmip-lab decode: cannot decode '${file}': ${printable(why)}\n`);
      return exitCode.failure;
    }
    for (const p of problems) io.stderr(`pmip-lab decode: ${fileProblemLine(file, p)}\n`);

    if (values.json === true) {
      io.stdout(`${toJson(file, capture, problems)}\n`);
      return exitCode.ok;
    }
    printText(file, capture, problems, io);
    return exitCode.ok;
  },
};

/** A problem of the file itself (not of a packet), as a warning naming the file and where. */
export function fileProblemLine(file: string, p: Problem): string {
  const kind = p.severity === 'info' ? 'note' : 'warning';
  return `${kind}: '${file}': ${printable(p.message)} (${p.severity} ${p.id}, file bytes ${range(p.start, p.end)})`;
}

function dissectPacket(capture: CaptureFile, packet: CapturePacket): Dissection & { linkType: number | undefined } {
  const linkType = capture.interfaces[packet.interfaceId]?.linkType;
  // A packet on an interface the file never described still gets a look, as bytes of unknown type.
  return { ...dissect(packet.data, linkType ?? -1), linkType };
}

/** `Comment: …`, a comment of several lines continuing under its first. */
function commentLines(comment: string, indent: string): string[] {
  return comment.split(/\r?\n/).map((line, i) => `${indent}${i === 0 ? 'Comment: ' : '         '}${printable(line)}`);
}

const toBigInt = (t: bigint | number): bigint => (typeof t === 'bigint' ? t : BigInt(t));

function printText(file: string, capture: CaptureFile, fileProblems: readonly Problem[], io: Io): void {
  const head = [
    `${printable(file)}: ${capture.format}`,
    plural(capture.interfaces.length, 'interface'),
    plural(capture.packets.length, 'packet'),
  ];
  if (capture.application !== undefined) head.push(`written by ${printable(capture.application)}`);
  io.stdout(`${head.join(', ')}\n`);
  for (const c of capture.comments ?? []) io.stdout(`${commentLines(c, '').join('\n')}\n`);

  const first = capture.packets[0];
  const t0 = first ? toBigInt(first.timestampUs) : 0n;
  let problemCount = 0;
  let packetsWithProblems = 0;
  capture.packets.forEach((packet, i) => {
    const d = dissectPacket(capture, packet);
    const iface = capture.interfaces[packet.interfaceId];
    const ifaceText = iface
      ? `interface ${packet.interfaceId}${iface.name === undefined ? '' : ` (${printable(iface.name)})`} ${linkTypeName(iface.linkType)}`
      : `interface ${packet.interfaceId} (not described in the file)`;
    const length = packet.originalLength !== undefined && packet.originalLength > packet.data.length
      ? `${packet.originalLength} bytes on the wire, ${packet.data.length} captured`
      : plural(packet.data.length, 'byte');
    const time = `${seconds(toBigInt(packet.timestampUs) - t0)} s`;
    const lines = ['', `Frame ${i + 1} (${length}, ${ifaceText}, ${time}) — ${printable(d.summary)}`];
    if (packet.comment !== undefined) lines.push(...commentLines(packet.comment, '  '));
    lines.push(...treeLines(d.layers, packet.data));
    if (d.problems.length > 0) {
      lines.push(`  ${plural(d.problems.length, 'problem')}:`);
      for (const p of d.problems) lines.push(`    ${problemLine(p)}`);
      problemCount += d.problems.length;
      packetsWithProblems += 1;
    }
    io.stdout(`${lines.join('\n')}\n`);
  });

  const found = problemCount === 0 ? 'no problems' : `${plural(problemCount, 'problem')} in ${plural(packetsWithProblems, 'packet')}`;
  const damage = fileProblems.length === 0 ? '' : `; the file itself has ${plural(fileProblems.length, 'problem')} (on stderr)`;
  io.stdout(`\n${plural(capture.packets.length, 'packet')} decoded, ${found}${damage}.\n`);
}

function toJson(file: string, capture: CaptureFile, problems: readonly Problem[]): string {
  const doc = {
    file,
    format: capture.format,
    ...(capture.application === undefined ? {} : { application: capture.application }),
    ...(capture.comments === undefined ? {} : { comments: capture.comments }),
    interfaces: capture.interfaces,
    packets: capture.packets.map((packet, i) => {
      const d = dissectPacket(capture, packet);
      return {
        number: i + 1,
        interface: packet.interfaceId,
        linkType: d.linkType ?? null,
        timestampUs: packet.timestampUs,
        length: packet.data.length,
        ...(packet.originalLength === undefined ? {} : { originalLength: packet.originalLength }),
        ...(packet.comment === undefined ? {} : { comment: packet.comment }),
        summary: d.summary,
        layers: d.layers,
        problems: d.problems,
      };
    }),
    problems,
  };
  // Timestamps past 2255 come as bigint, which JSON cannot hold: they are written as strings.
  return JSON.stringify(doc, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
}
