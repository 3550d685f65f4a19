import { describe, expect, it } from 'vitest';
import { judgeBindingUpdate, type GmaContext } from '../../src/entities/gma';
import { homeBindingUpdate } from '../../src/wire/mh';

/* The GMA as a plain Mobile IPv6 home agent: RFC 6275 §10.3.1 and §9.5.1, in order. */

const context = (cache: GmaContext['cache'] = {}): GmaContext => ({
  env: { now: () => 0, random: () => 0 },
  name: 'GMA',
  address: '2001:db8:9::1',
  homePrefix: '2001:db8:8000::/64',
  lifetimeCapSeconds: 3600,
  cache,
});
const bu = (seq: number, h = true) => {
  const m = homeBindingUpdate({ seq, lifetimeSeconds: 60 });
  return { ...m, body: { ...m.body, flags: { a: true, h } } };
};

describe('the GMA’s checks on a Binding Update', () => {
  it('accepts a home registration for a home address in its prefix', () => {
    expect(judgeBindingUpdate(context(), { type: 'rx.bu', src: '2001:db8:100::100', hoa: '2001:db8:8000::11', bu: bu(1) }).status).toBe(0);
  });

  it('refuses what is not a home registration (131), a foreign home address (132) and a stale sequence number (135)', () => {
    expect(judgeBindingUpdate(context(), { type: 'rx.bu', src: '2001:db8:100::100', hoa: '2001:db8:8000::11', bu: bu(1, false) }).status).toBe(131);
    expect(judgeBindingUpdate(context(), { type: 'rx.bu', src: '2001:db8:100::100', hoa: '2001:db8:7000::11', bu: bu(1) }).status).toBe(132);
    const bound = context({ '2001:db8:8000::11': { hoa: '2001:db8:8000::11', coa: '2001:db8:100::100', seq: 9, lifetimeSeconds: 60, expiresUs: 60e6 } });
    expect(judgeBindingUpdate(bound, { type: 'rx.bu', src: '2001:db8:100::100', hoa: '2001:db8:8000::11', bu: bu(9) }).status).toBe(135);
    expect(judgeBindingUpdate(bound, { type: 'rx.bu', src: '2001:db8:100::100', hoa: '2001:db8:8000::11', bu: bu(10) }).status).toBe(0);
    // Modulo 2^16: 2 follows 65535.
    const wrapped = context({ '2001:db8:8000::11': { hoa: '2001:db8:8000::11', coa: '::1', seq: 65535, lifetimeSeconds: 60, expiresUs: 60e6 } });
    expect(judgeBindingUpdate(wrapped, { type: 'rx.bu', src: '::1', hoa: '2001:db8:8000::11', bu: bu(2) }).status).toBe(0);
  });
});
