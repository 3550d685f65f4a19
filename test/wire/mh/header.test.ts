import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, ipv6FromText, type FieldNode } from '../../../src/wire/core';
import '../../../src/wire/data';
import {
  BA_STATUS,
  HANDOFF_INDICATOR,
  ACCESS_TECHNOLOGY,
  findOption,
  mobilityHeader,
  proxyBindingAck,
  proxyBindingUpdate,
  type MobilityHeader,
} from '../../../src/wire/mh';

const MAG = ipv6FromText('2001:db8:1::1');
const LMA = ipv6FromText('2001:db8:2::1');
const toLma = { pseudo: { version: 6 as const, src: MAG, dst: LMA } };
const toMag = { pseudo: { version: 6 as const, src: LMA, dst: MAG } };

const range = (n: FieldNode | undefined): [number, number] | undefined => (n ? [n.start, n.end] : undefined);

/*
 * Provenance (scapy 2.5.0, Debian python3-scapy; HI, ATT and Timestamp are MIP6OptUnknown subclasses
 * with x, y set to their alignment, and the HNP is MIP6OptMobNetPrefix(otype=22)):
 *
 *   ip6 = IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')
 *   bytes(ip6/MIP6MH_BU(seq=7, flags='PA', mhtime=900, options=[MIP6OptMNID(id=b'mn1@example.com'),
 *     HNP(0, '::'), HI(otype=23, odata=b'\x00\x01'), ATT(otype=24, odata=b'\x00\x03'),
 *     TS(otype=27, odata=bytes.fromhex('0000659f3d008000'))]))[40:].hex()
 */
const PBU =
  '3b090500b0380007820003840810016d6e31406578616d706c652e636f6d0104000000001612000000000000000000000000000000000000170200011802000301001b080000659f3d00800001020000';

// The same options echoed in a PBA with the assigned /64, IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/
// MIP6MH_BA(status=0, flags='P', seq=7, mhtime=900, options=[…, HNP(64, '2001:db8:1:1::'), …])
const PBA =
  '3b090600031e0020000703840810016d6e31406578616d706c652e636f6d0104000000001612004020010db8000100010000000000000000170200011802000301001b080000659f3d00800001020000';

const pbu = proxyBindingUpdate({
  seq: 7,
  lifetimeSeconds: 3600,
  nai: 'mn1@example.com',
  hnps: ['::/0'],
  handoff: HANDOFF_INDICATOR.NEW_INTERFACE,
  att: ACCESS_TECHNOLOGY.IEEE_802_3,
  timestamp: 0x0000659f3d008000n,
});

