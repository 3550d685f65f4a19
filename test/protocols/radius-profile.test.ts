import { describe, expect, it } from 'vitest';
import { checkAuthenticators, interfaceIdBytes, profileAttributes, profileFromAttributes, profileProblem } from '../../src/protocols/radius-profile';
import { decode, encode, fromHex } from '../../src/wire/core';
import { accessRequest, attr, radius, type RadiusPacket } from '../../src/wire/radius';
import { ACCEPT, RA, REQUEST, SECRET } from '../wire/radius/vectors';

describe('the policy profile in RFC 6572 attributes', () => {
  it('round-trips both addressing models through the attributes', () => {
    const perMn = { hnp: '2001:db8:100::/64', lmaa: '2001:db8:ffff::1', addressing: 'per-mn-prefix' as const, lifetimeSeconds: 3600 };
    const shared = { hnp: '2001:db8:5000::/64', lmaa: '2001:db8:ffff::1', addressing: 'shared-prefix' as const, interfaceId: '0:0:0:2' };
    expect(profileFromAttributes({ attributes: profileAttributes('mn1@x', perMn) })).toEqual({
      mnIdentifier: 'mn1@x',
      hnp: '2001:db8:100::/64',
      lmaa: '2001:db8:ffff::1',
      addressing: 'per-mn-prefix',
      lifetimeSeconds: 3600,
    });
    expect(profileFromAttributes({ attributes: profileAttributes('mn2@x', shared) })).toEqual({
      mnIdentifier: 'mn2@x',
      hnp: '2001:db8:5000::/64',
      lmaa: '2001:db8:ffff::1',
      addressing: 'shared-prefix',
      interfaceId: fromHex('0000000000000002'),
    });
  });

  it('reads the scapy-built Access-Accept of the wire tests', () => {
    const p = decode(radius, ACCEPT).value as RadiusPacket;
    expect(profileFromAttributes(p)).toEqual({ mnIdentifier: 'mn1@example.org', hnp: '2001:db8:1::/64', lmaa: '2001:db8:2::1', addressing: 'per-mn-prefix', lifetimeSeconds: 3600 });
  });

  it('checks received authenticators against the scapy-signed vectors', () => {
    const request = decode(radius, REQUEST).value as RadiusPacket;
    expect(checkAuthenticators(request, SECRET)).toEqual({ message: 'good' });
    expect(checkAuthenticators(request, 'wrong')).toEqual({ message: 'bad' });
    const accept = decode(radius, ACCEPT).value as RadiusPacket;
    expect(checkAuthenticators(accept, SECRET, RA)).toEqual({ message: 'good', response: 'good' });
    const bare = decode(radius, encode(radius, accessRequest({ id: 1, authenticator: RA, attributes: [attr.userName('a')] }))).value as RadiusPacket;
    expect(checkAuthenticators(bare, SECRET).message).toBe('missing');
  });

  it('finds the profiles an Access-Accept cannot express', () => {
    expect(profileProblem('a', { lmaa: '2001:db8::1', addressing: 'shared-prefix' })).toMatch(/needs an interfaceId/);
    expect(profileProblem('a', { lmaa: '2001:db8::1', addressing: 'per-mn-prefix', interfaceId: '::1' })).toMatch(/shared-prefix/);
    expect(profileProblem('a', { lmaa: '2001:db8::1', addressing: 'per-mn-prefix', hnp: '2001:db8::' })).toMatch(/not a prefix/);
    expect(profileProblem('a', { lmaa: '2001:db8::1', addressing: 'per-mn-prefix' })).toBeUndefined();
    expect(interfaceIdBytes('::1:2')).toEqual(fromHex('0000000000010002'));
  });
});
