import { LINKTYPE, type CaptureFile } from '../pcapng';
import { allExamples } from './index';
import type { Example } from './types';

/*
 * The sample capture: every example frame of the catalog as one pcapng file. `pmip-lab sample`
 * writes it, the lab opens it in the browser, and test/conformance/sample.test.ts hands it to tshark,
 * so all three see the same bytes.
 */

/** 2024-01-01T00:00:00Z in µs: a fixed epoch, so the file is the same byte for byte on every run. */
export const SAMPLE_EPOCH_US = 1_704_067_200_000_000;
/** The packets are this far apart. */
export const SAMPLE_STEP_US = 1_000;

/** What a link type is called, for interface names and the CLI's text. */
export const LINK_TYPE_NAMES: Readonly<Record<number, string>> = {
  [LINKTYPE.NULL]: 'BSD loopback',
  [LINKTYPE.ETHERNET]: 'Ethernet',
  [LINKTYPE.PPP]: 'PPP',
  [LINKTYPE.RAW]: 'Raw IP',
  [LINKTYPE.IPV4]: 'Raw IPv4',
  [LINKTYPE.IPV6]: 'Raw IPv6',
};

export function linkTypeName(linkType: number | undefined): string {
  if (linkType === undefined) return 'unknown link type';
  return LINK_TYPE_NAMES[linkType] ?? `link type ${linkType}`;
}

/** The examples as one capture: an interface per link type in order of first use, 1 ms apart. */
export function sampleCapture(examples: readonly Example[] = allExamples(), application = 'PMIP Lab'): CaptureFile {
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