describe('the Proxy Binding Update', () => {
  it('encodes the PROTOCOLS.md §1.4 worked example byte for byte as scapy does, checksum included', () => {
    expect(hex(encode(mobilityHeader, pbu, toLma))).toBe(PBU);
  });

  it('decodes every field with its tshark name, value and byte range', () => {
    const { node, problems, value } = decode(mobilityHeader, fromHex(PBU), toLma);
    expect(problems).toEqual([]);
    const f = (name: string) => findField([node], name);
    expect(node.name).toBe('mipv6');
    expect(node.display).toBe('Proxy Binding Update seq 7, lifetime 900 (3600 s)');
    expect([f('mip6.proto')!.value, range(f('mip6.proto'))]).toEqual([59, [0, 1]]);
    expect([f('mip6.hlen')!.value, f('mip6.hlen')!.display]).toEqual([9, '9 (80 bytes)']);
    expect([f('mip6.mhtype')!.value, range(f('mip6.mhtype'))]).toEqual([5, [2, 3]]);
    expect([f('mip6.csum')!.value, range(f('mip6.csum'))]).toEqual([0xb038, [4, 6]]);
    expect(f('mip6.csum.status')!.value).toBe(1);
    expect([f('mip6.bu.seqnr')!.value, range(f('mip6.bu.seqnr'))]).toEqual([7, [6, 8]]);
    expect([f('mip6.bu.a_flag')!.value, f('mip6.bu.a_flag')!.mask, range(f('mip6.bu.a_flag'))]).toEqual([true, 0x8000, [8, 10]]);
    expect([f('mip6.bu.p_flag')!.value, f('mip6.bu.p_flag')!.mask]).toEqual([true, 0x0200]);
    expect(f('mip6.bu.h_flag')!.value).toBe(false);
    expect([f('mip6.bu.lifetime')!.value, f('mip6.bu.lifetime')!.display]).toEqual([900, '900 (3600 s)']);
    expect(range(f('mip6.options.mnid'))).toEqual([12, 30]);
    expect(f('mip6.options.mnid')!.value).toBe('08:10:01:6d:6e:31:40:65:78:61:6d:70:6c:65:2e:63:6f:6d');
    expect([f('mip6.mnid.identifier')!.value, range(f('mip6.mnid.identifier'))]).toEqual(['mn1@example.com', [15, 30]]);
    expect(range(f('mip6.options.padn'))).toEqual([30, 36]);
    expect(range(f('mip6.options.hnp'))).toEqual([36, 56]);
    expect([f('mip6.nemo.mnp.pfl')!.value, f('mip6.nemo.mnp.mnp')!.value, range(f('mip6.nemo.mnp.mnp'))]).toEqual([0, '::', [40, 56]]);
    expect([f('mip6.hi')!.value, f('mip6.hi')!.display, range(f('mip6.hi'))]).toEqual([1, 'Attachment over a new interface (1)', [59, 60]]);
    expect([f('mip6.att')!.value, f('mip6.att')!.display]).toEqual([3, 'IEEE 802.3 (3)']);
    expect(range(f('mip6.options.ts'))).toEqual([66, 76]);
    expect(f('mip6.timestamp_tmp')!.value).toBe('Jan 11, 2024 00:57:36.500000000 UTC');
    expect(f('mip6.timestamp_tmp')!.display).toBe('2024-01-11T00:57:36.500000000Z');
    expect(value.body).toEqual({ seq: 7, flags: { a: true, h: false, l: false, k: false, m: false, r: false, p: true, f: false, t: false, b: false }, lifetime: 900 });
    expect(findOption(value, 27)?.timestamp).toBe(0x0000659f3d008000n);
  });

  it('re-encodes a decoded message to the same bytes', () => {
    const { value } = decode(mobilityHeader, fromHex(PBU), toLma);
    expect(hex(encode(mobilityHeader, value as MobilityHeader, toLma))).toBe(PBU);
  });
});

describe('the Proxy Binding Acknowledgement', () => {
  it('encodes the echoed options with P set, as scapy does', () => {
    const pba = proxyBindingAck({
      status: BA_STATUS.ACCEPTED,
      seq: 7,
      lifetimeSeconds: 3600,
      nai: 'mn1@example.com',
      hnps: ['2001:db8:1:1::/64'],
      handoff: 1,
      att: 3,
      timestamp: 0x0000659f3d008000n,
    });
    expect(hex(encode(mobilityHeader, pba, toMag))).toBe(PBA);
    const { node, problems } = decode(mobilityHeader, fromHex(PBA), toMag);
    expect(problems).toEqual([]);
    const f = (name: string) => findField([node], name);
    expect([f('mip6.ba.status')!.value, range(f('mip6.ba.status'))]).toEqual([0, [6, 7]]);
    expect([f('mip6.ba.p_flag')!.value, f('mip6.ba.p_flag')!.mask, range(f('mip6.ba.p_flag'))]).toEqual([true, 0x20, [7, 8]]);
    expect([f('mip6.ba.seqnr')!.value, range(f('mip6.ba.seqnr'))]).toEqual([7, [8, 10]]);
    expect(f('mip6.nemo.mnp.mnp')!.value).toBe('2001:db8:1:1::');
    expect(node.display).toBe('Proxy Binding Acknowledgement status 0, seq 7, lifetime 900 (3600 s)');
  });

  it('pads a PBA without options to 16 octets, Header Len 1', () => {
    // scapy: bytes(IPv6(src='2001:db8:2::1', dst='2001:db8:1::1')/MIP6MH_BA(status=0, flags='P', seq=7, mhtime=0))[40:]
    const pba = proxyBindingAck({ status: 0, seq: 7, lifetimeSeconds: 0 });
    expect(hex(encode(mobilityHeader, pba, toMag))).toBe('3b01060061c700200007000001020000');
  });
});

