import {
  bitfield,
  bits,
  bytes,
  flag,
  hexN,
  length,
  message,
  optionList,
  Registry,
  reserved,
  u16,
  u32,
  u8,
  utf8,
  type Codec,
  type DecodeContext,
  type EncodeContext,
  type Field,
  type OptionValue,
} from '../core';

/**
 * Mobile IPv4 registration extensions (RFC 5944 §1.8–§1.11): a list of TLVs after the fixed part
 * of every registration message, with no padding or alignment. Three header forms share one type
 * space, and the form is a property of the type, not of the bytes:
 *
 *   classic/short  Type(1) Length(1) [Sub-Type(1)] Data     Length excludes Type and Length
 *   long           Type(1) Sub-Type(1) Length(2) Data        Length excludes Type, Sub-Type, Length
 *
 * Types 0–127 are non-skippable: a receiver that does not know one MUST silently discard the whole
 * message (RFC 5944 §1.8). Types 128–255 are skipped by their Length. A skippable type can never be
 * long-form, because an old receiver reads the octet after the Type as the Length (RFC 5944 §1.10).
 */

/** Extension type numbers (IANA "Mobile IPv4 Extensions"), with the names a learner sees. */
export const MIP_EXT_TYPE: Readonly<Record<number, string>> = {
  32: 'Mobile-Home Authentication',
  33: 'Mobile-Foreign Authentication',
  34: 'Foreign-Home Authentication',
  36: 'Generalized Mobile IP Authentication',
  38: 'Critical Vendor/Organization Specific',
  44: 'UDP Tunnel Reply',
  45: 'FA Error',
  46: 'GFA IP Address',
  47: 'Proxy Mobile IPv4 Non-skippable',
  48: 'GRE Key',
  131: 'Mobile Node NAI',
  132: 'MN-FA Challenge',
  134: 'Normal Vendor/Organization Specific',
  136: 'NAI Carrying',
  137: 'Revocation Support',
  139: 'Dynamic HA',
  144: 'UDP Tunnel Request',
  145: 'Message String',
  147: 'Proxy Mobile IPv4 Skippable',
  148: 'Mobile Network',
  151: 'Service Selection',
  152: 'Dual Stack (DSMIPv4)',
  255: 'Skippable Experimental',
};

/**
 * Types whose Length is the 16-bit word at offset 2: Generalized Authentication (RFC 3012 §5),
 * CVSE (RFC 3115 §3.1, a Reserved octet where the Sub-Type would be), PMIPv4 Non-skippable
 * (RFC 5563 §5.1) and GRE Key (RFC 6245 §5). An unknown type is read as classic, as Wireshark does.
 */
export const LONG_FORM: ReadonlySet<number> = new Set([36, 38, 47, 48]);

/** Extension codecs by type; modules bind their own extensions beside their declarations. */
export const MIP_EXTENSIONS = new Registry<Codec<OptionValue>>('mip.ext');

export function bindExtension<T>(type: number, codec: Codec<T>): Codec<T> {
  MIP_EXTENSIONS.bind(type, codec as unknown as Codec<OptionValue>);
  return codec;
}

/** The hint that tells an authenticator where its message's Type octet is (RFC 5944 §3.5.1). */
export const MIP_START_HINT = 'mipStart';

// ---- Header fields shared by every extension --------------------------------------------------

export const extType = (type: number): Field<'type', number, true> =>
  u8('type', 'mip.ext.type', 'Type', { values: MIP_EXT_TYPE, default: type, spec: 'RFC 5944 §1.9' });

export const shortLength = (): Field<'length', number, true> =>
  length('length', 'mip.ext.len', 'Length', 8, {
    from: 'next',
    doc: 'Octets after the Length field: the Type and Length octets are not counted.',
    spec: 'RFC 5944 §1.9',
  });

export const longLength = (): Field<'length', number, true> =>
  length('length', 'mip.ext.len', 'Length', 16, {
    from: 'next',
    doc: 'A 16-bit length (long extension format): Type, Sub-Type and Length are not counted.',
    spec: 'RFC 5944 §1.10',
  });

