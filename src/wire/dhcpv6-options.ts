import {
  bytes, bytesToText, hexN, ipv6, leaf, length, MAX_DEPTH, message, protocolCodec, Registry, u16, u32,
  type AnyField, type Codec, type DecodeContext, type Field, type FieldNode, type LayerValue, type OptionValue,
} from './core';

/*
 * DHCPv6 options (RFC 8415 §21): a 16-bit code and a 16-bit length, no padding, no alignment.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          option-code          |           option-len          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          option-data                          |
 *
 * Wireshark names each option node `dhcpv6.option.type_str` (shown as the option's name) with
 * `dhcpv6.option.type` and `dhcpv6.option.length` under it. IA_NA and IA Address carry options of
 * their own, and a Relay Message carries a whole DHCPv6 message.
 */

type Msg = Record<string, unknown>;

export const DHCPV6_OPTION = {
  ClientId: 1,
  ServerId: 2,
  IaNa: 3,
  IaAddress: 5,
  ElapsedTime: 8,
  RelayMessage: 9,
  StatusCode: 13,
  RapidCommit: 14,
  InterfaceId: 18,
} as const;

/** Wireshark's names (IANA "DHCPv6 Option Codes"). */
export const DHCPV6_OPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'Client Identifier',
  2: 'Server Identifier',
  3: 'Identity Association for Non-temporary Address',
  5: 'IA Address',
  8: 'Elapsed time',
  9: 'Relay Message',
  13: 'Status code',
  14: 'Rapid Commit',
  18: 'Interface-Id',
};

const DUID_TYPES: Readonly<Record<number, string>> = { 1: 'link-layer address plus time', 2: 'Vendor-assigned unique ID based on Enterprise Number', 3: 'link-layer address', 4: 'Universally Unique IDentifier (UUID)' };

/** The octets of a list of DHCPv6 options, read one by one: an option cut short keeps its bytes raw. */
export function dhcpv6OptionList<K extends string>(key: K, label: string): Field<K, OptionValue[], true> {
  const f: Field<K, OptionValue[], true> = {
    key,
    name: 'dhcpv6.options',
    label,
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg, ctx, scope) {
      const start = cur.pos;
      const items: OptionValue[] = [];
      const nodes: FieldNode[] = [];
      while (cur.remaining > 0 && !cur.exhausted) {
        const at = cur.pos;
        const len = cur.remaining >= 4 ? (cur.peekU8(2)! << 8) | cur.peekU8(3)! : undefined;
        if (len === undefined || 4 + len > cur.remaining) {
          const what = len === undefined ? 'an option header is cut short' : `an option claims ${len} bytes of data but only ${cur.remaining - 4} remain`;
          cur.problem('dhcpv6.option.length.invalid', 'error', what, at, cur.end);
          const b = cur.rest().slice();
          nodes.push(leaf({ name: 'dhcpv6.option.raw', label: 'Undecodable bytes' }, at, cur.pos, bytesToText(b), bytesToText(b), { raw: true }));
          items.push({ type: -1, malformed: true, data: b });
          break;
        }
        const type = (cur.peekU8()! << 8) | cur.peekU8(1)!;
        const { value, node } = (optionCodecs.get(type) ?? unknownOption).decode(cur.sub(4 + len, cur.layer), ctx);
        items.push(value);
        nodes.push(node);
      }
      msg[key] = items;
      scope.spans.set(key, { start, end: cur.pos });
      return nodes;
    },
    encode(w, msg, ctx) {
      for (const item of (msg[key] as OptionValue[] | undefined) ?? []) {
        if (item.malformed === true) w.bytes(item.data as Uint8Array);
        else (optionCodecs.get(item.type) ?? unknownOption).encode(w, item, ctx);
      }
    },
  };
  return f;
}

const codeField = u16('type', 'dhcpv6.option.type', 'Option', { values: DHCPV6_OPTION_NAMES });
const lengthField = length('len', 'dhcpv6.option.length', 'Length', 16, { from: 'next', bounds: true, doc: 'Octets of option data, not counting code and length.' });