describe('the other message types', () => {
  it('decodes a Binding Refresh Request', () => {
    // scapy: bytes(IPv6(src='2001:db8:1::1', dst='2001:db8:2::1')/MIP6MH_BRR())[40:] → 3b00000068f90000
    const { node, problems, value } = decode(mobilityHeader, fromHex('3b00000068f90000'), toLma);
    expect(problems).toEqual([]);
    expect(value.mhType).toBe(0);
    const brr = findField([node], 'mip6.binding_refresh_request')!;
    expect([brr.value, brr.start, brr.end]).toEqual(['00:00', 6, 8]);
    expect(hex(encode(mobilityHeader, { proto: 'mipv6', mhType: 0, body: {} }, toLma))).toBe('3b00000068f90000');
  });

  it('decodes a Binding Error', () => {
    // scapy: bytes(IPv6(…)/MIP6MH_BE(status=2, ha='2001:db8::99'))[40:]
    const bytes = fromHex('3b0207003195020020010db8000000000000000000000099');
    const { node, problems } = decode(mobilityHeader, bytes, toLma);
    expect(problems).toEqual([]);
    expect(findField([node], 'mip6.be.status')!.display).toBe('Unrecognized MH Type value (2)');
    expect(range(findField([node], 'mip6.be.haddr'))).toEqual([8, 24]);
    expect(findField([node], 'mip6.be.haddr')!.value).toBe('2001:db8::99');
  });

  it('tells a Binding Revocation Indication from an Acknowledgement by its B.R. Type', () => {
    const bri: MobilityHeader = {
      proto: 'mipv6',
      mhType: 16,
      body: { brType: 1, trigger: 2, seq: 5, flags: { p: true } },
      options: [{ type: 8, subtype: 1, identifier: 'mn1@example.com' }],
    };
    const bra: MobilityHeader = { proto: 'mipv6', mhType: 16, body: { brType: 2, status: 128, seq: 5, flags: { p: true } } };
    const i = decode(mobilityHeader, encode(mobilityHeader, bri, toLma), toLma);
    const a = decode(mobilityHeader, encode(mobilityHeader, bra, toMag), toMag);
    expect(i.problems).toEqual([]);
    expect(a.problems).toEqual([]);
    expect(findField([i.node], 'mip6.bri_r.trigger')!.display).toBe('Inter-MAG Handover - same Access Type (2)');
    expect([findField([i.node], 'mip6.bri_ip')!.value, findField([i.node], 'mip6.bri_ip')!.mask]).toEqual([true, 0x8000]);
    expect(findField([a.node], 'mip6.bri_status')!.display).toBe('Binding Does NOT Exist (128)');
    expect(findField([a.node], 'mip6.bri_ap')!.value).toBe(true);
    expect(findField([a.node], 'mip6.bri_ip')).toBeUndefined();
  });

  it('decodes a Heartbeat with U and R on the second octet', () => {
    const hb: MobilityHeader = { proto: 'mipv6', mhType: 13, body: { flags: { r: true }, seq: 5 }, options: [{ type: 28, counter: 3 }] };
    const bytes = encode(mobilityHeader, hb, toLma);
    // Restart Counter at 4n+2: the option list starts at 12, so two octets of PadN come first; then
    // four more to reach 24 octets.
    expect(hex(bytes)).toBe('3b020d00' + hex(bytes.subarray(4, 6)) + '000100000005' + '0100' + '1c0400000003' + '01020000');
    const { node, problems } = decode(mobilityHeader, bytes, toLma);
    expect(problems).toEqual([]);
    expect(range(findField([node], 'mip6.hb.r_flag'))).toEqual([7, 8]);
    expect(findField([node], 'mip6.hb.seqnr')!.value).toBe(5);
    expect(findField([node], 'mip6.rc')!.value).toBe(3);
  });
});