const summaryOf = (label: string, detail?: string): string => (detail === undefined ? label : `${label}: ${detail}`);

// ---- Unknown extensions -----------------------------------------------------------------------

/** Any type no codec claims: kept raw, read in the classic form as Wireshark does. */
export const unknownExtension = message(
  'mip.ext',
  'Unknown extension',
  [u8('type', 'mip.ext.type', 'Type', { values: MIP_EXT_TYPE }), shortLength(), bytes('data', 'mip.extension', 'Data')],
  {
    spec: 'RFC 5944 §1.8',
    summary: (v) => `Unknown extension ${v.type ?? '?'}${v.type !== undefined && v.type < 128 ? ' (non-skippable)' : ''}`,
    check: (v, node, ctx) => {
      node.raw = true;
      if (v.type !== undefined && v.type < 128) {
        ctx.problems.push({
          id: 'mip.ext.unknown',
          severity: 'warn',
          message: `extension type ${v.type} is non-skippable (0–127) and unknown: a receiver must silently discard the whole message (RFC 5944 §1.8)`,
          start: node.start,
          end: node.end,
        });
      }
    },
  },
);

// ---- The extension list -----------------------------------------------------------------------

function sizeAt(cur: { peekU8(offset?: number): number | undefined }): number | undefined {
  const type = cur.peekU8(0);
  if (type === undefined) return undefined;
  if (LONG_FORM.has(type)) {
    const hi = cur.peekU8(2);
    const lo = cur.peekU8(3);
    return hi === undefined || lo === undefined ? undefined : 4 + ((hi << 8) | lo);
  }
  const len = cur.peekU8(1);
  return len === undefined ? undefined : 2 + len;
}

const family = {
  id: 'mip.ext',
  registry: MIP_EXTENSIONS,
  unknown: unknownExtension as unknown as Codec<OptionValue>,
  sizeAt,
  spec: 'RFC 5944 §1.8',
  doc: 'Extensions follow the fixed part back to back, with no padding; authentication extensions come last.',
};

function withStart<C extends DecodeContext | EncodeContext>(ctx: C, start: number): C {
  return { ...ctx, hints: { ...ctx.hints, [MIP_START_HINT]: start } };
}

/**
 * The extensions of a registration message. It tells each extension where the message starts, so
 * an authenticator can cover "the UDP payload … and all prior Extensions" (RFC 5944 §3.5.1).
 */
export function extensionList(): Field<'extensions', OptionValue[], true> {
  const inner = optionList('extensions', 'mip.extensions', 'Extensions', family);
  return {
    ...inner,
    decode: (cur, msg, ctx, scope) => inner.decode(cur, msg, withStart(ctx, scope.start), scope),
    encode: (w, msg, ctx, scope) => inner.encode(w, msg, withStart(ctx, scope.start), scope),
  };
}

// ---- Mobile Node NAI (131), RFC 2794 §2 --------------------------------------------------------
//  +--------+--------+--------+--------+--------+
//  | Type=131| Length |  MN-NAI ...                (no terminator, no padding)
//  +--------+--------+--------+--------+--------+
export const naiExtension = bindExtension(
  131,
  message('mip.ext.nai', 'Mobile Node NAI Extension', [
    extType(131),
    shortLength(),
    utf8('nai', 'mip.nai', 'MN-NAI', {
      doc: "The mobile node's Network Access Identifier (user@realm): who is registering when the home address is 0.0.0.0.",
      spec: 'RFC 2794 §2',
    }),
  ], { spec: 'RFC 2794 §2', summary: (v) => summaryOf('Mobile Node NAI', v.nai) }),
);

