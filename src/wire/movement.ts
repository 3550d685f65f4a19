import { bind, ipv4, length, message, registerProtocol, reserved, u32, u8, utf8 } from './core';

/*
 * The 3GPP2 PMA movement notification (RFC 5563 §11.1, Fig. 11 step 4: "A 3GPP2's proprietary PMA
 * movement notification message may be exchanged between the AGW and the old BS"), as a LAB
 * ENCODING of our own: the RFC gives neither its format nor its transport.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Status     |          Reserved             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Sequence                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Home address                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Previous care-of address (old BS)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   New care-of address (new BS)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   NAI Length  |  NAI ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 *
 * It rides on UDP port MOVEMENT_PORT, a LAB CHOICE. tshark shows it as `data.data`; names here are
 * `pmamove.*`.
 */

/** UDP port of the movement notification. LAB CHOICE: a dynamic-range port, not an assigned one. */
export const MOVEMENT_PORT = 49401;

export const MOVEMENT_TYPE = { Notification: 1, Acknowledgement: 2 } as const;
export const MOVEMENT_STATUS = { Accepted: 0, UnknownMn: 1 } as const;

const typeNames: Readonly<Record<number, string>> = { 1: 'Movement Notification (AGW → old BS)', 2: 'Movement Acknowledgement (old BS → AGW)' };
const statusNames: Readonly<Record<number, string>> = { 0: 'Accepted: resources released', 1: 'No such MN at this BS' };

export const movement = registerProtocol(
  message(
    'pmamove',
    '3GPP2 PMA movement notification (lab encoding)',
    [
      u8('type', 'pmamove.type', 'Type', { values: typeNames, doc: 'Lab encoding: RFC 5563 §11.1 names the exchange but not its format.' }),
      u8('status', 'pmamove.status', 'Status', { values: statusNames, doc: 'Set in the acknowledgement; 0 in the notification.' }),
      reserved('reserved', 'pmamove.reserved', 'Reserved', 2),
      u32('sequence', 'pmamove.sequence', 'Sequence', { doc: 'Matches the acknowledgement to its notification.' }),
      ipv4('homeAddress', 'pmamove.home_address', 'Home address'),
      ipv4('previousCareOf', 'pmamove.previous_coa', 'Previous care-of address', { doc: 'The old BS, whose binding the AGW is replacing.' }),
      ipv4('newCareOf', 'pmamove.new_coa', 'New care-of address', { doc: 'The new BS, whose binding is tentative until the answer.' }),
      length('naiLength', 'pmamove.nai_len', 'NAI Length', 8, { from: 'next', bounds: true }),
      utf8('nai', 'pmamove.nai', 'MN NAI'),
    ],
    {
      layer: true,
      spec: 'RFC 5563 §11.1, Fig. 11 step 4 (lab encoding)',
      doc: 'Lab encoding: RFC 5563 §11.1 leaves the 3GPP2 movement notification proprietary; this layout and its UDP port are the lab’s.',
      summary: (v) => `PMA movement ${v.type === MOVEMENT_TYPE.Acknowledgement ? 'Ack' : 'Notification'} (lab) ${v.nai} seq=${v.sequence}`,
    },
  ),
);

bind('udp.port', MOVEMENT_PORT, 'pmamove');
