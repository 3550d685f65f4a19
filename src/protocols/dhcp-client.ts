import type { LayerValue } from '../wire/core';
import { dhcpMessage, dhcpOption, dhcpType, DHCP_TYPE } from '../wire/dhcpv4-build';
import type { DhcpMessage } from '../wire/dhcpv4';
import { ipv4Packet } from '../wire/ipv4';

/*
 * A DHCPv4 client (RFC 2131 §4.4, Figure 5) as a pure step function: the client's state and an
 * input in, the new state and what to do out (send, bind, unbind, set or cancel timers). The
 * machine that hosts it (the MN) turns those actions into effects and delayed events.
 *
 *   INIT ─DISCOVER→ SELECTING ─OFFER/REQUEST→ REQUESTING ─ACK→ BOUND ─T1→ RENEWING ─T2→ REBINDING
 *     ↑                                            │NAK                │NAK / lease end │NAK / lease end
 *     └────────────────────────────────────────────┴───────────────────┴────────────────┘
 *
 * INIT-REBOOT is not modelled: a host that moves keeps its lease and only notices at T1, when its
 * unicast renewal goes unanswered, and at T2 it broadcasts (seed 002 §3.2.2).
 */

export const DHCP_CLIENT_PORT = 68;
export const DHCP_SERVER_PORT = 67;
export const BROADCAST_IP = '255.255.255.255';
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
/** Option 51's "infinity" (RFC 2131 §3.3). */
export const INFINITE_LEASE = 0xffffffff;
/** §4.1: the first retransmission after 4 s, doubling to at most 64 s (the ±1 s jitter is left out). */
export const FIRST_RETRANSMIT_MS = 4000;
export const MAX_RETRANSMIT_MS = 64_000;
/** §4.4.5: in RENEWING and REBINDING, wait half the remaining time, but at least 60 s. */
export const MIN_RENEW_RETRANSMIT_MS = 60_000;

export type DhcpClientState = 'INIT' | 'SELECTING' | 'REQUESTING' | 'BOUND' | 'RENEWING' | 'REBINDING';

export interface DhcpLease {
  address: string;
  /** Option 1; the prefix length derived from it. */
  mask: string;
  prefixLength: number;
  /** Option 54. */
  server: string;
  /** Option 3, the first router. */
  router?: string;
  /** Seconds, from options 51, 58 and 59 (T1, T2 default to 50% and 87.5%, §4.4.5). */
  leaseSecs: number;
  t1Secs: number;
  t2Secs: number;
  /** µs: when the request that was acknowledged was sent (§4.4.1: the lease runs from there). */
  startUs: number;
}

export interface DhcpClient {
  state: DhcpClientState;
  xid: number;
  /** The client's MAC, sent as chaddr. */
  mac: string;
  /** The chosen offer while REQUESTING. */
  offer?: { address: string; server: string };
  lease?: DhcpLease;
  /** When the current transaction's request was first sent, µs. */
  requestSentUs?: number;
  /** The next retransmission delay in SELECTING and REQUESTING, ms. */
  retransmitMs: number;
}

/** An OFFER, ACK or NAK as the client reads it. */
export interface DhcpReply {
  message: 'offer' | 'ack' | 'nak';
  xid: number;
  chaddr: string;
  yiaddr: string;
  server?: string;
  mask?: string;
  router?: string;
  leaseSecs?: number;
  t1Secs?: number;
  t2Secs?: number;
}

export type DhcpInput =
  | { type: 'start' }
  | { type: 'reply'; reply: DhcpReply }
  | { type: 'retransmit' }
  | { type: 't1' }
  | { type: 't2' }
  | { type: 'expire' };

export type DhcpTimer = 'retransmit' | 't1' | 't2' | 'expire';

