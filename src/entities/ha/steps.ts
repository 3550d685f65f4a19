import { ipv4Packet } from '../../wire/ipv4';
import type { LayerValue } from '../../wire/core';
import { MIP_REPLY_CODE, ntpText } from '../../wire/mipv4';
import { replyPacket, replyRoute, requestState, serverReply } from '../../protocols/dhcp-server';
import type { MobilityBinding } from '../../protocols/pmipv4/bindings';
import { decideRequest, type RequestDecision } from '../../protocols/pmipv4/decide';
import { ntpNow, revocationTimestamp } from '../../protocols/pmipv4/identification';
import { MIP_PORT } from '../../protocols/pmipv4/ports';
import { proxyReply, type RequestFacts } from '../../protocols/pmipv4/registration';
import { MAX_REVOCATION_TRANSMISSIONS, readRevocationAck, REVOCATION_TIMEOUT_MS, revocationMessage } from '../../protocols/pmipv4/revocation';
import { checkAuthentication, EXT_FA_HA, keyHints, verdictFor } from '../../protocols/pmipv4/security';
import { joinTunnel4, leaveTunnel4, tunnelId } from '../../protocols/pmipv4/tunnels';
import { forgetMovement, notifyPrevious } from './movement';
import type { Decision, HaContext, HaEvent, PendingRevocation, Step } from './types';

/*
 * What the home agent does, as pure functions from its context to a Step: the decision of
 * src/protocols/pmipv4/decide.ts carried out (RFC 5944 §3.8.2.2, §3.8.3; RFC 5563 §4.1.1 step 4),
 * Registration Revocation of the previous PMA (RFC 3543 §4.2.2.1; seed 000 Fig. 2), expiry, and the
 * DHCP server that answers relaying access routers (RFC 5563 §6.3). A timer is cancelled only while
 * it runs: a lifetime timer runs while its binding exists, a revocation timer while its revocation
 * waits for the acknowledgement.
 */

type Of<T extends HaEvent['type']> = Extract<HaEvent, { type: T }>;

const RECENT = 8;
export const timerId = { lifetime: (nai: string): string => `lifetime:${nai}`, revocation: (nai: string): string => `revocation:${nai}` };
export const routeOwner = (nai: string): string => `binding:${nai}`;
const codeText = (code: number): string => `${code} (${MIP_REPLY_CODE[code] ?? 'unknown'})`;

export function begin(c: HaContext): Step {
  return {
    bindings: c.bindings, accepted: c.accepted, remembered: c.remembered, tunnels: c.tunnels, revocations: c.revocations, nextGreKey: c.nextGreKey, decisions: c.decisions,
    movements: c.movements, movementSequence: c.movementSequence, timers: [], effects: [],
  };
}

export const note = (s: Step, text: string, section: string): void => void s.effects.push({ type: 'note', text, section });

function remember(c: HaContext, s: Step, d: Omit<Decision, 'atUs'>): void {
  s.decisions = [...s.decisions, { atUs: c.env.now(), ...d }].slice(-RECENT);
}

/** RFC 5944 §3.8.3.1: the reply goes from the address the request was sent to, to the request's source and port. */
function sendReply(c: HaContext, s: Step, ev: Of<'rx.request'>, message: LayerValue, keys: Record<string, unknown>): void {
  const udp: LayerValue = { proto: 'udp', srcport: MIP_PORT, dstport: ev.srcport, payload: message };
  s.effects.push({ type: 'tx', packet: ipv4Packet({ src: ev.dst === c.config.address ? ev.dst : c.config.address, dst: ev.src, payload: udp }), hints: keys });
}

/** The decision on a request, given the home agent's clock now. */
export function decide(c: HaContext, ev: Of<'rx.request'>): { facts: RequestFacts; decision: RequestDecision } {
  return decideRequest(ev.message, ev.src, c.config, { bindings: c.bindings, accepted: c.accepted, remembered: c.remembered, clock: ntpNow(c.clock, c.env.now()) });
}

export function discardRequest(c: HaContext, ev: Of<'rx.request'>, d: Extract<RequestDecision, { kind: 'discard' }>, facts: RequestFacts): Step {
  const s = begin(c);
  remember(c, s, { from: ev.src, nai: facts.nai ?? '', outcome: `discarded: ${d.rule}` });
  note(s, `The home agent silently discards the request from ${ev.src}: ${d.rule}.`, d.section);
  return s;
}

