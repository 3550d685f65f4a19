import {
  bytes,
  bytesToText,
  ipv6,
  length,
  message,
  Registry,
  u32,
  u8,
  utf8,
  type AnyField,
  type Codec,
  type MessageValue,
  type OptionFamily,
  type OptionValue,
} from '../core';
import { isPadding, padBefore, padToEight, writePadding, type Alignment } from './padding';
import { MN_ID_SUBTYPE_NAMES } from './tables';

/*
 * Mobility options (RFC 6275 §6.2.1): TLVs after the fixed part of a message, up to the end that
 * Header Len gives. Each option is one declaration with its Type, its alignment and the Length
 * values the RFC allows; the family below walks them, and the encoder pads them.
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *   |  Option Type  | Option Length |   Option Data...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *
 * tshark shows each option as a protocol item named `mip6.options.<abbr>` whose value is the
 * option's bytes, with `mip6.mobility_opt.len` inside. It has no node for the Type octet of a known
 * option (only for unknown ones, `mip6.mobility_opt`), so our Type node has no tshark peer there.
 */

/** An option codec with what the list needs to know about it. */
export interface MobilityOptionCodec<T extends OptionValue = OptionValue> extends Codec<T> {
  readonly type: number;
  /** `xn+y`, RFC 6275 §6.2.1; none when the option has no alignment requirement. */
  readonly align?: Alignment;
  /** The Option Length values the specification allows; any when absent. */
  readonly lengths?: readonly number[];
  /** The smallest Option Length that holds the option's fixed fields. */
  readonly minLength?: number;
}

/** Option type → name, for the Type octet's display; filled as options are declared. */
export const OPTION_NAMES: Record<number, string> = {};

export const OPTIONS = new Registry<MobilityOptionCodec>('mip6.option');

const optionType = u8('type', 'mip6.mobility_opt', 'Option Type', {
  values: OPTION_NAMES,
  doc: 'Which mobility option this is (IANA "Mobility Options" registry).',
});
const optionLength = length('len', 'mip6.mobility_opt.len', 'Option Length', 8, {
  from: 'next',
  doc: 'Octets of option data, not counting the Type and Length octets.',
});

type OptionFields<Fs extends readonly AnyField[]> = readonly [typeof optionType, typeof optionLength, ...Fs];
export type OptionOf<Fs extends readonly AnyField[]> = MessageValue<OptionFields<Fs>>;

export interface OptionDeclaration<T> {
  align?: Alignment;
  lengths?: readonly number[];
  minLength?: number;
  spec?: string;
  doc?: string;
  /** What follows the option's name in its one-line display (tshark's "…: ::/0"). */
  summary?: (v: T) => string;
}

/** Declare and register a TLV mobility option (Type, Length, then `fields`). */
export function mobilityOption<const Fs extends readonly AnyField[]>(
  type: number,
  id: string,
  label: string,
  fields: Fs,
  o: OptionDeclaration<OptionOf<Fs>> = {},
): MobilityOptionCodec<OptionOf<Fs> & OptionValue> {
  const all: OptionFields<Fs> = [optionType, optionLength, ...fields];
  // A summary reads the option's fields, so it is shown only when a truncated option still has them.
  const required = fields.filter((f) => !f.optional).map((f) => f.key);
  const complete = (v: object): boolean => required.every((k) => (v as Record<string, unknown>)[k] !== undefined);
  const codec = message(id, label, all, {
    ...(o.spec ? { spec: o.spec } : {}),
    ...(o.doc ? { doc: o.doc } : {}),
    summary: (v) => (o.summary && complete(v) ? `${label}: ${o.summary(v)}` : label),
    check: (v, node, ctx) => {
      // tshark's value for an option item is its bytes.
      node.value = bytesToText(ctx.frame.subarray(node.start, node.end));
      // A zero-length field (an empty PadN) is not shown, as in tshark.
      node.children = node.children?.filter((c) => c.end > c.start || c.generated);
      const len = (v as { len?: number }).len;
      if (len === undefined) return;
      const allowed = o.lengths;
      if ((allowed && !allowed.includes(len)) || (o.minLength !== undefined && len < o.minLength)) {
        const want = allowed ? allowed.join(' or ') : `at least ${o.minLength}`;
        ctx.problems.push({
          id: 'mip6.opt.len.invalid',
          severity: 'error',
          message: `${label} option has length ${len} but it must be ${want}`,
          start: node.start,
          end: node.end,
        });
      }
    },
  });
  const out = Object.assign(codec, {
    type,
    ...(o.align ? { align: o.align } : {}),
    ...(o.lengths ? { lengths: o.lengths } : {}),
    ...(o.minLength !== undefined ? { minLength: o.minLength } : {}),
  }) as unknown as MobilityOptionCodec<OptionOf<Fs> & OptionValue>;
  OPTION_NAMES[type] = label;
  OPTIONS.bind(type, out as unknown as MobilityOptionCodec);
  return out;
}

// RFC 6275 §6.2.2: a single zero octet, with no Length.
export const pad1 = Object.assign(
  message('mip6.options.pad1', 'Pad1', [optionType], {
    spec: 'RFC 6275 §6.2.2',
    doc: 'One octet of padding, so that the next option starts where its alignment needs it.',
    check: (_v, node, ctx) => {
      node.value = bytesToText(ctx.frame.subarray(node.start, node.end));
    },
  }),
  { type: 0 },
) as unknown as MobilityOptionCodec<{ type: number } & OptionValue>;
OPTION_NAMES[0] = 'Pad1';
OPTIONS.bind(0, pad1 as unknown as MobilityOptionCodec);

