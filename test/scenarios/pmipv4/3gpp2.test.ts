import { describe, expect, it } from 'vitest';
import type { LayerValue } from '../../../src/wire/core';
import { MOVEMENT_PORT } from '../../../src/wire/movement';
import { readReply } from '../../../src/protocols/pmipv4/registration';
import { runScenario } from '../../../src/scenarios/run';
import { careOf, mnHa, nai } from '../../../src/scenarios/pmipv4/addressing';
import { MOVE_AT_US } from '../../../src/scenarios/pmipv4/3gpp2';
import { authenticators, find, frameOf, lastState, line, mipOf, packets, rows, sameBytes, stateAt } from './support';

const controlAfter = (t: ReturnType<typeof runScenario>): string[] => packets(t).filter((p) => p.plane === 'control' && p.time >= MOVE_AT_US).map(line);
const layerOf = (p: Parameters<typeof frameOf>[0], proto: string): LayerValue | undefined => {
  for (let l = frameOf(p); l; l = l.payload as LayerValue | undefined) if (l.proto === proto) return l;
  return undefined;
};
const binding = (s: Parameters<typeof rows>[0]): Record<string, unknown> | undefined => rows(s, 'Mobility bindings')[0];

describe('pmipv4-3gpp2 (RFC 5563 §11, Figs. 7-11)', () => {
  it('sets up the connection as in Fig. 10: the AGW assigns a symmetric GRE key in the PRRP, both authenticators verify', () => {
    const t = runScenario('pmipv4-3gpp2');
    const rrq = find(t, 'mag1>lma PRRQ')[0]!;
    const rrp = find(t, 'lma>mag1 PRRP')[0]!;
    expect(mipOf(rrq)).toMatchObject({ homeAddress: '0.0.0.0', careOf: careOf(1), flags: { g: true } });
    const toPma = readReply(mipOf(rrq)).greKey!;
    const toHa = readReply(mipOf(rrp)).greKey!;
    expect(toPma).toBeGreaterThan(0);
    expect(toHa).toBeGreaterThan(0);
    // Data from the AGW to the BS carries the BS's key (RFC 6245 §5).
    const down = packets(t).find((p) => p.from === 'lma' && p.to === 'mag1' && p.plane === 'data')!;
    expect(layerOf(down, 'gre')).toMatchObject({ key: toPma });
    for (const p of [rrq, rrp]) {
      const mn = authenticators(p).find((a) => a.type === 32)!;
      expect(sameBytes(mn.recompute(mnHa(1).key), mn.value)).toBe(true);
    }
    expect(t.entities.map((e) => e.label)).toEqual(expect.arrayContaining(['BS1 (PMA)', 'BS2 (PMA)', 'AGW/HA']));
  });

  it('hands over as in Fig. 11: PRRQ, PRRP (no revocation), movement notification to the old BS, its answer', () => {
    const t = runScenario('pmipv4-3gpp2');
    expect(controlAfter(t).filter((l) => /PRR|Movement|Revocation/.test(l))).toEqual([
      'mag2>lma PRRQ',
      'lma>mag2 PRRP',
      'lma>mag1 Movement-Notification',
      'mag1>lma Movement-Ack',
    ]);
    const note = layerOf(find(t, 'lma>mag1 Movement-Notification')[0]!, 'pmamove')!;
    expect(note).toMatchObject({ previousCareOf: careOf(1), newCareOf: careOf(2), nai: nai(1) });
    expect(layerOf(find(t, 'mag1>lma Movement-Ack')[0]!, 'pmamove')).toMatchObject({ type: 2, status: 0, sequence: note.sequence });
    expect(layerOf(find(t, 'lma>mag1 Movement-Notification')[0]!, 'udp')).toMatchObject({ dstport: MOVEMENT_PORT });
  });

  it('keeps the new binding tentative until the movement notification is answered, then commits it', () => {
    const t = runScenario('pmipv4-3gpp2');
    const reply = find(t, 'lma>mag2 PRRP')[0]!;
    const ack = find(t, 'mag1>lma Movement-Ack')[0]!;
    expect(binding(stateAt(t, 'lma', reply.time))).toMatchObject({ 'care-of address': careOf(2), state: `tentative (replaces ${careOf(1)})` });
    expect(binding(stateAt(t, 'lma', ack.arrival! - 1))).toMatchObject({ state: `tentative (replaces ${careOf(1)})` });
    expect(binding(stateAt(t, 'lma', ack.arrival!))).toMatchObject({ 'care-of address': careOf(2), state: 'active' });
    // Until the commit the AGW keeps its tunnel to the old BS; after it, only the new one.
    expect(rows(stateAt(t, 'lma', reply.time), 'Tunnels').map((r) => r.remote).sort()).toEqual([careOf(1), careOf(2)]);
    expect(rows(lastState(t, 'lma'), 'Tunnels').map((r) => r.remote)).toEqual([careOf(2)]);
    expect(rows(stateAt(t, 'mag1', ack.time), 'Visitor list')).toEqual([]);
  });

  it('with a silent old BS retries the notification three times, stays tentative meanwhile, then commits on its own', () => {
    const t = runScenario('pmipv4-3gpp2', { 'old-bs': 'silent' });
    const notes = find(t, 'lma>mag1 Movement-Notification');
    expect(notes).toHaveLength(3);
    expect(find(t, 'mag1>lma Movement-Ack')).toEqual([]);
    expect(binding(stateAt(t, 'lma', notes[2]!.time))).toMatchObject({ state: `tentative (replaces ${careOf(1)})` });
    expect(binding(lastState(t, 'lma'))).toMatchObject({ 'care-of address': careOf(2), state: 'active' });
    expect(rows(lastState(t, 'lma'), 'Movement notifications')).toEqual([]);
  });

  it('runs with IP-in-IP and with IPCP too', () => {
    const variants: Record<string, string>[] = [{ tunnel: 'ip-in-ip' }, { addressing: 'ipcp' }, { dhcp: 'relay' }, { auth: 'fa-ha' }];
    for (const params of variants) {
      const t = runScenario('pmipv4-3gpp2', params);
      expect(controlAfter(t).filter((l) => /PRR|Movement/.test(l))).toEqual(['mag2>lma PRRQ', 'lma>mag2 PRRP', 'lma>mag1 Movement-Notification', 'mag1>lma Movement-Ack']);
      expect(binding(lastState(t, 'lma'))).toMatchObject({ state: 'active', 'care-of address': careOf(2) });
    }
  });
});
