import { HANDOFF_INDICATOR, type BindingAck } from '../../wire/mh';
import { statusName } from '../../protocols/pmipv6';
import type { Draft } from './draft';
import { keepNatBindingOpen, negotiateIpv4Transport, pbuRouteText } from './ipv4-transport';
import { afterRegistration, awaitsDhcpTrigger, onRegistrationRefused, takeIpv4Reply } from './ipv4-home';
import { judgePba, judgeRadius, type PbaVerdict, type RadiusVerdict } from './judge';
import { accessRequestPacket, advertisedPrefix, policyFromAccept, requestedPrefix, routerAddress, withdrawalPacket } from './messages';
import { requestedLifetime } from './lifecycle';
import { MAX_RADIUS_TRANSMISSIONS, RADIUS_TIMEOUT_MS, RENEW_AT_FRACTION, type BulEntry, type MagEvent } from './types';

/*
 * What the MAG does for access authentication, Router Solicitations and PBAs, on a Draft of its
 * context (draft.ts); lifecycle.ts has the timers and the leaving. machine.ts names the rules and
 * picks the step.
 */

type Of<T extends MagEvent['type']> = Extract<MagEvent, { type: T }>;

const secs = (us: number): string => `${+(us / 1e6).toFixed(3)} s`;
const onLink = (hnp: string): string => {
  const p = advertisedPrefix(hnp);
  return `${p.prefix}/${p.length}`;
};

// ---- access authentication (RFC 5213 §6.5, §6.6; seed 001 §6.2, §6.10) ----------------------

export function startAccessAuthentication(d: Draft, ev: Of<'l2.attach'>): void {
  const old = Object.values(d.bul).find((x) => x.nai === ev.nai || x.mn === ev.mn);
  if (old) {
    d.forget(old.nai);
    d.note(`${ev.nai} attaches again: ${d.config.name} drops its old entry and starts afresh.`, 'RFC 5213 §6.9.1.1 ¶11');
  }
  const ifc = d.config.accessIfaces[ev.iface]!;
  d.radiusId = (d.radiusId + 1) & 0xff;
  const env = d.context.env;
  // RFC 2865 §3: the Request Authenticator is unpredictable; here, 16 octets from the seeded stream.
  const words = [env.random(), env.random(), env.random(), env.random()];
  const authenticator = new Uint8Array(16);
  words.forEach((w, i) => new DataView(authenticator.buffer).setUint32(i * 4, w >>> 0));
  const entry: BulEntry = {
    nai: ev.nai,
    mn: ev.mn,
    mac: ev.mac,
    iface: ev.iface,
    att: ev.att ?? ifc.att ?? 4,
    ...(ev.handoff === undefined ? {} : { handoff: ev.handoff }),
    ...(ev.previousRouter ? { previousRouter: ev.previousRouter } : {}),
    state: 'authenticating',
    radius: { id: d.radiusId, authenticator, tries: 1 },
    installed: false,
    timers: [],
  };
  d.bul[ev.nai] = entry;
  const r = accessRequestPacket(d.config, entry, entry.radius!);
  d.emit({ type: 'tx', packet: r.packet, hints: r.hints });
  d.startTimer(ev.nai, 'radius', RADIUS_TIMEOUT_MS);
  d.note(
    `${ev.nai} (${ev.mac}) attaches on ${ev.iface}. Before offering mobility service ${d.config.name} authenticates it and fetches its policy profile: RADIUS Access-Request to ${d.config.aaa.address}.`,
    'RFC 5213 §6.5, §6.6; seed 001 §6.2, §6.10',
  );
}

export function retransmitAccessRequest(d: Draft, nai: string): void {
  d.fired(nai, 'radius');
  const e = d.entry(nai);
  if (e.radius!.tries >= MAX_RADIUS_TRANSMISSIONS) {
    d.set(nai, { state: 'rejected', reason: 'the AAA server did not answer' });
    d.note(`No answer from the AAA server after ${e.radius!.tries} Access-Requests: ${d.config.name} cannot authorize ${nai}, so it gets no mobility service.`, 'RFC 2865 §2.4; RFC 5213 §6.5');
    return;
  }
  const radius = { ...e.radius!, tries: e.radius!.tries + 1 };
  d.set(nai, { radius });
  const r = accessRequestPacket(d.config, d.entry(nai), radius);
  d.emit({ type: 'tx', packet: r.packet, hints: r.hints });
  d.startTimer(nai, 'radius', RADIUS_TIMEOUT_MS);
  d.note(`No RADIUS answer yet: ${d.config.name} sends the Access-Request again with the same Identifier and Request Authenticator.`, 'RFC 2865 §2.5, §4.1');
}

