import { describe, expect, it } from 'vitest';
import { decode, encode, findField, fromHex, hex, type OptionValue } from '../../../src/wire/core';
import {
  MESSAGES,
  MH_TYPE,
  OPTION,
  OPTIONS,
  greKeyOption,
  ipv4DhcpSupportModeOption,
  ipv4HomeAddressReplyOption,
  mnLinkLayerIdOption,
  mobilityHeader,
  natDetectionOption,
  type MobilityHeader,
} from '../../../src/wire/mh';

/** IANA "Mobility Options" numbers for what the lab declares (PROTOCOLS.md §2.1), with their alignment. */
const PUBLISHED: Record<number, { name: string; align?: [number, number] }> = {
  0: { name: 'Pad1' },
  1: { name: 'PadN' },
  3: { name: 'Alternate Care-of Address', align: [8, 6] },
  8: { name: 'Mobile Node Identifier' },
  9: { name: 'Mobility Message Authentication', align: [8, 5] }, // last in its message: 19 octets at 8n+5 end on 8n
  19: { name: 'Vendor Specific', align: [4, 2] },
  20: { name: 'Service Selection' },
  22: { name: 'Home Network Prefix', align: [8, 4] },
  23: { name: 'Handoff Indicator' },
  24: { name: 'Access Technology Type' },
  25: { name: 'Mobile Node Link-layer Identifier', align: [8, 0] }, // RFC: "appropriately"; OAI's 8n
  26: { name: 'Link-local Address', align: [8, 6] },
  27: { name: 'Timestamp', align: [8, 2] },
  28: { name: 'Restart Counter', align: [4, 2] },
  29: { name: 'IPv4 Home Address', align: [4, 0] },
  30: { name: 'IPv4 Address Acknowledgement', align: [4, 0] },
  31: { name: 'NAT Detection', align: [4, 0] },
  32: { name: 'IPv4 Care-of Address', align: [4, 0] },
  33: { name: 'GRE Key', align: [4, 0] },
  36: { name: 'IPv4 Home Address Request', align: [4, 0] },
  37: { name: 'IPv4 Home Address Reply', align: [4, 0] },
  38: { name: 'IPv4 Default-Router Address', align: [4, 0] },
  39: { name: 'IPv4 DHCP Support Mode' },
};

describe('the option and message tables', () => {
  it('declares exactly the published option types, each under its own number, with its alignment', () => {
    const declared = OPTIONS.entries();
    expect(declared.map(([type]) => type)).toEqual(Object.keys(PUBLISHED).map(Number));
    for (const [type, codec] of declared) {
      expect(codec.type, codec.label).toBe(type);
      expect(codec.label).toBe(PUBLISHED[type]!.name);
      const align = PUBLISHED[type]!.align;
      expect(codec.align ? [codec.align.x, codec.align.y] : undefined, codec.label).toEqual(align);
    }
  });

  it('names every OPTION constant after a declared codec of that number', () => {
    for (const [key, type] of Object.entries(OPTION)) expect(OPTIONS.get(type)?.type, key).toBe(type);
  });

  it('binds the message codecs under their MH Types', () => {
    expect(MESSAGES.entries().map(([t]) => t)).toEqual([0, 5, 6, 7, 13, 16]);
    expect(MESSAGES.get(MH_TYPE.BINDING_UPDATE)!.id).toBe('mip6.bu');
    expect(MESSAGES.get(MH_TYPE.BINDING_ACK)!.id).toBe('mip6.ba');
  });

  it('refuses a second codec for a taken option type', () => {
    expect(() => OPTIONS.bind(22, OPTIONS.get(22)!)).toThrow(/bound twice/);
  });
});

/** One BA carrying `options`, decoded again. */
function roundTrip(options: OptionValue[]) {
  const v: MobilityHeader = { proto: 'mipv6', mhType: 6, body: { status: 0, flags: { p: true }, seq: 1, lifetime: 1 }, options };
  const bytes = encode(mobilityHeader, v);
  const out = decode(mobilityHeader, bytes);
  const decoded = (out.value.options ?? []).filter((o) => o.type > 1);
  return { bytes, ...out, decoded };
}

const withoutLen = (o: OptionValue): OptionValue => {
  const { len: _len, ...rest } = o;
  return rest as OptionValue;
};

