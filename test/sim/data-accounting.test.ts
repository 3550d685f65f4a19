import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenarios/run';
import { traceToCapture } from '../../src/sim/capture';
import { accountData, type DataAccounting } from '../../src/sim/data-accounting';
import { bucketsOf, bucketWidth, summaryText } from '../../src/sim/data-summary';
import { captureToTrace } from '../../src/sim/from-capture';
import type { Fault } from '../../src/sim/faults';
import type { PacketEvent, StateEvent, Trace } from '../../src/sim/trace';

const packets = (t: Trace): PacketEvent[] => t.events.filter((e): e is PacketEvent => e.kind === 'packet');

/** What the machines themselves counted: the CN's echo requests sent and the MNs' replies sent, from their last Traffic tables. */
function sentByMachines(t: Trace): number {
  const last = (entity: string): StateEvent | undefined =>
    [...t.events].reverse().find((e): e is StateEvent => e.kind === 'state' && e.entity === entity && e.tables['Traffic'] !== undefined);
  const cell = (entity: string, column: string): number => Number(last(entity)?.tables['Traffic']?.[0]?.[column] ?? 0);
  const mns = t.entities.filter((e) => e.role === 'MN').map((e) => e.id);
  return cell('cn', 'sent') + mns.reduce((n, mn) => n + cell(mn, 'echo requests answered'), 0);
}

function expectConsistent(t: Trace, acc: DataAccounting): void {
  const { sent, delivered, forwarded, lost } = acc.totals;
  expect(delivered + forwarded + lost).toBe(sent);
  expect(acc.datagrams).toHaveLength(sent);
  // Every data packet belongs to exactly one datagram.
  const data = packets(t).flatMap((p, i) => (p.plane === 'data' ? [i] : []));
  expect(acc.marks.map((m) => m.index)).toEqual(data);
  for (const d of acc.datagrams) {
    if (d.outcome === 'lost') {
      expect(d.hops).toContain(d.lost!.index);
      expect(acc.marks.find((m) => m.index === d.lost!.index)?.role).toBe('lost');
    } else {
      expect(d.latencyUs).toBeGreaterThan(0);
      expect(d.lost).toBeUndefined();
    }
  }
}

