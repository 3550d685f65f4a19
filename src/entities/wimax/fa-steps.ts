import type { Effect } from '../../sim/effects';
import type { LayerValue } from '../../wire/core';
import { ipv4Packet } from '../../wire/ipv4';
import { R4_TYPE } from '../../wire/r4';
import { clientRoute, replyPacket, requestState, serverReply, type ClientMessage } from '../../protocols/dhcp-server';
import { sameLowOrder } from '../../protocols/pmipv4/identification';
import { MIP_PORT } from '../../protocols/pmipv4/ports';
import { r4Packet, readR4 } from '../../protocols/pmipv4/r4';
import { readReply, readRequest } from '../../protocols/pmipv4/registration';
import { arpReplyFrame, echoReplyPacket } from '../pma/messages';
import type { FaContext, FaEvent, Visitor } from './fa-types';

/*
 * What the foreign agent of a WiMAX split PMA does (RFC 5563 §10, Fig. 6), as steps on a working
 * copy of its context: the home link for the MN, R4 with the client and the other FA, and the
 * PRRQ and PRRP it passes through. src/entities/wimax/fa.ts is the machine that runs them.
 */

export type Of<T extends FaEvent['type']> = Extract<FaEvent, { type: T }>;

const bearerId = (peer: string): string => `r4-${peer}`;
export const haTunnelId = (ha: string): string => `ipip-${ha}`;
const owner = { up: (nai: string) => `visitor:${nai}`, ha: (nai: string) => `visitor-ha:${nai}`, down: (nai: string) => `access:${nai}` };

export class Step {
  visitors: Record<string, Visitor>;
  haTunnels: Record<string, readonly string[]>;
  nextTransaction: number;
  readonly effects: Effect[] = [];
  readonly timers: ({ op: 'start'; id: string; event: FaEvent; delay: number } | { op: 'cancel'; id: string })[] = [];
  constructor(readonly c: FaContext) {
    this.visitors = { ...c.visitors };
    this.haTunnels = { ...c.haTunnels };
    this.nextTransaction = c.nextTransaction;
  }
  get cfg(): FaContext['config'] {
    return this.c.config;
  }
  get now(): number {
    return this.c.env.now();
  }
  set(nai: string, patch: Partial<Visitor>): Visitor {
    const v = { ...this.visitors[nai]!, ...patch };
    for (const [k, x] of Object.entries(patch)) if (x === undefined) delete (v as unknown as Record<string, unknown>)[k];
    this.visitors[nai] = v;
    return v;
  }
  emit(e: Effect): void {
    this.effects.push(e);
  }
  note(text: string, section: string): void {
    this.effects.push({ type: 'note', text, section });
  }
  r4(to: string, f: Parameters<typeof r4Packet>[2], mip?: LayerValue): void {
    this.emit({ type: 'tx', packet: r4Packet(this.cfg.careOf, to, f, mip) });
  }
  transaction(): number {
    this.nextTransaction = (this.nextTransaction + 1) >>> 0;
    return this.nextTransaction;
  }
  addBearer(v: Visitor): string {
    const id = bearerId(v.peer!);
    this.emit({ type: 'tunnel.add', tunnel: { id, local: this.cfg.careOf, remote: v.peer!, encap: 'gre' } });
    return id;
  }
  removeBearer(nai: string): void {
    const v = this.visitors[nai]!;
    if (!v.bearer) return;
    const shared = Object.values(this.visitors).some((x) => x.nai !== nai && x.bearer === v.bearer);
    if (!shared) this.emit({ type: 'tunnel.remove', id: v.bearer });
    this.set(nai, { bearer: undefined });
  }
  /** The tunnel to the home agent and the MN's routes (RFC 5563 §4.2), as an integrated PMA's FA does. */
  install(nai: string): void {
    const v = this.visitors[nai]!;
    const ha = v.homeAgent!;
    const users = this.haTunnels[ha] ?? [];
    if (users.length === 0) this.emit({ type: 'tunnel.add', tunnel: { id: haTunnelId(ha), local: this.cfg.careOf, remote: ha, encap: 'ip' } });
    if (!users.includes(nai)) this.haTunnels[ha] = [...users, nai];
    this.emit({ type: 'route.add', owner: owner.up(nai), dst: '0.0.0.0/0', src: `${v.homeAddress!}/32`, tunnel: haTunnelId(ha) });
    this.emit({ type: 'route.add', owner: owner.ha(nai), dst: `${ha}/32`, src: `${v.homeAddress!}/32`, tunnel: haTunnelId(ha) });
    this.emit({ type: 'route.add', owner: owner.down(nai), dst: `${v.homeAddress!}/32`, iface: v.iface });
    this.set(nai, { installed: true });
  }
  forget(nai: string): void {
    const v = this.visitors[nai];
    if (!v) return;
    this.removeBearer(nai);
    for (const o of Object.values(owner)) this.emit({ type: 'route.remove', owner: o(nai) });
    if (v.installed && v.homeAgent) {
      const users = (this.haTunnels[v.homeAgent] ?? []).filter((x) => x !== nai);
      this.haTunnels[v.homeAgent] = users;
      if (users.length === 0) this.emit({ type: 'tunnel.remove', id: haTunnelId(v.homeAgent) });
    }
    if (v.expiresUs !== undefined) this.timers.push({ op: 'cancel', id: `lifetime:${nai}` });
    delete this.visitors[nai];
  }
}

