import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { captureToTrace } from '../../src/sim/from-capture';
import { parseTrace } from '../../src/sim/trace-json';
import type { PacketEvent, Trace } from '../../src/sim/trace';
import { allExamples } from '../../src/wire/examples';

const capture = {
  format: 'pcapng' as const,
  interfaces: [{ linkType: 1, name: 'eth0' }],
  packets: allExamples().map((e, i) => ({ interfaceId: 0, timestampUs: i * 1000, data: e.build(), comment: e.comment })),
};
const trace: Trace = {
  ...captureToTrace(capture, 'x'),
  links: [{ id: 'eth0', a: 'a', b: 'b', linkType: 1, delayUs: 500 }],
};

describe('a trace read back from JSON', () => {
  it('is the trace that was written', () => {
    const { trace: back, problems } = parseTrace(JSON.stringify(trace));
    expect(problems).toEqual([]);
    expect(back).toEqual(trace);
  });

  it('keeps state, timer, note and link events', () => {
    const events = [
      { kind: 'state', time: 1, entity: 'lma', state: 'idle', tables: {}, changed: [] },
      { kind: 'timer', time: 2, entity: 'mag1', name: 'binding lifetime', action: 'start', expires: 9 },
      { kind: 'note', time: 3, text: 'hello', section: 'RFC 5213 §5' },
      { kind: 'link', time: 4, link: 'eth0', action: 'down', reason: 'cut by an injected fault' },
      { kind: 'link', time: 5, link: 'eth0', action: 'up' },
    ];
    expect(parseTrace(JSON.stringify({ ...trace, events })).trace?.events).toEqual(events);
  });

  it('leaves out link events without a link or a known action, and what a link event does not declare', () => {
    const events = [
      { kind: 'link', time: 1, action: 'up' },
      { kind: 'link', time: 2, link: 'eth0', action: 'sideways' },
      { kind: 'link', time: 3, link: 'eth0', action: 'up', reason: 7 },
      { kind: 'link', time: 4, link: 'eth0', action: 'down', onclick: 'alert(1)' },
    ];
    const { trace: back, problems } = parseTrace(JSON.stringify({ ...trace, events }));
    expect(back?.events).toEqual([{ kind: 'link', time: 4, link: 'eth0', action: 'down' }]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('events[0] is a link event without a link and an action up or down; it is left out');
  });

  it('leaves out and reports events that do not check out, and numbers the packets it keeps', () => {
    const [a, b] = trace.events as PacketEvent[];
    const bad = [{ ...a, bytes: 'zz' }, { ...a, fate: 'eaten' }, { ...a, time: -1 }, { ...a, arrival: 0, time: 5 }, { kind: 'alien', time: 0 }, 7, b];
    const { trace: back, problems } = parseTrace(JSON.stringify({ ...trace, events: bad }));
    expect(back?.events).toHaveLength(1);
    expect((back?.events[0] as PacketEvent).packet).toBe(0);
    expect(problems).toHaveLength(6);
    expect(problems[0]).toBe('events[0] is a packet whose bytes are not lowercase hex; it is left out');
  });

  it('drops properties a packet does not declare', () => {
    const [a] = trace.events as PacketEvent[];
    const { trace: back } = parseTrace(JSON.stringify({ ...trace, events: [{ ...a, onclick: 'alert(1)' }] }));
    expect(Object.keys(back!.events[0]!)).not.toContain('onclick');
  });

  it('refuses what is not a trace, with the reason', () => {
    expect(parseTrace('{').problems[0]).toMatch(/^not JSON/);
    expect(parseTrace('[]').problems).toEqual(['not a trace: the JSON is not an object']);
    expect(parseTrace('{"version":2,"events":[]}').problems[0]).toMatch(/version is 2/);
    expect(parseTrace('{"version":1}').problems).toEqual(['not a trace: it has no "events" list']);
  });

  it('never throws on any JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const r = parseTrace(text);
        expect(Array.isArray(r.problems)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const r = parseTrace(JSON.stringify({ version: 1, events: [value], entities: [value], links: [value] }) ?? '');
        expect(r.trace === undefined || Array.isArray(r.trace.events)).toBe(true);
      }),
    );
  });
});

describe('entities', () => {
  it('keep the first of two with the same id, and report the other', () => {
    const { trace: back, problems } = parseTrace(
      JSON.stringify({ ...trace, entities: [{ id: 'a', label: 'A', role: '' }, { id: 'a', label: 'B', role: '' }] }),
    );
    expect(back?.entities).toEqual([{ id: 'a', label: 'A', role: '' }]);
    expect(problems).toEqual(['entities[1] repeats the id "a"; it is left out']);
  });
});