describe('data-plane accounting of real runs', () => {
  it('pmipv6-handover: most echoes delivered, the two sent while the LMA had no route lost there, every datagram counted once', () => {
    const t = runScenario('pmipv6-handover');
    const acc = accountData(t);
    expectConsistent(t, acc);
    expect(acc.totals.sent).toBe(sentByMachines(t));
    expect(acc.totals.delivered).toBeGreaterThan(0);
    expect(acc.handovers).toEqual([{ mobile: 'mn1', at: expect.any(Number), from: 'mag1', to: 'mag2' }]);
    const lost = acc.datagrams.filter((d) => d.outcome === 'lost');
    expect(lost.map((d) => [d.direction, d.summary, d.lost!.entity, d.lost!.fate])).toEqual([
      ['down', 'Echo (ping) request id=0x504d, seq=11', 'lma', 'filtered'],
      ['down', 'Echo (ping) request id=0x504d, seq=12', 'lma', 'filtered'],
    ]);
    expect(lost[0]!.lost!.reason).toMatch(/^lma has no route to 2001:db8:100::/);
    // A delivered echo request crosses three links: CN → LMA, the tunnel to its MAG, MAG → MN.
    const first = acc.datagrams[0]!;
    expect(first.hops.map((h) => packets(t)[h]!.link)).toEqual(['lma-cn', 'mag1-lma', 'mn1-mag1']);
    expect([first.origin, first.destination, first.via, first.direction]).toEqual(['cn', 'mn1', 'mag1', 'down']);
    const reply = acc.datagrams[1]!;
    expect([reply.origin, reply.destination, reply.via, reply.direction]).toEqual(['mn1', 'cn', 'mag1', 'up']);
    expect(acc.datagrams.find((d) => d.sentUs > acc.handovers[0]!.at && d.outcome === 'delivered')?.via).toBe('mag2');
  });

  it('a cut of the MAG1–MN link loses the echoes on that link, with the cut as the reason', () => {
    const t = runScenario('pmipv6-handover', {}, [{ kind: 'cut', link: 'mn1-mag1', atUs: 200_000 }]);
    const acc = accountData(t);
    expectConsistent(t, acc);
    const onLink = acc.datagrams.filter((d) => d.lost?.link === 'mn1-mag1');
    expect(onLink.length).toBeGreaterThan(3);
    for (const d of onLink) {
      expect(d.lost).toMatchObject({ fate: 'lost', reason: 'link mn1-mag1 is cut' });
      expect(d.lost!.entity).toBeUndefined();
      expect(d.sentUs).toBeGreaterThanOrEqual(190_000);
      expect(packets(t)[d.lost!.index]).toMatchObject({ from: 'mag1', to: 'mn1' });
    }
    expect(summaryText(acc)).toMatch(new RegExp(`${onLink.length} on mn1-mag1: link mn1-mag1 is cut`));
  });

  it('a dropped tunnelled echo is lost on the MAG–LMA link by the fault, and only that datagram', () => {
    const plain = runScenario('pmipv6-handover');
    const target = packets(plain).findIndex((p) => p.plane === 'data' && p.link === 'mag1-lma' && p.from === 'lma');
    const t = runScenario('pmipv6-handover', {}, [{ kind: 'drop', packet: target }]);
    const acc = accountData(t);
    expectConsistent(t, acc);
    const dropped = acc.datagrams.filter((d) => d.lost?.fate === 'dropped-by-fault');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.lost).toEqual({ index: target, link: 'mag1-lma', fate: 'dropped-by-fault', reason: 'dropped by an injected fault' });
    expect(dropped[0]!.hops).toEqual([target - 1, target]);
    expect(acc.totals.lost).toBe(accountData(plain).totals.lost + 1);
    // No request arrived, so the MN sent no reply: one datagram fewer in all.
    expect(acc.totals.sent).toBe(accountData(plain).totals.sent - 1);
  });

  it('an echo sent before the handover and held up until the route moved is delivered through MAG2: forwarded across the handover', () => {
    const plain = runScenario('pmipv6-handover');
    const lastLost = accountData(plain).datagrams.find((d) => d.outcome === 'lost')!;
    const t = runScenario('pmipv6-handover', {}, [{ kind: 'delay', packet: lastLost.hops[0]!, byUs: 40_000 }]);
    const acc = accountData(t);
    expectConsistent(t, acc);
    const forwarded = acc.datagrams.filter((d) => d.outcome === 'forwarded');
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]).toMatchObject({ summary: lastLost.summary, forwardedFrom: 'mag1', via: 'mag2', destination: 'mn1' });
    expect(forwarded[0]!.sentUs).toBeLessThan(acc.handovers[0]!.at);
    const delivery = forwarded[0]!.hops[forwarded[0]!.hops.length - 1]!;
    expect(acc.marks.find((m) => m.index === delivery)?.role).toBe('forwarded');
    expect(summaryText(acc)).toMatch(/ · 1 forwarded across the handover · /);
  });

  it('a copy made by a fault is the same datagram, delivered once', () => {
    const plain = runScenario('pmipv6-handover');
    const first = packets(plain).findIndex((p) => p.plane === 'data');
    const t = runScenario('pmipv6-handover', {}, [{ kind: 'duplicate', packet: first }]);
    const acc = accountData(t);
    expect(acc.datagrams[0]!.hops.length).toBeGreaterThan(accountData(plain).datagrams[0]!.hops.length);
    expect(acc.datagrams[0]!.outcome).toBe('delivered');
  });

  it('a trace with no data gives an empty accounting', () => {
    const acc = accountData(runScenario('pmipv6-reject'));
    expect(acc).toEqual({ datagrams: [], totals: { sent: 0, delivered: 0, forwarded: 0, lost: 0 }, marks: [], handovers: [] });
    expect(bucketsOf(acc).buckets).toEqual([]);
    expect(summaryText(acc)).toBe('0 sent · 0 delivered · 0 lost');
  });

  it('a capture, whose endpoints are addresses, is not accounted', () => {
    const t = runScenario('pmipv6-attach');
    expect(accountData(captureToTrace(traceToCapture(t, 'test'), 'attach.pcapng')).datagrams).toEqual([]);
  });
});

describe('buckets and the summary line', () => {
  it('bucket widths are 1, 2 or 5 times a power of ten, and no finer than a millisecond', () => {
    expect(bucketWidth(1_000_000)).toBe(50_000);
    expect(bucketWidth(300_000, 10)).toBe(50_000);
    expect(bucketWidth(10)).toBe(1000);
    expect(bucketWidth(9_000_000)).toBe(500_000);
  });

  it('the buckets hold every datagram once, by its send time', () => {
    const acc = accountData(runScenario('pmipv6-handover'));
    const { widthUs, buckets } = bucketsOf(acc);
    expect(buckets.flatMap((b) => b.ids).sort((a, b) => a - b)).toEqual(acc.datagrams.map((d) => d.id));
    for (const b of buckets) {
      expect(b.endUs - b.startUs).toBe(widthUs);
      expect(b.delivered + b.forwarded + b.lost).toBe(b.ids.length);
      for (const id of b.ids) expect(acc.datagrams[id]!.sentUs).toBeGreaterThanOrEqual(b.startUs);
    }
    expect(buckets.reduce((n, b) => n + b.lost, 0)).toBe(acc.totals.lost);
  });

  it('reads as one line, with the entities by their labels', () => {
    const t = runScenario('pmipv6-handover');
    const label = (id: string): string => t.entities.find((e) => e.id === id)?.label ?? id;
    expect(summaryText(accountData(t), label)).toBe('70 sent · 68 delivered · 2 lost at LMA (HA): lma has no route to 2001:db8:100::ff:fe00:11');
  });
});

describe('accounting properties', () => {
  it('the outcomes always add up to the datagrams the CN and the MN sent, whatever the seed, loss and timing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom(0, 5, 20),
        fc.boolean(),
        fc.integer({ min: 0, max: 200 }),
        (seed, loss, race, gap) => {
          const t = runScenario('pmipv6-handover', { loss, race, gap }, [] as Fault[], seed);
          const acc = accountData(t);
          expectConsistent(t, acc);
          expect(acc.totals.sent).toBe(sentByMachines(t));
        },
      ),
      { numRuns: 12 },
    );
  });
});