function entryOn(s: Step, iface: string): Visitor | undefined {
  return Object.values(s.visitors).find((x) => x.iface === iface && x.attached);
}

/** Fig. 6 step 1 (handover) or network entry: the MN is on this FA's radio. */
export function attach(s: Step, ev: Of<'l2.attach'>): void {
  if (s.visitors[ev.nai]) s.forget(ev.nai);
  s.visitors[ev.nai] = { nai: ev.nai, mn: ev.mn, mac: ev.mac, iface: ev.iface, attached: true, state: 'attached', relayed: [], transaction: 0, waiting: [], probes: [], installed: false };
  if (!ev.previous) return;
  const t = s.transaction();
  s.set(ev.nai, { state: 'handover', peer: ev.previous, transaction: t });
  s.r4(ev.previous, { type: R4_TYPE.HandoverRequest, transaction: t, dataPath: s.cfg.careOf, nai: ev.nai });
  s.note(`1-2. ${ev.nai} has moved to ${s.cfg.name} without re-authenticating. The new FA starts the handover with the old FA ${ev.previous} over R4.`, 'RFC 5563 §10, Fig. 6 steps 1, 2');
}

export function lost(s: Step, ev: Of<'l2.lost'>): void {
  const v = Object.values(s.visitors).find((x) => x.mn === ev.mn);
  if (v) s.set(v.nai, { attached: false });
}

/** §10 item 7: DHCPDISCOVER from the MN triggers Proxy Mobile IPv4; the FA asks the client over R4. */
export function serveDhcp(s: Step, ev: Of<'rx.dhcp'>): void {
  const v = entryOn(s, ev.iface);
  if (!v) return;
  if (v.state === 'registered' || v.state === 'forwarding' || (v.state === 'handover' && v.homeAddress)) {
    answerDhcp(s, v, ev.message, ev.unicast);
    return;
  }
  s.set(v.nai, { waiting: [...v.waiting, { message: ev.message, unicast: ev.unicast }] });
  if (v.state !== 'attached' || ev.message.type !== 'discover') return;
  const t = s.transaction();
  s.set(v.nai, { state: 'registering', transaction: t });
  s.r4(s.cfg.authenticator, { type: R4_TYPE.Trigger, transaction: t, dataPath: s.cfg.careOf, nai: v.nai });
  s.note(`DHCPDISCOVER from ${v.nai}: ${s.cfg.name}, its FA (data path function), asks the PMIPv4 client in the authenticator over R4 to register it.`, 'RFC 5563 §10 items 5, 7');
}

