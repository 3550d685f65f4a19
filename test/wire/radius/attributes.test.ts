import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type FieldNode } from '../../../src/wire/core';
import {
  accessAccept,
  attr,
  RADIUS_ATTRIBUTE_NAMES,
  radius,
  radiusAttr,
  radiusAttributeCodecs,
  radiusAttrs,
  visited,
  type RadiusPacket,
} from '../../../src/wire/radius';
import { ACCEPT, RA, SECRET } from './vectors';

const span = (n: FieldNode | undefined) => n && { start: n.start, end: n.end, value: n.value };

/** An Access-Accept with these attribute octets and a zero authenticator, decoded without a secret. */
const withAttributes = (body: string) => {
  const attrs = fromHex(body);
  const b = new Uint8Array(20 + attrs.length);
  b.set([2, 1, 0, b.length]);
  b.set(attrs, 20);
  return { bytes: b, ...decode(radius, b) };
};

describe('radius attribute table', () => {
  it('binds the published attribute numbers, once each, under their IANA names', () => {
    // IANA "RADIUS Attribute Types": RFC 2865 §5, RFC 3162 §2, RFC 3579 §3.2, RFC 6572 §4.1 and §9.1.
    expect(Object.fromEntries(radiusAttributeCodecs.entries().map(([k]) => [k, RADIUS_ATTRIBUTE_NAMES[k]]))).toEqual({
      1: 'User-Name',
      2: 'User-Password',
      4: 'NAS-IP-Address',
      6: 'Service-Type',
      8: 'Framed-IP-Address',
      18: 'Reply-Message',
      26: 'Vendor-Specific',
      27: 'Session-Timeout',
      31: 'Calling-Station-Id',
      32: 'NAS-Identifier',
      80: 'Message-Authenticator',
      95: 'NAS-IPv6-Address',
      97: 'Framed-IPv6-Prefix',
      124: 'MIP6-Feature-Vector',
      145: 'Mobile-Node-Identifier',
      146: 'Service-Selection',
      147: 'PMIP6-Home-LMA-IPv6-Address',
      148: 'PMIP6-Visited-LMA-IPv6-Address',
      149: 'PMIP6-Home-LMA-IPv4-Address',
      150: 'PMIP6-Visited-LMA-IPv4-Address',
      151: 'PMIP6-Home-HN-Prefix',
      152: 'PMIP6-Visited-HN-Prefix',
      153: 'PMIP6-Home-Interface-ID',
      154: 'PMIP6-Visited-Interface-ID',
      155: 'PMIP6-Home-IPv4-HoA',
      156: 'PMIP6-Visited-IPv4-HoA',
      157: 'PMIP6-Home-DHCP4-Server-Address',
      158: 'PMIP6-Visited-DHCP4-Server-Address',
      159: 'PMIP6-Home-DHCP6-Server-Address',
      160: 'PMIP6-Visited-DHCP6-Server-Address',
      161: 'PMIP6-Home-IPv4-Gateway',
      162: 'PMIP6-Visited-IPv4-Gateway',
    });
    expect(() => radiusAttributeCodecs.bind(1, radiusAttributeCodecs.get(1)!)).toThrow(/bound twice/);
  });
});

