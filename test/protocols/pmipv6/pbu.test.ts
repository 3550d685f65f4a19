import { describe, expect, it } from 'vitest';
import {
  decidePbu, grantedLifetime, reservedPrefixes, timeOfDay,
  type BindingCache, type BindingCacheEntry, type LmaPolicy, type PbuDecision, type PbuFacts,
} from '../../../src/protocols/pmipv6';
import { HNP1, HOA3, MAG1, MAG2, MAG3, MN1, MN2, MN3, NOW_US, pbu, policy } from './fixtures';

const lmaClock = timeOfDay(NOW_US);

function entry(over: Partial<BindingCacheEntry> = {}): BindingCacheEntry {
  return {
    nai: MN1, addressing: 'per-mn-prefix', hnp: HNP1, fromPool: false, proxyCoa: MAG1, tunnel: `to-${MAG1}`,
    lifetimeSeconds: 3600, expiresUs: NOW_US + 3600e6, timestamp: timeOfDay(NOW_US - 1_000_000), seq: 10, hi: 1, att: 3, state: 'registered',
    ...over,
  };
}

function decide(facts: PbuFacts, o: { cache?: BindingCache; policy?: LmaPolicy } = {}): PbuDecision {
  const p = o.policy ?? policy();
  return decidePbu(facts, { policy: p, cache: o.cache ?? {}, lmaClock, reservedPrefixes: reservedPrefixes(p.profiles) });
}

const status = (d: PbuDecision): number | string => (d.kind === 'reject' ? d.status : d.kind);

