import { describe, expect, it } from 'vitest';
import { decode, encode, findField, findFields, fromHex, hex, hmacMd5, utf8FromText } from '../../../src/wire/core';
import { faHaAuthExtension, mip, registrationRevocation, verifyAuthenticators } from '../../../src/wire/mipv4';
import { FA_HA_KEY, KEYS, MN_RRQ, REVOCATION } from './vectors';

/*
 * Authenticators computed independently with Python's hmac module (RFC 2104 HMAC over MD5):
 *   rev = bytes.fromhex(REVOCATION)
 *   hmac.new(FA_HA_KEY, rev[:43], hashlib.md5).hexdigest()     → 7c93784c1acc3fb371f58d7671655916
 *   hmac.new(b'wrong key', rev[:43], hashlib.md5).hexdigest()  → 971451dfd1f06aff9c641468004a0022
 *   t = bytearray(rev); t[22] ^= 0x20                           # 'm' → 'M' in the NAI
 *   hmac.new(FA_HA_KEY, bytes(t[:43]), hashlib.md5).hexdigest() → 286bdcd9ea75eeaea75fc0fa84c4438c
 */

describe('authentication extensions (RFC 5944 §3.5.1)', () => {
  it('covers every byte from the Type octet through the SPI, and nothing after', () => {
    // The FA-HA extension of the revocation starts at 37: Type, Length, SPI end at 43.
    expect(hex(hmacMd5(FA_HA_KEY, REVOCATION.subarray(0, 43)))).toBe('7c93784c1acc3fb371f58d7671655916');
    expect(hex(REVOCATION.subarray(43))).toBe('7c93784c1acc3fb371f58d7671655916');
  });

  it('verifies an authenticator when the SPI key is known, with a generated status node', () => {
    const out = decode(mip, REVOCATION, { hints: { mipKeys: KEYS } });
    expect(out.problems).toEqual([]);
    const auth = findField(out.layers, 'mip.auth.auth')!;
    expect(auth).toMatchObject({ start: 43, end: 59, value: '7c:93:78:4c:1a:cc:3f:b3:71:f5:8d:76:71:65:59:16' });
    expect(auth.children).toEqual([
      { name: 'mip.auth.auth.status', label: 'Authenticator status', start: 43, end: 59, value: 'Good', display: 'Good', generated: true },
    ]);
    expect(findField(out.layers, 'mip.auth.spi')).toMatchObject({ start: 39, end: 43, value: 0x100, display: '0x00000100' });
    expect(verifyAuthenticators(REVOCATION, KEYS)).toEqual([{ type: 34, spi: 0x100, status: 'good', start: 43, end: 59 }]);
  });

  it('says what the authenticator should be when the key differs', () => {
    const out = decode(mip, REVOCATION, { hints: { mipKeys: { 0x100: utf8FromText('wrong key') } } });
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({ id: 'mip.auth.bad', severity: 'error', start: 43, end: 59 });
    expect(out.problems[0]!.message).toContain('should be 971451dfd1f06aff9c641468004a0022');
    expect(findField(out.layers, 'mip.auth.auth.status')!.display).toBe('Bad (should be 971451dfd1f06aff9c641468004a0022)');
  });

  it('detects a message altered after it was authenticated', () => {
    const altered = fromHex(hex(REVOCATION));
    altered[22]! ^= 0x20;
    expect(verifyAuthenticators(altered, KEYS)).toEqual([{ type: 34, spi: 0x100, status: 'bad', start: 43, end: 59 }]);
    const out = decode(mip, altered, { hints: { mipKeys: KEYS } });
    expect(out.problems[0]!.message).toContain('should be 286bdcd9ea75eeaea75fc0fa84c4438c');
  });

  it('leaves an authenticator unverified without a key, and says which SPI had none', () => {
    expect(findField(decode(mip, REVOCATION).layers, 'mip.auth.auth.status')!.display).toBe('Unverified');
    const out = decode(mip, REVOCATION, { hints: { mipKeys: { 0x999: FA_HA_KEY } } });
    expect(out.problems).toEqual([]);
    expect(findField(out.layers, 'mip.auth.auth.status')!.display).toBe('Unverified (no key for SPI 0x00000100)');
  });

  it('makes MN-AAA cover the MN-HA extension before it (RFC 3012 §6), so altering one breaks both', () => {
    expect(verifyAuthenticators(MN_RRQ, KEYS).map((c) => [c.type, c.status])).toEqual([[32, 'good'], [36, 'good']]);
    const altered = fromHex(hex(MN_RRQ));
    altered[60]! ^= 1; // inside the MN-HA authenticator (55..71)
    expect(verifyAuthenticators(altered, KEYS).map((c) => [c.type, c.status])).toEqual([[32, 'bad'], [36, 'bad']]);
    const out = decode(mip, altered, { hints: { mipKeys: KEYS } });
    expect(findFields(out.layers, 'mip.auth.auth.status').map((n) => n.value)).toEqual(['Bad', 'Bad']);
    expect(out.problems.map((p) => p.id)).toEqual(['mip.auth.bad', 'mip.auth.bad']);
  });

  it('sends a given authenticator as is, so a fault can send a wrong one', () => {
    const wrong = new Uint8Array(16).fill(0xee);
    const value = registrationRevocation({
      fromHomeAgent: true,
      inform: true,
      homeAddress: '10.0.0.5',
      homeDomainAddress: '192.0.2.10',
      foreignDomainAddress: '198.51.100.1',
      revocationId: 777,
      nai: 'mn1@example.com',
      auth: { kind: 'fa-ha', spi: 0x100, authenticator: wrong },
    });
    const b = encode(mip, value);
    expect(hex(b.subarray(43))).toBe('ee'.repeat(16));
    expect(verifyAuthenticators(b, KEYS)[0]!.status).toBe('bad');
  });

  it('throws a clear error when asked to compute an authenticator without the key (a programming error)', () => {
    const value = registrationRevocation({
      fromHomeAgent: true,
      homeAddress: '10.0.0.5',
      homeDomainAddress: '192.0.2.10',
      foreignDomainAddress: '198.51.100.1',
      revocationId: 1,
      auth: { kind: 'fa-ha', spi: 0x123 },
    });
    expect(() => encode(mip, value)).toThrow(/no key for SPI 0x00000123/);
    expect(() => encode(faHaAuthExtension, { spi: 0x100 }, { hints: { mipKeys: KEYS } })).toThrow(/inside a Mobile IP message/);
  });

  it('decodes an extension too short for its SPI without throwing', () => {
    const b = fromHex('0f0080000a00000500000309' + '22020000'); // Length 2: the SPI needs 4
    const out = decode(mip, b, { hints: { mipKeys: KEYS } });
    expect(out.problems.map((p) => [p.id, p.start, p.end])).toEqual([['mip.truncated', 14, 16]]);
    expect(findField(out.layers, 'mip.auth.auth')).toBeUndefined();
  });
});
