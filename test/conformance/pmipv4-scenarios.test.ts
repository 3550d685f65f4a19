import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceToCapture } from '../../src/sim/capture';
import type { PacketEvent } from '../../src/sim/trace';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import { fromHex, walk } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { writePcapng } from '../../src/wire/pcapng';
import { assertSameFields } from '../oracle/compare';
import { assertNoMalformed, findAll, tsharkPdml } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * Every PMIPv4 scenario and variant, read back by tshark 4.0: no malformed packet, checksum error
 * or expert error, and every registration field tshark decodes (type, flags, lifetime, home address,
 * home agent, care-of address, Identification, code, NAI, SPIs, and the revocation fields) has the
 * same value at the same bytes as ours. The lab's own encodings (the simplified R4 of pmipv4-wimax
 * and the 3GPP2 movement notification, on UDP ports of the lab's choosing) are unknown to tshark:
 * it shows their UDP payload as `data.data` over the same bytes, and no Mobile IP inside.
 */
/** Layers of the lab's own encodings (src/wire/r4.ts, src/wire/movement.ts). */
const LAB_LAYERS: ReadonlySet<string> = new Set(['r4', 'pmamove']);
const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-pmipv4-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs: [string, Record<string, string>][] = [];
for (const id of ['pmipv4-attach', 'pmipv4-renewal', 'pmipv4-handover', 'pmipv4-reject', 'pmipv4-wimax', 'pmipv4-3gpp2']) {
  runs.push([id, {}]);
  for (const p of runnableScenario(id)?.params ?? []) {
    if (p.type === 'enum') for (const v of p.values) if (v !== p.default) runs.push([id, { [p.name]: v }]);
    if (p.type === 'boolean') runs.push([id, { [p.name]: String(!p.default) }]);
  }
}
// The variants that change the wire most, together.
runs.push(['pmipv4-handover', { addressing: 'ipcp', tunnel: 'gre', auth: 'fa-ha', dhcp: 'relay' }]);

/** The registration fields of Mobile IPv4 that tshark names (PROTOCOLS.md §4). */
const FIELDS: ReadonlySet<string> = new Set([
  'mip.type',
  'mip.flags',
  'mip.life',
  'mip.homeaddr',
  'mip.haaddr',
  'mip.coa',
  'mip.ident',
  'mip.code',
  'mip.nai',
  'mip.auth.spi',
  'mip.rev.hda',
  'mip.rev.fda',
  'mip.revid',
]);

describeWithTool(tshark, 'PMIPv4 scenarios as tshark reads them', () => {
  it.each(runs)('%s %o', async (id, params) => {
    const trace = runScenario(id, params);
    const file = join(dir, `${id}-${Object.values(params).join('-') || 'default'}.pcapng`);
    writeFileSync(file, writePcapng(traceToCapture(trace)));
    const pdml = await tsharkPdml(file);
    assertNoMalformed(pdml);
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(pdml).toHaveLength(packets.length);
    let registrations = 0;
    let labMessages = 0;
    packets.forEach((p, i) => {
      const ours = dissect(fromHex(p.bytes), p.linkType).layers;
      const lab = ours.findIndex((l) => LAB_LAYERS.has(l.name));
      if (lab >= 0) {
        const data = findAll(pdml[i]!, 'data.data');
        expect(data, `packet ${i + 1}: tshark shows the lab encoding as data`).toHaveLength(1);
        expect([data[0]!.pos, data[0]!.pos + data[0]!.size]).toEqual([ours[lab]!.start, ours.at(-1)!.end]);
        expect(findAll(pdml[i]!, 'udp.dstport')[0]?.show).toBe(String(ours[lab - 1]!.children?.find((c) => c.name === 'udp.dstport')?.value));
        expect(findAll(pdml[i]!, 'mip.type'), `packet ${i + 1}: tshark sees Mobile IP in a lab encoding`).toEqual([]);
        labMessages++;
        return;
      }
      if (!ours.some((l) => l.name === 'mip')) {
        expect(findAll(pdml[i]!, 'mip.type'), `packet ${i + 1}: tshark sees Mobile IP where we do not`).toEqual([]);
        return;
      }
      expect(findAll(pdml[i]!, 'mip.type'), `packet ${i + 1}: tshark sees no Mobile IP`).toHaveLength(1);
      // At least the type, an address, an identifier and an SPI are compared in every message.
      expect([...walk(ours)].filter((n) => FIELDS.has(n.name)).length).toBeGreaterThanOrEqual(4);
      assertSameFields(ours, pdml[i]!, { only: (n) => FIELDS.has(n) });
      registrations++;
    });
    expect(registrations).toBeGreaterThan(0);
    if (id === 'pmipv4-wimax' || id === 'pmipv4-3gpp2') expect(labMessages).toBeGreaterThan(0);
  }, 60_000);
});
