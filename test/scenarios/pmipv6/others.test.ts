import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';
import { runScenario } from '../../../src/scenarios/run';
import { allScenarios } from '../../../src/scenarios/registry';
import { proxyCoa } from '../../../src/scenarios/pmipv6/addressing';
import { REASONS } from '../../../src/scenarios/pmipv6/reject';
import type { TimerEvent } from '../../../src/sim/trace';
import { traceToJson } from './json';
import { control, lastState, packets, rows, tunnelsMatchBindings } from './support';

const ATTACH = ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS', 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 RA'];

/** Every scenario and each value of its enum and boolean parameters, one at a time. */
type Variant = [string, Record<string, string | boolean | number>];
const variants: Variant[] = allScenarios()
  .filter((s) => s.family === 'pmipv6')
  .flatMap((s): Variant[] => [
    [s.id, {}],
    ...s.params.flatMap((p): Variant[] =>
      p.type === 'enum' ? p.values.filter((v) => v !== p.default).map((v): Variant => [s.id, { [p.name]: v }])
      : p.type === 'boolean' ? [[s.id, { [p.name]: !p.default }]]
      : p.name === 'loss' ? [[s.id, { loss: 20 }]]
      : [],
    ),
  ]);

describe('every pmipv6 scenario and variant', () => {
  it('covers the six scenarios', () => {
    expect(new Set(variants.map(([id]) => id))).toEqual(new Set(['pmipv6-attach', 'pmipv6-handover', 'pmipv6-renewal', 'pmipv6-detach', 'pmipv6-shared-tunnel', 'pmipv6-reject']));
  });

  it.each(variants)('%s %o runs, every packet dissects cleanly and carries a step, and the run is deterministic', (id, params) => {
    const t = runScenario(id, params, [], 4);
    expect(packets(t).length).toBeGreaterThan(0);
    for (const p of packets(t)) {
      expect(dissect(fromHex(p.bytes), p.linkType).problems, `packet ${p.packet + 1}: ${p.summary}`).toEqual([]);
      expect(p.step, `packet ${p.packet + 1}: ${p.summary}`).toBeTruthy();
    }
    expect(traceToJson(runScenario(id, params, [], 4))).toBe(traceToJson(t));
  });
});

describe('pmipv6-detach', () => {
  it('de-registers with lifetime 0; the LMA removes the route, the tunnel and, after MinDelayBeforeBCEDelete, the entry', () => {
    const t = runScenario('pmipv6-detach');
    expect(control(t)).toEqual([...ATTACH, 'mag1>lma PBU(dereg)', 'lma>mag1 PBA']);
    const lma = lastState(t, 'lma');
    expect(rows(lma, 'Binding cache')).toEqual([]);
    expect(rows(lma, 'Tunnels')).toEqual([]);
    expect(rows(lma, 'Routes')).toEqual([]);
    expect(rows(lastState(t, 'mag1'), 'Binding update list')).toEqual([]);
  });
});

describe('pmipv6-renewal', () => {
  it('renews before the lifetime ends; after the MN is lost the binding expires and Tunnel-Life removes the tunnel', () => {
    const t = runScenario('pmipv6-renewal');
    const seq = control(t);
    expect(seq.slice(0, 6)).toEqual(ATTACH);
    expect(seq.filter((s) => s === 'mag1>lma PBU').length).toBeGreaterThanOrEqual(3);
    expect(seq).not.toContain('mag1>lma PBU(dereg)');
    const timers = t.events.filter((e): e is TimerEvent => e.kind === 'timer' && e.entity === 'lma' && e.action === 'fire').map((e) => e.name);
    expect(timers).toEqual(expect.arrayContaining(['binding lifetime', 'Tunnel-Life']));
    const lma = lastState(t, 'lma');
    expect(rows(lma, 'Binding cache')).toEqual([]);
    expect(rows(lma, 'Tunnels')).toEqual([]);
  });
});

describe('pmipv6-shared-tunnel', () => {
  it('two MNs share MAG1’s tunnel (2 users); when MN1 moves to MAG2 it stays up for MN2', () => {
    const t = runScenario('pmipv6-shared-tunnel');
    const states = t.events.filter((e) => e.kind === 'state' && e.entity === 'lma');
    expect(states.some((s) => rows(s as never, 'Tunnels').some((r) => r.remote === proxyCoa(1) && r.users === 2))).toBe(true);
    const lma = lastState(t, 'lma');
    expect(rows(lma, 'Tunnels')).toEqual(expect.arrayContaining([
      expect.objectContaining({ remote: proxyCoa(1), users: 1 }),
      expect.objectContaining({ remote: proxyCoa(2), users: 1 }),
    ]));
    expect(rows(lma, 'Binding cache')).toEqual(expect.arrayContaining([
      expect.objectContaining({ MN: 'mn1@pmip-lab.example', 'Proxy-CoA': proxyCoa(2) }),
      expect.objectContaining({ MN: 'mn2@pmip-lab.example', 'Proxy-CoA': proxyCoa(1) }),
    ]));
    tunnelsMatchBindings(t);
    // MN2's echo never stops.
    expect(packets(t).filter((p) => p.plane === 'data').every((p) => p.fate === 'delivered')).toBe(true);
  });
});

describe('pmipv6-reject', () => {
  const expected: Record<(typeof REASONS)[number], string[]> = {
    'mag-not-authorized': ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS', 'mag1>lma PBU', 'lma>mag1 PBA(154)'],
    timestamp: ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS', 'mag1>lma PBU', 'lma>mag1 PBA(156)'],
    'no-prefix': ['mag1>aaa Access-Request', 'aaa>mag1 Access-Accept', 'mn1>mag1 RS', 'mag1>lma PBU', 'lma>mag1 PBA(158)'],
    'aaa-reject': ['mag1>aaa Access-Request', 'aaa>mag1 Access-Reject', 'mn1>mag1 RS'],
    'lost-pba': [...ATTACH.slice(0, 5), 'mag1>lma PBU', 'lma>mag1 PBA', 'mag1>mn1 RA'],
  };
  it.each(REASONS)('%s: the refusal and the MAG’s reaction', (reason) => {
    const t = runScenario('pmipv6-reject', { reason });
    const seq = control(t).filter((s, i, all) => !(s === 'mn1>mag1 RS' && all.indexOf(s) !== i));
    expect(seq).toEqual(expected[reason]);
    if (reason !== 'lost-pba') {
      // The MAG must not advertise the prefix (seed 001 §6.10).
      expect(control(t)).not.toContain('mag1>mn1 RA');
    } else {
      const lost = packets(t).filter((p) => p.fate !== 'delivered');
      expect(lost.map((p) => p.summary)).toEqual([expect.stringContaining('Proxy Binding Acknowledgement')]);
      expect(rows(lastState(t, 'lma'), 'Binding cache')).toEqual([expect.objectContaining({ 'Proxy-CoA': proxyCoa(1) })]);
    }
  });
});
