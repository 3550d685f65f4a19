import { describe, expect, it } from 'vitest';
import { parseFault, faultToText, FaultSyntaxError } from '../../src/sim/faults';
import type { NoteEvent, PacketEvent, Trace } from '../../src/sim/trace';
import { runScenario } from '../../src/scenarios/run';

const packets = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');
const control = (t: Trace): string[] => packets(t).filter((p) => p.plane === 'control').map((p) => `${p.from}>${p.to} ${p.summary.split(' ').slice(0, 3).join(' ')} ${p.fate}`);

// In pmipv6-attach, packet 5 is the LMA's Proxy Binding Acknowledgement (see the CLI sequence).
describe('faults injected into a real run', () => {
  it('a dropped PBA makes MAG1 send its PBU again after the initial back-off, and the attach completes', () => {
    const t = runScenario('pmipv6-attach', {}, [parseFault('drop:5')]);
    const c = control(t);
    expect(c[4]).toBe('lma>mag1 Proxy Binding Acknowledgement dropped-by-fault');
    const pbus = packets(t).filter((p) => p.summary.startsWith('Proxy Binding Update'));
    expect(pbus).toHaveLength(2);
    expect(pbus[1]!.time - pbus[0]!.time).toBe(1_000_000);
    expect(c.some((l) => l.startsWith('mag1>mn1 Router Advertisement'))).toBe(true);
  });

  it('a delayed PBA arrives late and so does the Router Advertisement', () => {
    const plain = runScenario('pmipv6-attach');
    const late = runScenario('pmipv6-attach', {}, [parseFault('delay:5:200')]);
    const ra = (t: Trace): PacketEvent => packets(t).find((p) => p.summary.startsWith('Router Advertisement'))!;
    expect(ra(late).time - ra(plain).time).toBe(200_000);
  });

  it('a duplicated PBU reaches the LMA twice and each copy is answered', () => {
    const t = runScenario('pmipv6-attach', {}, [parseFault('duplicate:4')]);
    expect(packets(t).filter((p) => p.summary.startsWith('Proxy Binding Update') && p.fate === 'delivered')).toHaveLength(2);
    expect(packets(t).filter((p) => p.summary.startsWith('Proxy Binding Acknowledgement'))).toHaveLength(2);
  });

  it('a cut MAG–LMA link loses the traffic that crosses it, and says so', () => {
    const t = runScenario('pmipv6-attach', {}, [parseFault('cut:mag1-lma:300:600')]);
    const notes = t.events.filter((e): e is NoteEvent => e.kind === 'note' && e.section === 'injected fault');
    expect(notes.map((n) => n.text)).toEqual(['Link mag1-lma is cut.', 'Link mag1-lma works again.']);
    const lost = packets(t).filter((p) => p.fate === 'lost');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((p) => p.link === 'mag1-lma' && p.time >= 300_000 && p.time < 600_000)).toBe(true);
  });

  it('a cut names a link that exists', () => {
    const t = runScenario('pmipv6-attach', {}, [parseFault('cut:nowhere:100')]);
    expect(t.events.some((e) => e.kind === 'note' && e.text === 'No link nowhere to cut at this moment.')).toBe(true);
  });

  it('faults read and write as text, and bad ones are refused with the forms allowed', () => {
    for (const s of ['drop:5', 'delay:3:200', 'duplicate:1', 'cut:mag1-lma:300:600', 'move:mn1:mag2:1500']) expect(faultToText(parseFault(s))).toBe(s);
    expect(() => parseFault('drop:0')).toThrow(FaultSyntaxError);
    expect(() => parseFault('explode:1')).toThrow(/the forms are: drop:N, delay:N:MS, duplicate:N, cut:LINK:MS\[:MS\], move:NODE:MAG:MS/);
    expect(() => parseFault('delay:1:soon')).toThrow(/milliseconds/);
  });
});