export type DhcpAction =
  /** Send an IPv4 packet: broadcast on the link (dstMac ff:…:ff) or unicast to `packet.dst`. */
  | { type: 'send'; packet: LayerValue; broadcast: boolean; what: string }
  | { type: 'bind'; lease: DhcpLease; renewed: boolean }
  | { type: 'unbind'; lease: DhcpLease; why: string }
  | { type: 'timer'; timer: DhcpTimer; delayMs: number }
  | { type: 'cancel'; timer: DhcpTimer }
  | { type: 'note'; text: string; section: string };

export interface DhcpEnv {
  now(): number;
  random(): number;
}

export function dhcpClient(mac: string): DhcpClient {
  return { state: 'INIT', xid: 0, mac, retransmitMs: FIRST_RETRANSMIT_MS };
}

/** The prefix length of a dotted mask (its leading ones). */
export function prefixLengthOf(mask: string): number {
  const n = mask.split('.').reduce((acc, o) => (acc << 8) | (Number(o) & 0xff), 0) >>> 0;
  let len = 0;
  while (len < 32 && n & (0x80000000 >>> len)) len++;
  return len;
}

/** A client message in UDP 68 → 67 in IPv4. */
function clientPacket(src: string, dst: string, dhcp: LayerValue): LayerValue {
  return ipv4Packet({ src, dst, payload: { proto: 'udp', srcport: DHCP_CLIENT_PORT, dstport: DHCP_SERVER_PORT, payload: dhcp } });
}

const ALL_TIMERS: readonly DhcpTimer[] = ['retransmit', 't1', 't2', 'expire'];
const cancelAll = (): DhcpAction[] => ALL_TIMERS.map((timer) => ({ type: 'cancel', timer }));

function discover(c: DhcpClient): LayerValue {
  return clientPacket('0.0.0.0', BROADCAST_IP, dhcpMessage({ type: 'discover', xid: c.xid, chaddr: c.mac, broadcast: true, parameterRequestList: [1, 3, 51, 54] }));
}

/** §4.3.2: REQUESTING names the offer (50) and the server (54); RENEWING and REBINDING put the address in ciaddr and name neither. */
function request(c: DhcpClient): LayerValue {
  if (c.state === 'REQUESTING' && c.offer) {
    return clientPacket(
      '0.0.0.0',
      BROADCAST_IP,
      dhcpMessage({ type: 'request', xid: c.xid, chaddr: c.mac, broadcast: true, requestedIp: c.offer.address, serverId: c.offer.server, parameterRequestList: [1, 3, 51, 54] }),
    );
  }
  const lease = c.lease!;
  const dst = c.state === 'RENEWING' ? lease.server : BROADCAST_IP;
  return clientPacket(lease.address, dst, dhcpMessage({ type: 'request', xid: c.xid, chaddr: c.mac, ciaddr: lease.address }));
}

function sendCurrent(c: DhcpClient): DhcpAction {
  switch (c.state) {
    case 'SELECTING':
      return { type: 'send', packet: discover(c), broadcast: true, what: 'DHCPDISCOVER' };
    case 'REQUESTING':
      return { type: 'send', packet: request(c), broadcast: true, what: 'DHCPREQUEST' };
    case 'RENEWING':
      return { type: 'send', packet: request(c), broadcast: false, what: `DHCPREQUEST (renewal, unicast to ${c.lease!.server})` };
    default:
      return { type: 'send', packet: request(c), broadcast: true, what: 'DHCPREQUEST (rebinding, broadcast)' };
  }
}

/** §4.4.5: half the time left until T2 (RENEWING) or the lease end (REBINDING), at least 60 s; none if that is past the deadline. */
function renewRetransmit(c: DhcpClient, nowUs: number): DhcpAction[] {
  const lease = c.lease!;
  const deadlineUs = lease.startUs + (c.state === 'RENEWING' ? lease.t2Secs : lease.leaseSecs) * 1e6;
  const wait = Math.max(MIN_RENEW_RETRANSMIT_MS, Math.floor((deadlineUs - nowUs) / 2000));
  return nowUs + wait * 1000 < deadlineUs ? [{ type: 'timer', timer: 'retransmit', delayMs: wait }] : [];
}

