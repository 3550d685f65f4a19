import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, type FieldNode, type OptionValue } from '../../../src/wire/core';
import '../../../src/wire/data';
import { udp } from '../../../src/wire/udp';
import {
  accessAccept,
  accessReject,
  accessRequest,
  attr,
  radius,
  radiusAttr,
  radiusUserPassword,
  type RadiusPacket,
} from '../../../src/wire/radius';
import { ACCEPT, RA, RA_REJECTED, REJECT, REQUEST, SECRET } from './vectors';

const numRuns = process.env.CI ? 20_000 : 1_000;
const span = (n: FieldNode | undefined) => n && { start: n.start, end: n.end, value: n.value };

function expectNested(nodes: readonly FieldNode[], lo: number, hi: number): void {
  for (const n of nodes) {
    expect(n.start).toBeGreaterThanOrEqual(lo);
    expect(n.end).toBeLessThanOrEqual(hi);
    expect(n.start).toBeLessThanOrEqual(n.end);
    if (n.children) expectNested(n.children, n.start, n.end);
  }
}

const requestAttributes = (): OptionValue[] => [
  attr.userName('mn1@example.org'),
  attr.userPassword('hello'),
  attr.nasIpAddress('192.0.2.10'),
  attr.serviceType(2),
  attr.callingStationId('02-00-00-00-00-01'),
  attr.nasIdentifier('mag1'),
  attr.mobileNodeIdentifier('mn1@example.org'),
  attr.messageAuthenticator(),
];

const acceptAttributes = (): OptionValue[] => [
  attr.serviceType(2),
  attr.sessionTimeout(3600),
  attr.mobileNodeIdentifier('mn1@example.org'),
  attr.pmip6HomeLmaIpv6Address('2001:db8:2::1'),
  attr.pmip6HomeLmaIpv4Address('192.0.2.2'),
  attr.pmip6HomeHnPrefix('2001:db8:1::', 64),
  attr.pmip6HomeIpv4Hoa('10.0.0.5', 24),
  attr.pmip6HomeDhcp4ServerAddress('10.1.0.1'),
  attr.pmip6HomeIpv4Gateway('10.0.0.1'),
  attr.framedIpv6Prefix('2001:db8:1::', 64),
  attr.replyMessage('Welcome'),
  attr.messageAuthenticator(),
];

const toServer = { radiusSecret: SECRET };
const toClient = { radiusSecret: SECRET, requestAuthenticator: RA };

