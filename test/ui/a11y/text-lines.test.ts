import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run';
import type { PacketEvent } from '../../../src/sim/trace';
import { fateText, fieldText, lineWindow, messageLine, problemText, stepAnnouncement, type TextNode } from '../../../src/ui/a11y/text-lines';
import { fromHex } from '../../../src/wire/core';
import { dissect } from '../../../src/wire/dissect';

const labels: Record<string, string> = { mag1: 'MAG1', lma: 'LMA', mn: 'MN' };
const labelOf = (id: string): string => labels[id] ?? id;

function packet(over: Partial<PacketEvent>): PacketEvent {
  return {
    kind: 'packet',
    packet: 0,
    time: 104_000,
    link: 'mag1-lma',
    from: 'mag1',
    to: 'lma',
    bytes: '',
    linkType: 1,
    fate: 'delivered',
    summary: 'Proxy Binding Update seq 3, lifetime 10 (40 s)',
    plane: 'control',
    ...over,
  };
}

function flatten(nodes: readonly TextNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.text}`, ...flatten(n.children, depth + 1)]);
}

describe('the text version of the diagram', () => {
  it('says each message in one line: number, time, endpoints, summary and fate', () => {
    expect(messageLine(11, packet({}), labelOf)).toBe('12. 0.104 s MAG1 → LMA: Proxy Binding Update seq 3, lifetime 10 (40 s) — delivered');
    expect(messageLine(0, packet({ from: 'lma', to: 'mag1', fate: 'lost', reason: 'the link to MAG1 is down', summary: 'Proxy Binding Acknowledgement status 0' }), labelOf)).toBe(
      '1. 0.104 s LMA → MAG1: Proxy Binding Acknowledgement status 0 — lost: the link to MAG1 is down',
    );
    // An endpoint the trace does not name is said by its id.
    expect(messageLine(2, packet({ from: 'gw', to: 'gw' }), labelOf)).toMatch(/^3\. 0\.104 s gw → gw: /);
  });

  it('says why a message did not arrive, without repeating the fate its reason already says', () => {
    expect(fateText('delivered')).toBe('delivered');
    expect(fateText('filtered', 'no binding for 2001:db8:7::1')).toBe('filtered: no binding for 2001:db8:7::1');
    expect(fateText('dropped-by-fault')).toBe('dropped by a fault');
    expect(fateText('dropped-by-fault', 'dropped by an injected fault')).toBe('dropped by an injected fault');
    expect(fateText('lost', 'lost on the MAG–LMA link (5 %)')).toBe('lost on the MAG–LMA link (5 %)');
  });

  it('announces a step as the message it stepped to, out of how many', () => {
    expect(stepAnnouncement(11, 40, '12. 0.104 s MAG1 → LMA: PBU — delivered')).toBe('Message 12 of 40: 0.104 s MAG1 → LMA: PBU — delivered');
  });

  it("lists a real PBU's layers and fields as nested label: value lines, as the inspector shows them", () => {
    const trace = runScenario('pmipv6-attach', {}, [], 1);
    const pbu = trace.events.find((e): e is PacketEvent => e.kind === 'packet' && e.summary.startsWith('Proxy Binding Update'));
    expect(pbu).toBeDefined();
    const lines = flatten(fieldText(dissect(fromHex(pbu!.bytes), pbu!.linkType).layers));
    expect(lines[0]).toMatch(/^Ethernet II, Src: 02:00:00:01:00:0\w, Dst: /);
    expect(lines).toContain('  Type: IPv6 (0x86dd)');
    expect(lines).toContain('    Sequence #: 1');
    expect(lines).toContain('    Lifetime: 15 (60 s)');
    expect(lines).toContain('      Proxy Registration (P): Set');
    // A structure named by its display is said once, not `Pad1: Pad1`.
    expect(lines).toContain('    Pad1');
    expect(lines).toContain('      Option Type: Pad1 (0)');
    // Layers are not indented, fields are, and no line is empty.
    expect(lines.filter((l) => !l.startsWith(' ')).length).toBeGreaterThanOrEqual(3);
    expect(lines.every((l) => l.trim() !== '')).toBe(true);
  });

  it('marks fields that are not on the wire and bytes that were not decoded', () => {
    const nodes = fieldText([
      {
        name: 'x',
        label: 'X',
        start: 0,
        end: 4,
        value: null,
        display: 'X protocol',
        children: [
          { name: 'x.ck.status', label: 'Checksum status', start: 2, end: 4, value: 'good', display: 'Good', generated: true },
          { name: 'data', label: 'Data', start: 0, end: 2, value: '0102', display: 'Data: 0102', raw: true },
        ],
      },
    ]);
    expect(flatten(nodes)).toEqual(['X protocol', '  Checksum status: Good (worked out, not on the wire)', '  Data: 0102 (not decoded)']);
  });

  it("says a decoder's problem with its bytes", () => {
    expect(problemText({ id: 'mip6.len', severity: 'warn', message: 'the length says 40 bytes, 12 are there', start: 54, end: 66 })).toBe(
      'Warning: the length says 40 bytes, 12 are there (bytes 54–65)',
    );
    expect(problemText({ id: 'x', severity: 'error', message: 'truncated', start: 3, end: 4 })).toBe('Error: truncated (byte 3)');
  });

  it('lists every line of a short run, and a window around the current line of a long one', () => {
    expect(lineWindow(5, 40, 500)).toEqual({ start: 0, end: 40 });
    expect(lineWindow(0, 10_000, 500)).toEqual({ start: 0, end: 500 });
    expect(lineWindow(5_000, 10_000, 500)).toEqual({ start: 4_750, end: 5_250 });
    expect(lineWindow(9_999, 10_000, 500)).toEqual({ start: 9_500, end: 10_000 });
    for (const current of [0, 1, 249, 250, 251, 9_749, 9_750, 9_999]) {
      const { start, end } = lineWindow(current, 10_000, 500);
      expect(end - start).toBe(500);
      expect(current).toBeGreaterThanOrEqual(start);
      expect(current).toBeLessThan(end);
    }
  });
});