/** INIT → SELECTING: a new transaction and a broadcast DISCOVER (§4.4.1). */
function begin(c: DhcpClient, env: DhcpEnv, pre: DhcpAction[] = []): { client: DhcpClient; actions: DhcpAction[] } {
  const client: DhcpClient = { state: 'SELECTING', xid: env.random() >>> 0, mac: c.mac, retransmitMs: FIRST_RETRANSMIT_MS };
  return {
    client: { ...client, retransmitMs: Math.min(FIRST_RETRANSMIT_MS * 2, MAX_RETRANSMIT_MS) },
    actions: [...pre, ...cancelAll(), sendCurrent(client), { type: 'timer', timer: 'retransmit', delayMs: FIRST_RETRANSMIT_MS }],
  };
}

function leaseFrom(r: DhcpReply, startUs: number): DhcpLease | undefined {
  if (!r.server || r.leaseSecs === undefined) return undefined;
  const mask = r.mask ?? '255.255.255.255';
  const leaseSecs = r.leaseSecs;
  const t1Secs = r.t1Secs ?? Math.floor(leaseSecs * 0.5);
  const t2Secs = r.t2Secs ?? Math.floor(leaseSecs * 0.875);
  return { address: r.yiaddr, mask, prefixLength: prefixLengthOf(mask), server: r.server, ...(r.router ? { router: r.router } : {}), leaseSecs, t1Secs, t2Secs, startUs };
}

function leaseTimers(l: DhcpLease, nowUs: number): DhcpAction[] {
  if (l.leaseSecs === INFINITE_LEASE) return [];
  const at = (secs: number): number => Math.max(0, Math.round((l.startUs + secs * 1e6 - nowUs) / 1000));
  return [
    { type: 'timer', timer: 't1', delayMs: at(l.t1Secs) },
    { type: 'timer', timer: 't2', delayMs: at(l.t2Secs) },
    { type: 'timer', timer: 'expire', delayMs: at(l.leaseSecs) },
  ];
}

