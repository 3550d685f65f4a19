import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, findField, fromHex, hex, ipv4FromText, STATUS, type LayerValue } from '../../src/wire/core';
import '../../src/wire/data';
import { dissect } from '../../src/wire/dissect';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { grePacket } from '../../src/wire/gre';
import { ipv4Packet } from '../../src/wire/ipv4';
import { ipv6Packet } from '../../src/wire/ipv6';
import { proxyBindingUpdate } from '../../src/wire/mh';
import { DSMIP6_PORT, PMIP6_DATA_PORT, tlvHeader, tlvPacket, udpEncapsulation } from '../../src/wire/tlv-header';
import { udp } from '../../src/wire/udp';
import { pdmlOf } from '../oracle/pcap';
import { assertNoMalformed, findAll, walkPdml } from '../oracle/pdml';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;
const pseudo = { version: 4 as const, src: ipv4FromText('192.0.2.1'), dst: ipv4FromText('192.0.2.2') };
const names = (layers: readonly { name: string }[]): string[] => layers.map((l) => l.name);

// All three: bytes(IP(src='192.0.2.1',dst='192.0.2.2')/UDP(...)/...)[20:], scapy 2.5.0.
// UDP(sport=5437,dport=5437)/IP(src='10.1.0.5',dst='198.51.100.7')/ICMP()
const DATA_V4 = fromHex('153d153d002451284500001c00010000400146a00a010005c63364070800f7ff00000000');
// UDP(sport=5437,dport=5437)/Raw(b'\x00\x2f\x00\x24')/GRE(key_present=1,key=0x1234)/IP(...)/ICMP()
const DATA_TLV_GRE = fromHex('153d153d00301689002f002420000800000012344500001c00010000400146a00a010005c63364070800f7ff00000000');
// UDP(sport=49200,dport=4191)/IPv6(src='2001:db8::1',dst='2001:db8::2')/MIP6MH_BU(seq=1,mhtime=900)
const SEED002_BU = fromHex(
  'c030105f0040c420600000000010874020010db800000000000000000000000120010db80000000000000000000000023b0105008f6a0001d000038401020000',
);