function option(label: string, spec: string, fields: readonly AnyField[], summary?: (v: Msg) => string): Codec<OptionValue> {
  return message('dhcpv6.option.type_str', label, [codeField, lengthField, ...fields], {
    spec,
    ...(summary ? { summary: (v) => `${label}: ${summary(v as Msg)}` } : {}),
  }) as unknown as Codec<OptionValue>;
}

/**
 * A DUID (RFC 8415 §11) as its bytes, with its type and, for DUID-LL and DUID-LLT, the hardware
 * type and link-layer address shown under it, as Wireshark does.
 */
function duid(): Field<'duid', Uint8Array, false> {
  const f: Field<'duid', Uint8Array, false> = {
    key: 'duid',
    name: 'dhcpv6.duid.bytes',
    label: 'DUID',
    optional: false,
    kind: { t: 'bytes' },
    doc: 'DHCP Unique Identifier: the client or server, independent of its addresses.',
    decode(cur, msg) {
      const start = cur.pos;
      const b = cur.rest().slice();
      msg.duid = b;
      const children: FieldNode[] = [];
      const at = (n: number): number => (b[n]! << 8) | b[n + 1]!;
      if (b.length >= 2) {
        const type = at(0);
        children.push(leaf({ name: 'dhcpv6.duid.type', label: 'DUID Type' }, start, start + 2, type, `${DUID_TYPES[type] ?? 'Unknown'} (${type})`));
        const ll = type === 3 ? 2 : type === 1 ? 6 : undefined;
        const prefix = type === 3 ? 'dhcpv6.duidll' : 'dhcpv6.duidllt';
        if (ll !== undefined && b.length >= ll + 2) {
          const hw = at(2);
          children.push(leaf({ name: `${prefix}.hwtype`, label: 'Hardware type' }, start + 2, start + 4, hw, hw === 1 ? 'Ethernet (1)' : String(hw)));
          if (type === 1) children.push(leaf({ name: 'dhcpv6.duidllt.time', label: 'DUID Time' }, start + 4, start + 8, null, hexN(((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0, 4)));
          const addr = b.subarray(ll + 2);
          const text = [...addr].map((x) => x.toString(16).padStart(2, '0')).join(':');
          children.push(leaf({ name: `${prefix}.link_layer_addr`, label: 'Link-layer address' }, start + ll + 2, cur.pos, text, text));
        }
      } else {
        cur.problem('dhcpv6.duid.len.invalid', 'error', `A DUID holds at least its 2-octet type, not ${b.length} octets.`, start, cur.pos);
      }
      return leaf(f, start, cur.pos, bytesToText(b), bytesToText(b) || '(empty)', { children });
    },
    encode(w, msg) {
      w.bytes((msg.duid as Uint8Array | undefined) ?? new Uint8Array(0));
    },
  };
  return f;
}

/** An IAID: four octets Wireshark shows as hex text ("00000001"). */
function iaid(): Field<'iaid', number, false> {
  const f: Field<'iaid', number, false> = {
    key: 'iaid',
    name: 'dhcpv6.iaid',
    label: 'IAID',
    optional: false,
    kind: { t: 'uint', bits: 32 },
    doc: 'Identifies this identity association among the client’s; the server answers per IAID.',
    decode(cur, msg) {
      const start = cur.pos;
      const v = cur.u32('IAID');
      if (v === undefined) return undefined;
      msg.iaid = v;
      const text = v.toString(16).padStart(8, '0');
      return leaf(f, start, cur.pos, text, text);
    },
    encode(w, msg) {
      w.u32((msg.iaid as number | undefined) ?? 0);
    },
  };
  return f;
}

/** Option 9: the relayed message, a DHCPv6 message of its own (decoded as a child, not a layer of the frame). */
function relayedMessage(): Field<'message', LayerValue | Uint8Array, false> {
  const f: Field<'message', LayerValue | Uint8Array, false> = {
    key: 'message',
    name: 'dhcpv6.relay_message',
    label: 'Relayed message',
    optional: false,
    kind: { t: 'other' },
    decode(cur, msg, ctx: DecodeContext) {
      const start = cur.pos;
      const codec = protocolCodec('dhcpv6');
      if (!codec || cur.remaining === 0 || ctx.depth >= MAX_DEPTH) {
        const b = cur.rest().slice();
        msg.message = b;
        return leaf(f, start, cur.pos, bytesToText(b), bytesToText(b) || '(empty)', { raw: true });
      }
      const { value, node } = codec.decode(cur.sub(cur.remaining, codec.id), { ...ctx, layers: [], depth: ctx.depth + 1 });
      msg.message = value;
      return node;
    },
    encode(w, msg, ctx) {
      const v = msg.message as LayerValue | Uint8Array | undefined;
      if (v === undefined) return;
      if (v instanceof Uint8Array) return void w.bytes(v);
      protocolCodec('dhcpv6')!.encode(w, v, ctx);
    },
  };
  return f;
}

const STATUS: Readonly<Record<number, string>> = { 0: 'Success', 1: 'UnspecFail', 2: 'NoAddrsAvail', 3: 'NoBinding', 4: 'NotOnLink', 5: 'UseMulticast' };

const optionCodecs = new Registry<Codec<OptionValue>>('dhcpv6.option');
optionCodecs.bind(DHCPV6_OPTION.ClientId, option('Client Identifier', 'RFC 8415 §21.2', [duid()]));
optionCodecs.bind(DHCPV6_OPTION.ServerId, option('Server Identifier', 'RFC 8415 §21.3', [duid()]));
optionCodecs.bind(
  DHCPV6_OPTION.IaNa,
  option('Identity Association for Non-temporary Address', 'RFC 8415 §21.4', [
    iaid(),
    u32('t1', 'dhcpv6.iaid.t1', 'T1', { doc: 'When the client should renew with the server that gave the addresses, s (0: the client decides).' }),
    u32('t2', 'dhcpv6.iaid.t2', 'T2', { doc: 'When the client should rebind with any server, s.' }),
    dhcpv6OptionList('options', 'IA_NA options'),
  ]),
);
optionCodecs.bind(
  DHCPV6_OPTION.IaAddress,
  option('IA Address', 'RFC 8415 §21.6', [
    ipv6('address', 'dhcpv6.iaaddr.ip', 'IPv6 address', { doc: 'The address the server assigns: here, the proxy home address (pHoA).' }),
    u32('preferred', 'dhcpv6.iaaddr.pref_lifetime', 'Preferred lifetime', { display: (v) => `${v} s` }),
    u32('valid', 'dhcpv6.iaaddr.valid_lifetime', 'Valid lifetime', { display: (v) => `${v} s` }),
    dhcpv6OptionList('options', 'IA Address options'),
  ], (v) => String(v.address)),
);
optionCodecs.bind(
  DHCPV6_OPTION.ElapsedTime,
  option('Elapsed time', 'RFC 8415 §21.9', [u16('elapsed', 'dhcpv6.elapsed_time', 'Elapsed time', { display: (v) => `${v * 10} ms`, doc: 'How long the client has been trying, in hundredths of a second.' })]),
);
optionCodecs.bind(DHCPV6_OPTION.RelayMessage, option('Relay Message', 'RFC 8415 §21.10', [relayedMessage()]));
optionCodecs.bind(
  DHCPV6_OPTION.StatusCode,
  option('Status code', 'RFC 8415 §21.13', [
    u16('status', 'dhcpv6.status_code', 'Status Code', { values: STATUS }),
    bytes('text', 'dhcpv6.status_msg', 'Status Message', { display: (b) => JSON.stringify(String.fromCharCode(...b)) }),
  ]),
);
optionCodecs.bind(DHCPV6_OPTION.RapidCommit, option('Rapid Commit', 'RFC 8415 §21.14', []));
optionCodecs.bind(
  DHCPV6_OPTION.InterfaceId,
  option('Interface-Id', 'RFC 8415 §21.18', [bytes('id', 'dhcpv6.interface_id', 'Interface-ID', { doc: 'Chosen by the relay: which of its links the client is on, echoed by the server.' })]),
);

const unknownOption = option('Unknown option', 'RFC 8415 §21.1', [bytes('data', 'dhcpv6.option.value', 'Value')]);
