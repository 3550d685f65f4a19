import { fromHex, hex, type LayerValue } from '../wire/core';
import { dissect } from '../wire/dissect';

/**
 * What one data datagram looks like at every hop of its way: the transport layer of its innermost
 * IP packet, the checksum left out. A tunnel wraps that packet and a router lowers its hop limit,
 * but neither touches what it carries: the echo's identifier, sequence number and data (the CN
 * stamps each with its number and send time), or the UDP stream's ports and stamped payload. Two
 * hops with the same key and meeting at a node are one datagram passed on.
 */
export interface DatagramKey {
  key: string;
  /** The transport protocol of the innermost packet: `icmpv6`, `icmp`, `udp`. */
  proto: string;
}

/** The key of a frame's innermost datagram, or undefined when its bytes hold no IP packet with a payload. */
export function datagramKey(bytesHex: string, linkType: number): DatagramKey | undefined {
  if (bytesHex.length % 2 !== 0 || /[^0-9a-f]/i.test(bytesHex)) return undefined;
  const frame = dissect(fromHex(bytesHex), linkType).value;
  let transport: LayerValue | undefined;
  for (let p: LayerValue | undefined = frame; p; p = asLayer(p.payload)) {
    if (p.proto === 'ip' || p.proto === 'ipv6') transport = asLayer(p.payload);
  }
  if (!transport) return undefined;
  return { key: `${transport.proto}:${canonical(transport)}`, proto: transport.proto };
}

function asLayer(v: unknown): LayerValue | undefined {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && typeof (v as LayerValue).proto === 'string' ? (v as LayerValue) : undefined;
}

/**
 * A value as text with its keys sorted and bytes in hex, so equal layers give equal text. The
 * checksum is left out: it covers the IP addresses too, and says nothing a learner would call
 * "which datagram".
 */
function canonical(v: unknown): string {
  if (v instanceof Uint8Array) return `x${hex(v)}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v)
      .filter(([k, x]) => k !== 'checksum' && x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${k}=${canonical(x)}`).join(',')}}`;
  }
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v) ?? 'undefined';
}
