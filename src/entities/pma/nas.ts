import { clientRoute, readServerMessage, replyPacket, requestState, serverReply, type ClientMessage, type ServerParams } from '../../protocols/dhcp-server';
import { relayPacket, towardsClient, towardsServer } from '../../protocols/dhcp-relay';
import { IPCP_CODE } from '../../wire/ipcp';
import { pmipv4ProfileFromAttributes } from '../../protocols/pmipv4/aaa-profile';
import { ANY_ADDRESS, type IpcpMessage } from '../../protocols/ipcp-client';
import type { Draft } from './draft';
import { requestRegistration, deregister } from './client';
import { judgeRadius, type RadiusVerdict } from './judge';
import { accessRequestPacket, arpReplyFrame, echoReplyPacket, ipcpAckFrame, ipcpNakFrame, ipcpRequestFrame } from './messages';
import { MAX_RADIUS_TRANSMISSIONS, RADIUS_TIMEOUT_MS, type PmaEvent, type VisitorEntry, type Waiting } from './types';

/*
 * The access router side of the PMA (RFC 5563 §4.1.1 steps 1, 2, 5, 6 and §6; seed 000 §6): access
 * authentication with the AAA server, and the home link it emulates for the device — DHCP server or
 * relay, IPCP on a PPP link, ARP and the gateway's echo — so the device believes it is at home.
 * What the device asks before its registration is done waits in the entry and is answered after.
 */

type Of<T extends PmaEvent['type']> = Extract<PmaEvent, { type: T }>;

// ---- access authentication (seed 000 §4.1.1 steps 1a, 1b) ------------------------------------

export function startAccessAuthentication(d: Draft, ev: Of<'l2.attach'>): void {
  const old = Object.values(d.visitors).find((x) => x.nai === ev.nai || x.mn === ev.mn);
  if (old) {
    d.forget(old.nai);
    d.note(`${ev.nai} attaches again: ${d.config.name} drops its old visitor entry and starts afresh.`, 'RFC 5944 §3.7.1');
  }
  d.radiusId = (d.radiusId + 1) & 0xff;
  const env = d.context.env;
  // RFC 2865 §3: the Request Authenticator is unpredictable; here, 16 octets from the seeded stream.
  const authenticator = new Uint8Array(16);
  for (let i = 0; i < 4; i++) new DataView(authenticator.buffer).setUint32(i * 4, env.random() >>> 0);
  const entry: VisitorEntry = {
    nai: ev.nai,
    mn: ev.mn,
    mac: ev.mac,
    iface: ev.iface,
    attached: true,
    state: 'authenticating',
    radius: { id: d.radiusId, authenticator, tries: 1 },
    revocation: false,
    installed: false,
    waiting: [],
    timers: [],
  };
  d.visitors[ev.nai] = entry;
  const r = accessRequestPacket(d.config, entry, entry.radius!);
  d.emit({ type: 'tx', packet: r.packet, hints: r.hints });
  d.startTimer(ev.nai, 'radius', RADIUS_TIMEOUT_MS);
  d.note(
    `1a/1b. ${ev.nai} (${ev.mac}) attaches on ${ev.iface}. ${d.config.name}, the access router, authenticates it and fetches its profile: RADIUS Access-Request to ${d.config.aaa.address}.`,
    'seed 000 §4.1.1 steps 1a, 1b; RFC 5563 §4.1.1',
  );
}

export function retransmitAccessRequest(d: Draft, nai: string): void {
  d.fired(nai, 'radius');
  const e = d.entry(nai);
  if (e.radius!.tries >= MAX_RADIUS_TRANSMISSIONS) {
    d.set(nai, { state: 'rejected', reason: 'the AAA server did not answer', waiting: [] });
    d.note(`No answer from the AAA server after ${e.radius!.tries} Access-Requests: ${d.config.name} cannot authorize ${nai}.`, 'RFC 2865 §2.4');
    return;
  }
  const radius = { ...e.radius!, tries: e.radius!.tries + 1 };
  const next = d.set(nai, { radius });
  const r = accessRequestPacket(d.config, next, radius);
  d.emit({ type: 'tx', packet: r.packet, hints: r.hints });
  d.startTimer(nai, 'radius', RADIUS_TIMEOUT_MS);
  d.note(`No RADIUS answer yet: ${d.config.name} sends the Access-Request again with the same Identifier and Request Authenticator.`, 'RFC 2865 §2.5');
}

export function discardRadiusAnswer(d: Draft, v: RadiusVerdict): void {
  if (v.kind !== 'answer') d.note(`${d.config.name} silently discards a RADIUS answer: ${v.why}.`, 'RFC 2865 §3; RFC 3579 §3.2');
}

