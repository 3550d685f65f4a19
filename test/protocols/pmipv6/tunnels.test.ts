import { describe, expect, it } from 'vitest';
import { isUnused, joinTunnel, leaveTunnel, removeTunnel, tunnelIdFor } from '../../../src/protocols/pmipv6';

const LMAA = '2001:db8:ffff::1';
const MAG1 = '2001:db8:1::1';

describe('the LMA tunnel table (RFC 5213 §5.6.1; seed 001 §5.2, §6.6)', () => {
  it('creates one tunnel per MAG, named after its Proxy-CoA, and shares it (user count)', () => {
    const a = joinTunnel({}, { local: LMAA, remote: MAG1, nai: 'mn1', bindingExpiresUs: 100 });
    expect(a.created).toBe(true);
    expect(a.tunnel).toEqual({ id: tunnelIdFor(MAG1), local: LMAA, remote: MAG1, users: ['mn1'], expiresUs: 100 });
    const b = joinTunnel(a.table, { local: LMAA, remote: MAG1, nai: 'mn2', bindingExpiresUs: 50 });
    expect(b.created).toBe(false);
    expect(b.tunnel.users).toEqual(['mn1', 'mn2']);
    expect(Object.keys(b.table)).toEqual(['to-2001:db8:1::1']);
  });

  it('keeps Tunnel-Life at the longest binding of its users, and extends it on renewal', () => {
    let t = joinTunnel({}, { local: LMAA, remote: MAG1, nai: 'mn1', bindingExpiresUs: 100 }).table;
    t = joinTunnel(t, { local: LMAA, remote: MAG1, nai: 'mn2', bindingExpiresUs: 50 }).table;
    expect(t[tunnelIdFor(MAG1)]!.expiresUs).toBe(100);
    const renewed = joinTunnel(t, { local: LMAA, remote: MAG1, nai: 'mn2', bindingExpiresUs: 300 });
    expect(renewed.tunnel).toMatchObject({ users: ['mn1', 'mn2'], expiresUs: 300 });
  });

  it('counts a user out; the tunnel stays until the caller removes it', () => {
    let t = joinTunnel({}, { local: LMAA, remote: MAG1, nai: 'mn1', bindingExpiresUs: 100 }).table;
    t = joinTunnel(t, { local: LMAA, remote: MAG1, nai: 'mn2', bindingExpiresUs: 100 }).table;
    const one = leaveTunnel(t, tunnelIdFor(MAG1), 'mn1');
    expect(one.tunnel!.users).toEqual(['mn2']);
    expect(isUnused(one.tunnel!)).toBe(false);
    const none = leaveTunnel(one.table, tunnelIdFor(MAG1), 'mn2');
    expect(isUnused(none.tunnel!)).toBe(true);
    expect(removeTunnel(none.table, tunnelIdFor(MAG1))).toEqual({});
    expect(leaveTunnel({}, 'nope', 'mn1').tunnel).toBeUndefined();
  });
});
