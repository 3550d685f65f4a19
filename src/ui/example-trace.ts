import { captureToTrace } from '../sim/from-capture';
import type { Trace } from '../sim/trace';
import { allExamples } from '../wire/examples';
import type { CaptureFile } from '../wire/pcapng';

/** The name the example capture goes by in the lab, as if it were a file. */
export const EXAMPLE_CAPTURE_NAME = 'examples.pcapng';

/**
 * What `pmip-lab sample --pcap` writes, built in the browser: every example frame of the catalog,
 * 1 ms apart, one interface per link type, each commented with the message and its RFC section.
 * Converted through the same path as an opened file, so it is a fair demo of that path.
 */
export function exampleCapture(): CaptureFile {
  const interfaceOf = new Map<number, number>();
  const capture: CaptureFile = { format: 'pcapng', application: 'PMIP Lab', interfaces: [], packets: [] };
  allExamples().forEach((example, i) => {
    let interfaceId = interfaceOf.get(example.linkType);
    if (interfaceId === undefined) {
      interfaceId = capture.interfaces.length;
      interfaceOf.set(example.linkType, interfaceId);
      capture.interfaces.push({ linkType: example.linkType, name: `examples-${example.linkType}` });
    }
    capture.packets.push({ interfaceId, timestampUs: i * 1000, data: example.build(), comment: example.comment });
  });
  return capture;
}

export function exampleTrace(): Trace {
  return captureToTrace(exampleCapture(), EXAMPLE_CAPTURE_NAME);
}