/** RFC 5563 §7: with the NAI, the MN-HA association and the home agent at hand, the PMA can register the device. */
export function authorizeDevice(d: Draft, ev: Of<'rx.accessAccept'>): void {
  const v = judgeRadius(d.context, ev);
  if (v.kind !== 'answer') return discardRadiusAnswer(d, v);
  d.stopTimer(v.nai, 'radius');
  const e = d.entry(v.nai);
  const profile = pmipv4ProfileFromAttributes(ev.response, d.config.aaa.secret, e.radius!.authenticator);
  if (d.config.auth === 'mn-ha' && !profile.mnHa) {
    d.set(v.nai, { state: 'rejected', reason: 'no MN-HA key in the profile', waiting: [] });
    d.note(`The Access-Accept for ${v.nai} carries no MN-HA key ${d.config.name} can read: it cannot authenticate a registration.`, 'RFC 5563 §7');
    return;
  }
  const next = d.set(v.nai, { state: 'authorized', profile });
  const ha = profile.homeAgent ? `home agent ${profile.homeAgent}` : 'no home agent: it will have to discover one';
  d.note(
    `Access-Accept: ${v.nai} may use the network. Its profile names ${ha}${profile.mnHa ? ` and an MN-HA key (SPI ${profile.mnHa.spi})` : ''}, decrypted with the RADIUS secret.`,
    'seed 000 §4.1.1 step 1b; RFC 5563 §7',
  );
  if (next.waiting.length > 0 || next.hint) requestRegistration(d, v.nai, 'the device asked before it was authorized');
}

export function denyAccess(d: Draft, ev: Of<'rx.accessReject'>): void {
  const v = judgeRadius(d.context, ev);
  if (v.kind !== 'answer') return discardRadiusAnswer(d, v);
  d.stopTimer(v.nai, 'radius');
  d.set(v.nai, { state: 'rejected', reason: 'Access-Reject', waiting: [] });
  d.note(`Access-Reject: the AAA server refuses ${v.nai}. ${d.config.name} registers nothing and hands out no address.`, 'RFC 2865 §4.3; RFC 5563 §9.2');
}

// ---- the home link (RFC 5563 §6) ----------------------------------------------------------

const serving = (e: VisitorEntry): boolean => e.state === 'registered' || e.state === 'reregistering' || e.state === 'lapsing';
const waitsForBinding = (e: VisitorEntry): boolean => e.state === 'authenticating' || e.state === 'authorized' || e.state === 'registering';

function entryOn(d: Draft, iface: string): VisitorEntry | undefined {
  return Object.values(d.visitors).find((x) => x.iface === iface);
}

/** Keep what the device asked until the registration is done, and ask for it (step 3 is "triggered by step 2"). */
function hold(d: Draft, e: VisitorEntry, w: Waiting, hint: string | undefined, why: string): void {
  const next = d.set(e.nai, { waiting: [...e.waiting, w], ...(hint && hint !== ANY_ADDRESS && !e.hint ? { hint } : {}) });
  if (next.state === 'authorized') requestRegistration(d, e.nai, why);
}

function serverParams(d: Draft): ServerParams {
  const h = d.config.home;
  return { serverId: h.gateway, mask: h.mask, router: h.gateway, leaseSecs: h.leaseSecs };
}

/** RFC 5563 §6.3: a DHCP message from the device: answered as its home network's server, or relayed to the server at the home agent. */
export function serveDhcp(d: Draft, ev: Of<'rx.dhcp'>): void {
  const e = entryOn(d, ev.iface);
  const m = ev.message;
  if (!e || e.state === 'rejected' || e.state === 'deregistering') {
    d.note(`${d.config.name} does not answer DHCP${m.type.toUpperCase()} from ${m.chaddr}: it offers it no service${e?.reason ? ` (${e.reason})` : ''}.`, 'RFC 5563 §9.2');
    return;
  }
  if (m.type === 'release') {
    if (serving(e)) {
      d.note(`DHCPRELEASE: ${e.nai} gives up ${e.homeAddress}, so ${d.config.name} de-registers it.`, 'RFC 5563 §6.3');
      deregister(d, e.nai);
    }
    return;
  }
  if (waitsForBinding(e)) {
    hold(d, e, { kind: 'dhcp', message: m }, m.requestedIp ?? (m.ciaddr === ANY_ADDRESS ? undefined : m.ciaddr), `DHCP${m.type.toUpperCase()}`);
    if (m.type === 'discover') d.note(`2. DHCPDISCOVER from ${e.nai}: ${d.config.name} must first get its home address from the home agent.`, 'seed 000 §4.1.1 step 2; RFC 5563 §4.1.1');
    return;
  }
  answerDhcp(d, e, m, ev.unicast);
}

