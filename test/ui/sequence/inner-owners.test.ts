import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import type { PacketEvent } from '../../../src/sim/trace';
import { innerOwners } from '../../../src/ui/sequence/inner-owners';

const packetsOf = (id: string): PacketEvent[] => runScenario(id).events.filter((e): e is PacketEvent => e.kind === 'packet');

describe('owners of a tunnelled packet’s inner endpoints', () => {
  it('are the hosts that first send from those addresses: the CN and the MN in a PMIPv6 run', () => {
    const trace = runScenario('pmipv6-attach');
    const packets = trace.events.filter((e): e is PacketEvent => e.kind === 'packet');
    const tunnelled = packets.find((p) => p.inner)!;
    const owners = innerOwners(trace.entities, packets);
    expect(owners.get(tunnelled.inner!.from)).toBe('cn');
    expect(owners.get(tunnelled.inner!.to)).toBe('mn1');
  });

  it('are the lifelines named by the address, as in an opened capture', () => {
    const packets = packetsOf('pmipv6-attach').map((p) => (p.inner ? { ...p, inner: { ...p.inner, from: 'lma' } } : p));
    expect(innerOwners([{ id: 'lma' }], packets).get('lma')).toBe('lma');
  });

  it('are unknown for an address no packet comes from, or text that is no address', () => {
    const packets = packetsOf('pmipv6-attach').map((p) => (p.inner ? { ...p, inner: { ...p.inner, from: '2001:db8:dead::1', to: 'not an address' } } : p));
    const owners = innerOwners([], packets);
    expect(owners.has('2001:db8:dead::1')).toBe(false);
    expect(owners.has('not an address')).toBe(false);
  });

  it('do not throw on a packet whose bytes are not hex', () => {
    const packets = packetsOf('pmipv6-attach');
    const bad = packets.map((p) => ({ ...p, bytes: `zz${p.bytes}` }));
    expect(innerOwners([], bad).size).toBe(0);
  });
});