// ---- Revocation Support (137), RFC 3543 §3.2 ---------------------------------------------------
//  | Type=137 | Length=6 |I|       Reserved (15)      |
//  |                    Timestamp                    |
export const revocationSupportExtension = bindExtension(
  137,
  message('mip.ext.rev', 'Revocation Support Extension', [
    extType(137),
    shortLength(),
    bitfield('flags', 'mip.ext.rev.flags', 'Flags', 16, [
      flag('i', 'mip.ext.rev.i', 0x8000, "'I' bit support", {
        doc: 'The sender can handle the I bit: a revocation may ask it to inform the mobile node.',
      }),
      bits('rsvd', 'mip.ext.rev.reserved', 0x7fff, 'Reserved', { hex: true }),
    ]),
    u32('timestamp', 'mip.ext.rev.tstamp', 'Timestamp', {
      doc: "The sender's clock in seconds; revocations it later sends must carry a newer Revocation Identifier.",
      spec: 'RFC 3543 §3.2',
    }),
  ], { spec: 'RFC 3543 §3.2', summary: (v) => summaryOf('Revocation Support', `I=${v.flags?.i ? 1 : 0} timestamp ${v.timestamp ?? '?'}`) }),
);

// ---- UDP Tunnel Request (144) and Reply (44), RFC 3519 §3.1, §3.2 -------------------------------
//  Request: | 144 | Len=6 | Sub-Type=0 | Reserved 1 |F|R| Rsvd 2 | Encapsulation | Reserved 3 (16) |
//  Reply:   |  44 | Len=6 | Sub-Type=0 |    Code    |F|   Reserved (15)   |   Keepalive Interval   |
export const UDP_TUNNEL_ENCAPSULATION: Readonly<Record<number, string>> = {
  0: 'as the M and G flags say',
  4: 'IP in UDP',
  47: 'GRE in UDP',
  55: 'Minimal encapsulation in UDP',
};

export const udpTunnelRequestExtension = bindExtension(
  144,
  message('mip.ext.utrq', 'UDP Tunnel Request Extension', [
    extType(144),
    shortLength(),
    u8('subtype', 'mip.ext.utrq.subtype', 'Sub-Type', { default: 0 }),
    reserved('reserved1', 'mip.ext.utrq.reserved1', 'Reserved 1', 1),
    bitfield('flags', 'mip.ext.utrq.flags', 'Flags', 8, [
      flag('f', 'mip.ext.utrq.f', 0x80, 'F (force UDP tunnelling)', {
        doc: 'Use UDP tunnelling even if no NAT is detected between the addresses.',
      }),
      flag('r', 'mip.ext.utrq.r', 0x40, 'R (FA registration required)'),
      bits('rsvd', 'mip.ext.utrq.reserved2', 0x3f, 'Reserved 2', { hex: true }),
    ]),
    u8('encapsulation', 'mip.ext.utrq.encaptype', 'Encapsulation', {
      values: UDP_TUNNEL_ENCAPSULATION,
      doc: 'The header that follows the MIP Tunnel Data header (IP protocol numbers); 0 lets the M and G flags decide.',
    }),
    reserved('reserved3', 'mip.ext.utrq.reserved3', 'Reserved 3', 2),
  ], { spec: 'RFC 3519 §3.1', summary: (v) => summaryOf('UDP Tunnel Request', `encapsulation ${v.encapsulation ?? '?'}`) }),
);

export const UDP_TUNNEL_REPLY_CODE: Readonly<Record<number, string>> = {
  0: 'will do tunnelling',
  64: 'tunnelling declined, reason unspecified',
};

export const udpTunnelReplyExtension = bindExtension(
  44,
  message('mip.ext.utrp', 'UDP Tunnel Reply Extension', [
    extType(44),
    shortLength(),
    u8('subtype', 'mip.ext.utrp.subtype', 'Sub-Type', { default: 0 }),
    u8('code', 'mip.ext.utrp.code', 'Reply code', { values: UDP_TUNNEL_REPLY_CODE }),
    bitfield('flags', 'mip.ext.utrp.flags', 'Flags', 16, [
      flag('f', 'mip.ext.utrp.f', 0x8000, 'F (tunnelling forced)'),
      bits('rsvd', 'mip.ext.utrp.reserved', 0x7fff, 'Reserved', { hex: true }),
    ]),
    u16('keepalive', 'mip.ext.utrp.keepalive', 'Keepalive interval', {
      display: (v) => `${v} s`,
      doc: 'Seconds of silence after which the mobile node sends a keepalive through the tunnel (default 110).',
    }),
  ], { spec: 'RFC 3519 §3.2', summary: (v) => summaryOf('UDP Tunnel Reply', `code ${v.code ?? '?'}, keepalive ${v.keepalive ?? '?'} s`) }),
);

