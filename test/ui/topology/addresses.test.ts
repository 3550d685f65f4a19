import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { addressOwners } from '../../../src/ui/topology/addresses';

describe('who owns an address', () => {
  it('is the entity that first sent from it: the LMA, the MAGs, the CN and the MN’s home address', () => {
    const owners = addressOwners(runScenario('pmipv6-handover', {}, [], 1));
    expect(owners.get('2001:db8:ffff::1')).toBe('lma');
    expect(owners.get('2001:db8:1::1')).toBe('mag1');
    expect(owners.get('2001:db8:2::1')).toBe('mag2');
    expect(owners.get('2001:db8:cccc::2')).toBe('cn');
    expect(owners.get('2001:db8:100::ff:fe00:11')).toBe('mn1');
  });

  it('is no one for the unspecified address, or without a trace', () => {
    expect(addressOwners(runScenario('pmipv6-attach', {}, [], 1)).has('::')).toBe(false);
    expect(addressOwners(undefined).size).toBe(0);
  });
});
