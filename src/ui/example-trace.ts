import { captureToTrace } from '../sim/from-capture';
import type { Trace } from '../sim/trace';
import { allExamples } from '../wire/examples';
import { sampleCapture } from '../wire/examples/capture';
import type { CaptureFile } from '../wire/pcapng';

/** The name the example capture goes by in the lab, as if it were a file. */
export const EXAMPLE_CAPTURE_NAME = 'examples.pcapng';

/**
 * What `pmip-lab sample --pcap` writes, built in the browser: every example frame of the catalog,
 * 1 ms apart, one interface per link type, each commented with the message and its RFC section
 * (`sampleCapture`, shared with the CLI).
 * Converted through the same path as an opened file, so it is a fair demo of that path.
 */
export function exampleCapture(): CaptureFile {
  return sampleCapture(allExamples(), 'PMIP Lab');
}

export function exampleTrace(): Trace {
  return captureToTrace(exampleCapture(), EXAMPLE_CAPTURE_NAME);
}