describe('the MH over IPv4/UDP (RFC 5844 §4)', () => {
  /*
   * scapy: bytes(IP(src='192.0.2.1', dst='192.0.2.2')/UDP(sport=5436, dport=5436)/MIP6MH_BU(cksum=0, seq=9,
   *   flags='PA', mhtime=900, options=[MNID, HNP(0,'::'), HI(1), ATT(3), V4(otype=36, odata=00*6),
   *   GRE(otype=33, odata=000000001234)]))[28:]   (V4, GRE: MIP6OptUnknown with x=4, y=0)
   */
  const UDP_PBU =
    '3b09050000000009820003840810016d6e31406578616d706c652e636f6d0104000000001612000000000000000000000000000000000000170200011802000324060000000000002106000000001234';
  const hints = { hints: { transport: 'udp' } };

  it('sends a zero checksum and aligns the IPv4 options at 4n', () => {
    const v = proxyBindingUpdate({
      seq: 9,
      lifetimeSeconds: 3600,
      nai: 'mn1@example.com',
      hnps: ['::/0'],
      handoff: 1,
      att: 3,
      options: [
        { type: 36, flags: { prefixLength: 0 }, address: '0.0.0.0' },
        { type: 33, key: 0x1234 },
      ],
    });
    expect(hex(encode(mobilityHeader, v, hints))).toBe(UDP_PBU);
    const { node, problems } = decode(mobilityHeader, fromHex(UDP_PBU), hints);
    expect(problems).toEqual([]);
    expect(findField([node], 'mip6.csum.status')!.value).toBe(1);
    expect(range(findField([node], 'mip6.options.ipv4hareq'))).toEqual([64, 72]);
    expect(findField([node], 'mip6.gre_key')!.value).toBe(0x1234);
  });

  it('reports a non-zero checksum on UDP, which must be zero', () => {
    const bytes = fromHex(UDP_PBU);
    bytes[4] = 0x12;
    const { problems } = decode(mobilityHeader, bytes, hints);
    expect(problems.map((p) => [p.id, p.start, p.end])).toEqual([['mip6.csum.bad', 4, 6]]);
    expect(problems[0]!.message).toMatch(/should be 0x0000/);
  });
});

