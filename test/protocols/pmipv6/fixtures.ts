import { ACCESS_TECHNOLOGY, HANDOFF_INDICATOR, proxyBindingUpdate, type PbuParams } from '../../../src/wire/mh';
import { readPbu, timeOfDay, type LmaPolicy, type PbuFacts } from '../../../src/protocols/pmipv6';

/** Shared fixtures for the PMIPv6 rule tests: two MAGs, three mobile nodes, one per addressing case. */
export const LMAA = '2001:db8:ffff::1';
export const MAG1 = '2001:db8:1::1';
export const MAG2 = '2001:db8:2::1';
export const MAG3 = '2001:db8:3::1';
export const MN1 = 'mn1@pmip-lab.example';
export const MN2 = 'mn2@pmip-lab.example';
export const MN3 = 'mn3@pmip-lab.example';
export const HNP1 = '2001:db8:100::/64';
export const HOA3 = '2001:db8:5000::3';
export const NOW_US = 5_000_000;

export const policy = (over: Partial<LmaPolicy> = {}): LmaPolicy => ({
  authorizedMags: { '*': [MAG1, MAG2] },
  profiles: {
    [MN1]: { addressing: 'per-mn-prefix', hnp: HNP1 },
    [MN2]: { addressing: 'per-mn-prefix' },
    [MN3]: { addressing: 'shared-prefix', hnp: '2001:db8:5000::/64', homeAddress: HOA3 },
  },
  prefixPool: ['2001:db8:1000::/64', '2001:db8:1001::/64'],
  ordering: 'timestamp',
  timestampWindowMs: 300,
  lifetimeCapSeconds: 3600,
  ...over,
});

/** A PBU as the LMA reads it, built and encoded by src/wire; `drop` removes options by type. */
export function pbu(over: Partial<PbuParams> & { drop?: number[]; from?: string; atUs?: number } = {}): PbuFacts {
  const { drop = [], from = MAG1, atUs = NOW_US, ...p } = over;
  const mh = proxyBindingUpdate({
    seq: 1,
    lifetimeSeconds: 3600,
    nai: MN1,
    hnps: [HNP1],
    handoff: HANDOFF_INDICATOR.NEW_INTERFACE,
    att: ACCESS_TECHNOLOGY.IEEE_802_3,
    timestamp: timeOfDay(atUs),
    ...p,
  });
  mh.options = mh.options!.filter((o) => !drop.includes(o.type));
  return readPbu(mh, from);
}