describe('decidePbu: RFC 5213 §5.3.1 in its order', () => {
  it('accepts a first registration: a new mobility session with the profile prefix (§5.3.2)', () => {
    expect(decide(pbu())).toMatchObject({ kind: 'create', nai: MN1, prefix: HNP1, fromPool: false, lifetimeSeconds: 3600 });
  });

  it('160 MISSING_MN_IDENTIFIER_OPTION comes first, even when HI and ATT are missing too (¶4)', () => {
    expect(status(decide(pbu({ drop: [8, 23, 24] })))).toBe(160);
  });

  it('154 MAG_NOT_AUTHORIZED_FOR_PROXY_REG for a MAG the policy does not list for this MN (¶6)', () => {
    expect(status(decide(pbu({ from: MAG3 })))).toBe(154);
    const perMn = policy({ authorizedMags: { [MN1]: [MAG1] } });
    expect(status(decide(pbu({ from: MAG2 }), { policy: perMn }))).toBe(154);
    expect(status(decide(pbu({ from: MAG1 }), { policy: perMn }))).toBe('create');
  });

  it('153 NOT_LMA_FOR_THIS_MOBILE_NODE for an NAI without a profile (¶7)', () => {
    expect(status(decide(pbu({ nai: 'stranger@elsewhere.example' })))).toBe(153);
  });

  it('156 TIMESTAMP_MISMATCH outside TimestampValidityWindow, before the option checks (¶9, §5.5)', () => {
    expect(status(decide(pbu({ atUs: NOW_US + 400_000, drop: [22, 23] })))).toBe(156);
    expect(status(decide(pbu({ atUs: NOW_US - 400_000 })))).toBe(156);
    expect(status(decide(pbu({ atUs: NOW_US - 200_000 })))).toBe('create');
  });

  it('157 TIMESTAMP_LOWER_THAN_PREV_ACCEPTED against the entry, and for a replay of the same timestamp', () => {
    const cache = { [MN1]: entry({ timestamp: timeOfDay(NOW_US - 100_000) }) };
    expect(status(decide(pbu({ atUs: NOW_US - 150_000 }), { cache }))).toBe(157);
    expect(status(decide(pbu({ atUs: NOW_US - 100_000 }), { cache }))).toBe(157);
    expect(status(decide(pbu({ atUs: NOW_US }), { cache }))).toBe('renew');
  });

  it('158 MISSING_HOME_NETWORK_PREFIX_OPTION without the option and without an entry; with an entry its prefix stands in (seed 001 §5.9)', () => {
    expect(status(decide(pbu({ hnps: [] })))).toBe(158);
    expect(decide(pbu({ hnps: [] }), { cache: { [MN1]: entry() } })).toMatchObject({ kind: 'renew', prefix: HNP1 });
  });

  it('161 and 162 for a missing Handoff Indicator or Access Technology Type, in that order (¶11-12)', () => {
    expect(status(decide(pbu({ drop: [23, 24] })))).toBe(161);
    expect(status(decide(pbu({ drop: [24] })))).toBe(162);
  });

  it('155 NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX for a prefix that is not the MN’s (§5.3.2 ¶3)', () => {
    expect(status(decide(pbu({ hnps: ['2001:db8:999::/64'] })))).toBe(155);
    // MN2 has no static prefix: it may not claim one from the pool either.
    expect(status(decide(pbu({ nai: MN2, hnps: ['2001:db8:1000::/64'] })))).toBe(155);
  });

  it('155 for a prefix held by another MN’s entry (§5.4.1.1 ¶3)', () => {
    const cache = { [MN2]: entry({ nai: MN2, hnp: '2001:db8:1000::/64', fromPool: true }) };
    expect(status(decide(pbu({ hnps: ['2001:db8:1000::/64'] }), { cache }))).toBe(155);
  });

  it('159 BCE_PBU_PREFIX_SET_DO_NOT_MATCH when the MN’s session holds another prefix (§5.4.1.1 ¶4)', () => {
    const cache = { [MN1]: entry({ hnp: '2001:db8:1001::/64', fromPool: true }) };
    expect(status(decide(pbu(), { cache }))).toBe(159);
  });

  it('allocates from the pool for ALL_ZERO, first free prefix, skipping static ones and those in use', () => {
    expect(decide(pbu({ nai: MN2, hnps: ['::/0'] }))).toMatchObject({ kind: 'create', prefix: '2001:db8:1000::/64', fromPool: true });
    const cache = { [MN1]: entry({ hnp: '2001:db8:1000::/64', fromPool: true }) };
    expect(decide(pbu({ nai: MN2, hnps: ['::/0'] }), { cache })).toMatchObject({ prefix: '2001:db8:1001::/64' });
  });

  it('130 Insufficient resources when the pool is exhausted (§5.3.2 ¶2)', () => {
    const cache = {
      a: entry({ nai: 'a', hnp: '2001:db8:1000::/64', fromPool: true }),
      b: entry({ nai: 'b', hnp: '2001:db8:1001::/64', fromPool: true }),
    };
    expect(status(decide(pbu({ nai: MN2, hnps: ['::/0'] }), { cache }))).toBe(130);
  });

  it('shared-prefix: the option carries the home address as /128 (seed 001 §8.3)', () => {
    expect(decide(pbu({ nai: MN3, hnps: [`${HOA3}/128`] }))).toMatchObject({ kind: 'create', prefix: `${HOA3}/128` });
    expect(decide(pbu({ nai: MN3, hnps: ['::/0'] }))).toMatchObject({ kind: 'create', prefix: `${HOA3}/128` });
    expect(status(decide(pbu({ nai: MN3, hnps: ['2001:db8:5000::/64'] })))).toBe(155);
    expect(status(decide(pbu({ nai: MN3, hnps: ['2001:db8:5000::99/128'] })))).toBe(155);
  });

  it('tells a lifetime extension from the same MAG (§5.3.3) from a handoff to a new MAG (§5.3.4)', () => {
    const cache = { [MN1]: entry() };
    expect(status(decide(pbu(), { cache }))).toBe('renew');
    expect(decide(pbu({ from: MAG2, handoff: 3 }), { cache })).toMatchObject({ kind: 'handoff', prefix: HNP1 });
    expect(decide(pbu({ from: MAG2, hnps: ['::/0'] }), { cache })).toMatchObject({ kind: 'handoff', prefix: HNP1 });
  });

  it('grants the lifetime asked, capped, in whole 4 s units', () => {
    expect(decide(pbu({ lifetimeSeconds: 40000 }))).toMatchObject({ lifetimeSeconds: 3600 });
    expect(grantedLifetime(100, 98)).toBe(96);
  });
});

