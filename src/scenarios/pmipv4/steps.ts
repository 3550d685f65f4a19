import type { LayerValue, OptionValue } from '../../wire/core';
import { dhcpType } from '../../wire/dhcpv4-build';
import { and, layers, rule, type Match } from '../pmipv6/steps';

/*
 * Matchers over a decoded frame for the StepRules of the pmipv4-* scenarios, and the sections they
 * cite: seed 000 (draft-leung-mip4-proxy-mode-03) for the story, RFC 5563 and RFC 5944 for the numbers.
 */

export const SEED = 'draft-leung-mip4-proxy-mode-03';
export const cite = (seed: string, rfc: string): string => `${SEED} ${seed}; ${rfc}`;

const find = (frame: LayerValue | undefined, proto: string): LayerValue | undefined => layers(frame).find((l) => l.proto === proto);
const ipCount = (frame: LayerValue | undefined): number => layers(frame).filter((l) => l.proto === 'ip').length;

const DHCP_NAMES: Readonly<Record<number, string>> = { 1: 'DHCPDISCOVER', 2: 'DHCPOFFER', 3: 'DHCPREQUEST', 4: 'DHCPDECLINE', 5: 'DHCPACK', 6: 'DHCPNAK', 7: 'DHCPRELEASE' };
/** The simplified R4 of the WiMAX scenario (src/wire/r4.ts, a lab encoding). */
const R4_NAMES: Readonly<Record<number, string>> = { 1: 'HO-Request', 2: 'HO-Response', 3: 'Trigger', 4: 'PRRQ', 5: 'PRRP', 6: 'HO-Confirm', 7: 'HO-Confirm-Ack' };
const IPCP_NAMES: Readonly<Record<number, string>> = { 1: 'Configure-Request', 2: 'Configure-Ack', 3: 'Configure-Nak', 4: 'Configure-Reject' };

/**
 * What a packet is, as the steps name it: `Access-Request`, `PRRQ`, `PRRQ(dereg)`, `PRRP`,
 * `PRRP(133)`, `Revocation`, `Revocation-Ack`, `DHCPDISCOVER`, `Configure-Nak`, `ARP request`,
 * `probe` (the TTL-1 echo to the gateway), `echo-request (tunnelled)`, `R4 PRRQ` (a PRRQ inside the
 * simplified R4), `R4 HO-Request`, `Movement-Notification`, `Movement-Ack`, …
 */
export function kindOf(frame: LayerValue | undefined): string {
  const r4 = find(frame, 'r4');
  if (r4) return `R4 ${R4_NAMES[r4.type as number] ?? String(r4.type)}`;
  const move = find(frame, 'pmamove');
  if (move) return move.type === 1 ? 'Movement-Notification' : 'Movement-Ack';
  const r = find(frame, 'radius');
  if (r) return ({ 1: 'Access-Request', 2: 'Access-Accept', 3: 'Access-Reject' } as Record<number, string>)[r.code as number] ?? `RADIUS ${String(r.code)}`;
  const m = find(frame, 'mip');
  if (m) {
    if (m.type === 1) return m.lifetime === 0 ? 'PRRQ(dereg)' : 'PRRQ';
    if (m.type === 3) return m.code === 0 ? 'PRRP' : `PRRP(${String(m.code)})`;
    if (m.type === 7) return 'Revocation';
    if (m.type === 15) return 'Revocation-Ack';
    return `MIP ${String(m.type)}`;
  }
  const dhcp = find(frame, 'dhcp');
  if (dhcp) return DHCP_NAMES[dhcpType(dhcp as { options?: readonly OptionValue[] }) ?? 0] ?? 'BOOTP';
  const ipcp = find(frame, 'ipcp');
  if (ipcp) return IPCP_NAMES[ipcp.code as number] ?? `IPCP ${String(ipcp.code)}`;
  const arp = find(frame, 'arp');
  if (arp) return arp.opcode === 1 ? 'ARP request' : 'ARP reply';
  const icmp = find(frame, 'icmp');
  if (icmp) {
    const ip = layers(frame).filter((l) => l.proto === 'ip').at(-1);
    if (icmp.type === 8 && ip?.ttl === 1) return 'probe';
    if (icmp.type === 0 && icmp.ident === 0x444e) return 'probe-reply';
    const tunnelled = ipCount(frame) > 1 ? ' (tunnelled)' : '';
    if (icmp.type === 8) return `echo-request${tunnelled}`;
    if (icmp.type === 0) return `echo-reply${tunnelled}`;
    return `ICMP ${String(icmp.type)}`;
  }
  return 'other';
}

/** The IP-Address option of an IPCP packet. */
export function ipcpAddress(frame: LayerValue | undefined): string | undefined {
  const options = (find(frame, 'ipcp')?.options as { type: number; address?: string }[] | undefined) ?? [];
  return options.find((o) => o.type === 3)?.address;
}

/** Packets of this kind (prefix match: 'echo-request' takes the tunnelled ones too), optionally from and to. */
export function is(kind: string, from?: string, to?: string): Match {
  return (p, frame) => {
    const k = kindOf(frame);
    return (k === kind || k.startsWith(`${kind} `)) && (!from || p.from === from) && (!to || p.to === to);
  };
}

export { after, and, any, before, rule } from '../pmipv6/steps';

