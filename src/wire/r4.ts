import { bind, bits, bitfield, flag, ipv4, length, message, payload, registerProtocol, u32, u8, utf8 } from './core';

/*
 * A SIMPLIFIED R4 of our own (LAB ENCODING). RFC 5563 §10 (Fig. 6) has the foreign agents (WiMAX
 * data path functions) and the PMIPv4 client (in the authenticator) talk over the WiMAX NWG R4
 * reference point, whose real format is in the NWG stage-3 specification and outside the documents
 * this lab follows. This layout carries only what Fig. 6 needs, and is not the NWG one:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |F|H|A| Rsvd    |         Header Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Transaction ID                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Data path (FA care-of) address                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Home address                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Home agent                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Authenticator (PMIPv4 client)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  NAI (Header Length − 24 octets) ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Mobile IP message (Types 4 and 5: the PRRQ or PRRP "embedded in the R4 packet") ...
 *
 * It rides on UDP port R4_PORT, a LAB CHOICE (no port is assigned to this encoding). tshark knows
 * none of this and shows the UDP payload as `data.data`; names here are `r4.*`.
 */

/** UDP port of the simplified R4. LAB CHOICE: a dynamic-range port, not an assigned one. */
export const R4_PORT = 49400;

export const R4_TYPE = {
  HandoverRequest: 1,
  HandoverResponse: 2,
  Trigger: 3,
  RequestRelay: 4,
  ReplyRelay: 5,
  HandoverConfirm: 6,
  HandoverConfirmAck: 7,
} as const;

const typeNames: Readonly<Record<number, string>> = {
  1: 'Handover Request (new FA → old FA)',
  2: 'Handover Response (old FA → new FA)',
  3: 'Registration Trigger (FA → PMIPv4 client)',
  4: 'Registration Request Relay (client → FA)',
  5: 'Registration Reply Relay (FA → client)',
  6: 'Handover Confirm (new FA → old FA)',
  7: 'Handover Confirm Ack (old FA → new FA)',
};

/** Octets before the NAI. */
export const R4_FIXED = 24;

const SPEC = 'RFC 5563 §10, Fig. 6 (simplified R4: lab encoding, not the WiMAX NWG format)';
const carriesMip = (t: unknown): boolean => t === R4_TYPE.RequestRelay || t === R4_TYPE.ReplyRelay;

export const r4 = registerProtocol(
  message(
    'r4',
    'Simplified R4 (lab encoding)',
    [
      u8('type', 'r4.type', 'Type', { values: typeNames, doc: 'Lab encoding: the R4 exchanges of RFC 5563 Fig. 6, numbered by this lab.' }),
      bitfield('flags', 'r4.flags', 'Flags', 8, [
        flag('forwarding', 'r4.flags.f', 0x80, 'F: bearer forwarding over R4', { doc: 'Handover Response: the old FA forwards the MN’s data to the new FA (Fig. 6 step 1).' }),
        flag('handover', 'r4.flags.h', 0x40, 'H: handover', { doc: 'Trigger: the registration follows a handover (Fig. 6 step 3), not an initial entry.' }),
        flag('accepted', 'r4.flags.a', 0x20, 'A: accepted', { doc: 'Handover Response and Confirm Ack: the old FA agrees.' }),
        bits('reserved', 'r4.flags.reserved', 0x1f, 'Reserved'),
      ]),
      length('headerLength', 'r4.hlen', 'Header Length', 16, { to: 'payload', doc: 'Octets from the Type to the end of the NAI (lab encoding).' }),
      u32('transaction', 'r4.transaction', 'Transaction ID', { hex: true, doc: 'Matches an answer to its request.' }),
      ipv4('dataPath', 'r4.data_path', 'Data path address', { doc: 'The foreign agent (data path function) the message is about: its care-of address.' }),
      ipv4('homeAddress', 'r4.home_address', 'Home address'),
      ipv4('homeAgent', 'r4.home_agent', 'Home agent'),
      ipv4('authenticator', 'r4.authenticator', 'Authenticator', { doc: 'The anchored PMIPv4 client (the authenticator ASN) serving the MN.' }),
      utf8('nai', 'r4.nai', 'MN NAI', { size: (m) => ((m.headerLength as number | undefined) ?? R4_FIXED) - R4_FIXED }),
      payload('r4.payload', (m) => (carriesMip(m.type) ? 1 : undefined)),
    ],
    {
      layer: true,
      spec: SPEC,
      doc: 'Lab encoding: a simplified R4 of our own, on a UDP port chosen by this lab. The real WiMAX R4 format is outside RFC 5563.',
      summary: (v) => `R4 (lab) ${typeNames[v.type]?.replace(/ \(.*\)$/, '') ?? `type ${v.type}`} ${v.nai}`,
      check: (v, node, ctx) => {
        const h = v.headerLength;
        if (h !== undefined && h < R4_FIXED) {
          ctx.problems.push({ id: 'r4.hlen.invalid', severity: 'error', message: `Header Length ${h} is under the ${R4_FIXED} fixed octets.`, start: node.start, end: node.end });
        }
      },
    },
  ),
);

// The embedded registration message is the Mobile IP layer (tshark's `mip`) that UDP 434 would carry.
bind('r4.payload', 1, 'mip');
bind('udp.port', R4_PORT, 'r4');