/** RFC 5944 §3.8.2.3: a reply with the code; 133 carries the home agent's time (§5.7.1). */
export function denyRequest(c: HaContext, ev: Of<'rx.request'>, d: Extract<RequestDecision, { kind: 'deny' }>, facts: RequestFacts): Step {
  const s = begin(c);
  const message = proxyReply({
    code: d.code,
    lifetime: 0,
    homeAddress: d.homeAddress,
    homeAgent: c.config.address,
    identification: d.identification,
    nai: facts.nai,
    perNode: d.auth.perNode,
    mnHa: d.auth.mnHa,
    faHa: d.auth.faHa,
  });
  sendReply(c, s, ev, message, keyHints(d.auth.mnHa, d.auth.faHa));
  remember(c, s, { from: ev.src, nai: facts.nai ?? '', outcome: codeText(d.code) });
  const extra = d.code === 133 ? ` The reply's Identification carries the home agent's clock, ${ntpText(d.identification)}, in its high-order 32 bits.` : '';
  note(s, `The home agent refuses the request for ${facts.nai ?? 'an unnamed device'} with ${codeText(d.code)}: ${d.rule}.${extra}`, d.section);
  return s;
}

/** Leave tunnel `id`; the tunnel goes with its last user. */
export function leave(s: Step, nai: string, id: string): void {
  const r = leaveTunnel4(s.tunnels, id, nai);
  s.tunnels = r.table;
  if (r.removed) {
    s.effects.push({ type: 'tunnel.remove', id });
    note(s, `No binding uses the tunnel to ${r.removed.remote} any more: the home agent removes it.`, 'RFC 5563 §4.2');
  }
}

function dropBinding(s: Step, b: MobilityBinding): void {
  s.effects.push({ type: 'route.remove', owner: routeOwner(b.nai) });
  leave(s, b.nai, b.tunnel);
  forgetMovement(s, b);
  const { [b.nai]: _gone, ...rest } = s.bindings;
  s.bindings = rest;
}

/**
 * RFC 5944 §3.8.2.2 (one binding per device, the new care-of address replacing the old: no
 * simultaneous bindings), RFC 5563 §4.1.1 step 4 and §4.1.3 step 3: the binding, the tunnel to the
 * PMA and the host route, then the reply. On a move, RFC 5563 §4.1.4 / seed 000 Fig. 2: a
 * Registration Revocation to the previous PMA, in parallel with the reply.
 */
