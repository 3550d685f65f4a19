import {
  bitfield,
  bits,
  bytes,
  bytesToText,
  flag,
  ipv6,
  message,
  Registry,
  reserved,
  u16,
  u32,
  u8,
  type Codec,
  type Decoded,
} from '../core';
import {
  BA_STATUS_NAMES,
  BE_STATUS,
  BR_TYPE,
  BR_TYPE_NAMES,
  BRA_STATUS_NAMES,
  MH_TYPE,
  REVOCATION_TRIGGER_NAMES,
} from './tables';

/*
 * The Message Data of each MH Type: the fixed fields after the common header. The mobility options
 * that follow belong to the header codec (one option list for every type), as tshark shows them:
 * a "Binding Update" subtree, then a sibling "Mobility Options" subtree.
 */

export type CodecValue<C> = C extends Codec<infer T> ? T : never;

const lifetime = (name: string) =>
  u16('lifetime', name, 'Lifetime', {
    display: (v) => `${v} (${v * 4} s)`,
    doc: 'How long the binding lasts, in units of 4 seconds; 0 removes the binding.',
    spec: 'RFC 6275 §6.1.7',
  });

/*
 * RFC 6275 §6.1.2, MH Type 0
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |          Reserved             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility Options                       .
 */
export const bindingRefreshRequest = message(
  'mip6.brr',
  'Binding Refresh Request',
  [reserved('reserved', 'mip6.binding_refresh_request', 'Reserved', 2)],
  {
    trailing: 'ignore',
    spec: 'RFC 6275 §6.1.2',
    // tshark shows the two octets as bytes.
    check: (_v, node, ctx) => {
      for (const c of node.children ?? []) c.value = bytesToText(ctx.frame.subarray(c.start, c.end));
    },
  },
);

/*
 * RFC 6275 §6.1.7 (flags: RFC 3963, 5213 §8.1, 5555, 5845, 6602), MH Type 5
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |          Sequence #           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |A|H|L|K|M|R|P|F|T|B| Reserved  |            Lifetime           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility Options                       .
 */
export const bindingUpdate = message(
  'mip6.bu',
  'Binding Update',
  [
    u16('seq', 'mip6.bu.seqnr', 'Sequence #', {
      doc: 'Numbers the update; the acknowledgement copies it so the sender can match the two.',
    }),
    bitfield('flags', 'mip6.bu.flags', 'Flags', 16, [
      flag('a', 'mip6.bu.a_flag', 0x8000, 'Acknowledge (A)', { doc: 'Asks the receiver to answer with an acknowledgement.' }),
      flag('h', 'mip6.bu.h_flag', 0x4000, 'Home Registration (H)'),
      flag('l', 'mip6.bu.l_flag', 0x2000, 'Link-Local Address Compatibility (L)'),
      flag('k', 'mip6.bu.k_flag', 0x1000, 'Key Management Mobility Capability (K)'),
      flag('m', 'mip6.bu.m_flag', 0x0800, 'MAP Registration (M)'),
      flag('r', 'mip6.nemo.bu.r_flag', 0x0400, 'Mobile Router (R)'),
      flag('p', 'mip6.bu.p_flag', 0x0200, 'Proxy Registration (P)', {
        doc: 'Sent by a MAG on behalf of the mobile node: this is a Proxy Binding Update.',
        spec: 'RFC 5213 §8.1',
      }),
      flag('f', 'mip6.bu.f_flag', 0x0100, 'Force UDP encapsulation (F)', { spec: 'RFC 5555 §3.1.3' }),
      flag('t', 'mip6.bu.t_flag', 0x0080, 'TLV-header format (T)', { spec: 'RFC 5845 §6.2' }),
      flag('b', 'mip6.bu.b_flag', 0x0040, 'Bulk Binding Update (B)', { spec: 'RFC 6602' }),
    ]),
    lifetime('mip6.bu.lifetime'),
  ],
  { trailing: 'ignore', spec: 'RFC 6275 §6.1.7, RFC 5213 §8.1' },
);

/*
 * RFC 6275 §6.1.8 (flags: RFC 3963, 5213 §8.2, 5845, 6602), MH Type 6
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |    Status     |K|R|P|T|B|Rsvd |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Sequence #          |            Lifetime           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility Options                       .
 */
