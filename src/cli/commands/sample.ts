import { allExamples, type Example } from '../../wire/examples/index.ts';
import { writePcapng, type CaptureFile } from '../../wire/pcapng.ts';
import { parseCommandArgs } from '../args.ts';
import { linkTypeName, plural } from '../capture-text.ts';
import { exitCode, UsageError, type Command, type Io } from '../command.ts';
import { writeOutput } from '../files.ts';
import { packageVersion } from '../version.ts';

/** 2024-01-01T00:00:00Z in µs: a fixed epoch, so the file is the same byte for byte on every run. */
export const SAMPLE_EPOCH_US = 1_704_067_200_000_000;
/** The packets are this far apart. */
export const SAMPLE_STEP_US = 1_000;

export const sample: Command = {
  name: 'sample',
  summary: 'Write every example frame of the catalog to a pcapng file',
  usage: [
    'pmip-lab sample --pcap <file>',
    '',
    'Writes one packet per example frame (src/wire/examples), each with a comment naming the message,',
    'its RFC section and any tshark caveat; one interface per link type. The file is the same on every run.',
    '',
    'Options:',
    '  --pcap <file>    where to write the pcapng file',
  ].join('\n'),
  run(args: readonly string[], io: Io): number {
    const { values } = parseCommandArgs(args, { pcap: { type: 'string' } });
    if (values.pcap === undefined) throw new UsageError('--pcap <file> is needed: where to write the capture');
    if (values.pcap === '') throw new UsageError('--pcap needs a file name');
    const capture = sampleCapture(allExamples(), `PMIP Lab ${packageVersion()}`);
    writeOutput(values.pcap, writePcapng(capture));
    const links = capture.interfaces.map((i) => linkTypeName(i.linkType)).join(', ');
    const on = capture.interfaces.length === 0 ? '' : ` on ${plural(capture.interfaces.length, 'interface')} (${links})`;
    io.stdout(`wrote ${plural(capture.packets.length, 'packet')} to ${values.pcap}${on}\n`);
    return exitCode.ok;
  },
};

/** The examples as one capture: an interface per link type in order of first use, 1 ms apart. */
export function sampleCapture(examples: readonly Example[], application: string): CaptureFile {
  const interfaceOf = new Map<number, number>();
  const capture: CaptureFile = {
    format: 'pcapng',
    application,
    comments: ['The example frames of the PMIP Lab catalog (src/wire/examples), one per packet.'],
    interfaces: [],
    packets: [],
  };
  examples.forEach((example, i) => {
    let interfaceId = interfaceOf.get(example.linkType);
    if (interfaceId === undefined) {
      interfaceId = capture.interfaces.length;
      interfaceOf.set(example.linkType, interfaceId);
      const slug = linkTypeName(example.linkType).toLowerCase().replace(/[^a-z0-9]+/g, '-');
      capture.interfaces.push({ linkType: example.linkType, name: `examples-${slug}` });
    }
    capture.packets.push({
      interfaceId,
      timestampUs: SAMPLE_EPOCH_US + i * SAMPLE_STEP_US,
      data: example.build(),
      comment: example.comment,
    });
  });
  return capture;
}
