import type { LayerValue } from '../../wire/core';
import type { PacketEvent } from '../../sim/trace';
import type { StepRule } from '../definition';

/*
 * Matchers over a decoded frame, for the StepRules of the pmipv6-* scenarios, and the sections
 * they cite: seed 001 (draft-sgundave-mip6-proxymip6-01) for the story, RFC 5213 for the numbers.
 */

export const SEED = 'draft-sgundave-mip6-proxymip6-01';
export const cite = (seed: string, rfc: string): string => `${SEED} ${seed}; RFC 5213 ${rfc}`;

/** The layers of a frame, outermost first. */
export function layers(frame: LayerValue | undefined): LayerValue[] {
  const out: LayerValue[] = [];
  for (let p = frame; p; p = p.payload as LayerValue | undefined) {
    if (typeof p !== 'object' || !('proto' in p)) break;
    out.push(p);
  }
  return out;
}

const find = (frame: LayerValue | undefined, proto: string): LayerValue | undefined => layers(frame).find((l) => l.proto === proto);
const ipCount = (frame: LayerValue | undefined): number => layers(frame).filter((l) => l.proto === 'ipv6').length;

/** What a packet is, as the steps name it: `Access-Request`, `PBU`, `PBU(dereg)`, `PBA`, `RS`, `RA`, `RA(withdraw)`, `echo-request`, … */
export function kindOf(frame: LayerValue | undefined): string {
  const r = find(frame, 'radius');
  if (r) return ({ 1: 'Access-Request', 2: 'Access-Accept', 3: 'Access-Reject' } as Record<number, string>)[r.code as number] ?? `RADIUS ${String(r.code)}`;
  const mh = find(frame, 'mipv6');
  if (mh) {
    const body = mh.body as { lifetime?: number; status?: number } | undefined;
    if (mh.mhType === 5) return body?.lifetime === 0 ? 'PBU(dereg)' : 'PBU';
    if (mh.mhType === 6) return body?.status === 0 ? 'PBA' : `PBA(${String(body?.status)})`;
    return `MH ${String(mh.mhType)}`;
  }
  const icmp = find(frame, 'icmpv6');
  if (icmp) {
    const tunnelled = ipCount(frame) > 1 ? ' (tunnelled)' : '';
    switch (icmp.type) {
      case 133:
        return 'RS';
      case 134:
        return icmp.routerLifetime === 0 ? 'RA(withdraw)' : 'RA';
      case 128:
        return `echo-request${tunnelled}`;
      case 129:
        return `echo-reply${tunnelled}`;
      default:
        return `ICMPv6 ${String(icmp.type)}`;
    }
  }
  return 'other';
}

export type Match = (p: PacketEvent, frame: LayerValue | undefined) => boolean;

/** Packets of this kind (prefix match: 'echo-request' takes the tunnelled ones too), optionally from and to. */
export function is(kind: string, from?: string, to?: string): Match {
  return (p, frame) => {
    const k = kindOf(frame);
    return (k === kind || k.startsWith(`${kind} `)) && (!from || p.from === from) && (!to || p.to === to);
  };
}

export const and = (...ms: Match[]): Match => (p, f) => ms.every((m) => m(p, f));
export const after = (us: number): Match => (p) => p.time >= us;
export const before = (us: number): Match => (p) => p.time < us;
export const any = (...ms: Match[]): Match => (p, f) => ms.some((m) => m(p, f));

export function rule(step: string, text: string, section: string, match: Match, all = false): StepRule {
  return { step, text, section, match, ...(all ? { all } : {}) };
}

/** Steps 2–6 of one registration at MAG `mag` (SCENARIOS.md pmipv6-attach), from `fromUs` on; `all` repeats them for retransmissions. */
export function registrationSteps(
  mag: string,
  mnId: string,
  o: { fromUs?: number; untilUs?: number; handoff?: boolean; numbers?: readonly [string, string, string, string, string] } = {},
): StepRule[] {
  const t = and(after(o.fromUs ?? 0), before(o.untilUs ?? Infinity));
  const hi = o.handoff ? ' with the Handoff Indicator "handoff between MAGs" (3)' : '';
  const [n2, n3, n4, n5, n6] = o.numbers ?? ['2', '3', '4', '5', '6'];
  return [
    rule(n2, `${mag.toUpperCase()} asks the AAA for the MN’s profile (User-Name = NAI)`, cite('§3, §6.10', '§6.5; RFC 6572 §4'), and(t, is('Access-Request', mag, 'aaa')), true),
    rule(n2, 'The AAA answers with the profile: home network prefix or "allocate", LMA address, addressing model', cite('§3, §6.10', '§6.5; RFC 6572 §4'), and(t, is('Access-Accept', 'aaa', mag)), true),
    rule(n3, `The MN solicits a router; ${mag.toUpperCase()} learns its link-local address`, cite('§6.10, §7.1', '§6.9.1.1'), and(t, is('RS', mnId, mag)), true),
    rule(
      n4,
      `${mag.toUpperCase()} registers the MN: Proxy Binding Update (P, A; MN-ID, HNP, HI, ATT, Timestamp)${hi}`,
      cite('§6.10', '§6.9.1.1, §8.1'),
      and(t, is('PBU', mag, 'lma')),
      true,
    ),
    rule(
      n5,
      `The LMA ${o.handoff ? 'updates the binding cache entry and moves the route to this MAG’s tunnel' : 'creates the binding cache entry, the tunnel and the route'}, then acknowledges (status 0)`,
      cite(o.handoff ? '§5.5, §6.10' : '§5.9, §6.10', o.handoff ? '§5.3.4, §8.2' : '§5.3.2, §8.2'),
      and(t, is('PBA', 'lma', mag)),
      true,
    ),
    rule(n6, `${mag.toUpperCase()} sets up its tunnel and default route and advertises the home network prefix`, cite('§6.10, §7.1', '§6.9.1.2, §6.7'), and(t, is('RA', mag, mnId)), true),
  ];
}

/** Step 7: the CN's echo through the tunnel; `lost` names the echoes that did not make it. */
export function trafficSteps(step = '7', lost?: { text: string; section: string }): StepRule[] {
  const s = cite('§7.1, §5.6', '§5.6.2, §6.10.5');
  const notDelivered: Match = (p) => p.fate !== 'delivered';
  return [
    ...(lost ? [rule('', lost.text, lost.section, and(notDelivered, any(is('echo-request'), is('echo-reply'))), true)] : []),
    rule(step, 'CN → MN echo request, to the home address', s, is('echo-request', 'cn', 'lma'), true),
    rule(step, 'The LMA tunnels it to the MN’s MAG (IPv6-in-IPv6)', s, is('echo-request', 'lma'), true),
    rule(step, 'The MAG decapsulates and delivers it on the access link', s, and(is('echo-request'), (p) => p.to.startsWith('mn')), true),
    rule(step, 'MN → CN echo reply', s, and(is('echo-reply'), (p) => p.from.startsWith('mn')), true),
    rule(step, 'The MAG tunnels the reply to the LMA (reverse tunnel)', s, and(is('echo-reply'), (p) => p.from.startsWith('mag')), true),
    rule(step, 'The LMA forwards the reply to the CN', s, is('echo-reply', 'lma', 'cn'), true),
  ];
}