function answerDhcp(d: Draft, e: VisitorEntry, m: ClientMessage, unicast: boolean): void {
  if (d.config.dhcp === 'relay') {
    const relayed = towardsServer(m, { address: d.config.careOf });
    if (!relayed) return d.note(`A DHCP message from ${m.chaddr} has crossed too many relays: discarded.`, 'RFC 1542 §4.1.1');
    d.emit({ type: 'tx', packet: relayPacket(d.config.careOf, e.homeAgent!, relayed) });
    d.note(`${d.config.name} relays DHCP${m.type.toUpperCase()} to the DHCP server at the home agent ${e.homeAgent} (giaddr ${d.config.careOf}).`, 'RFC 5563 §4.1.1 step 5, §6.3');
    return;
  }
  const p = serverParams(d);
  const hoa = e.homeAddress!;
  let kind: 'offer' | 'ack' | 'nak';
  if (m.type === 'discover') kind = 'offer';
  else if (m.type === 'request') {
    const state = requestState(m, unicast);
    if (state === 'selecting' && m.serverId !== p.serverId) return;
    const wanted = state === 'selecting' || state === 'init-reboot' ? m.requestedIp : m.ciaddr;
    kind = wanted === hoa ? 'ack' : 'nak';
  } else return;
  const reply = serverReply(kind, p, m, kind === 'nak' ? undefined : hoa);
  const route = clientRoute(reply);
  d.emit({ type: 'tx', packet: replyPacket(p.serverId, route, reply), iface: e.iface, ...(route.dstMac ? { dstMac: route.dstMac } : {}) });
  const what: Record<typeof kind, [string, string]> = {
    offer: [`5. DHCPOFFER with yiaddr = the home address ${hoa}, from the home network's gateway ${p.serverId}`, 'seed 000 §4.1.1 step 5; RFC 5563 §4.1.1 step 5'],
    ack: [`6. DHCPACK: ${e.nai} may use ${hoa}/${d.config.home.prefixLength} with ${p.router} as its default gateway`, 'seed 000 §4.1.1 step 6; RFC 5563 §4.1.1 step 6'],
    nak: [`DHCPNAK: ${e.nai} asked for an address that is not its home address ${hoa}`, 'RFC 2131 §4.3.2'],
  };
  d.note(`${what[kind][0]}.`, what[kind][1]);
}

/** RFC 2131 §4.1: the home agent's server answered the relay; the PMA hands the answer to the device. */
export function relayToDevice(d: Draft, ev: Of<'rx.dhcpServer'>): void {
  const server = readServerMessage(ev.message);
  if (!server) return;
  const e = Object.values(d.visitors).find((x) => x.mac === (server.message.chaddr as string).toLowerCase() && serving(x));
  if (!e) return d.note(`${d.config.name} has no device ${server.message.chaddr as string} to hand this DHCP${server.type.toUpperCase()} to.`, 'RFC 2131 §4.1');
  const { message, route } = towardsClient(server.message);
  d.emit({ type: 'tx', packet: replyPacket(d.config.home.gateway, route, message), iface: e.iface, ...(route.dstMac ? { dstMac: route.dstMac } : {}) });
  d.note(`${d.config.name} relays DHCP${server.type.toUpperCase()} (yiaddr ${message.yiaddr as string}) from the home agent's server to ${e.nai}.`, 'RFC 5563 §4.1.1 step 5, §6.3');
}

/** RFC 5563 §6.4, seed 000 §6.4: IPCP on the PPP link; the device's address is the home address the home agent assigned. */
export function negotiateIpcp(d: Draft, ev: Of<'rx.ipcp'>): void {
  const e = entryOn(d, ev.iface);
  const m = ev.message;
  if (!e) return;
  if (m.code === IPCP_CODE.ConfigureAck) {
    if (e.ipcp && m.id === e.ipcp.id) d.set(e.nai, { ipcp: { ...e.ipcp, acked: true } });
    return;
  }
  if (m.code !== IPCP_CODE.ConfigureRequest) return;
  if (e.state === 'rejected' || e.state === 'deregistering') return d.note(`${d.config.name} has no address to give ${e.nai} over IPCP${e.reason ? ` (${e.reason})` : ''}.`, 'RFC 5563 §9.2');
  // RFC 1661 §4.1 (RCR in Stopped): the NAS sends its own Configure-Request before it answers.
  if (!e.ipcp) {
    d.ipcpId = (d.ipcpId + 1) & 0xff;
    d.set(e.nai, { ipcp: { id: d.ipcpId, acked: false } });
    d.emit({ type: 'tx.frame', iface: e.iface, frame: ipcpRequestFrame(d.config, d.ipcpId) });
  }
  const entry = d.entry(e.nai);
  if (waitsForBinding(entry)) {
    hold(d, entry, { kind: 'ipcp', message: m }, m.address, 'IPCP Configure-Request');
    d.note(`2. IPCP Configure-Request for ${m.address ?? ANY_ADDRESS} from ${e.nai}: the answer waits for the home agent.`, 'seed 000 §4.1.1 step 2; RFC 5563 §4.1.1');
    return;
  }
  answerIpcp(d, entry, m);
}

