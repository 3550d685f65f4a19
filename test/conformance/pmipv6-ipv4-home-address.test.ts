import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceToCapture } from '../../src/sim/capture';
import type { PacketEvent } from '../../src/sim/trace';
import { runScenario } from '../../src/scenarios/run';
import { layers } from '../../src/scenarios/pmipv6/steps';
import { fromHex, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { findOption, type MobilityHeader } from '../../src/wire/mh';
import { writePcapng } from '../../src/wire/pcapng';
import { assertNoMalformed, tsharkFields, tsharkPdml } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * Every variant of pmipv6-ipv4-home-address exported as pcapng and read back by tshark: no
 * malformed packet or checksum error, and tshark's own decoding of the IPv4 home address options
 * (RFC 5844 options 36-39: address, prefix length, reply status, default router, DHCP support mode)
 * and of the DHCP messages (type, yiaddr, giaddr, hops) gives the values ours does, frame by frame.
 */
const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-ipv4-home-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs: Record<string, string | number>[] = [];
for (const dhcp of ['mag-server', 'relay-to-lma', 'relay-to-server', 'double-relay']) for (const stack of ['ipv4', 'dual']) runs.push({ dhcp, stack });
runs.push({ mns: 2, pool: 1 }, { pool: 0 }, { 'server-id': 'default-router' }, { dhcp: 'relay-to-lma', mns: 2, pool: 1 });

const MH_FIELDS = ['mip6.mhtype', 'mip6.ba.status', 'mip6.ipv4ha.ha', 'mip6.ipv4ha.preflen', 'mip6.ipv4aa.sts', 'mip6.ipv4dra.dra', 'mip6.ipv4dsm.s_flag'];
const DHCP_FIELDS = ['dhcp.option.dhcp', 'dhcp.ip.your', 'dhcp.ip.client', 'dhcp.ip.relay', 'dhcp.hops'];

/** What our decoder says of a frame, in tshark's field names and `show` text. */
function ours(p: PacketEvent): Record<string, string[]> {
  const frame = dissect(fromHex(p.bytes), p.linkType).value;
  const all = layers(frame);
  const out: Record<string, string[]> = Object.fromEntries([...MH_FIELDS, ...DHCP_FIELDS].map((f) => [f, []]));
  const mh = all.find((l) => l.proto === 'mipv6') as MobilityHeader | undefined;
  if (mh) {
    out['mip6.mhtype'] = [String(mh.mhType)];
    if (mh.mhType === 6) out['mip6.ba.status'] = [String((mh.body as { status: number }).status)];
    const req = findOption(mh, 36);
    const rep = findOption(mh, 37);
    const dra = findOption(mh, 38);
    const dsm = findOption(mh, 39);
    const hoa = req ?? rep;
    if (hoa) {
      out['mip6.ipv4ha.ha'] = [hoa.address];
      out['mip6.ipv4ha.preflen'] = [String(hoa.flags?.prefixLength)];
    }
    if (rep) out['mip6.ipv4aa.sts'] = [String(rep.status)];
    if (dra) out['mip6.ipv4dra.dra'] = [dra.address];
    if (dsm) out['mip6.ipv4dsm.s_flag'] = [dsm.flags?.s ? '1' : '0'];
  }
  const dhcp = all.find((l) => l.proto === 'dhcp') as LayerValue | undefined;
  if (dhcp) {
    const type = (dhcp.options as { type: number; value: unknown }[]).find((o) => o.type === 53)?.value;
    out['dhcp.option.dhcp'] = [String(type)];
    out['dhcp.ip.your'] = [dhcp.yiaddr as string];
    out['dhcp.ip.client'] = [dhcp.ciaddr as string];
    out['dhcp.ip.relay'] = [dhcp.giaddr as string];
    out['dhcp.hops'] = [String(dhcp.hops)];
  }
  return out;
}

describeWithTool(tshark, 'pmipv6-ipv4-home-address as tshark reads it', () => {
  it.each(runs)('%o', async (params) => {
    const trace = runScenario('pmipv6-ipv4-home-address', params);
    const file = join(dir, `${Object.entries(params).map(([k, v]) => `${k}-${v}`).join('_')}.pcapng`);
    writeFileSync(file, writePcapng(traceToCapture(trace)));
    assertNoMalformed(await tsharkPdml(file));
    const rows = await tsharkFields(file, [...MH_FIELDS, ...DHCP_FIELDS]);
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(rows).toHaveLength(packets.length);
    packets.forEach((p, i) => expect(rows[i], `frame ${i + 1}: ${p.summary}`).toEqual(ours(p)));
    // The variant really carried what is compared: option 36 in a PBU, 37 in a PBA, and DHCP.
    expect(rows.some((r) => r['mip6.mhtype']![0] === '5' && r['mip6.ipv4ha.ha']!.length === 1)).toBe(true);
    expect(rows.some((r) => r['mip6.mhtype']![0] === '6' && r['mip6.ipv4aa.sts']!.length === 1)).toBe(true);
    expect(rows.some((r) => r['dhcp.option.dhcp']!.length === 1)).toBe(true);
  }, 60_000);
});
