import {
  bind,
  bitfield,
  bits,
  bytes,
  flag,
  ipv6,
  bytesToText,
  encode,
  ipv4FromText,
  ipv4ToText,
  ipv6FromText,
  ipv6ToText,
  leaf,
  length,
  macFromText,
  macToText,
  MAX_DEPTH,
  message,
  optionList,
  protocolCodec,
  registerProtocol,
  Registry,
  u32,
  u8,
  utf8FromText,
  type AnyField,
  type Codec,
  type Field,
  type LayerValue,
  type OptionFamily,
  type OptionValue,
} from './core';

/*
 * The MAG ↔ PMIP client protocol of draft-singh-netlmm-protocol-02 §4.9 (seed 003): the MAG sends
 * a Trigger when a mobile node attaches; the PMIP client sends the PBU to the LMA and returns the
 * PBA to the MAG in a Notification. Both messages share one layout (§4.9.1, §4.9.2):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Length     |Ver|    Reserved               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Transaction Number                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Options (§4.9.3: Option Type(8) Option Len(8) Option Data)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+ -  -  -
 *
 * LAB CHOICES (PROTOCOLS.md §11.2): the draft names its options but assigns no numbers, does not
 * say whether Option Len counts its own two octets, and asks IANA for an SCTP port and a PPID
 * ('PMIP-MAG') that were never assigned. We use 1 = L2-ID, 2 = IP address, 3 = Container, Option
 * Len = data octets only (as in MIPv6), and add 4 = Status for the error the client reports on a
 * pHoA mismatch (§4.7) or an address conflict (Appendix B), which the draft mentions but never
 * formats. Three more exchanges the draft describes without a format reuse the same header, also
 * as lab choices: the Trigger's "flag indicating ... stateless configuration" (Appendix B) is bit
 * 0x1000 of the Reserved field; the "conflict detection request" and its "conflict detected" / "no
 * conflict" answer between PMIP clients (Appendix B) are Types 3 and 4; and the MN context MAG1
 * hands to MAG2 (§4.2 step 1, Appendix D, which suggests CXTP with "suitably defined feature
 * profile types") is Type 5, with option 5 naming the MN's PMIP client. tshark has no dissector for
 * any of this (it shows `data.data`; wireshark/netlmm.lua decodes it); names are `netlmm.*`.
 */

/** SCTP port for the MAG–PMIP client association. LAB CHOICE: IANA never assigned one (§4.9.3). */
export const NETLMM_SCTP_PORT = 49152;
/** Payload Protocol Identifier. LAB CHOICE: 'PMIP-MAG' was never assigned, so 0, "not specified". */
export const NETLMM_PPID = 0;

export const NETLMM_TYPE = { Trigger: 1, Notification: 2, ConflictRequest: 3, ConflictReply: 4, Context: 5 } as const;
/** Option types. LAB CHOICE: the draft assigns no numbers (PROTOCOLS.md §11.2). */
export const NETLMM_OPTION = { L2Id: 1, IpAddress: 2, Container: 3, Status: 4, Client: 5 } as const;

const typeNames: Readonly<Record<number, string>> = {
  1: 'Trigger',
  2: 'Notification',
  3: 'Conflict Detection Request',
  4: 'Conflict Detection Reply',
  5: 'Context Transfer',
};
/** Status option values. LAB CHOICE: the draft describes these outcomes without coding them. */
export const NETLMM_STATUS = { Success: 0, RejectedByLma: 1, PhoaMismatch: 2, AddressConflict: 3, NoAnswer: 4, UnknownMn: 5, NotAuthorized: 6 } as const;

const statusNames: Readonly<Record<number, string>> = {
  0: 'Success',
  1: 'Rejected by the LMA (see the PBA)',
  2: 'MN identifier and pHoA do not match',
  3: 'Address conflict detected',
  4: 'No answer from the LMA',
  5: 'Unknown MN and no pHoA',
  6: 'No security association for this MN',
};

const SPEC = 'draft-singh-netlmm-protocol-02 §4.9';

/** An MN identifier as the inspector shows it: a MAC for 6 octets, text when printable, else hex. */
function showId(b: Uint8Array): string {
  if (b.length === 6) return macToText(b);
  if (b.length > 0 && b.every((c) => c >= 0x20 && c < 0x7f)) return JSON.stringify(String.fromCharCode(...b));
  return bytesToText(b) || '(empty)';
}