export const bindingAck = message(
  'mip6.ba',
  'Binding Acknowledgement',
  [
    u8('status', 'mip6.ba.status', 'Status', {
      values: BA_STATUS_NAMES,
      doc: 'Below 128 the binding was accepted; 128 and above say why it was refused.',
    }),
    bitfield('flags', 'mip6.ba.flags', 'Flags', 8, [
      flag('k', 'mip6.ba.k_flag', 0x80, 'Key Management Mobility Capability (K)'),
      flag('r', 'mip6.nemo.ba.r_flag', 0x40, 'Mobile Router (R)'),
      flag('p', 'mip6.ba.p_flag', 0x20, 'Proxy Registration (P)', {
        doc: 'Answers a Proxy Binding Update.',
        spec: 'RFC 5213 §8.2',
      }),
      flag('t', 'mip6.ba.t_flag', 0x10, 'TLV-header format (T)', { spec: 'RFC 5845 §6.3' }),
      flag('b', 'mip6.ba.b_flag', 0x08, 'Bulk Binding Update (B)', { spec: 'RFC 6602' }),
    ]),
    u16('seq', 'mip6.ba.seqnr', 'Sequence #', { doc: 'Copied from the Binding Update it answers.' }),
    lifetime('mip6.ba.lifetime'),
  ],
  { trailing: 'ignore', spec: 'RFC 6275 §6.1.8, RFC 5213 §8.2' },
);

/*
 * RFC 6275 §6.1.9, MH Type 7
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |     Status    |   Reserved    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +                          Home Address (16)                    +
 *  .                        Mobility Options                       .
 */
export const bindingError = message(
  'mip6.be',
  'Binding Error',
  [
    u8('status', 'mip6.be.status', 'Status', { values: BE_STATUS }),
    reserved('reserved', 'mip6.be.reserved', 'Reserved', 1),
    ipv6('homeAddress', 'mip6.be.haddr', 'Home Address'),
  ],
  { trailing: 'ignore', spec: 'RFC 6275 §6.1.9' },
);

/*
 * RFC 5847 §3.3, MH Type 13
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |            Reserved       |U|R|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Sequence Number                         |
 *  .                        Mobility Options                       .
 * tshark shows U and R on the second octet and has no name for the first.
 */
export const heartbeat = message(
  'mip6.hb',
  'Heartbeat',
  [
    reserved('reserved', 'mip6.hb.reserved', 'Reserved', 1),
    bitfield('flags', 'mip6.hb.flags', 'Flags', 8, [
      flag('u', 'mip6.hb.u_flag', 0x02, 'Unsolicited (U)'),
      flag('r', 'mip6.hb.r_flag', 0x01, 'Response (R)', { doc: 'Clear in a request, set in the response.' }),
    ]),
    u32('seq', 'mip6.hb.seqnr', 'Sequence Number', { doc: 'Matches a response to its request.' }),
  ],
  { trailing: 'ignore', spec: 'RFC 5847 §3.3' },
);

/*
 * RFC 5846 §5.1 / §5.2, MH Type 16: the second octet is a Trigger in an Indication (type 1) and a
 * Status in an Acknowledgement (type 2); tshark also names the flags differently in each.
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  | B.R. Type     | Trigger/Status|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Sequence #           |P|V|G|       Reserved          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  .                        Mobility options                       .
 */
const brType = u8('brType', 'mip6.bri_br.type', 'B.R. Type', { values: BR_TYPE_NAMES });
const brFlags = (who: 'i' | 'a') =>
  bitfield('flags', `mip6.br${who}.flags`, 'Flags', 16, [
    flag('p', `mip6.bri_${who}p`, 0x8000, 'Proxy Binding (P)', { doc: 'The revoked bindings are PMIPv6 bindings.' }),
    flag('v', `mip6.bri_${who}v`, 0x4000, 'IPv4 HoA Binding Only (V)'),
    flag('g', `mip6.bri_${who}g`, 0x2000, 'Global (G)', { doc: 'Revoke every binding of the peer, not one mobile node\'s.' }),
    bits('rsv', 'mip6.bri_res', 0x1fff, 'Reserved', { hex: true }),
  ]);

