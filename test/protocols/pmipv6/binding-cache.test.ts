import { describe, expect, it } from 'vitest';
import {
  createEntry, deleteEntry, deregisterEntry, prefixOwners, routeOwner, routesOf, updateEntry, type Registration,
} from '../../../src/protocols/pmipv6';

const reg = (over: Partial<Registration> = {}): Registration => ({
  nai: 'mn1', addressing: 'per-mn-prefix', hnp: '2001:db8:100::/64', fromPool: false, proxyCoa: '2001:db8:1::1',
  tunnel: 'to-2001:db8:1::1', lifetimeSeconds: 100, nowUs: 1_000_000, seq: 1, hi: 1, att: 3, timestamp: 42n, ...over,
});

describe('binding cache entries (RFC 5213 §5.1, §5.3.2-§5.3.5)', () => {
  it('creates an entry with the accepted values, registered until now + lifetime', () => {
    const c = createEntry({}, reg({ magLinkLocal: 'fe80::1' }));
    expect(c.mn1).toMatchObject({ state: 'registered', expiresUs: 101_000_000, proxyCoa: '2001:db8:1::1', timestamp: 42n, magLinkLocal: 'fe80::1' });
    expect(() => createEntry(c, reg())).toThrow(/already/);
  });

  it('updates on handoff: new Proxy-CoA and tunnel, same prefix, the link-local address kept', () => {
    const c0 = createEntry({}, reg({ magLinkLocal: 'fe80::1' }));
    const c = updateEntry(c0, reg({ proxyCoa: '2001:db8:2::1', tunnel: 'to-2001:db8:2::1', hi: 3, nowUs: 5_000_000, timestamp: 50n }));
    expect(c.mn1).toMatchObject({ proxyCoa: '2001:db8:2::1', tunnel: 'to-2001:db8:2::1', hi: 3, expiresUs: 105_000_000, magLinkLocal: 'fe80::1' });
    expect(Object.keys(c)).toEqual(['mn1']);
    expect(() => updateEntry({}, reg())).toThrow(/no binding cache entry/);
  });

  it('de-registers: no tunnel or route, lifetime 0, deleted after MinDelayBeforeBCEDelete, ordering values kept', () => {
    const c = deregisterEntry(createEntry({}, reg()), 'mn1', { nowUs: 2_000_000, minDelayMs: 10_000, timestamp: 43n, seq: 2 });
    expect(c.mn1).toMatchObject({ state: 'deregistered', lifetimeSeconds: 0, expiresUs: 12_000_000, timestamp: 43n, seq: 2 });
    expect(c.mn1!.tunnel).toBeUndefined();
    expect(routesOf(c)).toEqual([]);
    expect(prefixOwners(c).get('2001:db8:100::/64')).toBe('mn1');
    expect(deleteEntry(c, 'mn1')).toEqual({});
  });

  it('lists one route per registered entry, owned by the entry', () => {
    const c = createEntry(createEntry({}, reg()), reg({ nai: 'mn3', hnp: '2001:db8:5000::3/128' }));
    expect(routesOf(c)).toEqual([
      { owner: routeOwner('mn1'), prefix: '2001:db8:100::/64', via: 'to-2001:db8:1::1' },
      { owner: 'bce:mn3', prefix: '2001:db8:5000::3/128', via: 'to-2001:db8:1::1' },
    ]);
  });
});