// ---- CVSE (38), RFC 3115 §3.1 -------------------------------------------------------------------
//  | Type=38 | Reserved | Length (16)  |
//  |        Vendor/Org-ID (32)         |
//  | Vendor-CVSE-Type (16) | Vendor-CVSE-Value ...
export const VENDOR_3GPP2 = 5535;
export const VENDOR_VERIZON = 12951;

/** Wireshark names the CVSE-Type field after the vendor; its value is shown only for other vendors. */
function cvseType(): Field<'vendorType', number, false> {
  const byVendor: Record<number, Field<'vendorType', number, false>> = {
    [VENDOR_3GPP2]: u16('vendorType', 'mip.ext.cvse.3gpp2_type', '3GPP2 CVSE type'),
    [VENDOR_VERIZON]: u16('vendorType', 'mip.ext.cvse.verizon_type', 'Verizon CVSE type'),
  };
  const other = u16('vendorType', 'mip.ext.cvse.vendor_type', 'Vendor CVSE type', { hex: true });
  return {
    ...other,
    decode: (cur, msg, ctx, scope) => (byVendor[msg.vendorId as number] ?? other).decode(cur, msg, ctx, scope),
  };
}

export const cvseExtension = bindExtension(
  38,
  message('mip.ext.cvse', 'Critical Vendor/Organization Specific Extension', [
    extType(38),
    reserved('reserved', 'mip.ext.cvse.reserved', 'Reserved', 1),
    longLength(),
    u32('vendorId', 'mip.ext.cvse.vendor_id', 'Vendor/Org-ID', {
      display: (v) => (v === VENDOR_3GPP2 ? `3GPP2 (${v})` : v === VENDOR_VERIZON ? `Verizon Wireless (${v})` : String(v)),
      doc: 'An SMI enterprise number; a receiver that does not understand this vendor must reject the message.',
    }),
    cvseType(),
    // tshark 4.0 hides the value for 3GPP2 and Verizon; we show it for every vendor.
    bytes('value', 'mip.ext.cvse.vendor_value', 'Vendor-CVSE-Value'),
  ], { spec: 'RFC 3115 §3.1', summary: (v) => summaryOf('CVSE', `vendor ${v.vendorId ?? '?'} type ${v.vendorType ?? '?'}`) }),
);

// ---- GRE Key (48), RFC 6245 §5 -----------------------------------------------------------------
//  | Type=48 | Sub-Type=0 |  Length = 4 (16) |
//  |           Key Identifier (32)           |
// tshark 4.0 does not know type 48: it reads the Sub-Type octet as a classic Length, shows
// "Unknown Extension 48" with length 0 and then a phantom "Unknown (0)" over the rest, and resyncs.
// Wireshark has no field names for it, so these names are ours.
export const greKeyExtension = bindExtension(
  48,
  message('mip.ext.grekey', 'GRE Key Extension', [
    extType(48),
    u8('subtype', 'mip.ext.grekey.subtype', 'Sub-Type', { default: 0 }),
    longLength(),
    u32('key', 'mip.ext.grekey.key', 'Key Identifier', {
      display: (v) => `${v} (${hexN(v, 4)})`,
      doc: 'The GRE key the sender wants in every GRE packet it receives for this binding (asymmetric keys).',
      spec: 'RFC 6245 §5',
    }),
  ], { spec: 'RFC 6245 §5', summary: (v) => summaryOf('GRE Key', String(v.key ?? '?')) }),
);
