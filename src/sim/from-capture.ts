import { hex, walk, type FieldNode, type Problem } from '../wire/core';
import { dissect } from '../wire/dissect';
import { readCapture, type CaptureFile } from '../wire/pcapng';
import type { EntityInfo, LinkInfo, PacketEvent, Trace } from './trace';

/**
 * A capture as a Trace, so a pcap or pcapng file plays in the same sequence diagram as a run: one
 * packet event per frame, its time relative to the earliest frame, its endpoints the OUTER IP
 * source and destination (the MACs for a frame without IP), its comment the step note. A capture
 * knows when a frame was seen, not when it arrived, so `arrival` is left out and every frame is
 * `delivered`; nor does it say when a link came up or went down, so the trace has no link events.
 */

export interface CaptureTrace {
  /** Absent only when nothing could be read at all (not a capture, or no packet in it). */
  trace?: Trace;
  /** What was wrong with the file, with byte offsets into the file. */
  problems: Problem[];
}

/** Reads pcap or pcapng bytes and converts what could be read. Never throws. */
export function readCaptureTrace(bytes: Uint8Array, fileName: string): CaptureTrace {
  const { capture, problems } = readCapture(bytes);
  if (!capture || capture.packets.length === 0) return { problems };
  return { trace: captureToTrace(capture, fileName), problems };
}

/** Where a frame came from and went to, as the diagram draws it. */
interface Endpoints {
  from: string;
  to: string;
  kind: 'ipv4' | 'ipv6' | 'mac' | 'unknown';
}

const ADDRESS_FIELDS: ReadonlyArray<[layer: string, kind: Endpoints['kind']]> = [
  ['ip', 'ipv4'],
  ['ipv6', 'ipv6'],
];

export function captureToTrace(capture: CaptureFile, fileName: string): Trace {
  const times = capture.packets.map((p) => BigInt(p.timestampUs));
  const origin = times.reduce((min, t) => (t < min ? t : min), times[0] ?? 0n);
  const linkIds = interfaceIds(capture);
  const entities = new Map<string, EntityInfo>();
  const linkEnds = new Map<string, [string, string]>();
  const meet = (id: string, kind: Endpoints['kind']): void => {
    if (!entities.has(id)) entities.set(id, { id, label: id, role: kind });
  };

  const events: PacketEvent[] = capture.packets.map((p, i) => {
    const iface = capture.interfaces[p.interfaceId];
    const linkType = iface?.linkType ?? 1;
    const d = dissect(p.data, linkType);
    const ends = endpointsOf(d.layers);
    meet(ends.from, ends.kind);
    meet(ends.to, ends.kind);
    const link = linkIds[p.interfaceId] ?? `interface ${p.interfaceId}`;
    if (!linkEnds.has(link)) linkEnds.set(link, [ends.from, ends.to]);
    const event: PacketEvent = {
      kind: 'packet',
      packet: i,
      time: Number(times[i]! - origin),
      link,
      from: ends.from,
      to: ends.to,
      bytes: hex(p.data),
      linkType,
      fate: 'delivered',
      summary: d.summary,
      plane: planeOf(d.layers),
    };
    const inner = innerOf(d.layers, d.summary);
    if (inner) event.inner = inner;
    if (p.comment !== undefined && p.comment.trim() !== '') event.step = p.comment.trim();
    return event;
  });

  const links: LinkInfo[] = capture.interfaces.map((iface, i) => {
    const id = linkIds[i]!;
    const [a, b] = linkEnds.get(id) ?? ['', ''];
    return { id, a, b, linkType: iface.linkType, delayUs: 0 };
  });
  // A packet naming an interface the file never described still needs a link to point at.
  for (const e of events) {
    if (!links.some((l) => l.id === e.link)) links.push({ id: e.link, a: e.from, b: e.to, linkType: e.linkType, delayUs: 0 });
  }

  return {
    version: 1,
    scenario: 'capture',
    params: { file: fileName, format: capture.format },
    seed: 0,
    faults: [],
    entities: [...entities.values()],
    links,
    events,
    duration: events.reduce((max, e) => Math.max(max, e.time), 0),
  };
}

/** One id per interface: its name when it has a unique one, otherwise `interface N`. */
function interfaceIds(capture: CaptureFile): string[] {
  const names = capture.interfaces.map((iface) => iface.name?.trim() || undefined);
  return names.map((name, i) =>
    name !== undefined && names.indexOf(name) === names.lastIndexOf(name) ? name : `interface ${i}${name ? ` (${name})` : ''}`,
  );
}

function addresses(layer: FieldNode): [string, string] | undefined {
  const fields = layer.children ?? [];
  const src = fields.find((f) => f.name === `${layer.name}.src`);
  const dst = fields.find((f) => f.name === `${layer.name}.dst`);
  return src && dst ? [String(src.value ?? src.display), String(dst.value ?? dst.display)] : undefined;
}

/** The outermost IP header's addresses; the Ethernet addresses when there is no IP; else unknown. */
export function endpointsOf(layers: readonly FieldNode[]): Endpoints {
  for (const layer of layers) {
    const kind = ADDRESS_FIELDS.find(([name]) => name === layer.name)?.[1];
    const pair = kind && addresses(layer);
    if (kind && pair) return { from: pair[0], to: pair[1], kind };
  }
  const eth = layers.find((l) => l.name === 'eth');
  const macs = eth && addresses(eth);
  if (macs) return { from: macs[0], to: macs[1], kind: 'mac' };
  return { from: 'unknown sender', to: 'unknown receiver', kind: 'unknown' };
}

/** For a tunnelled packet (an IP header inside another), the innermost IP header's endpoints. */
function innerOf(layers: readonly FieldNode[], summary: string): PacketEvent['inner'] {
  const ips = layers.filter((l) => l.name === 'ip' || l.name === 'ipv6');
  const pair = ips.length > 1 ? addresses(ips[ips.length - 1]!) : undefined;
  return pair && { from: pair[0], to: pair[1], summary };
}

/** Layers that carry the user's packets rather than signalling about them. */
const DATA_LAYERS = new Set(['eth', 'ip', 'ipv6', 'udp', 'tcp', 'icmp', 'gre', 'rawip', 'ppp', 'data']);
/** ICMPv6 echo request and reply: data; the rest of ICMPv6 (ND, errors) is signalling. */
const ICMPV6_ECHO = new Set([128, 129]);

/**
 * Control-plane signalling or data, judged by the innermost layer that is not opaque data: a
 * Proxy Binding Update is control even inside IPv4-in-IPv6, and a ping inside a tunnel is data.
 */
export function planeOf(layers: readonly FieldNode[]): 'control' | 'data' {
  const meaningful = layers.filter((l) => l.name !== 'data');
  const last = meaningful[meaningful.length - 1];
  if (!last) return 'data';
  if (last.name === 'icmpv6') {
    const type = [...walk(last.children ?? [])].find((n) => n.name === 'icmpv6.type')?.value;
    return typeof type === 'number' && ICMPV6_ECHO.has(type) ? 'data' : 'control';
  }
  if (last.name.startsWith('ipv6.')) return 'data';
  return DATA_LAYERS.has(last.name) ? 'data' : 'control';
}
