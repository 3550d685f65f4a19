import { sampleCapture } from '../../wire/examples/capture.ts';
import { allExamples } from '../../wire/examples/index.ts';
import { writePcapng } from '../../wire/pcapng.ts';
import { parseCommandArgs } from '../args.ts';
import { linkTypeName, plural } from '../capture-text.ts';
import { exitCode, UsageError, type Command, type Io } from '../command.ts';
import { writeOutput } from '../files.ts';
import { packageVersion } from '../version.ts';

export { SAMPLE_EPOCH_US, SAMPLE_STEP_US, sampleCapture } from '../../wire/examples/capture.ts';

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
