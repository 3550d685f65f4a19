import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FieldNode } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { writePcap } from '../../src/wire/pcap';
import { LINKTYPE, writePcapng, type CaptureFile } from '../../src/wire/pcapng';
import { cli } from '../support/cli';

/*
 * The frames are hand-written hex, so the test does not depend on which codecs are registered:
 * the expected tree lines are computed from `dissect` itself, and the test checks that every node
 * appears with its filter name and byte range, at its depth.
 */
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
// An ARP request (RFC 826) from 10.0.0.1 for 10.0.0.2, and an IPv6 header with No Next Header (59).
const arp = hex('ffffffffffff 020000000001 0806  0001 0800 06 04 0001  020000000001 0a000001  000000000000 0a000002');
const ipv6 = hex('60000000 0000 3b 40  20010db8000000000000000000000001  20010db8000000000000000000000002');
const t0 = 1_700_000_000_000_000;

const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const twoInterfaces: CaptureFile = {
  format: 'pcapng',
  application: 'PMIP Lab test',
  interfaces: [{ linkType: LINKTYPE.ETHERNET, name: 'mag1-eth0' }, { linkType: LINKTYPE.IPV6 }],
  packets: [
    { interfaceId: 0, timestampUs: t0, data: arp, comment: 'step 1: the MN asks for its router' },
    { interfaceId: 1, timestampUs: t0 + 1_234_567, data: ipv6 },
    { interfaceId: 0, timestampUs: t0 + 2_000_000, data: arp, comment: 'again' },
  ],
};

/** The line of a node: indented by depth, then text, filter name and range. */
const nodeLine = (node: FieldNode, depth: number): RegExp =>
  new RegExp(`^ {${2 + depth * 2}}\\S.*  ${node.name.replace(/\./g, '\\.')}  \\[${node.start}\\.\\.${node.end}\\)(  \\(.*\\))?$`, 'm');

function expectTree(stdout: string, layers: readonly FieldNode[]): void {
  const visit = (node: FieldNode, depth: number): void => {
    expect(stdout).toMatch(nodeLine(node, depth));
    for (const child of node.children ?? []) visit(child, depth + 1);
  };
  for (const layer of layers) visit(layer, 0);
}