export function discardRadiusAnswer(d: Draft, v: RadiusVerdict): void {
  if (v.kind === 'answer') return;
  d.note(`${d.config.name} silently discards a RADIUS answer: ${v.why}.`, 'RFC 2865 §3; RFC 3579 §3.2');
}

/** RFC 5213 §6.9.1.1 ¶1: with the MN identified and its profile at hand, the MAG sends the PBU. */
export function registerAuthorizedMn(d: Draft, ev: Of<'rx.accessAccept'>): void {
  const v = judgeRadius(d.context, ev);
  if (v.kind !== 'answer') return discardRadiusAnswer(d, v);
  d.stopTimer(v.nai, 'radius');
  const policy = policyFromAccept(d.config, v.nai, ev.response);
  const e = d.set(v.nai, { policy, state: 'registering' });
  const hnp = requestedPrefix(policy);
  const prefixText = hnp === '::/0' ? 'no prefix: the LMA will assign one' : policy.addressing === 'shared-prefix' ? `home address ${hnp} in the shared prefix ${policy.hnp}` : `prefix ${hnp}`;
  d.note(`Access-Accept: ${v.nai} may attach. Its profile names LMA ${policy.lmaa} and ${prefixText} (${policy.addressing}).`, 'RFC 6572 §4; RFC 5213 §6.2; seed 001 §6.10');
  if (awaitsDhcpTrigger(d, v.nai)) return;
  const hi = e.handoff === true ? HANDOFF_INDICATOR.BETWEEN_MAGS : e.handoff === false ? HANDOFF_INDICATOR.NEW_INTERFACE : HANDOFF_INDICATOR.UNKNOWN;
  d.sendPbu(v.nai, 'registration', { hi, hnp, lifetimeSeconds: requestedLifetime(d, e) });
  d.note(
    `${d.config.name} sends a Proxy Binding Update for ${policy.mnId} ${pbuRouteText(d.config, policy.lmaa)} (Handoff Indicator ${hi}) and creates the binding update list entry.`,
    'RFC 5213 §6.9.1.1, §6.9.1.5',
  );
}

export function denyAccess(d: Draft, ev: Of<'rx.accessReject'>): void {
  const v = judgeRadius(d.context, ev);
  if (v.kind !== 'answer') return discardRadiusAnswer(d, v);
  d.stopTimer(v.nai, 'radius');
  d.set(v.nai, { state: 'rejected', reason: 'Access-Reject' });
  d.note(`Access-Reject: the AAA server refuses ${v.nai}. ${d.config.name} sends no PBU and advertises no home network prefix.`, 'RFC 5213 §6.5; RFC 2865 §4.3');
}

// ---- Router Solicitations (§6.9.2) ---------------------------------------------------------

export function answerSolicitation(d: Draft, ev: Of<'rx.rs'>, entry: BulEntry | undefined): void {
  if (!entry) {
    d.note(`A Router Solicitation on ${ev.iface} from ${ev.src}, a node ${d.config.name} has not authenticated: no Router Advertisement.`, 'RFC 5213 §6.5, §6.9.2');
    return;
  }
  // Seed 001 §6.11: the MN's link-local address is learned from its RS (not from "::", RFC 4861 §6.1.1).
  if (ev.src !== '::' && entry.mnLinkLocal !== ev.src) d.set(entry.nai, { mnLinkLocal: ev.src });
  switch (entry.state) {
    case 'registered':
    case 'reregistering':
      d.sendRouterAdvertisement(entry.nai);
      d.note(`${d.config.name} answers ${entry.nai}'s Router Solicitation with a Router Advertisement for ${onLink(entry.hnp!)}.`, 'RFC 5213 §6.9.2 ¶1');
      return;
    case 'authenticating':
    case 'authorized':
    case 'registering':
      d.note(`${entry.nai} solicits a router, but its registration is not complete: the Router Advertisement waits for the PBA.`, 'RFC 5213 §6.7, §6.9.2 ¶1');
      return;
    case 'rejected':
      d.note(`${entry.nai} has no mobility service (${entry.reason}): ${d.config.name} must not advertise its home network prefix.`, 'RFC 5213 §6.9.2 ¶2; seed 001 §6.10');
      return;
    default:
      d.note(`${entry.nai}'s binding is ending (${entry.state}): no Router Advertisement.`, 'RFC 5213 §6.9.1.4, §6.13');
  }
}