describe('each option', () => {
  const samples: [string, OptionValue, Record<string, unknown>][] = [
    ['Alternate CoA', { type: 3, address: '2001:db8::5' }, { 'mip6.acoa.acoa': '2001:db8::5' }],
    ['Vendor Specific', { type: 19, vendorId: 10415, subtype: 1, data: fromHex('aabb') }, { 'mip6.vsm.vendorId': 10415, 'mip6.vsm.subtype': 1 }],
    ['Service Selection', { type: 20, identifier: 'internet' }, { 'mip6.ss.identifier': 'internet' }],
    ['MN Link-layer Identifier', mnLinkLayerIdOption('02:00:00:00:00:01'), { 'mip6.mnlli.lli': '02:00:00:00:00:01' }],
    ['Link-local Address', { type: 26, address: 'fe80::1' }, { 'mip6.lila_lla': 'fe80::1' }],
    ['Restart Counter', { type: 28, counter: 7 }, { 'mip6.rc': 7 }],
    ['IPv4 Home Address', { type: 29, flags: { prefixLength: 32, p: true }, address: '192.0.2.1' }, { 'mip6.ipv4ha.preflen': 32, 'mip6.ipv4ha.p_flag': true }],
    ['IPv4 Address Ack', { type: 30, status: 128, flags: { prefixLength: 32 }, address: '192.0.2.1' }, { 'mip6.ipv4aa.sts': 128 }],
    ['NAT Detection', natDetectionOption(true, 0xffffffff), { 'mip6.natd.f_flag': true, 'mip6.natd.refresh_t': 0xffffffff }],
    ['IPv4 CoA', { type: 32, address: '198.51.100.7' }, { 'mip6.ipv4coa.addr': '198.51.100.7' }],
    ['GRE Key with a key', greKeyOption(0xabcd), { 'mip6.gre_key': 0xabcd, 'mip6.mobility_opt.len': 6 }],
    ['GRE Key without a key', greKeyOption(), { 'mip6.mobility_opt.len': 2 }],
    ['IPv4 HoA Request', { type: 36, flags: { prefixLength: 24 }, address: '0.0.0.0' }, { 'mip6.ipv4ha.preflen': 24, 'mip6.ipv4ha.ha': '0.0.0.0' }],
    ['IPv4 HoA Reply', ipv4HomeAddressReplyOption(0, '10.0.0.1', 24), { 'mip6.ipv4aa.sts': 0, 'mip6.ipv4ha.ha': '10.0.0.1' }],
    ['IPv4 Default-Router', { type: 38, address: '10.0.0.254' }, { 'mip6.ipv4dra.dra': '10.0.0.254' }],
    ['IPv4 DHCP Support Mode', ipv4DhcpSupportModeOption(true), { 'mip6.ipv4dsm.s_flag': true }],
  ];

  for (const [what, option, fields] of samples) {
    it(`${what}: decodes to the value it was built from, aligned, with tshark's field names`, () => {
      const { decoded, problems, node } = roundTrip([option]);
      expect(problems).toEqual([]);
      const got = withoutLen(decoded[0]!);
      expect(got).toMatchObject(withoutLen(option) as Record<string, unknown>);
      for (const [name, value] of Object.entries(fields)) expect(findField([node], name)?.value, name).toEqual(value);
    });
  }

  it('shows the IPv4 Home Address Prefix-len on one octet and P on the whole word, as tshark does', () => {
    const { node } = roundTrip([{ type: 29, flags: { prefixLength: 32, p: true }, address: '192.0.2.1' }]);
    const opt = findField([node], 'mip6.options.ipv4ha')!;
    expect(opt.start % 4).toBe(0);
    const plen = findField([node], 'mip6.ipv4ha.preflen')!;
    const p = findField([node], 'mip6.ipv4ha.p_flag')!;
    expect([plen.start - opt.start, plen.end - plen.start, plen.mask, plen.bits]).toEqual([2, 1, 0xfc, 8]);
    expect([p.start - opt.start, p.end - p.start, p.mask, p.bits]).toEqual([2, 2, 0x0200, 16]);
    expect(plen.display).toBe('1000 00.. = 32');
  });

  it('says when a NAT Detection refresh time means no keepalives', () => {
    const { node } = roundTrip([natDetectionOption(false, 0xffffffff)]);
    expect(findField([node], 'mip6.natd.refresh_t')!.display).toBe('4294967295 s (keepalives are not needed, no NAT detected)');
  });

  it('encodes a GRE Key option as RFC 5845 §6.1 draws it', () => {
    const { bytes } = roundTrip([greKeyOption(0x12345678)]);
    // Option list at 12; 4n puts the option there directly: 21 06 0000 12345678, then PadN(4).
    expect(hex(bytes.subarray(12))).toBe('210600001234567801020000');
  });
});
