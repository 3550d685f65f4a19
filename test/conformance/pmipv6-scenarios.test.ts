import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceToCapture } from '../../src/sim/capture';
import type { PacketEvent } from '../../src/sim/trace';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import { writePcapng } from '../../src/wire/pcapng';
import { assertNoMalformed, tsharkFields, tsharkPdml } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * Every PMIPv6 scenario and variant, read back by tshark: no malformed packet or checksum error,
 * and the message sequence tshark's own dissection gives (RADIUS code, MH type and BA status, ICMPv6
 * type) is the one the scenario's steps were checked against.
 */
const dir = mkdtempSync(join(tmpdir(), 'pmip-lab-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs: [string, Record<string, string>][] = [['pmipv6-attach', {}], ['pmipv6-attach', { addressing: 'shared-prefix' }], ['pmipv6-attach', { prefix: 'lma-allocated' }]];
for (const id of ['pmipv6-handover', 'pmipv6-renewal', 'pmipv6-detach', 'pmipv6-shared-tunnel', 'pmipv6-reject']) {
  runs.push([id, {}]);
  for (const p of runnableScenario(id)?.params ?? []) {
    if (p.type === 'enum') for (const v of p.values) if (v !== p.default) runs.push([id, { [p.name]: v }]);
    if (p.type === 'boolean') runs.push([id, { [p.name]: String(!p.default) }]);
  }
}

/** The kind of one message, from the fields tshark decoded (the innermost ICMPv6 for tunnelled ones). */
function tsharkKind(row: Record<string, string[]>): string {
  if (row['radius.code']!.length) return `radius ${row['radius.code']![0]}`;
  if (row['mip6.mhtype']!.length) {
    const type = row['mip6.mhtype']![0];
    return type === '6' ? `mh 6 status ${row['mip6.ba.status']![0]}` : `mh ${type} lifetime ${row['mip6.bu.lifetime']![0]}`;
  }
  if (row['icmpv6.type']!.length) return `icmpv6 ${row['icmpv6.type']!.at(-1)}`;
  return 'other';
}

/** What our own summary line must say for a message of that kind. */
function summaryFor(kind: string): RegExp {
  if (kind === 'radius 1') return /Access-Request/;
  if (kind === 'radius 2') return /Access-Accept/;
  if (kind === 'radius 3') return /Access-Reject/;
  if (kind.startsWith('mh 5')) return /Binding Update/;
  if (kind.startsWith('mh 6')) return new RegExp(`Binding Acknowledgement status ${kind.split(' ')[3]}\\b`);
  if (kind === 'icmpv6 133') return /Router Solicitation/;
  if (kind === 'icmpv6 134') return /Router Advertisement/;
  if (kind === 'icmpv6 128') return /Echo \(ping\) request/;
  if (kind === 'icmpv6 129') return /Echo \(ping\) reply/;
  return /./;
}

describeWithTool(tshark, 'PMIPv6 scenarios as tshark reads them', () => {
  it.each(runs)('%s %o', async (id, params) => {
    const trace = runScenario(id, params);
    const file = join(dir, `${id}-${Object.values(params).join('-') || 'default'}.pcapng`);
    writeFileSync(file, writePcapng(traceToCapture(trace)));
    assertNoMalformed(await tsharkPdml(file));
    const rows = await tsharkFields(file, ['radius.code', 'mip6.mhtype', 'mip6.ba.status', 'mip6.bu.lifetime', 'icmpv6.type']);
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    expect(rows).toHaveLength(packets.length);
    const theirs = rows.map(tsharkKind);
    // Our summaries, from our own decoding, name the same messages in the same order.
    packets.forEach((p, i) => expect(p.summary, `packet ${i + 1}: tshark reads ${theirs[i]}`).toMatch(summaryFor(theirs[i]!)));
    expect(theirs.some((k) => k.startsWith('mh 5') || k.startsWith('radius'))).toBe(true);
  }, 60_000);
});
