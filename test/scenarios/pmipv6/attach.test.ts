import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import { ParamError } from '../../../src/scenarios/params';
import { runnableScenario } from '../../../src/scenarios/registry';
import { homePrefix, proxyCoa, SHARED_PREFIX } from '../../../src/scenarios/pmipv6/addressing';
import { homeAddressIn } from '../../../src/scenarios/pmipv6/topology';
import { traceToJson } from './json';
import { control, innerSource, lastState, line, packets, rows, tunnelsMatchBindings } from './support';

const ATTACH = ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS', 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 RA'];
const ECHO = ['cn>lma echo-request', 'lma>mag1 echo-request (tunnelled)', 'mag1>mn1 echo-request', 'mn1>mag1 echo-reply', 'mag1>lma echo-reply (tunnelled)', 'lma>cn echo-reply'];

describe('pmipv6-attach', () => {
  it('is runnable through the registry', () => {
    expect(runnableScenario('pmipv6-attach')?.status).toBe('runnable');
  });

  it('shows steps 2–6 in order, then the echo through the tunnel (step 7)', () => {
    const t = runScenario('pmipv6-attach');
    expect(control(t)).toEqual(ATTACH);
    const data = packets(t).filter((p) => p.plane === 'data');
    expect(data.length).toBeGreaterThanOrEqual(12);
    expect(data.slice(0, 6).map(line)).toEqual(ECHO);
    expect(data.every((p) => p.fate === 'delivered')).toBe(true);
    expect(packets(t).map((p) => p.step?.split('.')[0])).toEqual(expect.arrayContaining(['2', '3', '4', '5', '6', '7']));
    expect(packets(t).every((p) => p.step && p.section?.includes('RFC 5213'))).toBe(true);
  });

  it('labels entities with both names where the documents differ', () => {
    const t = runScenario('pmipv6-attach');
    expect(t.entities.map((e) => e.label)).toEqual(['MN', 'MAG1 (PMA)', 'MAG2 (PMA)', 'AAA (RADIUS)', 'LMA (HA)', 'CN']);
  });

  it.each([
    [{}, homePrefix(1), homeAddressIn(homePrefix(1), 1)],
    [{ prefix: 'lma-allocated' }, '2001:db8:1000::/64', homeAddressIn('2001:db8:1000::/64', 1)],
    [{ addressing: 'shared-prefix' }, `${homeAddressIn(SHARED_PREFIX, 1)}/128`, homeAddressIn(SHARED_PREFIX, 1)],
  ])('with %o the LMA binds %s to MAG1 and the MN answers from %s', (params, hnp, hoa) => {
    const t = runScenario('pmipv6-attach', params);
    expect(control(t)).toEqual(ATTACH);
    expect(rows(lastState(t, 'lma'), 'Binding cache')).toEqual([expect.objectContaining({ HNP: hnp, 'Proxy-CoA': proxyCoa(1) })]);
    tunnelsMatchBindings(t);
    const replies = packets(t).filter((p) => p.from === 'mn1' && line(p).includes('echo-reply'));
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map(innerSource))).toEqual(new Set([hoa]));
  });

  it('asks for the lifetime given and takes the delay given', () => {
    const t = runScenario('pmipv6-attach', { lifetime: 120, delay: 20 });
    const pba = packets(t).find((p) => line(p) === 'lma>mag1 PBA')!;
    const pbu = packets(t).find((p) => line(p) === 'mag1>lma PBU')!;
    expect(pba.time - pbu.time).toBe(20_000);
    expect(pbu.summary).toContain('(120 s)');
  });

  it('runs the same for the same parameters and seed, and differently for another seed with loss', () => {
    const a = traceToJson(runScenario('pmipv6-attach', { loss: 30 }, [], 7));
    expect(traceToJson(runScenario('pmipv6-attach', { loss: 30 }, [], 7))).toBe(a);
    const others = [8, 9, 10, 11].map((s) => traceToJson(runScenario('pmipv6-attach', { loss: 30 }, [], s)).replace(/"seed":\d+/, ''));
    expect(others.some((o) => o !== a.replace(/"seed":\d+/, ''))).toBe(true);
  });

  it('refuses an unknown scenario, parameter or value with what is allowed', () => {
    expect(() => runScenario('pmipv6-nope')).toThrow(ParamError);
    expect(() => runScenario('pmipv6-nope')).toThrow(/runnable scenarios are .*pmipv6-attach/);
    expect(() => runScenario('pmipv6-attach', { colour: 'red' })).toThrow(/unknown parameter 'colour': the parameters are addressing, prefix, lifetime, delay, loss/);
    expect(() => runScenario('pmipv6-attach', { addressing: 'nat' })).toThrow(/allowed values are per-mn-prefix, shared-prefix/);
    expect(() => runScenario('pmipv6-attach', { delay: 5000 })).toThrow(ParamError);
    expect(() => runScenario('pmipv6-attach', { addressing: 'shared-prefix', prefix: 'lma-allocated' })).toThrow(ParamError);
  });
});
