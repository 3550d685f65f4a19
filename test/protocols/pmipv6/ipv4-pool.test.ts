import { describe, expect, it } from 'vitest';
import { allocateIpv4, inIpv4Prefix, ipv4Mask, ipv4Pool } from '../../../src/protocols/pmipv6/ipv4-pool';

describe('the IPv4 home address pool', () => {
  it('holds `size` addresses from the first one, in order, on the home network', () => {
    const p = ipv4Pool({ prefix: '192.0.2.77/24', defaultRouter: '192.0.2.1', first: '192.0.2.10', size: 3 });
    expect(p).toEqual({ prefix: '192.0.2.0/24', prefixLength: 24, defaultRouter: '192.0.2.1', addresses: ['192.0.2.10', '192.0.2.11', '192.0.2.12'] });
    expect(ipv4Pool({ prefix: '192.0.2.0/24', defaultRouter: '192.0.2.1', first: '192.0.2.10', size: 0 }).addresses).toEqual([]);
  });

  it('refuses, at load, a pool that leaves its prefix or hands out the network, broadcast or router address', () => {
    const o = { prefix: '192.0.2.0/24', defaultRouter: '192.0.2.1' };
    expect(() => ipv4Pool({ ...o, first: '192.0.2.250', size: 10 })).toThrow(/leaves 192\.0\.2\.0\/24/);
    expect(() => ipv4Pool({ ...o, first: '192.0.2.0', size: 1 })).toThrow(/network or broadcast/);
    expect(() => ipv4Pool({ ...o, first: '192.0.2.1', size: 1 })).toThrow(/default router/);
    expect(() => ipv4Pool({ ...o, defaultRouter: '198.51.100.1', first: '192.0.2.10', size: 1 })).toThrow(/not in/);
    expect(() => ipv4Pool({ ...o, first: '192.0.2.10', size: 1.5 })).toThrow(/whole number/);
    expect(() => ipv4Pool({ prefix: '192.0.2.0/33', defaultRouter: '192.0.2.1', first: '192.0.2.10', size: 1 })).toThrow(/not an IPv4 prefix/);
  });

  it('allocates the first address nobody holds, and nothing once all are held', () => {
    const p = ipv4Pool({ prefix: '192.0.2.0/24', defaultRouter: '192.0.2.1', first: '192.0.2.10', size: 2 });
    expect(allocateIpv4(p, new Set())).toBe('192.0.2.10');
    expect(allocateIpv4(p, new Set(['192.0.2.10']))).toBe('192.0.2.11');
    expect(allocateIpv4(p, new Set(['192.0.2.10', '192.0.2.11']))).toBeUndefined();
  });

  it('tells addresses inside a prefix and writes masks', () => {
    expect(inIpv4Prefix('192.0.2.0/24', '192.0.2.200')).toBe(true);
    expect(inIpv4Prefix('192.0.2.0/24', '192.0.3.1')).toBe(false);
    expect(inIpv4Prefix('0.0.0.0/0', '203.0.113.9')).toBe(true);
    expect([ipv4Mask(24), ipv4Mask(32), ipv4Mask(0), ipv4Mask(20)]).toEqual(['255.255.255.0', '255.255.255.255', '0.0.0.0', '255.255.240.0']);
  });
});