function answerDhcp(s: Step, v: Visitor, m: ClientMessage, unicast: boolean): void {
  const h = s.cfg.home;
  const p = { serverId: h.gateway, mask: h.mask, router: h.gateway, leaseSecs: h.leaseSecs };
  let kind: 'offer' | 'ack' | 'nak';
  if (m.type === 'discover') kind = 'offer';
  else if (m.type === 'request') {
    const state = requestState(m, unicast);
    if (state === 'selecting' && m.serverId !== p.serverId) return;
    const wanted = state === 'selecting' || state === 'init-reboot' ? m.requestedIp : m.ciaddr;
    kind = wanted === v.homeAddress ? 'ack' : 'nak';
  } else return;
  const reply = serverReply(kind, p, m, kind === 'nak' ? undefined : v.homeAddress);
  const route = clientRoute(reply);
  s.emit({ type: 'tx', packet: replyPacket(p.serverId, route, reply), iface: v.iface, ...(route.dstMac ? { dstMac: route.dstMac } : {}) });
  s.note(`${s.cfg.name} answers DHCP${m.type.toUpperCase()} with DHCP${kind.toUpperCase()} (home address ${v.homeAddress}), as the DHCP proxy every ASN runs with the same server address.`, 'RFC 5563 §10 item 6; §4.1.1 steps 5, 6');
}

export function answerArp(s: Step, ev: Of<'rx.arp'>): void {
  const v = entryOn(s, ev.iface);
  if (!v || ev.opcode !== 1 || ev.tpa === ev.spa) return;
  s.emit({ type: 'tx.frame', iface: v.iface, frame: arpReplyFrame(s.cfg, v, ev.tpa, ev.spa) });
}

export function answerEcho(s: Step, ev: Of<'rx.echo'>): void {
  const v = entryOn(s, ev.iface);
  if (!v || ev.dst !== s.cfg.home.gateway) return;
  const probe = { src: ev.src, ident: ev.ident, seq: ev.seq, ...(ev.data ? { data: ev.data } : {}) };
  if (!v.homeAddress) s.set(v.nai, { probes: [...v.probes, probe] });
  else s.emit({ type: 'tx', packet: echoReplyPacket(s.cfg.home.gateway, ev.src, probe), iface: v.iface });
}

/** What waited for the home address. */
function answerWaiting(s: Step, nai: string): void {
  const v = s.visitors[nai]!;
  s.set(nai, { waiting: [], probes: [] });
  const last = v.waiting.at(-1);
  if (last) answerDhcp(s, s.visitors[nai]!, last.message, last.unicast);
  for (const p of v.probes) s.emit({ type: 'tx', packet: echoReplyPacket(s.cfg.home.gateway, p.src, p), iface: v.iface });
}