describe('radius attributes of a PMIPv6 profile (RFC 6572 §4)', () => {
  const { layers, value } = decode(radius, ACCEPT, { hints: { radiusSecret: SECRET, requestAuthenticator: RA } });

  it('decodes the LMA addresses, the HN prefix with its parts, the IPv4 HoA and the gateway', () => {
    expect(span(findField(layers, 'radius.Session_Timeout'))).toEqual({ start: 28, end: 32, value: 3600 });
    expect(span(findField(layers, 'radius.PMIP6_Home_LMA_IPv6_Address'))).toEqual({ start: 51, end: 67, value: '2001:db8:2::1' });
    expect(span(findField(layers, 'radius.PMIP6_Home_LMA_IPv4_Address'))).toEqual({ start: 69, end: 73, value: '192.0.2.2' });
    const hnp = findField(layers, 'radius.PMIP6_Home_HN_Prefix')!;
    expect(hnp).toMatchObject({ start: 75, end: 93, display: '2001:db8:1::/64' });
    expect(hnp.value).toBe('00:40:20:01:0d:b8:00:01:00:00:00:00:00:00:00:00:00:00');
    expect(hnp.children!.map((c) => [c.name, c.start, c.end, c.value])).toEqual([
      ['radius.PMIP6_Home_HN_Prefix.reserved', 75, 76, 0],
      ['radius.PMIP6_Home_HN_Prefix.prefix_length', 76, 77, 64],
      ['radius.PMIP6_Home_HN_Prefix.prefix', 77, 93, '2001:db8:1::'],
    ]);
    const hoa = findField(layers, 'radius.PMIP6_Home_IPv4_HoA')!;
    expect(hoa).toMatchObject({ start: 95, end: 101, value: '00:18:0a:00:00:05', display: '10.0.0.5/24' });
    expect(findField(hoa.children!, 'radius.PMIP6_Home_IPv4_HoA.prefix_length')).toMatchObject({ start: 95, end: 97, value: 24, mask: 0x003f, bits: 16 });
    expect(span(findField(layers, 'radius.PMIP6_Home_DHCP4_Server_Address'))).toEqual({ start: 103, end: 107, value: '10.1.0.1' });
    expect(span(findField(layers, 'radius.PMIP6_Home_IPv4_Gateway'))).toEqual({ start: 109, end: 113, value: '10.0.0.1' });
    const framed = findField(layers, 'radius.Framed_IPv6_Prefix')!;
    expect(framed).toMatchObject({ start: 115, end: 125, display: '2001:db8:1::/64' });
    expect(span(findField(layers, 'radius.Reply_Message'))).toEqual({ start: 127, end: 134, value: 'Welcome' });
  });

  it('gives the machines typed values', () => {
    expect(radiusAttr(value, 151)).toEqual({ prefix: '2001:db8:1::', length: 64 });
    expect(radiusAttr(value, 155)).toEqual({ address: '10.0.0.5', length: 24 });
    expect(radiusAttr(value, 97)).toEqual({ prefix: '2001:db8:1::', length: 64 });
    expect(new TextDecoder().decode(radiusAttr(value, 145))).toBe('mn1@example.org');
    expect(radiusAttr(value, 147)).toBe('2001:db8:2::1');
    expect(radiusAttrs(value, 18)).toEqual(['Welcome']);
    expect(radiusAttr(value, 8)).toBeUndefined();
  });

  it('sends a Framed-IPv6-Prefix in the octets its length needs and an HN prefix in 16, keeping any other count', () => {
    const m = accessAccept({ id: 1, authenticator: new Uint8Array(16), attributes: [attr.framedIpv6Prefix('2001:db8::', 33), attr.pmip6HomeHnPrefix('2001:db8::', 33)] });
    const bytes = encode(radius, m);
    // 97: len 9, reserved 0, /33, ceil(33/8) = 5 octets; 151: len 20, reserved 0, /33, all 16 octets (RFC 6572 §4.8 figure).
    expect(hex(bytes.subarray(20))).toBe('6109' + '0021' + '20010db800' + '9714' + '0021' + '20010db8000000000000000000000000');
    const odd = withAttributes('97060040 2001');
    expect(radiusAttr(odd.value, 151)).toEqual({ prefix: '2001::', length: 64, octets: 2 });
    expect(hex(encode(radius, odd.value as RadiusPacket))).toBe(hex(odd.bytes));
  });

  it('turns a Home attribute into its Visited twin', () => {
    expect(visited(attr.pmip6HomeHnPrefix('2001:db8::', 64)).type).toBe(152);
    expect(visited(attr.pmip6HomeIpv4Gateway('10.0.0.1')).type).toBe(162);
    expect(() => visited(attr.userName('x'))).toThrow(RangeError);
  });
});

describe('radius Vendor-Specific and unknown attributes (RFC 2865 §5.26)', () => {
  it('decodes a Cisco-AVPair as tshark names it, and another vendor’s attribute raw', () => {
    // 26, len 19, vendor 9, type 1 len 13 "foo=bar=baz"; 26, len 12, vendor 99999, type 5 len 6 "abcd"
    const { layers, problems, value, bytes } = withAttributes('1a13' + '00000009' + '010d' + '666f6f3d6261723d62617a' + '1a0c' + '0001869f' + '0506' + '61626364');
    expect(problems).toEqual([]);
    const avps = findFields(layers, 'radius.avp');
    expect(avps.map((a) => a.display)).toEqual(['AVP: t=Vendor-Specific(26) l=19 vnd=ciscoSystems(9)', 'AVP: t=Vendor-Specific(26) l=12 vnd=Unknown(99999)']);
    expect(span(findField(layers, 'radius.avp.vendor_id'))).toEqual({ start: 22, end: 26, value: 9 });
    expect(span(findField(layers, 'radius.avp.vendor_type'))).toEqual({ start: 26, end: 27, value: 1 });
    expect(span(findField(layers, 'radius.avp.vendor_len'))).toEqual({ start: 27, end: 28, value: 13 });
    expect(span(findField(layers, 'radius.Cisco_AVPair'))).toEqual({ start: 28, end: 39, value: 'foo=bar=baz' });
    expect(span(findField(layers, 'radius.Unknown_Attribute'))).toEqual({ start: 47, end: 51, value: '61:62:63:64' });
    expect(hex(encode(radius, value as RadiusPacket))).toBe(hex(bytes));
    expect(hex(encode(radius, accessAccept({ id: 1, authenticator: new Uint8Array(16), attributes: [attr.vendorSpecific(9, [{ type: 1, value: 'foo=bar=baz' }])] })).subarray(20))).toBe(
      hex(bytes.subarray(20, 39)),
    );
  });

  it('keeps an attribute it does not know as Unknown-Attribute bytes', () => {
    const { layers, value, bytes } = withAttributes('c804abcd');
    expect(findField(layers, 'radius.avp')!.display).toBe('AVP: t=Unknown-Attribute(200) l=4 val=ab:cd');
    expect(span(findField(layers, 'radius.Unknown_Attribute'))).toEqual({ start: 22, end: 24, value: 'ab:cd' });
    expect(hex(encode(radius, value as RadiusPacket))).toBe(hex(bytes));
  });

  it('reports a vendor attribute whose Length is under 2', () => {
    const { problems } = withAttributes('1a08000000090100');
    expect(problems.map((p) => p.id)).toEqual(['radius.vsa.len.invalid']);
  });
});
