import { describe, expect, it } from 'vitest';
import type { BindingCache, BindingCacheEntry } from '../../../src/protocols/pmipv6/binding-cache';
import { decideIpv4, ipv4ReplyOptions, readIpv4Reply, readIpv4Request, type Ipv4HomePolicy } from '../../../src/protocols/pmipv6/ipv4-home-address';
import { ipv4Pool } from '../../../src/protocols/pmipv6/ipv4-pool';
import { ipv4HomeAddressRequestOption, proxyBindingAck, proxyBindingUpdate } from '../../../src/wire/mh';

/* Seed 002 §3.3.2 and RFC 5844 §3.1.2: the LMA's answer to an IPv4 Home Address Request. */

const pool = ipv4Pool({ prefix: '192.0.2.0/24', defaultRouter: '192.0.2.1', first: '192.0.2.10', size: 2 });
const policy: Ipv4HomePolicy = { pool, dhcpServerAtMag: true };
const MN1 = 'mn1@example';
const MN2 = 'mn2@example';
const entry = (nai: string, address?: string): BindingCacheEntry => ({
  nai, addressing: 'per-mn-prefix', fromPool: false, proxyCoa: '2001:db8:1::1', lifetimeSeconds: 60, expiresUs: 60e6, seq: 1, hi: 1, att: 4, state: 'registered',
  ...(address ? { ipv4Home: { address, prefixLength: 24, defaultRouter: '192.0.2.1', fromPool: true } } : {}),
});
const decide = (nai: string, address: string, cache: BindingCache = {}) => decideIpv4({ nai, request: { address, prefixLength: 0 }, session: cache[nai], cache, policy });

describe('decideIpv4', () => {
  it('allocates the first free pool address for 0.0.0.0, with the home prefix length and default router', () => {
    expect(decide(MN1, '0.0.0.0')).toEqual({ kind: 'grant', grant: { address: '192.0.2.10', prefixLength: 24, defaultRouter: '192.0.2.1', fromPool: true } });
    expect(decide(MN2, '0.0.0.0', { [MN1]: entry(MN1, '192.0.2.10') })).toMatchObject({ grant: { address: '192.0.2.11' } });
  });

  it('keeps the session’s address for 0.0.0.0 after a handoff (RFC 5844 §3.1.2.1)', () => {
    expect(decide(MN1, '0.0.0.0', { [MN1]: entry(MN1, '192.0.2.11') })).toMatchObject({ kind: 'grant', grant: { address: '192.0.2.11', fromPool: true } });
  });

  it('refuses with 130 and a reply status of 128 when the pool is exhausted', () => {
    const cache = { [MN1]: entry(MN1, '192.0.2.10'), x: entry('x', '192.0.2.11') };
    expect(decide(MN2, '0.0.0.0', cache)).toMatchObject({ kind: 'reject', status: 130, replyStatus: 128 });
  });

  it('grants a named address on the home network that nobody else holds, and refuses others with 171 and 129', () => {
    expect(decide(MN1, '192.0.2.77')).toMatchObject({ kind: 'grant', grant: { address: '192.0.2.77', fromPool: false } });
    expect(decide(MN1, '198.51.100.7')).toMatchObject({ kind: 'reject', status: 171, replyStatus: 129 });
    expect(decide(MN1, '192.0.2.1')).toMatchObject({ kind: 'reject', status: 171 });
    expect(decide(MN2, '192.0.2.10', { [MN1]: entry(MN1, '192.0.2.10') })).toMatchObject({ kind: 'reject', status: 171, rule: /another mobile node/ });
    expect(decide(MN1, '192.0.2.12', { [MN1]: entry(MN1, '192.0.2.10') })).toMatchObject({ kind: 'reject', status: 171, rule: /holds 192\.0\.2\.10/ });
  });

  it('refuses with 170 when the LMA anchors no IPv4 home network', () => {
    const none = decideIpv4({ nai: MN1, request: { address: '0.0.0.0', prefixLength: 0 }, session: undefined, cache: {}, policy: undefined });
    expect(none).toMatchObject({ kind: 'reject', status: 170, replyStatus: 129 });
  });
});

describe('the IPv4 options of PBU and PBA', () => {
  it('reads the request from a PBU, and the reply, default router and support mode from a PBA', () => {
    const pbu = proxyBindingUpdate({ seq: 1, lifetimeSeconds: 60, nai: MN1, hnps: [], handoff: 1, att: 4, options: [ipv4HomeAddressRequestOption('0.0.0.0', 0)] });
    expect(readIpv4Request(pbu)).toEqual({ address: '0.0.0.0', prefixLength: 0 });
    const grant = { address: '192.0.2.10', prefixLength: 24, defaultRouter: '192.0.2.1', fromPool: true };
    const options = ipv4ReplyOptions({ request: { address: '0.0.0.0', prefixLength: 0 }, accepted: true, grant, dhcpServerAtMag: false });
    expect(options.map((o) => o.type)).toEqual([37, 38, 39]);
    const pba = proxyBindingAck({ status: 0, seq: 1, lifetimeSeconds: 60, nai: MN1, hnps: [], handoff: 1, att: 4, options });
    expect(readIpv4Reply(pba)).toEqual({ status: 0, address: '192.0.2.10', prefixLength: 24, defaultRouter: '192.0.2.1', dhcpServer: false });
  });

  it('refused, the PBA carries the reply alone, echoing the request with its status (RFC 5844 §3.1.2.6)', () => {
    const options = ipv4ReplyOptions({ request: { address: '0.0.0.0', prefixLength: 0 }, accepted: false, replyStatus: 128 });
    expect(options).toEqual([{ type: 37, status: 128, flags: { prefixLength: 0 }, address: '0.0.0.0' }]);
  });
});