// ---- Proxy Binding Acknowledgements (§6.9.1.2) --------------------------------------------

export function ignorePba(d: Draft, v: PbaVerdict): void {
  if (v.kind === 'unmatched') d.note(`${d.config.name} ignores a Proxy Binding Acknowledgement: ${v.why}.`, 'RFC 5213 §6.9.1.2 ¶5');
}

/** ¶12-15: tunnel, routes, the entry updated, and the prefix advertised; a renewal just extends. */
export function establishBinding(d: Draft, ev: Of<'rx.pba'>): void {
  const v = judgePba(d.context, ev);
  if (v.kind !== 'accepted') return;
  const nai = v.nai;
  const e = d.entry(nai);
  const p = e.pending!;
  d.stopTimer(nai, 'pba');
  // Without a Home Network Prefix option in the PBU (an IPv4-only MN, RFC 5844 §3.1.2.6) there is none to register.
  const hnp = grantedPrefix(ev.pba) ?? e.hnp ?? (d.config.homeNetworkPrefixOption ? p.hnp : undefined);
  const lifetimeSeconds = ev.pba.body.lifetime * 4;
  const expiresUs = d.now + lifetimeSeconds * 1e6;
  const lla = findLinkLocal(ev.pba);
  const magLinkLocal = d.config.linkLocalFromLma && lla && lla !== '::' ? lla : e.magLinkLocal;
  d.set(nai, { state: 'registered', hnp, lifetimeSeconds, expiresUs, pending: undefined, ...(magLinkLocal ? { magLinkLocal } : {}) });
  negotiateIpv4Transport(d, nai, ev.pba);
  takeIpv4Reply(d, nai, ev.pba);
  d.install(nai);
  if (lifetimeSeconds > 0) d.startTimer(nai, 'renew', Math.round(lifetimeSeconds * RENEW_AT_FRACTION * 1000));
  d.startTimer(nai, 'lifetime', lifetimeSeconds * 1000);
  keepNatBindingOpen(d, nai, ev.pba, p.kind);
  if (p.kind === 'renewal') {
    d.note(`PBA accepted: ${nai}'s binding is extended by ${lifetimeSeconds} s (until ${secs(expiresUs)}).`, 'RFC 5213 §6.9.1.3');
    afterRegistration(d, nai);
    return;
  }
  const users = Object.values(d.tunnels).find((t) => t.users.includes(nai))?.users.length ?? 0;
  const v4 = d.entry(nai).ipv4Home;
  const homes = [hnp, v4?.address && !v4.refused ? `${v4.address}/32` : undefined].filter(Boolean).join(' and ');
  d.note(
    `PBA accepted (status ${v.status}): ${nai} is registered with ${homes} for ${lifetimeSeconds} s. The tunnel to ${e.policy!.lmaa} carries it (${users} user${users === 1 ? '' : 's'}); traffic from ${homes} goes into the tunnel and ${homes} is routed to ${e.iface}.`,
    v4?.address ? 'RFC 5213 §6.9.1.2 ¶12-14; seed 002 §3.2.2' : 'RFC 5213 §6.9.1.2 ¶12-14; seed 001 §6.7',
  );
  if (magLinkLocal && magLinkLocal !== e.magLinkLocal) {
    d.note(`The LMA gives ${magLinkLocal} as the link-local address for this link: every MAG the MN visits uses it, so the MN never sees a new router.`, 'RFC 5213 §6.9.1.2 ¶15, §6.9.3');
  }
  if (hnp) {
    d.sendRouterAdvertisement(nai);
    d.note(`${d.config.name} emulates the home link: a Router Advertisement with ${onLink(hnp)}, to all-nodes in a frame for ${e.mac} only.`, 'RFC 5213 §6.7; seed 001 §6.3, §6.10');
    const prev = e.previousRouter;
    if (prev && prev !== routerAddress(d.config, d.entry(nai))) {
      const w = withdrawalPacket(d.entry(nai), prev);
      d.emit({ type: 'tx', packet: w.packet, iface: w.iface, dstMac: w.dstMac });
      d.note(`A Router Advertisement from the previous MAG's link-local address ${prev} with Router Lifetime 0 makes the MN drop its old default router at once.`, 'seed 001 §7.3');
    }
  }
  afterRegistration(d, nai);
}