export function acceptRequest(c: HaContext, ev: Of<'rx.request'>, d: Extract<RequestDecision, { kind: 'accept' }>, f: RequestFacts): Step {
  const s = begin(c);
  const now = c.env.now();
  const old = d.previous;
  s.accepted = { ...s.accepted, [d.nai]: f.identification };
  const reply = (lifetime: number, extra: { greKey?: number; revocationTimestamp?: number } = {}): void => {
    const message = proxyReply({
      code: 0,
      lifetime,
      homeAddress: d.homeAddress,
      homeAgent: c.config.address,
      identification: f.identification,
      nai: d.nai,
      perNode: d.auth.perNode,
      mnHa: d.auth.mnHa,
      faHa: d.auth.faHa,
      ...extra,
    });
    sendReply(c, s, ev, message, keyHints(d.auth.mnHa, d.auth.faHa));
  };
  if (d.action === 'deregister' || d.action === 'nothing-to-deregister') {
    if (old && d.action === 'deregister') {
      s.timers.push({ op: 'cancel', id: timerId.lifetime(d.nai) });
      dropBinding(s, old);
      note(s, `The home agent accepts the de-registration of ${d.nai} at ${f.careOf}: the binding, its route and its tunnel share go.`, 'RFC 5944 §3.8.2.2');
    } else {
      note(s, `A de-registration of ${d.nai} at ${f.careOf}, where it has no binding${old ? ` (it is bound at ${old.careOf})` : ''}: nothing to delete, the binding stays.`, 'RFC 5944 §3.8.2.2');
    }
    remember(c, s, { from: ev.src, nai: d.nai, outcome: 'de-registered (0)' });
    reply(0);
    return s;
  }

  const gre = f.greKey !== undefined || f.flags.g === true;
  const toPma = f.greKey ?? 0;
  let toHa: number | undefined;
  if (gre) {
    if (old?.greKeys && old.careOf === f.careOf && old.greKeys.toPma === toPma) toHa = old.greKeys.toHa;
    else toHa = s.nextGreKey = s.nextGreKey + 1;
  }
  const encapsulation = gre ? 'gre' : 'ip-in-ip';
  const tunnel = tunnelId(f.careOf, encapsulation, gre ? toPma : undefined);
  if (old) s.timers.push({ op: 'cancel', id: timerId.lifetime(d.nai) });
  // RFC 5563 §11.1: a 3GPP2 AGW keeps the previous PMA's tunnel share until it commits the move.
  const tentative = d.action === 'move' && c.config.movementNotification;
  if (old && d.action === 'move') forgetMovement(s, old);
  if (old && old.tunnel !== tunnel && !tentative) leave(s, d.nai, old.tunnel);
  const joined = joinTunnel4(s.tunnels, { remote: f.careOf, encapsulation, nai: d.nai, ...(gre ? { key: toPma } : {}) });
  s.tunnels = joined.table;
  if (joined.created) {
    s.effects.push({ type: 'tunnel.add', tunnel: { id: tunnel, local: c.config.address, remote: f.careOf, encap: gre ? 'gre' : 'ip', ...(gre ? { key: toPma } : {}) } });
  }
  if (old?.tunnel !== tunnel) s.effects.push({ type: 'route.add', owner: routeOwner(d.nai), dst: `${d.homeAddress}/32`, tunnel });
  const revocation = c.config.revocation && f.revocation !== undefined && c.config.pmas[f.careOf] !== undefined;
  const binding: MobilityBinding = {
    nai: d.nai,
    homeAddress: d.homeAddress,
    careOf: f.careOf,
    homeAgent: c.config.address,
    identification: f.identification,
    lifetimeSeconds: d.lifetimeSeconds,
    expiresUs: now + d.lifetimeSeconds * 1e6,
    encapsulation,
    ...(gre ? { greKeys: { toPma, toHa: toHa! } } : {}),
    ...(revocation ? { revocation: { pmaTimestamp: f.revocation!.timestamp } } : {}),
    ...(f.deviceMac ? { deviceMac: f.deviceMac } : old?.deviceMac ? { deviceMac: old.deviceMac } : {}),
    fromPool: d.fromPool,
    tunnel,
    ...(tentative ? { state: 'tentative' as const, replaces: { careOf: old!.careOf, tunnel: old!.tunnel } } : old?.state === 'tentative' && old.replaces ? { state: 'tentative' as const, replaces: old.replaces } : { state: 'active' as const }),
  };
  s.bindings = { ...s.bindings, [d.nai]: binding };
  s.remembered = { ...s.remembered, [d.nai]: d.homeAddress };
  s.timers.push({ op: 'start', id: timerId.lifetime(d.nai), event: { type: 'timer.lifetime', nai: d.nai }, delayMs: d.lifetimeSeconds * 1000 });

  const tunnelText = gre ? `GRE tunnel (key ${toPma} towards the PMA, ${toHa} back)` : 'IP-in-IP tunnel';
  if (d.action === 'create') {
    note(s, `The home agent registers ${d.nai}: home address ${d.homeAddress}${d.fromPool ? ' from its pool' : ''}, care-of address ${f.careOf}, ${d.lifetimeSeconds} s, through the ${tunnelText}; ${d.homeAddress}/32 is routed into it.`, 'seed 000 §4.1.1 step 4; RFC 5563 §4.1.1 step 4');
  } else if (d.action === 'renew') {
    note(s, `The home agent extends the binding of ${d.nai} by ${d.lifetimeSeconds} s.`, 'RFC 5563 §4.1.2 step 2');
  } else if (tentative) {
    note(s, `2. The AGW (home agent) finds an existing binding for ${d.nai} at ${old!.careOf}, validates the request from ${f.careOf} and updates the binding to the ${tunnelText}, keeping it tentative: the previous BS keeps its tunnel share until the commit.`, 'RFC 5563 §11.1 step 2');
  } else {
    note(s, `2. The home agent updates the binding of ${d.nai}: care-of address ${old!.careOf} → ${f.careOf}, the route for ${d.homeAddress} moves to the ${tunnelText}.`, 'seed 000 Fig. 2 step 2; RFC 5563 §4.1.3 step 3');
  }
  if (d.action === 'move' && !tentative) revokePrevious(c, s, old!);
  remember(c, s, { from: ev.src, nai: d.nai, outcome: `${tentative ? 'move, tentative' : d.action} (0)` });
  reply(d.lifetimeSeconds, {
    ...(gre ? { greKey: toHa! } : {}),
    ...(revocation ? { revocationTimestamp: revocationTimestamp(c.clock, now) } : {}),
  });
  if (tentative) notifyPrevious(c, s, binding, old!.careOf);
  return s;
}

