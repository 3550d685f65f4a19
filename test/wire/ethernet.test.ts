import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { decode, encode, findField, fromHex, hex, nodeAt, type LayerValue } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { arpPacket } from '../../src/wire/arp';
import { ethernet, ethernetFrame } from '../../src/wire/ethernet';
import { icmpEcho } from '../../src/wire/icmp';
import { ipv4Packet } from '../../src/wire/ipv4';
import '../../src/wire/protocols';
import { assertSameFields } from '../oracle/compare';
import { pdmlOf } from '../oracle/pcap';
import { describeWithTool, tshark } from '../oracle/tools';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(Ether(src='02:00:00:00:00:01',dst='ff:ff:ff:ff:ff:ff')/ARP(hwsrc='02:00:00:00:00:01',
//              psrc='192.0.2.1',pdst='192.0.2.2')) + bytes(18)      (padded to the 60-octet minimum)
const ARP_PADDED = fromHex(
  'ffffffffffff020000000001080600010800060400010200000000' + '01c0000201000000000000c0000202' + '00'.repeat(18),
);
// scapy: bytes(Ether(src='02:00:00:00:00:01',dst='02:00:00:00:00:02')/IP(src='192.0.2.1',dst='192.0.2.2')/
//              ICMP()/(b'z'*40)) + bytes.fromhex('deadbeef')      (tshark takes the 4 octets for an FCS)
const WITH_FCS = fromHex(
  '020000000002020000000001080045000044000100004001f6b4c0000201c00002020800666e00000000' + '7a'.repeat(40) + 'deadbeef',
);

describe('ethernet', () => {
  it('decodes the header with tshark names and ranges, the ARP payload, and the zero padding after it', () => {
    const out = decode(ethernet, ARP_PADDED);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['eth', 'eth.padding', 'arp']);
    expect(out.layers[0]).toMatchObject({ start: 0, end: 14 });
    expect(findField(out.layers, 'eth.dst')).toMatchObject({ start: 0, end: 6, value: 'ff:ff:ff:ff:ff:ff' });
    expect(findField(out.layers, 'eth.dst.ig')).toMatchObject({ start: 0, end: 3, value: true, mask: 0x010000, bits: 24 });
    expect(findField(out.layers, 'eth.src.lg')).toMatchObject({ start: 6, end: 9, value: true });
    expect(findField(out.layers, 'eth.type')).toMatchObject({ start: 12, end: 14, value: 0x0806, display: 'ARP (0x0806)' });
    expect(findField(out.layers, 'eth.padding')).toMatchObject({ start: 42, end: 60 });
    expect(out.value.padding).toEqual(new Uint8Array(18));
    // The padding octets are found by the inspector's hit test.
    expect(nodeAt(out.layers, 50)?.name).toBe('eth.padding');
    expect(hex(encode(ethernet, out.value))).toBe(hex(ARP_PADDED));
  });

  it('ends the IPv4 payload at its Total Length and shows four more octets as an FCS, as tshark does', () => {
    const out = decode(ethernet, WITH_FCS);
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['eth', 'eth.fcs', 'ip', 'icmp']);
    expect(findField(out.layers, 'eth.fcs')).toMatchObject({ start: 82, end: 86, value: 0xdeadbeef });
    expect(findField(out.layers, 'data.data')).toMatchObject({ start: 42, end: 82 });
  });

  it('calls non-zero bytes after the payload a trailer, not padding', () => {
    const frame = fromHex(hex(ARP_PADDED.subarray(0, 42)) + '01'.repeat(18));
    const out = decode(ethernet, frame);
    expect(out.layers.map((l) => l.name)).toEqual(['eth', 'eth.trailer', 'arp']);
    expect(findField(out.layers, 'eth.trailer')).toMatchObject({ start: 42, end: 60 });
    expect(hex(encode(ethernet, out.value))).toBe(hex(frame));
  });

  it('derives the Type from the payload and keeps the summary on the innermost protocol', () => {
    const frame = ethernetFrame({
      src: '02:00:00:00:00:01',
      dst: '02:00:00:00:00:02',
      payload: ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', payload: icmpEcho({ ident: 1, seq: 2 }) }),
    });
    const bytes = encode(ethernet, frame as never);
    expect(hex(bytes.subarray(12, 14))).toBe('0800');
    const d = dissect(fromHex(hex(bytes) + '00'.repeat(60 - bytes.length)));
    expect(d.layers.map((l) => l.name)).toEqual(['eth', 'eth.padding', 'ip', 'icmp']);
    expect(d.summary).toMatch(/^Echo \(ping\) request/);
  });

  it('reports a header cut short and shows an unknown EtherType as data', () => {
    expect(decode(ethernet, fromHex('ffffffffffff0200')).problems.map((p) => p.id)).toEqual(['eth.truncated']);
    const out = decode(ethernet, fromHex('ffffffffffff020000000001' + '88b5' + 'abcd'));
    expect(out.problems).toEqual([]);
    expect(out.layers.map((l) => l.name)).toEqual(['eth', 'data']);
  });

  const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));
  const ip4 = fc.ipV4();
  const payload: fc.Arbitrary<LayerValue> = fc.oneof(
    fc.record({ op: fc.constantFrom(1 as const, 2 as const), sha: mac, spa: ip4, tpa: ip4 }).map((o) => arpPacket({ opcode: o.op, sha: o.sha, spa: o.spa, tpa: o.tpa })),
    fc.record({ src: ip4, dst: ip4, ident: fc.nat(0xffff), seq: fc.nat(0xffff), data: fc.uint8Array({ maxLength: 40 }) }).map((o) =>
      ipv4Packet({ src: o.src, dst: o.dst, payload: icmpEcho({ ident: o.ident, seq: o.seq, data: o.data }) }),
    ),
  );

  it('encode → decode → encode gives the same bytes, padding to 60 octets included', () => {
    fc.assert(
      fc.property(mac, mac, payload, fc.boolean(), (src, dst, inner, pad) => {
        const bare = encode(ethernet, ethernetFrame({ src, dst, payload: inner }) as never);
        const value = { ...ethernetFrame({ src, dst, payload: inner }), ...(pad && bare.length < 60 ? { padding: new Uint8Array(60 - bare.length) } : {}) };
        const bytes = encode(ethernet, value as never);
        const out = decode(ethernet, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(ethernet, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random or damaged frames; every node stays inside its parent and the frame', () => {
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 120 }),
      fc.tuple(fc.constantFrom(ARP_PADDED, WITH_FCS), fc.nat(85), fc.nat(255), fc.nat(86)).map(([f, at, b, cut]) => {
        const g = f.slice(0, Math.max(0, f.length - (cut % 20)));
        if (g.length > 0) g[at % g.length] = b;
        return g;
      }),
    );
    fc.assert(
      fc.property(frames, (bytes) => {
        const out = decode(ethernet, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describeWithTool(tshark, 'ethernet agrees with tshark 4.0', () => {
  test('header, padding, trailer and FCS have tshark names, positions and values', async () => {
    const frames = [ARP_PADDED, WITH_FCS, fromHex(hex(ARP_PADDED.subarray(0, 42)) + '01'.repeat(18))];
    const packets = await pdmlOf(frames.map((data) => ({ data })));
    frames.forEach((f, i) => {
      assertSameFields(dissect(f).layers, packets[i]!, { only: (n) => n.startsWith('eth') || n.startsWith('arp') });
    });
  });
});