describe('radius packet (RFC 2865 §3)', () => {
  it('decodes an Access-Request: header fields, attributes, the revealed password and a good Message-Authenticator', () => {
    const { layers, problems, value } = decode(radius, REQUEST, { hints: toServer });
    expect(problems).toEqual([]);
    expect(layers[0]).toMatchObject({ name: 'radius', start: 0, end: 127, display: 'Access-Request id=7' });
    const at = (name: string) => span(findField(layers, name));
    expect(at('radius.code')).toEqual({ start: 0, end: 1, value: 1 });
    expect(at('radius.id')).toEqual({ start: 1, end: 2, value: 7 });
    expect(at('radius.length')).toEqual({ start: 2, end: 4, value: 127 });
    expect(at('radius.authenticator')).toEqual({ start: 4, end: 20, value: '0f:1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0' });
    // A Request Authenticator is random: there is nothing to verify.
    expect(findField(layers, 'radius.authenticator.status')).toBeUndefined();
    const avps = findFields(layers, 'radius.avp');
    expect(avps.map((a) => [findField(a.children!, 'radius.avp.type')!.value, a.start, a.end])).toEqual([
      [1, 20, 37],
      [2, 37, 55],
      [4, 55, 61],
      [6, 61, 67],
      [31, 67, 86],
      [32, 86, 92],
      [145, 92, 109],
      [80, 109, 127],
    ]);
    expect(avps[0]!.display).toBe('AVP: t=User-Name(1) l=17 val=mn1@example.org');
    expect(avps[0]!.value).toBe('01:11:6d:6e:31:40:65:78:61:6d:70:6c:65:2e:6f:72:67');
    expect(at('radius.avp.length')).toEqual({ start: 21, end: 22, value: 17 });
    expect(at('radius.User_Name')).toEqual({ start: 22, end: 37, value: 'mn1@example.org' });
    expect(at('radius.User_Password_encrypted')).toEqual({ start: 39, end: 55, value: '83:6b:ae:fa:92:e7:b7:79:1b:f1:53:72:94:9f:c7:87' });
    expect(findField(layers, 'radius.User_Password')).toMatchObject({ start: 39, end: 55, value: 'hello', generated: true });
    expect(avps[1]!.display).toBe('AVP: t=User-Password(2) l=18 val=Decrypted: hello');
    expect(at('radius.NAS_IP_Address')).toEqual({ start: 57, end: 61, value: '192.0.2.10' });
    expect(findField(layers, 'radius.Service_Type')).toMatchObject({ start: 63, end: 67, value: 2, display: 'Framed (2)' });
    expect(at('radius.Calling_Station_Id')).toEqual({ start: 69, end: 86, value: '02-00-00-00-00-01' });
    expect(at('radius.NAS_Identifier')).toEqual({ start: 88, end: 92, value: 'mag1' });
    expect(at('radius.Mobile_Node_Identifier')).toEqual({ start: 94, end: 109, value: '6d:6e:31:40:65:78:61:6d:70:6c:65:2e:6f:72:67' });
    expect(at('radius.Message_Authenticator')).toEqual({ start: 111, end: 127, value: '20:d2:89:1c:a9:1f:2f:3a:ab:d6:4e:5f:65:23:3e:06' });
    expect(findField(layers, 'radius.Message_Authenticator.status')).toMatchObject({ value: 'Good', generated: true });
    expect(radiusAttr(value, 1)).toBe('mn1@example.org');
    expect(radiusUserPassword(value)).toBe('hello');
  });

  it('builds the same Access-Request: the password hidden and the Message-Authenticator computed', () => {
    const m = accessRequest({ id: 7, authenticator: RA, attributes: requestAttributes() });
    expect(hex(encode(radius, m, { hints: toServer }))).toBe(hex(REQUEST));
  });

  it('builds the same Access-Accept: Message-Authenticator first, then the Response Authenticator over it', () => {
    const m = accessAccept({ id: 7, attributes: acceptAttributes() });
    expect(hex(encode(radius, m, { hints: toClient }))).toBe(hex(ACCEPT));
  });

  it('builds the same Access-Reject', () => {
    const m = accessReject({ id: 8, attributes: [attr.replyMessage('Denied'), attr.messageAuthenticator()] });
    expect(hex(encode(radius, m, { hints: { radiusSecret: SECRET, requestAuthenticator: RA_REJECTED } }))).toBe(hex(REJECT));
  });

  it('verifies both authenticators of a reply given the secret and the Request Authenticator', () => {
    const { layers, problems } = decode(radius, ACCEPT, { hints: toClient });
    expect(problems).toEqual([]);
    expect(layers[0]!.display).toBe('Access-Accept id=7');
    expect(findField(layers, 'radius.authenticator.status')).toMatchObject({ start: 4, end: 20, value: 'Good', generated: true });
    expect(findField(layers, 'radius.Message_Authenticator.status')!.value).toBe('Good');
    // The Request Authenticator may also come as hex text.
    const again = decode(radius, REJECT, { hints: { radiusSecret: SECRET, requestAuthenticator: hex(RA_REJECTED) } });
    expect(again.problems).toEqual([]);
  });

  it('says what both authenticators should be when the secret is wrong', () => {
    const { layers, problems } = decode(radius, ACCEPT, { hints: { radiusSecret: 'not-the-secret', requestAuthenticator: RA } });
    expect(problems.map((p) => [p.id, p.start, p.end])).toEqual([
      ['radius.authenticator.bad', 4, 20],
      ['radius.message_authenticator.bad', 136, 152],
    ]);
    expect(findField(layers, 'radius.authenticator.status')!.display).toMatch(/^Bad \(should be [0-9a-f:]{47}\)$/);
    expect(problems[0]!.message).toMatch(/should be/);
  });

  it('leaves the authenticators unverified without the secret or the Request Authenticator', () => {
    const none = decode(radius, ACCEPT);
    expect(none.problems).toEqual([]);
    expect(findField(none.layers, 'radius.authenticator.status')).toMatchObject({ value: 'Unverified', display: 'Unverified (no shared secret)' });
    expect(findField(none.layers, 'radius.Message_Authenticator.status')!.value).toBe('Unverified');
    const noRequest = decode(radius, ACCEPT, { hints: { radiusSecret: SECRET } });
    expect(findField(noRequest.layers, 'radius.authenticator.status')!.display).toBe('Unverified (no Request Authenticator)');
    expect(findField(decode(radius, REQUEST).layers, 'radius.User_Password')).toBeUndefined();
  });

  it('sends a wrong authenticator on purpose when the message sets one, and the decoder catches it', () => {
    const wrong = accessAccept({ id: 7, authenticator: new Uint8Array(16), attributes: acceptAttributes() });
    const bytes = encode(radius, wrong, { hints: toClient });
    expect(hex(bytes.subarray(20))).toBe(hex(ACCEPT.subarray(20)));
    const { problems } = decode(radius, bytes, { hints: toClient });
    expect(problems.map((p) => p.id)).toEqual(['radius.authenticator.bad']);
    expect(problems[0]!.message).toContain('ed:82:7f:5d');
  });

  it('refuses to encode what it cannot compute (programming errors)', () => {
    expect(() => encode(radius, { code: 1, id: 1, attributes: [] })).toThrow(/Request Authenticator is random/);
    expect(() => encode(radius, accessAccept({ id: 1 }))).toThrow(/requestAuthenticator/);
    expect(() => encode(radius, accessAccept({ id: 1 }), { hints: { requestAuthenticator: RA } })).toThrow(/radiusSecret/);
    expect(() => encode(radius, accessRequest({ id: 1, authenticator: RA, attributes: [attr.userPassword('x')] }))).toThrow(/User-Password/);
  });

  it('is what UDP hands port 1812 to', () => {
    const bytes = encode(udp, { srcport: 50000, dstport: 1812, checksum: 0, payload: { proto: 'radius', ...decode(radius, REQUEST).value } });
    const { layers, problems } = decode(udp, bytes, { hints: toServer });
    expect(problems).toEqual([]);
    expect(layers.map((l) => l.name)).toEqual(['udp', 'radius']);
    expect(findField(layers, 'radius.Message_Authenticator.status')!.value).toBe('Good');
  });
});