// RFC 6275 §6.2.3: N octets of padding, N ≥ 2; `01 00` is a two-octet PadN.
export const padN = mobilityOption(1, 'mip6.options.padn', 'PadN', [bytes('padding', 'mip6.padn', 'PadN')], {
  spec: 'RFC 6275 §6.2.3',
  doc: 'Two or more octets of padding; the receiver ignores its contents.',
});

/*
 * RFC 6275 §6.2.5, alignment 8n+6
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Type = 3     |Option Length  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Alternate Care-of Address (16)              |
 */
export const alternateCareOfAddress = mobilityOption(
  3,
  'mip6.options.acoa',
  'Alternate Care-of Address',
  [ipv6('address', 'mip6.acoa.acoa', 'Alternate Care-of Address')],
  { align: { x: 8, y: 6 }, lengths: [16], spec: 'RFC 6275 §6.2.5' },
);

/*
 * RFC 4283 §3, no alignment requirement
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Option Type  | Option Length |  Subtype      |  Identifier ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * tshark 4.0 hides the Identifier when it is shorter than 3 octets (PROTOCOLS.md §12.8).
 */
export const mobileNodeIdentifier = mobilityOption(
  8,
  'mip6.options.mnid',
  'Mobile Node Identifier',
  [
    u8('subtype', 'mip6.mnid.subtype', 'Subtype', { values: MN_ID_SUBTYPE_NAMES }),
    utf8('identifier', 'mip6.mnid.identifier', 'Identifier', {
      doc: 'Who the mobile node is, e.g. its NAI "user@realm"; the LMA keys its binding cache on it.',
    }),
  ],
  { minLength: 1, spec: 'RFC 4283 §3', summary: (v) => v.identifier },
);

/*
 * RFC 5094 §3, alignment 4n+2
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |    Length     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Vendor ID                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Sub-Type    |                     Data.......
 * tshark decodes the data of 3GPP (10415) sub-types further; we keep it as bytes. For other vendors
 * tshark 4.0 shows `mip6.vsm.data` two octets short (Length − 7 instead of Length − 5): a tshark bug.
 */
export const vendorSpecific = mobilityOption(
  19,
  'mip6.options.vsm',
  'Vendor Specific',
  [
    u32('vendorId', 'mip6.vsm.vendorId', 'Vendor ID', { doc: 'The vendor\'s SMI Network Management Private Enterprise Code.' }),
    u8('subtype', 'mip6.vsm.subtype', 'Sub-Type'),
    bytes('data', 'mip6.vsm.data', 'Data'),
  ],
  { align: { x: 4, y: 2 }, minLength: 5, spec: 'RFC 5094 §3' },
);

/*
 * RFC 5149 §3, no alignment requirement
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |   Length      |     Identifier...             ~
 */
export const serviceSelection = mobilityOption(
  20,
  'mip6.options.ssm',
  'Service Selection',
  [
    utf8('identifier', 'mip6.ss.identifier', 'Identifier', {
      doc: 'The service the mobile node asks for, like an APN ("internet").',
    }),
  ],
  { minLength: 1, spec: 'RFC 5149 §3', summary: (v) => v.identifier },
);

/*
 * Types nobody declared (RFC 6275 §6.2.1: "unrecognized options MUST be skipped"). tshark shows them
 * as "Unknown (0xc8)" with `mip6.mobility_opt` and `mip6.mobility_opt.len`.
 */
export const unknownOption = message(
  'mip6.options.unknown',
  'Unknown option',
  [optionType, optionLength, bytes('data', 'mip6.options.unknown.data', 'Option Data')],
  {
    summary: (v) => `Unknown option ${v.type}`,
    check: (v, node, ctx) => {
      node.value = bytesToText(ctx.frame.subarray(node.start, node.end));
      for (const c of node.children ?? []) if (c.name === 'mip6.options.unknown.data') c.raw = true;
      ctx.problems.push({
        id: 'mip6.opt.unknown',
        severity: 'info',
        message: `mobility option type ${v.type} is not one the lab knows; it is skipped and kept as it is`,
        start: node.start,
        end: node.end,
      });
    },
  },
) as unknown as Codec<OptionValue>;

export function optionCodec(type: number): MobilityOptionCodec | undefined {
  return OPTIONS.get(type);
}

/**
 * The Mobility Header's option family. Alignment padding is inserted only when the given list has
 * no Pad1/PadN of its own: a list with padding (a decoded message, or a lesson that misaligns an
 * option on purpose) is encoded exactly as given.
 */
export const mobilityOptions: OptionFamily = {
  id: 'mip6.opt',
  registry: OPTIONS as unknown as Registry<Codec<OptionValue>>,
  unknown: unknownOption,
  spec: 'RFC 6275 §6.2',
  sizeAt(cur) {
    const type = cur.peekU8();
    if (type === undefined) return undefined;
    if (type === 0) return 1;
    const len = cur.peekU8(1);
    return len === undefined ? undefined : 2 + len;
  },
  beforeEach(w, items, index, base) {
    if (items.some((i) => isPadding(i.type))) return;
    writePadding(w, padBefore(w.length - base, OPTIONS.get(items[index]!.type)?.align));
  },
  afterAll(w, items, base) {
    if (items.some((i) => isPadding(i.type))) return;
    writePadding(w, padToEight(w.length - base));
  },
};
