import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, md5, utf8FromText } from '../../../src/wire/core';
import { accessAccept, radius, type RadiusPacket } from '../../../src/wire/radius';
import { pmipv4ProfileAttributes, pmipv4ProfileFromAttributes, saltDecrypt, saltEncrypt } from '../../../src/protocols/pmipv4/aaa-profile';

const authenticator = Uint8Array.from({ length: 16 }, (_, i) => i * 7);

describe('the PMIPv4 profile in RADIUS (3GPP2 attributes, RFC 2868 §3.5 salt encryption)', () => {
  it('salt-encrypts as RFC 2868 §3.5 says: Salt with its top bit set, then the length-prefixed value XORed with MD5(secret + Request Authenticator + Salt)', () => {
    const key = utf8FromText('mn1-mn-ha-secret');
    const out = saltEncrypt(key, 'secret', authenticator, 0x1234);
    expect([...out.subarray(0, 2)]).toEqual([0x92, 0x34]);
    expect(out.length).toBe(2 + 32);
    const b1 = md5(Uint8Array.of(...utf8FromText('secret'), ...authenticator, 0x92, 0x34));
    const plain = Uint8Array.of(16, ...key, ...new Uint8Array(15));
    expect([...out.subarray(2, 18)]).toEqual([...plain.subarray(0, 16)].map((p, i) => p ^ b1[i]!));
    const b2 = md5(Uint8Array.of(...utf8FromText('secret'), ...out.subarray(2, 18)));
    expect([...out.subarray(18)]).toEqual([...plain.subarray(16)].map((p, i) => p ^ b2[i]!));
  });

  it('decrypts what it encrypted, for any key, secret, authenticator and salt, and not with another secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.string({ minLength: 1, maxLength: 20 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(0x7fff), (key, secret, auth, salt) => {
        const sealed = saltEncrypt(key, secret, auth, salt);
        expect(saltDecrypt(sealed, secret, auth)).toEqual(key);
        const other = saltDecrypt(sealed, `${secret}x`, auth);
        expect(other === undefined || other.length !== key.length || other.some((b, i) => b !== key[i])).toBe(true);
      }),
    );
  });

  it('refuses octets that cannot be a salted value', () => {
    expect(saltDecrypt(new Uint8Array(10), 's', authenticator)).toBeUndefined();
    expect(saltDecrypt(new Uint8Array(18), 's', authenticator)).toBeUndefined(); // the Salt's top bit is clear
  });

  it('goes through an Access-Accept and back: home agent, home address, MN-HA SPI and key, Session-Timeout', () => {
    const profile = { homeAgent: '198.51.100.1', homeAddress: '192.0.2.7', mnHa: { spi: 0x101, key: utf8FromText('mn1-mn-ha-secret') }, lifetimeSeconds: 3600 };
    const accept = accessAccept({ id: 9, attributes: pmipv4ProfileAttributes(profile, { secret: 'pmip', requestAuthenticator: authenticator, salt: 77 }) });
    const bytes = encode(radius, accept, { hints: { radiusSecret: 'pmip', requestAuthenticator: authenticator } });
    const decoded = decode(radius, bytes).value as unknown as RadiusPacket;
    expect(pmipv4ProfileFromAttributes(decoded, 'pmip', authenticator)).toEqual(profile);
    // Without the right secret the key stays sealed.
    expect(pmipv4ProfileFromAttributes(decoded, 'wrong', authenticator).mnHa?.key).not.toEqual(profile.mnHa.key);
    // No home agent in the profile: the PMA will discover one.
    const bare = accessAccept({ id: 9, attributes: pmipv4ProfileAttributes({ mnHa: profile.mnHa }, { secret: 'pmip', requestAuthenticator: authenticator, salt: 1 }) });
    const read = pmipv4ProfileFromAttributes(decode(radius, encode(radius, bare, { hints: { radiusSecret: 'pmip', requestAuthenticator: authenticator } })).value as unknown as RadiusPacket, 'pmip', authenticator);
    expect(read.homeAgent).toBeUndefined();
    expect(read.mnHa).toEqual(profile.mnHa);
  });
});