describe('radius problems (decoders never throw)', () => {
  const packet = (body: string, length?: number): Uint8Array => {
    const attrs = fromHex(body);
    const b = new Uint8Array(20 + attrs.length);
    b.set([1, 1, ((length ?? b.length) >> 8) & 0xff, (length ?? b.length) & 0xff]);
    b.set(attrs, 20);
    return b;
  };

  it('reports an attribute Length under 2, shows the rest raw and stops there', () => {
    const b = packet('010562 6f62 0401 0000');
    const { problems, value, layers } = decode(radius, b);
    expect(problems.map((p) => [p.id, p.start])).toEqual([['radius.avp.len.invalid', 25]]);
    expect(problems[0]!.message).toMatch(/takes 1 byte, less than the 2/);
    expect(value.attributes!.map((a) => [a.type, a.malformed])).toEqual([
      [1, undefined],
      [4, true],
    ]);
    expect(findField(layers, 'radius.Unknown_Attribute')).toMatchObject({ start: 27, end: 29 });
    expect(hex(encode(radius, value))).toBe(hex(b));
  });

  it('reports an attribute that runs past the packet', () => {
    const { problems } = decode(radius, packet('0105626f62 0409 0000'));
    expect(problems.map((p) => p.id)).toEqual(['radius.avp.len.invalid']);
    expect(problems[0]!.message).toMatch(/claims 9 bytes but only 4 remain/);
  });

  it('shows an address of the wrong size raw under its own name and keeps its bytes', () => {
    const b = packet('0105626f62 0405 000000');
    const { problems, layers, value } = decode(radius, b);
    expect(problems.map((p) => [p.id, p.start, p.end])).toEqual([['radius.avp.len.invalid', 27, 30]]);
    expect(findField(layers, 'radius.NAS_IP_Address')).toMatchObject({ value: '00:00:00', raw: true });
    expect(hex(encode(radius, value))).toBe(hex(b));
  });

  it('reports a Length beyond the bytes, and one below the 20-octet header', () => {
    expect(decode(radius, packet('0105626f62', 40)).problems.map((p) => p.id)).toEqual(['radius.len.invalid']);
    expect(decode(radius, packet('0105626f62', 10)).problems.map((p) => p.id)).toEqual(['radius.truncated', 'radius.len.invalid']);
  });

  it('ignores octets after Length, as RFC 2865 §3 says: they are padding', () => {
    const b = Uint8Array.from([...packet('0105626f62'), 0xde, 0xad]);
    const { problems, layers } = decode(radius, b);
    expect(problems).toEqual([]);
    expect(layers[0]!.end).toBe(25);
  });
});

