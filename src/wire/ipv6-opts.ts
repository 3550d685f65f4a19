import {
  bitPicture,
  bytes,
  hexN,
  ipv6,
  length,
  message,
  Registry,
  u16,
  u8,
  type Codec,
  type FieldNode,
  type OptionFamily,
  type OptionValue,
  type Writer,
} from './core';

/*
 * Options of the Hop-by-Hop and Destination Options headers (RFC 8200 §4.2):
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 * |  Option Type  |  Opt Data Len |  Option Data
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *
 * The two high bits of the type say what a node that does not know the option must do, the
 * third whether the data may change en route. Pad1 is a single zero octet; PadN fills more.
 * The header must end on a multiple of 8 octets, so encoders pad after the last option.
 */

export const IPV6_OPTION: Readonly<Record<number, string>> = {
  0x00: 'Pad1',
  0x01: 'PadN',
  0x05: 'Router Alert',
  0xc2: 'Jumbo Payload',
  0xc9: 'Home Address',
};

const ACTION: Readonly<Record<number, string>> = {
  0: 'Skip and continue',
  1: 'Discard',
  2: 'Discard and send ICMP',
  3: 'Discard and send ICMP if not multicast',
};

/** RFC 4727 §5.1.4: experimental option types (low five bits 11110). */
const EXPERIMENTAL = [0x1e, 0x3e, 0x5e, 0x7e, 0x9e, 0xbe, 0xde, 0xfe];

const optType = () =>
  u8('type', 'ipv6.opt.type', 'Type', {
    display: (v) => `${IPV6_OPTION[v] ?? (EXPERIMENTAL.includes(v) ? 'Experimental' : 'Unknown')} (${hexN(v, 1)})`,
  });
const optLen = () => length('len', 'ipv6.opt.length', 'Length', 8, { from: 'next', doc: 'Octets of option data after this field.' });

/** The action, change and low-order bits tshark shows under each option type but Pad1's. */
function typeBits(node: FieldNode): void {
  const t = node.children?.find((c) => c.name === 'ipv6.opt.type');
  if (!t || typeof t.value !== 'number') return;
  const v = t.value;
  const part = (name: string, label: string, mask: number, value: number | boolean, shown: string): FieldNode => ({
    name,
    label,
    start: t.start,
    end: t.end,
    value,
    display: `${bitPicture(v, mask, 8)} = ${label}: ${shown}`,
    mask,
    bits: 8,
  });
  const action = v >> 6;
  t.children = [
    part('ipv6.opt.type.action', 'Action', 0xc0, action, `${ACTION[action]} (${action})`),
    part('ipv6.opt.type.change', 'May Change', 0x20, (v & 0x20) !== 0, (v & 0x20) !== 0 ? 'Yes' : 'No'),
    part('ipv6.opt.type.rest', 'Low-Order Bits', 0x1f, v & 0x1f, hexN(v & 0x1f, 1)),
  ];
}

const opts = { spec: 'RFC 8200 §4.2', check: (_v: unknown, node: FieldNode) => typeBits(node) };

// RFC 8200 §4.2: Pad1 has no length and no data. tshark adds an `ipv6.opt.pad1` item on the same octet.
const pad1 = message('ipv6.opt', 'Pad1', [optType()], {
  spec: 'RFC 8200 §4.2',
  check: (_v, node) => {
    node.children?.push({ name: 'ipv6.opt.pad1', label: 'Pad1', start: node.start, end: node.end, value: null, display: 'Pad1' });
  },
});

const padN = message('ipv6.opt', 'PadN', [optType(), optLen(), bytes('padn', 'ipv6.opt.padn', 'PadN', { size: (m) => m.len as number })], opts);

// RFC 2711 §2.1: | 5 | 2 | Value (2) |
const routerAlert = message(
  'ipv6.opt',
  'Router Alert',
  [optType(), optLen(), u16('value', 'ipv6.opt.router_alert', 'Router Alert', { values: { 0: 'MLD', 1: 'RSVP', 2: 'Active Networks' } })],
  opts,
);

// RFC 6275 §6.3, alignment 8n+6: | 201 | 16 | Home Address (16) |
const homeAddress = message(
  'ipv6.opt',
  'Home Address',
  [
    optType(),
    optLen(),
    ipv6('homeAddress', 'ipv6.opt.mipv6.home_address', 'MIPv6 Home Address', {
      doc: 'A mobile node away from home sends from its care-of address and names its home address here.',
    }),
  ],
  { ...opts, spec: 'RFC 6275 §6.3' },
);

const experimental = message('ipv6.opt', 'Experimental', [optType(), optLen(), bytes('data', 'ipv6.opt.experimental', 'Experimental Option')], {
  ...opts,
  spec: 'RFC 4727 §5.1.4',
});

const unknown = message('ipv6.opt', 'Unknown option', [optType(), optLen(), bytes('data', 'ipv6.opt.unknown', 'Unknown Option Payload')], {
  spec: 'RFC 8200 §4.2',
  check: (_v, node) => {
    typeBits(node);
    node.raw = true;
  },
});

const as = <T>(c: Codec<T>): Codec<OptionValue> => c as unknown as Codec<OptionValue>;
const registry = new Registry<Codec<OptionValue>>('ipv6.opt');
registry.bind(0x00, as(pad1));
registry.bind(0x01, as(padN));
registry.bind(0x05, as(routerAlert));
registry.bind(0xc9, as(homeAddress));
for (const t of EXPERIMENTAL) registry.bind(t, as(experimental));

/** Octets of padding written at `w`: Pad1 for one, PadN for more (RFC 8200 §4.2). */
function pad(w: Writer, n: number): void {
  if (n === 1) w.u8(0);
  else if (n > 1) w.u8(1).u8(n - 2).zeros(n - 2);
}

/** The options start 2 octets into their header; the header ends on a multiple of 8. */
export const ipv6Options: OptionFamily = {
  id: 'ipv6.opt',
  registry,
  unknown: as(unknown),
  flat: true,
  spec: 'RFC 8200 §4.2',
  sizeAt(cur) {
    const type = cur.peekU8();
    if (type === 0) return 1;
    const len = cur.peekU8(1);
    return len === undefined ? undefined : 2 + len;
  },
  beforeEach(w, items, i, base) {
    // RFC 6275 §6.3: the Home Address option is aligned 8n+6, so its address starts on 8n.
    if (items[i]?.type === 0xc9) pad(w, (((6 - (w.length - base)) % 8) + 8) % 8);
  },
  afterAll(w, _items, base) {
    pad(w, (8 - ((w.length - base) % 8)) % 8);
  },
};

export type Ipv6Option =
  | { type: 0 }
  | { type: 1; padn: Uint8Array }
  | { type: 5; value: number }
  | { type: 0xc9; homeAddress: string }
  | { type: number; data: Uint8Array };