function grantedPrefix(pba: BindingAck): string | undefined {
  const o = pba.options?.find((x) => x.type === 22) as { prefix: string; prefixLength: number } | undefined;
  return o && o.prefix !== '::' ? `${o.prefix}/${o.prefixLength}` : undefined;
}

function findLinkLocal(pba: BindingAck): string | undefined {
  return (pba.options?.find((x) => x.type === 26) as { address?: string } | undefined)?.address;
}

/** §6.9.1.2 ¶6: options not echoed; the PBA is ignored and the MAG stops retrying "until an administrative action is taken". */
export function haltOnMisechoedPba(d: Draft, ev: Of<'rx.pba'>): void {
  const v = judgePba(d.context, ev);
  if (v.kind !== 'misechoed') return;
  d.stopTimer(v.nai, 'pba');
  d.stopTimer(v.nai, 'renew');
  d.uninstall(v.nai);
  d.set(v.nai, { state: 'rejected', reason: 'the LMA does not echo the PBU', pending: undefined });
  d.note(`The PBA for ${v.nai} carries ${v.why}: it is ignored, and ${d.config.name} stops sending PBUs for this MN until an administrator steps in.`, 'RFC 5213 §6.9.1.2 ¶6');
}

/** ¶8 (157: register again to reassert the MN's presence) and ¶10 (155: ask for any prefix with ALL_ZERO). */
export function registerAgain(d: Draft, ev: Of<'rx.pba'>): void {
  const v = judgePba(d.context, ev);
  if (v.kind !== 'reassert' && v.kind !== 'askAssignment') return;
  const p = d.entry(v.nai).pending!;
  d.stopTimer(v.nai, 'pba');
  d.set(v.nai, { pending: undefined });
  if (v.kind === 'reassert') {
    d.note(`PBA status ${statusName(v.status)}: another PBU for ${v.nai} was accepted with a later timestamp. ${d.config.name} registers again, with a fresh timestamp, to reassert that the MN is here.`, 'RFC 5213 §6.9.1.2 ¶8, §5.5');
    d.sendPbu(v.nai, p.kind, { hi: p.hi, hnp: p.hnp, lifetimeSeconds: p.lifetimeSeconds, retried: true });
  } else {
    d.note(`PBA status ${statusName(v.status)}: ${v.nai} may not have ${p.hnp}. ${d.config.name} asks the LMA to assign a prefix instead (ALL_ZERO).`, 'RFC 5213 §6.9.1.2 ¶10');
    d.sendPbu(v.nai, p.kind, { hi: p.hi, hnp: '::/0', lifetimeSeconds: p.lifetimeSeconds, retried: true });
  }
}

/** ¶7, ¶9, ¶11: refused; the prefix is not advertised and no packet from the MN is forwarded. */
export function denyMobilityService(d: Draft, ev: Of<'rx.pba'>): void {
  const v = judgePba(d.context, ev);
  if (v.kind !== 'refused') return;
  d.stopTimer(v.nai, 'pba');
  d.stopTimer(v.nai, 'renew');
  d.uninstall(v.nai);
  d.set(v.nai, { state: 'rejected', reason: statusName(v.status), pending: undefined });
  const why: Record<number, [string, string]> = {
    152: ['and it will not send another PBU for this MN until an administrator enables proxy registration', 'RFC 5213 §6.9.1.2 ¶7'],
    156: [
      'because its clock is off. It should register again only after synchronising with the domain’s common time source, not with the LMA’s timestamp in the PBA',
      'RFC 5213 §6.9.1.2 ¶9, §5.5',
    ],
  };
  const [extra, section] = why[v.status] ?? ['', 'RFC 5213 §6.9.1.2 ¶11; seed 001 §6.10'];
  d.note(
    `PBA status ${statusName(v.status)}: the LMA refuses ${v.nai}. ${d.config.name} must not advertise the home network prefix and forwards nothing for the MN${extra ? `, ${extra}` : ''}.`,
    section,
  );
  onRegistrationRefused(d, v.nai, v.status);
}
