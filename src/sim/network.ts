import { hex, type LayerValue } from '../wire/core';
import { dissect } from '../wire/dissect';
import { Engine } from './engine';
import { FaultPlan, type Fault } from './faults';
import { Link, type LinkOptions } from './link';
import { SimNode, type Fabric, type Interface } from './node';
import { Recorder } from './recorder';
import type { Rng } from './rng';
import type { PacketEvent } from './trace';

/**
 * The simulated network: nodes, links, the clock they share, the seeded randomness, the faults a
 * learner injected, and the trace recorder every frame passes through. Frames cross links as
 * bytes; the receiver decodes them, so what the trace holds is exactly what was sent.
 */
export class Network implements Fabric {
  readonly engine = new Engine();
  readonly recorder = new Recorder();
  readonly nodes = new Map<string, SimNode>();
  readonly links = new Map<string, Link>();
  /** Every link the run ever had, unplugged ones included: packets name them. */
  readonly linkHistory: Link[] = [];
  readonly faults: FaultPlan;
  private macCounter = 0;

  constructor(
    readonly rng: Rng,
    faults: readonly Fault[] = [],
  ) {
    this.faults = new FaultPlan(faults);
  }

  get now(): number {
    return this.engine.now;
  }

  addNode(id: string, o: { forwarding?: boolean } = {}): SimNode {
    if (this.nodes.has(id)) throw new Error(`node ${id} exists already`);
    const n = new SimNode(id, this, o.forwarding ?? false);
    this.nodes.set(id, n);
    return n;
  }

  node(id: string): SimNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  /** A locally administered MAC, unique in this network and the same in every run. */
  nextMac(): string {
    const n = ++this.macCounter;
    // The fourth octet 01 keeps these apart from the MACs a scenario gives its mobile nodes.
    return `02:00:00:01:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
  }

  /** Plug two interfaces together. */
  connect(id: string, a: [SimNode, string], b: [SimNode, string], o: LinkOptions): Link {
    if (this.links.has(id)) throw new Error(`link ${id} is plugged in already`);
    const ia = a[0].iface(a[1]);
    const ib = b[0].iface(b[1]);
    const link = new Link(id, { node: a[0], iface: ia }, { node: b[0], iface: ib }, o, this.rng.fork(`link:${id}`));
    ia.link = link;
    ib.link = link;
    this.links.set(id, link);
    this.linkHistory.push(link);
    this.recorder.link({ time: this.now, link: id, action: 'up', reason: 'plugged in' });
    return link;
  }

  /** Unplug a link (an MN leaving a MAG); frames in flight on it are lost. */
  disconnect(id: string): void {
    const link = this.links.get(id);
    if (!link) return;
    const wasUp = link.up;
    link.up = false;
    if (link.a.iface.link === link) delete link.a.iface.link;
    if (link.b.iface.link === link) delete link.b.iface.link;
    this.links.delete(id);
    // A link cut before it was unplugged went down already: the trace says so once.
    if (wasUp) this.recorder.link({ time: this.now, link: id, action: 'down', reason: 'unplugged' });
  }

  /**
   * Cut a plugged-in link (a learner's fault): it stays plugged, so neither end notices, but every
   * frame on it is lost. Says whether there was such a link.
   */
  cut(id: string): boolean {
    const link = this.links.get(id);
    if (!link) return false;
    if (link.up) this.recorder.link({ time: this.now, link: id, action: 'down', reason: 'cut by an injected fault' });
    link.up = false;
    return true;
  }

  /** Make a cut link carry frames again; says whether there was such a link. */
  restore(id: string): boolean {
    const link = this.links.get(id);
    if (!link) return false;
    if (!link.up) this.recorder.link({ time: this.now, link: id, action: 'up', reason: 'restored after an injected cut' });
    link.up = true;
    return true;
  }

  transmit(node: SimNode, iface: Interface, bytes: Uint8Array): PacketEvent | undefined {
    const link = iface.link;
    if (!link) return undefined;
    const peer = link.peer(iface);
    const fate = this.faults.forPacket(this.recorder.packetCount);
    const d = dissect(bytes, link.linkType);
    const ev = this.recorder.packet({
      time: this.now,
      link: link.id,
      from: node.id,
      to: peer.node.id,
      bytes: hex(bytes),
      linkType: link.linkType,
      fate: 'delivered',
      summary: d.summary,
      plane: planeOf(d.value),
      ...innerOf(d.value),
    });
    if (fate.drop) {
      ev.fate = 'dropped-by-fault';
      ev.reason = 'dropped by an injected fault';
    } else if (!link.up) {
      ev.fate = 'lost';
      ev.reason = `link ${link.id} is cut`;
    } else if (link.lost()) {
      ev.fate = 'lost';
      ev.reason = `lost on ${link.id} (loss ${Math.round(link.loss * 100)} %)`;
    } else {
      const delay = link.transitUs() + fate.extraDelayUs;
      ev.arrival = this.now + delay;
      this.engine.schedule(delay, `deliver #${ev.packet + 1}`, () => {
        // The link may have been cut or the MN unplugged while the frame was on its way.
        if (!link.up || peer.iface.link !== link) {
          ev.fate = 'lost';
          ev.reason = `link ${link.id} went down while the frame was in flight`;
          delete ev.arrival;
          return;
        }
        if (!d.value || d.problems.some((p) => p.severity === 'error')) {
          this.filter(ev, `${peer.node.id} could not decode the frame`);
          return;
        }
        peer.node.receiveFrame(d.value, peer.iface, ev);
      });
    }
    if (fate.duplicate) {
      const copy = this.transmit(node, iface, bytes);
      if (copy) copy.reason = 'a copy made by an injected fault';
    }
    return ev;
  }

  filter(event: PacketEvent | undefined, reason: string): void {
    if (!event) return;
    event.fate = 'filtered';
    event.reason = reason;
  }
}

/** The correspondent's traffic is data; everything else is signalling. */
function planeOf(v: LayerValue | undefined): PacketEvent['plane'] {
  for (let p = v; p; p = p.payload as LayerValue | undefined) {
    if (p.proto === 'icmpv6' && (p.type === 128 || p.type === 129)) return 'data';
    if (p.proto === 'icmp' && (p.type === 8 || p.type === 0)) return p.ident === LINK_PROBE_IDENTIFIER ? 'control' : 'data';
    if (p.proto === 'udp' && (p.dstport === DATA_PORT || p.srcport === DATA_PORT)) return 'data';
  }
  return 'control';
}

/** The UDP port of the correspondent's stream (the discard service's neighbour, unassigned to mobility). */
export const DATA_PORT = 9000;

/**
 * The echo Identifier of a host's gateway check after a link change (PROBE_IDENTIFIER in
 * src/entities/mn-dna.ts; RFC 5563 §6.2): signalling between the host and its access router, not data.
 */
export const LINK_PROBE_IDENTIFIER = 0x444e;

/** For a tunnelled packet, the endpoints of the innermost IP packet. */
function innerOf(v: LayerValue | undefined): { inner?: PacketEvent['inner'] } {
  const ips: LayerValue[] = [];
  for (let p = v; p; p = p.payload as LayerValue | undefined) if (p.proto === 'ip' || p.proto === 'ipv6') ips.push(p);
  if (ips.length < 2) return {};
  const last = ips[ips.length - 1]!;
  return { inner: { from: last.src as string, to: last.dst as string, summary: `${last.src as string} → ${last.dst as string}` } };
}
