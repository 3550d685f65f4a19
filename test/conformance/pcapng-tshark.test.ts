import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePcap } from '../../src/wire/pcap';
import { LINKTYPE, writePcapng, type CaptureFile } from '../../src/wire/pcapng';

/*
 * tshark is the oracle for our capture files (DESIGN.md): if Wireshark reads them back exactly,
 * the lessons' exported files open in Wireshark. Developers without it get a skip and a reason;
 * CI (CI=true) must have it, so there a missing tshark fails instead of passing silently.
 */
function findTool(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((path) => existsSync(path));
}

const tshark = findTool('tshark');
const capinfos = findTool('capinfos');
const missing = [tshark ? [] : ['tshark'], capinfos ? [] : ['capinfos']].flat();
const reason = `${missing.join(' and ')} not found on PATH (Debian: apt-get install tshark)`;
const skip = missing.length > 0 && process.env.CI !== 'true';
if (skip) console.warn(`Skipping the tshark conformance tests: ${reason}. With CI=true they fail instead.`);

/** Runs a Wireshark tool and returns its stdout; any complaint on stderr fails the test. */
function run(tool: string | undefined, args: string[]): string {
  if (!tool) throw new Error(`${reason}; CI must install Debian's tshark package, since these tests are the oracle for our capture files`);
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  // tshark warns when run as root; that is about the machine, not the file.
  const complaints = r.stderr.split('\n').filter((l) => l.trim() && !l.includes('Running as user "root"'));
  expect({ status: r.status, complaints }).toEqual({ status: 0, complaints: [] });
  return r.stdout;
}

const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
// An ARP request (RFC 826) from 10.0.0.1 for 10.0.0.2, and an IPv6 header with No Next Header (59).
const arp = hex(`ffffffffffff 020000000001 0806  0001 0800 06 04 0001  020000000001 0a000001  000000000000 0a000002`);
const ipv6 = hex(`60000000 0000 3b 40  20010db8000000000000000000000001  20010db8000000000000000000000002`);
const ipv4 = hex(`45000014 0000 4000 40 3b 0000  0a000001 0a000002`);

/** tshark prints frame.time_epoch with nine decimals. */
const epoch = (us: number): string => `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}000`;

describe.skipIf(skip)(`capture files as tshark reads them${skip ? ` (skipped: ${reason})` : ''}`, () => {
  it('reads back comments, interface ids and timestamps from our pcapng', () => {
    const t0 = 1_700_000_000_123_456;
    const capture: CaptureFile = {
      format: 'pcapng',
      application: 'PMIP Lab conformance',
      comments: ['Two interfaces: Ethernet and raw IPv6'],
      interfaces: [
        { linkType: LINKTYPE.ETHERNET, name: 'mag1-eth0' },
        { linkType: LINKTYPE.IPV6, name: 'lma-tun0', tsresol: 9 },
      ],
      packets: [
        { interfaceId: 0, timestampUs: t0, data: arp, comment: 'step 1: MN attaches → MAG1' },
        { interfaceId: 1, timestampUs: t0 + 250_001, data: ipv6, comment: 'step 2: PBU to the LMA (é)' },
        { interfaceId: 0, timestampUs: t0 + 1_000_000, data: arp },
        { interfaceId: 1, timestampUs: BigInt(t0 + 2_000_000), data: ipv6, originalLength: 1280, comment: 'snapped' },
      ],
    };
    const file = save('two-interfaces.pcapng', writePcapng(capture));

    const fields = run(tshark, ['-r', file, '-T', 'fields', '-e', 'frame.comment', '-e', 'frame.interface_id', '-e', 'frame.time_epoch']);
    expect(fields.trimEnd().split('\n')).toEqual([
      `step 1: MN attaches → MAG1\t0\t${epoch(t0)}`,
      `step 2: PBU to the LMA (é)\t1\t${epoch(t0 + 250_001)}`,
      `\t0\t${epoch(t0 + 1_000_000)}`,
      `snapped\t1\t${epoch(t0 + 2_000_000)}`,
    ]);

    // Link types: Ethernet is wiretap encapsulation 1, raw IPv6 is 130 (PROTOCOLS.md §10.1).
    const links = run(tshark, ['-r', file, '-T', 'fields', '-e', 'frame.encap_type', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.protocols']);
    expect(links.trimEnd().split('\n')).toEqual([
      '1\t42\t42\teth:ethertype:arp',
      '130\t40\t40\tipv6',
      '1\t42\t42\teth:ethertype:arp',
      '130\t1280\t40\tipv6',
    ]);

    const info = run(capinfos, [file]);
    expect(info).toMatch(/^Capture application:\s+PMIP Lab conformance$/m);
    expect(info).toMatch(/^Capture comment:\s+Two interfaces: Ethernet and raw IPv6$/m);
    expect(info).toMatch(/^Number of interfaces in file: 2$/m);
    expect(info).toMatch(/Name = lma-tun0\n\s+Encapsulation = Raw IPv6/);
    expect(info).toMatch(/Time precision = nanoseconds \(9\)/);
  });

  it.each([
    ['µs', undefined],
    ['ns', 9],
  ])('reads our classic pcap with %s timestamps', (_, tsresol) => {
    const t0 = 1_700_000_000_000_001;
    const file = save(`raw-${tsresol ?? 6}.pcap`, writePcap({
      format: 'pcap',
      interfaces: [{ linkType: LINKTYPE.RAW, ...(tsresol ? { tsresol } : {}) }],
      packets: [
        { interfaceId: 0, timestampUs: t0, data: ipv4 },
        { interfaceId: 0, timestampUs: t0 + 999_999, data: ipv6, originalLength: 60 },
      ],
    }));
    const out = run(tshark, ['-r', file, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.encap_type', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.protocols']);
    // Raw IP (101) takes the IP version from the first nibble; wiretap calls it encapsulation 7.
    expect(out.trimEnd().split('\n')).toEqual([
      `${epoch(t0)}\t7\t20\t20\traw:ip`,
      `${epoch(t0 + 999_999)}\t7\t60\t40\traw:ipv6`,
    ]);
    expect(run(capinfos, [file])).toMatch(tsresol ? /nanosecond pcap/ : /^File type:\s+Wireshark\/tcpdump\/\.\.\. - pcap$/m);
  });
});
