import { describe, expect, it } from 'vitest';
import { captureToTrace, endpointsOf, planeOf, readCaptureTrace } from '../../src/sim/from-capture';
import type { PacketEvent } from '../../src/sim/trace';
import { hex } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { allExamples } from '../../src/wire/examples';
import { LINKTYPE, writePcapng, type CaptureFile } from '../../src/wire/pcapng';

const examples = allExamples();
const byName = (name: string) => examples.find((e) => e.name === name)!;

function capture(names: string[], start = 1_700_000_000_000_000, step = 2_500): CaptureFile {
  return {
    format: 'pcapng',
    interfaces: [{ linkType: LINKTYPE.ETHERNET, name: 'eth0' }],
    packets: names.map((n, i) => ({ interfaceId: 0, timestampUs: start + i * step, data: byName(n).build(), comment: `comment ${i}` })),
  };
}

const packetsOf = (events: readonly unknown[]) => events as PacketEvent[];

describe('a capture as a trace', () => {
  const names = ['mipv4-prrq-per-node-fa-ha', 'mipv4-prrp-accepted', 'udp-over-ipv6-with-data'];
  const trace = captureToTrace(capture(names), 'three.pcapng');
  const packets = packetsOf(trace.events);

  it('has one packet event per frame, timed from the first frame', () => {
    expect(packets.map((p) => [p.packet, p.time])).toEqual([[0, 0], [1, 2_500], [2, 5_000]]);
    expect(trace.duration).toBe(5_000);
    expect(packets.every((p) => p.kind === 'packet' && p.fate === 'delivered' && p.arrival === undefined)).toBe(true);
  });

  it('carries the bytes, link type and summary of each frame', () => {
    packets.forEach((p, i) => {
      const bytes = byName(names[i]!).build();
      expect(p.bytes).toBe(hex(bytes));
      expect(p.linkType).toBe(LINKTYPE.ETHERNET);
      expect(p.summary).toBe(dissect(bytes, LINKTYPE.ETHERNET).summary);
      expect(p.link).toBe('eth0');
    });
  });

  it('draws frames between their outer IP addresses, and names entities by address in order of appearance', () => {
    expect(packets.map((p) => `${p.from} > ${p.to}`)).toEqual([
      '198.51.100.1 > 192.0.2.10',
      '192.0.2.10 > 198.51.100.1',
      '2001:db8::1 > 2001:db8:1::2',
    ]);
    expect(trace.entities).toEqual([
      { id: '198.51.100.1', label: '198.51.100.1', role: 'ipv4' },
      { id: '192.0.2.10', label: '192.0.2.10', role: 'ipv4' },
      { id: '2001:db8::1', label: '2001:db8::1', role: 'ipv6' },
      { id: '2001:db8:1::2', label: '2001:db8:1::2', role: 'ipv6' },
    ]);
  });

  it('makes each packet comment the step note', () => {
    expect(packets.map((p) => p.step)).toEqual(['comment 0', 'comment 1', 'comment 2']);
  });

  it('tells signalling from data', () => {
    expect(packets.map((p) => p.plane)).toEqual(['control', 'control', 'data']);
  });

  it('gives a tunnelled packet its outer endpoints, with the inner ones beside', () => {
    const t = captureToTrace(capture(['mipv4-tunnel-data-keepalive']), 't');
    const [p] = packetsOf(t.events);
    expect([p!.from, p!.to]).toEqual(['203.0.113.9', '192.0.2.10']);
    expect(p!.inner).toMatchObject({ from: '10.0.0.7', to: '192.0.2.10' });
    expect(p!.plane).toBe('data');
  });

  it('uses the time of the earliest frame when frames are out of order', () => {
    const c = capture(names);
    c.packets[0]!.timestampUs = (c.packets[0]!.timestampUs as number) + 10_000;
    expect(packetsOf(captureToTrace(c, 'x').events).map((p) => p.time)).toEqual([7_500, 0, 2_500]);
  });

  it('has one link per interface, named by the interface', () => {
    expect(trace.links).toEqual([{ id: 'eth0', a: '198.51.100.1', b: '192.0.2.10', linkType: LINKTYPE.ETHERNET, delayUs: 0 }]);
    const twin: CaptureFile = { ...capture(names), interfaces: [{ linkType: 1, name: 'x' }, { linkType: 1, name: 'x' }, { linkType: 1 }] };
    expect(captureToTrace(twin, 'x').links.map((l) => l.id)).toEqual(['interface 0 (x)', 'interface 1 (x)', 'interface 2']);
  });
});

describe('endpoints and planes from the layers', () => {
  it('fall back to the MAC addresses without IP, and to unknown without either', () => {
    const eth = dissect(Uint8Array.of(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0xb5, 1, 2), LINKTYPE.ETHERNET);
    expect(endpointsOf(eth.layers)).toEqual({ from: '02:00:00:00:00:01', to: '02:00:00:00:00:02', kind: 'mac' });
    expect(endpointsOf([])).toEqual({ from: 'unknown sender', to: 'unknown receiver', kind: 'unknown' });
    expect(planeOf([])).toBe('data');
  });
});

describe('reading a file', () => {
  const file = writePcapng(capture(['mipv4-prrq-per-node-fa-ha', 'mipv4-prrp-accepted', 'mipv4-revocation-ack']));

  it('reads a clean file with no problems', () => {
    const { trace, problems } = readCaptureTrace(file, 'ok.pcapng');
    expect(problems).toEqual([]);
    expect(trace?.events).toHaveLength(3);
    expect(trace?.params).toEqual({ file: 'ok.pcapng', format: 'pcapng' });
  });

  it('keeps the packets before the damage of a truncated file, and says where it is', () => {
    const { trace, problems } = readCaptureTrace(file.slice(0, file.length - 40), 'cut.pcapng');
    expect(trace?.events).toHaveLength(2);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.start).toBeGreaterThan(0);
  });

  it('gives no trace for a file that is not a capture', () => {
    const { trace, problems } = readCaptureTrace(new TextEncoder().encode('hello'), 'x.txt');
    expect(trace).toBeUndefined();
    expect(problems[0]!.id).toBe('capture.format.unknown');
  });
});
