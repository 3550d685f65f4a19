import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/lessons/claims';
import { playLesson, stepRun, tryView } from '../../src/lessons/course';
import { parseLesson } from '../../src/lessons/parse';
import type { Lesson } from '../../src/lessons/types';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';

const lesson = (name: string): Lesson => {
  const r = parseLesson(`lessons/${name}.md`, readFileSync(new URL(`fixtures/${name}.md`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lesson;
};

describe('checkClaim', () => {
  const trace = runScenario('pmipv6-attach');
  const pbu = trace.events.filter((e): e is PacketEvent => e.kind === 'packet')[3]!;

  it('matches sender and receiver by id or label, in any case', () => {
    expect(checkClaim({ line: 1, kind: 'from', value: 'MAG1' }, pbu, trace)).toMatchObject({ ok: true });
    expect(checkClaim({ line: 1, kind: 'to', value: 'lma' }, pbu, trace)).toMatchObject({ ok: true });
    expect(checkClaim({ line: 1, kind: 'from', value: 'lma' }, pbu, trace)).toEqual({ ok: false, actual: expect.stringMatching(/^mag1/) });
  });

  it('compares a field’s display text, whole with = and in part with ~', () => {
    expect(checkClaim({ line: 1, kind: 'field', name: 'mip6.bu.lifetime', op: '=', value: '15 (60 s)' }, pbu, trace).ok).toBe(true);
    expect(checkClaim({ line: 1, kind: 'field', name: 'mip6.bu.lifetime', op: '=', value: '15' }, pbu, trace)).toEqual({ ok: false, actual: '15 (60 s)' });
    expect(checkClaim({ line: 1, kind: 'field', name: 'mip6.mnid.identifier', op: '~', value: 'mn1@' }, pbu, trace).ok).toBe(true);
    expect(checkClaim({ line: 1, kind: 'field', name: 'mip6.none', op: '~', value: 'x' }, pbu, trace)).toEqual({ ok: false, actual: 'no field mip6.none' });
  });

  it('checks the summary and the fate', () => {
    expect(checkClaim({ line: 1, kind: 'summary', op: '~', value: 'Proxy Binding Update' }, pbu, trace).ok).toBe(true);
    expect(checkClaim({ line: 1, kind: 'summary', op: '=', value: 'Proxy Binding Update' }, pbu, trace).ok).toBe(false);
    expect(checkClaim({ line: 1, kind: 'fate', value: 'delivered' }, pbu, trace).ok).toBe(true);
    expect(checkClaim({ line: 1, kind: 'fate', value: 'lost' }, pbu, trace)).toEqual({ ok: false, actual: 'delivered' });
  });
});

describe('playLesson', () => {
  it('plays a lesson whose claims hold, each step on its own run', () => {
    const l = lesson('attach-basics');
    const played = playLesson(l);
    if (!played.ok) throw new Error(JSON.stringify(played.errors));
    expect(played.steps.map((s) => [s.trace.scenario, s.packet.packet])).toEqual([
      ['pmipv6-attach', 3],
      ['pmipv6-attach', 5],
      ['pmipv6-handover', 3],
    ]);
    expect(played.steps[0]!.trace).toBe(played.steps[1]!.trace);
    expect(stepRun(l, 2).params).toEqual({ race: 'true' });
  });

  it('reports each way a lesson can disagree with the lab, with its line', () => {
    const played = playLesson(lesson('drift'));
    expect(played.ok).toBe(false);
    if (played.ok) return;
    expect(played.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '11: expected from=lma, but message 4 has mag1 (MAG1 (PMA))',
      '12: expected field mip6.bu.seqnr = 2, but message 4 has 1',
      '13: expected field mip6.nothing = 1, but message 4 has no field mip6.nothing',
      expect.stringMatching(/^16: packet 999 is out of range: this run of pmipv6-attach has \d+ messages$/),
      expect.stringMatching(/^20: unknown scenario 'pmipv6-nowhere': the runnable scenarios are pmipv6-attach, /),
      "25: race cannot be 'maybe': it takes true or false (on/off)",
      expect.stringMatching(/^31: unknown parameter 'colour': the parameters are /),
    ]);
  });

  it('turns an exercise into a lab link with only the given parameters', () => {
    const view = tryView({ scenario: 'pmipv6-handover', params: { race: 'on' }, faults: ['drop:9'], seed: 1, line: 1 });
    expect(view).toMatchObject({ ok: true, query: 'v=1&s=pmipv6-handover&p.race=true&f=drop:9' });
  });
});