function answerIpcp(d: Draft, e: VisitorEntry, m: IpcpMessage): void {
  const hoa = e.homeAddress!;
  if (m.address === hoa) {
    d.emit({ type: 'tx.frame', iface: e.iface, frame: ipcpAckFrame(m.id, m.options) });
    d.note(`6. Configure-Ack: ${e.nai} uses its home address ${hoa} on the PPP link.`, 'seed 000 §4.1.1 step 6; RFC 5563 §6.4');
  } else {
    d.emit({ type: 'tx.frame', iface: e.iface, frame: ipcpNakFrame(m.id, hoa) });
    d.note(`5. Configure-Nak with IP-Address ${hoa}: the home address from the Proxy Registration Reply.`, 'seed 000 §4.1.1 step 5; RFC 5563 §4.1.1 step 5');
  }
}

/**
 * RFC 5563 §6.1: ARP for the gateway or another host of the home network gets the gateway's MAC.
 * An address in the request's sender field shows the PMA which home address the device uses (seed
 * 000 §6.3: "the MAG detects the IP address of the MN").
 */
export function answerArp(d: Draft, ev: Of<'rx.arp'>): void {
  const e = entryOn(d, ev.iface);
  if (!e || e.state === 'authenticating' || e.state === 'rejected' || e.state === 'deregistering') return;
  d.emit({ type: 'tx.frame', iface: e.iface, frame: arpReplyFrame(d.config, e, ev.tpa, ev.spa) });
  d.note(`${d.config.name} answers ARP for ${ev.tpa} with the gateway's MAC ${d.config.home.gatewayMac}, the same on every access router.`, 'RFC 5563 §6.1; seed 000 §6.1');
  if (e.state === 'authorized' && ev.spa !== ANY_ADDRESS && !e.hint) {
    d.set(e.nai, { hint: ev.spa });
    requestRegistration(d, e.nai, `its ARP request shows it uses ${ev.spa}`);
  }
}

/** RFC 5563 §6.2: the gateway answers the device's echo (the TTL-1 probe after a link change) while it provides the service. */
export function answerGatewayEcho(d: Draft, ev: Of<'rx.echo'>): void {
  const e = entryOn(d, ev.iface);
  if (!e || e.state === 'rejected' || e.state === 'deregistering') return;
  const probe: Waiting = { kind: 'probe', src: ev.src, ident: ev.ident, seq: ev.seq, ...(ev.data ? { data: ev.data } : {}) };
  if (waitsForBinding(e)) {
    hold(d, e, probe, ev.src, `its echo to the gateway comes from ${ev.src}`);
    return;
  }
  answerProbe(d, e, probe);
}

function answerProbe(d: Draft, e: VisitorEntry, w: Extract<Waiting, { kind: 'probe' }>): void {
  d.emit({ type: 'tx', packet: echoReplyPacket(d.config.home.gateway, w.src, w), iface: e.iface });
  d.note(`${d.config.name} answers the echo to the gateway ${d.config.home.gateway} as the gateway itself: the device is, as far as it can tell, still at home.`, 'RFC 5563 §6.2; seed 000 §6.2');
}

/** Step 5: with the binding in place, answer what the device asked meanwhile, in order. */
export function answerWaiting(d: Draft, nai: string): void {
  const e = d.entry(nai);
  const waiting = e.waiting;
  if (waiting.length === 0) return;
  d.set(nai, { waiting: [] });
  // Only the latest DHCP and IPCP requests still matter: the device retransmitted the earlier ones.
  const lastDhcp = waiting.filter((w) => w.kind === 'dhcp').at(-1);
  const lastIpcp = waiting.filter((w) => w.kind === 'ipcp').at(-1);
  for (const w of waiting) {
    if (w.kind === 'dhcp' && w === lastDhcp) answerDhcp(d, d.entry(nai), w.message, false);
    if (w.kind === 'ipcp' && w === lastIpcp) answerIpcp(d, d.entry(nai), w.message);
    if (w.kind === 'probe') answerProbe(d, d.entry(nai), w);
  }
}