export const bindingRevocationIndication = message(
  'mip6.bri',
  'Binding Revocation Indication',
  [
    brType,
    u8('trigger', 'mip6.bri_r.trigger', 'Revocation Trigger', { values: REVOCATION_TRIGGER_NAMES }),
    u16('seq', 'mip6.bri_seqnr', 'Sequence #'),
    brFlags('i'),
  ],
  { trailing: 'ignore', spec: 'RFC 5846 §5.1' },
);

// Wireshark 4.0 decodes `mip6.bri_status` with an obsolete draft table, so 128+ shows unknown there.
export const bindingRevocationAck = message(
  'mip6.bra',
  'Binding Revocation Acknowledgement',
  [
    brType,
    u8('status', 'mip6.bri_status', 'Status', { values: BRA_STATUS_NAMES }),
    u16('seq', 'mip6.bri_seqnr', 'Sequence #', { doc: 'Copied from the Indication it answers.' }),
    brFlags('a'),
  ],
  { trailing: 'ignore', spec: 'RFC 5846 §5.2' },
);

export type BindingRevocationBody = CodecValue<typeof bindingRevocationIndication> | CodecValue<typeof bindingRevocationAck>;

/** Type 16: Indication or Acknowledgement by the B.R. Type octet (any other value reads as an Indication). */
export const bindingRevocation: Codec<BindingRevocationBody> = {
  id: 'mip6.br',
  label: 'Binding Revocation',
  fields: [],
  options: { spec: 'RFC 5846 §5' },
  decode(cur, ctx): Decoded<BindingRevocationBody> {
    const t = cur.peekU8();
    const out = t === BR_TYPE.ACKNOWLEDGEMENT ? bindingRevocationAck.decode(cur, ctx) : bindingRevocationIndication.decode(cur, ctx);
    if (t !== undefined && t !== BR_TYPE.INDICATION && t !== BR_TYPE.ACKNOWLEDGEMENT) {
      cur.problem('mip6.bri_br.type.unknown', 'warn', `B.R. Type ${t} is neither 1 (Indication) nor 2 (Acknowledgement)`, out.node.start, out.node.start + 1);
    }
    return out;
  },
  encode(w, v, ctx) {
    if (v.brType === BR_TYPE.ACKNOWLEDGEMENT) bindingRevocationAck.encode(w, v as CodecValue<typeof bindingRevocationAck>, ctx);
    else bindingRevocationIndication.encode(w, v as CodecValue<typeof bindingRevocationIndication>, ctx);
  },
};

/*
 * An MH Type the lab does not decode: its data is kept whole, as tshark's
 * `mip6.unknown_type_data`. A real receiver answers it with a Binding Error, Status 2
 * (RFC 6275 §9.2).
 */
export const unknownMessage = message(
  'mip6.unknown',
  'Unknown message',
  [bytes('data', 'mip6.unknown_type_data', 'Message Data')],
  {
    spec: 'RFC 6275 §9.2',
    check: (_v, node) => {
      for (const c of node.children ?? []) c.raw = true;
    },
  },
);

export type BindingRefreshRequestBody = CodecValue<typeof bindingRefreshRequest>;
export type BindingUpdateBody = CodecValue<typeof bindingUpdate>;
export type BindingAckBody = CodecValue<typeof bindingAck>;
export type BindingErrorBody = CodecValue<typeof bindingError>;
export type HeartbeatBody = CodecValue<typeof heartbeat>;
export type UnknownBody = CodecValue<typeof unknownMessage>;
export type MhBody =
  | BindingRefreshRequestBody
  | BindingUpdateBody
  | BindingAckBody
  | BindingErrorBody
  | HeartbeatBody
  | BindingRevocationBody
  | UnknownBody;

/** MH Type → the codec of its Message Data. */
export const MESSAGES = new Registry<Codec<MhBody>>('mip6.mhtype');
const register = <T>(type: number, codec: Codec<T>): void => MESSAGES.bind(type, codec as unknown as Codec<MhBody>);
register(MH_TYPE.BINDING_REFRESH_REQUEST, bindingRefreshRequest);
register(MH_TYPE.BINDING_UPDATE, bindingUpdate);
register(MH_TYPE.BINDING_ACK, bindingAck);
register(MH_TYPE.BINDING_ERROR, bindingError);
register(MH_TYPE.HEARTBEAT, heartbeat);
register(MH_TYPE.BINDING_REVOCATION, bindingRevocation);