/** The pHoA: IPv4 or IPv6 by its length (4 or 16); other lengths stay raw with a problem. */
function phoa(): Field<'address', string, false> {
  const f: Field<'address', string, false> = {
    key: 'address',
    name: 'netlmm.opt.ip_address',
    label: 'IP address (pHoA)',
    optional: false,
    kind: { t: 'other' },
    doc: "The mobile node's home address, if the MAG learnt it (e.g. from DHCP): IPv4 or IPv6.",
    decode(cur, msg) {
      const start = cur.pos;
      const b = cur.rest();
      if (b.length === 4 || b.length === 16) {
        const text = b.length === 4 ? ipv4ToText(b) : ipv6ToText(b);
        msg.address = text;
        return leaf(f, start, cur.pos, text, text);
      }
      msg.raw = b.slice();
      cur.problem('netlmm.opt.ip_address.len.invalid', 'error', `An IP address option holds 4 or 16 octets, not ${b.length}.`, start, cur.pos);
      return leaf(f, start, cur.pos, bytesToText(b), bytesToText(b) || '(empty)', { raw: true });
    },
    encode(w, msg) {
      const raw = msg.raw as Uint8Array | undefined;
      const text = msg.address as string | undefined;
      w.bytes(raw ?? (text === undefined ? new Uint8Array(0) : text.includes(':') ? ipv6FromText(text) : ipv4FromText(text)));
    },
  };
  return f;
}

/**
 * The Container's data: the PBA the PMIP client got from the LMA, decoded by whatever codec is
 * registered as `mipv6` (the Mobility Header), as a child here rather than a layer of the frame.
 * Without that codec the bytes are shown raw; when it finds problems, the value keeps the bytes.
 */
function container(): Field<'pba', LayerValue | Uint8Array, false> {
  const f: Field<'pba', LayerValue | Uint8Array, false> = {
    key: 'pba',
    name: 'netlmm.opt.container',
    label: 'Container (PBA)',
    optional: false,
    kind: { t: 'other' },
    doc: 'The Proxy Binding Acknowledgement from the LMA, passed on to the MAG unchanged (§4.9).',
    decode(cur, msg, ctx) {
      const start = cur.pos;
      const mh = protocolCodec('mipv6');
      if (!mh || cur.remaining === 0 || ctx.depth >= MAX_DEPTH) {
        const b = cur.rest().slice();
        msg.pba = b;
        return leaf(f, start, cur.pos, bytesToText(b), bytesToText(b) || '(empty)');
      }
      // No pseudo-header: the PBA's checksum was made for the LMA → client IPv6 packet, so it shows as unverified.
      const raw = cur.bytes.slice(cur.pos, cur.end);
      const mark = ctx.problems.length;
      const inner = { ...ctx, layers: [], depth: ctx.depth + 1, hints: { container: 'netlmm' }, pseudo: undefined };
      const { value, node } = mh.decode(cur.sub(cur.remaining, mh.id), inner);
      // A malformed PBA keeps its bytes as the value, so re-encoding gives back what was read.
      msg.pba = ctx.problems.length > mark ? raw : value;
      return leaf(f, start, cur.pos, null, `${mh.label}: ${node.display}`, { children: [node] });
    },
    encode(w, msg) {
      const v = msg.pba as LayerValue | Uint8Array | undefined;
      if (v === undefined) return;
      if (v instanceof Uint8Array) {
        w.bytes(v);
        return;
      }
      const codec = protocolCodec(v.proto);
      if (!codec) throw new Error(`no codec is registered for container protocol ${v.proto}`);
      codec.encode(w, v, { hints: { container: 'netlmm' } });
    },
  };
  return f;
}

const typeField = u8('type', 'netlmm.opt.type', 'Option Type', {
  values: { 1: 'L2-ID', 2: 'IP address', 3: 'Container', 4: 'Status', 5: 'PMIP client' },
});
const lenField = length('length', 'netlmm.opt.len', 'Option Len', 8, { from: 'next', bounds: true, doc: 'Octets of data (lab choice: not counting Type and Len).' });

function option<const Fs extends readonly AnyField[]>(id: string, label: string, fields: Fs): Codec<OptionValue> {
  return message(`netlmm.options.${id}`, label, [typeField, lenField, ...fields], { spec: `${SPEC}.3` }) as unknown as Codec<OptionValue>;
}