export function onR4(s: Step, ev: Of<'rx.r4'>): void {
  const r = readR4(ev.message);
  const v = s.visitors[r.nai];
  switch (r.type) {
    case R4_TYPE.HandoverRequest: {
      // Old FA, Fig. 6 step 2: hand over the MN's context, and its data over R4 (step 1).
      if (!v?.homeAddress) {
        s.r4(ev.src, { type: R4_TYPE.HandoverResponse, transaction: r.transaction, dataPath: s.cfg.careOf, nai: r.nai });
        s.note(`${s.cfg.name} does not serve ${r.nai}: it refuses the handover.`, 'RFC 5563 §10, Fig. 6 step 2');
        return;
      }
      const forwarding = s.cfg.forwarding;
      s.set(r.nai, { state: 'forwarding', peer: r.dataPath });
      if (forwarding) {
        const bearer = s.addBearer(s.visitors[r.nai]!);
        s.set(r.nai, { bearer });
        s.emit({ type: 'route.add', owner: owner.down(r.nai), dst: `${v.homeAddress}/32`, tunnel: bearer });
      }
      s.r4(ev.src, { type: R4_TYPE.HandoverResponse, accepted: true, forwarding, transaction: r.transaction, dataPath: s.cfg.careOf, homeAddress: v.homeAddress, homeAgent: v.homeAgent!, authenticator: s.cfg.authenticator, nai: r.nai });
      s.note(
        forwarding
          ? `2. The old FA ${s.cfg.name} answers with ${r.nai}'s context and forwards its data to the new FA over the R4 bearer (GRE) while the PMIPv4 tunnel still ends here.`
          : `2. The old FA ${s.cfg.name} answers with ${r.nai}'s context but does not forward over R4: what the home agent still tunnels here is lost.`,
        'RFC 5563 §10, Fig. 6 steps 1, 2',
      );
      return;
    }
    case R4_TYPE.HandoverResponse: {
      if (v?.state !== 'handover' || r.transaction !== v.transaction) return;
      if (!r.accepted) {
        s.set(r.nai, { state: 'attached', peer: undefined });
        return;
      }
      s.set(r.nai, { homeAddress: r.homeAddress!, homeAgent: r.homeAgent! });
      s.emit({ type: 'route.add', owner: owner.down(r.nai), dst: `${r.homeAddress}/32`, iface: v.iface });
      if (r.forwarding) {
        const bearer = s.addBearer(s.visitors[r.nai]!);
        s.set(r.nai, { bearer });
        s.emit({ type: 'route.add', owner: owner.up(r.nai), dst: '0.0.0.0/0', src: `${r.homeAddress}/32`, tunnel: bearer });
      }
      answerWaiting(s, r.nai);
      const t = s.transaction();
      s.set(r.nai, { state: 'registering', transaction: t });
      s.r4(s.cfg.authenticator, { type: R4_TYPE.Trigger, handover: true, transaction: t, dataPath: s.cfg.careOf, homeAddress: r.homeAddress!, homeAgent: r.homeAgent!, nai: r.nai });
      s.note(`3. ${s.cfg.name} asks the PMIPv4 client in the authenticator over R4 to begin the PMIPv4 handover${r.forwarding ? '; meanwhile the MN’s data comes over R4 from the old FA' : ''}.`, 'RFC 5563 §10, Fig. 6 steps 1, 3');
      return;
    }
    case R4_TYPE.RequestRelay: {
      // Fig. 6 step 5: the PRRQ goes on to the home agent as the client built it.
      if (!v || !r.mip || ev.src !== s.cfg.authenticator) return;
      const req = readRequest(r.mip);
      if (req.careOf !== s.cfg.careOf) return;
      s.set(r.nai, { relayed: [...v.relayed, req.identification].slice(-4), homeAgent: req.homeAgent });
      s.emit({ type: 'tx', packet: ipv4Packet({ src: s.cfg.careOf, dst: req.homeAgent, payload: { proto: 'udp', srcport: MIP_PORT, dstport: MIP_PORT, payload: r.mip } }) });
      s.note(`${r.handover ? '5. ' : ''}${s.cfg.name} takes the PRRQ out of R4 and forwards it to the home agent ${req.homeAgent}, unchanged: the MN-HA authenticator is the client's.`, r.handover ? 'RFC 5563 §10, Fig. 6 step 5' : 'RFC 5563 §10 item 5');
      if (r.handover && v.peer !== undefined && !v.installed) reverseTunnelFromNow(s, r.nai);
      return;
    }
    case R4_TYPE.HandoverConfirm: {
      // Old FA, Fig. 6 step 8: clean up, and R4 forwarding stops.
      s.r4(ev.src, { type: R4_TYPE.HandoverConfirmAck, accepted: true, transaction: r.transaction, dataPath: s.cfg.careOf, nai: r.nai });
      if (v && v.state === 'forwarding') s.forget(r.nai);
      s.note(`8. The old FA ${s.cfg.name} confirms and cleans up its resources for ${r.nai}: visitor entry, routes, tunnel share; R4 forwarding stops.`, 'RFC 5563 §10, Fig. 6 step 8');
      return;
    }
    case R4_TYPE.HandoverConfirmAck: {
      if (v && r.transaction === v.transaction) s.removeBearer(r.nai);
      s.set(r.nai, { peer: undefined });
      s.note(`9. The handover of ${r.nai} is complete: traffic both ways goes through ${s.cfg.name}.`, 'RFC 5563 §10, Fig. 6 step 9');
      return;
    }
  }
}

/**
 * Fig. 6 step 6: "The Home Agent updates the existing mobility binding entry for the mobile device
 * upon processing the PRRQ." From then on the home agent takes reverse-tunnelled data only from the
 * new FA, so uplink that still went over R4 and out of the old FA's tunnel would arrive after the
 * binding moved and be dropped. Uplink the new FA tunnels itself after forwarding the PRRQ follows
 * the PRRQ on the same path and arrives once the binding names this FA; downlink keeps coming over
 * R4 until the home agent's own tunnel carries it (step 1).
 */
