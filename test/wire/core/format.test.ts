import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, hex, ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText, macFromText, macToText } from '../../../src/wire/core';

describe('address text', () => {
  it('writes IPv6 addresses as RFC 5952 says', () => {
    expect(ipv6ToText(ipv6FromText('2001:0db8:0000:0000:0000:0000:0000:0001'))).toBe('2001:db8::1');
    expect(ipv6ToText(ipv6FromText('2001:db8:0:1:1:1:1:1'))).toBe('2001:db8:0:1:1:1:1:1'); // one zero group stays
    expect(ipv6ToText(ipv6FromText('2001:0:0:1:0:0:0:1'))).toBe('2001:0:0:1::1'); // the longer run wins
    expect(ipv6ToText(ipv6FromText('2001:db8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1'); // the first of equal runs
    expect(ipv6ToText(ipv6FromText('::'))).toBe('::');
    expect(ipv6ToText(ipv6FromText('fe80::1'))).toBe('fe80::1');
    expect(ipv6ToText(ipv6FromText('::ffff:192.0.2.1'))).toBe('::ffff:192.0.2.1');
  });

  it('round-trips any IPv6, IPv4 and MAC address through text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        expect(ipv6FromText(ipv6ToText(b))).toEqual(b);
      }),
    );
    fc.assert(
      fc.property(fc.ipV4(), (t) => {
        expect(ipv4ToText(ipv4FromText(t))).toBe(t);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (b) => {
        expect(macFromText(macToText(b))).toEqual(b);
      }),
    );
  });

  it('refuses text that is not an address, naming it', () => {
    expect(() => ipv6FromText('2001:db8::1::2')).toThrow(/not an IPv6 address/);
    expect(() => ipv6FromText('2001:db8:1')).toThrow(/not an IPv6 address/);
    expect(() => ipv4FromText('192.0.2.256')).toThrow(/not an IPv4 address/);
    expect(() => macFromText('00:11:22:33:44')).toThrow(/not a MAC address/);
    expect(() => fromHex('abc')).toThrow(/not hex/);
  });

  it('converts hex both ways', () => {
    expect(hex(fromHex('00 0a:FF'))).toBe('000aff');
  });
});