const registry = new Registry<Codec<OptionValue>>('netlmm.option');
registry.bind(
  NETLMM_OPTION.L2Id,
  option('l2id', 'L2-ID', [
    bytes('mnId', 'netlmm.opt.mn_id', 'MN identifier', { display: showId, doc: 'Identifies the mobile node, e.g. its MAC address.' }),
  ]),
);
registry.bind(NETLMM_OPTION.IpAddress, option('ip', 'IP address', [phoa()]));
registry.bind(NETLMM_OPTION.Container, option('container', 'Container', [container()]));
registry.bind(
  NETLMM_OPTION.Status,
  option('status', 'Status', [u8('status', 'netlmm.opt.status', 'Status', { values: statusNames, doc: 'Lab choice: the outcome the PMIP client reports to the MAG.' })]),
);
registry.bind(
  NETLMM_OPTION.Client,
  option('client', 'PMIP client', [
    ipv6('client', 'netlmm.opt.client', 'PMIP client address', { doc: 'Lab choice: where the MN’s PMIP client is, so the new MAG triggers the same client (Appendix D).' }),
  ]),
);

export const netlmmOptions: OptionFamily = {
  id: 'netlmm.opt',
  registry,
  unknown: option('unknown', 'Unknown option', [bytes('data', 'netlmm.opt.data', 'Option Data')]),
  sizeAt: (cur) => {
    const len = cur.peekU8(1);
    return len === undefined ? undefined : 2 + len;
  },
};

const find = (v: { options?: OptionValue[] }, type: number): OptionValue | undefined => v.options?.find((o) => o.type === type);

export const netlmm = registerProtocol(
  message(
    'netlmm',
    'NETLMM MAG–PMIP client protocol',
    [
      u8('type', 'netlmm.type', 'Type', {
        values: typeNames,
        doc: 'Trigger: MAG → PMIP client; Notification: client → MAG. Lab choices: 3 and 4 between PMIP clients, 5 from the old MAG to the new one.',
      }),
      length('length', 'netlmm.length', 'Length', 8, { bounds: true, doc: 'Octets in the whole message, so at most 255.' }),
      bitfield('word', 'netlmm.ver_reserved', 'Version and Reserved', 16, [
        bits('version', 'netlmm.version', 0xe000, 'Version', { default: 1, doc: 'Always 1 for this draft.' }),
        flag('stateless', 'netlmm.stateless', 0x1000, 'Stateless (S)', {
          doc: 'Lab choice (Appendix B): in a Trigger, the MN configured its pHoA itself, so the PMIP client must check it is unique.',
        }),
        bits('reservedBits', 'netlmm.reserved', 0x0fff, 'Reserved'),
      ]),
      u32('transaction', 'netlmm.transaction', 'Transaction Number', { doc: 'Matches a Notification to its Trigger.' }),
      optionList('options', 'netlmm.options', 'Options', netlmmOptions),
    ],
    {
      layer: true,
      spec: SPEC,
      doc: `Carried in SCTP DATA on port ${NETLMM_SCTP_PORT} with PPID ${NETLMM_PPID}: both are lab choices, because IANA never assigned the port or the 'PMIP-MAG' identifier the draft asks for.`,
      summary: (v) => {
        const kind = typeNames[v.type] ?? `Type ${v.type}`;
        const id = find(v, NETLMM_OPTION.L2Id)?.mnId;
        const ip = find(v, NETLMM_OPTION.IpAddress)?.address;
        const status = find(v, NETLMM_OPTION.Status)?.status as number | undefined;
        return [
          `${kind} txn=${v.transaction}`,
          id instanceof Uint8Array ? `MN=${showId(id)}` : '',
          typeof ip === 'string' ? `pHoA=${ip}` : '',
          v.word?.stateless ? 'stateless' : '',
          find(v, NETLMM_OPTION.Container) ? 'carrying PBA' : '',
          status === undefined ? '' : `status=${statusNames[status] ?? status}`,
        ].filter(Boolean).join(' ');
      },
      check: (v, node, ctx) => {
        const version = v.word?.version;
        if (version !== undefined && version !== 1) {
          ctx.problems.push({ id: 'netlmm.version.invalid', severity: 'warn', message: `Version is ${version}; this draft defines version 1 (§4.9.1).`, start: node.start + 2, end: node.start + 4 });
        }
        if (v.type !== undefined && typeNames[v.type] === undefined) {
          ctx.problems.push({ id: 'netlmm.type.unknown', severity: 'warn', message: `Type ${v.type} is neither Trigger (1), Notification (2) nor one of the lab's types 3 to 5.`, start: node.start, end: node.start + 1 });
        }
      },
    },
  ),
);

