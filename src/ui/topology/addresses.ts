import type { Trace } from '../../sim/trace';
import { fromHex, type LayerValue } from '../../wire/core';
import { dissect } from '../../wire/dissect';

/**
 * Which entity owns each IP address a trace shows, so that tunnel tables (which name their peer
 * by address) and a tunnelled packet's inner endpoints can be drawn between entities. The owner of
 * an address is the entity that sent the first packet carrying it as the outer source: nobody can
 * forward a packet before its owner has sent it. The unspecified addresses belong to no one.
 */
export type AddressOwners = ReadonlyMap<string, string>;

const UNSPECIFIED: ReadonlySet<string> = new Set(['::', '0.0.0.0']);

export function addressOwners(trace: Trace | undefined): AddressOwners {
  const owners = new Map<string, string>();
  for (const e of trace?.events ?? []) {
    if (e.kind !== 'packet') continue;
    const src = outerSource(dissect(fromHex(e.bytes), e.linkType).value);
    if (src !== undefined && !UNSPECIFIED.has(src) && !owners.has(src)) owners.set(src, e.from);
  }
  return owners;
}

/** The source address of the outermost IP header, if the frame has one. */
function outerSource(value: LayerValue | undefined): string | undefined {
  for (let p = value; p; p = p.payload as LayerValue | undefined) {
    if (p.proto === 'ip' || p.proto === 'ipv6') return typeof p.src === 'string' ? p.src : undefined;
  }
  return undefined;
}