describe('problems, never exceptions', () => {
  it('reports a wrong checksum with the value it should have', () => {
    const bytes = encode(mobilityHeader, { ...pbu, checksum: 0x1234 }, toLma);
    const { problems, node } = decode(mobilityHeader, bytes, toLma);
    expect(problems.map((p) => p.id)).toEqual(['mip6.csum.bad']);
    expect(problems[0]!.message).toBe('Checksum is 0x1234 but should be 0xb038');
    expect(findField([node], 'mip6.csum.status')!.display).toBe('Bad (should be 0xb038)');
  });

  it('leaves the checksum unverified without an IPv6 header around it', () => {
    const { problems, node } = decode(mobilityHeader, fromHex(PBU));
    expect(problems).toEqual([]);
    expect(findField([node], 'mip6.csum.status')!.value).toBe(2);
  });

  it('reports a Header Len longer than the bytes', () => {
    const bytes = fromHex(PBU);
    bytes[1] = 12;
    const { problems } = decode(mobilityHeader, bytes, toLma);
    expect(problems.map((p) => p.id)).toContain('mip6.bogus_header_length');
    expect(problems.find((p) => p.id === 'mip6.bogus_header_length')!.message).toBe(
      'Header Len 12 says the Mobility Header is 104 bytes but only 80 are there',
    );
  });

  it('shows bytes after a short Header Len as a raw node inside the layer', () => {
    const bytes = fromHex(PBU);
    bytes[1] = 1;
    const { problems, node } = decode(mobilityHeader, bytes);
    expect(problems.map((p) => p.id)).toContain('mip6.trailing');
    const rest = findField([node], 'mip6.trailing')!;
    expect([rest.start, rest.end, rest.raw]).toEqual([16, 80, true]);
    expect(node.end).toBe(80);
  });

  it('reports a message cut short, with the fields that are there', () => {
    const { problems, node } = decode(mobilityHeader, fromHex(PBU).subarray(0, 9), toLma);
    expect(problems.map((p) => p.id)).toEqual(['mip6.bogus_header_length', 'mipv6.truncated']);
    // A checksum over a part of the message cannot be judged.
    expect(findField([node], 'mip6.csum.status')!.value).toBe(2);
    expect(findField([node], 'mip6.bu.seqnr')!.value).toBe(7);
    expect(findField([node], 'mip6.bu.flags')).toBeUndefined();
  });

  it('reports an option whose length runs past the end', () => {
    const bytes = fromHex(PBU);
    bytes[37] = 60; // the HNP's Length: 62 octets from offset 36, but the MH ends at 80
    const { problems, node } = decode(mobilityHeader, bytes, toLma);
    expect(problems.map((p) => p.id)).toContain('mip6.opt.len.invalid');
    expect(findField([node], 'mip6.options.hnp')!.end).toBe(80);
  });

  it('reports an option with a length its RFC does not allow', () => {
    // A Handoff Indicator of length 3: one octet too many.
    const v: MobilityHeader = { proto: 'mipv6', mhType: 5, body: { seq: 1, flags: { a: true, p: true }, lifetime: 1 } };
    const bytes = fromHex(hex(encode(mobilityHeader, v)).slice(0, 24) + '1703000102' + '010100' + '00000000');
    bytes[1] = 2;
    const { problems } = decode(mobilityHeader, bytes);
    const bad = problems.find((p) => p.id === 'mip6.opt.len.invalid')!;
    expect(bad.message).toBe('Handoff Indicator option has length 3 but it must be 2');
    expect([bad.start, bad.end]).toEqual([12, 17]);
  });

  it('keeps an unknown option raw and skips over it', () => {
    const v: MobilityHeader = {
      proto: 'mipv6',
      mhType: 6,
      body: { status: 0, flags: { p: true }, seq: 1, lifetime: 1 },
      options: [{ type: 200, data: fromHex('0102') }, { type: 23, hi: 5 }, { type: 1, padding: new Uint8Array(2) }],
    };
    const { problems, node, value } = decode(mobilityHeader, encode(mobilityHeader, v));
    expect(problems.map((p) => [p.id, p.severity])).toEqual([['mip6.opt.unknown', 'info']]);
    const unknown = findField([node], 'mip6.options.unknown')!;
    expect([unknown.start, unknown.end, unknown.value]).toEqual([12, 16, 'c8:02:01:02']);
    expect(findField([node], 'mip6.options.unknown.data')!.raw).toBe(true);
    expect(findField([node], 'mip6.hi')!.value).toBe(5);
    expect(value.options![0]).toEqual({ type: 200, len: 2, data: fromHex('0102') });
  });

  it('keeps an unknown MH Type raw', () => {
    const bytes = fromHex('3b0163000000aabbccddeeff00112233');
    const { problems, node, value } = decode(mobilityHeader, bytes);
    expect(problems.map((p) => p.id)).toEqual(['mip6.mhtype.unknown']);
    const data = findField([node], 'mip6.unknown_type_data')!;
    expect([data.start, data.end, data.raw]).toEqual([6, 16, true]);
    expect(hex(encode(mobilityHeader, value as MobilityHeader))).toBe(hex(bytes));
  });

  it('notes an option that breaks its alignment', () => {
    // A lesson sends the HNP (8n+4) right after a Handoff Indicator, at offset 16: the explicit PadN
    // at the end tells the encoder to take the list as given.
    const v: MobilityHeader = {
      proto: 'mipv6',
      mhType: 5,
      body: { seq: 1, flags: { a: true, p: true }, lifetime: 1 },
      options: [{ type: 23, hi: 1 }, { type: 22, prefixLength: 64, prefix: '2001:db8::' }, { type: 1, padding: new Uint8Array(2) }],
    };
    const bytes = encode(mobilityHeader, v);
    expect(bytes.length).toBe(40);
    expect(bytes[16]).toBe(22);
    const { problems } = decode(mobilityHeader, bytes);
    expect(problems.map((p) => [p.id, p.severity, p.start, p.message])).toEqual([
      ['mip6.opt.misaligned', 'info', 16, 'Home Network Prefix starts at offset 16, but its alignment is 8n+4'],
    ]);
  });

  it('decodes empty input to nothing and a problem', () => {
    const { problems, node } = decode(mobilityHeader, new Uint8Array(0));
    expect(problems.map((p) => p.id)).toEqual(['mipv6.truncated']);
    expect(findFields([node], 'mip6.proto')).toEqual([]);
  });
});