/* Arbitraries: attribute lists the builders make. */
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((a) => a.join('.'));
const ipv6 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':'));
const text = fc.string({ minLength: 1, maxLength: 40 });
const attribute: fc.Arbitrary<OptionValue> = fc.oneof(
  text.map(attr.userName),
  ipv4.map(attr.nasIpAddress),
  fc.integer({ min: 1, max: 11 }).map(attr.serviceType),
  ipv4.map(attr.framedIpAddress),
  text.map(attr.replyMessage),
  fc.nat({ max: 0xffffffff }).map(attr.sessionTimeout),
  text.map(attr.callingStationId),
  text.map(attr.nasIdentifier),
  ipv6.map(attr.nasIpv6Address),
  fc.integer({ min: 0, max: 128 }).map((n) => attr.framedIpv6Prefix('2001:db8::', n)),
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map(attr.mobileNodeIdentifier),
  ipv6.map(attr.pmip6HomeLmaIpv6Address),
  ipv4.map(attr.pmip6HomeLmaIpv4Address),
  fc.integer({ min: 0, max: 128 }).map((n) => attr.pmip6HomeHnPrefix('2001:db8:1::', n)),
  fc.uint8Array({ minLength: 8, maxLength: 8 }).map(attr.pmip6HomeInterfaceId),
  fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([a, n]) => attr.pmip6HomeIpv4Hoa(a, n)),
  fc.tuple(fc.nat(), fc.array(fc.record({ type: octet, value: fc.uint8Array({ maxLength: 10 }) }), { maxLength: 3 })).map(([v, l]) =>
    attr.vendorSpecific(v, l),
  ),
  fc.record({ type: fc.integer({ min: 163, max: 240 }), value: fc.uint8Array({ maxLength: 30 }) }),
);
const attributes = fc.array(attribute, { maxLength: 12 });
const id = fc.integer({ min: 0, max: 255 });
const auth = fc.uint8Array({ minLength: 16, maxLength: 16 });

describe('radius properties', () => {
  it('encode → decode → encode gives the same bytes; both authenticators check out', () => {
    fc.assert(
      fc.property(id, auth, attributes, fc.boolean(), fc.constantFrom(2, 3, 11), (i, ra, list, withPassword, code) => {
        const request = accessRequest({ id: i, authenticator: ra, attributes: [...list, ...(withPassword ? [attr.userPassword('pw')] : []), attr.messageAuthenticator()] });
        const reqBytes = encode(radius, request, { hints: toServer });
        const req = decode(radius, reqBytes, { hints: toServer });
        expect(req.problems).toEqual([]);
        expect(hex(encode(radius, req.value as RadiusPacket))).toBe(hex(reqBytes));
        if (withPassword) expect(radiusUserPassword(req.value)).toBe('pw');
        const reply = { ...accessAccept({ id: i, attributes: [...list, attr.messageAuthenticator()] }), code };
        const hints = { radiusSecret: SECRET, requestAuthenticator: ra };
        const repBytes = encode(radius, reply, { hints });
        const rep = decode(radius, repBytes, { hints });
        expect(rep.problems).toEqual([]);
        expect(findField(rep.layers, 'radius.authenticator.status')!.value).toBe('Good');
        expect(hex(encode(radius, rep.value as RadiusPacket))).toBe(hex(repBytes));
      }),
      { numRuns },
    );
  });

  it('decodes any bytes without throwing, every node inside its parent and the frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, withHints) => {
        const { layers } = decode(radius, bytes, withHints ? { hints: toClient } : {});
        expectNested(layers, 0, bytes.length);
      }),
      { numRuns },
    );
  });

  it('decodes mutated valid packets without throwing, and re-encodes what it decoded', () => {
    fc.assert(
      fc.property(id, auth, attributes, fc.array(fc.tuple(fc.nat(), octet), { minLength: 1, maxLength: 4 }), (i, ra, list, edits) => {
        const bytes = encode(radius, accessRequest({ id: i, authenticator: ra, attributes: list }));
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        const { layers, value } = decode(radius, bytes, { hints: toClient });
        expectNested(layers, 0, bytes.length);
        if (value.code !== undefined && value.authenticator !== undefined) expect(() => encode(radius, value as RadiusPacket)).not.toThrow();
      }),
      { numRuns },
    );
  });
});