/** Steps 1b–6 of one attachment at MAG `mag` (SCENARIOS.md pmipv4-attach; seed 000 Fig. 1). */
export function attachSteps(mag: string, mnId: string, o: { from?: Match } = {}): ReturnType<typeof rule>[] {
  const t: Match = o.from ?? (() => true);
  const M = mag.toUpperCase();
  const f1 = cite('§4.1.1 step 1b', 'RFC 5563 §4.1.1 step 1b, §7');
  const f2 = cite('§4.1.1 step 2', 'RFC 5563 §4.1.1 step 2');
  const f3 = cite('§4.1.1 step 3, §4.4', 'RFC 5563 §4.1.1 step 3, §5; RFC 5944 §3.3');
  const f4 = cite('§4.1.1 step 4', 'RFC 5563 §4.1.1 step 4; RFC 5944 §3.4');
  const f5 = cite('§4.1.1 step 5, §6.3, §6.4', 'RFC 5563 §4.1.1 step 5, §6.3, §6.4');
  const f6 = cite('§4.1.1 step 6', 'RFC 5563 §4.1.1 step 6');
  return [
    rule('1b', `${M} authenticates the MN with the AAA server (User-Name = NAI)`, f1, and(t, is('Access-Request', mag, 'aaa')), true),
    rule('1b', 'The AAA server answers with the profile: home agent, MN-HA SPI and key (sealed with the RADIUS secret)', f1, and(t, is('Access-Accept', 'aaa', mag)), true),
    rule('2', 'The MN asks for an address: DHCPDISCOVER', f2, and(t, is('DHCPDISCOVER', mnId, mag)), true),
    rule('2', 'The MN asks for an address: IPCP Configure-Request with IP-Address 0.0.0.0', f2, and(t, is('Configure-Request', mnId, mag), (_p, f) => ipcpAddress(f) === '0.0.0.0'), true),
    rule('3', `${M} sends the Proxy Registration Request (UDP 434: care-of address = ${M}, NAI, PMIPv4 extensions, HMAC-MD5 authenticator)`, f3, and(t, is('PRRQ', mag, 'lma')), true),
    rule('4', 'The home agent assigns the home address and answers with the Proxy Registration Reply', f4, and(t, is('PRRP', 'lma', mag)), true),
    rule('5', `${M} relays the DHCP message to the server at the home agent`, f5, and(t, (p, f) => p.from === mag && p.to === 'lma' && /^DHCP/.test(kindOf(f))), true),
    rule('5', 'The DHCP server at the home agent answers the relay', f5, and(t, (p, f) => p.from === 'lma' && p.to === mag && /^DHCP/.test(kindOf(f))), true),
    rule('5', 'DHCPOFFER with yiaddr = the home address', f5, and(t, is('DHCPOFFER', mag, mnId)), true),
    rule('5', 'IPCP Configure-Nak with IP-Address = the home address', f5, and(t, is('Configure-Nak', mag, mnId)), true),
    rule('5', `IPCP: ${M}'s own Configure-Request, and the MN's Ack to it`, f5, and(t, (p, f) => /^Configure-(Request|Ack)$/.test(kindOf(f)) && ((p.from === mag && kindOf(f) === 'Configure-Request') || (p.from === mnId && kindOf(f) === 'Configure-Ack'))), true),
    rule('6', 'DHCPREQUEST for the offered home address', f6, and(t, is('DHCPREQUEST', mnId, mag)), true),
    rule('6', 'DHCPACK: the MN configures its home address and default gateway', f6, and(t, is('DHCPACK', mag, mnId)), true),
    rule('6', 'IPCP Configure-Request with the home address, and its Configure-Ack: the PPP link is open', f6, and(t, (p, f) => (p.from === mnId && kindOf(f) === 'Configure-Request') || (p.from === mag && kindOf(f) === 'Configure-Ack')), true),
  ];
}

/** The link check after a handover (RFC 5563 §6.1, §6.2): ARP for the gateway and the TTL-1 echo, answered by the new MAG. */
export function linkCheckSteps(mag: string, mnId: string): ReturnType<typeof rule>[] {
  const s = cite('§6.1, §6.2, §9.2', 'RFC 5563 §4.1.3 step 4, §6.1, §6.2');
  return [
    rule('4', 'The MN asks ARP for its default gateway after the link change', s, is('ARP request', mnId, mag), true),
    rule('4', `${mag.toUpperCase()} answers with the gateway's MAC, the same on every MAG`, s, is('ARP reply', mag, mnId), true),
    rule('4', 'The MN sends its gateway an ICMP echo with TTL 1', s, is('probe', mnId, mag), true),
    rule('4', `${mag.toUpperCase()} answers the echo as the gateway: the MN believes it is still at home`, s, is('probe-reply', mag, mnId), true),
  ];
}

/** Data: the CN's echo through the tunnel (RFC 5563 §4.2.1); `lost` names echoes that did not make it. */
export function trafficSteps(lost?: { text: string; section: string }): ReturnType<typeof rule>[] {
  const s = cite('§4.2, §9.3', 'RFC 5563 §4.2.1');
  const notDelivered: Match = (p) => p.fate !== 'delivered';
  return [
    ...(lost ? [rule('', lost.text, lost.section, and(notDelivered, (p, f) => /^echo-/.test(kindOf(f))), true)] : []),
    rule('data', 'CN → MN echo request, to the home address', s, is('echo-request', 'cn', 'lma'), true),
    rule('data', 'The home agent tunnels it to the MN’s MAG', s, is('echo-request', 'lma'), true),
    rule('data', 'The MAG takes it out of the tunnel and delivers it on the access link', s, and(is('echo-request'), (p) => p.to.startsWith('mn')), true),
    rule('data', 'MN → CN echo reply, to its default gateway', s, and(is('echo-reply'), (p) => p.from.startsWith('mn')), true),
    rule('data', 'The MAG tunnels the reply to the home agent (reverse tunnel)', s, and(is('echo-reply'), (p) => p.from.startsWith('mag')), true),
    rule('data', 'The home agent forwards the reply to the CN', s, is('echo-reply', 'lma', 'cn'), true),
  ];
}