describe('UDP 5437 and 4191 (RFC 5844 §4, RFC 5845 §7.2, seed 002 §4)', () => {
  it('decodes IPv4-UDP data: the inner IPv4 packet follows UDP 5437 directly', () => {
    const out = decode(udp, DATA_V4, { pseudo });
    expect(out.problems).toEqual([]);
    expect(names(out.layers).slice(0, 2)).toEqual(['udp', 'ip']);
    expect(findField(out.layers, 'ip.src')).toMatchObject({ start: 20, end: 24, value: '10.1.0.5' });
  });

  it('decodes IPv4-UDP-TLV data: TLV header, then GRE with its key, then the inner IPv4 packet', () => {
    const out = decode(udp, DATA_TLV_GRE, { pseudo });
    expect(out.problems).toEqual([]);
    expect(names(out.layers).slice(0, 4)).toEqual(['udp', 'pmip6.tlv', 'gre', 'ip']);
    expect(findField(out.layers, 'pmip6.tlv.type')).toMatchObject({ start: 8, end: 9, value: 0, mask: 0xf0 });
    expect(findField(out.layers, 'pmip6.tlv.next_header')).toMatchObject({ start: 9, end: 10, value: 47, display: 'GRE (47)' });
    expect(findField(out.layers, 'pmip6.tlv.length')).toMatchObject({ start: 10, end: 12, value: 36 });
    expect(out.layers[1]).toMatchObject({ start: 8, end: 12 });
    expect(findField(out.layers, 'gre.key')!.value).toBe(0x1234);
  });

  it('decodes seed 002 Fig. 8 on UDP 4191: an inner IPv6 header before the Mobility Header, whose checksum is not zeroed', () => {
    const out = decode(udp, SEED002_BU, { pseudo });
    expect(out.problems).toEqual([]);
    expect(names(out.layers)).toEqual(['udp', 'ipv6', 'mipv6']);
    // The outer UDP's "MH over UDP, checksum 0" hint must not reach the MH inside the inner IPv6 packet.
    expect(findField(out.layers, 'mip6.csum.status')?.value ?? STATUS.good).toBe(STATUS.good);
  });

  it('bug: the transport hint leaked through the inner IP header on encode, zeroing the MH checksum of seed 002 Fig. 8', () => {
    // The outer UDP's `transport: 'udp'` (MH right after UDP 5436: checksum 0) is about the packet
    // right after it, not about a Mobility Header inside an inner IPv6 packet on UDP 4191.
    const pbu = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 3600, nai: 'mn1@example.com', hnps: ['::/0'], handoff: 1, att: 4 });
    const inner = ipv6Packet({ src: '2001:db8:1::1', dst: '2001:db8:2::1', payload: pbu });
    const bytes = encode(udp, { srcport: 49200, dstport: DSMIP6_PORT, payload: inner }, { pseudo });
    const out = decode(udp, bytes, { pseudo });
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'mip6.csum')!.value).not.toBe(0);
    expect(findField(out.layers, 'mip6.csum.status')!.value).toBe(STATUS.good);
  });

  it('encodes a TLV header, computing Next Header from the payload and Length from its size', () => {
    const inner = decode(udp, DATA_TLV_GRE, { pseudo }).value.payload as LayerValue;
    const gre = (inner as LayerValue & { payload?: LayerValue }).payload!;
    const bytes = encode(udp, { srcport: PMIP6_DATA_PORT, dstport: PMIP6_DATA_PORT, payload: tlvPacket(gre) }, { pseudo });
    expect(hex(bytes)).toBe(hex(DATA_TLV_GRE));
  });

  it('reports a Type other than 0 and a Length that disagrees with the bytes', () => {
    expect(decode(tlvHeader, fromHex('102f0000')).problems.map((p) => p.id)).toEqual(['pmip6.tlv.type.invalid']);
    expect(decode(tlvHeader, fromHex('002f0010aabb')).problems.map((p) => p.id)).toContain('pmip6.tlv.len.invalid');
    // Length shorter than what UDP carries: the bytes after it come back to UDP, which reports them.
    const short = encode(udp, { srcport: PMIP6_DATA_PORT, dstport: PMIP6_DATA_PORT, payload: { proto: 'data', data: fromHex('002f0001aabb') } });
    const out = decode(udp, short);
    expect(out.problems.map((p) => p.id)).toContain('udp.trailing');
    expect(findField(out.layers, 'udp.trailing')).toMatchObject({ start: 13, end: 14 });
  });

  it('shows a payload that is neither TLV, IPv4 nor IPv6 as data, with a warning on its first octet', () => {
    const out = decode(udp, encode(udp, { srcport: 1234, dstport: DSMIP6_PORT, payload: { proto: 'data', data: fromHex('2a2b') } }));
    expect(names(out.layers)).toEqual(['udp', 'data']);
    expect(out.problems).toEqual([expect.objectContaining({ id: 'pmip6.udp-encap.unknown', start: 8, end: 9 })]);
  });

  it('refuses to encode through the dispatcher itself (encode the inner packet instead)', () => {
    expect(() => encode(udpEncapsulation, { proto: 'pmip6.udp-encap' })).toThrow(/inner/);
  });

  it('encode → decode → encode gives the same bytes for a TLV header around any payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        // Next Header 253 (RFC 3692, experiments) is bound to nothing, so the payload stays data.
        const bytes = encode(tlvHeader, { ...tlvPacket({ proto: 'data', data }), nextHeader: 253 } as never);
        const out = decode(tlvHeader, bytes);
        expect(out.problems.filter((p) => p.id.startsWith('pmip6.'))).toEqual([]);
        expect(hex(encode(tlvHeader, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random UDP 5437/4191 payloads; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(PMIP6_DATA_PORT, DSMIP6_PORT), fc.uint8Array({ maxLength: 80 }), fc.nat(3), (port, tail, nibble) => {
        const lead = [0x00, 0x45, 0x60, 0x00][nibble]!;
        const data = Uint8Array.of(lead, ...tail);
        const bytes = encode(udp, { srcport: port, dstport: port, payload: { proto: 'data', data } });
        const out = decode(udp, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'UDP 5437/4191 agree with tshark 4.0 under Decode As', () => {
  const frame = (payload: LayerValue, sport: number, dport: number): Uint8Array =>
    encode(
      ethernet,
      ethernetFrame({
        src: '00:11:22:33:44:aa',
        dst: '00:0a:0b:0c:0d:0e',
        payload: ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', payload: { proto: 'udp', srcport: sport, dstport: dport, payload } }),
      }) as never,
    );

  test('IPv4 in UDP 5437 and IPv6+MH in UDP 4191 reach the same innermost layers as tshark', async () => {
    const v4 = frame(decode(udp, DATA_V4).value.payload as LayerValue, PMIP6_DATA_PORT, PMIP6_DATA_PORT);
    const bu = frame(decode(udp, SEED002_BU).value.payload as LayerValue, 49200, DSMIP6_PORT);
    const tlv = frame(tlvPacket(grePacket({ key: 1, payload: ipv4Packet({ src: '10.1.0.5', dst: '198.51.100.7' }) })), PMIP6_DATA_PORT, PMIP6_DATA_PORT);
    const packets = await pdmlOf([{ data: v4 }, { data: bu }, { data: tlv }], { decodeAs: ['udp.port==5437,ip', 'udp.port==4191,ipv6'] });
    assertNoMalformed(packets.slice(0, 2));
    // Every <proto>, nested ones too (tshark puts mipv6 inside ipv6, as an extension header).
    const protos = (i: number): string[] =>
      [...walkPdml(packets[i]!.protos)].filter((p) => p.kind === 'proto' && !['geninfo', 'frame', 'eth', 'ethertype'].includes(p.name)).map((p) => p.name);
    expect(protos(0)).toEqual(['ip', 'udp', 'ip', 'icmp']);
    expect(protos(1)).toEqual(['ip', 'udp', 'ipv6', 'mipv6']);
    expect(names(dissect(v4).layers)).toEqual(expect.arrayContaining(['eth', 'ip', 'udp']));
    expect(names(dissect(bu).layers)).toEqual(['eth', 'ip', 'udp', 'ipv6', 'mipv6']);
    // tshark cannot read the TLV header (PROTOCOLS.md §3.6): "Bogus IP version (0)". We can.
    expect(findAll(packets[2]!, 'ip.version').map((n) => n.show)).toEqual(['4', '0']);
    expect(names(dissect(tlv).layers).slice(0, 6)).toEqual(['eth', 'ip', 'udp', 'pmip6.tlv', 'gre', 'ip']);
    for (const [i, f] of [v4, bu].entries()) {
      const inner = dissect(f).layers[3]!;
      const src = inner.children!.find((c) => c.name.endsWith('.src'))!;
      expect(findAll(packets[i]!, src.name).map((n) => [n.pos, n.show])).toContainEqual([src.start, src.value]);
    }
  });
});