/** One step of the client: RFC 2131 §4.4, Figure 5. Inputs that do not apply in the state are ignored. */
export function dhcpStep(c: DhcpClient, input: DhcpInput, env: DhcpEnv): { client: DhcpClient; actions: DhcpAction[] } {
  const now = env.now();
  const same = { client: c, actions: [] as DhcpAction[] };
  switch (input.type) {
    case 'start':
      // With a lease the host carries on: it does not know it moved (seed 002 §3.2.2).
      if (c.lease) return same;
      return begin(c, env);
    case 'retransmit': {
      if (c.state === 'SELECTING' || c.state === 'REQUESTING') {
        return {
          client: { ...c, retransmitMs: Math.min(c.retransmitMs * 2, MAX_RETRANSMIT_MS) },
          actions: [sendCurrent(c), { type: 'timer', timer: 'retransmit', delayMs: c.retransmitMs }],
        };
      }
      if (c.state === 'RENEWING' || c.state === 'REBINDING') return { client: c, actions: [sendCurrent(c), ...renewRetransmit(c, now)] };
      return same;
    }
    case 't1': {
      if (c.state !== 'BOUND') return same;
      const client: DhcpClient = { ...c, state: 'RENEWING', xid: env.random() >>> 0, requestSentUs: now };
      return {
        client,
        actions: [
          { type: 'note', text: `T1: the MN renews its lease on ${c.lease!.address} by unicast to the server that granted it, ${c.lease!.server}.`, section: 'RFC 2131 §4.4.5' },
          sendCurrent(client),
          ...renewRetransmit(client, now),
        ],
      };
    }
    case 't2': {
      if (c.state !== 'BOUND' && c.state !== 'RENEWING') return same;
      const client: DhcpClient = { ...c, state: 'REBINDING', xid: env.random() >>> 0, requestSentUs: now };
      return {
        client,
        actions: [
          { type: 'cancel', timer: 'retransmit' },
          { type: 'note', text: `T2: no answer from ${c.lease!.server}, so the MN broadcasts its request to any server (REBINDING).`, section: 'RFC 2131 §4.4.5; seed 002 §3.2.2' },
          sendCurrent(client),
          ...renewRetransmit(client, now),
        ],
      };
    }
    case 'expire': {
      if (!c.lease) return same;
      return begin(c, env, [{ type: 'unbind', lease: c.lease, why: 'the lease expired' }]);
    }
    case 'reply': {
      const r = input.reply;
      if (r.xid !== c.xid || r.chaddr.toLowerCase() !== c.mac.toLowerCase()) return same;
      if (r.message === 'offer') {
        if (c.state !== 'SELECTING' || !r.server) return same;
        const client: DhcpClient = { ...c, state: 'REQUESTING', offer: { address: r.yiaddr, server: r.server }, requestSentUs: now, retransmitMs: FIRST_RETRANSMIT_MS * 2 };
        return { client, actions: [{ type: 'cancel', timer: 'retransmit' }, sendCurrent(client), { type: 'timer', timer: 'retransmit', delayMs: FIRST_RETRANSMIT_MS }] };
      }
      if (c.state !== 'REQUESTING' && c.state !== 'RENEWING' && c.state !== 'REBINDING') return same;
      if (r.message === 'nak') {
        const pre: DhcpAction[] = [{ type: 'note', text: 'DHCPNAK: the MN returns to INIT and starts again.', section: 'RFC 2131 §4.4.5' }];
        if (c.lease) pre.push({ type: 'unbind', lease: c.lease, why: 'the server refused it (DHCPNAK)' });
        return begin(c, env, pre);
      }
      const lease = leaseFrom(r, c.requestSentUs ?? now);
      if (!lease) return same;
      const renewed = c.lease?.address === lease.address;
      const pre: DhcpAction[] = c.lease && !renewed ? [{ type: 'unbind', lease: c.lease, why: 'the server assigned another address' }] : [];
      const client: DhcpClient = { state: 'BOUND', xid: c.xid, mac: c.mac, lease, retransmitMs: FIRST_RETRANSMIT_MS };
      return { client, actions: [...pre, ...cancelAll(), { type: 'bind', lease, renewed }, ...leaseTimers(lease, now)] };
    }
  }
}

/** A server's OFFER, ACK or NAK to UDP port 68, read from the decoded IPv4 packet; undefined for anything else. */
export function readDhcpReply(ip: LayerValue): DhcpReply | undefined {
  if (ip.proto !== 'ip') return undefined;
  const udp = ip.payload as LayerValue | undefined;
  if (udp?.proto !== 'udp' || udp.dstport !== DHCP_CLIENT_PORT) return undefined;
  const m = udp.payload as (DhcpMessage & { proto?: unknown }) | undefined;
  if (m?.proto !== 'dhcp' || m.op !== 2) return undefined;
  const t = dhcpType(m);
  const message = t === DHCP_TYPE.offer ? 'offer' : t === DHCP_TYPE.ack ? 'ack' : t === DHCP_TYPE.nak ? 'nak' : undefined;
  if (!message) return undefined;
  const opt = <C extends number>(code: C) => dhcpOption(m, code);
  const router = opt(3)?.[0];
  const r: DhcpReply = { message, xid: m.xid as number, chaddr: m.chaddr as string, yiaddr: m.yiaddr as string };
  const server = opt(54);
  const mask = opt(1);
  const leaseSecs = opt(51);
  const t1 = opt(58);
  const t2 = opt(59);
  if (server !== undefined) r.server = server;
  if (mask !== undefined) r.mask = mask;
  if (router !== undefined) r.router = router;
  if (leaseSecs !== undefined) r.leaseSecs = leaseSecs;
  if (t1 !== undefined) r.t1Secs = t1;
  if (t2 !== undefined) r.t2Secs = t2;
  return r;
}
