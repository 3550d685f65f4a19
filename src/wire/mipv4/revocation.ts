import { bitfield, bits, flag, ipv4, message, reserved, u32 } from '../core';
import { extensionList } from './extensions';
import { homeAddressField, mipType } from './registration';

/**
 * Registration Revocation and its Acknowledgement (RFC 3543 §3.3, §3.4): a home agent (or foreign
 * agent / PMA) ends a binding before its lifetime runs out, e.g. the HA tells the old PMA that the
 * mobile node has moved (RFC 5563 §4.1.4). Both MUST be authenticated: FA-HA between agents, MN-HA
 * for a co-located mobile node; the MN-NAI extension usually precedes the authenticator.
 */

const revocationId = (doc: string) =>
  u32('revocationId', 'mip.revid', 'Revocation Identifier', { doc, spec: 'RFC 3543 §3.5' });

const or = (v: string | undefined): string => v ?? '?';

// ---- Registration Revocation (type 7), RFC 3543 §3.3 -------------------------------------------
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |   Reserved    |A|I|          Reserved         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Home Address                         |
// |                       Home Domain Address                     |
// |                     Foreign Domain Address                    |
// |                      Revocation Identifier                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Extensions ...   |   Authenticator ...
export const registrationRevocationMessage = message(
  'mip',
  'Mobile IP Registration Revocation',
  [
    mipType(7),
    reserved('reserved', 'mip.rev.reserved', 'Reserved', 1),
    // tshark names the word mip.flags2 (its filter name; the label is "Flags").
    bitfield('flags', 'mip.flags2', 'Flags', 16, [
      flag('a', 'mip.rev.a', 0x8000, 'A: sent by the home agent', {
        doc: '1 when the home agent revokes, 0 when the foreign agent does: a guard against reflected messages.',
      }),
      flag('i', 'mip.rev.i', 0x4000, 'I: inform the mobile node', {
        doc: 'Asks the foreign agent to tell the mobile node (the HA may set it only if the FA said it supports it).',
      }),
      bits('rsvd', 'mip.rev.reserved2', 0x3fff, 'Reserved', { hex: true }),
    ], { spec: 'RFC 3543 §3.3' }),
    homeAddressField(),
    ipv4('homeDomainAddress', 'mip.rev.hda', 'Home Domain Address', {
      doc: 'The home agent of the binding, as registered.',
    }),
    ipv4('foreignDomainAddress', 'mip.rev.fda', 'Foreign Domain Address', {
      doc: 'The care-of address of the binding: the foreign agent or PMA.',
    }),
    revocationId("The revoking agent's timestamp: larger than any it sent before, and copied into the Acknowledgement."),
    extensionList(),
  ],
  {
    layer: true,
    spec: 'RFC 3543 §3.3',
    summary: (v) => `Reg Revocation: HoA=${or(v.homeAddress)} HDA=${or(v.homeDomainAddress)} FDA=${or(v.foreignDomainAddress)}`,
  },
);

// ---- Registration Revocation Acknowledgement (type 15), RFC 3543 §3.4 -----------------------------
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |   Reserved    |I|         Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Home Address                         |
// |                     Revocation Identifier                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Extensions ...   | Authenticator ...
export const revocationAckMessage = message(
  'mip',
  'Mobile IP Registration Revocation Acknowledgement',
  [
    mipType(15),
    reserved('reserved', 'mip.ack.reserved', 'Reserved', 1),
    bitfield('flags', 'mip.flags2', 'Flags', 16, [
      flag('i', 'mip.ack.i', 0x8000, 'I: mobile node informed', {
        doc: 'The foreign agent did tell the mobile node, as the revocation asked.',
      }),
      bits('rsvd', 'mip.ack.reserved2', 0x7fff, 'Reserved', { hex: true }),
    ], { spec: 'RFC 3543 §3.4' }),
    homeAddressField(),
    revocationId('Copied from the Revocation this acknowledges.'),
    extensionList(),
  ],
  {
    layer: true,
    spec: 'RFC 3543 §3.4',
    summary: (v) => `Reg Revocation Ack: HoA=${or(v.homeAddress)}`,
  },
);

export type RegistrationRevocation = Parameters<typeof registrationRevocationMessage.encode>[1];
export type RevocationAck = Parameters<typeof revocationAckMessage.encode>[1];