describe('decidePbu: de-registration (§5.3.5) and the handover race (seed 001 §5.5)', () => {
  it('accepts a de-registration from the serving MAG', () => {
    expect(status(decide(pbu({ lifetimeSeconds: 0 }), { cache: { [MN1]: entry() } }))).toBe('deregister');
  });

  it('silently ignores a de-registration with no session, or for another prefix (§5.4.1.3 ¶4)', () => {
    expect(decide(pbu({ lifetimeSeconds: 0 }))).toMatchObject({ kind: 'ignore', section: 'RFC 5213 §5.4.1.3 ¶4' });
    const cache = { [MN1]: entry({ hnp: '2001:db8:1001::/64' }) };
    expect(status(decide(pbu({ lifetimeSeconds: 0, hnps: ['2001:db8:1000::/64'] }), { cache }))).toBe('ignore');
  });

  it('race, MAG1 sent first: its late de-registration carries an older timestamp than MAG2’s accepted PBU → 157', () => {
    // MAG1 detected the detach at t-50 ms, MAG2 registered at t-20 ms, MAG1's PBU arrives now.
    const cache = { [MN1]: entry({ proxyCoa: MAG2, timestamp: timeOfDay(NOW_US - 20_000) }) };
    expect(status(decide(pbu({ lifetimeSeconds: 0, atUs: NOW_US - 50_000 }), { cache }))).toBe(157);
  });

  it('race, MAG1 sent later: a newer de-registration from a MAG that no longer serves the MN is ignored (§5.3.5 ¶1)', () => {
    const cache = { [MN1]: entry({ proxyCoa: MAG2, timestamp: timeOfDay(NOW_US - 20_000) }) };
    expect(decide(pbu({ lifetimeSeconds: 0, atUs: NOW_US - 10_000 }), { cache })).toMatchObject({ kind: 'ignore', section: 'RFC 5213 §5.3.5 ¶1' });
  });
});

describe('decidePbu: ordering by sequence number (the `sequence` variant)', () => {
  const seqPolicy = policy({ ordering: 'sequence' });

  it('ignores the timestamp altogether, even a wildly wrong one', () => {
    expect(status(decide(pbu({ atUs: NOW_US + 60_000_000 }), { policy: seqPolicy }))).toBe('create');
  });

  it('answers 135 to a sequence number not newer modulo 2^16, and accepts one that wrapped round', () => {
    expect(status(decide(pbu({ seq: 10 }), { policy: seqPolicy, cache: { [MN1]: entry({ seq: 10 }) } }))).toBe(135);
    expect(status(decide(pbu({ seq: 2 }), { policy: seqPolicy, cache: { [MN1]: entry({ seq: 65535 }) } }))).toBe('renew');
  });

  it('goes wrong across MAGs: MAG2’s newest PBU (its own counter at 5) is refused, MAG1’s stale renewal (31) accepted', () => {
    const cache = { [MN1]: entry({ seq: 30 }) };
    expect(status(decide(pbu({ from: MAG2, seq: 5, handoff: 3 }), { policy: seqPolicy, cache }))).toBe(135);
    expect(status(decide(pbu({ from: MAG1, seq: 31, atUs: NOW_US - 80_000 }), { policy: seqPolicy, cache }))).toBe('renew');
    // The same two PBUs under timestamp ordering: MAG2 wins, MAG1's stale one gets 157 once MAG2's is stored.
    expect(status(decide(pbu({ from: MAG2, seq: 5, handoff: 3 }), { cache }))).toBe('handoff');
    const after = { [MN1]: entry({ proxyCoa: MAG2, seq: 5, timestamp: timeOfDay(NOW_US) }) };
    expect(status(decide(pbu({ from: MAG1, seq: 31, atUs: NOW_US - 80_000 }), { cache: after }))).toBe(157);
  });

  it('falls back to sequence numbers for a PBU without a Timestamp option under timestamp ordering (§5.5)', () => {
    expect(status(decide(pbu({ drop: [27], seq: 9 }), { cache: { [MN1]: entry({ seq: 10 }) } }))).toBe(135);
  });
});
