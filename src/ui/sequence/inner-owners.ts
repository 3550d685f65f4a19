import { endpointsOf } from '../../sim/from-capture';
import type { PacketEvent } from '../../sim/trace';
import { fromHex, hex, ipv4FromText, ipv6FromText } from '../../wire/core';
import { dissect } from '../../wire/dissect';

/**
 * Which lifeline each inner endpoint of a tunnelled packet belongs to, so the diagram can draw the
 * inner packet's path (CN → MN) beside the tunnel's (LMA → MAG). A trace names a tunnelled
 * packet's inner endpoints by address, and its lifelines by entity. A lifeline named by the
 * address (as in an opened capture) owns it; otherwise the owner is the sender of the first packet
 * whose outer source is that address: a packet leaves the host that owns its source address before
 * any router forwards it. An address no packet comes from stays without an owner.
 */
export function innerOwners(entities: readonly { id: string }[], packets: readonly PacketEvent[]): Map<string, string> {
  const ids = new Set([...entities.map((e) => e.id), ...packets.flatMap((p) => [p.from, p.to])]);
  const owners = new Map<string, string>();
  const wanted = new Map<string, string>();
  for (const p of packets) {
    for (const address of p.inner ? [p.inner.from, p.inner.to] : []) {
      if (owners.has(address) || wanted.has(address)) continue;
      if (ids.has(address)) owners.set(address, address);
      else {
        const bytes = addressHex(address);
        if (bytes) wanted.set(address, bytes);
      }
    }
  }
  for (const p of packets) {
    if (wanted.size === 0) break;
    // Only frames that hold one of the addresses are worth decoding.
    if (![...wanted.values()].some((h) => p.bytes.includes(h))) continue;
    let ends: ReturnType<typeof endpointsOf>;
    try {
      ends = endpointsOf(dissect(fromHex(p.bytes), p.linkType).layers);
    } catch {
      continue; // not hex: a damaged trace file; its other packets may still tell
    }
    if ((ends.kind === 'ipv4' || ends.kind === 'ipv6') && wanted.has(ends.from)) {
      owners.set(ends.from, p.from);
      wanted.delete(ends.from);
    }
  }
  return owners;
}

/** The address's bytes as lowercase hex, or undefined when the text is not an address. */
function addressHex(address: string): string | undefined {
  try {
    return hex(address.includes(':') ? ipv6FromText(address) : ipv4FromText(address));
  } catch {
    return undefined;
  }
}
