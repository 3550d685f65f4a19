import type { LayerValue } from '../../wire/core';
import { ipv6Packet, type Ipv6Packet } from '../../wire/ipv6';
import type { MobilityHeader } from '../../wire/mh';
import { accessRequest, attr, type RadiusPacket } from '../../wire/radius';
import { checkAuthenticators } from '../../protocols/radius-profile';
import { pmipv4ProfileFromAttributes } from '../../protocols/pmipv4/aaa-profile';
import { clientPbuPacket, type ClientPbu } from '../../protocols/netlmm/client-pbu';
import { signMessage, type MnHaKey } from '../../protocols/netlmm/mn-ha-auth';

/*
 * Seed 003 Appendix C at the PMIP client: before its first PBU for an MN, the client's "local AAA
 * client function" fetches the MN-specific key from the local AAA server, which gives it only to a
 * client it shares a secret with (the check that "the PMIP client is authorized to send PBUs for
 * that MN"). The key comes back in the 3GPP2 MN-HA attributes, salt-encrypted with the shared secret
 * (RFC 2868 §3.5), and authenticates every PBU for that MN (src/protocols/netlmm/mn-ha-auth.ts).
 */

export const RADIUS_AUTH_PORT = 1812;
/** The client's own UDP port for RADIUS: any unprivileged one. */
export const CLIENT_RADIUS_PORT = 49153;
/** RFC 5176 §3.1: a request for authorization data only, with no user password to check. */
export const AUTHORIZE_ONLY = 17;

export function keyRequestPacket(o: { nai: string; nas: string; server: string; name: string; id: number; authenticator: Uint8Array; secret: string }): {
  packet: LayerValue;
  hints: Record<string, unknown>;
} {
  const request = accessRequest({
    id: o.id,
    authenticator: o.authenticator,
    attributes: [attr.userName(o.nai), attr.nasIpv6Address(o.nas), attr.nasIdentifier(o.name), attr.serviceType(AUTHORIZE_ONLY), attr.messageAuthenticator()],
  });
  const udp: LayerValue = { proto: 'udp', srcport: CLIENT_RADIUS_PORT, dstport: RADIUS_AUTH_PORT, payload: request };
  return { packet: ipv6Packet({ src: o.nas, dst: o.server, payload: udp }), hints: { radiusSecret: o.secret } };
}

/** The key in an Access-Accept, when its authenticators check out under the secret and it decrypts. */
export function keyFromAccept(accept: RadiusPacket, secret: string, requestAuthenticator: Uint8Array): MnHaKey | undefined {
  const check = checkAuthenticators(accept, secret, requestAuthenticator);
  if (check.response !== 'good' || check.message === 'bad') return undefined;
  return pmipv4ProfileFromAttributes(accept, secret, requestAuthenticator).mnHa;
}

/** The client's PBU with the MN-HA authentication option, over the pCoA and the pHoA. */
export function authenticatedPbu(p: ClientPbu, sa: MnHaKey): Ipv6Packet {
  const plain = clientPbuPacket(p);
  const signed = signMessage(plain.payload as MobilityHeader, p.pCoA, p.pHoA, sa);
  return ipv6Packet({ src: p.client, dst: p.lmaa, payload: signed });
}