describe('pmip-lab decode', () => {
  it('prints a header line, the comment and the field tree of every packet, then a closing count', async () => {
    const file = save('two.pcapng', writePcapng(twoInterfaces));
    const { code, stdout, stderr } = await cli('decode', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const first = dissect(arp, LINKTYPE.ETHERNET);
    const second = dissect(ipv6, LINKTYPE.IPV6);
    expect(stdout).toContain(`${file}: pcapng, 2 interfaces, 3 packets, written by PMIP Lab test\n`);
    expect(stdout).toContain(`\nFrame 1 (42 bytes, interface 0 (mag1-eth0) Ethernet, 0.000000 s) — ${first.summary}\n  Comment: step 1: the MN asks for its router\n`);
    expect(stdout).toContain(`\nFrame 2 (40 bytes, interface 1 Raw IPv6, 1.234567 s) — ${second.summary}\n`);
    expect(stdout).toContain(`\nFrame 3 (42 bytes, interface 0 (mag1-eth0) Ethernet, 2.000000 s) — ${first.summary}\n  Comment: again\n`);
    expectTree(stdout, first.layers);
    expectTree(stdout, second.layers);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('3 packets decoded, no problems.');
  });

  it('lists the problems of a packet under it and counts them at the end, still exiting 0', async () => {
    // LINKTYPE_USER0 (147): a link type the lab does not decode, so the frame is data with a warning.
    const capture: CaptureFile = { format: 'pcapng', interfaces: [{ linkType: 147 }], packets: [{ interfaceId: 0, timestampUs: t0, data: ipv6 }] };
    const { code, stdout, stderr } = await cli('decode', save('user0.pcapng', writePcapng(capture)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Frame 1 (40 bytes, interface 0 link type 147, 0.000000 s)');
    expect(stdout).toMatch(/^ {2}1 problem:\n {4}warn frame\.linktype\.unknown: link type 147 is not one the lab decodes.* \[0\.\.40\)$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 packet decoded, 1 problem in 1 packet.');
  });

  it('reads classic pcap too', async () => {
    const capture: CaptureFile = { format: 'pcap', interfaces: [{ linkType: LINKTYPE.RAW }], packets: [{ interfaceId: 0, timestampUs: t0, data: ipv6 }] };
    const { code, stdout } = await cli('decode', save('raw.pcap', writePcap(capture)));
    expect(code).toBe(0);
    expect(stdout).toContain('raw.pcap: pcap, 1 interface, 1 packet\n');
    expect(stdout).toContain('Frame 1 (40 bytes, interface 0 Raw IP, 0.000000 s)');
    expectTree(stdout, dissect(ipv6, LINKTYPE.RAW).layers);
  });

  it('prints one JSON document with the interfaces, the packets and their trees with --json', async () => {
    const file = save('two-json.pcapng', writePcapng(twoInterfaces));
    const { code, stdout, stderr } = await cli('decode', file, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ file, format: 'pcapng', application: 'PMIP Lab test', problems: [] });
    expect(doc.interfaces).toEqual([{ linkType: LINKTYPE.ETHERNET, name: 'mag1-eth0' }, { linkType: LINKTYPE.IPV6 }]);
    const first = dissect(arp, LINKTYPE.ETHERNET);
    expect(doc.packets).toEqual([
      { number: 1, interface: 0, linkType: 1, timestampUs: t0, length: 42, comment: 'step 1: the MN asks for its router', summary: first.summary, layers: first.layers, problems: [] },
      expect.objectContaining({ number: 2, interface: 1, linkType: LINKTYPE.IPV6, timestampUs: t0 + 1_234_567, length: 40, layers: dissect(ipv6, LINKTYPE.IPV6).layers }),
      expect.objectContaining({ number: 3, comment: 'again' }),
    ]);
    expect(doc.packets as object[]).not.toContainEqual(expect.objectContaining({ number: 2, comment: expect.anything() }));
  });

  it('writes a timestamp too large for a double as a string in JSON rather than failing', async () => {
    const late = 2n ** 60n; // µs: the year 36,000-something; the reader gives a bigint
    const capture: CaptureFile = { format: 'pcapng', interfaces: [{ linkType: LINKTYPE.IPV6 }], packets: [{ interfaceId: 0, timestampUs: late, data: ipv6 }] };
    const { code, stdout } = await cli('decode', save('late.pcapng', writePcapng(capture)), '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { packets: { timestampUs: unknown }[] };
    expect(doc.packets[0]!.timestampUs).toBe(late.toString());
  });

  it('decodes the packets before the damage of a truncated capture and warns on stderr', async () => {
    const bytes = writePcapng(twoInterfaces);
    const file = save('truncated.pcapng', bytes.subarray(0, bytes.length - 10)); // ends inside the third packet's block
    for (const json of [false, true]) {
      const { code, stdout, stderr } = await cli('decode', file, ...(json ? ['--json'] : []));
      expect(code).toBe(0);
      const warnings = stderr.trimEnd().split('\n');
      expect(warnings.length).toBeGreaterThan(0);
      for (const line of warnings) expect(line).toMatch(new RegExp(`^pmip-lab decode: warning: '${file}': .*file bytes \\[\\d+\\.\\.\\d+\\)\\)$`));
      if (json) {
        const doc = JSON.parse(stdout) as { packets: unknown[]; problems: { id: string }[] };
        expect(doc.packets).toHaveLength(2);
        expect(doc.problems.length).toBe(warnings.length);
      } else {
        expect(stdout).toContain('\nFrame 1 ');
        expect(stdout).toContain('\nFrame 2 ');
        expect(stdout).not.toContain('\nFrame 3 ');
        expect(stdout).toMatch(/2 packets decoded, no problems; the file itself has \d+ problems? \(on stderr\)\.\n$/);
      }
    }
  });

  it.each([
    ['a text file', 'notes.txt', 'hello, this is not a capture\n', /^pmip-lab decode: cannot decode '.*notes\.txt': not a pcap or pcapng file: the first four bytes are 68 65 6c 6c/],
    ['an empty file', 'empty.pcapng', '', /^pmip-lab decode: cannot decode '.*empty\.pcapng': not a pcap or pcapng file: the file is empty/],
  ])('refuses %s with one line on stderr and exit code 1', async (_what, name, content, message) => {
    const { code, stdout, stderr } = await cli('decode', save(name, content));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('names the file and the reason, on one line without a stack trace, when it cannot be read', async () => {
    const missing = join(dir, 'no-such.pcapng');
    const folder = join(dir, 'a-folder.pcapng');
    mkdirSync(folder);
    for (const [path, reason] of [[missing, 'no such file or directory'], [folder, 'it is a directory, not a file']] as const) {
      const { code, stdout, stderr } = await cli('decode', path);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(`pmip-lab decode: cannot read '${path}': ${reason}\n`);
    }
  });

  it('asks for exactly one capture file', async () => {
    expect(await cli('decode')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('a capture file to decode is needed') });
    expect(await cli('decode', 'a.pcap', 'b.pcap')).toMatchObject({ code: 2, stderr: expect.stringContaining('one capture file at a time') });
  });
});
