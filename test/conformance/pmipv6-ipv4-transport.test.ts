import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runScenario } from '../../src/scenarios/run';
import { layers } from '../../src/scenarios/pmipv6/steps';
import { traceToCapture } from '../../src/sim/capture';
import type { PacketEvent } from '../../src/sim/trace';
import { fromHex, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { writePcapng } from '../../src/wire/pcapng';
import { pdmlProblems, tsharkFields, tsharkPdml } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * pmipv6-ipv4-transport, every variant, read back by tshark 4.0 (PROTOCOLS.md §3.5, §3.6):
 *
 *   tshark -n -r <file> -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -T pdml
 *   tshark -n -r <file> -d udp.port==4191,ipv6 -d udp.port==5437,ip -T pdml     (Decode As)
 *
 * No malformed packet or checksum error; the fields tshark decodes (IPv4 Care-of Address, NAT
 * Detection, F and T flags, UDP ports) equal ours. Where tshark cannot follow, it is held to what
 * PROTOCOLS.md says it does: RFC 5844's UDP 5436 it reads by itself; UDP 4191 and 5437 only with
 * Decode As; a TLV header never (UDP data, or a bogus IP version under Decode As).
 */
const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-ipv4-transport-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Variant = {
  encoding: 'rfc5844' | 'draft-02';
  nat: 'mag-behind-nat' | 'none';
  refresh: boolean;
  'force-udp': boolean;
  'tlv-header': boolean;
};
const variants: Variant[] = [];
for (const encoding of ['rfc5844', 'draft-02'] as const)
  for (const nat of ['mag-behind-nat', 'none'] as const)
    for (const forceUdp of [false, true])
      for (const tlv of [false, true]) variants.push({ encoding, nat, refresh: true, 'force-udp': forceUdp, 'tlv-header': tlv });
for (const encoding of ['rfc5844', 'draft-02'] as const) variants.push({ encoding, nat: 'mag-behind-nat', refresh: false, 'force-udp': false, 'tlv-header': false });

const FIELDS = ['frame.protocols', 'udp.srcport', 'udp.dstport', 'mip6.mhtype', 'mip6.ipv4coa.addr', 'mip6.natd.f_flag', 'mip6.natd.refresh_t', 'mip6.bu.f_flag', 'mip6.bu.t_flag', 'mip6.ba.t_flag', 'icmpv6.type'];

const flag = (b: unknown): string => (b === true ? '1' : '0');

/** What tshark must show for one of our frames, from our own decoding of its bytes. */
function ours(p: PacketEvent): { udp?: LayerValue; mh?: LayerValue; tlv: boolean; port?: number } {
  const ls = layers(dissect(fromHex(p.bytes)).value);
  const udp = ls.find((l) => l.proto === 'udp');
  return {
    ...(udp ? { udp, port: Math.min(udp.srcport as number, udp.dstport as number) } : {}),
    ...(ls.find((l) => l.proto === 'mipv6') ? { mh: ls.find((l) => l.proto === 'mipv6')! } : {}),
    tlv: ls.some((l) => l.proto === 'pmip6.tlv'),
  };
}

function checkMobilityFields(row: Record<string, string[]>, mh: LayerValue, where: string): void {
  const opts = (mh.options ?? []) as { type: number; address?: string; flags?: { f?: boolean }; refreshTime?: number }[];
  const body = mh.body as { flags: { f?: boolean; t?: boolean } };
  expect(row['mip6.mhtype'], where).toEqual([String(mh.mhType)]);
  expect(row['mip6.ipv4coa.addr'], where).toEqual(opts.filter((o) => o.type === 32).map((o) => o.address));
  const natd = opts.filter((o) => o.type === 31);
  expect(row['mip6.natd.f_flag'], where).toEqual(natd.map((o) => flag(o.flags?.f)));
  expect(row['mip6.natd.refresh_t'], where).toEqual(natd.map((o) => String(o.refreshTime)));
  if (mh.mhType === 5) {
    expect(row['mip6.bu.f_flag'], where).toEqual([flag(body.flags.f)]);
    expect(row['mip6.bu.t_flag'], where).toEqual([flag(body.flags.t)]);
  } else {
    expect(row['mip6.ba.t_flag'], where).toEqual([flag(body.flags.t)]);
  }
}

describeWithTool(tshark, 'pmipv6-ipv4-transport as tshark reads it', () => {
  it.each(variants.map((v) => [Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' '), v] as const))('%s', async (name, v) => {
    const trace = runScenario('pmipv6-ipv4-transport', v);
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}.pcapng`);
    writeFileSync(file, writePcapng(traceToCapture(trace)));
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    const mine = packets.map(ours);

    // Without Decode As: nothing malformed, no checksum error, in any frame.
    expect(pdmlProblems(await tsharkPdml(file))).toEqual([]);
    const plain = await tsharkFields(file, FIELDS);
    expect(plain).toHaveLength(packets.length);
    plain.forEach((row, i) => {
      const m = mine[i]!;
      const where = `frame ${i + 1}: ${packets[i]!.summary}`;
      if (!m.udp) return;
      expect(row['udp.srcport']![0], where).toBe(String(m.udp.srcport));
      expect(row['udp.dstport']![0], where).toBe(String(m.udp.dstport));
      // UDP 5436 is the one PMIPv6 port tshark binds (RFC 5844); 4191 and 5437 stay UDP data without Decode As.
      if (m.port === 5436 && m.mh) checkMobilityFields(row, m.mh, where);
      else if (m.port === 4191 || m.port === 5437 || m.tlv) expect(row['frame.protocols']![0], where).toBe('eth:ethertype:ip:udp:data');
    });

    // With Decode As on 4191 (IPv6) and 5437 (IP): every frame tshark can then follow reads cleanly.
    const decodeAs = ['udp.port==4191,ipv6', 'udp.port==5437,ip'];
    const followed = (i: number): boolean => {
      const m = mine[i]!;
      if (m.tlv) return false;
      // Behind a NAT, RFC 5844's MAG sends its PBUs from 5437 too; Decode As takes them for IP.
      return !(m.mh && m.udp && (m.udp.srcport === 5437 || m.udp.dstport === 5437));
    };
    const decoded = await tsharkPdml(file, { decodeAs });
    const problems = pdmlProblems(decoded).filter((p) => followed(p.frame - 1));
    expect(problems).toEqual([]);
    const rows = await tsharkFields(file, FIELDS, { decodeAs });
    rows.forEach((row, i) => {
      const m = mine[i]!;
      const p = packets[i]!;
      const where = `frame ${i + 1} with Decode As: ${p.summary}`;
      if (m.tlv) {
        // PROTOCOLS.md §3.6: no TLV dissector; the IP dissectors reject the version nibble 0 (IPv4's
        // stays in the list as a bogus header, IPv6's hands the bytes to data).
        expect(row['frame.protocols']![0], where).toMatch(/^eth:ethertype:ip:udp:(ip|data)$/);
        expect(row['mip6.mhtype'], where).toEqual([]);
        return;
      }
      if (!followed(i)) return;
      if (m.mh) checkMobilityFields(row, m.mh, where);
      if (p.plane === 'data') expect(row['icmpv6.type']!.at(-1), where).toBe(p.summary.includes('reply') ? '129' : '128');
    });
  }, 120_000);
});
