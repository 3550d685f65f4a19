import { bind, decode, octetAt, registerProtocol, Registry, variant, type Codec, type LayerValue } from '../core';
import { authChecks, MIP_KEYS_HINT, type AuthCheck, type MipKeys } from './auth';
import './pmip';
import { registrationReplyMessage, registrationRequestMessage } from './registration';
import { registrationRevocationMessage, revocationAckMessage } from './revocation';
import { tunnelDataMessage, unknownMessage } from './tunnel';

/**
 * The Mobile IP layer (tshark's `mip`): every message on UDP port 434 starts with its Type octet
 * (RFC 5944 §1.8), which picks the layout. Types this lab does not know are kept raw.
 */

const messages = new Registry<Codec<LayerValue>>('mip.type');
const as = <T>(codec: Codec<T>): Codec<LayerValue> => codec as unknown as Codec<LayerValue>;
messages.bind(1, as(registrationRequestMessage)); // RFC 5944 §3.3
messages.bind(3, as(registrationReplyMessage)); // RFC 5944 §3.4
messages.bind(4, as(tunnelDataMessage)); // RFC 3519 §3.3
messages.bind(7, as(registrationRevocationMessage)); // RFC 3543 §3.3
messages.bind(15, as(revocationAckMessage)); // RFC 3543 §3.4

export const MIP_MESSAGES: Registry<Codec<LayerValue>> = messages;

export const mip = registerProtocol(
  variant<LayerValue>('mip', 'Mobile IP', {
    keyAt: octetAt(0),
    keyOf: (v) => v.type as number | undefined,
    registry: messages,
    fallback: as(unknownMessage),
  }),
);

// RFC 5944 §3.3: registration requests go to UDP 434; replies, revocations and tunnel data use it too.
bind('udp.port', 434, 'mip');

/**
 * Decode one Mobile IP message (bytes from its Type octet) and check each authentication
 * extension with `keys`: what an agent does before it believes a registration or revocation.
 */
export function verifyAuthenticators(bytes: Uint8Array, keys: MipKeys): AuthCheck[] {
  return authChecks(decode(mip, bytes, { hints: { [MIP_KEYS_HINT]: keys } }).layers);
}