/** RFC 3543 §4.2.2.1: the previous PMA is told, when it negotiated revocation; else its visitor entry just expires. */
function revokePrevious(c: HaContext, s: Step, old: MobilityBinding): void {
  const faHa = c.config.pmas[old.careOf];
  if (!old.revocation || !faHa) {
    note(s, `${old.careOf} did not negotiate Registration Revocation: its visitor entry for ${old.nai} stays until its lifetime ends.`, 'RFC 3543 §4.2.1; RFC 5563 §4.1.4');
    return;
  }
  if (s.revocations[old.nai]) s.timers.push({ op: 'cancel', id: timerId.revocation(old.nai) });
  const r: PendingRevocation = {
    nai: old.nai,
    homeAddress: old.homeAddress,
    careOf: old.careOf,
    revocationId: revocationTimestamp(c.clock, c.env.now()),
    faHa,
    tries: 1,
    timeoutMs: REVOCATION_TIMEOUT_MS,
    untilUs: old.expiresUs,
  };
  s.revocations = { ...s.revocations, [old.nai]: r };
  sendRevocation(c, s, r);
  note(s, `3. Registration Revocation to the previous PMA ${old.careOf} (A = 1, I = 0, Revocation Identifier ${r.revocationId}), in parallel with the reply to the new one.`, 'seed 000 Fig. 2 step 3; RFC 5563 §4.1.4 step 1; RFC 3543 §3.3');
}

function sendRevocation(c: HaContext, s: Step, r: PendingRevocation): void {
  const message = revocationMessage({ homeAddress: r.homeAddress, homeAgent: c.config.address, careOf: r.careOf, revocationId: r.revocationId, nai: r.nai, faHa: r.faHa });
  const udp: LayerValue = { proto: 'udp', srcport: MIP_PORT, dstport: MIP_PORT, payload: message };
  s.effects.push({ type: 'tx', packet: ipv4Packet({ src: c.config.address, dst: r.careOf, payload: udp }), hints: keyHints(r.faHa) });
  s.timers.push({ op: 'start', id: timerId.revocation(r.nai), event: { type: 'timer.revocation', nai: r.nai }, delayMs: r.timeoutMs });
}

/** RFC 3543 §4.2.2.1: no acknowledgement; send again with a new timestamp, backing off, but not past the binding's life. */
export function retransmitRevocation(c: HaContext, nai: string): Step {
  const s = begin(c);
  const r = c.revocations[nai]!;
  const now = c.env.now();
  if (r.tries >= MAX_REVOCATION_TRANSMISSIONS || now >= r.untilUs) {
    const { [nai]: _gone, ...rest } = s.revocations;
    s.revocations = rest;
    note(s, `No Revocation Acknowledgement from ${r.careOf} after ${r.tries} tries: the home agent stops; that visitor entry ends with its lifetime.`, 'RFC 3543 §4.2.2.1');
    return s;
  }
  // §3.5: the previous PMA discards an identifier that is not newer as a replay, so a clock that
  // has not yet ticked to the next second must not make the retransmission look like one.
  const revocationId = Math.max(revocationTimestamp(c.clock, now), (r.revocationId + 1) >>> 0);
  const next: PendingRevocation = { ...r, revocationId, tries: r.tries + 1, timeoutMs: r.timeoutMs * 2 };
  s.revocations = { ...s.revocations, [nai]: next };
  sendRevocation(c, s, next);
  note(s, `No acknowledgement yet: the home agent sends the revocation to ${r.careOf} again with a newer Revocation Identifier (${next.revocationId}).`, 'RFC 3543 §4.2.2.1');
  return s;
}

