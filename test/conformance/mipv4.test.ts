import { expect, test } from 'vitest';
import { encode, walk, type FieldNode } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import '../../src/wire/ethernet';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { EXAMPLE_MIP_KEYS, mipv4Examples } from '../../src/wire/examples/mipv4';
import '../../src/wire/icmp';
import { ipv4Packet } from '../../src/wire/ipv4';
import { MIP_KEYS_HINT, registrationRequest } from '../../src/wire/mipv4';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed, findAll, walkPdml, type PdmlPacket } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';

/*
 * Mobile IPv4 / PMIPv4 against tshark 4.0: every example frame, dissected by us, must show the same
 * `mip.*` fields at the same bytes with the same values as tshark's PDML, in both directions.
 */

/** Our nodes that tshark has no field for: it draws extensions as unnamed text items. */
const OURS_ONLY = [
  'mip.extensions',
  'mip.ext',
  'mip.ext.nai',
  'mip.ext.rev',
  'mip.ext.utrq',
  'mip.ext.utrp',
  'mip.ext.cvse',
  'mip.ext.mhauth',
  'mip.ext.mfauth',
  'mip.ext.fhauth',
  'mip.ext.genauth',
  'mip.ext.pmipv4nonskipext',
  'mip.ext.pmipv4skipext',
  'mip.auth.auth.status',
];

const layersOf = (frame: Uint8Array): FieldNode[] => dissect(frame).layers;

/** Every `mip.*` field tshark shows has a node of ours with that name at that position. */
function assertNothingMissing(ours: FieldNode[], packet: PdmlPacket, skip: (pos: number) => boolean = () => false): void {
  const nodes = [...walk(ours)];
  const missing = [...walkPdml(packet.protos)]
    .filter((t) => t.name.startsWith('mip.') && !skip(t.pos))
    .filter((t) => !nodes.some((n) => n.name === t.name && n.start === t.pos))
    .map((t) => `${t.name}@${t.pos}`);
  expect(missing).toEqual([]);
}

describeWithTool(tshark, 'Mobile IPv4 agrees with tshark 4.0', () => {
  test.each(mipv4Examples.map((e) => [e.name, e] as const))('%s decodes field for field', async (_name, example) => {
    const frame = example.build();
    const [packet] = await pdmlOf([{ data: frame }]);
    assertNoMalformed([packet!]);
    const ours = layersOf(frame);
    expect(dissect(frame).problems).toEqual([]);
    assertSameFields(ours, packet!, { only: (n) => n.startsWith('mip.'), ignore: OURS_ONLY });
    assertNothingMissing(ours, packet!);
  });

  test('the tunnelled packet of a MIP Tunnel Data message is the next layer for both', async () => {
    const frame = mipv4Examples.find((e) => e.name === 'mipv4-tunnel-data-keepalive')!.build();
    const [packet] = await pdmlOf([{ data: frame }]);
    // tshark hands the inner packet to `ip` under the mip tree (call_dissector with mip_tree), so its
    // protos nest inside `mip`; ours follow it as the next layers, as every other encapsulation does.
    const protos = [...walkPdml(packet!.protos)].filter((n) => n.kind === 'proto').map((n) => n.name);
    expect(protos.slice(-3)).toEqual(['mip', 'ip', 'icmp']);
    expect(layersOf(frame).map((l) => l.name).slice(-3)).toEqual(['mip', 'ip', 'icmp']);
    // Checksum statuses are the IP and ICMP codecs' business (their words vs tshark's codes).
    assertSameFields(layersOf(frame), packet!, {
      only: (n) => (n.startsWith('ip.') || n.startsWith('icmp.')) && !n.endsWith('.checksum.status'),
    });
  });

  test('tshark 4.0 misparses the GRE Key extension (48, RFC 6245); the rest of the message still agrees', async () => {
    const v = registrationRequest({
      lifetime: 1800,
      homeAgent: '192.0.2.10',
      careOf: '198.51.100.1',
      identification: 0xe8d4a51000000000n,
      flags: { g: true, t: true },
      nai: 'mn1@example.com',
      greKey: 0x1234,
      auth: { kind: 'fa-ha', spi: 0x100 },
    });
    const udp = { proto: 'udp', srcport: 434, dstport: 434, payload: v };
    const eth = ethernetFrame({ src: '02:00:00:00:01:01', dst: '02:00:00:00:01:02', payload: ipv4Packet({ src: '198.51.100.1', dst: '192.0.2.10', payload: udp }) });
    const frame = encode(ethernet, eth, { hints: { [MIP_KEYS_HINT]: EXAMPLE_MIP_KEYS } });
    const [packet] = await pdmlOf([{ data: frame }]);
    // GRE Key at 42 + 24 + 17 = 83: tshark reads Sub-Type 0 as a classic Length ("Unknown (48)",
    // length 0), then a phantom extension of type 0 with length 4 over the rest.
    const gre = 83;
    expect(findAll(packet!, 'mip.ext.type').map((n) => [n.pos, n.show])).toEqual([[66, '131'], [gre, '48'], [gre + 2, '0'], [gre + 8, '34']]);
    expect(findAll(packet!, 'mip.ext.len').map((n) => [n.pos, n.show])).toEqual([[67, '15'], [gre + 1, '0'], [gre + 3, '4'], [gre + 9, '20']]);
    const inGre = (pos: number) => pos >= gre && pos < gre + 8;
    const ours = layersOf(frame);
    assertSameFields(ours, packet!, {
      only: (n) => n.startsWith('mip.'),
      ignore: [...OURS_ONLY, 'mip.ext.grekey', 'mip.ext.grekey.subtype', 'mip.ext.grekey.key', 'mip.ext.len', 'mip.ext.type'],
    });
    assertNothingMissing(ours, packet!, inGre);
  });
});