bind('sctp.port', NETLMM_SCTP_PORT, 'netlmm');

/** An MN identifier from a MAC text (`02:00:00:00:00:01`), other text (an NAI), or bytes. */
function idBytes(id: string | Uint8Array): Uint8Array {
  if (id instanceof Uint8Array) return id;
  return /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(id) ? macFromText(id) : utf8FromText(id);
}

/** A Trigger (MAG → PMIP client): the attached MN's identifier and, if known, its pHoA. */
export type NetlmmValue = (typeof netlmm extends Codec<infer T> ? T : never) & { proto: 'netlmm' };

export function trigger(o: { transaction: number; mnId: string | Uint8Array; pHoA?: string; stateless?: boolean }): NetlmmValue {
  const options: OptionValue[] = [{ type: NETLMM_OPTION.L2Id, mnId: idBytes(o.mnId) }];
  if (o.pHoA !== undefined) options.push({ type: NETLMM_OPTION.IpAddress, address: o.pHoA });
  const word = o.stateless ? { version: 1, stateless: true } : { version: 1 };
  return { proto: 'netlmm', type: NETLMM_TYPE.Trigger, word, transaction: o.transaction, options };
}

/** Appendix B, lab format: one PMIP client asks another whether a pHoA is used by another MN. */
export function conflictRequest(o: { transaction: number; mnId: string | Uint8Array; pHoA: string }): NetlmmValue {
  const options: OptionValue[] = [
    { type: NETLMM_OPTION.L2Id, mnId: idBytes(o.mnId) },
    { type: NETLMM_OPTION.IpAddress, address: o.pHoA },
  ];
  return { proto: 'netlmm', type: NETLMM_TYPE.ConflictRequest, word: { version: 1 }, transaction: o.transaction, options };
}

/** Appendix B, lab format: "no conflict" (Status 0) or "conflict detected" (Status 3). */
export function conflictReply(o: { transaction: number; conflict: boolean }): NetlmmValue {
  const status = o.conflict ? NETLMM_STATUS.AddressConflict : NETLMM_STATUS.Success;
  return { proto: 'netlmm', type: NETLMM_TYPE.ConflictReply, word: { version: 1 }, transaction: o.transaction, options: [{ type: NETLMM_OPTION.Status, status }] };
}

/** §4.2 step 1, Appendix D, lab format: the MN's context from the old MAG to the new one. */
export function contextTransfer(o: { transaction: number; mnId: string | Uint8Array; pHoA?: string; client: string }): NetlmmValue {
  const options: OptionValue[] = [{ type: NETLMM_OPTION.L2Id, mnId: idBytes(o.mnId) }];
  if (o.pHoA !== undefined) options.push({ type: NETLMM_OPTION.IpAddress, address: o.pHoA });
  options.push({ type: NETLMM_OPTION.Client, client: o.client });
  return { proto: 'netlmm', type: NETLMM_TYPE.Context, word: { version: 1 }, transaction: o.transaction, options };
}

/**
 * A Notification (PMIP client → MAG): the PBA in a Container (bytes, or a Mobility Header value
 * for the `mipv6` codec), and/or a Status. Throws if it cannot fit the 8-bit Length.
 */
export function notification(o: { transaction: number; pba?: Uint8Array | LayerValue; status?: number }): NetlmmValue {
  const options: OptionValue[] = [];
  if (o.status !== undefined) options.push({ type: NETLMM_OPTION.Status, status: o.status });
  if (o.pba !== undefined) options.push({ type: NETLMM_OPTION.Container, pba: o.pba });
  const value: NetlmmValue = { proto: 'netlmm', type: NETLMM_TYPE.Notification, word: { version: 1 }, transaction: o.transaction, options };
  const size = encode(netlmm, value).length;
  if (size > 255) throw new RangeError(`a Notification of ${size} octets does not fit its 8-bit Length (max 255)`);
  return value;
}
