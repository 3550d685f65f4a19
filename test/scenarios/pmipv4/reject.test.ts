import { describe, expect, it } from 'vitest';
import { microsFromNtp } from '../../../src/wire/mipv4';
import { TIME_OF_DAY_EPOCH_US } from '../../../src/protocols/pmipv6';
import { Lab } from '../../../src/scenarios/pmipv4/topology';
import { runScenario } from '../../../src/scenarios/run';
import { REASONS } from '../../../src/scenarios/pmipv4/reject';
import { careOf, faHa, HA_ADDRESS, mnHa, nai, wrongKey } from '../../../src/scenarios/pmipv4/addressing';
import { Network } from '../../../src/sim/network';
import { Rng } from '../../../src/sim/rng';
import { authenticators, control, find, lastState, line, mipOf, packets, rows, sameBytes } from './support';

/** The codes of the home agent's replies to MAG1. */
const codes = (t: ReturnType<typeof runScenario>): number[] => packets(t).filter((p) => p.from === 'lma' && p.to === 'mag1' && line(p).includes(' PRRP')).map((p) => mipOf(p).code as number);

describe('pmipv4-reject', () => {
  it.each([
    ['prohibited', 129],
    ['pmip-unsupported', 149],
    ['pmip-disallowed', 150],
    ['wrong-mn-ha-key', 131],
    ['wrong-fa-ha-key', 132],
  ] as const)('%s: the home agent answers %i once, and the MN, asking again and again, gets no address and no second request', (reason, code) => {
    const t = runScenario('pmipv4-reject', { reason });
    expect(find(t, 'mag1>lma PRRQ')).toHaveLength(1);
    expect(codes(t)).toEqual([code]);
    expect(find(t, 'mn1>mag1 DHCPDISCOVER').length).toBeGreaterThanOrEqual(3);
    expect(control(t).some((l) => l.includes('DHCPOFFER'))).toBe(false);
    expect(rows(lastState(t, 'lma'), 'Mobility bindings')).toEqual([]);
    expect(rows(lastState(t, 'mag1'), 'Visitor list')).toEqual([expect.objectContaining({ MN: nai(1), state: expect.stringMatching(new RegExp(`^rejected .*${code}`)) })]);
    expect(packets(t).some((p) => p.plane === 'data')).toBe(false);
  });

  it('prohibited: the request carried the address the profile fixed, which the home agent does not give', () => {
    const t = runScenario('pmipv4-reject', { reason: 'prohibited' });
    expect(mipOf(find(t, 'mag1>lma PRRQ')[0]!).homeAddress).toBe('192.0.2.250');
  });

  it('a wrong MN-HA key fails the check at the home agent: the request verifies with the key the AAA handed out, not with the home agent’s', () => {
    const t = runScenario('pmipv4-reject', { reason: 'wrong-mn-ha-key' });
    const [mnHaAuth, faHaAuth] = authenticators(find(t, 'mag1>lma PRRQ')[0]!);
    expect(sameBytes(mnHaAuth!.recompute(wrongKey(mnHa(1)).key), mnHaAuth!.value)).toBe(true);
    expect(sameBytes(mnHaAuth!.recompute(mnHa(1).key), mnHaAuth!.value)).toBe(false);
    expect(sameBytes(faHaAuth!.recompute(faHa(1).key), faHaAuth!.value)).toBe(true);
  });

  it('a wrong FA-HA key with per-node security: 132, and the request verifies only with MAG1’s wrong key', () => {
    const t = runScenario('pmipv4-reject', { reason: 'wrong-fa-ha-key' });
    const auths = authenticators(find(t, 'mag1>lma PRRQ')[0]!);
    expect(auths.map((a) => a.type)).toEqual([34]);
    expect(sameBytes(auths[0]!.recompute(faHa(1).key), auths[0]!.value)).toBe(false);
    expect(sameBytes(auths[0]!.recompute(wrongKey(faHa(1)).key), auths[0]!.value)).toBe(true);
  });

  it('identification mismatch: 133 carries the home agent’s clock, MAG1 resynchronises and the next request succeeds', () => {
    const t = runScenario('pmipv4-reject', { reason: 'identification-mismatch' });
    expect(control(t).slice(2, 8)).toEqual(['mn1>mag1 DHCPDISCOVER', 'mag1>lma PRRQ', 'lma>mag1 PRRP(133)', 'mag1>lma PRRQ', 'lma>mag1 PRRP', 'mag1>mn1 DHCPOFFER']);
    const [first, second] = find(t, 'mag1>lma PRRQ');
    const reply = packets(t).find((p) => p.from === 'lma' && / Code=133/.test(p.summary))!;
    const clock = (p: typeof first) => microsFromNtp(mipOf(p!).identification as bigint) - (TIME_OF_DAY_EPOCH_US + p!.time);
    expect(clock(first) / 1e6).toBeCloseTo(30, 3);
    const id = mipOf(reply).identification as bigint;
    // Low-order 32 bits copied from the request, high-order 32 bits the home agent's seconds.
    expect(id & 0xffffffffn).toBe((mipOf(first!).identification as bigint) & 0xffffffffn);
    expect(Math.abs(microsFromNtp(id & ~0xffffffffn) - (TIME_OF_DAY_EPOCH_US + reply.time))).toBeLessThan(1e6);
    // After resynchronising, MAG1's clock is within a second of the home agent's.
    expect(Math.abs(clock(second))).toBeLessThan(1e6);
    expect(rows(lastState(t, 'lma'), 'Mobility bindings')).toEqual([expect.objectContaining({ 'care-of address': careOf(1) })]);
    expect(packets(t).filter((p) => p.plane === 'data').every((p) => p.fate === 'delivered')).toBe(true);
  });

  it('dynamic home agent discovery: the request asks with 255.255.255.255 and the reply names the home agent', () => {
    const t = runScenario('pmipv4-reject', { reason: 'dynamic-ha' });
    expect(mipOf(find(t, 'mag1>lma PRRQ')[0]!).homeAgent).toBe('255.255.255.255');
    expect(mipOf(find(t, 'lma>mag1 PRRP')[0]!)).toMatchObject({ code: 0, homeAgent: HA_ADDRESS });
    expect(rows(lastState(t, 'mag1'), 'Visitor list')).toEqual([expect.objectContaining({ HA: HA_ADDRESS, state: 'registered' })]);
    expect(packets(t).some((p) => p.plane === 'data')).toBe(true);
  });

  it('150 stops MAG1 for good: a second MN attaching later gets no request either (RFC 5563 §8.1)', () => {
    const net = new Network(new Rng(1));
    const lab = new Lab(net, { mns: 2, addressing: 'dhcp', dhcp: 'server', tunnel: 'ip-in-ip', auth: 'mn-ha', lifetimeSeconds: 60, magHaDelayMs: [5, 5], lossPercent: 0, trafficIntervalMs: 1000, allowedMags: [2] });
    lab.attach('mn1', 1, 10_000);
    lab.attach('mn2', 1, 2_000_000);
    net.engine.runUntil(3_000_000);
    const sent = net.recorder.events.filter((e) => e.kind === 'packet' && e.summary.startsWith('Reg Request'));
    expect(sent.map((e) => (e as { from: string }).from)).toEqual(['mag1']);
    const mag1 = lab.mags[0]!.agent;
    const visitors = mag1.def.tables(mag1.actor.getSnapshot().context)['Visitor list']!;
    expect(visitors.map((v) => [v.MN, v.state])).toEqual([
      [nai(1), 'rejected (home agent answered 150)'],
      [nai(2), 'rejected (home agent answered 150)'],
    ]);
  });

  it('offers every case', () => {
    expect(REASONS).toEqual(['prohibited', 'pmip-unsupported', 'pmip-disallowed', 'identification-mismatch', 'dynamic-ha', 'wrong-mn-ha-key', 'wrong-fa-ha-key']);
  });
});
