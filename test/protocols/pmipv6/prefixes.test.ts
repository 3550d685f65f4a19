import { describe, expect, it } from 'vitest';
import { allocateFromPool, canonicalPrefix, isAllZero, prefixCovers, resolveNewSessionPrefix, type MnProfile } from '../../../src/protocols/pmipv6';

describe('prefix text', () => {
  it('canonicalises (RFC 5952) and clears the host bits', () => {
    expect(canonicalPrefix('2001:DB8:0100:0000::1/64')).toBe('2001:db8:100::/64');
    expect(canonicalPrefix('2001:db8:5000::3')).toBe('2001:db8:5000::3/128');
  });

  it('refuses text that is not a prefix, so a bad configuration fails at load', () => {
    expect(() => canonicalPrefix('2001:db8::/129')).toThrow(RangeError);
    expect(() => canonicalPrefix('banana/64')).toThrow(RangeError);
  });

  it('knows ALL_ZERO and containment', () => {
    expect(isAllZero({ prefix: '::' })).toBe(true);
    expect(isAllZero({ prefix: '2001:db8::' })).toBe(false);
    expect(prefixCovers('2001:db8:5000::/64', '2001:db8:5000::3/128')).toBe(true);
    expect(prefixCovers('2001:db8:5000::/64', '2001:db8:5001::3/128')).toBe(false);
    expect(prefixCovers('2001:db8:5000::/64', '2001:db8::/32')).toBe(false);
  });
});

describe('allocateFromPool', () => {
  const pool = ['2001:db8:1000::/64', '2001:db8:1001::/64'];
  it('hands out the first free prefix, in pool order, and nothing once all are used', () => {
    expect(allocateFromPool(pool, new Set())).toBe('2001:db8:1000::/64');
    expect(allocateFromPool(pool, new Set(['2001:db8:1000::/64']))).toBe('2001:db8:1001::/64');
    expect(allocateFromPool(pool, new Set(pool))).toBeUndefined();
  });
});

describe('resolveNewSessionPrefix (RFC 5213 §5.3.2 ¶1-3)', () => {
  const pool = ['2001:db8:1000::/64'];
  const perMn: MnProfile = { addressing: 'per-mn-prefix', hnp: '2001:db8:100::/64' };
  const allocate: MnProfile = { addressing: 'per-mn-prefix' };
  const shared: MnProfile = { addressing: 'shared-prefix', hnp: '2001:db8:5000::/64' };
  const none = new Map<string, string>();
  const r = (profile: MnProfile, requested?: string, owners = none, reserved?: Set<string>) => {
    const req = requested === undefined ? undefined : { prefix: requested.split('/')[0]!, prefixLength: Number(requested.split('/')[1]) };
    return resolveNewSessionPrefix({ nai: 'me', profile, requested: req, owners, pool, ...(reserved ? { reserved } : {}) });
  };

  it('per-MN prefix: the profile prefix, asked for or assigned for ALL_ZERO', () => {
    expect(r(perMn, '2001:db8:100::/64')).toEqual({ prefix: '2001:db8:100::/64', fromPool: false });
    expect(r(perMn, '::/0')).toEqual({ prefix: '2001:db8:100::/64', fromPool: false });
    expect(r(perMn, '2001:db8:101::/64')).toMatchObject({ status: 155 });
  });

  it('per-MN prefix: the profile prefix in another MN’s entry is refused', () => {
    expect(r(perMn, '::/0', new Map([['2001:db8:100::/64', 'other']]))).toMatchObject({ status: 155, section: 'RFC 5213 §5.4.1.1 ¶3' });
  });

  it('allocation: from the pool, except reserved prefixes; 130 when none is left', () => {
    expect(r(allocate, '::/0')).toEqual({ prefix: '2001:db8:1000::/64', fromPool: true });
    expect(r(allocate, '::/0', none, new Set(['2001:db8:1000::/64']))).toMatchObject({ status: 130 });
    expect(r(allocate, '::/0', new Map([['2001:db8:1000::/64', 'other']]))).toMatchObject({ status: 130 });
  });

  it('shared prefix without a configured home address: any free /128 inside the shared prefix, never the /64', () => {
    expect(r(shared, '2001:db8:5000::42/128')).toEqual({ prefix: '2001:db8:5000::42/128', fromPool: false });
    expect(r(shared, '2001:db8:5000::/64')).toMatchObject({ status: 155 });
    expect(r(shared, '2001:db8:5000::42/128', new Map([['2001:db8:5000::42/128', 'other']]))).toMatchObject({ status: 155 });
    // ALL_ZERO and no home address in the profile: nothing to assign.
    expect(r(shared, '::/0')).toMatchObject({ status: 130 });
  });
});
