import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, findField, fromHex, hex } from '../../src/wire/core';
import { arp, arpPacket, gratuitousArp } from '../../src/wire/arp';
import '../../src/wire/protocols';
import { treeViolation } from '../support/tree';

const numRuns = process.env.CI ? 20_000 : 1_000;

// scapy: bytes(ARP(hwsrc='02:00:00:00:00:01',psrc='192.0.2.1',pdst='192.0.2.2'))
const REQUEST = fromHex('0001080006040001020000000001c0000201000000000000c0000202');
// scapy: bytes(ARP(op=2,hwsrc='02:00:00:00:00:02',psrc='192.0.2.2',hwdst='02:00:00:00:00:01',pdst='192.0.2.1'))
const REPLY = fromHex('0001080006040002020000000002c0000202020000000001c0000201');
// scapy: bytes(ARP(op=2,hwsrc='02:00:00:00:00:01',psrc='192.0.2.1',hwdst='02:00:00:00:00:01',pdst='192.0.2.1'))
const GRATUITOUS = fromHex('0001080006040002020000000001c0000201020000000001c0000201');
// scapy: bytes(ARP(op=1,hwsrc='02:00:00:00:00:01',psrc='192.0.2.1',hwdst='00:00:00:00:00:00',pdst='192.0.2.1'))
const ANNOUNCEMENT = fromHex('0001080006040001020000000001c0000201000000000000c0000201');

describe('arp', () => {
  it('decodes a request field by field with tshark names and byte ranges', () => {
    const out = decode(arp, REQUEST);
    expect(out.problems).toEqual([]);
    expect(out.value).toMatchObject({ htype: 1, ptype: 0x0800, hlen: 6, plen: 4, opcode: 1, sha: '02:00:00:00:00:01', spa: '192.0.2.1', tha: '00:00:00:00:00:00', tpa: '192.0.2.2' });
    const at = (name: string) => {
      const n = findField(out.layers, name)!;
      return [n.start, n.end];
    };
    expect(at('arp.hw.type')).toEqual([0, 2]);
    expect(at('arp.proto.type')).toEqual([2, 4]);
    expect(at('arp.opcode')).toEqual([6, 8]);
    expect(at('arp.src.hw_mac')).toEqual([8, 14]);
    expect(at('arp.src.proto_ipv4')).toEqual([14, 18]);
    expect(at('arp.dst.hw_mac')).toEqual([18, 24]);
    expect(at('arp.dst.proto_ipv4')).toEqual([24, 28]);
    expect(out.layers[0]!.display).toBe('Who has 192.0.2.2? Tell 192.0.2.1');
    expect(findField(out.layers, 'arp.isgratuitous')).toBeUndefined();
  });

  it('builds the request and the reply that scapy builds', () => {
    expect(hex(encode(arp, arpPacket({ opcode: 1, sha: '02:00:00:00:00:01', spa: '192.0.2.1', tpa: '192.0.2.2' }) as never))).toBe(hex(REQUEST));
    const reply = arpPacket({ opcode: 2, sha: '02:00:00:00:00:02', spa: '192.0.2.2', tha: '02:00:00:00:00:01', tpa: '192.0.2.1' });
    expect(hex(encode(arp, reply as never))).toBe(hex(REPLY));
    expect(decode(arp, REPLY).layers[0]!.display).toBe('192.0.2.2 is at 02:00:00:00:00:02');
  });

  it('marks gratuitous ARP and the RFC 5227 announcement the way tshark does', () => {
    expect(hex(encode(arp, gratuitousArp({ sha: '02:00:00:00:00:01', ip: '192.0.2.1' }) as never))).toBe(hex(GRATUITOUS));
    expect(hex(encode(arp, gratuitousArp({ sha: '02:00:00:00:00:01', ip: '192.0.2.1', announcement: true }) as never))).toBe(hex(ANNOUNCEMENT));
    const g = decode(arp, GRATUITOUS);
    expect(g.layers[0]!.display).toBe('Gratuitous ARP for 192.0.2.1 (Reply)');
    expect(findField(g.layers, 'arp.isgratuitous')).toMatchObject({ start: 0, end: 0, value: true, generated: true });
    expect(findField(g.layers, 'arp.isannouncement')).toBeUndefined();
    const a = decode(arp, ANNOUNCEMENT);
    expect(a.layers[0]!.display).toBe('ARP Announcement for 192.0.2.1');
    expect(a.layers[0]!.children!.map((c) => c.name).slice(4, 7)).toEqual(['arp.opcode', 'arp.isgratuitous', 'arp.isannouncement']);
  });

  it('keeps addresses of other sizes as bytes', () => {
    // Hardware type 6 (IEEE 802), 8-octet hardware addresses, IPv4.
    const out = decode(arp, fromHex('000608000804' + '0001' + '1111111111111111' + 'c0000201' + '0000000000000000' + 'c0000202'));
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'arp.src.hw')).toMatchObject({ start: 8, end: 16, value: '11:11:11:11:11:11:11:11' });
    expect(findField(out.layers, 'arp.dst.proto')).toMatchObject({ start: 28, end: 32 });
    expect(findField(out.layers, 'arp.src.hw_mac')).toBeUndefined();
  });

  it('reports a packet cut short', () => {
    const out = decode(arp, REQUEST.subarray(0, 20));
    expect(out.problems.map((p) => p.id)).toEqual(['arp.truncated']);
    expect(out.problems[0]).toMatchObject({ start: 18, end: 20 });
  });

  const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':'));

  it('encode → decode → encode gives the same bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(1 as const, 2 as const), mac, fc.ipV4(), mac, fc.ipV4(), (opcode, sha, spa, tha, tpa) => {
        const bytes = encode(arp, arpPacket({ opcode, sha, spa, tha, tpa }) as never);
        expect(bytes.length).toBe(28);
        const out = decode(arp, bytes);
        expect(out.problems).toEqual([]);
        expect(hex(encode(arp, out.value))).toBe(hex(bytes));
      }),
      { numRuns },
    );
  });

  it('never throws on random bytes; every node stays inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const out = decode(arp, bytes);
        expect(treeViolation(out.layers, bytes.length, out.problems)).toBeUndefined();
      }),
      { numRuns },
    );
  });
});