function reverseTunnelFromNow(s: Step, nai: string): void {
  for (const o of [owner.up, owner.down]) s.emit({ type: 'route.remove', owner: o(nai) });
  s.install(nai);
  s.note(`${s.cfg.name} reverse-tunnels ${nai}'s uplink to the home agent itself from now on: the PRRQ it has just forwarded moves the binding here, and what the old FA would tunnel would arrive after it.`, 'RFC 5563 §10, Fig. 6 steps 5, 6');
}

/** A refused handover: the uplink goes back over R4 to the old FA, whose binding stands. */
function undoReverseTunnel(s: Step, nai: string): void {
  const v = s.visitors[nai]!;
  for (const o of Object.values(owner)) s.emit({ type: 'route.remove', owner: o(nai) });
  const users = (s.haTunnels[v.homeAgent!] ?? []).filter((x) => x !== nai);
  s.haTunnels[v.homeAgent!] = users;
  if (users.length === 0) s.emit({ type: 'tunnel.remove', id: haTunnelId(v.homeAgent!) });
  s.emit({ type: 'route.add', owner: owner.down(nai), dst: `${v.homeAddress!}/32`, iface: v.iface });
  if (v.bearer) s.emit({ type: 'route.add', owner: owner.up(nai), dst: '0.0.0.0/0', src: `${v.homeAddress!}/32`, tunnel: v.bearer });
  s.set(nai, { installed: false });
}

/** Fig. 6 steps 6-7: the home agent's reply to a request this FA passed on. */
export function onReply(s: Step, ev: Of<'rx.reply'>): void {
  const reply = readReply(ev.message);
  const v = Object.values(s.visitors).find((x) => (reply.nai === undefined || reply.nai === x.nai) && x.relayed.some((id) => sameLowOrder(id, reply.identification)));
  if (!v) return;
  const handover = v.peer !== undefined && v.state === 'registering';
  s.set(v.nai, { relayed: [] });
  if (reply.code <= 1) {
    const expiresUs = s.now + reply.lifetime * 1e6;
    if (v.expiresUs !== undefined) s.timers.push({ op: 'cancel', id: `lifetime:${v.nai}` });
    s.set(v.nai, { state: 'registered', homeAddress: reply.homeAddress, homeAgent: ev.src, expiresUs });
    s.timers.push({ op: 'start', id: `lifetime:${v.nai}`, event: { type: 'timer.lifetime', nai: v.nai }, delay: reply.lifetime * 1000 });
    if (!v.installed) s.install(v.nai);
  }
  const t = v.transaction;
  s.r4(s.cfg.authenticator, { type: R4_TYPE.ReplyRelay, handover, transaction: t, dataPath: s.cfg.careOf, homeAddress: reply.homeAddress, homeAgent: ev.src, nai: v.nai }, ev.message);
  s.note(
    `${handover ? '6-7. ' : ''}Reply ${reply.code} from the home agent: ${reply.code <= 1 ? `${s.cfg.name} adds the visitor entry and the IP-in-IP tunnel, routes ${reply.homeAddress} to the MN, ` : ''}and passes the PRRP to the PMIPv4 client embedded in R4.`,
    handover ? 'RFC 5563 §10, Fig. 6 steps 6, 7' : 'RFC 5563 §10 item 5; §4.1.1 step 4',
  );
  if (reply.code > 1) {
    if (handover && v.installed) undoReverseTunnel(s, v.nai);
    return;
  }
  answerWaiting(s, v.nai);
  if (handover) s.r4(v.peer!, { type: R4_TYPE.HandoverConfirm, transaction: t, dataPath: s.cfg.careOf, homeAddress: reply.homeAddress, nai: v.nai });
}

export function expire(s: Step, nai: string): void {
  s.note(`${nai}'s registration lifetime ended at ${s.cfg.name}: visitor entry and routes go.`, 'RFC 5944 §3.7.1');
  s.set(nai, { expiresUs: undefined });
  s.forget(nai);
}

