import { describe, expect, it } from 'vitest';
import { decode, encode, fromHex, hex, Writer } from '../../../src/wire/core';
import { mobilityHeader, padBefore, padding, padToEight, proxyBindingUpdate, writePadding, type MobilityHeader } from '../../../src/wire/mh';

describe('alignment arithmetic (RFC 6275 §6.2.1)', () => {
  it('inserts (y − o) mod x octets before an option', () => {
    expect(padBefore(30, { x: 8, y: 4 })).toBe(6); // PROTOCOLS.md §1.4: MN-ID ends at 30, HNP at 36
    expect(padBefore(25, { x: 8, y: 2 })).toBe(1); // … and a Timestamp after 25 needs one Pad1
    expect(padBefore(36, { x: 8, y: 4 })).toBe(0);
    expect(padBefore(13, { x: 4, y: 0 })).toBe(3);
    expect(padBefore(13, undefined)).toBe(0);
    expect([0, 1, 7, 8, 12].map(padToEight)).toEqual([0, 7, 1, 0, 4]);
  });

  it('fills one octet with Pad1 and more with a single PadN of zeros', () => {
    const w = new Writer();
    writePadding(w, 1);
    writePadding(w, 2);
    writePadding(w, 6);
    expect(hex(w.finish())).toBe('00' + '0100' + '010400000000');
    expect(padding(0)).toEqual([]);
    expect(padding(1)).toEqual([{ type: 0 }]);
    expect(padding(4)).toEqual([{ type: 1, padding: new Uint8Array(2) }]);
  });
});

describe('the encoder pads', () => {
  it('reproduces the second worked example of PROTOCOLS.md §1.4: Pad1 at 25, Timestamp at 26', () => {
    /*
     * scapy: bytes(IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')/MIP6MH_BU(seq=1, flags='PA', mhtime=75,
     *   options=[MIP6OptMNID(id=b'ab'), HI(otype=23, odata=b'\x00\x01'), ATT(otype=24, odata=b'\x00\x03'),
     *   TS(otype=27, odata=bytes.fromhex('0000659f3d008000'))]))[40:]
     */
    const scapy = '3b0405002f4b00018200004b08030161621702000118020003001b080000659f3d00800001020000';
    const v = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 300, nai: 'ab', hnps: [], handoff: 1, att: 3, timestamp: 0x0000659f3d008000n });
    const bytes = encode(mobilityHeader, v, {
      pseudo: { version: 6, src: fromHex('20010db8000100000000000000000001'), dst: fromHex('20010db8000200000000000000000001') },
    });
    expect(hex(bytes)).toBe(scapy);
    expect(bytes[12]).toBe(8); // MN-ID, 5 octets
    expect(bytes[17]).toBe(23); // HI
    expect(bytes[21]).toBe(24); // ATT
    expect(bytes[25]).toBe(0); // Pad1
    expect(bytes[26]).toBe(27); // Timestamp at 8n+2
    expect(bytes.length % 8).toBe(0);
  });

  it('encodes a list that has its own padding exactly as given, misaligned or not', () => {
    const v: MobilityHeader = {
      proto: 'mipv6',
      mhType: 5,
      body: { seq: 1, flags: { a: true, p: true }, lifetime: 1 },
      options: [{ type: 0 }, { type: 27, timestamp: 1n }, { type: 1, padding: new Uint8Array(7) }],
    };
    // Pad1 at 12 puts the Timestamp at 13 (not 8n+2); nothing else is inserted.
    const bytes = encode(mobilityHeader, v);
    expect(hex(bytes.subarray(12))).toBe('00' + '1b080000000000000001' + '0107' + '00000000000000');
    const again = decode(mobilityHeader, bytes);
    expect(again.value.options!.map((o) => o.type)).toEqual([0, 27, 1]);
    expect(again.problems.map((p) => [p.id, p.start])).toEqual([['mip6.opt.misaligned', 13]]);
  });

  it('rounds Header Len down when a lesson sends a total that is not a multiple of 8', () => {
    const v: MobilityHeader = {
      proto: 'mipv6',
      mhType: 6,
      body: { status: 0, flags: { p: true }, seq: 1, lifetime: 1 },
      options: [{ type: 0 }],
    };
    const bytes = encode(mobilityHeader, v);
    expect(bytes.length).toBe(13);
    expect(bytes[1]).toBe(0);
  });
});
