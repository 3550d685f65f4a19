import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { careOf, HA_ADDRESS, mnHa } from '../../../src/scenarios/pmipv4/addressing';
import { authenticators, find, lastState, mipOf, packets, rows, sameBytes } from './support';

describe('pmipv4-renewal', () => {
  it('re-registers twice before the lifetime ends, the home address field set to the assigned address (RFC 5563 Fig. 2)', () => {
    const t = runScenario('pmipv4-renewal');
    const requests = find(t, 'mag1>lma PRRQ');
    const replies = find(t, 'lma>mag1 PRRP');
    expect(requests).toHaveLength(3);
    expect(replies).toHaveLength(3);
    const hoa = mipOf(replies[0]!).homeAddress as string;
    expect(requests.map((p) => mipOf(p).homeAddress)).toEqual(['0.0.0.0', hoa, hoa]);
    expect(requests.map((p) => [mipOf(p).homeAgent, mipOf(p).careOf])).toEqual(Array(3).fill([HA_ADDRESS, careOf(1)]));
    // At 80 % of the 8 s lifetime, counted from each request.
    expect(requests[1]!.time - requests[0]!.time).toBe(6_400_000);
    expect(requests[2]!.time - requests[1]!.time).toBe(6_400_000);
    // Each Identification is newer, and each reply copies it (RFC 5944 §5.7.1).
    const ids = requests.map((p) => mipOf(p).identification as bigint);
    expect(ids[1]! > ids[0]! && ids[2]! > ids[1]!).toBe(true);
    expect(replies.map((p) => mipOf(p).identification)).toEqual(ids);
    for (const p of requests) {
      const [a] = authenticators(p);
      expect(sameBytes(a!.recompute(mnHa(1).key), a!.value)).toBe(true);
    }
  });

  it('keeps one binding, one tunnel and the traffic through it', () => {
    const t = runScenario('pmipv4-renewal');
    expect(rows(lastState(t, 'lma'), 'Mobility bindings')).toHaveLength(1);
    expect(rows(lastState(t, 'lma'), 'Tunnels')).toEqual([expect.objectContaining({ remote: careOf(1), users: 1 })]);
    expect(rows(lastState(t, 'mag1'), 'Visitor list')).toEqual([expect.objectContaining({ state: 'registered' })]);
    const data = packets(t).filter((p) => p.plane === 'data');
    expect(data.length).toBeGreaterThan(30);
    expect(data.every((p) => p.fate === 'delivered')).toBe(true);
  });
});