/** RFC 3543 §3.5: the acknowledgement matches a revocation sent to its source by Home Address and Identifier, and is authentic. */
export function takeRevocationAck(c: HaContext, ev: Of<'rx.revocationAck'>): Step {
  const s = begin(c);
  const a = readRevocationAck(ev.message);
  const r = Object.values(c.revocations).find((x) => x.careOf === ev.src && x.homeAddress === a.homeAddress && x.revocationId === a.revocationId);
  if (!r) {
    note(s, `The home agent discards a Revocation Acknowledgement from ${ev.src}: it matches no revocation it is waiting on.`, 'RFC 3543 §3.5');
    return s;
  }
  const v = verdictFor(checkAuthentication(ev.message, r.faHa), EXT_FA_HA, r.faHa);
  if (v !== 'good') {
    note(s, `The home agent discards a Revocation Acknowledgement from ${ev.src}: its FA-HA authenticator is ${v}.`, 'RFC 3543 §3.4');
    return s;
  }
  const { [r.nai]: _gone, ...rest } = s.revocations;
  s.revocations = rest;
  s.timers.push({ op: 'cancel', id: timerId.revocation(r.nai) });
  note(s, `The previous PMA ${ev.src} acknowledges: only the new PMA and the home agent now hold state for ${r.nai}.`, 'seed 000 §4.1.2; RFC 5563 §4.1.4 step 3');
  return s;
}

/** RFC 5944 §3.8.2.2: "After the expiration of this registration Lifetime, the home agent MUST delete its entry". */
export function expireBinding(c: HaContext, nai: string): Step {
  const s = begin(c);
  const b = c.bindings[nai]!;
  dropBinding(s, b);
  note(s, `The lifetime of ${nai}'s binding ended without a re-registration: the home agent deletes it and the route for ${b.homeAddress}.`, 'RFC 5944 §3.8.2.2');
  return s;
}

/**
 * RFC 5563 §6.3 ("DHCP Relay Agent in the AR"), §4.1.1 step 5: the home agent's DHCP server offers
 * the address of the binding whose device (PMIPv4 Device ID, §5.3) is the client, and acknowledges
 * it, through the relaying PMA or straight to the device renewing through the tunnel.
 */
export function serveDhcp(c: HaContext, ev: Of<'rx.dhcp'>): Step {
  const s = begin(c);
  const m = ev.message;
  const b = Object.values(c.bindings).find((x) => x.deviceMac === m.chaddr);
  if (!b) {
    note(s, `The DHCP server at the home agent knows no binding for ${m.chaddr}: no answer.`, 'RFC 5563 §6.3; RFC 2131 §4.3.1');
    return s;
  }
  const p = { serverId: c.config.address, mask: c.config.home.mask, router: c.config.home.gateway, leaseSecs: c.config.home.leaseSecs };
  let kind: 'offer' | 'ack' | 'nak';
  if (m.type === 'discover') kind = 'offer';
  else if (m.type === 'request') {
    const state = requestState(m, ev.unicast);
    if (state === 'selecting' && m.serverId !== p.serverId) return s;
    const wanted = state === 'selecting' || state === 'init-reboot' ? m.requestedIp : m.ciaddr;
    kind = wanted === b.homeAddress ? 'ack' : 'nak';
  } else return s;
  const reply = serverReply(kind, p, m, kind === 'nak' ? undefined : b.homeAddress);
  const route = replyRoute(m, reply);
  if (!route.viaRelay && route.dstMac) {
    note(s, `The DHCP server at the home agent is not on ${m.chaddr}'s link and the request came through no relay: no answer.`, 'RFC 2131 §4.1');
    return s;
  }
  s.effects.push({ type: 'tx', packet: replyPacket(p.serverId, route, reply) });
  note(s, `The DHCP server at the home agent answers DHCP${m.type.toUpperCase()} with DHCP${kind.toUpperCase()}${kind === 'nak' ? '' : `, yiaddr = the home address ${b.homeAddress} of ${b.nai}`}.`, 'RFC 5563 §4.1.1 step 5, §6.3');
  return s;
}
