import { arpPacket } from '../../wire/arp';
import type { LayerValue, OptionValue } from '../../wire/core';
import { ethernetFrame } from '../../wire/ethernet';
import { icmpEcho } from '../../wire/icmp';
import { IPCP_CODE, ipcpOption } from '../../wire/ipcp';
import { ipv4Packet } from '../../wire/ipv4';
import { accessRequest, attr } from '../../wire/radius';
import { ipcpFrame } from '../../protocols/ipcp-client';
import { MOVEMENT_PORT, MOVEMENT_STATUS, MOVEMENT_TYPE } from '../../wire/movement';
import { MIP_PORT } from '../../protocols/pmipv4/ports';
import { proxyRequest } from '../../protocols/pmipv4/registration';
import { revocationAckMessage } from '../../protocols/pmipv4/revocation';
import { keyHints, type SecurityAssociation } from '../../protocols/pmipv4/security';
import { RADIUS_CLIENT_PORT, type PendingRequest, type PmaConfig, type VisitorEntry } from './types';

/*
 * The packets the PMA builds, as plain values for src/wire to encode: the RADIUS Access-Request of
 * access authentication (RFC 2865 §4.1), the Proxy Registration Request (RFC 5563 §4.1.1), the
 * Revocation Acknowledgement (RFC 3543 §3.4), and on the access link the answers of the home
 * network's gateway: ARP, ICMP echo, IPCP (RFC 5563 §6).
 */

export const RADIUS_AUTH_PORT = 1812;

/** RFC 3580 §3.21: the station's MAC in upper case, octets separated by "-". */
const callingStationId = (mac: string): string => mac.toUpperCase().replaceAll(':', '-');

/**
 * RFC 2865 §4.1: User-Name is the NAI, NAS-IP-Address and NAS-Identifier name the PMA, Calling-
 * Station-Id is the device's MAC and, as MAC authentication does, its password (hidden with the
 * secret, §5.2). The Message-Authenticator (RFC 3579 §3.2) is computed on encode.
 */
export function accessRequestPacket(c: Pick<PmaConfig, 'aaa' | 'name'>, e: Pick<VisitorEntry, 'nai' | 'mac'>, r: { id: number; authenticator: Uint8Array }): { packet: LayerValue; hints: Record<string, unknown> } {
  const request = accessRequest({
    id: r.id,
    authenticator: r.authenticator,
    attributes: [
      attr.userName(e.nai),
      attr.userPassword(callingStationId(e.mac)),
      attr.nasIpAddress(c.aaa.nasAddress),
      attr.nasIdentifier(c.name),
      attr.serviceType(2),
      attr.callingStationId(callingStationId(e.mac)),
      attr.messageAuthenticator(),
    ],
  });
  const udp: LayerValue = { proto: 'udp', srcport: RADIUS_CLIENT_PORT, dstport: RADIUS_AUTH_PORT, payload: request };
  return { packet: ipv4Packet({ src: c.aaa.nasAddress, dst: c.aaa.address, payload: udp }), hints: { radiusSecret: c.aaa.secret } };
}

/** The associations a request for this entry is authenticated with (RFC 5563 §4.3). */
export function requestAssociations(c: PmaConfig, e: VisitorEntry, homeAgent: string): { mnHa?: SecurityAssociation; faHa?: SecurityAssociation } {
  const faHa = c.faHa[homeAgent];
  const mnHa = c.auth === 'mn-ha' ? e.profile?.mnHa : undefined;
  return { ...(mnHa ? { mnHa } : {}), ...(faHa ? { faHa } : {}) };
}

