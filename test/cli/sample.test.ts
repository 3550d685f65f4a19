import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_EPOCH_US, sampleCapture } from '../../src/cli/commands/sample';
import { allExamples, type Example } from '../../src/wire/examples';
import { LINKTYPE, readCapture } from '../../src/wire/pcapng';
import { cli } from '../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('pmip-lab sample', () => {
  it('writes one packet per example, with its comment, and the lab and its version as the application', async () => {
    const file = join(dir, 'examples.pcapng');
    const examples = allExamples();
    const { code, stdout, stderr } = await cli('sample', '--pcap', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^wrote ${examples.length} packets? to ${file.replace(/\./g, '\\.')}`));
    const { capture, problems } = readCapture(new Uint8Array(readFileSync(file)));
    expect(problems).toEqual([]);
    expect(capture?.application).toBe(`PMIP Lab ${version}`);
    expect(capture?.packets.map((p) => p.comment)).toEqual(examples.map((e) => e.comment));
    capture?.packets.forEach((packet, i) => {
      expect(packet.data).toEqual(examples[i]!.build());
      expect(capture.interfaces[packet.interfaceId]?.linkType).toBe(examples[i]!.linkType);
    });
  });

  it('writes the same bytes on every run', async () => {
    const [a, b] = [join(dir, 'a.pcapng'), join(dir, 'b.pcapng')];
    expect((await cli('sample', '--pcap', a)).code).toBe(0);
    expect((await cli('sample', '--pcap', b)).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('needs --pcap', async () => {
    const { code, stdout, stderr } = await cli('sample');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("pmip-lab sample: --pcap <file> is needed: where to write the capture. Run 'pmip-lab help sample' for usage.\n");
  });

  it('names the file and the reason on one line when it cannot write', async () => {
    const file = join(dir, 'no-such-folder', 'x.pcapng');
    const { code, stderr } = await cli('sample', '--pcap', file);
    expect(code).toBe(1);
    expect(stderr).toBe(`pmip-lab sample: cannot write '${file}': no such file or directory\n`);
  });
});

describe('the sample capture', () => {
  const example = (name: string, linkType: number, byte: number): Example => ({
    name,
    comment: `${name} (RFC 0000 §0)`,
    linkType,
    build: () => Uint8Array.of(byte),
  });

  it('has one interface per link type, in order of first use, and packets 1 ms apart from a fixed epoch', () => {
    const capture = sampleCapture(
      [example('a', LINKTYPE.ETHERNET, 1), example('b', LINKTYPE.RAW, 2), example('c', LINKTYPE.ETHERNET, 3)],
      'PMIP Lab test',
    );
    expect(capture.interfaces).toEqual([
      { linkType: LINKTYPE.ETHERNET, name: 'examples-ethernet' },
      { linkType: LINKTYPE.RAW, name: 'examples-raw-ip' },
    ]);
    expect(capture.packets).toEqual([
      { interfaceId: 0, timestampUs: SAMPLE_EPOCH_US, data: Uint8Array.of(1), comment: 'a (RFC 0000 §0)' },
      { interfaceId: 1, timestampUs: SAMPLE_EPOCH_US + 1_000, data: Uint8Array.of(2), comment: 'b (RFC 0000 §0)' },
      { interfaceId: 0, timestampUs: SAMPLE_EPOCH_US + 2_000, data: Uint8Array.of(3), comment: 'c (RFC 0000 §0)' },
    ]);
    expect(capture.application).toBe('PMIP Lab test');
  });
});
