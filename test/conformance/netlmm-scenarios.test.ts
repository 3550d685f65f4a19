import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceToCapture } from '../../src/sim/capture';
import type { PacketEvent } from '../../src/sim/trace';
import { runScenario } from '../../src/scenarios/run';
import { writePcapng } from '../../src/wire/pcapng';
import { netlmmKind, tunnelDepth } from '../../src/scenarios/netlmm/kinds';
import { fromHex } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { assertNoMalformed, findAll, tsharkPdml, type PdmlPacket } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * Every netlmm scenario and variant, read back by tshark 4.0 (without the lab's Lua dissector):
 * no malformed packet, no bad checksum (SCTP's CRC-32C included), every SCTP packet decoded as
 * SCTP, every Mobility Header as Mobile IPv6 (PBU, PBA, the MN's BU with its Home Address option
 * and the GMA's BAck with its type 2 Routing header), DHCPv6 as DHCPv6, and the data through both
 * tunnels as IPv6 in IPv6 in IPv6.
 */
const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-netlmm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs: [string, Record<string, string>][] = [
  ['netlmm-attach', {}],
  ['netlmm-attach', { mip6: 'false' }],
  ['netlmm-attach', { address: 'stateless', duplicate: 'true' }],
  ['netlmm-attach', { security: 'aaa' }],
  ['netlmm-handover', {}],
  ['netlmm-handover', { forwarding: 'false' }],
  ['netlmm-handover', { mismatch: 'true' }],
  ['netlmm-handover', { address: 'stateless' }],
  ['netlmm-handover', { security: 'aaa' }],
];

const protos = (p: PdmlPacket): string[] => p.protos.map((x) => x.name);
const count = (p: PdmlPacket, name: string): number => protos(p).filter((n) => n === name).length;

describeWithTool(tshark, 'netlmm scenarios as tshark reads them', () => {
  it.each(runs)('%s %o', async (id, params) => {
    const trace = runScenario(id, params);
    const file = join(dir, `${id}-${Object.values(params).join('-') || 'default'}.pcapng`);
    writeFileSync(file, writePcapng(traceToCapture(trace)));
    const pdml = await tsharkPdml(file, { prefs: ['sctp.checksum:CRC-32c'] });
    assertNoMalformed(pdml);
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(pdml).toHaveLength(packets.length);
    let nested = 0;
    packets.forEach((p, i) => {
      const frame = dissect(fromHex(p.bytes), p.linkType).value;
      const kind = netlmmKind(frame);
      const theirs = pdml[i]!;
      const where = `frame ${i + 1} (${p.from} → ${p.to} ${kind})`;
      if (kind.startsWith('SCTP ') || ['Trigger', 'Notification', 'Context', 'ConflictRequest', 'ConflictReply'].includes(kind)) {
        expect(protos(theirs), where).toContain('sctp');
        expect(findAll(theirs, 'sctp.checksum.status')[0]?.show, where).toBe('1');
      }
      if (/^(P?BU|PBA|BAck)/.test(kind)) {
        expect(findAll(theirs, 'mip6.mhtype')[0]?.show, where).toBe(kind.includes('BU') ? '5' : '6');
        if (kind === 'BU') expect(findAll(theirs, 'ipv6.opt.mipv6.home_address').length, where).toBe(1);
        if (kind === 'BAck') expect(findAll(theirs, 'ipv6.routing.mipv6.home_address').length, where).toBe(1);
      }
      if (/^(Solicit|Reply|Relay-)/.test(kind)) expect(protos(theirs), where).toContain('dhcpv6');
      if (kind.startsWith('echo')) {
        // One IPv6 header per tunnel plus the datagram's own: tshark unwraps every one of them.
        expect(count(theirs, 'ipv6'), where).toBe(tunnelDepth(frame) + 1);
        expect(findAll(theirs, 'icmpv6.checksum.status').at(-1)?.show, where).toBe('1');
        if (tunnelDepth(frame) === 2) nested++;
      }
    });
    // Wherever the MN binds its HoA at the GMA, data crosses the LMA–MAG link in both tunnels.
    if (params.mip6 !== 'false') expect(nested).toBeGreaterThan(0);
  }, 120_000);
});
