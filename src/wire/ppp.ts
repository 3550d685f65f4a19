import {
  bind,
  hexN,
  keyForPayload,
  leaf,
  message,
  payload,
  registerProtocol,
  table,
  u8,
  when,
  type Codec,
  type Cursor,
  type Field,
  type LayerValue,
} from './core';

/*
 * PPP as a capture of link type 9 (LINKTYPE_PPP) holds it: RFC 1661 §2 encapsulation, normally in
 * the HDLC-like framing of RFC 1662 §3.1 without flags, escapes or FCS.
 *
 *  +----------+----------+----------+-------------+---------+
 *  | Address  | Control  | Protocol | Information | Padding |
 *  | 0xff     | 0x03     | 8/16 bits|      *      |    *    |
 *  +----------+----------+----------+-------------+---------+
 *
 * tshark's `ppp` layer reads exactly this: Address and Control when the frame starts `ff 03`
 * (else they were compressed away, LCP option ACFC, RFC 1661 §6.6), then a Protocol of one octet
 * when that octet is odd (Protocol-Field-Compression, RFC 1661 §6.5) or two otherwise. The
 * Information field is the next layer: IPv4 (0x0021), IPv6 (0x0057, RFC 5072), IPCP (0x8021),
 * LCP (0xc021). PMIPv4's PPP access (RFC 5563 §4) assigns the home address with IPCP.
 */

const SPEC = 'RFC 1661 §2, RFC 1662 §3.1';

/** Protocol names as the inspector shows them (PPP DLL Protocol Numbers registry). */
export const PPP_PROTOCOL: Readonly<Record<number, string>> = {
  0x0021: 'Internet Protocol version 4',
  0x0057: 'Internet Protocol version 6',
  0x8021: 'Internet Protocol Control Protocol',
  0x8057: 'IPv6 Control Protocol',
  0xc021: 'Link Control Protocol',
  0xc023: 'Password Authentication Protocol',
  0xc223: 'Challenge Handshake Authentication Protocol',
};

type Msg = Record<string, unknown>;

/**
 * A flag the decoder reads from the bytes ahead without consuming them (no node): the compressions
 * that change the layout. Encoders read the same flag, so a decoded frame re-encodes as it was.
 */
function peekFlag<K extends string>(key: K, test: (cur: Cursor) => boolean): Field<K, boolean, true> {
  return {
    key,
    name: `ppp.${key}`,
    label: key,
    optional: true,
    kind: { t: 'other' },
    decode(cur, msg) {
      if (cur.remaining > 0 && test(cur)) msg[key] = true;
      return undefined;
    },
    encode() {},
  };
}

/** The Protocol field: one octet when compressed, else two (RFC 1661 §2, §6.5). */
function protocolField(): Field<'protocol', number, true> {
  const describe = (v: number): string => `${PPP_PROTOCOL[v] ?? 'Unknown'} (${hexN(v, 2)})`;
  const f: Field<'protocol', number, true> = {
    key: 'protocol',
    name: 'ppp.protocol',
    label: 'Protocol',
    optional: true,
    kind: { t: 'uint', bits: 16 },
    doc: 'What the Information field holds: 0x0021 IPv4, 0x0057 IPv6, 0x8021 IPCP, 0xc021 LCP.',
    spec: 'RFC 1661 §2',
    decode(cur, msg, _ctx, scope) {
      const start = cur.pos;
      const v = msg.pfc === true ? cur.u8('Protocol') : cur.u16('Protocol');
      if (v === undefined) return undefined;
      msg.protocol = v;
      scope.spans.set('protocol', { start, end: cur.pos });
      // All protocol numbers are odd in the low octet and even in the high one (RFC 1661 §2).
      if ((v & 0x0100) !== 0 || (v & 1) === 0) {
        cur.problem('ppp.protocol.invalid', 'warn', `Protocol ${hexN(v, 2)} is not a valid PPP protocol number (RFC 1661 §2).`, start, cur.pos);
      }
      return leaf(f, start, cur.pos, v, describe(v));
    },
    encode(w, msg, _ctx, scope) {
      const start = w.length;
      const v = (msg.protocol as number | undefined) ?? keyForPayload('ppp.protocol', msg) ?? 0;
      if (msg.pfc === true && v < 0x100) w.u8(v);
      else w.u16(v);
      scope.spans.set('protocol', { start, end: w.length });
    },
  };
  return f;
}

const framed = (m: Msg): boolean => m.acfc !== true;

export const ppp: Codec<PppValue> = registerProtocol(
  message(
    'ppp',
    'Point-to-Point Protocol',
    [
      peekFlag('acfc', (cur) => !(cur.peekU8(0) === 0xff && cur.peekU8(1) === 0x03)),
      when(framed, u8('address', 'ppp.address', 'Address', { hex: true, default: 0xff, doc: 'All-Stations address, always 0xff.', spec: 'RFC 1662 §3.1' })),
      when(framed, u8('control', 'ppp.control', 'Control', { hex: true, default: 0x03, doc: 'Unnumbered Information, always 0x03.', spec: 'RFC 1662 §3.1' })),
      peekFlag('pfc', (cur) => ((cur.peekU8(0) ?? 0) & 1) === 1),
      protocolField(),
      payload('ppp.protocol', (m) => m.protocol as number),
    ],
    {
      layer: true,
      spec: SPEC,
      summary: (v) => `PPP ${v.protocol === undefined ? '' : (PPP_PROTOCOL[v.protocol] ?? hexN(v.protocol, 2))}`.trim(),
    },
  ),
);

export type PppValue = {
  /** Address and Control absent (Address-and-Control-Field-Compression). */
  acfc?: boolean;
  address?: number;
  control?: number;
  /** The Protocol field in one octet (Protocol-Field-Compression). */
  pfc?: boolean;
  /** Derived from the payload when left out. */
  protocol?: number;
  payload?: LayerValue;
};

/** A PPP frame in HDLC-like framing (`ff 03 <protocol>`) around an IPCP, LCP or IP packet. */
export function pppFrame(inner: LayerValue): PppValue & { proto: 'ppp' } {
  return { proto: 'ppp', payload: inner };
}

// IP over PPP (RFC 1332 §1, RFC 5072 §2); IPCP and LCP bind their numbers beside their codecs.
bind('ppp.protocol', 0x0021, 'ip');
bind('ppp.protocol', 0x0057, 'ipv6');

/** The dispatch table for the Information field, for tests and the catalog of bindings. */
export const pppProtocols = (): [number, string][] => table('ppp.protocol').entries();
