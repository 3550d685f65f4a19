import type { LayerValue } from '../wire/core';
import type { Network } from './network';
import type { Interface, SimNode } from './node';
import type { PacketEvent, TableRow } from './trace';

/**
 * A NAPT for IPv4 UDP between a node's inside and outside interfaces (RFC 3022 §2.2, with the
 * behaviour RFC 4787 asks of it): the first packet of an inside address:port makes a binding to a
 * public port, every outbound packet refreshes it, and it expires `bindingTimeoutMs` after its last
 * outbound use (RFC 4787 §4.3: the UDP mapping timer; outbound refresh, REQ-6). Mapping is
 * endpoint-independent (REQ-1) and so is filtering: any outside host may send to a live binding,
 * which is what a MAG behind a NAT relies on when the LMA answers to the translated address and
 * port (RFC 5555 §4.1, and §4.2's keepalives keep the binding alive when there is no traffic).
 *
 * Only UDP is translated. Other IPv4 protocols forwarded from the inside (ICMP, TCP, IP-in-IP) are
 * dropped with a reason rather than sent out with a private source address; those from the outside
 * addressed to the public address itself go on to the node unchanged (its own ICMP, say). IPv6 and
 * packets addressed to the node are not touched.
 */

export interface NatOptions {
  /** Interface names. */
  inside: string;
  outside: string;
  /** The address the inside hosts appear as. */
  publicAddress: string;
  /** The first public port handed out (default 40000); ports go up from it and are not reused. */
  firstPort?: number;
  /** UDP binding idle timeout, ms (default 30000; RFC 4787 REQ-5 asks for no less than 2 min, NATs in the wild use less). */
  bindingTimeoutMs?: number;
}

export interface NatBinding {
  insideAddr: string;
  insidePort: number;
  publicPort: number;
  /** µs. */
  created: number;
  lastUsed: number;
}

export interface Nat {
  readonly bindings: ReadonlyMap<number, NatBinding>;
  /** The binding of an inside address:port, if live. */
  lookup(insideAddr: string, insidePort: number): NatBinding | undefined;
}

const TABLE = 'NAT bindings';
const STATE = 'translating';

export function makeNat(net: Network, node: SimNode, o: NatOptions): Nat {
  const timeoutUs = (o.bindingTimeoutMs ?? 30000) * 1000;
  const byPublic = new Map<number, NatBinding>();
  const byInside = new Map<string, NatBinding>();
  /** Public ports whose binding expired, and when. */
  const expired = new Map<number, { inside: string; at: number }>();
  let nextPort = o.firstPort ?? 40000;
  const key = (addr: string, port: number): string => `${addr}:${port}`;
  const secs = (us: number): number => us / 1e6;

  const record = (): void => {
    const rows: TableRow[] = [...byPublic.values()].map((b) => ({
      inside: key(b.insideAddr, b.insidePort),
      public: key(o.publicAddress, b.publicPort),
      'expires (s)': secs(b.lastUsed + timeoutUs),
      'last used (s)': secs(b.lastUsed),
    }));
    net.recorder.state(net.now, node.id, STATE, { [TABLE]: rows });
  };

  /** One expiry event per binding; when it fires after a refresh it is scheduled again for the new deadline. */
  const scheduleExpiry = (b: NatBinding): void => {
    const at = b.lastUsed + timeoutUs;
    net.recorder.timer({ time: net.now, entity: node.id, name: 'NAT binding', action: 'start', expires: at });
    net.engine.schedule(at - net.now, `NAT binding ${key(o.publicAddress, b.publicPort)} expiry`, () => {
      if (byPublic.get(b.publicPort) !== b) return;
      const deadline = b.lastUsed + timeoutUs;
      if (deadline > net.now) return scheduleExpiry(b);
      net.recorder.timer({ time: net.now, entity: node.id, name: 'NAT binding', action: 'fire' });
      byPublic.delete(b.publicPort);
      byInside.delete(key(b.insideAddr, b.insidePort));
      expired.set(b.publicPort, { inside: key(b.insideAddr, b.insidePort), at: net.now });
      record();
    });
  };

  const outbound = (pkt: LayerValue, event: PacketEvent): LayerValue | 'drop' => {
    const udp = pkt.payload as LayerValue | undefined;
    if (udp?.proto !== 'udp') {
      net.filter(event, `${node.id} (NAT) translates only UDP; ${String(udp?.proto ?? 'this packet')} from ${pkt.src as string} is not sent out`);
      return 'drop';
    }
    const src = pkt.src as string;
    const sport = udp.srcport as number;
    let b = byInside.get(key(src, sport));
    if (b) {
      b.lastUsed = net.now;
    } else {
      if (nextPort > 65535) {
        net.filter(event, `${node.id} (NAT) has no public port left for ${key(src, sport)}`);
        return 'drop';
      }
      b = { insideAddr: src, insidePort: sport, publicPort: nextPort++, created: net.now, lastUsed: net.now };
      byInside.set(key(src, sport), b);
      byPublic.set(b.publicPort, b);
      scheduleExpiry(b);
    }
    record();
    return rewrite(pkt, udp, { src: o.publicAddress }, { srcport: b.publicPort });
  };

  const inbound = (pkt: LayerValue, event: PacketEvent): LayerValue | 'drop' | undefined => {
    const udp = pkt.payload as LayerValue | undefined;
    if (udp?.proto !== 'udp') return undefined;
    const port = udp.dstport as number;
    const b = byPublic.get(port);
    if (!b) {
      const gone = expired.get(port);
      const why = gone
        ? `it expired at ${secs(gone.at)} s after ${timeoutUs / 1e6} s idle; it was ${gone.inside}`
        : 'none was ever made';
      net.filter(event, `no NAT binding for ${key(o.publicAddress, port)} (${why})`);
      return 'drop';
    }
    return rewrite(pkt, udp, { dst: b.insideAddr }, { dstport: b.insidePort });
  };

  const isOwn = (addr: string): boolean => node.hasAddress(addr) || addr === '255.255.255.255';

  node.preRoute = (pkt: LayerValue, iface: Interface, event) => {
    if (pkt.proto !== 'ip') return undefined;
    if (iface.name === o.inside && !isOwn(pkt.dst as string)) return outbound(pkt, event);
    if (iface.name === o.outside && pkt.dst === o.publicAddress) return inbound(pkt, event);
    return undefined;
  };
  record();

  return {
    bindings: byPublic,
    lookup: (addr, port) => byInside.get(key(addr, port)),
  };
}

/** The packet with new addresses and ports; the checksums are dropped so the encoder computes them again. */
function rewrite(pkt: LayerValue, udp: LayerValue, ip: Record<string, string>, ports: Record<string, number>): LayerValue {
  const u: LayerValue = { ...udp, ...ports };
  delete u.checksum;
  const p: LayerValue = { ...pkt, ...ip, payload: u };
  delete p.checksum;
  return p;
}