/** The request of `p` in UDP 434 → 434 from the care-of address (RFC 5944 §3.6.1.1), with the keys for its authenticators. */
export function requestPacket(c: PmaConfig, e: VisitorEntry, p: PendingRequest, identification: bigint, revocationTimestamp: number | undefined): { packet: LayerValue; hints: Record<string, unknown> } {
  const sas = requestAssociations(c, e, p.destination);
  const message = proxyRequest({
    lifetime: p.lifetime,
    homeAddress: p.homeAddress,
    homeAgent: p.homeAgentField,
    careOf: c.careOf,
    identification,
    nai: e.nai,
    deviceMac: e.mac,
    mode: c.auth,
    ...sas,
    ...(e.greKeys ? { greKey: e.greKeys.toPma } : {}),
    ...(p.withRevocation && revocationTimestamp !== undefined ? { revocationTimestamp } : {}),
  });
  const udp: LayerValue = { proto: 'udp', srcport: MIP_PORT, dstport: MIP_PORT, payload: message };
  return { packet: ipv4Packet({ src: c.careOf, dst: p.destination, payload: udp }), hints: keyHints(sas.mnHa, sas.faHa) };
}

/** RFC 3543 §4.2.2.2: the acknowledgement goes to the revocation's source, from port 434 to its port. */
export function revocationAckPacket(c: PmaConfig, to: { address: string; port: number }, r: { homeAddress: string; revocationId: number; nai?: string | undefined; faHa: SecurityAssociation }): { packet: LayerValue; hints: Record<string, unknown> } {
  const udp: LayerValue = { proto: 'udp', srcport: MIP_PORT, dstport: to.port, payload: revocationAckMessage(r) };
  return { packet: ipv4Packet({ src: c.careOf, dst: to.address, payload: udp }), hints: keyHints(r.faHa) };
}

/** Proxy ARP for the home network (RFC 5563 §6.1): the gateway's MAC for whatever the device asks. */
export function arpReplyFrame(c: Pick<PmaConfig, 'home'>, e: Pick<VisitorEntry, 'mac'>, asked: string, askerIp: string): LayerValue {
  const reply = arpPacket({ opcode: 2, sha: c.home.gatewayMac, spa: asked, tha: e.mac, tpa: askerIp });
  return ethernetFrame({ src: c.home.gatewayMac, dst: e.mac, payload: reply });
}

/** RFC 5563 §6.2: the gateway's echo reply, from the address the device pinged. */
export function echoReplyPacket(from: string, to: string, w: { ident: number; seq: number; data?: Uint8Array }): LayerValue {
  return ipv4Packet({ src: from, dst: to, payload: icmpEcho({ reply: true, ident: w.ident, seq: w.seq, ...(w.data ? { data: w.data } : {}) }) });
}

/** The PMA's own Configure-Request: its address on the PPP link, the home network's gateway (RFC 1332 §3.3). */
export const ipcpRequestFrame = (c: PmaConfig, id: number): LayerValue => ipcpFrame(IPCP_CODE.ConfigureRequest, id, [ipcpOption.ipAddress(c.home.gateway)]);

/** Configure-Ack echoes the device's options; Configure-Nak suggests the home address (RFC 5563 §4.1.1 step 5). */
export const ipcpAckFrame = (id: number, options: OptionValue[]): LayerValue => ipcpFrame(IPCP_CODE.ConfigureAck, id, options);
export const ipcpNakFrame = (id: number, homeAddress: string): LayerValue => ipcpFrame(IPCP_CODE.ConfigureNak, id, [ipcpOption.ipAddress(homeAddress)]);

/** RFC 5563 §11.1 step 4 (lab encoding, src/wire/movement.ts): the old BS's answer to the AGW. */
export function movementAckPacket(
  c: PmaConfig,
  to: string,
  m: { sequence: number; homeAddress: string; previousCareOf: string; newCareOf: string; nai: string; known: boolean },
): LayerValue {
  const payload: LayerValue = {
    proto: 'pmamove',
    type: MOVEMENT_TYPE.Acknowledgement,
    status: m.known ? MOVEMENT_STATUS.Accepted : MOVEMENT_STATUS.UnknownMn,
    sequence: m.sequence,
    homeAddress: m.homeAddress,
    previousCareOf: m.previousCareOf,
    newCareOf: m.newCareOf,
    nai: m.nai,
  };
  return ipv4Packet({ src: c.careOf, dst: to, payload: { proto: 'udp', srcport: MOVEMENT_PORT, dstport: MOVEMENT_PORT, payload } });
}
