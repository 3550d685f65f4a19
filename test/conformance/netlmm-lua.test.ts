import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { traceToCapture } from '../../src/sim/capture';
import type { PacketEvent } from '../../src/sim/trace';
import { runScenario } from '../../src/scenarios/run';
import { encode, fromHex, walk, type FieldNode } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { ipv6Packet } from '../../src/wire/ipv6';
import { NETLMM_SCTP_PORT } from '../../src/wire/netlmm';
import { writePcapng } from '../../src/wire/pcapng';
import { sctpData } from '../../src/wire/sctp';
import { assertSameFields, sameValue } from '../oracle/compare';
import { captureOf } from '../oracle/pcap';
import { assertNoMalformed, CHECKSUM_PREFS, expertInfos, findAll, parsePdml, runTshark, walkPdml, type PdmlPacket } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * wireshark/netlmm.lua against the lab's own decoder, on the captures of the netlmm scenarios:
 *
 *   tshark -X lua_script:wireshark/netlmm.lua -r <export> -T pdml -o sctp.checksum:CRC-32c
 *
 * Every NETLMM field tshark shows is one of ours, at the same place with the same value, and the
 * other way round; nothing is malformed; and the PBA in a Notification's Container is decoded by
 * Wireshark's own Mobility Header dissector, with the status and sequence number we decode.
 */

const LUA = fileURLToPath(new URL('../../wireshark/netlmm.lua', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-netlmm-lua-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withLua(file: string): Promise<PdmlPacket[]> {
  const prefs = [...CHECKSUM_PREFS, 'sctp.checksum:CRC-32c'].flatMap((p) => ['-o', p]);
  return parsePdml(await runTshark(['-X', `lua_script:${LUA}`, '-r', file, '-T', 'pdml', ...prefs]));
}

const netlmmNodes = (layers: readonly FieldNode[]): FieldNode[] => [...walk(layers)].filter((n) => n.name.startsWith('netlmm.'));

describeWithTool(tshark, 'the NETLMM Lua dissector agrees with the lab', () => {
  const runs: [string, Record<string, string>][] = [
    ['netlmm-handover', { address: 'stateless', mismatch: 'true' }],
    ['netlmm-attach', { address: 'stateless', duplicate: 'true' }],
  ];

  it.each(runs)('on %s %o: every Trigger, Notification, conflict check and context, field for field', async (id, params) => {
    const trace = runScenario(id, params);
    const file = join(dir, `${id}.pcapng`);
    writeFileSync(file, writePcapng(traceToCapture(trace)));
    const pdml = await withLua(file);
    assertNoMalformed(pdml);
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    let messages = 0;
    let containers = 0;
    packets.forEach((p, i) => {
      const ours = dissect(fromHex(p.bytes), p.linkType);
      const layer = ours.layers.find((l) => l.name === 'netlmm');
      const theirs = pdml[i]!;
      if (!layer) {
        expect(findAll(theirs, 'netlmm.type'), `frame ${i + 1}`).toEqual([]);
        return;
      }
      messages++;
      expect(theirs.protos.map((x) => x.name), `frame ${i + 1}`).toContain('netlmm');
      // Ours → theirs: each of our NETLMM fields is there, same position, size and value.
      assertSameFields(ours.layers, theirs, { only: (n) => n.startsWith('netlmm.') });
      // Theirs → ours: tshark shows no NETLMM field we do not have.
      const mine = netlmmNodes(ours.layers);
      for (const t of [...walkPdml(theirs.protos)].filter((n) => n.name.startsWith('netlmm.'))) {
        const match = mine.find((m) => m.name === t.name && m.start === t.pos && m.end - m.start === t.size);
        expect(match, `frame ${i + 1}: tshark's ${t.name} at ${t.pos} is not ours`).toBeDefined();
        expect(sameValue(match!.value, t), `frame ${i + 1}: ${t.name} ${t.show}`).toBe(true);
      }
      // The PBA in a Container goes to Wireshark's Mobility Header dissector.
      const container = mine.find((n) => n.name === 'netlmm.opt.container');
      if (container) {
        containers++;
        const mh = [...walkPdml(theirs.protos)].find((n) => n.kind === 'proto' && n.name === 'mipv6' && n.pos === container.start);
        expect(mh, `frame ${i + 1}: no Mobile IPv6 inside the Container`).toBeDefined();
        const status = container.children![0]!.children!.flatMap((c) => [...walk([c])]).find((n) => n.name === 'mip6.ba.status')!;
        const seq = [...walk(container.children!)].find((n) => n.name === 'mip6.ba.seqnr')!;
        expect(findAll(theirs, 'mip6.ba.status')[0]?.show).toBe(String(status.value));
        expect(findAll(theirs, 'mip6.ba.seqnr')[0]?.show).toBe(String(seq.value));
      }
    });
    expect(messages).toBeGreaterThan(5);
    expect(containers).toBeGreaterThan(0);
  }, 120_000);

  it('reports a cut-short option as malformed, like the lab, and does not fail', async () => {
    // A Trigger whose IP address option claims 16 octets of data but has 4 before the message ends.
    const raw = fromHex('0112200000000007' + '0210' + '20010db8');
    const frame = encode(
      ethernet,
      ethernetFrame({
        src: '02:00:00:00:00:01',
        dst: '02:00:00:00:00:02',
        payload: ipv6Packet({
          src: '2001:db8:1::1',
          dst: '2001:db8:c::1',
          payload: sctpData({ srcport: NETLMM_SCTP_PORT, dstport: NETLMM_SCTP_PORT, verificationTag: 1, tsn: 1, ppid: 0, payload: { proto: 'data', data: raw } }),
        }),
      }) as never,
    );
    const ours = dissect(frame);
    expect(ours.problems.map((p) => p.id)).toContain('netlmm.opt.len.invalid');
    const file = join(dir, 'short.pcapng');
    writeFileSync(file, writePcapng(captureOf([{ data: frame }])));
    const [packet] = await withLua(file);
    expect(expertInfos([packet!], 'error').map((e) => e.expert)).toContain('netlmm.opt.len.invalid');
    expect(expertInfos([packet!], 'error').map((e) => e.expert)).not.toContain('_ws.lua.error');
    expect(findAll(packet!, 'netlmm.type')[0]?.show).toBe('1');
  });
});
