import { describe, expect, it } from 'vitest';
import { decode, encode, findField, fromHex, hex, hmacMd5, utf8FromText, utf8ToText } from '../../../src/wire/core';
import { accessRequest, attr, hidePassword, packetDigest, radius, revealPassword } from '../../../src/wire/radius';
import { ACCEPT, HIDDEN_HELLO, HIDDEN_LONG, RA, REQUEST, SECRET } from './vectors';

const secret = utf8FromText(SECRET);

describe('User-Password hiding (RFC 2865 §5.2)', () => {
  it('matches the vectors computed with Python’s hashlib, one block and two', () => {
    expect(hex(hidePassword(utf8FromText('hello'), secret, RA))).toBe(hex(HIDDEN_HELLO));
    expect(hex(hidePassword(utf8FromText('a-rather-long-password!'), secret, RA))).toBe(hex(HIDDEN_LONG));
  });

  it('reveals what it hid, without the zero padding', () => {
    expect(utf8ToText(revealPassword(HIDDEN_HELLO, secret, RA))).toBe('hello');
    expect(utf8ToText(revealPassword(HIDDEN_LONG, secret, RA))).toBe('a-rather-long-password!');
    expect(hidePassword(new Uint8Array(0), secret, RA)).toHaveLength(16);
  });

  it('reveals a two-block password inside an Access-Request, as a generated node over the hidden octets', () => {
    const bytes = encode(radius, accessRequest({ id: 1, authenticator: RA, attributes: [attr.userPassword('a-rather-long-password!')] }), { hints: { radiusSecret: SECRET } });
    expect(hex(bytes.subarray(22))).toBe(hex(HIDDEN_LONG));
    const { layers, problems } = decode(radius, bytes, { hints: { radiusSecret: SECRET } });
    expect(problems).toEqual([]);
    expect(findField(layers, 'radius.User_Password')).toMatchObject({ start: 22, end: 54, value: 'a-rather-long-password!', generated: true });
  });

  it('warns about hidden octets that are not a multiple of 16', () => {
    const b = fromHex('0101001700000000000000000000000000000000020301');
    expect(decode(radius, b, { hints: { radiusSecret: SECRET } }).problems.map((p) => [p.id, p.severity])).toEqual([['radius.avp.len.invalid', 'warn']]);
  });
});

describe('authenticator formulas (RFC 2865 §3, RFC 3579 §3.2)', () => {
  it('Response Authenticator = MD5(packet with the Request Authenticator in place | secret)', () => {
    const copy = ACCEPT.slice();
    copy.set(RA, 4);
    expect(hex(packetDigest(copy, secret))).toBe(hex(ACCEPT.subarray(4, 20)));
  });

  it('computes and checks an Accounting-Request Authenticator: MD5 over the packet with 16 zero octets in place (RFC 2866 §3)', () => {
    // python: pkt = struct.pack('!BBH', 4, 9, 31) + bytes(16) + bytes([1, 5]) + b'mn1' + bytes([40, 6]) + struct.pack('!I', 1)
    //         pkt[:4] + hashlib.md5(pkt + b'lab-secret').digest() + pkt[20:]
    const vector = '0409001fe971af62588e533c8d43cb84d3496a2901056d6e31280600000001';
    const m = { code: 4, id: 9, attributes: [attr.userName('mn1'), { type: 40, value: Uint8Array.of(0, 0, 0, 1) }] };
    expect(hex(encode(radius, m, { hints: { radiusSecret: SECRET } }))).toBe(vector);
    const { layers, problems } = decode(radius, fromHex(vector), { hints: { radiusSecret: SECRET } });
    expect(problems).toEqual([]);
    expect(findField(layers, 'radius.authenticator.status')!.value).toBe('Good');
  });

  it('Message-Authenticator = HMAC-MD5(secret, packet with its own 16 octets zero)', () => {
    const copy = REQUEST.slice();
    copy.fill(0, 111, 127);
    expect(hex(hmacMd5(secret, copy))).toBe(hex(REQUEST.subarray(111, 127)));
  });
});
