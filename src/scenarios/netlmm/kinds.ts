import type { LayerValue } from '../../wire/core';
import type { PacketEvent } from '../../sim/trace';

/*
 * What a packet of the netlmm-* scenarios is, as their steps and tests name it, read from the frame
 * decoded again from its bytes: `Trigger`, `Notification`, `Context`, `SCTP INIT`, `PBU`, `BU`,
 * `Solicit`, `Relay-forw`, `RA`, `NS(DAD)`, `echo-request (2 tunnels)`, …
 */

/** The layers of a frame, outermost first; an SCTP packet's next layer is its DATA chunk's user message. */
export function layersOf(frame: LayerValue | undefined): LayerValue[] {
  const out: LayerValue[] = [];
  for (let p = frame; p && typeof p === 'object' && 'proto' in p; p = next(p)) out.push(p);
  return out;
}

function next(p: LayerValue): LayerValue | undefined {
  if (p.proto !== 'sctp') return p.payload as LayerValue | undefined;
  const data = ((p.chunks ?? []) as { type: number; payload?: unknown }[]).find((c) => c.type === 0);
  const user = data?.payload;
  return user && typeof user === 'object' && !(user instanceof Uint8Array) ? (user as LayerValue) : undefined;
}

const NETLMM: Readonly<Record<number, string>> = { 1: 'Trigger', 2: 'Notification', 3: 'ConflictRequest', 4: 'ConflictReply', 5: 'Context' };
const SCTP_CHUNK: Readonly<Record<number, string>> = { 1: 'INIT', 2: 'INIT_ACK', 3: 'SACK', 10: 'COOKIE_ECHO', 11: 'COOKIE_ACK', 6: 'ABORT' };
const DHCPV6: Readonly<Record<number, string>> = { 1: 'Solicit', 2: 'Advertise', 3: 'Request', 7: 'Reply', 12: 'Relay-forw', 13: 'Relay-reply' };

/** How many tunnels wrap the innermost packet: IPv6 headers beyond the first. */
export function tunnelDepth(frame: LayerValue | undefined): number {
  return Math.max(0, layersOf(frame).filter((l) => l.proto === 'ipv6').length - 1);
}

export function netlmmKind(frame: LayerValue | undefined): string {
  const ls = layersOf(frame);
  const find = (proto: string): LayerValue | undefined => ls.find((l) => l.proto === proto);
  const n = find('netlmm');
  if (n) return NETLMM[n.type as number] ?? 'NETLMM';
  const sctp = find('sctp');
  if (sctp) {
    const types = ((sctp.chunks ?? []) as { type: number }[]).map((c) => SCTP_CHUNK[c.type] ?? `chunk ${c.type}`);
    return `SCTP ${types.join('+')}`;
  }
  const d = find('dhcpv6');
  if (d) return DHCPV6[d.msgtype as number] ?? 'DHCPv6';
  const r = find('radius');
  if (r) return ({ 1: 'Access-Request', 2: 'Access-Accept', 3: 'Access-Reject' } as Record<number, string>)[r.code as number] ?? 'RADIUS';
  const mh = find('mipv6');
  if (mh) {
    const body = (mh.body ?? {}) as { status?: number; flags?: { p?: boolean } };
    const proxy = body.flags?.p === true;
    if (mh.mhType === 5) return proxy ? 'PBU' : 'BU';
    if (mh.mhType === 6) {
      const name = proxy ? 'PBA' : 'BAck';
      return body.status === 0 ? name : `${name}(${String(body.status)})`;
    }
    return `MH ${String(mh.mhType)}`;
  }
  const icmp = ls.filter((l) => l.proto === 'icmpv6').at(-1);
  if (icmp) {
    const depth = tunnelDepth(frame);
    const tunnels = depth === 0 ? '' : ` (${depth} tunnel${depth === 1 ? '' : 's'})`;
    switch (icmp.type) {
      case 128:
        return `echo-request${tunnels}`;
      case 129:
        return `echo-reply${tunnels}`;
      case 133:
        return 'RS';
      case 134:
        return 'RA';
      case 135:
        return ls.find((l) => l.proto === 'ipv6')?.src === '::' ? 'NS(DAD)' : 'NS';
      case 136:
        return 'NA';
      default:
        return `ICMPv6 ${String(icmp.type)}`;
    }
  }
  return 'other';
}

export type Match = (p: PacketEvent, frame: LayerValue | undefined) => boolean;

/** Packets of this kind (a prefix: `echo-request` takes the tunnelled ones too), optionally from and to. */
export function is(kind: string, from?: string, to?: string): Match {
  return (p, frame) => {
    const k = netlmmKind(frame);
    return (k === kind || k.startsWith(`${kind} `) || k.startsWith(`${kind}(`)) && (!from || p.from === from) && (!to || p.to === to);
  };
}

export const and = (...ms: Match[]): Match => (p, f) => ms.every((m) => m(p, f));
export const any = (...ms: Match[]): Match => (p, f) => ms.some((m) => m(p, f));
export const after = (us: number): Match => (p) => p.time >= us;
export const before = (us: number): Match => (p) => p.time < us;
export const between = (a: string, b: string): Match => (p) => (p.from === a && p.to === b) || (p.from === b && p.to === a);
